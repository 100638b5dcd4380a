// Enrollment: how a device learns which organisation it collects for.
// An org (kioskctl org init) has a results key pair (X25519, private half never
// on a device or the endpoint) and a content key pair (Ed25519, signs content
// packs). An enrollment bundle (JSON, a secret because of its bearer token:
// written 0600) carries the org's public keys, the device's id, endpoint and
// token; `kiosk enroll` applies it to a data dir. Bundle format v2 (the default)
// carries no device key: the device makes its own signing key when the bundle is
// applied and registers the public half with the endpoint (signing_key.hpp).
// Format v1 carried the key pair, made on the admin machine; it still enrolls.
// Format: provisioning/PROTOCOL.md and shared/outbox/README.md.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "crypto/secure_bytes.hpp"

namespace kiosk {

inline constexpr const char* kEnrollmentFormatV1 = "intake-kiosk-enrollment/1";
inline constexpr const char* kEnrollmentFormat = "intake-kiosk-enrollment/2";

// The org's public keys as a device (or the endpoint) knows them.
struct OrgPublicKeys {
    crypto::Bytes results_public_key;  // 32 bytes, X25519 (crypto_box): envelopes are sealed to it
    crypto::Bytes content_public_key;  // 32 bytes, Ed25519: content packs are signed with its pair
    std::string key_id;                // hex of the first 8 bytes of crypto_generichash(results_public_key)
};

// The org's secret keys; only ever read where results are exported or packs signed.
struct OrgSecretKeys {
    OrgPublicKeys pub;
    crypto::SecureBytes results_secret_key;  // 32 bytes
    crypto::SecureBytes content_secret_key;  // 64 bytes (libsodium Ed25519 secret key)
};

struct EnrollmentBundle {
    std::string format = kEnrollmentFormat;  // v1 or v2; see version()
    std::string device_id;
    std::string name;
    std::string endpoint;  // base URL, e.g. http://127.0.0.1:8080 (may be empty: not syncing)
    std::string token;     // bearer token, random 32 bytes base64url (no padding)
    OrgPublicKeys org;
    // v1 only (empty in v2: the device makes its key at enrollment).
    crypto::SecureBytes device_signing_secret_key;  // 64 bytes, Ed25519
    crypto::Bytes device_signing_public_key;        // 32 bytes
    std::string pinned_ca_pem;                      // empty = absent (use the system CA store)
    nlohmann::json settings = nlohmann::json::object();
    // Re-enrollment: the device id this enrollment replaces. The endpoint then
    // accepts envelopes the old identity sealed, uploaded with the new token.
    std::string replaces;
    // The staff PIN as an Argon2id string (crypto_pwhash_str), set by the admin
    // (`kioskctl device enroll --pin-stdin | --pin-hash`). Empty: the device keeps
    // the PIN it has, or has none (staff access locked until `kiosk set-pin`).
    std::string staff_pin_hash;
    // Ed25519 signature by the org content key over the bundle's canonical JSON
    // without this field ("org_signature"). A device enrolled to a real org only
    // takes a new bundle from the staff screen when its own org signed it.
    crypto::Bytes org_signature;
    crypto::Bytes signed_digest;  // BLAKE2b-256 of what the signature covers (set by parse/sign)

    int version() const { return format == kEnrollmentFormatV1 ? 1 : 2; }
};

// Signs the bundle with the org content secret key (64 bytes).
void sign_bundle(EnrollmentBundle& bundle, const crypto::SecureBytes& content_secret_key);
// True when the bundle carries a valid signature by that org content key.
bool bundle_signed_by(const EnrollmentBundle& bundle, const crypto::Bytes& content_public_key);

// Where a device may sync to: https:// anywhere, http:// only to loopback
// (127.0.0.0/8, ::1, localhost). An empty URL (no endpoint) is fine.
Status check_endpoint_url(const std::string& url);
bool is_loopback_http(const std::string& url);

// Device ids, tokens and names end up in terminals and logs: ids and tokens are
// [A-Za-z0-9._~-] (1..128), names have no control characters (1..200).
Status check_device_id(const std::string& id, const std::string& what);
Status check_device_name(const std::string& name, const std::string& what);

// A fresh device identity for the org: id and token; bundle_version 1 also
// makes the device's Ed25519 signing key pair here (v2 leaves that to the device).
// An empty device_id gets a random one ("kiosk-" + 16 hex digits).
Result<EnrollmentBundle> make_enrollment(const OrgPublicKeys& org, std::string device_id, std::string name,
                                         std::string endpoint, std::string pinned_ca_pem, int bundle_version = 2);

// Writes the bundle JSON with mode 0600 (atomically: temp file, fsync, rename).
Status write_bundle(const EnrollmentBundle& bundle, const std::filesystem::path& path);

// Reads and checks a bundle (format v1 or v2, key sizes, key_id matches the
// results key; v1: the signing key pair matches; v2: it carries no device key).
// Errors name the file and the field.
Result<EnrollmentBundle> read_bundle(const std::filesystem::path& path);
// The same from text (a scanned QR code, a paste); `where` names it in errors.
Result<EnrollmentBundle> parse_bundle(const std::string& text, const std::string& where);

// What `kiosk enroll` does: creates the data dir, keys/ (0700) with the signing
// key and token (0600), a draft key if there is none yet, and device.json.
// v2: the signing key pair is made here (kept when the same bundle is applied
// again, so a registered key stays valid); device.json says "signing_key_origin":
// "device" and the sync engine registers it. A bundle that replaces the current
// identity carries that identity's key along when the endpoint never got it.
Status apply_bundle(const EnrollmentBundle& bundle, const std::filesystem::path& data_dir);

// Reads ORGDIR/org.json (falls back to results.pk / content.pk).
Result<OrgPublicKeys> read_org_public_keys(const std::filesystem::path& org_dir);

// Reads ORGDIR/results.sk and content.sk (and checks they match the public keys).
Result<OrgSecretKeys> read_org_secret_keys(const std::filesystem::path& org_dir);

// What `kioskctl org init` does: makes both key pairs and writes results.pk/.sk,
// content.pk/.sk (0600) and org.json. Refuses to overwrite existing keys.
Result<OrgPublicKeys> init_org(const std::filesystem::path& org_dir);

// Human-comparable fingerprint of a public key: hex of crypto_generichash
// (32 bytes) in groups of 4, e.g. "3f2a 9c01 ...".
std::string key_fingerprint(const crypto::Bytes& public_key);

// key_id as defined in the envelope format.
std::string key_id_for(const crypto::Bytes& results_public_key);

}  // namespace kiosk
