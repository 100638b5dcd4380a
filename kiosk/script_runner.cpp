#include "script_runner.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "app.hpp"
#include "audio.hpp"
#include "display.hpp"
#include "frame_stats.hpp"
#include "input.hpp"
#include "script/script.hpp"
#include "session/kiosk_state.hpp"
#include "device/service.hpp"
#include "ui_registry.hpp"

namespace kiosk {

namespace fs = std::filesystem;

fs::path ScriptRunner::out_path(const std::string& p) const {
    fs::path path(p);
    if (path.is_relative() && !p_.options.shots_dir.empty()) path = fs::path(p_.options.shots_dir) / path;
    if (path.has_parent_path()) fs::create_directories(path.parent_path());
    return path;
}

// A widget a finger can reach now: in the action bar, or in the part of
// the page above it.
bool ScriptRunner::on_screen(const ui::WidgetRecord& w) const {
    float cx = w.rect.x + w.rect.w * 0.5f, cy = w.rect.y + w.rect.h * 0.5f;
    float bottom = w.fixed ? static_cast<float>(p_.display.height()) : p_.input.scroll.view_bottom;
    return cx >= 0 && cy >= 0 && cx < static_cast<float>(p_.display.width()) && cy < bottom;
}

int ScriptRunner::fail(const script::Command& c, const std::string& what) {
    std::cerr << p_.options.script << ":" << c.line << ": " << what << "\n";
    host_.finish(0);
    return 3;
}

// A tap may start a short confirmation (the chosen answer stays visible
// for a moment, then the next question): let it play out as a person
// would wait for it. Long timers (idle) are left to `advance`.
// Like a person waiting for the pad's answer (the PIN is checked on the
// device service) or for a paused interview to open (read there too).
void ScriptRunner::wait_for_worker() {
    if (!host_.awaiting_worker()) return;  // answered already, and drawn (render_frame redraws)
    for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
         host_.awaiting_worker() && std::chrono::steady_clock::now() < until;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        frame();
    }
    // The answer was applied after the last frame was drawn: draw what it shows.
    settle();
    frame();
    frame();
}

// Like a person waiting a moment: what the device service was asked to do
// for the screen shown (a draft saved on pause, expired drafts taken off
// the staff list) is done, and drawn, before the script goes on.
void ScriptRunner::settle_store() {
    if (p_.state.screen() != Screen::Paused && p_.state.screen() != Screen::Staff) return;
    p_.store.flush();
    frame();
    frame();
}

void ScriptRunner::settle() {
    for (int i = 0; i < 4; ++i) {
        Millis d = p_.state.next_deadline();
        Millis now = p_.clock.now_ms();
        if (d < 0 || d - now > 1000) break;
        p_.clock.advance(std::max<Millis>(0, d - now));
        start_tap_timer();
        frame();
        frame();
    }
}

// For the benchmark: from the frame that handles a tap (or the end of
// the confirmation delay) to the frame that shows the next screen.
void ScriptRunner::start_tap_timer() { p_.stats.start_tap(view_key(p_.state)); }

void ScriptRunner::click_at(float x, float y) {
    p_.input.mouse_pos = ImVec2(x, y);
    p_.input.mouse_down = false;
    frame();
    p_.input.mouse_down = true;
    frame();
    p_.input.mouse_down = false;
    start_tap_timer();
    frame();
    release_pointer();
}

// A finger lifted from glass leaves no hover behind.
void ScriptRunner::release_pointer() {
    p_.input.lift();
    frame();
}

