// Content updates end to end, on real parts only: `kioskctl pack
// build|sign|publish` into the database of a real `kioskctl serve` on
// 127.0.0.1, and the real kiosk binary (headless, scripted) enrolled to it.
// The kiosk's clock is the script's: `advance 31s` makes the first content
// check due, `wait-content` lets that real network check finish.
#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

#include "pack_support.hpp"
#include "sync_fixture.hpp"

using namespace kiosk;
using namespace kiosk::test;

namespace {

const std::string kPin = "482913";

std::string open_staff() {
    std::string s = "hold staff.corner 3s\nexpect-screen pin\n";
    for (char d : kPin) s += std::string("tap pin.") + d + "\n";
    return s + "tap pin.ok\nexpect-screen staff\n";
}

// The demo's walk through howareyou-short from its first screen after
// consent to the welcome screen again.
std::string walk_to_the_end() {
    std::ifstream in(std::string(KIOSK_SOURCE_DIR) + "/assets/demo/demo.script");
    std::string line, out;
    bool on = false;
    while (std::getline(in, line)) {
        if (line == "tap finish") return out + "tap finish\nexpect-screen welcome\n";
        if (on && line.rfind("screenshot", 0) != 0) out += line + "\n";
        if (line == "tap consent.agree") on = true;
    }
    throw std::runtime_error("demo.script changed: no 'tap finish'");
}

const std::string kStartShort = "tap start\ntap choose.howareyou-short\ntap consent.agree\n";
const std::string kCheckContent = "advance 31s\nwait-content\n";

struct Fleet {
    TempDir dir{"pack-e2e"};
    TestOrg org{dir / "org"};
    ServerProcess server{dir / "endpoint.sqlite"};
    fs::path data = dir / "data";
    fs::path db = dir / "endpoint.sqlite";
    int runs = 0;

    Fleet() {
        server.start();
        org.enroll(db, server.url(), data, "library desk");
        auto pin = run(KIOSK_BIN, {"set-pin", "--data-dir", data.string()}, {}, kPin + "\n");
        if (pin.exit_code != 0) throw std::runtime_error(pin.err);
    }

    RunResult kiosk(const std::string& script) {
        KioskRunOptions o;
        o.data = data;
        o.script_name = "run" + std::to_string(++runs);
        return run_kiosk_script(dir, script + "quit\n", o);
    }

    // The operator's path: kioskctl pack build, sign, publish.
    void publish_with_kioskctl(const fs::path& content, const std::string& version) {
        fs::path p = dir / ("v" + version + ".pack");
        auto b = run(KIOSKCTL_BIN, {"pack", "build", "--content", content.string(), "--version", version, "--out", p.string()});
        INFO(b.err);
        REQUIRE(b.exit_code == 0);
        auto s = run(KIOSKCTL_BIN, {"pack", "sign", "--key", org.dir.string(), p.string()});
        INFO(s.err);
        REQUIRE(s.exit_code == 0);
        auto v = run(KIOSKCTL_BIN, {"pack", "verify", "--org", org.dir.string(), p.string()});
        INFO(v.err);
        REQUIRE(v.exit_code == 0);
        publish_file(p);
    }

    void publish_file(const fs::path& p, bool allow_older = false) {
        std::vector<std::string> args = {"pack", "publish", "--db", db.string(), p.string()};
        if (allow_older) args.push_back("--allow-older");
        auto r = run(KIOSKCTL_BIN, args);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }

    std::string installed() { return pack::dir_version(pack::content_dirs(data).current).value_or("bundled"); }
};

}  // namespace

