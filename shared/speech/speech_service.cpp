// One worker thread owns espeak-ng. The UI thread only touches the queues,
// the ticket map and the cache under short locks, so a request costs
// microseconds whatever the worker is doing. Jobs are shared by key: a
// request for a text that is already queued as a prefetch (or being
// synthesised) gets that job's stream and moves it to the front.
#include "speech/speech_service.hpp"

#include <algorithm>
#include <chrono>

namespace kiosk::speech {
namespace {

std::string trim(const std::string& s) {
    auto is_space = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    std::size_t b = 0, e = s.size();
    while (b < e && is_space(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && is_space(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

}  // namespace

SpeechService::SpeechService(SpeechOptions options)
    : options_(options),
      cache_(options.cache_bytes),
      rate_wpm_(std::clamp(options.rate_wpm, kMinRateWpm, kMaxRateWpm)),
      busy_(options.warm_up) {  // so wait_idle() also waits for the warm-up
    worker_ = std::thread([this] { run_worker(); });
}

SpeechService::~SpeechService() {
    {
        std::lock_guard lock(mu_);
        stop_ = true;
        stopping_ = true;
    }
    work_.notify_all();
    if (worker_.joinable()) worker_.join();
    for (auto& [key, job] : pending_)
        if (!job->stream->finished()) job->stream->fail("speech service stopped");
}

// The voice for a language is fixed for the life of the process (see
// voice_for), so the normalised language stands for the voice in the key and
// the UI thread never needs espeak-ng's lock to build one.
std::string SpeechService::key_for(const std::string& lang, int rate, const std::string& text) const {
    return cache_key(normalise_lang(lang), rate, text);
}

std::shared_ptr<SpeechService::Job> SpeechService::job_for(const std::string& lang,
                                                           const std::string& text, int rate,
                                                           bool urgent) {
    std::string key = key_for(lang, rate, text);
    if (auto it = pending_.find(key); it != pending_.end()) {
        auto job = it->second;
        // Promote a waiting prefetch; the worker skips the stale copy.
        if (urgent && !job->started) urgent_.push_front(job);
        return job;
    }
    auto job = std::make_shared<Job>();
    job->key = key;
    job->lang = lang;
    job->text = text;
    job->rate_wpm = rate;
    job->stream = std::make_shared<PcmStream>(lang, text);
    pending_[key] = job;
    if (urgent)
        urgent_.push_front(job);  // the latest tap is what the resident waits for
    else
        background_.push_back(job);
    return job;
}

Ticket SpeechService::remember(std::shared_ptr<PcmStream> stream) {
    Ticket t = next_ticket_++;
    tickets_[t] = std::move(stream);
    while (tickets_.size() > std::max<std::size_t>(1, options_.max_tickets))
        tickets_.erase(tickets_.begin());
    return t;
}

void SpeechService::prefetch(const std::string& lang, const std::vector<std::string>& texts) {
    bool queued = false;
    {
        std::lock_guard lock(mu_);
        for (const auto& raw : texts) {
            std::string text = trim(raw);
            if (text.empty() || cache_.contains(key_for(lang, rate_wpm_, text))) continue;
            job_for(lang, text, rate_wpm_, false);
            queued = true;
        }
    }
    if (queued) work_.notify_one();
}

void SpeechService::cancel_prefetch() {
    std::lock_guard lock(mu_);
    for (auto& job : background_) {
        if (job->started) continue;
        bool wanted = std::any_of(urgent_.begin(), urgent_.end(),
                                  [&](const auto& u) { return u == job; });
        if (wanted) continue;
        pending_.erase(job->key);
        job->stream->fail("prefetch cancelled");
    }
    background_.clear();
    idle_.notify_all();
}

Ticket SpeechService::request(const std::string& lang, const std::string& raw) {
    std::string text = trim(raw);
    Ticket ticket = 0;
    {
        std::lock_guard lock(mu_);
        if (auto pcm = cache_.get(key_for(lang, rate_wpm_, text))) {
            ++stats_.cache_hits;
            return remember(PcmStream::completed(std::move(pcm)));
        }
        ticket = remember(job_for(lang, text, rate_wpm_, true)->stream);
    }
    work_.notify_one();
    return ticket;
}

std::shared_ptr<PcmStream> SpeechService::stream(Ticket ticket) const {
    std::lock_guard lock(mu_);
    auto it = tickets_.find(ticket);
    return it == tickets_.end() ? nullptr : it->second;
}

std::optional<std::shared_ptr<const Pcm>> SpeechService::poll(Ticket ticket) const {
    auto s = stream(ticket);
    if (!s) return std::nullopt;
    auto pcm = s->pcm();
    if (!pcm) return std::nullopt;
    return pcm;
}

std::optional<std::string> SpeechService::error(Ticket ticket) const {
    auto s = stream(ticket);
    if (!s || !s->failed()) return std::nullopt;
    return s->error();
}

bool SpeechService::is_cached(const std::string& lang, const std::string& text) const {
    std::lock_guard lock(mu_);
    return cache_.contains(key_for(lang, rate_wpm_, trim(text)));
}

void SpeechService::set_rate(int rate_wpm) {
    std::lock_guard lock(mu_);
    rate_wpm_ = std::clamp(rate_wpm, kMinRateWpm, kMaxRateWpm);
}

int SpeechService::rate() const {
    std::lock_guard lock(mu_);
    return rate_wpm_;
}

bool SpeechService::wait_idle(std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mu_);
    return idle_.wait_for(lock, timeout,
                          [&] { return urgent_.empty() && background_.empty() && !busy_; });
}

SpeechStats SpeechService::stats() const {
    std::lock_guard lock(mu_);
    SpeechStats s = stats_;
    s.cache_bytes = cache_.bytes();
    s.cache_entries = cache_.size();
    // Not the deque sizes: a promoted prefetch sits in both deques.
    s.queued = pending_.size() - (busy_ && !pending_.empty() ? 1 : 0);
    return s;
}

void SpeechService::run_worker() {
    if (options_.warm_up) {
        if (options_.warm_up_delay_ms > 0) {
            std::unique_lock lock(mu_);
            work_.wait_for(lock, std::chrono::milliseconds(options_.warm_up_delay_ms),
                           [&] { return stop_ || !urgent_.empty() || !background_.empty(); });
        }
        // A failure here shows up again, with its message, on the first job.
        (void)warm_up();
    }
    std::unique_lock lock(mu_);
    busy_ = false;
    for (;;) {
        if (urgent_.empty() && background_.empty()) idle_.notify_all();
        work_.wait(lock, [&] { return stop_ || !urgent_.empty() || !background_.empty(); });
        if (stop_) return;
        auto& queue = urgent_.empty() ? background_ : urgent_;
        std::shared_ptr<Job> job = queue.front();
        queue.pop_front();
        if (job->started || job->stream->finished()) continue;  // promoted or cancelled copy
        job->started = true;
        busy_ = true;
        lock.unlock();
        run_job(*job);
        lock.lock();
        pending_.erase(job->key);
        busy_ = false;
    }
}

void SpeechService::run_job(Job& job) {
    // Runs without mu_: synthesis may take a few ms and the UI must not wait.
    if (auto pcm = cache_.get(job.key)) {
        job.stream->finish(std::move(pcm));
        return;
    }
    PcmStream& out = *job.stream;
    auto voice = synthesize_chunks(job.lang, job.text, job.rate_wpm,
                                   [&](const std::int16_t* s, std::size_t n) {
                                       out.append(s, n);
                                       return !stopping_.load();
                                   });
    std::lock_guard lock(mu_);
    if (!voice) {
        ++stats_.failures;
        out.fail(voice.error().message);
        return;
    }
    if (stop_) {
        out.fail("speech service stopped");
        return;
    }
    ++stats_.synthesized;
    cache_.put(job.key, out.finish(voice->name, std::clamp(job.rate_wpm, kMinRateWpm, kMaxRateWpm)));
}

}  // namespace kiosk::speech
