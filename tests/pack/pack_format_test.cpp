// The pack format and the device-side checks, on real files and real
// libsodium keys: versions order, a pack is refused for each way it can be
// wrong (one line naming the pack and the reason), and stage / install /
// rollback move whole folders so the running content is never half-replaced.
#include <catch2/catch.hpp>

#include <random>

#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "pack_support.hpp"

using namespace kiosk;
using namespace kiosk::test;

namespace {

struct Org {
    fs::path dir;
    OrgPublicKeys pub;
    explicit Org(const fs::path& d) : dir(d) {
        auto r = init_org(d);
        REQUIRE(r.ok());
        pub = *r;
    }
};

}  // namespace

TEST_CASE("pack versions: whole numbers and MAJOR.MINOR.PATCH order as numbers", "[pack]") {
    auto v = [](const std::string& s) { return *pack::parse_version(s); };
    CHECK(pack::compare_versions(v("10"), v("9")) > 0);
    CHECK(pack::compare_versions(v("2"), v("2.0.0")) == 0);
    CHECK(pack::compare_versions(v("1.10.0"), v("1.9.3")) > 0);
    CHECK(pack::compare_versions(v("1.2.3"), v("1.2.4")) < 0);
    for (const char* bad : {"", "v2", "1.2", "01", "1.2.3.4", "1.-2.3", "2026-11"}) {
        INFO(bad);
        CHECK_FALSE(pack::parse_version(bad).ok());
    }
}

TEST_CASE("pack paths: only content folders and plain names", "[pack]") {
    CHECK(pack::check_path("questionnaires/intake.json").ok());
    CHECK(pack::check_path("icons/money.png").ok());
    CHECK(pack::check_path("settings.json").ok());
    for (const char* bad : {"../x.json", "questionnaires/../../etc.json", "/etc/passwd", "questionnaires/.hidden.json",
                            "fonts/a.ttf", "questionnaires/a/b.json", "icons/a.json", "questionnaires/a b.json"}) {
        INFO(bad);
        CHECK_FALSE(pack::check_path(bad).ok());
    }
}

TEST_CASE("a signed pack verifies and every kind of tampering is refused with one line", "[pack]") {
    TempDir tmp("pack-verify");
    Org org(tmp / "org");
    Org other(tmp / "other-org");
    make_content(tmp / "content");
    const std::string good = signed_pack_bytes(tmp / "content", "3", org.dir);
    auto p = pack::parse(good, "test");
    REQUIRE(p.ok());
    CHECK(p->manifest.version == "3");
    CHECK(p->manifest.org == key_fingerprint(org.pub.content_public_key));
    CHECK(pack::verify(*p, org.pub.content_public_key).ok());

    SECTION("another organisation's key") {
        auto s = pack::verify(*p, other.pub.content_public_key);
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().message == "pack v3 refused: signature does not match the organisation's content key");
        CHECK(s.error().code == ErrorCode::Refused);
    }
    SECTION("signed by another organisation") {
        const std::string theirs = signed_pack_bytes(tmp / "content", "3", other.dir);
        auto s = pack::verify(*pack::parse(theirs, "t"), org.pub.content_public_key);
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().message.find("signature does not match") != std::string::npos);
    }
    SECTION("a file changed after signing") {
        auto q = *p;
        q.files[0].second += " ";
        auto s = pack::verify(q, org.pub.content_public_key);
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().message == "pack v3 refused: " + q.files[0].first + " does not match its hash in the manifest");
        CHECK(s.error().code == ErrorCode::Refused);
    }
    SECTION("the manifest changed after signing (a higher version)") {
        auto j = nlohmann::json::parse(good);
        std::string m = j["manifest"];
        m.replace(m.find("\"version\": \"3\""), 14, "\"version\": \"9\"");
        j["manifest"] = m;
        auto q = pack::parse(j.dump(), "t");
        REQUIRE(q.ok());
        auto s = pack::verify(*q, org.pub.content_public_key);
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().message == "pack v9 refused: signature does not match the organisation's content key");
    }
    SECTION("a file added that the manifest does not list") {
        auto q = *p;
        q.files.emplace_back("questionnaires/extra.json", "{}");
        auto s = pack::verify(q, org.pub.content_public_key);
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().message.find("questionnaires/extra.json is not in the signed manifest") != std::string::npos);
    }
    SECTION("a listed file left out") {
        auto q = *p;
        q.files.pop_back();
        auto s = pack::verify(q, org.pub.content_public_key);
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().message.find("is missing") != std::string::npos);
    }
    SECTION("not signed") {
        auto q = *p;
        q.signature.clear();
        auto s = pack::verify(q, org.pub.content_public_key);
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().message.find("pack v3 refused: it is not signed") == 0);
    }
    SECTION("not a pack at all") {
        const std::string deep = "{\"format\":\"intake-kiosk-pack/1\",\"x\":" + std::string(100000, '[');
        for (const std::string& junk : {std::string(), std::string("{}"), std::string("not json"), deep,
                                        std::string("{\"format\":5}"), std::string("{\"format\":\"intake-kiosk-pack/1\"}"),
                                        std::string("{\"format\":\"intake-kiosk-pack/1\",\"manifest\":\"{\\\"format\\\":[]}\"}")}) {
            auto q = pack::parse(junk, "from /v1/content/stable");
            REQUIRE_FALSE(q.ok());
            CHECK(q.error().message.find("pack from /v1/content/stable refused: ") == 0);
        }
    }
}

