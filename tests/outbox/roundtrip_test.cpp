// Seal -> store -> load -> verify -> open gives back the same answers; any
// tampering or a wrong key is refused cleanly.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "crypto/envelope.hpp"
#include "outbox_test_util.hpp"

using namespace kiosk;
using kiosk::test::TempDir;

TEST_CASE("a finished response round-trips through the outbox and opens with the org key", "[outbox][roundtrip]") {
    TempDir tmp("rt");
    auto e = test::enroll_fresh(tmp.path());
    ManualClock clock;
    std::string response = test::response_with("Ik voel me vandaag best goed, dank je");
    std::string uuid;
    {
        auto ob = Outbox::open(e.data_dir, clock);
        REQUIRE(ob.ok());
        auto r = (*ob)->finish(response, test::sample_meta());
        REQUIRE(r.ok());
        CHECK(r->durable);
        CHECK(r->fault.empty());
        uuid = r->uuid;
    }
    // Reopen (a restart) and load what is on disk.
    auto ob = Outbox::open(e.data_dir, clock);
    REQUIRE(ob.ok());
    auto bytes = (*ob)->envelope_bytes(uuid);
    REQUIRE(bytes.ok());
    REQUIRE(crypto::verify_envelope(*bytes, e.bundle.device_signing_public_key).ok());

    auto plain = nlohmann::json::parse(test::open_with_org(e, *bytes));
    CHECK(plain["response"] == nlohmann::json::parse(response));
    CHECK(plain["meta"]["questionnaire"] == "howareyou-full");
    CHECK(plain["meta"]["version"] == "1.0.0");
    CHECK(plain["meta"]["variant"] == "full");
    CHECK(plain["meta"]["language"] == "nl");
    CHECK(plain["meta"]["duration_s"] == 312);
    CHECK(plain["meta"]["assisted"] == true);
    CHECK(plain["meta"]["kind"] == "finished");

    auto parsed = crypto::parse_envelope(*bytes);
    REQUIRE(parsed.ok());
    CHECK(parsed->header.uuid == uuid);
    CHECK(parsed->header.device_id == "kiosk-test");
    CHECK(parsed->header.key_id == e.org.pub.key_id);
    CHECK(parsed->header.content_type == crypto::kResponseContentType);
    CHECK(parsed->header.created_at == crypto::rfc3339_utc(clock.wall_ms()));
    CHECK(parsed->header_json.size() == 6);  // v, uuid, device_id, created_at, content_type, key_id: nothing else
}

TEST_CASE("the envelope matches wire format v1 byte for byte", "[outbox][roundtrip]") {
    auto sk = crypto::sign_keypair();
    auto box = crypto::box_keypair();
    crypto::EnvelopeHeader h{crypto::uuid_v4(), "dev-1", "2026-11-29T08:00:00.000Z",
                             crypto::kResponseContentType, key_id_for(box.public_key)};
    std::string text = R"({"response":{},"meta":{}})";
    auto env = crypto::make_envelope(h, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                                     box.public_key, sk.secret_key);
    REQUIRE(env.ok());
    const auto& b = *env;
    CHECK(std::string(b.begin(), b.begin() + 4) == "KENV");
    CHECK(b[4] == 1);
    std::size_t hlen = (std::size_t{b[5]} << 24) | (b[6] << 16) | (b[7] << 8) | b[8];
    auto header = nlohmann::json::parse(std::string(b.begin() + 9, b.begin() + 9 + static_cast<long>(hlen)));
    CHECK(header["v"] == 1);
    CHECK(header["uuid"] == h.uuid);
    std::size_t p = 9 + hlen;
    std::size_t clen = (std::size_t{b[p]} << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3];
    CHECK(clen == 4096 + 48);  // padded to one 4096-byte block + crypto_box_SEALBYTES
    CHECK(b.size() == p + 4 + clen + 64);
    CHECK(crypto::verify_detached(b.data() + b.size() - 64, b.data(), b.size() - 64, sk.public_key));
}

TEST_CASE("padding hides the length of the answers within a 4096-byte bucket", "[outbox][roundtrip]") {
    TempDir tmp("pad");
    auto e = test::enroll_fresh(tmp.path());
    ManualClock clock;
    auto ob = Outbox::open(e.data_dir, clock);
    REQUIRE(ob.ok());
    auto short_one = (*ob)->finish(test::response_with("ja"), test::sample_meta());
    auto long_one = (*ob)->finish(test::response_with(std::string(1500, 'x')), test::sample_meta());
    REQUIRE(short_one.ok());
    REQUIRE(long_one.ok());
    auto a = crypto::parse_envelope(*(*ob)->envelope_bytes(short_one->uuid));
    auto b = crypto::parse_envelope(*(*ob)->envelope_bytes(long_one->uuid));
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->ciphertext.size() == b->ciphertext.size());
}

