// UTC calendar text (shared/core/utc_time): what responses, envelopes, the
// audit log, completion records and moved-aside files are stamped with.
#include <catch2/catch.hpp>

#include "core/utc_time.hpp"

TEST_CASE("a wall-clock time becomes the UTC day, an RFC 3339 stamp with milliseconds, or any strftime text") {
    const std::int64_t t = 1'764'581'405'123;  // 2025-12-01T09:30:05.123Z
    CHECK(kiosk::utc_day(t) == "2025-12-01");
    CHECK(kiosk::rfc3339_ms(t) == "2025-12-01T09:30:05.123Z");
    CHECK(kiosk::rfc3339_ms(t - 123) == "2025-12-01T09:30:05.000Z");
    CHECK(kiosk::format_utc(t, "%Y%m%dT%H%M%SZ") == "20251201T093005Z");
    // Just before midnight UTC is still the same day, whatever the machine's own zone.
    CHECK(kiosk::utc_day(1'764'633'599'999) == "2025-12-01");
    CHECK(kiosk::utc_day(1'764'633'600'000) == "2025-12-02");
}
