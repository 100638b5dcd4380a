// Index of this file:
// [SECTION] configuration and backoff
// [SECTION] SyncEngine
// [SECTION] SyncWorker
// [SECTION] drain_once
//
// Why this file is long: SyncEngine (one pass over the outbox with curl multi) and
// SyncWorker (the thread that schedules passes, backs off and wakes) share the Impl,
// the status and the backoff rules; drain_once is the same pass for the command line.

#include "sync/sync_engine.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <vector>

#include <nlohmann/json.hpp>

#include "device/device.hpp"
#include "device/signing_key.hpp"
#include "i18n/catalog.hpp"
#include "sync/key_registration.hpp"

namespace kiosk::sync {

namespace {

// [SECTION] configuration and backoff
std::uint64_t seed_or_random(std::uint64_t seed) {
    if (seed) return seed;
    std::uint64_t s = 0;
    randombytes_buf(&s, sizeof s);
    return s | 1;
}

}  // namespace

Millis backoff_delay(int failures, Millis base_ms, Millis cap_ms, std::mt19937_64& rng) {
    if (failures < 1) failures = 1;
    Millis ceiling = base_ms;
    for (int i = 1; i < failures && ceiling < cap_ms; ++i) ceiling *= 2;
    ceiling = std::min(ceiling, cap_ms);
    if (ceiling <= 0) return 0;
    std::uniform_int_distribution<Millis> dist(0, ceiling);
    return dist(rng);
}

const char* to_string(SyncStatus::State s) {
    switch (s) {
        case SyncStatus::State::Idle: return "idle";
        case SyncStatus::State::Draining: return "draining";
        case SyncStatus::State::Waiting: return "waiting";
        case SyncStatus::State::Paused: return "paused";
        case SyncStatus::State::Offline: return "offline";
        case SyncStatus::State::Stopped: return "stopped";
    }
    return "?";
}

Result<SyncConfig> load_sync_config(const std::filesystem::path& data_dir) {
    auto dev = read_device_config(data_dir);
    if (!dev.ok()) return dev.error();
    if (dev->endpoint.empty())
        return make_error("this device has no endpoint configured (" + device_json_path(data_dir).string() +
                          (dev->demo ? ", demo mode" : "") + "): enroll it with `kiosk enroll`");
    auto token = load_endpoint_token(data_dir);
    if (!token.ok()) return token.error();
    SyncConfig c;
    c.device_id = dev->device_id;
    c.data_dir = data_dir;
    c.transport.endpoint = dev->endpoint;
    c.transport.token = token.value();
    c.transport.pinned_ca_pem = dev->pinned_ca_pem;
    const auto& s = dev->settings;
    if (s.is_object() && s.contains("sync") && s["sync"].is_object()) {
        const auto& sy = s["sync"];
        auto num = [&](const char* key, auto& out) {
            if (sy.contains(key) && sy[key].is_number_integer() && sy[key].template get<long long>() > 0)
                out = static_cast<std::remove_reference_t<decltype(out)>>(sy[key].template get<long long>());
        };
        num("concurrency", c.concurrency);
        num("backoff_base_ms", c.backoff_base_ms);
        num("backoff_cap_ms", c.backoff_cap_ms);
        num("connect_timeout_ms", c.transport.connect_timeout_ms);
        num("request_timeout_ms", c.transport.request_timeout_ms);
        num("heartbeat_interval_ms", c.heartbeat_interval_ms);
    }
    c.concurrency = std::clamp(c.concurrency, 1, 16);
    return c;
}

// [SECTION] SyncEngine
// SyncEngine: curl multi with a small pool of reused easy handles.

struct Transfer {
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    ClaimedEnvelope envelope;
    std::string url;
    std::string body;
    char errbuf[CURL_ERROR_SIZE] = {0};
};

std::size_t collect_body(char* data, std::size_t size, std::size_t n, void* user) {
    auto* out = static_cast<std::string*>(user);
    const std::size_t len = size * n;
    if (out->size() + len > 64 * 1024) return 0;  // our endpoint answers with a few bytes of JSON
    out->append(data, len);
    return len;
}

struct SyncEngine::Impl {
    CURLM* multi = nullptr;
    std::vector<std::unique_ptr<Transfer>> idle;  // easy handles kept for their connections
    std::mt19937_64 rng;
};

SyncEngine::SyncEngine(Outbox& outbox, SyncConfig config, const Clock& clock)
    : impl_(std::make_unique<Impl>()), outbox_(outbox), config_(std::move(config)), clock_(clock) {
    global_init();
    config_.concurrency = std::clamp(config_.concurrency, 1, 64);
    impl_->rng.seed(seed_or_random(config_.random_seed));
    impl_->multi = curl_multi_init();
    curl_multi_setopt(impl_->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    curl_multi_setopt(impl_->multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(config_.concurrency));
    curl_multi_setopt(impl_->multi, CURLMOPT_MAXCONNECTS, static_cast<long>(config_.concurrency));
}

SyncEngine::~SyncEngine() {
    for (auto& t : impl_->idle) {
        curl_slist_free_all(t->headers);
        curl_easy_cleanup(t->easy);
    }
    curl_multi_cleanup(impl_->multi);
}

PassReport SyncEngine::run_pass(Mode mode, const std::atomic<bool>* stop,
                                const std::function<void(const PassReport&)>& on_progress) {
    PassReport r = run_pass_once(mode, stop, on_progress);
    // A 428 mid-pass (the endpoint lost our key, e.g. a database restored from
    // before the registration): register again and carry on, once.
    if (force_register_ && !(stop && stop->load())) {
        PassReport again = run_pass_once(mode, stop, on_progress);
        r.acknowledged += again.acknowledged;
        r.rejected += again.rejected;
        r.transient += again.transient;
        r.unreachable += again.unreachable;
        r.certificate += again.certificate;
        r.auth_refused += again.auth_refused;
        r.attempts += again.attempts;
        r.key_requests += again.key_requests;
        r.key_pending = again.key_pending;
        r.retry_after_ms = std::max(r.retry_after_ms, again.retry_after_ms);
        r.last_error = again.last_error;
    }
    return r;
}

PassReport SyncEngine::run_pass_once(Mode mode, const std::atomic<bool>* stop,
                                     const std::function<void(const PassReport&)>& on_progress) {
    PassReport r;
    std::vector<std::unique_ptr<Transfer>> active;
    std::vector<std::string> acked;
    bool claiming = true;
    const std::string endpoint = config_.transport.endpoint;

    // Enrollment v2: the endpoint learns this device's key before the first
    // upload (and again after a 428). Until then everything stays queued.
    if (!config_.data_dir.empty() && (!key_confirmed_ || force_register_)) {
        if (force_register_) (void)forget_signing_key_registration(config_.data_dir);
        KeyRegistrationResult k;
        if (force_register_) {
            auto reg = key_registration(config_.data_dir);
            if (reg) {
                k = register_signing_key(config_.transport, *reg, config_.retry_after_unit_ms);
                if (k.outcome == Outcome::Acknowledged) {
                    if (auto s = record_signing_key_registered(config_.data_dir, *reg); !s) {
                        k.outcome = Outcome::Transient;
                        k.message = i18n::said("msg.key.not-noted", {{"e", s.error().message}});
                    }
                }
            } else {
                k = {Outcome::AuthRefused, i18n::said("msg.key.pending-local", {{"e", reg.error().message}})};
            }
        } else {
            k = ensure_signing_key_registered(config_.transport, config_.data_dir, config_.retry_after_unit_ms);
        }
        if (k.requested) ++r.key_requests;
        if (k.outcome != Outcome::Acknowledged) {
            r.key_pending = 1;
            r.last_error = k.message;
            if (k.retry_after_ms >= 0) r.retry_after_ms = std::min(k.retry_after_ms, config_.max_retry_after_ms);
            switch (k.outcome) {
                case Outcome::AuthRefused: ++r.auth_refused; break;
                case Outcome::Unreachable: ++r.unreachable; break;
                case Outcome::Certificate: ++r.certificate; break;
                default: ++r.transient; break;
            }
            if (on_progress) on_progress(r);  // the worker shows staff why nothing moves
            return r;
        }
        key_confirmed_ = true;
        force_register_ = false;
    }

    auto start = [&](ClaimedEnvelope env) {
        std::unique_ptr<Transfer> t;
        if (!impl_->idle.empty()) {
            t = std::move(impl_->idle.back());
            impl_->idle.pop_back();
        } else {
            t = std::make_unique<Transfer>();
            t->easy = curl_easy_init();
            apply_common_options(t->easy, config_.transport, &t->headers, t->errbuf);
            t->headers = curl_slist_append(t->headers, "Content-Type: application/vnd.intake-kiosk.envelope");
            curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->headers);
            curl_easy_setopt(t->easy, CURLOPT_CUSTOMREQUEST, "PUT");
            curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, collect_body);
        }
        t->envelope = std::move(env);
        t->body.clear();
        t->errbuf[0] = '\0';
        t->url = join_url(endpoint, "/v1/envelopes/" + t->envelope.uuid);
        curl_easy_setopt(t->easy, CURLOPT_URL, t->url.c_str());
        curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, &t->body);
        curl_easy_setopt(t->easy, CURLOPT_POSTFIELDS, t->envelope.bytes.data());
        curl_easy_setopt(t->easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t->envelope.bytes.size()));
        curl_easy_setopt(t->easy, CURLOPT_PRIVATE, t.get());
        curl_multi_add_handle(impl_->multi, t->easy);
        active.push_back(std::move(t));
        ++r.attempts;
    };

    auto finish = [&](Transfer* t, CURLcode code) {
        long status = 0;
        curl_off_t retry_after = -1;
        curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
        if (code == CURLE_OK) curl_easy_getinfo(t->easy, CURLINFO_RETRY_AFTER, &retry_after);
        if (code == CURLE_OK && retry_after == 0) retry_after = -1;
        Classified c = classify_upload(code, t->errbuf, status, t->body, t->envelope.uuid,
                                       retry_after > 0 ? static_cast<std::int64_t>(retry_after) : -1,
                                       config_.retry_after_unit_ms);
        if (c.outcome == Outcome::Unreachable || c.outcome == Outcome::Certificate)
            c.message = describe_curl_error(code, t->errbuf, endpoint);
        if (c.retry_after_ms > config_.max_retry_after_ms) c.retry_after_ms = config_.max_retry_after_ms;
        const Millis now = clock_.wall_ms();
        const std::string& uuid = t->envelope.uuid;
        Status s = ok_status();
        switch (c.outcome) {
            case Outcome::Acknowledged:
                acked.push_back(uuid);  // marked together after this round (one transaction)
                break;
            case Outcome::Rejected:
                s = outbox_.mark_rejected(uuid, c.message);
                ++r.rejected;
                r.last_error = c.message;
                break;
            case Outcome::AuthRefused:
                s = outbox_.mark_failed(uuid, c.message, now);
                ++r.auth_refused;
                claiming = false;
                r.last_error = c.message;
                break;
            case Outcome::Transient: {
                Millis next = now;
                if (mode == Mode::Worker)
                    next += backoff_delay(t->envelope.attempts, config_.backoff_base_ms, config_.backoff_cap_ms,
                                          impl_->rng);
                if (c.retry_after_ms >= 0) {
                    next = std::max(next, now + c.retry_after_ms);
                    r.retry_after_ms = std::max(r.retry_after_ms, c.retry_after_ms);
                    claiming = false;  // the endpoint asked everyone to wait
                }
                if (mode == Mode::Once) claiming = false;
                s = outbox_.mark_failed(uuid, c.message, next);
                ++r.transient;
                r.last_error = c.message;
                break;
            }
            case Outcome::KeyNotRegistered:
                // The endpoint lost (or never got) our key: keep the envelope,
                // register again at the next pass.
                s = outbox_.mark_failed(uuid, c.message, now);
                ++r.key_pending;
                force_register_ = true;
                key_confirmed_ = false;
                // Also for the next process (kiosk sync --once runs one engine each).
                if (!config_.data_dir.empty()) (void)forget_signing_key_registration(config_.data_dir);
                claiming = false;
                r.last_error = c.message;
                break;
            case Outcome::Unreachable:
            case Outcome::Certificate:
                // Due again at once: the worker's backoff gate decides when.
                s = outbox_.mark_failed(uuid, c.message, now);
                ++(c.outcome == Outcome::Certificate ? r.certificate : r.unreachable);
                claiming = false;
                r.last_error = c.message;
                break;
        }
        if (!s.ok()) {
            // The envelope stays 'sending'; the outbox hands it out again later and
            // the endpoint's 200 (identical bytes) makes the repeat harmless.
            r.last_error = i18n::said("msg.sync.outbox", {{"e", s.error().message}});
            claiming = false;
        }
    };

    // 2xx answers of one round, acknowledged in one transaction (one fsync).
    auto flush_acks = [&] {
        if (acked.empty()) return;
        Status s = outbox_.mark_acknowledged_all(acked);
        if (!s.ok()) {
            // One bad uuid fails the batch: fall back to one by one.
            for (const auto& uuid : acked) {
                if (auto one = outbox_.mark_acknowledged(uuid); !one.ok()) {
                    // It stays 'sending'; the outbox hands it out again later and the
                    // endpoint's 200 (identical bytes) makes the repeat harmless.
                    r.last_error = i18n::said("msg.sync.outbox", {{"e", one.error().message}});
                    claiming = false;
                }
            }
        }
        r.acknowledged += static_cast<int>(acked.size());
        acked.clear();
    };

    for (;;) {
        if (claiming && static_cast<int>(active.size()) < config_.concurrency && !(stop && stop->load())) {
            const std::size_t want = static_cast<std::size_t>(config_.concurrency) - active.size();
            auto claimed = outbox_.claim_batch(clock_.wall_ms(), want);
            if (!claimed.ok()) {
                r.last_error = i18n::said("msg.sync.outbox", {{"e", claimed.error().message}});
                claiming = false;
            } else {
                if (claimed->size() < want) claiming = false;  // nothing more is due now
                for (auto& env : claimed.value()) start(std::move(env));
            }
        }
        if (active.empty()) break;
        if (stop && stop->load()) {
            for (auto& t : active) {
                curl_multi_remove_handle(impl_->multi, t->easy);
                (void)outbox_.mark_failed(t->envelope.uuid, "sync stopped", clock_.wall_ms());
                curl_slist_free_all(t->headers);
                curl_easy_cleanup(t->easy);
            }
            active.clear();
            break;
        }
        int running = 0;
        curl_multi_perform(impl_->multi, &running);
        int left = 0;
        bool finished_any = false;
        while (CURLMsg* msg = curl_multi_info_read(impl_->multi, &left)) {
            if (msg->msg != CURLMSG_DONE) continue;
            Transfer* t = nullptr;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
            const CURLcode code = msg->data.result;
            curl_multi_remove_handle(impl_->multi, msg->easy_handle);
            finish(t, code);
            auto it = std::find_if(active.begin(), active.end(), [&](auto& p) { return p.get() == t; });
            if (it != active.end()) {
                (*it)->envelope.bytes.clear();
                (*it)->envelope.bytes.shrink_to_fit();
                impl_->idle.push_back(std::move(*it));
                active.erase(it);
            }
            finished_any = true;
        }
        flush_acks();
        if (finished_any && on_progress) on_progress(r);
        // Free slots and more to send: claim at once instead of waiting for the network.
        const bool can_claim = claiming && static_cast<int>(active.size()) < config_.concurrency;
        if (!active.empty() && !can_claim) curl_multi_poll(impl_->multi, nullptr, 0, 100, nullptr);
    }
    return r;
}