TEST_CASE("a flipped byte anywhere in header or ciphertext is detected", "[outbox][roundtrip]") {
    TempDir tmp("flip");
    auto e = test::enroll_fresh(tmp.path());
    ManualClock clock;
    auto ob = Outbox::open(e.data_dir, clock);
    REQUIRE(ob.ok());
    auto r = (*ob)->finish(test::response_with("marker"), test::sample_meta());
    REQUIRE(r.ok());
    const auto good = *(*ob)->envelope_bytes(r->uuid);
    auto parsed = crypto::parse_envelope(good);
    REQUIRE(parsed.ok());
    const std::size_t header_start = 9;
    const std::size_t ct_start = parsed->signed_size - parsed->ciphertext.size();

    // Every byte of the header (and the framing before it), and a spread of ciphertext bytes.
    std::vector<std::size_t> positions;
    for (std::size_t i = 0; i < ct_start; ++i) positions.push_back(i);
    for (std::size_t i = ct_start; i < good.size(); i += 97) positions.push_back(i);
    positions.push_back(good.size() - 1);  // last signature byte
    REQUIRE(positions.size() > 100);
    for (std::size_t pos : positions) {
        auto bad = good;
        bad[pos] ^= 0x01;
        // With the device key: signature (or structure) check fails.
        CHECK_FALSE(crypto::verify_envelope(bad, e.bundle.device_signing_public_key).ok());
        auto opened = crypto::open_envelope(bad, e.org.pub.results_public_key, e.org.results_secret_key,
                                            &e.bundle.device_signing_public_key);
        CHECK_FALSE(opened.ok());
        // Without the device key, a flipped ciphertext byte is still caught by the sealed box's MAC.
        if (pos >= ct_start && pos < parsed->signed_size) {
            auto unsigned_open =
                crypto::open_envelope(bad, e.org.pub.results_public_key, e.org.results_secret_key, nullptr);
            CHECK_FALSE(unsigned_open.ok());
        }
    }
    (void)header_start;
    CHECK(crypto::open_envelope(good, e.org.pub.results_public_key, e.org.results_secret_key,
                                &e.bundle.device_signing_public_key).ok());
}

TEST_CASE("a wrong key fails cleanly with a clear message", "[outbox][roundtrip]") {
    TempDir tmp("wrongkey");
    auto e = test::enroll_fresh(tmp.path());
    ManualClock clock;
    auto ob = Outbox::open(e.data_dir, clock);
    REQUIRE(ob.ok());
    auto r = (*ob)->finish(test::response_with("geheim antwoord"), test::sample_meta());
    REQUIRE(r.ok());
    auto env = *(*ob)->envelope_bytes(r->uuid);

    SECTION("another org's results key") {
        auto other = crypto::box_keypair();
        auto opened = crypto::open_envelope(env, other.public_key, other.secret_key, nullptr);
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().message.find("sealed to key " + e.org.pub.key_id) != std::string::npos);
        CHECK(opened.error().code == ErrorCode::Crypto);
        // Even forcing past the key_id check, the box does not open.
        auto parsed = crypto::parse_envelope(env);
        auto forced = crypto::open_sealed(parsed->ciphertext.data(), parsed->ciphertext.size(), other.public_key,
                                          other.secret_key);
        REQUIRE_FALSE(forced.ok());
        CHECK(forced.error().message == "cannot decrypt: wrong results key or altered ciphertext");
        CHECK(forced.error().code == ErrorCode::Crypto);
    }
    SECTION("another device's signing key") {
        auto other = crypto::sign_keypair();
        auto opened = crypto::open_envelope(env, e.org.pub.results_public_key, e.org.results_secret_key,
                                            &other.public_key);
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().message == "envelope " + r->uuid + ": signature does not verify with the device key");
        CHECK(opened.error().code == ErrorCode::Crypto);
    }
    SECTION("garbage and truncated input") {
        crypto::Bytes junk(200, 0x41);
        CHECK(crypto::parse_envelope(junk).error().message == "not an envelope (magic is not KENV)");
        CHECK(crypto::parse_envelope(junk).error().code == ErrorCode::Invalid);
        crypto::Bytes cut(env.begin(), env.begin() + 100);
        CHECK_FALSE(crypto::parse_envelope(cut).ok());
        crypto::Bytes empty;
        CHECK_FALSE(crypto::parse_envelope(empty).ok());
    }
}

TEST_CASE("finish refuses invalid JSON without echoing it", "[outbox][roundtrip]") {
    TempDir tmp("badjson");
    auto e = test::enroll_fresh(tmp.path());
    ManualClock clock;
    auto ob = Outbox::open(e.data_dir, clock);
    REQUIRE(ob.ok());
    auto r = (*ob)->finish("{\"answer\": \"mijn geheim\"", test::sample_meta());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("geheim") == std::string::npos);
    CHECK((*ob)->counts().queued == 0);
}
