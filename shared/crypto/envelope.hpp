// The envelope: what leaves a kiosk for each answer set. Wire format v1
// (shared with sync and the endpoint; see shared/outbox/README.md):
//   "KENV" | 0x01 | u32be header_len | header JSON | u32be ciphertext_len |
//   ciphertext = crypto_box_seal(sodium_pad(plaintext, 4096), results pk) |
//   64-byte Ed25519 signature (device key) over every byte before it.
// Nothing derived from the answers goes in the header.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "crypto/secure_bytes.hpp"

namespace kiosk::crypto {

inline constexpr const char* kResponseContentType = "application/vnd.intake-kiosk.response+json";
inline constexpr unsigned char kEnvelopeVersion = 1;
inline constexpr std::size_t kSignatureSize = 64;
// Upper bound for a decoded envelope; anything larger is refused unread.
inline constexpr std::size_t kMaxEnvelopeSize = 16 * 1024 * 1024;

struct EnvelopeHeader {
    std::string uuid;          // lowercase RFC 4122 v4
    std::string device_id;
    std::string created_at;    // RFC 3339 UTC, e.g. 2026-11-29T08:30:00.123Z
    std::string content_type = kResponseContentType;
    std::string key_id;        // of the results key the ciphertext is sealed to
};

// An envelope split into its parts (no signature or decryption checked yet).
struct ParsedEnvelope {
    EnvelopeHeader header;
    nlohmann::json header_json;  // the header as sent (may carry keys we do not know)
    Bytes ciphertext;
    Bytes signature;
    std::size_t signed_size = 0;  // bytes covered by the signature
};

// Seals plaintext (padded first) to results_public_key and signs the whole
// envelope with the device's Ed25519 secret key.
Result<Bytes> make_envelope(const EnvelopeHeader& header, const unsigned char* plaintext, std::size_t size,
                            const Bytes& results_public_key, const SecureBytes& device_signing_secret_key);

// Structure only: magic, version, lengths, header JSON and its required keys.
Result<ParsedEnvelope> parse_envelope(const unsigned char* data, std::size_t size);
inline Result<ParsedEnvelope> parse_envelope(const Bytes& b) { return parse_envelope(b.data(), b.size()); }

// Checks the device signature over the envelope bytes.
Status verify_envelope(const Bytes& envelope, const Bytes& device_signing_public_key);

// Parses, checks the signature when a device key is given, checks key_id,
// opens the sealed box and removes the padding. Returns the plaintext JSON bytes.
Result<SecureBytes> open_envelope(const Bytes& envelope, const Bytes& results_public_key,
                                  const SecureBytes& results_secret_key,
                                  const Bytes* device_signing_public_key /* nullptr: do not check */);

// RFC 3339 UTC with milliseconds for a Unix-epoch millisecond time.
std::string rfc3339_utc(long long epoch_ms);
// The reverse, for "YYYY-MM-DDTHH:MM:SS[.fff]Z" (what rfc3339_utc writes).
std::optional<long long> parse_rfc3339_ms(const std::string& text);

// The plaintext names its envelope: seal() writes {"envelope_uuid": U, ...}
// inside the sealed box, so a ciphertext re-signed under another UUID (by
// whoever holds a device key) is caught when it is opened. Plaintexts sealed
// before this field existed carry none and pass. Error: one line.
Status check_bound_uuid(const nlohmann::json& plaintext_doc, const std::string& envelope_uuid);

}  // namespace kiosk::crypto
