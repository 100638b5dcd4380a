// The kiosk app itself on an enrolled device: a resident finishes, the app's
// own sync worker delivers the sealed envelope to the real endpoint, and the
// organisation's export shows the answers.
#include <catch2/catch.hpp>

#include <fstream>

#include "sync_fixture.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::test;

TEST_CASE("the kiosk app sends a finished answer set to the endpoint by itself") {
    TempDir dir("app-e2e");
    TestOrg org(dir / "org");
    ServerProcess server(dir / "endpoint.sqlite");
    server.start();
    org.enroll(dir / "endpoint.sqlite", server.url(), dir / "data", "library desk");

    // The demo walk: the short questionnaire, then back to welcome.
    std::ifstream in(std::string(KIOSK_SOURCE_DIR) + "/assets/demo/demo.script");
    std::string line, script;
    while (std::getline(in, line)) {
        if (line.rfind("screenshot", 0) == 0) continue;
        script += line + "\n";
        if (line == "tap finish") break;
    }
    write_file(dir / "walk.txt", script + "expect-screen welcome\nquit\n");
    auto r = run(KIOSK_BIN, {"--headless", "--data-dir", (dir / "data").string(), "--script", (dir / "walk.txt").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);

    CHECK(stored_uuids(dir / "endpoint.sqlite").size() == 1);
    auto list = run(KIOSKCTL_BIN, {"outbox", "list", "--data-dir", (dir / "data").string()});
    CHECK(list.out.find("queued") == std::string::npos);  // acknowledged, nothing left to send

    auto ex = run(KIOSKCTL_BIN, {"export", "--db", (dir / "endpoint.sqlite").string(), "--key", (dir / "org").string(),
                                 "--out", (dir / "export").string()});
    INFO(ex.err);
    REQUIRE(ex.exit_code == 0);
    std::string ndjson;
    for (const auto& e : fs::directory_iterator(dir / "export"))
        if (e.path().extension() == ".ndjson") ndjson += read_file(e.path());
    REQUIRE_FALSE(ndjson.empty());
    auto resp = nlohmann::json::parse(ndjson.substr(0, ndjson.find('\n')));
    CHECK(resp["resourceType"] == "QuestionnaireResponse");
    CHECK(resp["status"] == "completed");
    CHECK(ndjson.find("howareyou-short") != std::string::npos);
}

TEST_CASE("a revoked kiosk keeps the answers and tells staff why nothing is sent") {
    TempDir dir("app-revoked");
    TestOrg org(dir / "org");
    ServerProcess server(dir / "endpoint.sqlite");
    server.start();
    auto bundle = org.enroll(dir / "endpoint.sqlite", server.url(), dir / "data", "library desk");
    REQUIRE(run(KIOSKCTL_BIN, {"device", "revoke", "--db", (dir / "endpoint.sqlite").string(), bundle.device_id})
                .exit_code == 0);

    // A resident finishes; then staff look at the staff screen.
    std::ifstream in(std::string(KIOSK_SOURCE_DIR) + "/assets/demo/demo.script");
    std::string line, script;
    while (std::getline(in, line)) {
        if (line.rfind("screenshot", 0) == 0) continue;
        script += line + "\n";
        if (line == "tap finish") break;
    }
    script += "hold staff.corner 3s\ntap pin.1\ntap pin.2\ntap pin.3\ntap pin.4\ntap pin.ok\n"
              "expect-screen staff\nwait-text refused this device\nexpect-text 401\nquit\n";
    write_file(dir / "walk.txt", script);
    auto r = run(KIOSK_BIN, {"--headless", "--data-dir", (dir / "data").string(), "--script", (dir / "walk.txt").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);

    // Nothing reached the endpoint, nothing was deleted on the device.
    CHECK(stored_uuids(dir / "endpoint.sqlite").empty());
    auto list = run(KIOSKCTL_BIN, {"outbox", "list", "--data-dir", (dir / "data").string()});
    CHECK(list.out.find("queued") != std::string::npos);
}