// Real time: until the clip has played (audio runs in real time).
void ScriptRunner::wait_speech(Millis at_most) {
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(at_most);
    while (p_.audio.playing() && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    frame();  // as the live loop does when the audio thread wakes it
}

int ScriptRunner::run() {
    auto parsed = script::parse_file(p_.options.script);
    if (!parsed) {
        std::cerr << parsed.error().message << "\n";
        return 2;
    }
    KioskState& state = p_.state;
    const ui::Registry& registry = p_.registry;
    ScrollView& scroll = p_.input.scroll;
    // A script that only reads dump-ui (the resident's-eye walk) does not
    // need pixels: skip the software rasteriser, which is nearly all of a
    // headless frame's cost. Screenshots and timing keep every frame drawn.
    bool shots = false;
    for (const auto& c : *parsed) shots |= c.verb == script::Verb::Screenshot;
    p_.display.set_rasterize(shots || p_.options.bench_frames > 0 || !p_.options.stats_file.empty());
    // A script plays a device that has finished starting, as a resident
    // meets it: the device service has opened the outbox (and, on a data dir
    // never enrolled, made the demo enrollment the demo PIN depends on).
    // On a loaded machine that takes longer than the first frames.
    for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
         !p_.store.status().started && std::chrono::steady_clock::now() < until;)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    // Injected input needs a frame or two of warm-up after the context is made.
    frame();
    frame();
    p_.stats.reset_longest();  // from here on: the script's frames, not start-up (fonts)
    for (const auto& c : *parsed) {
        if (p_.stop) break;
        switch (c.verb) {
            case script::Verb::Tap: {
                const ui::WidgetRecord* w = registry.find(c.target);
                if (!w) return fail(c, "no widget '" + c.target + "' on screen '" + registry.screen() + "'");
                if (!on_screen(*w)) {
                    // Like a person would: scroll it into view first.
                    scroll.y = std::clamp(scroll.y + w->rect.y + w->rect.h * 0.5f - scroll.view_bottom * 0.5f,
                                          0.0f, scroll.max);
                    // Two frames: the first draws at the new offset, which can change
                    // the scroll cue and so the bar's height; the second is the layout
                    // a person would see and tap.
                    frame();
                    frame();
                    w = registry.find(c.target);
                    if (!w || !on_screen(*w)) return fail(c, "widget '" + c.target + "' is outside the screen");
                }
                p_.input.press();
                click_at(w->rect.x + w->rect.w * 0.5f, w->rect.y + w->rect.h * 0.5f);
                settle();
                wait_for_worker();
                settle_store();
                break;
            }
            case script::Verb::Hold: {
                p_.input.press();
                const ui::WidgetRecord* w = registry.find(c.target);
                if (!w) return fail(c, "no widget '" + c.target + "' on screen '" + registry.screen() + "'");
                p_.input.mouse_pos = ImVec2(w->rect.x + w->rect.w * 0.5f, w->rect.y + w->rect.h * 0.5f);
                p_.input.mouse_down = false;
                frame();
                p_.input.mouse_down = true;
                frame();
                p_.clock.advance(c.duration_ms);
                frame();
                frame();
                release_pointer();
                break;
            }
            case script::Verb::Advance:
                p_.clock.advance(c.duration_ms);
                frame();
                frame();
                settle_store();
                break;
            case script::Verb::Type:
                state.touch();
                state.type_text(c.target);
                frame();
                frame();
                wait_for_worker();  // a typed bundle is enrolled on the device service
                break;
            case script::Verb::Key: {
                std::string k = c.target;
                std::transform(k.begin(), k.end(), k.begin(), ::tolower);
                state.touch();
                if (k == "escape" || k == "alt+f4" || k == "close") {
                    p_.input.close();
                } else if (k == "enter" || k == "return") {
                    state.key_enter();
                } else if (k == "backspace") {
                    state.key_backspace();
                } else {
                    return fail(c, "unknown key '" + c.target + "' (known: escape, alt+f4, close, enter, backspace)");
                }
                frame();
                frame();
                wait_for_worker();
                settle_store();
                break;
            }
            case script::Verb::Screenshot: {
                auto st = p_.display.save_png(out_path(c.target).string());
                if (!st) return fail(c, st.error().message);
                break;
            }
            case script::Verb::DumpUi: {
                fs::path p = out_path(c.target);
                std::ofstream out(p);
                out << registry.to_json() << "\n";
                if (!out) return fail(c, "cannot write " + p.string());
                break;
            }
            case script::Verb::ExpectText:
                if (!registry.shows_text(c.target))
                    return fail(c, "expected text '" + c.target + "' not shown on screen '" + registry.screen() + "'");
                break;
            case script::Verb::ExpectNoText:
                if (registry.shows_text(c.target))
                    return fail(c, "text '" + c.target + "' is shown on screen '" + registry.screen() + "'");
                break;
            case script::Verb::ExpectScreen:
                if (registry.screen() != c.target)
                    return fail(c, "expected screen '" + c.target + "' but it is '" + registry.screen() + "'");
                break;
            case script::Verb::WaitText: {
                const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
                frame();
                while (!registry.shows_text(c.target) && !p_.stop) {
                    if (std::chrono::steady_clock::now() > until)
                        return fail(c, "text '" + c.target + "' did not show within 10 s on screen '" +
                                           registry.screen() + "'");
                    std::this_thread::sleep_for(std::chrono::milliseconds(50));
                    frame();
                }
                break;
            }
            case script::Verb::WaitSpeech:
                wait_speech(c.duration_ms);
                break;
            case script::Verb::Quit:
                return host_.finish(0);
            case script::Verb::WaitContent: {
                // The check runs on the updater's thread over the real
                // network: wait for it in real time, bounded.
                frame();
                auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(c.duration_ms);
                for (;;) {
                    StoreStatus st = p_.store.status();
                    if (st.started && !st.content_busy) break;
                    if (std::chrono::steady_clock::now() > until)
                        return fail(c, "the content check did not finish in time");
                    std::this_thread::sleep_for(std::chrono::milliseconds(10));
                }
                frame();
                frame();
                wait_for_worker();  // a staged pack is installed and read on the device service
                break;
            }
        }
        if (state.quit_requested()) break;
    }
    return host_.finish(0);
}

}  // namespace kiosk
