// The command-line parser every binary uses (shared/core/args).
#include <catch2/catch.hpp>

#include "core/args.hpp"

using namespace kiosk;

TEST_CASE("the argument parser refuses unknown flags by name") {
    auto r = parse_args({"--out", "x", "--auto", "file"}, {"--out"}, {"--auto"});
    REQUIRE(r.ok());
    CHECK(r->get("--out") == "x");
    CHECK(r->has("--auto"));
    CHECK(r->positional == std::vector<std::string>{"file"});
    auto bad = parse_args({"--outt", "x"}, {"--out"}, {});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message == "unknown option --outt (see --help)");
    CHECK(parse_args({"--out"}, {"--out"}, {}).error().message == "option --out needs a value");
}
