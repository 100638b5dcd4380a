// The device-side sync engine: drains the outbox to the central endpoint.
// A worker thread uploads envelopes (PUT /v1/envelopes/{uuid}) over a few
// reused libcurl connections (curl multi; HTTP/2 multiplexing where offered),
// backs off exponentially with full jitter (capped) and honours Retry-After,
// retries at once on "sync now" or when connectivity returns, and pauses the
// queue on 401/403. Only a 2xx that echoes the envelope's uuid deletes local
// ciphertext (Outbox::mark_acknowledged); 409 and other 4xx mark it rejected
// and keep it. The UI polls status(), which never waits on the network.
//
// Start/poll from the kiosk app:
//   auto cfg = sync::load_sync_config(data_dir);            // device.json + token
//   sync::SyncWorker worker(*outbox, *cfg, clock);  worker.start();
//   after Outbox::finish():  worker.wake();
//   staff "sync now":        worker.sync_now();
//   platform network hook:   worker.connectivity_changed(online);
//   every frame / second:    SyncStatus s = worker.status();
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "outbox/outbox.hpp"
#include "sync/transport.hpp"

namespace kiosk::sync {

struct SyncConfig {
    TransportConfig transport;
    std::string device_id;
    // The device's data dir: where a device-made signing key's registration is
    // noted (key_registration.hpp). Empty: no registration step (tests that
    // build a config by hand for a v1 identity).
    std::filesystem::path data_dir;
    int concurrency = 4;                       // uploads in flight at once
    Millis backoff_base_ms = 2'000;            // first retry within [0, base]
    Millis backoff_cap_ms = 15 * 60'000;       // never wait longer than this (except Retry-After)
    Millis max_retry_after_ms = 60 * 60'000;   // a Retry-After beyond this is clipped
    Millis retry_after_unit_ms = 1'000;        // ms per Retry-After second (tests shrink it)
    Millis idle_poll_ms = 5'000;               // look for new envelopes at least this often
    Millis heartbeat_interval_ms = 15 * 60'000;  // 0: no heartbeats
    std::string app_version = KIOSK_VERSION;
    std::string content_version;               // reported in heartbeats
    // When set, asked at each heartbeat instead (content packs change while running).
    std::function<std::string()> content_version_now;
    std::uint64_t random_seed = 0;             // 0: from the OS
};

// Reads <data_dir>/device.json and the endpoint token; settings.sync.* may
// tune concurrency/backoff. Error when the device has no endpoint (demo mode).
Result<SyncConfig> load_sync_config(const std::filesystem::path& data_dir);

// Full jitter: uniform in [0, min(cap, base * 2^(failures-1))].
Millis backoff_delay(int failures, Millis base_ms, Millis cap_ms, std::mt19937_64& rng);

struct SyncStatus {
    enum class State {
        Idle,       // nothing to send
        Draining,   // sending
        Waiting,    // backing off after a failure (see next_retry_in_ms)
        Paused,     // 401/403: staff must act (alert says what); "sync now" retries
        Offline,    // the platform says there is no network
        Stopped,
    };
    State state = State::Stopped;
    std::int64_t queue_depth = 0;      // waiting to be sent (incl. in flight)
    std::int64_t rejected = 0;         // refused by the endpoint, kept on the device
    std::int64_t pending_in_memory = 0;
    std::int64_t drain_total = 0;      // progress bar: envelopes in this drain ...
    std::int64_t drain_done = 0;       // ... and how many are acknowledged
    Millis last_success_wall_ms = 0;   // last acknowledgement, 0 = never
    Millis last_attempt_wall_ms = 0;
    Millis next_retry_in_ms = 0;       // when Waiting
    int consecutive_failures = 0;
    std::string last_error;            // staff-facing, one line; cleared by a success
    std::string alert;                 // non-empty: staff must act (auth, certificate, key conflict)
    bool signing_key_pending = false;  // the endpoint has not confirmed this device's key: nothing is uploaded
    std::int64_t uploads_total = 0;    // requests made since start (for diagnostics)
    std::int64_t acknowledged_total = 0;
    std::int64_t key_registrations_total = 0;  // signing-key registration requests since start
};
const char* to_string(SyncStatus::State s);

// One drain pass's result.
struct PassReport {
    int acknowledged = 0;
    int rejected = 0;
    int transient = 0;     // 5xx/429/408/odd answers
    int unreachable = 0;   // connection failures
    int certificate = 0;
    int auth_refused = 0;
    int key_pending = 0;   // the signing key is not registered (yet): nothing uploaded
    int key_requests = 0;  // PUT /v2/devices/{id}/signing-key requests made
    int attempts = 0;      // envelope uploads started
    Millis retry_after_ms = -1;  // largest Retry-After seen
    std::string last_error;
    bool failed() const { return transient + unreachable + certificate + auth_refused + key_pending > 0; }
};

// Uploads due envelopes; owns the curl multi handle and its connections.
// Not thread safe: one engine per thread (the worker has one).
class SyncEngine {
public:
    enum class Mode {
        Worker,  // keep sending after a 5xx (that envelope backs off on its own)
        Once,    // stop claiming at the first failure; failed envelopes are due again at once
    };
    SyncEngine(Outbox& outbox, SyncConfig config, const Clock& clock);
    ~SyncEngine();
    SyncEngine(const SyncEngine&) = delete;
    SyncEngine& operator=(const SyncEngine&) = delete;

