#include "frame_stats.hpp"

#include <time.h>

#include <algorithm>
#include <fstream>

#include "audio.hpp"

namespace kiosk {

std::int64_t monotonic_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

void FrameStats::end_frame(std::int64_t t0, double cpu0, const std::string& view_key) {
    if (tap_t0_ns_ > 0) {
        ++tap_frames_;
        if (view_key != tap_key_) {  // the next screen (or question) is on the glass
            taps_.push_back({static_cast<double>(monotonic_ns() - tap_t0_ns_) / 1e6, tap_frames_ - 1});
            tap_t0_ns_ = 0;
        } else if (tap_frames_ > 8) {
            tap_t0_ns_ = 0;  // this tap did not change the screen
        }
    }
    double cpu = thread_cpu_ms() - cpu0;
    if (timing_frames_) frame_cpu_ms_.push_back(cpu);
    // Wall time of the longest frame (drawn or only applied): what a frame
    // that waited on disk, crypto or network would show (issue 15 bench).
    longest_frame_ms_ = std::max(longest_frame_ms_, static_cast<double>(monotonic_ns() - t0) / 1e6);
    if (first_frame_ns_ == 0) first_frame_ns_ = monotonic_ns();
    ++frames_;
}

void FrameStats::start_tap(const std::string& view_key) {
    tap_t0_ns_ = monotonic_ns();
    tap_frames_ = 0;
    tap_key_ = view_key;
}

void FrameStats::write(const std::string& path, const AudioOut& audio) const {
    std::ofstream out(path);
    out << "{\"first_frame_monotonic_ns\": " << first_frame_ns_ << ", \"frames\": " << frames_
        << ", \"longest_frame_ms\": " << longest_frame_ms_
        << ", \"frame_cpu_ms\": [";
    for (std::size_t i = 0; i < frame_cpu_ms_.size(); ++i) out << (i ? ", " : "") << frame_cpu_ms_[i];
    out << "], \"taps\": [";
    for (std::size_t i = 0; i < taps_.size(); ++i)
        out << (i ? ", " : "") << "{\"ms\": " << taps_[i].first << ", \"frames\": " << taps_[i].second << "}";
    out << "], \"speech\": [";
    auto recs = audio.records();
    for (std::size_t i = 0; i < speak_log_.size() && i < recs.size(); ++i) {
        const auto& r = recs[i];
        out << (i ? ", " : "") << "{\"screen\": \"" << speak_log_[i].screen << "\", \"auto\": "
            << (speak_log_[i].automatic ? "true" : "false") << ", \"cached\": "
            << (speak_log_[i].cached ? "true" : "false") << ", \"first_sample_ms\": ";
        if (r.first_sample_ns > 0) out << static_cast<double>(r.first_sample_ns - r.requested_ns) / 1e6;
        else out << "null";
        out << ", \"samples\": " << r.samples << ", \"peak_rms\": " << r.peak_rms << "}";
    }
    out << "], \"speech_failures\": " << speech_failures_ << ", \"audio_opens\": " << audio.opens()
        << ", \"audio_open_at_exit\": " << (audio.is_open() ? "true" : "false") << "}\n";
}

}  // namespace kiosk
