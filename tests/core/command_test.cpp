// The command framework (shared/core/command.hpp): it parses a command's
// declared flags, answers --help and names what is wrong, so the commands
// themselves start at their first real line.
#include <catch2/catch.hpp>

#include <iostream>
#include <sstream>

#include "core/command.hpp"

namespace {

struct Captured {
    int code = 0;
    std::string out, err;
};

Captured run(const kiosk::Command& c, const std::vector<std::string>& args) {
    std::ostringstream out, err;
    auto* old_out = std::cout.rdbuf(out.rdbuf());
    auto* old_err = std::cerr.rdbuf(err.rdbuf());
    Captured r;
    r.code = kiosk::run_command("testtool", c, args);
    std::cout.rdbuf(old_out);
    std::cerr.rdbuf(old_err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

kiosk::Command greet(kiosk::ParsedArgs* seen) {
    return {.name = "greet",
            .usage = "testtool greet --name N [--loud] WHO...",
            .summary = "says hello",
            .value_flags = {"--name"},
            .switch_flags = {"--loud"},
            .help = "Says hello to WHO.\n",
            .body = [seen](const kiosk::ParsedArgs& a) {
                *seen = a;
                return 0;
            }};
}

}  // namespace

TEST_CASE("a command's body gets its declared flags and positional arguments, parsed") {
    kiosk::ParsedArgs seen;
    auto r = run(greet(&seen), {"--name=Ann", "--loud", "you", "me"});
    CHECK(r.code == 0);
    CHECK(seen.get("--name") == std::optional<std::string>("Ann"));
    CHECK(seen.has("--loud"));
    CHECK(seen.positional == std::vector<std::string>{"you", "me"});
}

TEST_CASE("the framework answers --help with the usage line and the help text, without running the body") {
    kiosk::ParsedArgs seen;
    auto r = run(greet(&seen), {"--help"});
    CHECK(r.code == 0);
    CHECK(r.out == "usage: testtool greet --name N [--loud] WHO...\nSays hello to WHO.\n");
    CHECK(r.err.empty());
    CHECK(seen.positional.empty());
}

TEST_CASE("an undeclared flag or a flag without its value is named on stderr with the command, exit 2") {
    kiosk::ParsedArgs seen;
    auto r = run(greet(&seen), {"--nmae", "Ann"});
    CHECK(r.code == 2);
    CHECK(r.err.rfind("testtool greet: ", 0) == 0);
    CHECK(r.err.find("--nmae") != std::string::npos);
    CHECK(r.out.empty());
    r = run(greet(&seen), {"--name"});
    CHECK(r.code == 2);
    CHECK(r.err.find("--name") != std::string::npos);
}

TEST_CASE("a command that reads its own arguments gets them untouched") {
    std::vector<std::string> got;
    kiosk::Command raw{.name = "raw", .usage = "testtool raw ...", .summary = "raw", .run = [&](const std::vector<std::string>& a) {
                           got = a;
                           return 7;
                       }};
    auto r = run(raw, {"--anything", "x"});
    CHECK(r.code == 7);
    CHECK(got == std::vector<std::string>{"--anything", "x"});
}
