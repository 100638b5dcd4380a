#include "speech/pcm.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace kiosk::speech {

double rms(const std::vector<std::int16_t>& samples) {
    if (samples.empty()) return 0.0;
    double sum = 0.0;
    for (std::int16_t s : samples) sum += static_cast<double>(s) * s;
    return std::sqrt(sum / static_cast<double>(samples.size()));
}

PcmStream::PcmStream(std::string lang, std::string text)
    : lang_(std::move(lang)), text_(std::move(text)) {}

std::shared_ptr<PcmStream> PcmStream::completed(std::shared_ptr<const Pcm> pcm) {
    auto s = std::make_shared<PcmStream>(pcm->lang, std::string());
    s->finish(std::move(pcm));
    return s;
}

std::shared_ptr<PcmStream> PcmStream::failed_with(std::string lang, std::string text,
                                                  std::string message) {
    auto s = std::make_shared<PcmStream>(std::move(lang), std::move(text));
    s->fail(std::move(message));
    return s;
}

std::size_t PcmStream::read(std::size_t offset, std::int16_t* out, std::size_t max) const {
    std::lock_guard lock(mu_);
    const std::vector<std::int16_t>& src = done_ ? done_->samples : growing_;
    if (offset >= src.size()) return 0;
    std::size_t n = std::min(max, src.size() - offset);
    std::memcpy(out, src.data() + offset, n * sizeof(std::int16_t));
    return n;
}

std::size_t PcmStream::available() const {
    std::lock_guard lock(mu_);
    return done_ ? done_->samples.size() : growing_.size();
}

bool PcmStream::finished() const {
    std::lock_guard lock(mu_);
    return finished_;
}

bool PcmStream::failed() const {
    std::lock_guard lock(mu_);
    return finished_ && !error_.empty();
}

bool PcmStream::wait_available(std::size_t min_samples, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mu_);
    auto count = [&] { return done_ ? done_->samples.size() : growing_.size(); };
    changed_.wait_for(lock, timeout, [&] { return finished_ || count() >= min_samples; });
    return count() >= min_samples;
}

std::string PcmStream::error() const {
    std::lock_guard lock(mu_);
    return error_;
}

std::shared_ptr<const Pcm> PcmStream::pcm() const {
    std::lock_guard lock(mu_);
    return done_;
}

void PcmStream::append(const std::int16_t* samples, std::size_t count) {
    std::lock_guard lock(mu_);
    if (finished_) return;
    growing_.insert(growing_.end(), samples, samples + count);
    changed_.notify_all();
}

std::shared_ptr<const Pcm> PcmStream::finish(std::string voice, int rate_wpm) {
    auto pcm = std::make_shared<Pcm>();
    pcm->lang = lang_;
    pcm->voice = std::move(voice);
    pcm->rate_wpm = rate_wpm;
    std::lock_guard lock(mu_);
    pcm->samples = std::move(growing_);
    growing_ = {};
    done_ = pcm;
    finished_ = true;
    changed_.notify_all();
    return pcm;
}

void PcmStream::finish(std::shared_ptr<const Pcm> pcm) {
    std::lock_guard lock(mu_);
    growing_ = {};
    done_ = std::move(pcm);
    finished_ = true;
    changed_.notify_all();
}

void PcmStream::fail(std::string message) {
    std::lock_guard lock(mu_);
    growing_ = {};
    error_ = message.empty() ? "speech synthesis failed" : std::move(message);
    finished_ = true;
    changed_.notify_all();
}

}  // namespace kiosk::speech
