// The device side of content packs: a worker thread that, when asked, fetches
// the latest pack on the device's channel (GET /v1/content/{channel} with the
// device's bearer token), checks it (pack.hpp: signature, hashes, version,
// loader + content lint) and stages it under <data_dir>/content/staged. It
// never touches the running content: the app installs a staged pack between
// residents. The app decides when to check (its injected clock), so scripted
// tests move time with `advance` instead of sleeping.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "crypto/secure_bytes.hpp"
#include "sync/transport.hpp"

namespace kiosk::pack {

struct UpdaterConfig {
    sync::TransportConfig transport;
    std::string channel = "stable";
    crypto::Bytes org_content_public_key;
    std::filesystem::path data_dir;
    Millis first_check_ms = 30'000;      // after start: let the kiosk come up first
    Millis interval_ms = 15 * 60'000;    // then this often
};

// device.json + token: endpoint, content key, settings.content.channel /
// settings.content.interval_s / settings.content.first_check_s.
// Error when the device has no endpoint (demo mode).
Result<UpdaterConfig> load_updater_config(const std::filesystem::path& data_dir);

struct UpdaterStatus {
    int checks_done = 0;
    bool busy = false;           // a check was asked for or is running
    std::string notice;          // staff-facing: why the latest pack was refused / not fetched ("" when fine)
    std::string staged_version;  // a checked pack waits for the next resident
    std::string last_result;     // one line about the last check, for logs
};

class ContentUpdater {
public:
    explicit ContentUpdater(UpdaterConfig config);
    ~ContentUpdater();  // stops and joins (a running download is finished first)
    ContentUpdater(const ContentUpdater&) = delete;
    ContentUpdater& operator=(const ContentUpdater&) = delete;

    // Fetch and check once, on the worker thread. Cheap; never blocks.
    void check_now();
    UpdaterStatus status() const;
    // A checked pack waits in content/staged.
    bool has_staged() const;
    // The app installed it (or found it gone).
    void staged_taken();
    const UpdaterConfig& config() const { return config_; }

private:
    void run();
    void check_once();

    UpdaterConfig config_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    bool requested_ = false;
    bool stop_ = false;
    UpdaterStatus status_;
    std::string last_bytes_hash_;  // the same bytes are not checked twice
    std::string last_outcome_notice_;
    std::thread thread_;
};

}  // namespace kiosk::pack