Status SyncEngine::send_heartbeat(const std::string& last_error) {
    auto counts = outbox_.counts();
    const Millis now = clock_.wall_ms();
    nlohmann::json hb = {
        {"queue_depth", counts.queued + counts.pending_in_memory},
        {"rejected", counts.rejected},
        {"oldest_unsent_age_s", counts.oldest_unsent_at > 0 ? std::max<Millis>(0, (now - counts.oldest_unsent_at) / 1000)
                                                            : 0},
        {"app_version", config_.app_version},
        {"content_version", config_.content_version_now ? config_.content_version_now() : config_.content_version},
        {"last_error", last_error},
    };
    std::error_code ec;
    auto space = std::filesystem::space(outbox_.data_dir(), ec);
    if (!ec) hb["free_disk_bytes"] = static_cast<std::int64_t>(space.available);
    auto r = http_request(config_.transport, "POST", "/v1/devices/" + config_.device_id + "/heartbeat", hb.dump(),
                          "application/json");
    if (!r.ok()) return r.error();
    if (r->status != 200)
        return make_error("heartbeat refused by the endpoint (" + std::to_string(r->status) + ")");
    return ok_status();
}

// [SECTION] SyncWorker

SyncWorker::SyncWorker(Outbox& outbox, SyncConfig config, const Clock& clock)
    : outbox_(outbox), config_(std::move(config)), clock_(clock) {}

