// Time is injected: the interview, idle timers and retries read a Clock, so
// tests and scripts move time without sleeping.
#pragma once

#include <chrono>
#include <cstdint>

namespace kiosk {

using Millis = std::int64_t;

class Clock {
public:
    virtual ~Clock() = default;
    // Monotonic milliseconds since an arbitrary start; never goes backwards.
    virtual Millis now_ms() const = 0;
    // Wall-clock milliseconds since the Unix epoch (for "authored" timestamps).
    virtual Millis wall_ms() const = 0;
};

// The real clock.
class SystemClock final : public Clock {
public:
    Millis now_ms() const override;
    Millis wall_ms() const override;
};

// A clock that only moves when told to (scripts' `advance`, tests).
class ManualClock final : public Clock {
public:
    explicit ManualClock(Millis wall_start_ms = 1'780'000'000'000) : wall_start_(wall_start_ms) {}
    Millis now_ms() const override { return now_; }
    Millis wall_ms() const override { return wall_start_ + now_; }
    void advance(Millis ms) { now_ += ms; }

private:
    Millis now_ = 0;
    Millis wall_start_;
};

}  // namespace kiosk
