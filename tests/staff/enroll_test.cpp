// "Enroll this kiosk" on the staff screen: the bundle arrives as typed text
// (a QR scanner is a keyboard) or a paste, is never shown, and the kiosk then
// syncs to the organisation's endpoint after a restart.
#include <catch2/catch.hpp>

#include "sync_fixture.hpp"
#include "staff_support.hpp"

using namespace kiosk;
using namespace kiosk::test;

TEST_CASE("staff enroll a demo kiosk by scanning the bundle and its next answers reach the endpoint") {
    TempDir dir("staff-enroll");
    const auto data = dir / "data";
    set_staff_pin(data);
    TestOrg org(dir / "org");
    ServerProcess server(dir / "endpoint.sqlite");
    server.start();
    auto made = run(KIOSKCTL_BIN, {"device", "enroll", "--db", (dir / "endpoint.sqlite").string(), "--endpoint",
                                   server.url(), "--org", org.dir.string(), "--out", (dir / "bundle.json").string(),
                                   "--name", "Library desk 2"});
    REQUIRE(made.exit_code == 0);
    // The scanner types the QR code's text: the bundle in one line.
    const auto bundle = nlohmann::json::parse(read_file(dir / "bundle.json"));
    const std::string scanned = bundle.dump();
    const std::string token = bundle["token"];
    const std::string half = scanned.substr(0, scanned.size() / 2);

    // First a wrong code: refused with the reason, nothing changed.
    auto r = run_script(dir, data, "enroll",
                        enter_pin() + "tap staff.enroll\nexpect-screen enroll\n"
                        "type {\"format\": \"something-else\"}\nexpect-text expected\n"
                        // Then the real one, in two halves as a scanner would send it.
                        "type " + half + "\ndump-ui half.json\nexpect-text characters received\n"
                        "type " + scanned.substr(half.size()) + "\nexpect-text Enrolled as Library desk 2\n"
                        "dump-ui done.json\ntap enroll.restart\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // Never on screen: not the token, not the key.
    for (const char* f : {"half.json", "done.json"}) {
        const std::string ui = read_file(dir / f);
        CHECK(ui.find(token) == std::string::npos);
        CHECK(ui.find("device_signing_secret_key") == std::string::npos);
    }
    CHECK(read_file(data / "device.json").find(bundle["device_id"].get<std::string>()) != std::string::npos);
    const std::string audit = read_file(data / "logs" / "audit.log");
    CHECK(audit.find("enroll-refused") != std::string::npos);
    CHECK(audit.find("enrolled") != std::string::npos);
    CHECK(audit.find(token) == std::string::npos);
    CHECK(files_containing(data / "logs", {token}).empty());

    // After the restart the kiosk is the enrolled device: a resident's answers arrive.
    auto walk = run_script(dir, data, "walk",
                           "tap start\ntap choose.howareyou-short\ntap consent.agree\ntap next\ntap next\n" +
                               short_answers(0, 17) + short_ending() + "tap finish\nquit\n");
    INFO(walk.err);
    REQUIRE(walk.exit_code == 0);
    REQUIRE(wait_until([&] { return stored_uuids(dir / "endpoint.sqlite").size() == 1; }, 5000));
}
