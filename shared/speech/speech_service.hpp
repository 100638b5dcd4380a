// Read-aloud for the kiosk: the UI asks for texts to be spoken and gets audio
// back without ever waiting on synthesis. One worker thread synthesises
// (espeak-ng may only run on one thread at a time, see synth.hpp), texts the
// UI expects to need soon are synthesised ahead, and finished clips are kept
// in a bounded LRU cache keyed by text + voice + rate.
//
// How the UI uses it (all calls return at once; none waits on synthesis):
//   SpeechService speech;                         // at start-up; warms espeak-ng up
//   speech.prefetch("nl", texts_of_next_screen);  // whenever a screen is shown
//   Ticket t = speech.request("nl", text);        // on a tap on the speaker
//   // every frame (or in the audio device callback) until finished():
//   auto s = speech.stream(t);                    // starts filling within ms
//   std::size_t n = s->read(played, buffer, wanted);  played += n;
//   // or, to take the whole clip at once:
//   if (auto pcm = speech.poll(t)) play(**pcm);
// A cached or prefetched text is finished the moment request() returns.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "speech/pcm.hpp"
#include "speech/pcm_cache.hpp"
#include "speech/synth.hpp"

namespace kiosk::speech {

// Names one request; 0 is never issued.
using Ticket = std::uint64_t;

struct SpeechOptions {
    int rate_wpm = kDefaultRateWpm;
    std::size_t cache_bytes = 16u << 20;  // about six minutes of speech
    // A ticket stays answerable for this many newer requests; older tickets
    // are forgotten (poll() then returns nullopt, stream() nullptr).
    std::size_t max_tickets = 256;
    // Load espeak-ng and the nl/en voices on the worker right away.
    bool warm_up = true;
    // ...or only after this long (or the first request, whichever comes
    // first), so the warm-up does not compete with the app's first frame.
    int warm_up_delay_ms = 0;
};

struct SpeechStats {
    std::uint64_t synthesized = 0;  // texts espeak-ng actually synthesised
    std::uint64_t cache_hits = 0;   // requests answered from the cache
    std::uint64_t failures = 0;     // syntheses that failed
    std::size_t cache_bytes = 0;
    std::size_t cache_entries = 0;
    std::size_t queued = 0;         // jobs waiting for the worker
};

class SpeechService {
public:
    explicit SpeechService(SpeechOptions options = {});
    ~SpeechService();  // stops the worker; unfinished streams fail
    SpeechService(const SpeechService&) = delete;
    SpeechService& operator=(const SpeechService&) = delete;

    // Queues texts to be synthesised when the worker has nothing urgent,
    // skipping those already cached or queued.
    void prefetch(const std::string& lang, const std::vector<std::string>& texts);
    // Drops prefetches that have not started (e.g. the resident went back).
    void cancel_prefetch();

    // Asks for a text to be spoken. A cache hit is finished at once; anything
    // else goes to the front of the worker's queue (ahead of prefetches).
    Ticket request(const std::string& lang, const std::string& text);
    // The whole clip once finished; nullopt while pending, after a failure,
    // or for an unknown/forgotten ticket.
    std::optional<std::shared_ptr<const Pcm>> poll(Ticket ticket) const;
    // The growing audio for a ticket, playable from its first chunk; nullptr
    // for an unknown or forgotten ticket.
    std::shared_ptr<PcmStream> stream(Ticket ticket) const;
    // Why a ticket failed (never contains the text); nullopt if it did not.
    std::optional<std::string> error(Ticket ticket) const;

    // True if the text would be answered from the cache right now.
    bool is_cached(const std::string& lang, const std::string& text) const;

    // Speaking rate for later requests and prefetches (clamped to 80..450).
    void set_rate(int rate_wpm);
    int rate() const;

    // Blocks until the worker has nothing left to do, at most timeout.
    // For tools, tests and benchmarks, never the UI thread.
    bool wait_idle(std::chrono::milliseconds timeout) const;

    SpeechStats stats() const;

private:
    struct Job {
        std::string key;
        std::string lang;
        std::string text;
        int rate_wpm = 0;
        std::shared_ptr<PcmStream> stream;
        bool started = false;
    };

    std::string key_for(const std::string& lang, int rate, const std::string& text) const;
    std::shared_ptr<Job> job_for(const std::string& lang, const std::string& text, int rate,
                                 bool urgent);  // requires mu_
    Ticket remember(std::shared_ptr<PcmStream> stream);     // requires mu_
    void run_worker();
    void run_job(Job& job);

    SpeechOptions options_;
    PcmCache cache_;

    mutable std::mutex mu_;
    std::condition_variable work_;
    mutable std::condition_variable idle_;
    std::deque<std::shared_ptr<Job>> urgent_;
    std::deque<std::shared_ptr<Job>> background_;
    std::unordered_map<std::string, std::shared_ptr<Job>> pending_;  // queued or running, by key
    std::map<Ticket, std::shared_ptr<PcmStream>> tickets_;
    Ticket next_ticket_ = 1;
    int rate_wpm_;
    bool busy_ = false;
    bool stop_ = false;
    std::atomic<bool> stopping_{false};  // stop_, readable without mu_ mid-synthesis
    SpeechStats stats_;

    std::thread worker_;  // last: starts after everything above exists
};

}  // namespace kiosk::speech
