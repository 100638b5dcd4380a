// A stolen kiosk: after 50 interviews nothing on disk shows an answer, and the
// device's own keys cannot open what it sealed.
#include <catch2/catch.hpp>

#include <sodium.h>

#include "crypto/crypto.hpp"
#include "crypto/envelope.hpp"
#include "outbox_test_util.hpp"

using namespace kiosk;
using kiosk::test::TempDir;

TEST_CASE("stolen device: no marker answer in clear in any file and the device cannot open its envelopes",
          "[outbox][stolen]") {
    TempDir tmp("stolen");
    auto e = test::enroll_fresh(tmp.path());
    SystemClock clock;
    std::vector<std::string> markers;
    std::vector<std::string> uuids;
    auto ob = Outbox::open(e.data_dir, clock);
    REQUIRE(ob.ok());
    for (int i = 0; i < 50; ++i) {
        std::string marker = "ZQXMARKER" + std::to_string(1000 + i) + "schuldenproblemen";
        markers.push_back(marker);
        auto r = (*ob)->finish(test::response_with(marker), test::sample_meta());
        REQUIRE(r.ok());
        REQUIRE(r->durable);
        uuids.push_back(r->uuid);
    }
    // A paused interview too (drafts live in the same database).
    std::string draft_marker = "ZQXDRAFTMARKER-woningnood";
    markers.push_back(draft_marker);
    REQUIRE((*ob)->save_draft("paused-1", test::response_with(draft_marker), test::sample_meta(),
                              clock.wall_ms() + 3'600'000).ok());
    // Some acknowledged (deleted ciphertext must not leave plaintext behind either: it never was plaintext).
    for (int i = 0; i < 10; ++i) {
        auto c = (*ob)->claim_next(clock.wall_ms());
        REQUIRE(c->has_value());
        REQUIRE((*ob)->mark_acknowledged((*c)->uuid).ok());
    }

    auto scan = [&](const char* when) {
        INFO("scanning the data dir " << when);
        std::size_t files = 0;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(e.data_dir))
            if (entry.is_regular_file()) ++files;
        CHECK(files >= 5);  // outbox.sqlite, -wal, -shm, device.json, keys/...
        for (const auto& m : markers) {
            auto hits = test::files_containing(e.data_dir, m);
            INFO("marker " << m);
            CHECK(hits.empty());
        }
        // The marker's distinctive stem in UTF-16 as well, in case anything ever re-encodes text.
        std::string wide;
        for (char c : std::string("ZQXMARKER")) {
            wide += c;
            wide += '\0';
        }
        CHECK(test::files_containing(e.data_dir, wide).empty());
    };
    // While the kiosk is running: the WAL and shm files exist.
    REQUIRE(std::filesystem::exists(e.data_dir / "outbox.sqlite-wal"));
    REQUIRE(std::filesystem::exists(e.data_dir / "outbox.sqlite-shm"));
    scan("while open (with -wal and -shm)");
    ob->reset();
    scan("after close");

    // Everything the device holds: signing key (Ed25519, also usable as X25519), draft key, token.
    auto ob2 = Outbox::open(e.data_dir, clock, Outbox::Mode::DrainOnly);
    REQUIRE(ob2.ok());
    auto store = open_key_store(e.data_dir);
    auto sign_sk = *store->load(kSigningKeyName);
    auto draft_key = *store->load(kDraftKeyName);
    crypto::Bytes curve_pk(crypto_box_PUBLICKEYBYTES);
    crypto::SecureBytes curve_sk(crypto_box_SECRETKEYBYTES);
    REQUIRE(crypto_sign_ed25519_pk_to_curve25519(curve_pk.data(), e.bundle.device_signing_public_key.data()) == 0);
    REQUIRE(crypto_sign_ed25519_sk_to_curve25519(curve_sk.data(), sign_sk.data()) == 0);
    crypto::SecureBytes sign_seed(sign_sk.begin(), sign_sk.begin() + 32);
    int checked = 0;
    for (std::size_t i = 10; i < uuids.size(); ++i) {
        auto env = (*ob2)->envelope_bytes(uuids[i]);
        REQUIRE(env.ok());
        auto parsed = crypto::parse_envelope(*env);
        REQUIRE(parsed.ok());
        const auto& ct = parsed->ciphertext;
        CHECK_FALSE(crypto::open_sealed(ct.data(), ct.size(), curve_pk, curve_sk).ok());
        CHECK_FALSE(crypto::open_sealed(ct.data(), ct.size(), curve_pk, sign_seed).ok());
        CHECK_FALSE(crypto::open_sealed(ct.data(), ct.size(), curve_pk, draft_key).ok());
        CHECK_FALSE(crypto::secretbox_open(ct.data(), ct.size(), draft_key).ok());
        // The test can fail: the org key does open it.
        CHECK(test::open_with_org(e, *env).find(markers[i]) != std::string::npos);
        ++checked;
    }
    CHECK(checked == 40);
}
