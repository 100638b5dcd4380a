#include <catch2/catch.hpp>

#include "script/script.hpp"

using namespace kiosk::script;

TEST_CASE("durations parse in ms and s and m and h") {
    CHECK(*parse_duration("30s") == 30'000);
    CHECK(*parse_duration("250ms") == 250);
    CHECK(*parse_duration("2m") == 120'000);
    CHECK(*parse_duration("1h") == 3'600'000);
    CHECK(*parse_duration("1.5s") == 1'500);
    CHECK_FALSE(parse_duration("soon").ok());
    CHECK_FALSE(parse_duration("3 weeks").ok());
}

TEST_CASE("a script parses every command of the CLI contract") {
    auto r = parse("# c\ntap start\ntype Jan de Vries\nkey escape\nadvance 30s\nscreenshot a.png\n"
                   "dump-ui a.json\nexpect-text Welkom\nexpect-no-text Fout\nhold staff.corner 3s\n"
                   "expect-screen welcome\nquit\n",
                   "s.txt");
    REQUIRE(r.ok());
    REQUIRE(r->size() == 11);
    CHECK((*r)[0].verb == Verb::Tap);
    CHECK((*r)[0].line == 2);
    CHECK((*r)[1].target == "Jan de Vries");
    CHECK((*r)[3].duration_ms == 30'000);
    CHECK((*r)[8].target == "staff.corner");
    CHECK((*r)[8].duration_ms == 3'000);
    CHECK((*r)[10].verb == Verb::Quit);
}

TEST_CASE("script errors name the file and line") {
    auto r = parse("tap start\n\nadvance later\n", "demo.txt");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.rfind("demo.txt:3: ", 0) == 0);
    CHECK(parse("hold staff.corner\n", "x").error().message.find("x:1:") == 0);
    CHECK(parse("quit now\n", "x").error().message.find("quit takes no argument") != std::string::npos);
    CHECK(parse("tap\n", "x").error().message.find("tap needs an argument") != std::string::npos);
}
