#include "input.hpp"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>

#include "app.hpp"
#include "audio.hpp"
#include "camera/camera_reader.hpp"
#include "crypto/crypto.hpp"
#include "display.hpp"
#include "session/kiosk_state.hpp"
#include "ui_registry.hpp"
#include "widgets.hpp"

namespace kiosk {

namespace {

std::atomic<bool> g_stop{false};
std::mutex g_wait_mutex;
std::condition_variable g_wait_cv;
Uint32 g_wake_event = 0;

}  // namespace

void wake_render_loop() {
    {
        std::lock_guard<std::mutex> lock(g_wait_mutex);
    }
    g_wait_cv.notify_all();
    if (g_wake_event) {
        SDL_Event e{};
        e.type = g_wake_event;
        SDL_PushEvent(&e);
    }
}

const std::atomic<bool>& stop_requested() { return g_stop; }

void start_signal_thread() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread([set] {
        int sig = 0;
        sigwait(&set, &sig);
        g_stop = true;
        wake_render_loop();
    }).detach();
}

std::string view_key(const KioskState& state) {
    std::string k = screen_name(state.screen());
    if (const auto* iv = state.interview(); iv && iv->current()) k += ":" + iv->current()->link_id;
    return k;
}

bool ScrollView::enter(const std::string& view) {
    if (view == key) return false;
    key = view;
    y = 0;
    return true;
}

bool ScrollView::after_draw(const ui::Frame& f, const ui::Registry& registry, float display_height) {
    view_bottom = f.view_bottom > 0 ? f.view_bottom : display_height;
    max = std::max(0.0f, f.content_bottom - view_bottom);
    if (f.scroll_to >= 0) y = f.scroll_to;
    y = std::clamp(y + f.scroll_by, 0.0f, max);
    // The scroll cue shows while the content goes on below the view. It
    // is decided from this frame's layout, so when it (or a screen's own
    // scroll) changes, the frame is drawn again at once: a screen never
    // shows a stale cue, and a dump never records one.
    // The page's own bottom margin (end_page, and the gap after the last
    // line) is not "more below"; a widget or text that ends under the bar
    // is. Every answer, label and chart label is in the registry; what is
    // drawn without a record (pictograms, the chart's lines) sits inside
    // or above recorded ones.
    float ink_bottom = 0;
    for (const auto& w : registry.widgets())
        if (!w.fixed) ink_bottom = std::max(ink_bottom, w.rect.y + w.rect.h);
    // A text's box holds the line spacing under its last line: not ink.
    for (const auto& t : registry.texts()) ink_bottom = std::max(ink_bottom, t.rect.y + t.rect.h * 0.8f);
    const float below = max - y;
    const bool more = !no_cue && below > 1.0f && ink_bottom > view_bottom + 1.0f;
    const bool redraw = more != f.more_below || f.scroll_to >= 0 || f.scroll_by != 0;
    more_below = more;
    return redraw;
}

Input::Input(KioskState& state, AudioOut& audio, platform::Display& display)
    : state_(state), audio_(audio), display_(display) {}

Input::~Input() = default;

void Input::run_live(FrameHost& app, const Clock& clock, const float& ui_scale) {
    if (display_.headless()) {
        // No input can arrive: draw, then sleep until a timer or a signal.
        app.render_frame();
        app.render_frame();
        std::unique_lock<std::mutex> lock(g_wait_mutex);
        while (!g_stop && !state_.quit_requested()) {
            Millis deadline = app.next_wake();
            if (deadline < 0) {
                g_wait_cv.wait(lock, [] { return g_stop.load(); });
            } else {
                g_wait_cv.wait_for(lock, std::chrono::milliseconds(std::max<Millis>(0, deadline - clock.now_ms())));
                lock.unlock();
                app.render_frame();
                lock.lock();
            }
        }
        return;
    }
    g_wake_event = SDL_RegisterEvents(1);
    int pending = 2;  // frames to draw before sleeping again
    while (!g_stop && !state_.quit_requested()) {
        SDL_Event e;
        bool got = false;
        if (pending <= 0) {
            Millis deadline = app.next_wake();
            if (deadline < 0) got = SDL_WaitEvent(&e) == 1;
            else got = SDL_WaitEventTimeout(&e, static_cast<int>(std::max<Millis>(1, deadline - clock.now_ms()))) == 1;
            pending = 2;
        } else {
            got = SDL_PollEvent(&e) == 1;
        }
        while (got) {
            handle(e, ui_scale);
            got = SDL_PollEvent(&e) == 1;
        }
        app.render_frame();
        if (take_release()) pending = 2;  // the tap was seen; a lifted finger leaves no hover
        --pending;
    }
}

