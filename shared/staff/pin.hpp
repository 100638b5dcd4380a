// The staff PIN: stored only as an Argon2id hash (libsodium crypto_pwhash)
// in <data_dir>/staff-pin. A data dir without one is a demo device whose PIN
// is kDemoPin; the welcome screen says so.
#pragma once

#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace kiosk::staff {

inline constexpr const char* kDemoPin = "1234";

// 4 to 12 digits.
Status check_pin_format(const std::string& pin);

Status set_pin(const std::filesystem::path& data_dir, const std::string& pin);
bool pin_is_set(const std::filesystem::path& data_dir);
bool verify_pin(const std::filesystem::path& data_dir, const std::string& pin);

}  // namespace kiosk::staff
