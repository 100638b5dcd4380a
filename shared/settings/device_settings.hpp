// Defaults staff set for this device (not for one resident): the text size and
// read-aloud a new session starts with, the speech volume and whether sound
// may only go to headphones. Kept in <data_dir>/settings.json (no resident
// data in it); a missing file means the built-in defaults.
#pragma once

#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace kiosk {

struct DeviceSettings {
    int default_text_scale_pct = 100;  // 100, 150 or 200
    bool default_read_aloud = false;   // new sessions start reading aloud
    int volume_pct = 80;               // 0..100, speech output volume
    bool headphones_only = false;      // never play through the device's speaker
    int draft_expiry_days = 7;         // 1..90: a paused interview is kept this long, then
                                       // sealed as incomplete or discarded ("expired_drafts"
                                       // in device.json settings)
    // With headphones_only: part of the name of the output device that is a
    // headset (as the audio layer lists it; the log names them). Speech
    // only plays through a device whose name contains it.
    std::string headphone_device;
    // The CUPS printer the thanks screen prints the take-home result on
    // (shared/print/); "" = CUPS's default destination.
    std::string printer;
};

std::filesystem::path device_settings_path(const std::filesystem::path& data_dir);

// Missing file: defaults. A broken file is an error naming the file and what
// is wrong; callers show it to staff and run on defaults.
Result<DeviceSettings> load_device_settings(const std::filesystem::path& data_dir);
// Writes atomically (0600). Values out of range are clamped first.
Status save_device_settings(const std::filesystem::path& data_dir, const DeviceSettings& settings);

}  // namespace kiosk