TEST_CASE("content update: v2 installs between residents then bad packs are refused and rollback works", "[pack]") {
    Fleet f;
    make_content(f.dir / "v1", kV1Intro);
    make_content(f.dir / "v2", kNewIntro);

    // v1 arrives while the kiosk waits on the welcome screen: installed at once.
    f.publish_with_kioskctl(f.dir / "v1", "1");
    {
        auto r = f.kiosk("expect-screen welcome\n" + kCheckContent + open_staff() + "expect-text Inhoud: versie 1\n");
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        CHECK(f.installed() == "1");
    }

    // v2 arrives mid-interview: the resident keeps v1 to the end, the next one gets v2.
    f.publish_with_kioskctl(f.dir / "v2", "2");
    {
        auto r = f.kiosk(kStartShort + "expect-text " + kV1Intro + "\n" + kCheckContent + "expect-text " + kV1Intro +
                         "\n" + open_staff() +
                         "expect-text Inhoud: versie 1\n"
                         "expect-text Nieuwe inhoud (versie 2) komt na deze bewoner.\n"
                         "tap staff.back\n"
                         "expect-text " + kV1Intro + "\n" + walk_to_the_end() + kStartShort +
                         "expect-text " + kNewIntro + "\n");
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        CHECK(r.err.find("installed content pack v2") != std::string::npos);
        CHECK(f.installed() == "2");
        CHECK(pack::dir_version(pack::content_dirs(f.data).previous).value_or("") == "1");
        CHECK(stored_uuids(f.db).size() == 1);  // the resident's answers were sent as usual
    }

    // Each bad pack: refused with its reason on the staff screen, v2 keeps running.
    // The log has it in English; the Dutch staff screen in Dutch (issue 13).
    auto refused = [&](const std::string& reason, const std::string& staff_reads) {
        auto r = f.kiosk(kCheckContent + open_staff() + "expect-text " + staff_reads + "\nexpect-no-text " + reason +
                         "\nexpect-text Inhoud: versie 2\n" + "tap staff.back\n" + kStartShort + "expect-text " + kNewIntro + "\n");
        INFO(r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.err.find(reason) != std::string::npos);
        CHECK(f.installed() == "2");
    };
    {
        // Signed with another organisation's key.
        TestOrg intruder(f.dir / "intruder");
        make_content(f.dir / "v3", kOldIntro);
        write_file(f.dir / "v3.pack", signed_pack_bytes(f.dir / "v3", "3", intruder.dir));
        f.publish_file(f.dir / "v3.pack");
        refused("pack v3 refused: signature does not match the organisation's content key",
                "pakket v3 geweigerd: de handtekening past niet bij de inhoudssleutel van de organisatie");

        // An older version, properly signed.
        write_file(f.dir / "v1-again.pack", signed_pack_bytes(f.dir / "v1", "1", f.org.dir));
        f.publish_file(f.dir / "v1-again.pack", true);
        refused("pack v1 refused: version 1 is older than the installed version 2",
                "pakket v1 geweigerd: versie 1 is ouder dan de geïnstalleerde versie 2");

        // Signed, newer, but the content lint fails: kioskctl will not even build it.
        make_content(f.dir / "v4", kLongIntro);
        auto b = run(KIOSKCTL_BIN, {"pack", "build", "--content", (f.dir / "v4").string(), "--version", "4", "--out",
                                    (f.dir / "v4.pack").string()});
        CHECK(b.exit_code == 1);
        CHECK(b.err.find("howareyou-short.json:intro:") != std::string::npos);
        write_file(f.dir / "v4.pack", signed_pack_bytes(f.dir / "v4", "4", f.org.dir));
        f.publish_file(f.dir / "v4.pack");
        refused("pack v4 refused: content lint: questionnaires/howareyou-short.json:intro:",
                "pakket v4 geweigerd: content lint: questionnaires/howareyou-short.json:intro:");

        // The endpoint's device list shows what each kiosk runs (from its heartbeats).
        auto devices = run(KIOSKCTL_BIN, {"devices", "--db", f.db.string(), "--json"});
        REQUIRE(devices.exit_code == 0);
        CHECK(nlohmann::json::parse(devices.out).at(0).value("content_version", "") == "2");

        // Rollback from the command line (kiosk stopped): v1 comes back.
        auto rb = run(KIOSK_BIN, {"pack", "rollback", "--data-dir", f.data.string()});
        INFO(rb.err);
        REQUIRE(rb.exit_code == 0);
        CHECK(rb.out == "rolled back from pack v2 to pack v1\n");
        CHECK(f.installed() == "1");
        auto r = f.kiosk(kStartShort + "expect-text " + kV1Intro + "\n");
        INFO(r.err);
        CHECK(r.exit_code == 0);

        // And from the staff screen, between residents: back to v2 at once.
        r = f.kiosk(open_staff() + "expect-text Inhoud: versie 1\ntap staff.rollback\nexpect-text Inhoud: versie 2\n" +
                    "tap staff.back\n" + kStartShort + "expect-text " + kNewIntro + "\n");
        INFO(r.err);
        CHECK(r.exit_code == 0);
        CHECK(f.installed() == "2");
    }
}

