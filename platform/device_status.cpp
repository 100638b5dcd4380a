#include "device_status.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <vector>

namespace kiosk::platform {

namespace fs = std::filesystem;

std::optional<std::uintmax_t> free_bytes(const fs::path& dir) {
    std::error_code ec;
    auto s = fs::space(dir, ec);
    if (ec) return std::nullopt;
    return s.available;
}

namespace {
std::string first_line(const fs::path& p) {
    std::ifstream in(p);
    std::string line;
    std::getline(in, line);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ')) line.pop_back();
    return line;
}
}  // namespace

std::optional<Battery> battery(const fs::path& power_supply_dir) {
#ifdef __linux__
    std::error_code ec;
    std::vector<fs::path> entries;
    for (const auto& e : fs::directory_iterator(power_supply_dir, ec)) entries.push_back(e.path());
    std::sort(entries.begin(), entries.end());
    for (const auto& p : entries) {
        if (first_line(p / "type") != "Battery") continue;
        std::string cap = first_line(p / "capacity");
        if (cap.empty()) continue;
        int pct = 0;
        if (std::sscanf(cap.c_str(), "%d", &pct) != 1) continue;
        Battery b;
        b.percent = std::clamp(pct, 0, 100);
        std::string status = first_line(p / "status");
        b.charging = status == "Charging" || status == "Full";
        return b;
    }
#else
    (void)power_supply_dir;
#endif
    return std::nullopt;
}

std::string human_bytes(std::uintmax_t bytes) {
    char buf[32];
    double b = static_cast<double>(bytes);
    if (b >= 1e9) std::snprintf(buf, sizeof buf, "%.1f GB", b / 1e9);
    else if (b >= 1e6) std::snprintf(buf, sizeof buf, "%.0f MB", b / 1e6);
    else std::snprintf(buf, sizeof buf, "%.0f kB", b / 1e3);
    return buf;
}

}  // namespace kiosk::platform
