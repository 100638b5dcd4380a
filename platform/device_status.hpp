// What the staff screen reports about the device itself: free disk space of
// the data dir and the battery, where the platform tells us.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace kiosk::platform {

// Bytes available to us on the file system holding `dir`; nullopt if unknown.
std::optional<std::uintmax_t> free_bytes(const std::filesystem::path& dir);

struct Battery {
    int percent = 0;
    bool charging = false;
};
// The first battery under `power_supply_dir` (Linux: /sys/class/power_supply,
// entries whose `type` is "Battery" and that have `capacity`); nullopt when
// the platform reports none (a mains-powered kiosk, or not Linux).
std::optional<Battery> battery(const std::filesystem::path& power_supply_dir = "/sys/class/power_supply");

// "12.3 GB", "850 MB" (decimal units, as shown to staff).
std::string human_bytes(std::uintmax_t bytes);

}  // namespace kiosk::platform