TEST_CASE("stage and install: checks first then whole folders swapped and the previous kept", "[pack]") {
    TempDir tmp("pack-install");
    Org org(tmp / "org");
    const fs::path data = tmp / "data";
    make_content(tmp / "v1");
    make_content(tmp / "v2", kNewIntro);
    make_content(tmp / "bad", kLongIntro);
    auto dirs = pack::content_dirs(data);

    auto r = pack::stage_pack(signed_pack_bytes(tmp / "v1", "1", org.dir), "t", org.pub.content_public_key, data);
    INFO(r.message);
    REQUIRE(r.kind == pack::StageResult::Kind::Staged);
    CHECK_FALSE(fs::exists(dirs.current));  // staging never touches what runs
    auto inst = pack::install_staged(data);
    REQUIRE(inst.ok());
    CHECK(inst->value_or("") == "1");
    CHECK(pack::dir_version(dirs.current).value_or("") == "1");

    // The same version again: nothing to do, no complaint.
    r = pack::stage_pack(signed_pack_bytes(tmp / "v1", "1", org.dir), "t", org.pub.content_public_key, data);
    CHECK(r.kind == pack::StageResult::Kind::UpToDate);

    // A pack that fails the content lint never reaches staged/.
    r = pack::stage_pack(signed_pack_bytes(tmp / "bad", "5", org.dir), "t", org.pub.content_public_key, data);
    REQUIRE(r.kind == pack::StageResult::Kind::Refused);
    CHECK(r.message.find("pack v5 refused: content lint: questionnaires/howareyou-short.json:intro:") == 0);
    CHECK_FALSE(fs::exists(dirs.staged));

    r = pack::stage_pack(signed_pack_bytes(tmp / "v2", "2", org.dir), "t", org.pub.content_public_key, data);
    REQUIRE(r.kind == pack::StageResult::Kind::Staged);
    REQUIRE(pack::install_staged(data).ok());
    CHECK(pack::dir_version(dirs.current).value_or("") == "2");
    CHECK(pack::dir_version(dirs.previous).value_or("") == "1");
    CHECK(read_file(dirs.current / "questionnaires/howareyou-short.json").find(kNewIntro) != std::string::npos);

    // Older than installed: refused with both versions named.
    r = pack::stage_pack(signed_pack_bytes(tmp / "v1", "1", org.dir), "t", org.pub.content_public_key, data);
    REQUIRE(r.kind == pack::StageResult::Kind::Refused);
    CHECK(r.message == "pack v1 refused: version 1 is older than the installed version 2");

    // Rollback swaps current and previous; v2 is not fetched back in, v3 is.
    auto rb = pack::rollback(data);
    REQUIRE(rb.ok());
    CHECK(*rb == "rolled back from pack v2 to pack v1");
    CHECK(pack::dir_version(dirs.current).value_or("") == "1");
    CHECK(pack::dir_version(dirs.previous).value_or("") == "2");
    r = pack::stage_pack(signed_pack_bytes(tmp / "v2", "2", org.dir), "t", org.pub.content_public_key, data);
    CHECK(r.kind == pack::StageResult::Kind::Refused);
    CHECK(r.message.find("staff rolled back version 2") != std::string::npos);
    r = pack::stage_pack(signed_pack_bytes(tmp / "v2", "3", org.dir), "t", org.pub.content_public_key, data);
    CHECK(r.kind == pack::StageResult::Kind::Staged);
}