TEST_CASE("kioskctl pack: clear one-line refusals", "[pack]") {
    TempDir tmp("pack-cli");
    TestOrg org(tmp / "org");
    make_content(tmp / "c");
    const fs::path p = tmp / "c.pack", db = tmp / "endpoint.sqlite";
    auto bad_version = run(KIOSKCTL_BIN, {"pack", "build", "--content", (tmp / "c").string(), "--version", "v2", "--out", p.string()});
    CHECK(bad_version.exit_code == 2);
    CHECK(bad_version.err == "kioskctl pack build: version 'v2' is not a whole number (e.g. 7) or MAJOR.MINOR.PATCH (e.g. 1.4.2)\n");
    REQUIRE(run(KIOSKCTL_BIN, {"pack", "build", "--content", (tmp / "c").string(), "--version", "2", "--out", p.string()}).exit_code == 0);
    auto unsigned_publish = run(KIOSKCTL_BIN, {"pack", "publish", "--db", db.string(), p.string()});
    CHECK(unsigned_publish.exit_code == 1);
    CHECK(unsigned_publish.err == "kioskctl pack publish: pack v2 is not signed (run `kioskctl pack sign` first)\n");
    REQUIRE(run(KIOSKCTL_BIN, {"pack", "sign", "--key", org.dir.string(), p.string()}).exit_code == 0);
    REQUIRE(run(KIOSKCTL_BIN, {"pack", "publish", "--db", db.string(), p.string()}).exit_code == 0);
    auto again = run(KIOSKCTL_BIN, {"pack", "publish", "--db", db.string(), p.string()});
    CHECK(again.exit_code == 1);
    CHECK(again.err.find("pack v2 is not newer than v2 on channel stable") != std::string::npos);
    TestOrg other(tmp / "other");
    auto wrong_org = run(KIOSKCTL_BIN, {"pack", "verify", "--org", other.dir.string(), p.string()});
    CHECK(wrong_org.exit_code == 1);
    // The signature is checked over the raw bytes before anything is parsed, so the refusal names the file.
    CHECK(wrong_org.err == "kioskctl pack verify: pack " + p.string() +
                               " refused: signature does not match the organisation's content key\n");

    // kioskctl lint takes packs too and names the file inside the pack.
    CHECK(run(KIOSKCTL_BIN, {"lint", "--quiet", p.string()}).exit_code == 0);
    make_content(tmp / "long", kLongIntro);
    write_file(tmp / "long.pack", signed_pack_bytes(tmp / "long", "3", org.dir));
    auto lint = run(KIOSKCTL_BIN, {"lint", "--quiet", (tmp / "long.pack").string()});
    CHECK(lint.exit_code == 1);
    CHECK(lint.err.find((tmp / "long.pack").string() + ":questionnaires/howareyou-short.json:intro:") != std::string::npos);
}