SyncWorker::~SyncWorker() { stop(); }

void SyncWorker::start() {
    if (thread_.joinable()) return;
    stop_ = false;
    {
        std::lock_guard lock(mutex_);
        status_.state = SyncStatus::State::Idle;
        kicked_ = true;
    }
    thread_ = std::thread([this] { run(); });
}

void SyncWorker::stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    std::lock_guard lock(mutex_);
    status_.state = SyncStatus::State::Stopped;
}

void SyncWorker::wake() {
    // The new envelope counts at once: whoever waits for the queue to drain
    // (the app closing) must not read a depth from before it, e.g. while a
    // pass is busy registering the signing key.
    refresh_counts();
    {
        std::lock_guard lock(mutex_);
        kicked_ = true;
    }
    cv_.notify_all();
}

void SyncWorker::sync_now() {
    {
        std::lock_guard lock(mutex_);
        kicked_ = true;
        forced_ = true;
        paused_ = false;
    }
    cv_.notify_all();
}

void SyncWorker::connectivity_changed(bool online) {
    {
        std::lock_guard lock(mutex_);
        const bool back = online && !online_;
        online_ = online;
        if (back) {
            kicked_ = true;
            forced_ = true;
        }
    }
    cv_.notify_all();
}

SyncStatus SyncWorker::status() const {
    std::lock_guard lock(mutex_);
    SyncStatus s = status_;
    return s;
}

