// The envelope (shared/crypto/envelope.hpp): what leaves a kiosk for each
// answer set. Real libsodium; every check is one a stolen or tampered
// envelope would meet on the way to the organisation.
#include <catch2/catch.hpp>

#include <string>

#include "crypto/crypto.hpp"
#include "crypto/envelope.hpp"

using namespace kiosk::crypto;

namespace {

struct Keys {
    BoxKeyPair results = box_keypair();
    SignKeyPair device = sign_keypair();
};

EnvelopeHeader header_for(const std::string& key_id) {
    EnvelopeHeader h;
    h.uuid = uuid_v4();
    h.device_id = "dev-test";
    h.created_at = rfc3339_utc(1'764'500'000'000);
    h.key_id = key_id;
    return h;
}

// The id an envelope names its results key by: the first 8 bytes of the key's BLAKE2b hash, hex.
std::string key_id_of(const Bytes& results_public_key) {
    return to_hex(generichash(results_public_key.data(), results_public_key.size()).data(), 8);
}

Bytes seal_text(const Keys& k, const std::string& text) {
    auto env = make_envelope(header_for(key_id_of(k.results.public_key)), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                             k.results.public_key, k.device.secret_key);
    REQUIRE(env);
    return *env;
}

std::string as_text(const SecureBytes& b) { return std::string(b.begin(), b.end()); }

}  // namespace

TEST_CASE("an envelope opens to exactly the answers sealed into it, with the device's signature checked") {
    REQUIRE(init());
    Keys k;
    const std::string answers = R"({"resourceType":"QuestionnaireResponse","item":[{"linkId":"q1"}]})";
    Bytes env = seal_text(k, answers);
    auto opened = open_envelope(env, k.results.public_key, k.results.secret_key, &k.device.public_key);
    REQUIRE(opened);
    CHECK(as_text(*opened) == answers);
    // The answers are not readable in the envelope bytes.
    CHECK(std::string(env.begin(), env.end()).find("QuestionnaireResponse") == std::string::npos);
}

TEST_CASE("changing any single byte of an envelope makes it refused") {
    REQUIRE(init());
    Keys k;
    Bytes env = seal_text(k, "{\"a\":1}");
    // Every byte: magic, version, header, ciphertext and signature.
    for (std::size_t i = 0; i < env.size(); ++i) {
        Bytes bad = env;
        bad[i] ^= 0x01;
        INFO("byte " << i << " of " << env.size());
        CHECK_FALSE(open_envelope(bad, k.results.public_key, k.results.secret_key, &k.device.public_key));
    }
}

TEST_CASE("an envelope signed by another device, or sealed to another organisation, is refused") {
    REQUIRE(init());
    Keys k, other;
    Bytes env = seal_text(k, "{\"a\":1}");
    CHECK_FALSE(open_envelope(env, k.results.public_key, k.results.secret_key, &other.device.public_key));
    CHECK_FALSE(verify_envelope(env, other.device.public_key));
    CHECK(verify_envelope(env, k.device.public_key));
    CHECK_FALSE(open_envelope(env, other.results.public_key, other.results.secret_key, nullptr));
}

TEST_CASE("padding hides how long the answers are") {
    REQUIRE(init());
    Keys k;
    Bytes short_env = seal_text(k, std::string(10, 'x'));
    Bytes long_env = seal_text(k, std::string(3000, 'x'));
    auto a = parse_envelope(short_env), b = parse_envelope(long_env);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->ciphertext.size() == b->ciphertext.size());
}

TEST_CASE("truncated or oversized envelopes are refused before anything is opened") {
    REQUIRE(init());
    Keys k;
    Bytes env = seal_text(k, "{\"a\":1}");
    for (std::size_t cut : {std::size_t{0}, std::size_t{4}, std::size_t{5}, std::size_t{9}, env.size() / 2, env.size() - 1}) {
        Bytes part(env.begin(), env.begin() + static_cast<std::ptrdiff_t>(cut));
        INFO("first " << cut << " bytes");
        CHECK_FALSE(parse_envelope(part));
    }
    Bytes huge(kMaxEnvelopeSize + 1, 0);
    std::copy(env.begin(), env.end(), huge.begin());
    CHECK_FALSE(parse_envelope(huge));
}
