#include "audio.hpp"

#include "i18n/catalog.hpp"

#include <SDL.h>
#include <time.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>

namespace kiosk {

namespace {

std::int64_t now_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

void sdl_callback(void* user, Uint8* out, int len) { static_cast<AudioOut*>(user)->callback(out, len); }

// 23 ms at 22050 Hz: short enough that a tap is heard at once.
constexpr int kBufferSamples = 512;

}  // namespace

AudioOut::~AudioOut() {
    close();
    if (subsystem_) SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

void AudioOut::configure(const AudioConfig& config) {
    bool device_changes = config.headphones_only != config_.headphones_only ||
                          config.headphone_device != config_.headphone_device;
    config_ = config;
    volume_pct_ = std::clamp(config.volume_pct, 0, 100);
    if (device_changes) {
        close();
        headphones_missing_ = false;
    }
}

std::vector<std::string> AudioOut::device_names() {
    std::vector<std::string> names;
    if (!subsystem_) return names;
    int n = SDL_GetNumAudioDevices(0);
    for (int i = 0; i < n; ++i)
        if (const char* name = SDL_GetAudioDeviceName(i, 0)) names.push_back(name);
    return names;
}

void AudioOut::refresh() {
    if (!config_.headphones_only) {
        headphones_missing_ = false;
        return;
    }
    if (!subsystem_ && SDL_InitSubSystem(SDL_INIT_AUDIO) == 0) subsystem_ = true;
    std::string want = lower(config_.headphone_device);
    bool found = false;
    for (const auto& n : device_names())
        if (!want.empty() && lower(n).find(want) != std::string::npos) found = true;
    headphones_missing_ = !found;
    if (!found) close();
}

void AudioOut::device_removed(std::uint32_t id) {
    if (device_ && id == device_) close();
    refresh();
}

Status AudioOut::ensure_open() {
    if (device_) return ok_status();
    if (!subsystem_) {
        if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) return make_error(i18n::said("msg.audio.none", {{"e", SDL_GetError()}}));
        subsystem_ = true;
    }
    const char* name = nullptr;  // the system's default output
    std::string chosen;
    if (config_.headphones_only) {
        std::string want = lower(config_.headphone_device);
        for (const auto& n : device_names())
            if (!want.empty() && lower(n).find(want) != std::string::npos) {
                chosen = n;
                break;
            }
        headphones_missing_ = chosen.empty();
        if (chosen.empty()) {
            std::string names;
            for (const auto& n : device_names()) names += (names.empty() ? "" : ", ") + n;
            if (names.empty()) names = "none";
            return make_error((want.empty() ? std::string("headphones only, but no headphone device is configured")
                                            : "headphones only, and no output device named like '" +
                                                  config_.headphone_device + "' is connected") +
                              " (output devices: " + names + ")");
        }
        name = chosen.c_str();
    }
    SDL_AudioSpec want{}, have{};
    want.freq = speech::kSampleRate;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = kBufferSamples;
    want.callback = sdl_callback;
    want.userdata = this;
    // allowed_changes = 0: SDL converts to the hardware's format and rate.
    device_ = SDL_OpenAudioDevice(name, 0, &want, &have, 0);
    if (!device_) return make_error(i18n::said("msg.audio.none", {{"e", SDL_GetError()}}));
    device_name_ = name ? chosen : (SDL_GetCurrentAudioDriver() ? std::string("default (") + SDL_GetCurrentAudioDriver() + ")" : "default");
    ++opens_;
    SDL_PauseAudioDevice(device_, 0);
    return ok_status();
}

void AudioOut::close() {
    if (!device_) return;
    SDL_CloseAudioDevice(device_);  // waits for the callback to return
    device_ = 0;
    device_name_.clear();
    std::lock_guard<std::mutex> lock(mu_);
    stream_.reset();
}

Status AudioOut::play(std::shared_ptr<speech::PcmStream> stream, std::int64_t requested_ns) {
    stop();
    if (!stream) return make_error("nothing to play");
    if (auto st = ensure_open(); !st) return st;
    std::lock_guard<std::mutex> lock(mu_);
    stream_ = std::move(stream);
    played_ = 0;
    ClipRecord r;
    r.requested_ns = requested_ns;
    records_.push_back(r);
    if (records_.size() > 4096) records_.erase(records_.begin());
    return ok_status();
}

void AudioOut::stop() {
    std::lock_guard<std::mutex> lock(mu_);
    stream_.reset();
    played_ = 0;
}

bool AudioOut::playing() const {
    std::lock_guard<std::mutex> lock(mu_);
    return stream_ != nullptr;
}

std::vector<AudioOut::ClipRecord> AudioOut::records() const {
    std::lock_guard<std::mutex> lock(mu_);
    return records_;
}

void AudioOut::callback(std::uint8_t* out, int len) {
    auto* samples = reinterpret_cast<std::int16_t*>(out);
    std::size_t want = static_cast<std::size_t>(len) / sizeof(std::int16_t);
    std::size_t got = 0;
    bool ended = false;
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (stream_) {
            got = stream_->read(played_, samples, want);
            played_ += got;
            // Volume: a linear gain.
            int vol = volume_pct_.load();
            if (vol < 100)
                for (std::size_t i = 0; i < got; ++i) samples[i] = static_cast<std::int16_t>(samples[i] * vol / 100);
            if (got > 0 && !records_.empty()) {
                ClipRecord& r = records_.back();
                if (r.first_sample_ns == 0) r.first_sample_ns = now_ns();
                r.samples += got;
                double sum = 0;
                for (std::size_t i = 0; i < got; ++i) sum += static_cast<double>(samples[i]) * samples[i];
                r.peak_rms = std::max(r.peak_rms, std::sqrt(sum / static_cast<double>(got)));
            }
            if (got == 0 && (stream_->finished() || stream_->failed())) {
                stream_.reset();
                ended = true;
            }
        }
    }
    std::memset(samples + got, 0, (want - got) * sizeof(std::int16_t));
    if (ended && on_finished_) on_finished_();
}

}  // namespace kiosk