TEST_CASE("an install cut off between its two renames is finished at the next start", "[pack]") {
    TempDir tmp("pack-recover");
    Org org(tmp / "org");
    const fs::path data = tmp / "data";
    make_content(tmp / "c");
    auto dirs = pack::content_dirs(data);
    REQUIRE(pack::stage_pack(signed_pack_bytes(tmp / "c", "1", org.dir), "t", org.pub.content_public_key, data).kind ==
            pack::StageResult::Kind::Staged);
    REQUIRE(pack::install_staged(data).ok());
    REQUIRE(pack::stage_pack(signed_pack_bytes(tmp / "c", "2", org.dir), "t", org.pub.content_public_key, data).kind ==
            pack::StageResult::Kind::Staged);
    // The crash: current already moved to previous, staged not yet renamed.
    fs::rename(dirs.current, dirs.previous);
    fs::create_directories(dirs.root / ".incoming-dead");
    pack::recover(data);
    CHECK(pack::dir_version(dirs.current).value_or("") == "2");
    CHECK(pack::dir_version(dirs.previous).value_or("") == "1");
    CHECK_FALSE(fs::exists(dirs.root / ".incoming-dead"));
}

TEST_CASE("damaged pack files are refused cleanly: truncated or with flipped bytes", "[pack]") {
    TempDir tmp("pack-damage");
    Org org(tmp / "org");
    fs::create_directories(tmp / "c/questionnaires");
    fs::copy(fs::path(KIOSK_SOURCE_DIR) / "assets/questionnaires/howareyou-short.json", tmp / "c/questionnaires");
    const std::string good = signed_pack_bytes(tmp / "c", "2", org.dir);
    REQUIRE(pack::verify(*pack::parse(good, "t"), org.pub.content_public_key).ok());
    std::mt19937 rng(42);
    int refused = 0;
    for (int i = 0; i < 300; ++i) {
        std::string bad = good;
        if (i % 3 == 0) {
            bad.resize(rng() % bad.size());
        } else {
            for (int k = 0; k < 1 + i % 5; ++k) bad[rng() % bad.size()] ^= static_cast<char>(1 + rng() % 255);
        }
        auto p = pack::parse(bad, "t");
        bool ok = p.ok() && pack::verify(*p, org.pub.content_public_key).ok();
        if (!ok) {
            ++refused;
            std::string msg = p.ok() ? pack::verify(*p, org.pub.content_public_key).error().message : p.error().message;
            CHECK(msg.find(" refused: ") != std::string::npos);
            CHECK(msg.find('\n') == std::string::npos);
        } else {
            // A flip that survives must have hit JSON whitespace or escaping only: same content.
            CHECK(p->manifest_text == pack::parse(good, "t")->manifest_text);
        }
    }
    CHECK(refused > 250);
}