TEST_CASE("kiosk --content PACK shows a signed pack and refuses one from another organisation", "[pack]") {
    TempDir tmp("pack-content-flag");
    TestOrg org(tmp / "org");
    TestOrg other(tmp / "other");
    auto bundle = make_enrollment(org.pub, "", "desk", "", "");
    REQUIRE(bundle.ok());
    REQUIRE(apply_bundle(*bundle, tmp / "data").ok());
    make_content(tmp / "c", kNewIntro);
    write_file(tmp / "ours.pack", signed_pack_bytes(tmp / "c", "2", org.dir));
    write_file(tmp / "theirs.pack", signed_pack_bytes(tmp / "c", "2", other.dir));
    const std::string walk = kStartShort + "expect-text " + kNewIntro + "\nquit\n";
    auto kiosk = [&](const std::string& pack_file) {
        KioskRunOptions o;
        o.extra = {"--content", (tmp / pack_file).string()};
        o.script_name = "walk";
        return run_kiosk_script(tmp, walk, o);
    };
    auto ours = kiosk("ours.pack");
    INFO(ours.err);
    CHECK(ours.exit_code == 0);
    auto theirs = kiosk("theirs.pack");
    CHECK(theirs.exit_code == 1);
    CHECK(theirs.err == "kiosk: pack " + (tmp / "theirs.pack").string() +
                           " refused: signature does not match the organisation's content key\n");
    // Nothing was installed either way.
    CHECK_FALSE(fs::exists(pack::content_dirs(tmp / "data").current));
}

TEST_CASE("a pack carries the organisation's wording and settings and a wrong one is refused", "[pack]") {
    TempDir tmp("pack-words");
    TestOrg org(tmp / "org");
    auto bundle = make_enrollment(org.pub, "", "desk", "", "");
    REQUIRE(bundle.ok());
    REQUIRE(apply_bundle(*bundle, tmp / "data").ok());
    make_content(tmp / "c");
    fs::create_directories(tmp / "c" / "translations");
    write_file(tmp / "c" / "translations" / "nl.json",
               R"({"welcome.body": "Welkom bij het Buurtteam Noord. Vul hier een paar vragen in."})");
    write_file(tmp / "c" / "translations" / "en.json",
               R"({"welcome.body": "Welcome to Neighbourhood Team North. Answer a few questions here."})");
    // English first, and the idle question after 60 s instead of 90 s.
    write_file(tmp / "c" / "settings.json", R"({"default_lang": "en", "idle_after_s": 60})");
    write_file(tmp / "good.pack", signed_pack_bytes(tmp / "c", "2", org.dir));
    const std::string walk =
        "expect-text Welcome to Neighbourhood Team North.\ntap lang.nl\nexpect-text Welkom bij het Buurtteam Noord.\n"
        "tap start\nadvance 61s\nexpect-screen still-here\nquit\n";
    auto kiosk = [&](const std::string& pack_file) {
        KioskRunOptions o;
        o.extra = {"--content", (tmp / pack_file).string()};
        o.script_name = "walk";
        return run_kiosk_script(tmp, walk, o);
    };
    auto good = kiosk("good.pack");
    INFO(good.err);
    CHECK(good.exit_code == 0);

    // A key the kiosk does not have, a lost placeholder, an unknown setting:
    // each refused with the file and the key.
    struct Bad {
        std::string file, text, reason;
    };
    for (const Bad& b : {Bad{"translations/nl.json", R"({"welcome.bodyy": "Hallo"})",
                             "translations/nl.json: 'welcome.bodyy' is not a text of the kiosk"},
                         Bad{"translations/nl.json", R"({"question.progress": "Vraag {n}"})",
                             "translations/nl.json: 'question.progress' must keep the placeholders"},
                         Bad{"settings.json", R"({"idle_after_s": 5})",
                             "settings.json: \"idle_after_s\" must be a whole number from 30 to 600"},
                         Bad{"settings.json", R"({"volume": 100})", "settings.json: unknown setting \"volume\""}}) {
        INFO(b.file << " " << b.text);
        make_content(tmp / "bad");
        fs::create_directories(tmp / "bad" / "translations");
        write_file(tmp / "bad" / b.file, b.text);
        write_file(tmp / "bad.pack", signed_pack_bytes(tmp / "bad", "3", org.dir));
        auto r = kiosk("bad.pack");
        CHECK(r.exit_code == 1);
        CHECK(r.err.find(b.reason) != std::string::npos);
        fs::remove_all(tmp / "bad");
    }
}
