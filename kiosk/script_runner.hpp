// The --script test driver: plays a script (shared/script/) against the
// running app as a person would, on a ManualClock: taps (scrolling a widget
// into view first), holds, typing, keys, waits, and the checks and dumps
// the tests read. Exit code 0, or 3 at the first line that fails.
#pragma once

#include <atomic>
#include <filesystem>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace kiosk {

struct AppOptions;
class AudioOut;
class FrameStats;
class Input;
class KioskState;
class DeviceService;
namespace platform {
class Display;
}
namespace ui {
class Registry;
struct WidgetRecord;
}  // namespace ui
namespace script {
struct Command;
}

// What the driver needs of the app itself.
class ScriptHost {
public:
    virtual ~ScriptHost() = default;
    // One frame: draw, apply its events, run what follows them.
    virtual void render_frame() = 0;
    // The end of the run (bench frames, stats, the session wiped); returns `code`.
    virtual int finish(int code) = 0;
    // The device service still owes the screen an answer: a PIN being
    // checked, a paused interview being read.
    virtual bool awaiting_worker() const = 0;
};

// The parts of the app a script drives and reads.
struct ScriptParts {
    const AppOptions& options;
    platform::Display& display;
    KioskState& state;
    DeviceService& store;
    const ui::Registry& registry;
    ManualClock& clock;
    Input& input;
    FrameStats& stats;
    const AudioOut& audio;
    const std::atomic<bool>& stop;  // a signal asked the process to end
};

class ScriptRunner {
public:
    ScriptRunner(ScriptParts parts, ScriptHost& host) : p_(parts), host_(host) {}
    // Plays options.script; returns the process exit code.
    int run();

private:
    void frame() { host_.render_frame(); }
    std::filesystem::path out_path(const std::string& p) const;
    Status screenshot_page(const std::filesystem::path& path);
    bool on_screen(const ui::WidgetRecord& w) const;
    int fail(const script::Command& c, const std::string& what);
    void wait_for_worker();
    void settle_store();
    void settle();
    void start_tap_timer();
    void click_at(float x, float y);
    void release_pointer();
    void wait_speech(Millis at_most);

    ScriptParts p_;
    ScriptHost& host_;
};

}  // namespace kiosk
