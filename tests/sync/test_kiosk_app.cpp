// The kiosk app itself on an enrolled device: a resident finishes, the app's
// own sync worker delivers the sealed envelope to the real endpoint, and the
// organisation's export shows the answers.
#include <catch2/catch.hpp>

#include <fstream>

#include "sync_fixture.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::test;

namespace {
// The demo script's resident walk (the short questionnaire up to "finish"), without screenshots.
std::string demo_walk() {
    std::ifstream in(std::string(KIOSK_SOURCE_DIR) + "/assets/demo/demo.script");
    std::string line, script;
    while (std::getline(in, line)) {
        if (line.rfind("screenshot", 0) == 0) continue;
        script += line + "\n";
        if (line == "tap finish") break;
    }
    return script;
}
}  // namespace

TEST_CASE("the kiosk app sends a finished answer set to the endpoint by itself") {
    TempDir dir("app-e2e");
    TestOrg org(dir / "org");
    ServerProcess server(dir / "endpoint.sqlite");
    server.start();
    org.enroll(dir / "endpoint.sqlite", server.url(), dir / "data", "library desk");

    // The demo walk: the short questionnaire, then back to welcome.
    const std::string script = demo_walk();
    auto r = run_kiosk_script(dir, script + "expect-screen welcome\nquit\n");
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
    // A real enrollment never opens with the demo PIN (issue 14): staff set one.
    REQUIRE(run(KIOSK_BIN, {"set-pin", "--data-dir", (dir / "data").string()}, {}, "1234\n").exit_code == 0);

    // A resident finishes; then staff look at the staff screen.
    std::string script = demo_walk();
    script += "hold staff.corner 3s\ntap pin.1\ntap pin.2\ntap pin.3\ntap pin.4\ntap pin.ok\n"
              "expect-screen staff\nwait-text weigert dit apparaat\nexpect-text 401\n"
              // Staff on a Dutch kiosk read why in Dutch (issue 13), although the sync layer stored it in English.
              "expect-no-text refused this device\nexpect-no-text Sending is paused\nquit\n";
    auto r = run_kiosk_script(dir, script);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);

    // Nothing reached the endpoint, nothing was deleted on the device.
    CHECK(stored_uuids(dir / "endpoint.sqlite").empty());
    auto list = run(KIOSKCTL_BIN, {"outbox", "list", "--data-dir", (dir / "data").string()});
    CHECK(list.out.find("queued") != std::string::npos);
}

namespace {
RunResult enroll_bundle(const fs::path& db, const std::string& url, const TestOrg& org, const fs::path& out,
                        const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"device", "enroll", "--db", db.string(), "--endpoint", url,
                                     "--org", org.dir.string(), "--out", out.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(KIOSKCTL_BIN, args);
}
}  // namespace

TEST_CASE("re-enrolling with --replaces delivers what the old identity sealed and nothing is stranded") {
    TempDir dir("reenroll");
    const fs::path db = dir / "endpoint.sqlite", dd = dir / "data";
    TestOrg org(dir / "org");
    ServerProcess server(db);
    server.start();
    auto first = org.enroll(db, server.url(), dd, "library desk");
    std::map<std::string, TestAnswer> sent;
    {
        SystemClock clock;
        auto outbox = Outbox::open(dd, clock);
        REQUIRE(outbox.ok());
        sent = fill_outbox(**outbox, 5);
    }

    // A plain new enrollment would strand the five: refused, nothing changed.
    REQUIRE(enroll_bundle(db, server.url(), org, dir / "plain.json").exit_code == 0);
    auto refused = run(KIOSK_BIN, {"enroll", "--data-dir", dd.string(), (dir / "plain.json").string()});
    CHECK(refused.exit_code == 1);
    CHECK(refused.err.find("5 answer set(s) sealed by device " + first.device_id) != std::string::npos);
    CHECK(refused.err.find("--replaces " + first.device_id) != std::string::npos);
    CHECK(read_file(dd / "device.json").find(first.device_id) != std::string::npos);

    // Unknown old id: a clear error.
    auto unknown = enroll_bundle(db, server.url(), org, dir / "x.json", {"--replaces", "kiosk-nope"});
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.err.find("--replaces kiosk-nope: no such device") != std::string::npos);

    // With --replaces: the old identity is revoked, the new one sends the five.
    auto re = enroll_bundle(db, server.url(), org, dir / "re.json", {"--replaces", first.device_id});
    INFO(re.err);
    REQUIRE(re.exit_code == 0);
    CHECK(re.out.find("library desk") != std::string::npos);  // keeps the old name
    auto applied = run(KIOSK_BIN, {"enroll", "--data-dir", dd.string(), (dir / "re.json").string()});
    INFO(applied.err);
    REQUIRE(applied.exit_code == 0);
    CHECK(applied.err.find("5 waiting answer set(s)") != std::string::npos);
    auto once = run(KIOSK_BIN, {"sync", "--data-dir", dd.string(), "--once"});
    INFO(once.err);
    CHECK(once.exit_code == 0);
    auto stored = stored_uuids(db);
    CHECK(stored.size() == 5);
    for (const auto& [uuid, _] : sent) CHECK(std::find(stored.begin(), stored.end(), uuid) != stored.end());
    auto devices = run(KIOSKCTL_BIN, {"devices", "--db", db.string()});
    CHECK(devices.out.find("revoked") != std::string::npos);

    auto ex = run(KIOSKCTL_BIN, {"export", "--db", db.string(), "--key", org.dir.string(), "--out", (dir / "export").string()});
    CHECK(ex.exit_code == 0);
    CHECK(ex.out.find("exported 5 response(s)") != std::string::npos);
}

TEST_CASE("a demo kiosk enrolled for real keeps its demo answers and never sends them") {
    TempDir dir("demo-enroll");
    const fs::path db = dir / "endpoint.sqlite", dd = dir / "data";
    TestOrg org(dir / "org");
    ServerProcess server(db);
    server.start();
    // A walk on the demo device (never enrolled: demo org made on first start).
    const std::string script = demo_walk();
    KioskRunOptions demo;
    demo.data = dd;
    REQUIRE(run_kiosk_script(dir, script + "quit\n", demo).exit_code == 0);

    REQUIRE(enroll_bundle(db, server.url(), org, dir / "real.json").exit_code == 0);
    auto applied = run(KIOSK_BIN, {"enroll", "--data-dir", dd.string(), (dir / "real.json").string()});
    INFO(applied.err);
    REQUIRE(applied.exit_code == 0);
    CHECK(applied.err.find("1 demo answer set(s) are kept but will not be sent") != std::string::npos);
    // The queue is not stuck behind them: the next resident's answers arrive, the demo ones do not.
    REQUIRE(run_kiosk_script(dir, script + "quit\n", demo).exit_code == 0);
    CHECK(stored_uuids(db).size() == 1);
    auto list = run(KIOSKCTL_BIN, {"outbox", "list", "--data-dir", dd.string()});
    CHECK(list.out.find("rejected") != std::string::npos);
}
