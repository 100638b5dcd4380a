// Enrollment and staff access: the demo PIN, bundles signed by the org,
// plain HTTP off loopback, control characters, data dir permissions.
#include <sys/stat.h>

#include <chrono>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "device/device.hpp"
#include "device/enrollment.hpp"
#include "enroll/enroll.hpp"
#include "staff/pin.hpp"
#include "sync/transport.hpp"
#include "sync_fixture.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::test;

namespace {

RunResult kioskctl_enroll(const TestOrg& org, const fs::path& db, const std::string& endpoint, const fs::path& out,
                          std::vector<std::string> extra = {}, const std::string& stdin_text = "") {
    std::vector<std::string> args = {"device", "enroll", "--db", db.string(), "--endpoint", endpoint,
                                     "--org", org.dir.string(), "--out", out.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(KIOSKCTL_BIN, args, {}, stdin_text);
}

unsigned mode_of(const fs::path& p) {
    struct stat st{};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("a kiosk enrolled to a real organisation never opens with the demo PIN", "[pin]") {
    TempDir dir("sec-demo-pin");
    TestOrg org(dir / "org");
    const fs::path db = dir / "endpoint.sqlite", data = dir / "data";
    // An image build or a non-interactive install: no PIN given anywhere.
    auto made = kioskctl_enroll(org, db, "https://intake.example.org", dir / "b.json");
    INFO(made.err);
    REQUIRE(made.exit_code == 0);
    CHECK(made.out.find("staff PIN: none") != std::string::npos);
    auto applied = run(KIOSK_BIN, {"enroll", "--data-dir", data.string(), (dir / "b.json").string()});
    INFO(applied.err);
    REQUIRE(applied.exit_code == 0);
    CHECK(applied.err.find("staff access stays locked") != std::string::npos);
    CHECK_FALSE(staff::demo_pin_applies(data));
    CHECK(staff::verify_pin(data, staff::kDemoPin).value() == false);
    CHECK(staff::verify_pin(data, "").value() == false);

    // The kiosk itself: the welcome screen does not claim to be a demo, and
    // 1234 does not open the staff screen.
    KioskRunOptions o;
    o.data = data;
    o.lang = "en";
    auto ui = run_kiosk_script(dir,
               "expect-screen welcome\nexpect-no-text Demo\nhold staff.corner 3s\nexpect-screen pin\n"
               "tap pin.1\ntap pin.2\ntap pin.3\ntap pin.4\ntap pin.ok\nexpect-no-text Close the kiosk\n"
               "expect-screen pin\nquit\n", o);
    INFO(ui.err);
    CHECK(ui.exit_code == 0);

    // A demo data dir still has its demo PIN.
    const fs::path demo = dir / "demo";
    REQUIRE(ensure_demo_enrollment(demo).ok());
    CHECK(staff::demo_pin_applies(demo));
    CHECK(staff::verify_pin(demo, staff::kDemoPin).value() == true);
}

TEST_CASE("a real enrollment carries the staff PIN the admin chose, as an Argon2id hash", "[pin]") {
    TempDir dir("sec-pin-bundle");
    TestOrg org(dir / "org");
    const fs::path db = dir / "endpoint.sqlite", data = dir / "data";
    auto made = kioskctl_enroll(org, db, "https://intake.example.org", dir / "b.json", {"--pin-stdin"}, "73915048\n");
    INFO(made.err);
    REQUIRE(made.exit_code == 0);
    const std::string text = read_file(dir / "b.json");
    CHECK(text.find("73915048") == std::string::npos);
    CHECK(text.find("$argon2id$") != std::string::npos);
    auto b = read_bundle(dir / "b.json");
    REQUIRE(b.ok());
    REQUIRE(enroll_data_dir(data, *b).ok());
    CHECK(staff::verify_pin(data, "73915048").value() == true);
    CHECK(staff::verify_pin(data, staff::kDemoPin).value() == false);
    CHECK(mode_of(data / "staff-pin") == 0600);

    // A bad PIN or hash is refused before anything is registered.
    auto bad = kioskctl_enroll(org, db, "https://intake.example.org", dir / "c.json", {"--pin-stdin"}, "12ab\n");
    CHECK(bad.exit_code != 0);
    CHECK(bad.err.find("digits") != std::string::npos);
    auto bad_hash = kioskctl_enroll(org, db, "https://intake.example.org", dir / "c.json", {"--pin-hash", "$1$x"});
    CHECK(bad_hash.exit_code != 0);
    CHECK_FALSE(fs::exists(dir / "c.json"));
}

TEST_CASE("new PIN hashes cost more than a guess every 121 ms, and the check time is measured", "[pin]") {
    TempDir dir("sec-pin-cost");
    REQUIRE(staff::set_pin(dir.path(), "482913").ok());
    const std::string hash = read_file(dir / "staff-pin");
    // $argon2id$v=19$m=65536,t=4,p=1$...
    auto m = hash.find("m="), t = hash.find(",t=");
    REQUIRE(m != std::string::npos);
    REQUIRE(t != std::string::npos);
    const long mem_kib = std::stol(hash.substr(m + 2, t - m - 2));
    const long ops = std::stol(hash.substr(t + 3));
    CHECK(mem_kib >= 65536);
    CHECK(ops >= 3);
    CHECK(mem_kib * ops >= 2 * 32768 * 3);  // at least twice the old 32 MiB x 3 passes
    const auto t0 = std::chrono::steady_clock::now();
    CHECK(staff::verify_pin(dir.path(), "482913").value() == true);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    WARN("one PIN check (Argon2id m=" << mem_kib << " KiB, t=" << ops << "): " << ms << " ms");
    CHECK(staff::check_pin_format("123456789012").ok());  // long PINs are welcome
}

TEST_CASE("the staff screen's enrollment only takes a bundle signed by the kiosk's own organisation", "[enroll]") {
    TempDir dir("sec-reenroll");
    TestOrg org(dir / "org"), other(dir / "other");
    const fs::path db = dir / "endpoint.sqlite", db2 = dir / "other.sqlite", data = dir / "data";
    REQUIRE(kioskctl_enroll(org, db, "https://intake.example.org", dir / "mine.json").exit_code == 0);
    auto mine = read_bundle(dir / "mine.json");
    REQUIRE(mine.ok());
    REQUIRE(enroll_data_dir(data, *mine).ok());

    // Another organisation's bundle (e.g. typed in with the demo PIN): refused, nothing changed.
    REQUIRE(kioskctl_enroll(other, db2, "https://evil.example.net", dir / "theirs.json").exit_code == 0);
    auto theirs = read_bundle(dir / "theirs.json");
    REQUIRE(theirs.ok());
    auto refused = enroll_data_dir(data, *theirs);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("only takes a bundle signed by that organisation") != std::string::npos);
    CHECK(read_device_config(data)->endpoint == "https://intake.example.org");

    // An unsigned bundle for the same org (made without the org's content key): refused too.
    auto forged = make_enrollment(org.pub, "", "forged", "https://evil.example.net", "");
    REQUIRE(forged.ok());
    CHECK_FALSE(enroll_data_dir(data, *forged).ok());
    // A signature does not survive a changed endpoint.
    auto text = nlohmann::json::parse(read_file(dir / "mine.json"));
    text["endpoint"] = "https://evil.example.net";
    auto tampered = parse_bundle(text.dump(), "tampered");
    REQUIRE(tampered.ok());
    CHECK_FALSE(enroll_data_dir(data, *tampered).ok());

    // A second bundle of the same org: taken.
    REQUIRE(kioskctl_enroll(org, db, "https://intake2.example.org", dir / "mine2.json").exit_code == 0);
    auto mine2 = read_bundle(dir / "mine2.json");
    REQUIRE(mine2.ok());
    REQUIRE(enroll_data_dir(data, *mine2).ok());
    CHECK(read_device_config(data)->endpoint == "https://intake2.example.org");

    // The operator on the machine itself may move it (`kiosk enroll --other-org`).
    auto moved = run(KIOSK_BIN, {"enroll", "--data-dir", data.string(), (dir / "theirs.json").string()});
    CHECK(moved.exit_code == 1);
    moved = run(KIOSK_BIN, {"enroll", "--other-org", "--data-dir", data.string(), (dir / "theirs.json").string()});
    INFO(moved.err);
    CHECK(moved.exit_code == 0);
}

TEST_CASE("plain http to anything but loopback is refused at enrollment and in the transport", "[transport]") {
    TempDir dir("sec-plain-http");
    TestOrg org(dir / "org");
    const fs::path db = dir / "endpoint.sqlite";
    for (const char* url : {"http://intake.example.org", "http://10.0.0.5:8080", "http://127.0.0.1.evil.net",
                            "http://127.0.0.1@evil.net", "http://[::2]:80"}) {
        INFO(url);
        auto r = kioskctl_enroll(org, db, url, dir / "b.json");
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("only allowed to loopback") != std::string::npos);
        CHECK_FALSE(check_endpoint_url(url).ok());
    }
    CHECK_FALSE(fs::exists(dir / "b.json"));
    for (const char* url : {"http://127.0.0.1:8080", "http://localhost", "http://[::1]:9", "http://127.1.2.3",
                            "https://intake.example.org"})
        CHECK(check_endpoint_url(url).ok());

    // A bundle edited to point at plain http elsewhere: `kiosk enroll` refuses it.
    REQUIRE(kioskctl_enroll(org, db, "https://intake.example.org", dir / "ok.json").exit_code == 0);
    auto j = nlohmann::json::parse(read_file(dir / "ok.json"));
    j["endpoint"] = "http://intake.example.org";
    write_file(dir / "plain.json", j.dump());
    auto r = run(KIOSK_BIN, {"enroll", "--data-dir", (dir / "data").string(), (dir / "plain.json").string()});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("only allowed to loopback") != std::string::npos);

