// Input: what comes into the render loop. SDL events (live) become taps,
// drags, wheel scrolls and keys on the kiosk state, and the pointer ImGui
// sees each frame; a press anywhere stops speech. The scroll position of the
// page lives here too: a drag or the wheel moves it, a screen's layout
// bounds it. The camera's codes arrive as a scanner's typing would. Signals
// (systemd stopping the unit) and other threads wake the sleeping loop.
#pragma once

#include <SDL.h>
#include <imgui.h>

#include <atomic>
#include <cfloat>
#include <memory>
#include <string>

#include "core/clock.hpp"

namespace kiosk {

namespace camera {
class CameraReader;
}
namespace platform {
class Display;
}
namespace ui {
struct Frame;
class Registry;
}  // namespace ui

struct AppOptions;
class AudioOut;
class KioskState;

// SIGTERM/SIGINT/SIGHUP end the process cleanly (systemd stopping the unit).
// They are taken by a thread with sigwait, so the render loop can sleep
// without a timeout and still be woken.
void start_signal_thread();
// Set once a signal asked the process to end.
const std::atomic<bool>& stop_requested();
// Wakes the render loop from another thread: the audio thread when a clip
// has played to its end (to close an idle device later), the device service
// when a staff PIN has been checked, the camera's reader.
void wake_render_loop();

// What the live loop needs of the app.
class FrameHost {
public:
    virtual ~FrameHost() = default;
    virtual void render_frame() = 0;
    // When the loop must wake up by itself (clock ms), or -1: only for input.
    virtual Millis next_wake() const = 0;
};

// What the page shows now: the screen, and on the question screens the
// question. A new one starts at the top; the tap timer waits for it to change.
std::string view_key(const KioskState& state);

struct ScrollView {
    std::string key;          // the view scrolled (view_key)
    float y = 0, max = 0;
    float view_bottom = 0;    // where scrolling content ends on the glass (the action bar's top)
    bool more_below = false;  // the scroll cue is showing
    bool no_cue = false;      // the script's screenshot-page: every part drawn without the cue (one layout)

    // Before drawing: a new view starts at the top. True when it is new.
    bool enter(const std::string& view);
    // After drawing: the frame's layout bounds the scroll and decides the
    // cue. True when the frame must be drawn again at once (the cue, or a
    // screen's own scroll, changed), so no frame shows a stale cue.
    bool after_draw(const ui::Frame& f, const ui::Registry& registry, float display_height);
};

class Input {
public:
    Input(KioskState& state, AudioOut& audio, platform::Display& display);
    ~Input();

    // Draws and sleeps until input, a timer or a wake-up, until the state
    // asks to quit or a signal ends the process. Headless: no input can
    // arrive, only timers and signals. `ui_scale`: the fonts' scale now.
    void run_live(FrameHost& app, const Clock& clock, const float& ui_scale);

    // One event of the live loop; `ui_scale` sizes the drag threshold and the wheel step.
    void handle(const SDL_Event& e, float ui_scale);
    // Any press on the glass stops speech at once (a tap on the speaker
    // then starts it again).
    void press();
    // A window-close, Alt+F4 or Escape: logged with the reason it is ignored.
    void close();
    // After a frame in the live loop: true once when a finger was lifted;
    // the tap was seen, and the pointer leaves no hover behind.
    bool take_release();
    // A finger lifted from glass leaves no hover behind.
    void lift() {
        mouse_pos = ImVec2(-FLT_MAX, -FLT_MAX);
        mouse_down = false;
    }

    // The scan screen's camera (--camera, --camera-frames, else the first
    // /dev/video* that opens; "none": no camera). The reader's thread opens
    // the source when the scan screen shows and closes it when it is left.
    void open_camera(const AppOptions& o);
    // After a frame's events: the camera runs exactly while screen `scan`
    // shows; a code it read goes the way a scanner's typing goes. True when
    // that changed what the screen shows.
    bool update_camera();

    // The pointer as ImGui sees it in the next frame (scripts set it too).
    ImVec2 mouse_pos{-FLT_MAX, -FLT_MAX};
    bool mouse_down = false;
    ScrollView scroll;

private:
    KioskState& state_;
    AudioOut& audio_;
    platform::Display& display_;
    // Drag-to-scroll: a press that moves more than a few pixels vertically
    // scrolls instead of tapping.
    bool pointer_down_ = false, dragging_ = false, release_after_frame_ = false;
    float press_y_ = 0, press_scroll_ = 0;
    // The scan screen's camera: capture and decoding on the reader's thread.
    std::unique_ptr<camera::CameraReader> camera_;
    bool camera_on_ = false;
};

}  // namespace kiosk