void SyncWorker::refresh_counts() {
    const OutboxCounts c = outbox_.counts();
    std::lock_guard lock(mutex_);
    status_.queue_depth = c.queued + c.pending_in_memory;
    status_.rejected = c.rejected;
    status_.pending_in_memory = c.pending_in_memory;
}

void SyncWorker::set_state(SyncStatus::State s) {
    std::lock_guard lock(mutex_);
    status_.state = s;
}

void SyncWorker::run() {
    SyncEngine engine(outbox_, config_, clock_);
    std::mt19937_64 rng(seed_or_random(config_.random_seed) ^ 0x9e3779b97f4a7c15ULL);
    Millis gate_until = 0;  // monotonic: no pass before this (backoff / Retry-After)
    Millis next_heartbeat = 0;
    std::string heartbeat_error;
    bool nothing_due = false;  // the last pass found nothing to send

    while (!stop_) {
        refresh_counts();
        if (status().pending_in_memory > 0) (void)outbox_.retry_pending();
        // Asked before taking our lock: status() must never wait on the outbox.
        const auto next_due = outbox_.next_attempt_at();
        {
            std::unique_lock lock(mutex_);
            // Wait for a reason to run a pass.
            for (;;) {
                if (stop_) return;
                const Millis now = clock_.now_ms();
                if (paused_) {
                    status_.state = SyncStatus::State::Paused;
                    cv_.wait(lock, [&] { return stop_.load() || !paused_; });
                    continue;
                }
                if (!online_) {
                    status_.state = SyncStatus::State::Offline;
                    cv_.wait(lock, [&] { return stop_.load() || online_; });
                    continue;
                }
                if (forced_) {
                    forced_ = false;
                    kicked_ = false;
                    gate_until = 0;
                    break;
                }
                if (now < gate_until) {
                    status_.state = SyncStatus::State::Waiting;
                    status_.next_retry_in_ms = gate_until - now;
                    cv_.wait_for(lock, std::chrono::milliseconds(gate_until - now),
                                 [&] { return stop_.load() || forced_ || paused_ || !online_; });
                    if (!forced_ && clock_.now_ms() < gate_until) continue;
                    kicked_ = false;
                    break;
                }
                if (kicked_ || (status_.queue_depth > 0 && !nothing_due)) {
                    kicked_ = false;
                    break;
                }
                // Idle: sleep until a kick, the next envelope's retry time or the poll interval.
                status_.state = SyncStatus::State::Idle;
                status_.next_retry_in_ms = 0;
                Millis wait = config_.idle_poll_ms;
                if (next_due) wait = std::clamp<Millis>(*next_due - clock_.wall_ms(), 0, config_.idle_poll_ms);
                cv_.wait_for(lock, std::chrono::milliseconds(wait),
                             [&] { return stop_.load() || kicked_ || forced_ || paused_ || !online_; });
                if (stop_ || paused_ || !online_) continue;
                kicked_ = false;
                forced_ = false;
                break;
            }
            status_.next_retry_in_ms = 0;
        }

        // Run one pass.
        refresh_counts();
        {
            std::lock_guard lock(mutex_);
            status_.state = SyncStatus::State::Draining;
            if (status_.drain_total == 0 || status_.drain_done >= status_.drain_total) {
                status_.drain_total = status_.queue_depth;
                status_.drain_done = 0;
            }
            status_.last_attempt_wall_ms = clock_.wall_ms();
        }
        Millis last_refresh = clock_.now_ms();
        int seen_acks = 0, seen_attempts = 0;
        PassReport report = engine.run_pass(SyncEngine::Mode::Worker, &stop_, [&](const PassReport& p) {
            const int new_acks = p.acknowledged - seen_acks;
            seen_acks = p.acknowledged;
            {
                std::lock_guard lock(mutex_);
                status_.uploads_total += p.attempts - seen_attempts;
                seen_attempts = p.attempts;
                if (new_acks > 0) {
                    status_.last_success_wall_ms = clock_.wall_ms();
                    status_.drain_done += new_acks;
                    status_.acknowledged_total += new_acks;
                    status_.queue_depth = std::max<std::int64_t>(0, status_.queue_depth - new_acks);
                    status_.consecutive_failures = 0;
                    if (status_.alert.empty()) status_.last_error.clear();
                }
                if (!p.last_error.empty()) status_.last_error = p.last_error;
            }
            if (clock_.now_ms() - last_refresh > 1000) {
                last_refresh = clock_.now_ms();
                refresh_counts();
                std::lock_guard lock(mutex_);
                status_.drain_total = std::max(status_.drain_total, status_.drain_done + status_.queue_depth);
            }
        });
        refresh_counts();
        nothing_due = report.attempts == 0 && report.key_requests == 0;

        bool heartbeat_due = false;
        std::string heartbeat_text;
        {
        std::lock_guard lock(mutex_);
        status_.uploads_total += report.attempts - seen_attempts;
        status_.key_registrations_total += report.key_requests;
        if (status_.queue_depth == 0) {
            status_.drain_total = 0;
            status_.drain_done = 0;
        }
        status_.signing_key_pending = report.key_pending > 0;
        if (report.auth_refused > 0) {
            paused_ = true;
            status_.alert = report.last_error;
            status_.last_error = report.last_error;
            status_.state = SyncStatus::State::Paused;
        } else if (report.certificate > 0) {
            status_.alert = report.last_error;
            status_.last_error = report.last_error;
        } else if (report.acknowledged > 0) {
            status_.alert.clear();
        }
        const bool only_failures = report.failed() && report.acknowledged == 0;
        if (report.unreachable + report.certificate > 0 || only_failures || report.retry_after_ms >= 0) {
            status_.consecutive_failures++;
            Millis delay = backoff_delay(status_.consecutive_failures, config_.backoff_base_ms,
                                         config_.backoff_cap_ms, rng);
            if (report.retry_after_ms >= 0) delay = std::max(delay, report.retry_after_ms);
            gate_until = clock_.now_ms() + delay;
            status_.next_retry_in_ms = delay;
        } else if (report.acknowledged > 0) {
            status_.consecutive_failures = 0;
            gate_until = 0;
        }
        if (!report.last_error.empty()) heartbeat_error = report.last_error;
        else if (report.acknowledged > 0) heartbeat_error.clear();

        if (config_.heartbeat_interval_ms > 0 && clock_.now_ms() >= next_heartbeat && !paused_ &&
            report.unreachable + report.certificate == 0) {
            next_heartbeat = clock_.now_ms() + config_.heartbeat_interval_ms;
            heartbeat_due = true;
            heartbeat_text = heartbeat_error;
        }
        }
        // Outside the lock: it is a network call.
        if (heartbeat_due) (void)engine.send_heartbeat(heartbeat_text);
    }
}

