#include <catch2/catch.hpp>

#include <string>

#include "core/json_text.hpp"

using namespace kiosk;

TEST_CASE("json depth counts brackets outside strings and stops past a limit") {
    CHECK(json_depth("{}") == 1);
    CHECK(json_depth(R"({"a": [1, {"b": [2]}]})") == 4);
    CHECK(json_depth(R"({"a": "[[[[{{{{"})") == 1);         // brackets in a string do not count
    CHECK(json_depth(R"({"a": "\"[[["})") == 1);            // nor after an escaped quote
    const std::string deep(100000, '[');
    CHECK(json_depth(deep, 64) == 65);                        // stops early
    CHECK(json_depth(deep) == 100000);
}

TEST_CASE("a scanned object is whole once its braces close outside strings") {
    CHECK_FALSE(json_object_closed(""));
    CHECK_FALSE(json_object_closed("  [1]"));
    CHECK_FALSE(json_object_closed(R"({"token": "abc)"));
    CHECK_FALSE(json_object_closed(R"({"token": "}"  )"));  // a brace inside a string
    CHECK_FALSE(json_object_closed(R"({"a": {"b": 1})"));
    CHECK(json_object_closed(R"(  {"a": {"b": "}"}})"));
}
