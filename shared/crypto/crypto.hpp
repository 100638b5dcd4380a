// Thin wrappers over libsodium for everything the kiosk seals, signs and
// checks: sealed boxes to the org results key, Ed25519 signatures, secretbox
// for drafts, padding, base64/hex, random ids. Secrets travel in SecureBytes.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "crypto/secure_bytes.hpp"

namespace kiosk::crypto {

// sodium_init once (thread safe, cheap after the first call). Returns an
// error only if libsodium cannot initialise (no entropy source).
Status init();

// ---- encodings ----
std::string to_hex(const unsigned char* data, std::size_t size);
inline std::string to_hex(const Bytes& b) { return to_hex(b.data(), b.size()); }
std::string to_base64(const unsigned char* data, std::size_t size, bool url_no_padding = false);
inline std::string to_base64(const Bytes& b) { return to_base64(b.data(), b.size()); }
inline std::string to_base64(const SecureBytes& b) { return to_base64(b.data(), b.size()); }
// Accepts standard base64 with padding, or base64url with or without padding.
Result<Bytes> from_base64(std::string_view text);
Result<SecureBytes> secret_from_base64(std::string_view text);

// ---- randomness ----
SecureBytes random_secret(std::size_t size);
std::string random_hex(std::size_t bytes);
std::string random_token();  // 32 random bytes, base64url without padding
std::string uuid_v4();       // lowercase RFC 4122 version 4

// ---- hashing ----
Bytes generichash(const unsigned char* data, std::size_t size);  // BLAKE2b, 32 bytes
std::string sha256_hex(const unsigned char* data, std::size_t size);

// ---- padding (sodium_pad / sodium_unpad) ----
inline constexpr std::size_t kPadBlock = 4096;
// Copies plaintext into a buffer padded to a multiple of block (always adds >= 1 byte).
SecureBytes pad(const unsigned char* data, std::size_t size, std::size_t block = kPadBlock);
Result<SecureBytes> unpad(SecureBytes padded, std::size_t block = kPadBlock);

// ---- sealed boxes (anonymous sender, X25519 + XSalsa20-Poly1305) ----
struct BoxKeyPair {
    Bytes public_key;        // 32
    SecureBytes secret_key;  // 32
};
BoxKeyPair box_keypair();
Bytes seal(const unsigned char* plaintext, std::size_t size, const Bytes& recipient_public_key);
// Fails cleanly (no partial output) on a wrong key or altered ciphertext.
Result<SecureBytes> open_sealed(const unsigned char* ciphertext, std::size_t size, const Bytes& public_key,
                                const SecureBytes& secret_key);

// ---- Ed25519 signatures ----
struct SignKeyPair {
    Bytes public_key;        // 32
    SecureBytes secret_key;  // 64
};
SignKeyPair sign_keypair();
Bytes sign_detached(const unsigned char* message, std::size_t size, const SecureBytes& secret_key);
bool verify_detached(const unsigned char* signature, const unsigned char* message, std::size_t size,
                     const Bytes& public_key);
// The public half stored inside a libsodium Ed25519 secret key.
Bytes sign_public_from_secret(const SecureBytes& secret_key);

// ---- secretbox (XSalsa20-Poly1305, for drafts) ----
inline constexpr std::size_t kSecretKeySize = 32;
// Returns nonce (24 bytes) || ciphertext.
Bytes secretbox(const unsigned char* plaintext, std::size_t size, const SecureBytes& key);
Result<SecureBytes> secretbox_open(const unsigned char* nonce_and_ciphertext, std::size_t size,
                                   const SecureBytes& key);

}  // namespace kiosk::crypto