    // First registers the device's signing key if the endpoint does not hold it
    // yet (nothing is uploaded until it does), then claims and uploads due
    // envelopes until none is due or a failure says stop.
    // on_progress runs after each finished upload (worker: status updates).
    // stop: when set, in-flight uploads are abandoned (envelopes stay queued).
    PassReport run_pass(Mode mode, const std::atomic<bool>* stop = nullptr,
                        const std::function<void(const PassReport&)>& on_progress = {});

    // POST /v1/devices/{id}/heartbeat. Error when it could not be delivered.
    Status send_heartbeat(const std::string& last_error);

    const SyncConfig& config() const { return config_; }

    struct Impl;

private:
    PassReport run_pass_once(Mode mode, const std::atomic<bool>* stop,
                             const std::function<void(const PassReport&)>& on_progress);
    std::unique_ptr<Impl> impl_;
    Outbox& outbox_;
    SyncConfig config_;
    const Clock& clock_;
    bool key_confirmed_ = false;   // registration checked (or done) in this engine's life
    bool force_register_ = false;  // a 428: register again even if a confirmation is noted
};

class SyncWorker {
public:
    SyncWorker(Outbox& outbox, SyncConfig config, const Clock& clock);
    ~SyncWorker();  // stops and joins
    SyncWorker(const SyncWorker&) = delete;
    SyncWorker& operator=(const SyncWorker&) = delete;

    void start();
    void stop();  // in-flight uploads are abandoned; their envelopes stay queued
    // New envelope(s) in the outbox: look now.
    void wake();
    // Staff pressed "sync now": clears the backoff and a paused queue, retries at once.
    void sync_now();
    // Platform connectivity hook. Coming back online retries at once.
    void connectivity_changed(bool online);
    // A copy of the current state; cheap, never blocks on the network.
    SyncStatus status() const;

private:
    void run();
    void refresh_counts();
    void set_state(SyncStatus::State s);

    Outbox& outbox_;
    SyncConfig config_;
    const Clock& clock_;
    std::thread thread_;
    std::atomic<bool> stop_{false};

    mutable std::mutex mutex_;  // guards everything below
    std::condition_variable cv_;
    bool kicked_ = false;       // wake(): something to send
    bool forced_ = false;       // sync_now()/back online: ignore the backoff gate once
    bool paused_ = false;
    bool online_ = true;
    SyncStatus status_;
};

// What `kiosk sync --once` does: one pass in Once mode, then a heartbeat.
struct DrainSummary {
    bool complete = false;  // every envelope acknowledged (nothing queued, nothing rejected)
    std::string reason;     // when !complete: one staff-facing line
    PassReport pass;
    OutboxCounts after;
};
DrainSummary drain_once(Outbox& outbox, const SyncConfig& config, const Clock& clock);

}  // namespace kiosk::sync
