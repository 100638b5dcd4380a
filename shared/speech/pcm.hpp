// Synthesised speech as audio: finished PCM clips, and a growing stream that
// an audio thread can start playing before synthesis has finished.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::speech {

// espeak-ng always synthesises 16-bit signed mono at this rate.
inline constexpr int kSampleRate = 22050;

// One finished clip: 16-bit signed mono samples (native byte order).
struct Pcm {
    int sample_rate = kSampleRate;
    std::vector<std::int16_t> samples;
    std::string lang;   // language asked for, e.g. "nl"
    std::string voice;  // espeak-ng voice that spoke it, e.g. "Dutch"
    int rate_wpm = 0;   // speaking rate in words per minute

    double duration_s() const {
        return sample_rate > 0 ? static_cast<double>(samples.size()) / sample_rate : 0.0;
    }
};

// Root mean square of the samples (0 for none): "is anything audible?".
double rms(const std::vector<std::int16_t>& samples);

// PCM that grows while the synthesis worker produces it. The worker appends;
// any other thread (the UI, the audio device's callback) reads. Every call holds a
// mutex only for a copy, so it is safe to call from an audio callback.
class PcmStream {
public:
    PcmStream(std::string lang, std::string text);

    // A stream that is already complete (a cache hit).
    static std::shared_ptr<PcmStream> completed(std::shared_ptr<const Pcm> pcm);
    // A stream that failed before producing anything.
    static std::shared_ptr<PcmStream> failed_with(std::string lang, std::string text,
                                                  std::string message);

    // Copies up to max samples starting at sample offset into out and returns
    // how many it copied (0 when nothing new is there yet, or at the end).
    std::size_t read(std::size_t offset, std::int16_t* out, std::size_t max) const;
    // Samples available so far.
    std::size_t available() const;
    // True once every sample is in (check failed() too).
    bool finished() const;
    bool failed() const;
    // Blocks until at least min_samples are available or the stream has
    // finished, at most timeout; returns available() >= min_samples. Not for
    // the UI thread: for tools, tests and benchmarks.
    bool wait_available(std::size_t min_samples, std::chrono::milliseconds timeout) const;
    // The error message when failed(); empty otherwise.
    std::string error() const;
    // The whole clip once finished without error; nullptr before.
    std::shared_ptr<const Pcm> pcm() const;

    const std::string& lang() const { return lang_; }
    const std::string& text() const { return text_; }

    // Producer side (the synthesis worker).
    void append(const std::int16_t* samples, std::size_t count);
    // Moves the samples into a finished Pcm (voice, rate filled in) and returns it.
    std::shared_ptr<const Pcm> finish(std::string voice, int rate_wpm);
    void finish(std::shared_ptr<const Pcm> pcm);
    void fail(std::string message);

private:
    std::string lang_;
    std::string text_;
    mutable std::mutex mu_;
    mutable std::condition_variable changed_;
    std::vector<std::int16_t> growing_;  // while not finished
    std::shared_ptr<const Pcm> done_;    // once finished
    bool finished_ = false;
    std::string error_;
};

}  // namespace kiosk::speech
