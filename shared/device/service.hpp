// The device service thread: every piece of disk, crypto and device work the
// kiosk does after it started, off the UI thread, so a frame never waits on
// an fsync, Argon2id or a content reload. It owns the Outbox (sealing
// finished answer sets, paused interviews), the sync worker, the content
// updater and installing/rolling back packs with the content reload,
// enrollment from the staff screen, the staff PIN check and the small writes
// (audit lines, the PIN lockout, device settings) the UI posts. The UI posts
// commands and reads what the service publishes: status(), and answers it
// takes once (take_pin_result, take_draft_load, take_content, take_enroll_result);
// `wake` is called when one is there. No UI toolkit here: tests drive it in-process.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "pack/content_dir.hpp"
#include "pack/updater.hpp"
#include "session/kiosk_state.hpp"
#include "sync/sync_engine.hpp"

namespace kiosk {

class Outbox;

// A paused interview as the staff list shows it (after the PIN only).
struct DraftSummary {
    std::string id;
    std::string case_ref;          // "" when none was given
    std::int64_t paused_at = 0;    // wall ms of the last pause
};

struct BatteryLevel {
    int percent = 0;
    bool charging = false;
};

// What the staff screen reports about the device itself. The platform reads
// them (statvfs, /sys); the service calls the reader it was given, on its thread.
struct DeviceFacts {
    std::optional<std::uintmax_t> free_bytes;
    std::optional<BatteryLevel> battery;
};
using DeviceFactsReader = std::function<DeviceFacts(const std::filesystem::path& data_dir)>;

struct DeviceServiceOptions {
    DeviceFactsReader facts;            // none: free disk and battery are not reported
    std::filesystem::path assets_dir;   // the bundled content: shown when no pack is installed
};

struct StoreStatus {
    bool ready = false;          // the outbox opened and can collect
    std::string problem;         // why answers cannot be collected (keys missing, ...)
    std::vector<std::string> notices;  // start-up notices for staff (corrupt db moved aside, ...)
    std::string fault;           // current write fault (disk full: kept in memory)
    int stored = 0;              // durable this run
    int kept_in_memory = 0;      // sealed, waiting for the disk
    int sealing = 0;             // finished by a resident, being sealed now (a moment)
    std::int64_t queued = 0;     // sealed envelopes on the device, not yet acknowledged
    std::int64_t rejected = 0;   // refused by the endpoint, kept
    std::int64_t oldest_unsent_at = 0;  // wall ms, 0 if nothing waits
    std::vector<DraftSummary> drafts;   // paused interviews, oldest first
    std::string device_id;
    bool demo = false;           // demo enrollment: no endpoint, nothing is sent
    std::optional<sync::SyncStatus> sync;  // set on an enrolled device
    // Content packs (shared/pack/): what runs, and why a newer pack did not come.
    std::string content_version;  // installed pack version; "" = bundled assets or --content
    std::string content_notice;   // staff-facing: the latest pack was refused, and why
    std::string content_staged;   // a checked pack waits for the next resident
    bool content_updates = false; // an endpoint is configured: packs are fetched
    bool content_busy = false;    // a content check was asked for or is running
    int content_checks = 0;       // checks finished since start
    bool started = false;         // the service has opened the outbox (or failed to)
    // Read on the service (refresh_device_facts), not in a frame.
    std::optional<std::uintmax_t> free_bytes;
    std::optional<BatteryLevel> battery;
};

// What an install or rollback did, for the UI to take between residents.
struct ContentSwap {
    // Set: the content to show from now on (loaded on the service); the UI moves it in.
    std::optional<pack::LoadedContent> content;
    // Set: staff's line about it ("" clears an earlier problem); unset: nothing to say.
    std::optional<std::string> message;
};

// Enrollment from the staff screen, applied on the service.
struct EnrollOutcome {
    bool ok = false;
    std::string name;  // the enrolled device's name (ok)
    std::string why;   // why the bundle was refused (not ok)
};

class DeviceService {
public:
    explicit DeviceService(std::filesystem::path data_dir, DeviceServiceOptions options = {});
    ~DeviceService();  // finishes every queued response and command before it returns

