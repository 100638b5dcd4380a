// Dates on the command line: days (YYYY-MM-DD) for --from/--to, and a day or
// an RFC 3339 UTC time for export --since.
#pragma once

#include <ctime>
#include <optional>
#include <string>

#include "core/clock.hpp"

namespace kiosk::report {

inline bool is_day(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9') return false;
    const int m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

// "2026-11-01" (midnight UTC) or "2026-11-01T08:30:00Z" / "...T08:30:00.123Z".
inline std::optional<Millis> parse_since(const std::string& s) {
    if (s.size() < 10 || !is_day(s.substr(0, 10))) return std::nullopt;
    std::tm tm{};
    tm.tm_year = std::stoi(s.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(s.substr(5, 2)) - 1;
    tm.tm_mday = std::stoi(s.substr(8, 2));
    Millis ms = 0;
    if (s.size() > 10) {
        if (s.size() < 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s.back() != 'Z') return std::nullopt;
        try {
            tm.tm_hour = std::stoi(s.substr(11, 2));
            tm.tm_min = std::stoi(s.substr(14, 2));
            tm.tm_sec = std::stoi(s.substr(17, 2));
            if (s.size() > 20 && s[19] == '.') ms = std::stoi(s.substr(20, s.size() - 21));
        } catch (...) {
            return std::nullopt;
        }
    }
    return static_cast<Millis>(timegm(&tm)) * 1000 + ms;
}

}  // namespace kiosk::report
