// Frame timing for the benchmarks (--stats FILE, --bench-frames N): the
// first frame on the glass, every frame's thread CPU, the longest frame, how
// long a tap takes to show the next screen, and each read-aloud clip. The
// JSON it writes is what tests/bench reads.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace kiosk {

class AudioOut;

// CLOCK_MONOTONIC and this thread's CPU time.
std::int64_t monotonic_ns();
double thread_cpu_ms();

class FrameStats {
public:
    // At the very start of a frame: remembers (and returns) its start.
    std::int64_t begin_frame() {
        frame_start_ns_ = monotonic_ns();
        return frame_start_ns_;
    }
    // When the frame being drawn started (read-aloud measures from it).
    std::int64_t frame_start_ns() const { return frame_start_ns_; }
    // After a frame's work (t0 from begin_frame, cpu0 from thread_cpu_ms),
    // `view_key` naming what it shows (a screen, a question).
    void end_frame(std::int64_t t0, double cpu0, const std::string& view_key);

    // From the frame that handles a tap (or the end of the confirmation
    // delay) to the frame that shows another view than `view_key`.
    void start_tap(const std::string& view_key);
    // From here on: the script's frames, not start-up (fonts).
    void reset_longest() { longest_frame_ms_ = 0; }
    // The extra frames of --bench-frames: their CPU time is recorded.
    void time_frames() { timing_frames_ = true; }

    // One clip handed to the audio output, and one that could not be.
    void speech_played(std::string screen, bool automatic, bool cached) {
        speak_log_.push_back({std::move(screen), automatic, cached});
    }
    void speech_failed() { ++speech_failures_; }

    // The stats JSON (one object, one line) to `path`.
    void write(const std::string& path, const AudioOut& audio) const;

private:
    struct SpeakLog {
        std::string screen;
        bool automatic = false;
        bool cached = false;
    };
    std::int64_t frame_start_ns_ = 0;
    std::int64_t first_frame_ns_ = 0;
    long frames_ = 0;
    bool timing_frames_ = false;
    std::int64_t tap_t0_ns_ = 0;
    int tap_frames_ = 0;
    std::string tap_key_;
    std::vector<std::pair<double, int>> taps_;  // (ms, frames after the handling frame)
    std::vector<double> frame_cpu_ms_;
    double longest_frame_ms_ = 0;
    std::vector<SpeakLog> speak_log_;  // one per clip handed to the audio output, in order
    int speech_failures_ = 0;
};

}  // namespace kiosk
