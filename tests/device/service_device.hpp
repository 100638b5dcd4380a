// A device service test's device: a fresh data dir (the service makes it a
// demo device when it starts, as the kiosk does), the service running on it
// in this process with the bundled assets as its content, and a count of the
// service's wake-ups. The staff tests' StaffDevice is the pattern.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "device/service.hpp"
#include "test_support.hpp"

namespace kiosk::test {

struct ServiceDevice {
    std::filesystem::path root, data;
    std::shared_ptr<std::atomic<int>> wakes = std::make_shared<std::atomic<int>>(0);
    std::unique_ptr<DeviceService> service;

    explicit ServiceDevice(const TempDir& dir) : root(dir.path()), data(dir / "data") {}
    ~ServiceDevice() { stop(); }

    // Starts the service and waits until it has opened the outbox (or failed to).
    DeviceService& start() {
        DeviceServiceOptions o;
        o.assets_dir = std::filesystem::path(KIOSK_SOURCE_DIR) / "assets";
        o.facts = [](const std::filesystem::path&) {
            DeviceFacts f;
            f.free_bytes = 12'300'000'000ull;
            f.battery = BatteryLevel{83, true};
            return f;
        };
        service = std::make_unique<DeviceService>(data, std::move(o));
        service->set_wake([w = wakes] { ++*w; });
        if (!wait([&] { return service->status().started; }, 20'000)) throw std::runtime_error("the service did not start");
        return *service;
    }
    void stop() { service.reset(); }  // finishes everything queued first

    // Polls pred every 2 ms until true or timeout; returns pred's final value.
    static bool wait(const std::function<bool()>& pred, int timeout_ms = 20'000) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (!pred()) {
            if (std::chrono::steady_clock::now() > until) return pred();
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return true;
    }

    // What a take_*() gives, once it is there (as the UI's next frames would).
    template <typename T>
    static std::optional<T> take(const std::function<std::optional<T>()>& take_once, int timeout_ms = 20'000) {
        std::optional<T> got;
        wait([&] { return (got = take_once()).has_value(); }, timeout_ms);
        return got;
    }
};

// Milliseconds a call took on the caller's thread.
inline double call_ms(const std::function<void()>& f) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace kiosk::test
