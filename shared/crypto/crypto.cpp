// libsodium wrappers. Every function that can fail on input returns a Result
// whose message says what was wrong; secrets are only held in SecureBytes.
#include "crypto/crypto.hpp"

#include <sodium.h>


namespace kiosk::crypto {

void wipe(void* data, std::size_t size) {
    if (data && size) sodium_memzero(data, size);
}

Status init() {
    static int rc = sodium_init();  // thread-safe static init; sodium_init itself is idempotent
    if (rc < 0) return make_error("libsodium could not initialise (no entropy source?)");
    return ok_status();
}

namespace {
void must_init() {
    // Key generation before init would be a programming error; make it impossible.
    (void)init();
}
}  // namespace

std::string to_hex(const unsigned char* data, std::size_t size) {
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, size);
    out.resize(size * 2);
    return out;
}

std::string to_base64(const unsigned char* data, std::size_t size, bool url_no_padding) {
    int variant = url_no_padding ? sodium_base64_VARIANT_URLSAFE_NO_PADDING : sodium_base64_VARIANT_ORIGINAL;
    std::string out(sodium_base64_ENCODED_LEN(size, variant), '\0');
    sodium_bin2base64(out.data(), out.size(), data, size, variant);
    out.resize(std::char_traits<char>::length(out.c_str()));
    return out;
}

template <typename Buf>
static Result<Buf> decode_base64(std::string_view text) {
    // Accept the two variants we write (and base64url with padding, which some tools emit).
    bool url = text.find_first_of("-_") != std::string_view::npos;
    bool padded = !text.empty() && text.back() == '=';
    int variant = url ? (padded ? sodium_base64_VARIANT_URLSAFE : sodium_base64_VARIANT_URLSAFE_NO_PADDING)
                      : (padded ? sodium_base64_VARIANT_ORIGINAL : sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    Buf out(text.size() / 4 * 3 + 3);
    std::size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end, variant) != 0 ||
        end != text.data() + text.size())
        return make_error("not valid base64");
    out.resize(len);
    return out;
}

Result<Bytes> from_base64(std::string_view text) { return decode_base64<Bytes>(text); }
Result<SecureBytes> secret_from_base64(std::string_view text) { return decode_base64<SecureBytes>(text); }

SecureBytes random_secret(std::size_t size) {
    must_init();
    SecureBytes out(size);
    randombytes_buf(out.data(), size);
    return out;
}

std::string random_hex(std::size_t bytes) {
    auto b = random_secret(bytes);
    return to_hex(b.data(), b.size());
}

std::string random_token() {
    auto b = random_secret(32);
    return to_base64(b.data(), b.size(), true);
}

std::string uuid_v4() {
    must_init();
    unsigned char b[16];
    randombytes_buf(b, sizeof b);
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
    std::string h = to_hex(b, sizeof b);
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" +
           h.substr(20, 12);
}

Bytes generichash(const unsigned char* data, std::size_t size) {
    Bytes out(crypto_generichash_BYTES);
    crypto_generichash(out.data(), out.size(), data, size, nullptr, 0);
    return out;
}

std::string sha256_hex(const unsigned char* data, std::size_t size) {
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, size);
    return to_hex(h, sizeof h);
}

SecureBytes pad(const unsigned char* data, std::size_t size, std::size_t block) {
    SecureBytes out(size + block);
    std::copy(data, data + size, out.begin());
    std::size_t padded = 0;
    sodium_pad(&padded, out.data(), size, block, out.size());  // cannot fail: max is size + block
    out.resize(padded);  // shrinking keeps the same storage (wiped when released)
    return out;
}

Result<SecureBytes> unpad(SecureBytes padded, std::size_t block) {
    std::size_t len = 0;
    if (padded.empty() || sodium_unpad(&len, padded.data(), padded.size(), block) != 0)
        return make_error("bad padding");
    padded.resize(len);
    return padded;
}

BoxKeyPair box_keypair() {
    must_init();
    BoxKeyPair kp{Bytes(crypto_box_PUBLICKEYBYTES), SecureBytes(crypto_box_SECRETKEYBYTES)};
    crypto_box_keypair(kp.public_key.data(), kp.secret_key.data());
    return kp;
}

Bytes seal(const unsigned char* plaintext, std::size_t size, const Bytes& recipient_public_key) {
    must_init();
    Bytes out(size + crypto_box_SEALBYTES);
    crypto_box_seal(out.data(), plaintext, size, recipient_public_key.data());
    return out;
}

Result<SecureBytes> open_sealed(const unsigned char* ciphertext, std::size_t size, const Bytes& public_key,
                                const SecureBytes& secret_key) {
    if (public_key.size() != crypto_box_PUBLICKEYBYTES || secret_key.size() != crypto_box_SECRETKEYBYTES)
        return make_error("results key has the wrong size");
    if (size < crypto_box_SEALBYTES) return make_error("ciphertext too short");
    SecureBytes out(size - crypto_box_SEALBYTES);
    if (crypto_box_seal_open(out.data(), ciphertext, size, public_key.data(), secret_key.data()) != 0)
        return make_error("cannot decrypt: wrong results key or altered ciphertext", ErrorCode::Crypto);
    return out;
}

SignKeyPair sign_keypair() {
    must_init();
    SignKeyPair kp{Bytes(crypto_sign_PUBLICKEYBYTES), SecureBytes(crypto_sign_SECRETKEYBYTES)};
    crypto_sign_keypair(kp.public_key.data(), kp.secret_key.data());
    return kp;
}

Bytes sign_detached(const unsigned char* message, std::size_t size, const SecureBytes& secret_key) {
    Bytes sig(crypto_sign_BYTES);
    crypto_sign_detached(sig.data(), nullptr, message, size, secret_key.data());
    return sig;
}

bool verify_detached(const unsigned char* signature, const unsigned char* message, std::size_t size,
                     const Bytes& public_key) {
    if (public_key.size() != crypto_sign_PUBLICKEYBYTES) return false;
    return crypto_sign_verify_detached(signature, message, size, public_key.data()) == 0;
}

Bytes sign_public_from_secret(const SecureBytes& secret_key) {
    Bytes pk(crypto_sign_PUBLICKEYBYTES);
    if (secret_key.size() == crypto_sign_SECRETKEYBYTES) crypto_sign_ed25519_sk_to_pk(pk.data(), secret_key.data());
    return pk;
}

Bytes secretbox(const unsigned char* plaintext, std::size_t size, const SecureBytes& key) {
    must_init();
    Bytes out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + size);
    randombytes_buf(out.data(), crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(out.data() + crypto_secretbox_NONCEBYTES, plaintext, size, out.data(), key.data());
    return out;
}

Result<SecureBytes> secretbox_open(const unsigned char* data, std::size_t size, const SecureBytes& key) {
    if (key.size() != crypto_secretbox_KEYBYTES) return make_error("draft key has the wrong size");
    if (size < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return make_error("draft too short");
    SecureBytes out(size - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES);
    if (crypto_secretbox_open_easy(out.data(), data + crypto_secretbox_NONCEBYTES,
                                   size - crypto_secretbox_NONCEBYTES, data, key.data()) != 0)
        return make_error("cannot decrypt draft: wrong draft key or altered data", ErrorCode::Crypto);
    return out;
}

}  // namespace kiosk::crypto