// [SECTION] drain_once

DrainSummary drain_once(Outbox& outbox, const SyncConfig& config, const Clock& clock) {
    DrainSummary d;
    {
        SyncEngine engine(outbox, config, clock);
        d.pass = engine.run_pass(SyncEngine::Mode::Once);
        if (config.heartbeat_interval_ms > 0 && d.pass.unreachable + d.pass.certificate + d.pass.auth_refused == 0)
            (void)engine.send_heartbeat(d.pass.last_error);
    }
    d.after = outbox.counts();
    const std::int64_t waiting = d.after.queued + d.after.pending_in_memory;
    if (waiting == 0 && d.after.rejected == 0) {
        d.complete = true;
        return d;
    }
    if (d.pass.auth_refused > 0 || d.pass.certificate > 0 || d.pass.unreachable > 0) {
        d.reason = d.pass.last_error;
    } else if (d.pass.transient > 0) {
        d.reason = d.pass.last_error;
    } else if (waiting > 0) {
        d.reason = std::to_string(waiting) + " envelope(s) not sent yet (waiting to retry, or still being written)";
    } else {
        d.reason = "";
    }
    if (d.after.rejected > 0) {
        const std::string rej = std::to_string(d.after.rejected) +
                                " envelope(s) refused by the endpoint and kept on this device (see `kioskctl outbox "
                                "list`)";
        d.reason = d.reason.empty() ? rej : d.reason + "; " + rej;
    }
    if (waiting > 0 && d.reason.find("not sent") == std::string::npos)
        d.reason += " (" + std::to_string(waiting) + " still queued)";
    return d;
}

}  // namespace kiosk::sync
