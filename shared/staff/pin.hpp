// The staff PIN: stored only as an Argon2id hash (libsodium crypto_pwhash)
// in <data_dir>/staff-pin (0600). Only a demo enrollment (device.json
// "demo": true) without a PIN file accepts kDemoPin; a device enrolled to a
// real organisation without a PIN file accepts no PIN at all (staff access
// is locked until `kiosk set-pin` or a bundle with "staff_pin_hash").
// Anyone who can read the data dir can guess a PIN offline: the cost below
// slows that down, it does not stop it (shared/outbox/README.md, threat model).
#pragma once

#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace kiosk::staff {

inline constexpr const char* kDemoPin = "1234";

// Argon2id cost of new hashes (existing hashes keep their own parameters).
inline constexpr unsigned long long kPinOps = 3;
inline constexpr std::size_t kPinMemBytes = 64u * 1024 * 1024;

// 4 to 12 digits (6 or more recommended; `kiosk set-pin` says so).
Status check_pin_format(const std::string& pin);

// The Argon2id string for a PIN (what a bundle's "staff_pin_hash" holds).
Result<std::string> hash_pin(const std::string& pin);
// "$argon2id$v=19$m=...,t=...,p=...$salt$hash", and nothing else.
bool is_pin_hash(const std::string& hash);

Status set_pin(const std::filesystem::path& data_dir, const std::string& pin);
// Stores an existing Argon2id string (from an enrollment bundle).
Status set_pin_hash(const std::filesystem::path& data_dir, const std::string& hash);
bool pin_is_set(const std::filesystem::path& data_dir);
// True only for a demo enrollment with no PIN of its own: kDemoPin opens it.
bool demo_pin_applies(const std::filesystem::path& data_dir);
// Whether pin opens the staff screen: false for a wrong PIN (and for any PIN
// on a real enrollment without a PIN file). An error, not false, when the PIN
// file exists but cannot be read (Io) or does not hold an Argon2id hash
// (Invalid): a broken file is not a wrong PIN.
Result<bool> verify_pin(const std::filesystem::path& data_dir, const std::string& pin);

}  // namespace kiosk::staff
