// A bounded in-memory cache of synthesised clips, keyed by text + voice +
// rate, that forgets the least recently used clip first.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "speech/pcm.hpp"

namespace kiosk::speech {

// The cache key for a text spoken by a voice (espeak-ng identifier) at a rate.
std::string cache_key(const std::string& voice_identifier, int rate_wpm, const std::string& text);

// Thread-safe. Bounded by the bytes of samples it holds: a clip is about
// 44 KB per second of speech, so 16 MiB holds about six minutes. Evicted clips
// stay alive for whoever still holds their shared_ptr (e.g. while playing).
class PcmCache {
public:
    explicit PcmCache(std::size_t max_bytes);

    // The clip, marked as most recently used; nullptr on a miss.
    std::shared_ptr<const Pcm> get(const std::string& key);
    // Adds or replaces a clip, then evicts the oldest until within the bound.
    // A clip larger than the whole bound is not kept.
    void put(const std::string& key, std::shared_ptr<const Pcm> pcm);
    bool contains(const std::string& key) const;

    std::size_t bytes() const;
    std::size_t size() const;
    std::size_t max_bytes() const { return max_bytes_; }
    void clear();

private:
    using Entry = std::pair<std::string, std::shared_ptr<const Pcm>>;
    static std::size_t cost(const Pcm& pcm);

    const std::size_t max_bytes_;
    mutable std::mutex mu_;
    std::list<Entry> lru_;  // front = most recently used
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
    std::size_t bytes_ = 0;
};

}  // namespace kiosk::speech
