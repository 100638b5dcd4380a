// `kiosk sync --data-dir D [--once]`: drain this device's outbox to its
// endpoint now. --once: one attempt, exit 0 only when every envelope is
// acknowledged. Without --once: keep retrying (with backoff) until the outbox
// is empty, the endpoint refuses the device, or SIGINT/SIGTERM.
#include <signal.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "core/args.hpp"
#include "core/clock.hpp"
#include "core/command.hpp"
#include "device/device.hpp"
#include "outbox/outbox.hpp"
#include "sync/sync_engine.hpp"

namespace {

const char* kUsage = "kiosk sync [--data-dir D] [--once]";

volatile sig_atomic_t g_stop = 0;

int run_sync(const std::vector<std::string>& argv) {
    auto args = kiosk::parse_args(argv, {"--data-dir"}, {"--once"});
    if (!args) {
        std::cerr << "kiosk sync: " << args.error().message << "\n";
        return 2;
    }
    if (args->has("--help")) {
        std::cout << "usage: " << kUsage << "\n"
                  << "Sends this device's queued answer sets (sealed envelopes) to its endpoint.\n"
                  << "  --once   one attempt; exit 0 only when every envelope is acknowledged,\n"
                  << "           otherwise exit 1 with the reason (a later run continues)\n"
                  << "Without --once it retries with backoff until the queue is empty.\n";
        return 0;
    }
    if (!args->positional.empty()) {
        std::cerr << "kiosk sync: unexpected argument " << args->positional[0] << " (usage: " << kUsage << ")\n";
        return 2;
    }
    const std::filesystem::path data_dir = args->get_or("--data-dir", kiosk::default_data_dir().string());
    auto cfg = kiosk::sync::load_sync_config(data_dir);
    if (!cfg) {
        std::cerr << "kiosk sync: " << cfg.error().message << "\n";
        return 1;
    }
    kiosk::SystemClock clock;
    auto outbox = kiosk::Outbox::open(data_dir, clock, kiosk::Outbox::Mode::DrainOnly);
    if (!outbox) {
        std::cerr << "kiosk sync: " << outbox.error().message << "\n";
        return 1;
    }
    auto& ob = *outbox.value();
    if (args->has("--once")) {
        auto d = kiosk::sync::drain_once(ob, *cfg, clock);
        std::cout << "sent " << d.pass.acknowledged << ", refused " << d.pass.rejected << ", queued "
                  << d.after.queued + d.after.pending_in_memory << ", rejected in total " << d.after.rejected << "\n";
        if (!d.complete) {
            std::cerr << "kiosk sync: not everything was sent: " << d.reason << "\n";
            return 1;
        }
        return 0;
    }

    signal(SIGINT, [](int) { g_stop = 1; });
    signal(SIGTERM, [](int) { g_stop = 1; });
    kiosk::sync::SyncWorker worker(ob, *cfg, clock);
    worker.start();
    std::string last_error;
    for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        auto s = worker.status();
        if (s.last_error != last_error && !s.last_error.empty()) std::cerr << "kiosk sync: " << s.last_error << "\n";
        last_error = s.last_error;
        if (g_stop) break;
        if (s.state == kiosk::sync::SyncStatus::State::Paused) {
            worker.stop();
            std::cerr << "kiosk sync: paused: " << s.alert << "\n";
            return 1;
        }
        if (auto c = ob.counts(); c.queued + c.pending_in_memory == 0) break;
    }
    worker.stop();
    auto c = ob.counts();
    std::cout << "queued " << c.queued << ", rejected " << c.rejected << "\n";
    if (c.rejected > 0)
        std::cerr << "kiosk sync: " << c.rejected
                  << " envelope(s) refused by the endpoint and kept on this device (see `kioskctl outbox list`)\n";
    if (c.queued > 0) std::cerr << "kiosk sync: stopped with " << c.queued << " envelope(s) still queued\n";
    return c.queued == 0 && c.rejected == 0 ? 0 : 1;
}

kiosk::CommandRegistrar reg("kiosk", {"sync", "kiosk sync --data-dir D [--once]",
                                      "send queued answer sets to the endpoint now",
                                      [](const std::vector<std::string>& a) { return run_sync(a); }});

}  // namespace
