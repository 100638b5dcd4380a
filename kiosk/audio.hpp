// Speech playback through SDL2 audio. The device is opened on the first
// clip (at the PCM's own rate, 22050 Hz mono 16-bit; SDL converts to what
// the hardware wants) and stays open; the callback reads the growing
// PcmStream, so a clip starts playing while it is still being synthesised.
//
// No audio device is never fatal: play() returns the reason once, the app
// logs it for staff, and the kiosk runs on silently.
//
// Headphones only: SDL2 cannot tell a headphone jack from a speaker (on most
// hardware both are one ALSA device; jack sensing lives in the mixer, which
// SDL does not expose). What SDL can tell us honestly is the output device
// names and when a device is added or removed. So with headphones_only on,
// we only open a device whose name contains the configured headphone device
// name (e.g. a USB headset's name); without one, nothing plays.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "speech/pcm.hpp"

namespace kiosk {

struct AudioConfig {
    int volume_pct = 80;            // 0..100, linear gain
    bool headphones_only = false;   // only a device matching headphone_device
    std::string headphone_device;   // part of the SDL device name, case-insensitive
};

class AudioOut {
public:
    AudioOut() = default;
    ~AudioOut();
    AudioOut(const AudioOut&) = delete;
    AudioOut& operator=(const AudioOut&) = delete;

    // Takes effect for the next clip (volume at once). A different device
    // choice closes the open device.
    void configure(const AudioConfig& config);

    // Stops whatever plays and starts `stream`. Errors: no audio subsystem or
    // device ("no audio device: ..."), or no headphones (headphones_missing()).
    Status play(std::shared_ptr<speech::PcmStream> stream, std::int64_t requested_ns);
    // Stops at once (the next callback plays silence).
    void stop();
    bool playing() const;
    bool is_open() const { return device_ != 0; }
    // Closes the device (an idle device costs an SDL thread); the next
    // play() opens it again.
    void close();
    // True when headphones_only is on and no matching device is there.
    bool headphones_missing() const { return headphones_missing_; }

    // Looks for the headphone device again (start-up, SDL_AUDIODEVICEADDED
    // / REMOVED): updates headphones_missing().
    void refresh();
    // SDL_AUDIODEVICEREMOVED: if it was ours, close it (the next clip reopens).
    void device_removed(std::uint32_t id);

    // Output device names SDL reports (empty without an audio subsystem).
    std::vector<std::string> device_names();
    // The name of the open device, "" when none.
    std::string open_device_name() const { return device_name_; }
    // How often a device was opened (tests: an idle device is closed).
    int opens() const { return opens_; }

    // For the benchmark and tests: per clip, when it was asked for and when
    // its first sample went to the device (monotonic ns), and how many
    // samples the device took.
    struct ClipRecord {
        std::int64_t requested_ns = 0;
        std::int64_t first_sample_ns = 0;
        std::uint64_t samples = 0;
        double peak_rms = 0;  // loudest 512-sample block handed over
    };
    std::vector<ClipRecord> records() const;

    // Set once by the app: called from the audio thread when a clip ends
    // (to wake a sleeping render loop). Must be thread-safe.
    void set_on_finished(void (*fn)()) { on_finished_ = fn; }

    void callback(std::uint8_t* out, int len);

private:
    Status ensure_open();

    AudioConfig config_;
    std::uint32_t device_ = 0;
    std::string device_name_;
    bool subsystem_ = false;
    bool headphones_missing_ = false;
    int opens_ = 0;
    std::atomic<int> volume_pct_{80};

    mutable std::mutex mu_;  // guards what the callback reads
    std::shared_ptr<speech::PcmStream> stream_;
    std::size_t played_ = 0;
    std::vector<ClipRecord> records_;
    void (*on_finished_)() = nullptr;
};

}  // namespace kiosk
