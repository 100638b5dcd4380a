// The deployment files in provisioning/deploy/ and the `make run` demo chain:
// what an operator installs on a kiosk and what a new engineer runs first.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace kiosk::test;

namespace {
const fs::path kSource = KIOSK_SOURCE_DIR;
const fs::path kDeploy = kSource / "provisioning" / "deploy";
const fs::path kBuild = fs::path(KIOSK_BIN).parent_path().parent_path();

std::string all_ndjson(const fs::path& dir) {
    std::string s;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".ndjson") s += read_file(e.path());
    return s;
}
}  // namespace

TEST_CASE("systemd-analyze verify passes on the kiosk unit with no warning") {
    const auto unit = kDeploy / "intake-kiosk.service";
    auto r = run("/usr/bin/systemd-analyze", {"verify", unit.string()});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    const std::string text = read_file(unit);
    CHECK(text.find("ExecStart=/usr/bin/cage") != std::string::npos);
    CHECK(text.find("Restart=always") != std::string::npos);
    CHECK(text.find("User=kiosk") != std::string::npos);
}

TEST_CASE("systemd-analyze verify catches a unit whose compositor is missing") {
    // The check above can fail: the same unit pointing at a compositor that is not there.
    TempDir dir("deploy");
    std::string text = read_file(kDeploy / "intake-kiosk.service");
    text.replace(text.find("/usr/bin/cage"), 13, "/usr/bin/no-such-cage");
    write_file(dir / "intake-kiosk.service", text);
    auto r = run("/usr/bin/systemd-analyze", {"verify", (dir / "intake-kiosk.service").string()});
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("no-such-cage") != std::string::npos);
}

TEST_CASE("systemd-analyze verify passes on the endpoint unit, and catches its kioskctl missing") {
    // The unit runs /opt/intake-kiosk/bin/kioskctl; here the built one stands in for it.
    TempDir dir("deploy");
    const std::string text = read_file(kDeploy / "intake-endpoint@.service");
    CHECK(text.find("serve --db ${KIOSK_ENDPOINT_DB} --listen 127.0.0.1:%i") != std::string::npos);
    CHECK(text.find("DynamicUser=yes") != std::string::npos);
    auto with_binary = [&](const std::string& bin) {
        std::string t = text;
        t.replace(t.find("/opt/intake-kiosk/bin/kioskctl"), 30, bin);
        return t;
    };
    write_file(dir / "intake-endpoint@8081.service", with_binary(KIOSKCTL_BIN));
    auto r = run("/usr/bin/systemd-analyze", {"verify", (dir / "intake-endpoint@8081.service").string()});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    write_file(dir / "intake-endpoint@8082.service", with_binary("/usr/bin/no-such-kioskctl"));
    auto bad = run("/usr/bin/systemd-analyze", {"verify", (dir / "intake-endpoint@8082.service").string()});
    CHECK(bad.exit_code != 0);
    CHECK(bad.err.find("no-such-kioskctl") != std::string::npos);
}

TEST_CASE("install.sh into an image tree makes a locked-down user and a kiosk that finds its content") {
    TempDir dir("deploy");
    const fs::path root = dir / "image";
    auto r = run("/bin/bash", {(kDeploy / "install.sh").string(), "--build", kBuild.string(), "--root", root.string()});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);

    const std::string passwd = read_file(root / "etc" / "passwd");
    CHECK(passwd.find("kiosk:x:") != std::string::npos);
    CHECK(passwd.find(":/usr/sbin/nologin") != std::string::npos);
    CHECK(fs::exists(root / "etc/systemd/system/intake-kiosk.service"));
    CHECK(fs::exists(root / "etc/pam.d/intake-kiosk"));
    struct stat st {};
    REQUIRE(::stat((root / "var/lib/intake-kiosk").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);

    // The installed kiosk uses the content installed beside it, not the source tree.
    const fs::path kiosk = root / "opt/intake-kiosk/bin/kiosk";
    auto help = run(kiosk.string(), {"--help"});
    CHECK(help.out.find((root / "opt/intake-kiosk/share/assets").string()) != std::string::npos);
    write_file(dir / "walk.txt", "tap start\nexpect-screen choose\ndump-ui choose.json\nquit\n");
    auto walk = run(kiosk.string(), {"--headless", "--data-dir", (dir / "data").string(), "--script",
                                     (dir / "walk.txt").string(), "--shots-dir", dir.path().string()});
    INFO(walk.err);
    REQUIRE(walk.exit_code == 0);
    auto ui = nlohmann::json::parse(read_file(dir / "choose.json"));
    int choices = 0;
    for (const auto& w : ui["widgets"])
        if (w["id"].get<std::string>().rfind("choose.", 0) == 0) ++choices;
    CHECK(choices >= 5);

    // Wrong use is one clear line.
    auto bad = run("/bin/bash", {(kDeploy / "install.sh").string(), "--build", (dir / "nowhere").string(), "--root",
                                 root.string()});
    CHECK(bad.exit_code != 0);
    CHECK(bad.err.find("not found: build first") != std::string::npos);
}

TEST_CASE("make run's demo chain: demo org then endpoint then enrolled kiosk then export") {
    TempDir dir("deploy");
    auto r = run("/bin/bash", {(kSource / "provisioning/dev/run-demo.sh").string(), kBuild.string()},
                 {"DEMO_PORT=0", "DEMO_DIR=" + (dir / "demo").string(), "DEMO_SHOTS=" + (dir / "shots").string(),
                  "DISPLAY=", "WAYLAND_DISPLAY="});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    // The resident's answers arrived at the local endpoint and the org can read them.
    CHECK(r.out.find("exported 1 response(s)") != std::string::npos);
    const std::string ndjson = all_ndjson(dir / "demo" / "export");
    REQUIRE_FALSE(ndjson.empty());
    auto resp = nlohmann::json::parse(ndjson.substr(0, ndjson.find('\n')));
    CHECK(resp["status"] == "completed");
    // The device shows up with its name and no queue left.
    CHECK(r.out.find("Demo kiosk") != std::string::npos);
    CHECK(fs::exists(dir / "shots" / "01-welcome-nl.png"));
    // It ends with the organisation's report and says where it is.
    CHECK(r.out.find("report of the demo data: " + (dir / "demo" / "report" / "index.html").string()) != std::string::npos);
    CHECK(fs::exists(dir / "demo" / "report" / "report.json"));
    // The endpoint was stopped at the end.
    auto ps = run("/bin/sh", {"-c", "pgrep -f '[s]erve --db " + (dir / "demo" / "endpoint.sqlite").string() + "' || true"});
    CHECK(ps.out.empty());
}
