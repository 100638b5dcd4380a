// Where a device keeps its secrets (signing key, draft key, endpoint token).
// KeyStore is the seam: today files with mode 0600 in <data_dir>/keys (0700);
// a TPM- or OS-keystore-backed implementation can replace it without touching
// the outbox or sync code, which only ever ask for a key by name.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "crypto/secure_bytes.hpp"

namespace kiosk {

// Names of the device's secrets.
inline constexpr const char* kSigningKeyName = "device_signing.sk";  // 64-byte Ed25519 secret key
inline constexpr const char* kDraftKeyName = "draft.key";            // 32-byte secretbox key
inline constexpr const char* kTokenName = "endpoint.token";          // bearer token (text)

class KeyStore {
public:
    virtual ~KeyStore() = default;
    // Error names the key and why (missing, unreadable, wrong permissions...).
    virtual Result<crypto::SecureBytes> load(const std::string& name) const = 0;
    // Durable replace (write temp, fsync, rename).
    virtual Status store(const std::string& name, const crypto::SecureBytes& value) = 0;
    virtual bool contains(const std::string& name) const = 0;
    // For messages: "files in /data/keys".
    virtual std::string describe() const = 0;
};

// Linux: one file per key, mode 0600, in keys_dir (created 0700 if missing).
// load() refuses a key file that group or others can read (and says so).
std::unique_ptr<KeyStore> make_file_key_store(const std::filesystem::path& keys_dir);

// The key store of a data dir (<data_dir>/keys).
std::unique_ptr<KeyStore> open_key_store(const std::filesystem::path& data_dir);

}  // namespace kiosk