    void submit(FinishedResponse&& r);
    // A session ended before "Done": sealed and sent like a response (no answers in it).
    void submit_completion(CompletionRecord&& r);
    // Waits until everything submitted or posted so far is done (sealed: durable or kept).
    void flush();
    StoreStatus status() const;
    // Why answers cannot be stored durably now ("" = they can, or not known yet). Cheap.
    std::string storage_problem() const;
    // Staff pressed "send now": retry at once, also after a 401/403 pause.
    void sync_now();

    // ---- content packs ----------------------------------------------------------
    // Fetch and check the latest content pack now (on the updater's thread).
    void check_content();
    // What the app shows as the running content ("" = bundled assets).
    void set_content_version(std::string version);
    // A checked pack waits in content/staged (cheap: no file system access).
    bool content_waiting() const;
    // A content check was asked for and has not finished.
    bool content_busy() const;
    // Between residents (the UI decides when): installs the staged pack and
    // loads the new content folder, or rolls back and loads what is current
    // then. take_content() gives the outcome once; wake is called.
    void install_staged_content();
    void rollback_content();
    std::optional<ContentSwap> take_content();

    // ---- paused interviews (Outbox drafts, sealed with the draft key) ----------
    // save_draft is queued like submit(); flush() waits for it too.
    void save_draft(PausedInterview&& p, std::int64_t expires_at_wall);
    // Neither waits (the UI never blocks on the outbox): load_draft expires
    // what is past `now_wall` first, then reads the draft; take_draft_load()
    // gives its response JSON (a secret: wipe it) or why not, once, and wake
    // is called when it is there.
    struct DraftLoad {
        std::string id;
        Result<std::string> json;
    };
    void load_draft(const std::string& id, std::int64_t now_wall);
    std::optional<DraftLoad> take_draft_load();
    // Drafts past their expiry at `now_wall` are sealed as incomplete or
    // discarded (device setting); the audit log says how many.
    void expire_drafts(std::int64_t now_wall);

    // ---- staff ------------------------------------------------------------------
    // Small device writes the UI must not wait for (audit lines, the PIN
    // lockout, device settings): done on this thread in the order posted, before it stops.
    void post(std::function<void()> work);
    // The staff PIN, checked here (Argon2id: 32 MiB and ~0.3 s, never in a
    // frame); the pin is wiped after the check. take_pin_result() gives the
    // answer once: true/false, or an error when the PIN file cannot be read
    // (not a wrong PIN); `wake` is called when it is there.
    void check_pin(std::string pin);
    std::optional<Result<bool>> take_pin_result();
    // A scanned or pasted enrollment bundle (a secret: wiped here once
    // parsed), applied to the data dir like `kiosk enroll`; the new identity
    // takes effect when the kiosk restarts. take_enroll_result() once; wake.
    void enroll(std::string bundle_text);
    std::optional<EnrollOutcome> take_enroll_result();
    void set_wake(std::function<void()> wake);
    // Free disk and battery for the staff screen, read on this thread into status().
    void refresh_device_facts();

private:
    void run();
    void wake_ui();
    pack::LoadedContent load_current_content() const;
    std::deque<std::function<void()>> light_;  // commands with no outbox work, in order
    std::optional<Result<bool>> pin_result_;
    std::optional<DraftLoad> draft_load_;
    std::optional<ContentSwap> content_swap_;
    std::optional<EnrollOutcome> enroll_result_;
    std::function<void()> wake_;
    std::filesystem::path data_dir_;
    DeviceServiceOptions options_;
    SystemClock clock_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::condition_variable idle_cv_;
    std::deque<FinishedResponse> queue_;
    std::deque<std::function<void(Outbox*)>> tasks_;  // draft work, in order
    bool busy_ = false;
    bool sealing_ = false;  // a finished response is being sealed (not yet in the counts)
    bool stop_ = false;
    StoreStatus status_;
    std::unique_ptr<sync::SyncWorker> sync_;  // only while the service thread runs
    std::unique_ptr<pack::ContentUpdater> content_;  // enrolled devices with an endpoint
    bool content_requested_ = false;  // check_content() before the updater existed
    std::thread thread_;
};

}  // namespace kiosk
