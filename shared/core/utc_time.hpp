// UTC calendar text for a wall-clock time in Unix milliseconds: the one place
// that turns a time into a date or timestamp (responses, envelopes, the audit
// log, completion records, file names). Callers pass the injected clock's time.
#pragma once

#include <cstdint>
#include <string>

namespace kiosk {

// strftime in UTC, e.g. format_utc(ms, "%Y%m%dT%H%M%SZ"); results up to 63 bytes.
std::string format_utc(std::int64_t wall_ms, const char* strftime_format);
// The day only: "2026-12-01".
std::string utc_day(std::int64_t wall_ms);
// RFC 3339 with milliseconds: "2026-12-01T09:30:00.123Z".
std::string rfc3339_ms(std::int64_t wall_ms);

}  // namespace kiosk
