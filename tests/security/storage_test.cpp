// An outbox that cannot be opened or written: the kiosk stops offering
// questionnaires, tells staff why, and never says "stored safely".
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "staff/pin.hpp"
#include "sync_fixture.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::test;

namespace {

RunResult run_kiosk(const TempDir& dir, const fs::path& data, const std::string& script, const std::string& lang = "en") {
    KioskRunOptions o;
    o.data = data;
    o.lang = lang;
    o.script_name = "s";
    return run_kiosk_script(dir, script, o);
}

bool has_widget(const fs::path& dump, const std::string& id) {
    auto j = nlohmann::json::parse(read_file(dump));
    for (const auto& w : j["widgets"])
        if (w.value("id", "") == id) return true;
    return false;
}

}  // namespace

TEST_CASE("an outbox that cannot be opened stops the questionnaires and tells staff", "[storage]") {
    TempDir dir("sec-outbox-dir");
    TestOrg org(dir / "org");
    const fs::path data = dir / "data";
    org.enroll(dir / "endpoint.sqlite", "https://intake.example.org", data, "desk");
    REQUIRE(staff::set_pin(data, "4711").ok());
    fs::create_directories(data / "outbox.sqlite");  // what the attacker did: not a database

    auto r = run_kiosk(dir, data,
                       "wait-text This kiosk is not working right now\nexpect-screen welcome\ndump-ui welcome.json\n"
                       "expect-no-text stored safely\n"
                       "hold staff.corner 3s\nexpect-screen pin\ntap pin.4\ntap pin.7\ntap pin.1\ntap pin.1\ntap pin.ok\n"
                       "expect-screen staff\nexpect-text This kiosk cannot store answers now\n"
                       "expect-text outbox.sqlite\nquit\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_FALSE(has_widget(dir / "welcome.json", "start"));

    // On a Dutch kiosk staff read the reason in Dutch (issue 13).
    auto nl = run_kiosk(dir, data,
                        "hold staff.corner 3s\nexpect-screen pin\ntap pin.4\ntap pin.7\ntap pin.1\ntap pin.1\ntap pin.ok\n"
                        "expect-screen staff\nexpect-text Deze kiosk kan nu geen antwoorden bewaren\n"
                        "expect-text kan geen antwoorden op schijf schrijven\nexpect-text outbox.sqlite\n"
                        "expect-no-text cannot write answers\nquit\n",
                        "nl");
    INFO(nl.err);
    CHECK(nl.exit_code == 0);
}