void Input::open_camera(const AppOptions& o) {
    if (o.camera_frames.empty() && o.camera_device == "none") return;
    camera::CameraReader::Opener open;
    if (!o.camera_frames.empty()) open = [dir = o.camera_frames] { return camera::open_files(dir); };
    else if (!o.camera_device.empty()) open = [dev = o.camera_device] { return camera::open_v4l2(dev); };
    else open = [] { return camera::open_first_camera(); };
    camera_ = std::make_unique<camera::CameraReader>(
        std::move(open), [](const std::string& line) { std::cerr << "kiosk: " + line + "\n"; }, &wake_render_loop);
}

bool Input::update_camera() {
    if (!camera_) return false;
    const bool want = state_.screen() == Screen::Scan;
    if (want != camera_on_) {
        if (want) camera_->start();
        else camera_->stop();
        camera_on_ = want;
    }
    bool changed = false;
    if (camera_->available() != state_.camera_available()) {
        state_.set_camera_available(camera_->available());
        changed = true;
    }
    if (!camera_on_) return changed;
    if (auto text = camera_->take_text()) {
        state_.scan_read(std::move(*text));  // wiped by the state once decoded
        changed = true;
    }
    return changed;
}

void Input::press() {
    state_.touch();
    audio_.stop();
}

void Input::close() { std::cerr << "kiosk: " << state_.request_close() << "\n"; }

bool Input::take_release() {
    if (!release_after_frame_) return false;
    release_after_frame_ = false;
    mouse_pos = ImVec2(-FLT_MAX, -FLT_MAX);
    return true;
}

void Input::handle(const SDL_Event& e, float ui_scale) {
    if (e.type == SDL_QUIT ||
        (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE)) {
        close();
        return;
    }
    if (e.type == SDL_AUDIODEVICEADDED || e.type == SDL_AUDIODEVICEREMOVED) {
        if (!e.adevice.iscapture) {
            if (e.type == SDL_AUDIODEVICEREMOVED) audio_.device_removed(e.adevice.which);
            else audio_.refresh();
        }
        return;
    }
    if (e.type == SDL_KEYDOWN) {
        state_.touch();
        SDL_Keycode k = e.key.keysym.sym;
        if (k == SDLK_ESCAPE || (k == SDLK_F4 && (e.key.keysym.mod & KMOD_ALT))) {
            close();
            return;
        }
        if (k == SDLK_BACKSPACE) state_.key_backspace();
        // Paste an enrollment bundle (the only place a clipboard is read).
        if (k == SDLK_v && (e.key.keysym.mod & KMOD_CTRL) && state_.screen() == Screen::Enroll) {
            if (char* clip = SDL_GetClipboardText()) {
                std::string text(clip);
                SDL_free(clip);
                state_.type_text(text);
                crypto::wipe(text);
            }
        }
        if (k == SDLK_RETURN || k == SDLK_KP_ENTER) state_.key_enter();
    }
    if (e.type == SDL_TEXTINPUT) state_.type_text(e.text.text);  // a keyboard, if one is attached
    float drag_threshold = 12.0f * ui_scale;
    if (e.type == SDL_MOUSEBUTTONDOWN && e.button.button == SDL_BUTTON_LEFT) {
        press();
        pointer_down_ = true;
        dragging_ = false;
        press_y_ = static_cast<float>(e.button.y);
        press_scroll_ = scroll.y;
        mouse_pos = ImVec2(static_cast<float>(e.button.x), static_cast<float>(e.button.y));
        mouse_down = true;
    } else if (e.type == SDL_MOUSEMOTION && pointer_down_) {
        float dy = static_cast<float>(e.motion.y) - press_y_;
        if (!dragging_ && scroll.max > 0 && std::fabs(dy) > drag_threshold) {
            dragging_ = true;
            mouse_pos = ImVec2(-FLT_MAX, -FLT_MAX);  // the press becomes a drag, not a tap
            mouse_down = false;
        }
        if (dragging_) scroll.y = std::clamp(press_scroll_ - dy, 0.0f, scroll.max);
        else mouse_pos = ImVec2(static_cast<float>(e.motion.x), static_cast<float>(e.motion.y));
    } else if (e.type == SDL_MOUSEBUTTONUP && e.button.button == SDL_BUTTON_LEFT) {
        pointer_down_ = false;
        mouse_down = false;
        release_after_frame_ = true;
    } else if (e.type == SDL_MOUSEWHEEL) {
        scroll.y = std::clamp(scroll.y - static_cast<float>(e.wheel.y) * 60.0f * ui_scale, 0.0f, scroll.max);
    } else {
        display_.process_event(e);
    }
}

}  // namespace kiosk
