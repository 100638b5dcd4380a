#include "core/utc_time.hpp"

#include <cstdio>
#include <ctime>

namespace kiosk {

std::string format_utc(std::int64_t wall_ms, const char* strftime_format) {
    std::time_t secs = static_cast<std::time_t>(wall_ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::size_t n = std::strftime(buf, sizeof buf, strftime_format, &tm);
    return std::string(buf, n);
}

std::string utc_day(std::int64_t wall_ms) { return format_utc(wall_ms, "%Y-%m-%d"); }

std::string rfc3339_ms(std::int64_t wall_ms) {
    char ms[8];
    std::snprintf(ms, sizeof ms, ".%03dZ", static_cast<int>(wall_ms % 1000));
    return format_utc(wall_ms, "%Y-%m-%dT%H:%M:%S") + ms;
}

}  // namespace kiosk