    // The transport refuses too (a device.json edited by hand): nothing leaves the machine.
    sync::TransportConfig cfg;
    cfg.endpoint = "http://192.0.2.1:9";
    cfg.token = "secret-token";
    cfg.connect_timeout_ms = 2000;
    auto t0 = std::chrono::steady_clock::now();
    auto resp = sync::http_request(cfg, "GET", "/v1/health");
    REQUIRE_FALSE(resp.ok());
    CHECK(resp.error().message.find("plain http:// is only allowed") != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(1500));  // never tried to connect
}

TEST_CASE("control characters in ids, names and tokens are refused at enrollment", "[enroll]") {
    TempDir dir("sec-ctrl-enroll");
    TestOrg org(dir / "org");
    const fs::path db = dir / "endpoint.sqlite";
    auto r = kioskctl_enroll(org, db, "https://intake.example.org", dir / "b.json", {"--name", "desk\x1b]0;pwned\x07"});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("control characters") != std::string::npos);
    CHECK(r.err.find('\x1b') == std::string::npos);
    r = kioskctl_enroll(org, db, "https://intake.example.org", dir / "b.json", {"--device-id", "kiosk-1\nok  fake"});
    CHECK(r.exit_code == 1);
    REQUIRE(kioskctl_enroll(org, db, "https://intake.example.org", dir / "b.json").exit_code == 0);
    for (const char* field : {"device_id", "token", "name"}) {
        INFO(field);
        auto j = nlohmann::json::parse(read_file(dir / "b.json"));
        j[field] = std::string("x\x1b[2Jy");
        auto parsed = parse_bundle(j.dump(), "edited");
        CHECK_FALSE(parsed.ok());
        if (!parsed.ok()) CHECK(parsed.error().message.find('\x1b') == std::string::npos);
    }
}

TEST_CASE("kiosk enroll makes the data dir private: 0700, device.json and keys 0600", "[enroll]") {
    TempDir dir("sec-perms");
    TestOrg org(dir / "org");
    const fs::path data = dir / "data";
    fs::create_directories(data);
    ::chmod(data.c_str(), 0755);
    REQUIRE(kioskctl_enroll(org, dir / "e.sqlite", "https://intake.example.org", dir / "b.json").exit_code == 0);
    auto r = run(KIOSK_BIN, {"enroll", "--data-dir", data.string(), (dir / "b.json").string()});
    REQUIRE(r.exit_code == 0);
    CHECK(mode_of(data) == 0700);
    CHECK(mode_of(data / "device.json") == 0600);
    CHECK(mode_of(data / "keys") == 0700);
    CHECK(mode_of(data / "logs") == 0700);
    for (auto& e : fs::directory_iterator(data / "keys")) CHECK(mode_of(e.path()) == 0600);
}
