#include "settings/device_settings.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/files.hpp"

namespace kiosk {

namespace {
int clamp_scale(int pct) {
    if (pct >= 200) return 200;
    if (pct >= 150) return 150;
    return 100;
}
}  // namespace

std::filesystem::path device_settings_path(const std::filesystem::path& data_dir) {
    return data_dir / "settings.json";
}

Result<DeviceSettings> load_device_settings(const std::filesystem::path& data_dir) {
    DeviceSettings s;
    const auto path = device_settings_path(data_dir);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return s;
    auto text = read_whole_file(path);
    if (!text) return text.error();
    nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return make_error(path.string() + ": not a JSON object");
    try {
        s.default_text_scale_pct = clamp_scale(j.value("default_text_scale_pct", s.default_text_scale_pct));
        s.default_read_aloud = j.value("default_read_aloud", s.default_read_aloud);
        s.volume_pct = std::clamp(j.value("volume_pct", s.volume_pct), 0, 100);
        s.headphones_only = j.value("headphones_only", s.headphones_only);
        s.draft_expiry_days = std::clamp(j.value("draft_expiry_days", s.draft_expiry_days), 1, 90);
        s.headphone_device = j.value("headphone_device", s.headphone_device);
        s.printer = j.value("printer", s.printer);
    } catch (const nlohmann::json::exception& e) {
        return make_error(path.string() + ": wrong type of value (" + e.what() + ")");
    }
    return s;
}

Status save_device_settings(const std::filesystem::path& data_dir, const DeviceSettings& in) {
    nlohmann::json j = {
        {"default_text_scale_pct", clamp_scale(in.default_text_scale_pct)},
        {"default_read_aloud", in.default_read_aloud},
        {"volume_pct", std::clamp(in.volume_pct, 0, 100)},
        {"headphones_only", in.headphones_only},
        {"draft_expiry_days", std::clamp(in.draft_expiry_days, 1, 90)},
        {"headphone_device", in.headphone_device},
    };
    if (!in.printer.empty()) j["printer"] = in.printer;
    return write_file_atomic(device_settings_path(data_dir), j.dump(2) + "\n", 0600);
}

}  // namespace kiosk
