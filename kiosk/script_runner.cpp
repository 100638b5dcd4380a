// Plays a `--script` file against the real app between frames.
//
// Index of this file:
// [SECTION] paths, reach and failures
// [SECTION] waiting as a person would
// [SECTION] the whole page as one screenshot
// [SECTION] the script loop
#include "script_runner.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <stb_image.h>
#include <stb_image_write.h>

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

// [SECTION] paths, reach and failures
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

// [SECTION] waiting as a person would
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

// [SECTION] the whole page as one screenshot
// The whole page of a screen taller than the glass, as one PNG: shots at
// successive scroll offsets, each giving what shows above the action bar,
// and the last one (scrolled to the bottom) whole, with the bar. Every shot
// is drawn without the "more below" cue: the cue makes the bar taller, and
// some screens size their content to the room above the bar (the result's
// chart), so shots with and without it would not fit together. The page is
// laid out as a resident sees it at its end; afterwards it is scrolled back.
Status ScriptRunner::screenshot_page(const fs::path& path) {
    ScrollView& scroll = p_.input.scroll;
    const float saved = scroll.y;
    scroll.no_cue = true;
    auto draw_at = [&](float y) {
        for (int i = 0; i < 2; ++i) {  // the first frame settles the bounds the second is clamped to
            scroll.y = std::clamp(y, 0.0f, scroll.max);
            frame();
        }
    };
    auto restore = [&] {
        scroll.no_cue = false;
        scroll.y = std::clamp(saved, 0.0f, scroll.max);
        frame();
        frame();
    };
    draw_at(1e9f);  // the bottom of the page
    const int w = p_.display.width(), h = p_.display.height();
    const int bottom = static_cast<int>(std::lround(scroll.y));
    if (bottom <= 0) {
        restore();
        return p_.display.save_png(path.string());
    }
    std::vector<unsigned char> page(static_cast<std::size_t>(w) * static_cast<std::size_t>(h + bottom) * 4, 0);
    const fs::path part = path.string() + ".part.png";
    // The frame last presented, its rows [0, rows), onto the page at row `at`.
    auto paste = [&](int at, int rows) -> Status {
        if (auto st = p_.display.save_png(part.string()); !st) return st;
        int pw = 0, ph = 0, n = 0;
        unsigned char* px = stbi_load(part.string().c_str(), &pw, &ph, &n, 4);
        std::error_code ec;
        fs::remove(part, ec);
        if (!px || pw != w || ph != h) {
            if (px) stbi_image_free(px);
            return make_error("cannot read back the screenshot " + part.string());
        }
        rows = std::min({rows, h, h + bottom - at});
        for (int r = 0; r < rows; ++r)
            std::copy_n(px + static_cast<std::size_t>(r) * w * 4, static_cast<std::size_t>(w) * 4,
                        page.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(at + r) * w * 4));
        stbi_image_free(px);
        return ok_status();
    };
    for (int y = 0; y < bottom;) {
        draw_at(static_cast<float>(y));
        const int at = static_cast<int>(std::lround(scroll.y));
        const int view = static_cast<int>(std::floor(scroll.view_bottom));
        if (view <= 1) break;
        if (auto st = paste(at, view); !st) {
            restore();
            return st;
        }
        y = at + view - 1;
    }
    draw_at(static_cast<float>(bottom));
    auto st = paste(static_cast<int>(std::lround(scroll.y)), h);
    restore();
    if (!st) return st;
    if (!stbi_write_png(path.string().c_str(), w, h + bottom, 4, page.data(), w * 4))
        return make_error("cannot write screenshot " + path.string());
    return ok_status();
}

// [SECTION] the script loop
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
    for (const auto& c : *parsed) shots |= c.verb == script::Verb::Screenshot || c.verb == script::Verb::ScreenshotPage;
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
            case script::Verb::ScreenshotPage: {
                auto st = screenshot_page(out_path(c.target));
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
