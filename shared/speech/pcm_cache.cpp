#include "speech/pcm_cache.hpp"

namespace kiosk::speech {

std::string cache_key(const std::string& voice_identifier, int rate_wpm, const std::string& text) {
    // \x1f (unit separator) cannot appear in a voice identifier or a number,
    // so two different triples never make the same key.
    return voice_identifier + '\x1f' + std::to_string(rate_wpm) + '\x1f' + text;
}

PcmCache::PcmCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

std::size_t PcmCache::cost(const Pcm& pcm) {
    return pcm.samples.size() * sizeof(std::int16_t) + sizeof(Pcm);
}

std::shared_ptr<const Pcm> PcmCache::get(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->second;
}

void PcmCache::put(const std::string& key, std::shared_ptr<const Pcm> pcm) {
    if (!pcm) return;
    std::lock_guard lock(mu_);
    if (auto it = index_.find(key); it != index_.end()) {
        bytes_ -= cost(*it->second->second);
        lru_.erase(it->second);
        index_.erase(it);
    }
    std::size_t c = cost(*pcm);
    if (c > max_bytes_) return;
    lru_.emplace_front(key, std::move(pcm));
    index_[key] = lru_.begin();
    bytes_ += c;
    while (bytes_ > max_bytes_ && !lru_.empty()) {
        bytes_ -= cost(*lru_.back().second);
        index_.erase(lru_.back().first);
        lru_.pop_back();
    }
}

bool PcmCache::contains(const std::string& key) const {
    std::lock_guard lock(mu_);
    return index_.count(key) != 0;
}

std::size_t PcmCache::bytes() const {
    std::lock_guard lock(mu_);
    return bytes_;
}

std::size_t PcmCache::size() const {
    std::lock_guard lock(mu_);
    return lru_.size();
}

void PcmCache::clear() {
    std::lock_guard lock(mu_);
    lru_.clear();
    index_.clear();
    bytes_ = 0;
}

}  // namespace kiosk::speech
