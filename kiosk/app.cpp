#include "app.hpp"

#include "audio.hpp"

#include <SDL.h>
#include <sodium.h>
#include <imgui.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <cfloat>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <cmath>
#include <ctime>
#include <thread>

#include "camera/camera_reader.hpp"
#include "core/utc_time.hpp"
#include "core/clock.hpp"
#include "device/device.hpp"
#include "device/service.hpp"
#include "display.hpp"
#include "pack/content_dir.hpp"
#include "pack/pack.hpp"
#include "pack/updater.hpp"
#include "questionnaire/loader.hpp"
#include "referrals/referrals.hpp"
#include "screens.hpp"
#include "script/script.hpp"
#include "session/kiosk_state.hpp"
#include "crypto/crypto.hpp"
#include "device/enrollment.hpp"
#include "device_status.hpp"
#include "enroll/enroll.hpp"
#include "content/translations.hpp"
#include "i18n/catalog.hpp"
#include "session/read_aloud.hpp"
#include "settings/device_settings.hpp"
#include "speech/speech_service.hpp"
#include "staff/audit.hpp"
#include "staff/pin.hpp"
#include "printing.hpp"
#include "theme.hpp"
#include "ui_registry.hpp"

namespace kiosk {

namespace {

// espeak-ng loads its voices after the first frame is on the glass (or at
// the first speech request), not while the app starts.
speech::SpeechOptions app_speech_options() {
    speech::SpeechOptions o;
    o.warm_up_delay_ms = 300;
    return o;
}

namespace fs = std::filesystem;

// The device service reads free disk and battery through the platform (statvfs, /sys).
DeviceServiceOptions service_options(const AppOptions& o) {
    DeviceServiceOptions s;
    s.assets_dir = o.assets_dir;
    s.facts = [](const fs::path& data_dir) {
        DeviceFacts f;
        f.free_bytes = platform::free_bytes(data_dir);
        if (auto b = platform::battery()) f.battery = BatteryLevel{b->percent, b->charging};
        return f;
    };
    return s;
}

std::int64_t monotonic_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// SIGTERM/SIGINT/SIGHUP end the process cleanly (systemd stopping the unit).
// They are taken by a thread with sigwait, so the render loop can sleep
// without a timeout and still be woken.
std::atomic<bool> g_stop{false};
std::mutex g_wait_mutex;
std::condition_variable g_wait_cv;
Uint32 g_wake_event = 0;

// Wakes the render loop from another thread: the audio thread when a clip
// has played to its end (to close an idle device later), the store worker
// when a staff PIN has been checked.
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
        {
            std::lock_guard<std::mutex> lock(g_wait_mutex);
        }
        g_wait_cv.notify_all();
        if (g_wake_event) {
            SDL_Event e{};
            e.type = g_wake_event;
            SDL_PushEvent(&e);
        }
    }).detach();
}

class App {
public:
    App(const AppOptions& o, std::unique_ptr<platform::Display> display, const Clock& clock, ManualClock* manual)
        : o_(o),
          display_(std::move(display)),
          clock_(clock),
          manual_(manual),
          base_options_{o.lang},
          // No PinCheck: the PIN is checked on the device service (check_pin), never in a frame.
          state_(clock, base_options_, nullptr),
          store_(o.data_dir, service_options(o)),
          content_dir_(o.content_dir) {
        ctx_.demo_mode = o.demo || staff::demo_pin_applies(o.data_dir);
        dpi_ = o.dpi > 0 ? o.dpi : display_->dpi();
        load_content();
        // Content packs: the first check a little after start, then every
        // interval, timed on the app's clock (a script moves it with `advance`).
        if (!o.content_pinned) {
            if (auto cfg = pack::load_updater_config(o.data_dir)) {
                content_interval_ms_ = cfg->interval_ms;
                next_content_check_ = clock_.now_ms() + cfg->first_check_ms;
            }
        }
        store_.set_wake(&wake_render_loop);  // an answer of the device service wakes a sleeping UI
        state_.set_finish_sink([this](FinishedResponse&& r) { store_.submit(std::move(r)); });
        state_.set_completion_sink([this](CompletionRecord&& r) { store_.submit_completion(std::move(r)); });
        wire_staff();
        // Staff defaults for this device; a broken file is reported and the
        // kiosk runs on the built-in defaults.
        auto ds = load_device_settings(o.data_dir);
        if (ds) state_.set_device_settings(*ds);
        else std::cerr << "kiosk: " << ds.error().message << " (using the default sound and text settings)\n";
        configure_audio();
        audio_.set_on_finished(&wake_render_loop);
        open_camera();
    }

    int run() {
        if (o_.check_glyphs) return check_glyphs();
        if (!o_.script.empty()) return run_script();
        return run_live();
    }

private:
    // ---- every glyph present ---------------------------------------------------
    // Every text the kiosk can show (its catalogue in every language, the
    // organisation's overrides, every questionnaire and referral text in
    // every translation) against the fonts at the size they are drawn in:
    // one line per character without a glyph. 0: all present, 3: some missing.
    int check_glyphs() {
        ensure_fonts();
        std::map<unsigned, std::string> missing;  // code point -> first text it is in
        auto check = [&](const std::string& where, const std::string& t) {
            for (ImFont* font : {fonts_.body, fonts_.heading, fonts_.large})
                for (unsigned c : ui::missing_glyphs(t, font)) missing.emplace(c, where + ": " + t);
        };
        auto check_tr = [&](const std::string& where, const questionnaire::Translatable& t) {
            check(where, t.base);
            for (const auto& [lang, text] : t.translations) check(where + " (" + lang + ")", text);
        };
        std::size_t texts = 0;
        for (const auto& key : i18n::keys())
            for (const auto& l : i18n::languages()) {
                check("catalogue " + key + " (" + l.code + ")", i18n::tr(key, l.code));
                ++texts;
            }
        std::function<void(const std::string&, const std::vector<questionnaire::Item>&)> items =
            [&](const std::string& qid, const std::vector<questionnaire::Item>& list) {
                for (const auto& it : list) {
                    const std::string where = qid + ":" + it.link_id;
                    for (const auto* t : {&it.text, &it.scale_low, &it.scale_high, &it.sensitive_why}) check_tr(where, *t);
                    check(where, it.prefix);
                    for (const auto& o : it.options) check_tr(where + " option", o.display);
                    texts += 5 + it.options.size();
                    items(qid, it.children);
                }
            };
        for (const auto& qn : state_.catalog()) {
            check_tr(qn.id + " title", qn.title);
            check_tr(qn.id + " description", qn.description);
            items(qn.id, qn.items);
        }
        std::vector<referrals::Offer> offers = referrals_for_check_.offers;
        if (referrals_for_check_.safety) offers.push_back(*referrals_for_check_.safety);
        for (const auto& o : offers) {
            for (const auto& [lang, t] : o.name) check("referral " + o.id + " (" + lang + ")", t);
            for (const auto& [lang, t] : o.description) check("referral " + o.id + " (" + lang + ")", t);
            for (const char* lang : {"nl", "en"})
                for (const auto& line : referrals::contact_lines(o, lang)) check("referral " + o.id + " (" + lang + ")", line);
        }
        for (const auto& [c, where] : missing) {
            char cp[16];
            std::snprintf(cp, sizeof cp, "U+%04X", c);
            std::cerr << "kiosk: no glyph for " << cp << " in " << where << "\n";
        }
        std::cout << "checked " << texts << " texts: " << missing.size() << " characters without a glyph\n";
        return missing.empty() ? 0 : 3;
    }

    // ---- content -----------------------------------------------------------
    // At start, before the first frame: the content folder read once
    // (shared/pack/content_dir). Questionnaires that do not load never reach a
    // resident; staff see why (stderr now, the staff screen later).
    void load_content() {
        auto loaded = pack::load_content_dir(content_dir_);
        for (const auto& line : loaded.log) std::cerr << "kiosk: " << line << "\n";
        apply_content(std::move(loaded));
    }

    // Takes a loaded content folder into the state: moves and small copies
    // only, so a frame can do it (a pack's reload is read on the device service).
    void apply_content(pack::LoadedContent&& c) {
        store_.set_content_version(o_.content_pinned ? "" : c.version);
        // The organisation's wording and settings that came with the content.
        i18n::set_overrides(std::move(c.translations));
        KioskOptions opts = base_options_;
        if (const auto& cs = c.settings) {
            if (cs->default_lang) opts.default_lang = *cs->default_lang;
            if (cs->idle_after_s) opts.idle_after_ms = *cs->idle_after_s * 1000LL;
            if (cs->idle_warning_s) opts.idle_warning_ms = *cs->idle_warning_s * 1000LL;
            opts.desk_where = cs->desk;
            opts.languages = cs->languages;
        }
        state_.set_options(opts);
        state_.set_catalog(std::move(c.questionnaires));
        referrals_for_check_ = c.referrals;
        state_.set_referrals(std::move(c.referrals));
        // New texts may need other glyphs: then the next frame rebuilds the atlas. A pack
        // in the same scripts needs the same atlas: kept (a rebuild costs more than a frame).
        if (!fonts_.body || script_fonts_.empty() ||
            !same_script_fonts(script_fonts_, ui::script_fonts_for(o_.font_scripts, ui::content_code_points(
                                                                                          state_.catalog(), referrals_for_check_, fonts_lang_))))
            script_fonts_.clear(), fonts_.body = nullptr;
    }

    static bool same_script_fonts(const std::vector<ui::ScriptFont>& a, const std::vector<ui::ScriptFont>& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const ui::ScriptFont& x, const ui::ScriptFont& y) {
            return x.regular == y.regular && x.bold == y.bold && x.ranges == y.ranges && x.scale == y.scale;
        });
    }

    // ---- staff: audit log, persisted PIN lockout, paused interviews -----------
    void wire_staff() {
        const std::string dir = o_.data_dir;
        // Audit lines and the lockout are written (and fsynced) on the store
        // worker, in order; the frame only says what happened and when.
        state_.set_audit_sink([this, dir](const std::string& action, const std::string& detail) {
            store_.post([dir, at = clock_.wall_ms(), action, detail] {
                if (auto st = staff::audit(dir, at, action, detail); !st) std::cerr << "kiosk: " << st.error().message << "\n";
            });
        });
        state_.set_lockout_sink([this, dir](int wrong, std::int64_t until) {
            store_.post([dir, wrong, until] {
                if (auto st = staff::save_lockout(dir, {wrong, until}); !st)
                    std::cerr << "kiosk: cannot keep the PIN lockout: " << st.error().message << "\n";
            });
        });
        if (auto l = staff::load_lockout(dir)) {
            state_.restore_pin_lockout(l->wrong, l->locked_until);
        } else {
            // A damaged lockout file never unlocks early: treat it as a fresh lockout.
            std::cerr << "kiosk: " << l.error().message << "\n";
            state_.restore_pin_lockout(5, clock_.wall_ms() + 30'000);
        }
        // Expiry from the device settings the constructor loaded (settings.json).
        state_.set_draft_sink([this](PausedInterview&& p) {
            const auto days = static_cast<std::int64_t>(state_.device_settings().draft_expiry_days);
            store_.save_draft(std::move(p), clock_.wall_ms() + days * 86'400'000);
        });
        next_expiry_check_ = clock_.wall_ms() + 60'000;
    }

    // Paused interviews past their expiry are sealed or discarded (device
    // setting), on the app's clock: a script's `advance` moves it too.
    // Both are done on the device service; the frame only asks (issue 15).
    void expire_drafts() {
        next_expiry_check_ = clock_.wall_ms() + 60'000;
        store_.expire_drafts(clock_.wall_ms());
    }

    // Staff tapped a paused interview: the service reads it, a later frame resumes it.
    bool resume_pending_ = false;
    bool handle_resume() {
        if (auto id = state_.take_resume_request(); id && !resume_pending_) {
            next_expiry_check_ = clock_.wall_ms() + 60'000;
            store_.load_draft(*id, clock_.wall_ms());
            resume_pending_ = true;
        }
        auto got = store_.take_draft_load();
        if (!got) return false;
        resume_pending_ = false;
        auto& draft = got->json;
        resume_failed_ = !draft || !state_.resume(got->id, *draft);
        if (!draft) std::cerr << "kiosk: cannot resume a paused interview: " << draft.error().message << "\n";
        if (draft) sodium_memzero(draft->data(), draft->size());
        return true;
    }

    std::string age_text(std::int64_t since_wall) const {
        std::int64_t s = std::max<std::int64_t>(0, (clock_.wall_ms() - since_wall) / 1000);
        const std::string& lang = state_.lang();
        if (s < 3600) return i18n::fmt("age.minutes", lang, {{"n", std::to_string(s / 60)}});
        if (s < 2 * 86400) return i18n::fmt("age.hours", lang, {{"n", std::to_string(s / 3600)}});
        return i18n::fmt("age.days", lang, {{"n", std::to_string(s / 86400)}});
    }

    void* icon(const std::string& name) {
        if (name.empty()) return nullptr;
        auto it = icons_.find(name);
        if (it != icons_.end()) return it->second;
        // A pack may carry its own icons; the rest come from the bundled assets.
        fs::path file = fs::path(content_dir_) / "icons" / (name + ".png");
        std::error_code ec;
        if (!fs::exists(file, ec) && !o_.assets_dir.empty()) file = fs::path(o_.assets_dir) / "icons" / (name + ".png");
        void* tex = display_->load_texture(file.string());
        icons_[name] = tex;
        return tex;
    }

    // ---- one frame -------------------------------------------------------
    void ensure_fonts() {
        float ui_scale = static_cast<float>(std::min(display_->width(), display_->height())) / 800.0f;
        // Staff screens keep their own size: the resident's text size is
        // theirs, and the PIN pad must fit.
        bool staff = state_.screen() == Screen::Pin || state_.screen() == Screen::Staff ||
                     state_.screen() == Screen::Assist;
        float text_scale = staff ? 1.0f : static_cast<float>(state_.session().text_scale_pct) / 100.0f;
        // Glyphs for the texts of the session's language (script_fonts.hpp): a
        // language switch rebuilds the atlas, so it never holds every script at once.
        const std::string glyph_lang = o_.check_glyphs ? "" : state_.lang();
        if (glyph_lang != fonts_lang_) script_fonts_.clear(), fonts_lang_ = glyph_lang;
        if (fonts_.body && fonts_.ui_scale == ui_scale && fonts_.text_scale == text_scale && !script_fonts_.empty()) return;
        if (script_fonts_.empty())
            script_fonts_ = ui::script_fonts_for(o_.font_scripts, ui::content_code_points(state_.catalog(), referrals_for_check_, glyph_lang));
        fonts_ = ui::build_fonts(o_.font_regular, o_.font_bold, ui_scale, text_scale, o_.font_symbols, script_fonts_);
        // Touch targets: 64 px at 1280x800 scaled with the display, and at
        // least 9 mm on the glass when the DPI is known.
        fonts_.min_target_px = std::max(64.0f * ui_scale, dpi_ > 0 ? 9.0f / 25.4f * dpi_ : 0.0f);
        registry_.set_dpi(dpi_, fonts_.min_target_px);
        display_->reload_fonts();
    }

    void render_frame() {
        frame_start_ns_ = monotonic_ns();
        const std::int64_t frame_t0 = frame_start_ns_;
        // The demo enrollment is made by the device service on a data dir never
        // enrolled, after the constructor ran: learn it once the service started.
        if (!demo_known_) {
            StoreStatus st = store_.status();
            if (st.started) {
                demo_known_ = true;
                ctx_.demo_mode = o_.demo || (st.demo && !staff::pin_is_set(o_.data_dir));
            }
        }
        // Not durable, not offered (issue 14): keys missing, outbox unopenable or unwritable.
        state_.set_storage_problem(store_.storage_problem());
        ensure_fonts();
        double cpu0 = thread_cpu_ms();
        Millis now = clock_.now_ms();
        float dt = last_frame_ms_ < 0 ? 1.0f / 60 : static_cast<float>(std::max<Millis>(1, now - last_frame_ms_)) / 1000.0f;
        last_frame_ms_ = now;
        display_->new_frame(dt);
        ImGuiIO& io = ImGui::GetIO();
        // Pointer input is ours, live and scripted alike (drag-to-scroll
        // decides whether a press is a tap).
        io.MousePos = mouse_pos_;
        io.MouseDown[0] = mouse_down_;
        ImGui::NewFrame();

        const ui::Palette& pal = ui::palette(state_.session().high_contrast);
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(io.DisplaySize);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
        ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
        ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(0, 0, 0, 0));  // the display clears to pal.background
        ImGui::Begin("##screen", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                         ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse |
                         ImGuiWindowFlags_NoNav);
        registry_.begin_frame(screen_name(state_.screen()), display_->width(), display_->height());
        std::string key = scroll_key();
        bool fresh = key != scroll_key_;
        if (fresh) {  // a new screen starts at the top
            scroll_key_ = key;
            scroll_y_ = 0;
        }
        ui::Frame f{registry_, pal, fonts_, ImGui::GetWindowDrawList(), io.DisplaySize.x, io.DisplaySize.y,
                    io.MouseDown[0], scroll_y_, 0, [this](const std::string& n) { return icon(n); },
                    audio_.headphones_missing()};
        f.view_bottom = io.DisplaySize.y;
        f.more_below = more_below_ && !fresh;
        f.fresh = fresh;
        if (state_.screen() == Screen::Staff) fill_staff_info();
        ui::draw_screen(f, state_, ctx_, events_);
        view_bottom_ = f.view_bottom > 0 ? f.view_bottom : io.DisplaySize.y;
        max_scroll_ = std::max(0.0f, f.content_bottom - view_bottom_);
        if (f.scroll_to >= 0) scroll_y_ = f.scroll_to;
        scroll_y_ = std::clamp(scroll_y_ + f.scroll_by, 0.0f, max_scroll_);
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
        for (const auto& w : registry_.widgets())
            if (!w.fixed) ink_bottom = std::max(ink_bottom, w.rect.y + w.rect.h);
        // A text's box holds the line spacing under its last line: not ink.
        for (const auto& t : registry_.texts()) ink_bottom = std::max(ink_bottom, t.rect.y + t.rect.h * 0.8f);
        const float below = max_scroll_ - scroll_y_;
        const bool more = below > 1.0f && ink_bottom > view_bottom_ + 1.0f;
        const bool redraw = more != f.more_below || f.scroll_to >= 0 || f.scroll_by != 0;
        more_below_ = more;
        ImGui::End();
        ImGui::PopStyleColor();
        ImGui::PopStyleVar(3);
        display_->render_and_present(static_cast<unsigned char>(pal.background[0]),
                                     static_cast<unsigned char>(pal.background[1]),
                                     static_cast<unsigned char>(pal.background[2]));

        Screen before = state_.screen();
        events_.apply(state_);
        // The PIN goes to the device service; its answer comes back in a later frame.
        if (std::string pin = state_.take_pin_request(); !pin.empty()) {
            store_.refresh_device_facts();  // done before the PIN's answer: the staff screen opens complete
            next_facts_ = std::chrono::steady_clock::now() + std::chrono::seconds(5);
            store_.check_pin(std::move(pin));
        }
        bool pin_answered = false;
        if (auto good = store_.take_pin_result()) {
            // A PIN file that cannot be read opens nothing (the service logged why).
            state_.pin_result(good->ok() && **good);
            pin_answered = true;  // drawn at once below, so a frame never shows the pad still checking
        }
        if (state_.take_sync_request()) store_.sync_now();
        if (handle_resume()) pin_answered = true;  // drawn at once, as a PIN's answer
        if (handle_enroll()) pin_answered = true;  // drawn at once, as a PIN's answer
        state_.tick();
        const bool camera_changed = update_camera();
        const bool print_changed = print_.update(state_);  // the thanks screen's print (printing.hpp)
        if (state_.screen() == Screen::Staff && before != Screen::Staff) {
            resume_failed_ = false;
            expire_drafts();  // the paused list is current when staff look at it
        } else if (clock_.wall_ms() >= next_expiry_check_) {
            expire_drafts();
        }
        const bool content_changed = update_content(now);
        update_speech();
        if (tap_t0_ns_ > 0) {
            ++tap_frames_;
            if (scroll_key() != tap_key_) {  // the next screen (or question) is on the glass
                taps_.push_back({static_cast<double>(monotonic_ns() - tap_t0_ns_) / 1e6, tap_frames_ - 1});
                tap_t0_ns_ = 0;
            } else if (tap_frames_ > 8) {
                tap_t0_ns_ = 0;  // this tap did not change the screen
            }
        }
        double cpu = thread_cpu_ms() - cpu0;
        if (timing_frames_) frame_cpu_ms_.push_back(cpu);
        // Wall time of the longest frame (drawn or only applied): what a frame
        // that waited on disk, crypto or network would show (issue 15 bench).
        longest_frame_ms_ = std::max(longest_frame_ms_, static_cast<double>(monotonic_ns() - frame_t0) / 1e6);
        if (first_frame_ns_ == 0) first_frame_ns_ = monotonic_ns();
        ++frames_;
        if ((redraw || pin_answered || camera_changed || print_changed || content_changed) && redraw_depth_ < 2) {
            ++redraw_depth_;
            render_frame();
            --redraw_depth_;
        }
    }

    // ---- content packs ---------------------------------------------------------
    // Asks the updater to look when due; installs a checked pack, or rolls
    // back on staff's request, only between residents (never mid-interview).
    // The device service installs (or rolls back) and reads the new content;
    // a later frame swaps it in, still between residents. True when it did.
    bool update_content(Millis now) {
        if (o_.content_pinned) {
            (void)state_.take_rollback_request();
            return false;
        }
        if (next_content_check_ >= 0 && now >= next_content_check_) {
            store_.check_content();
            next_content_check_ = now + content_interval_ms_;
        }
        if (!state_.between_residents()) return false;
        if (content_pending_) {
            auto got = store_.take_content();
            if (!got) return false;
            content_pending_ = false;
            if (got->message) content_message_ = std::move(*got->message);
            if (got->content) {
                content_dir_ = got->content->dir.string();
                icons_.clear();  // textures of the old content stay alive: cheap, and a screen may still hold one
                apply_content(std::move(*got->content));
            }
            return true;
        }
        if (state_.take_rollback_request()) {
            store_.rollback_content();
            content_pending_ = true;
            return false;
        }
        if (!store_.content_waiting()) return false;
        store_.install_staged_content();
        content_pending_ = true;
        return false;
    }

    // When the render loop must wake up by itself: the state's timers, the
    // next content check, (while a pack waits) once a second, and closing
    // an idle audio device.
    Millis next_wake() const {
        Millis d = state_.next_deadline();
        auto consider = [&](Millis t) {
            if (t >= 0 && (d < 0 || t < d)) d = t;
        };
        consider(next_content_check_);
        consider(audio_close_at_);
        if (store_.content_busy() || store_.content_waiting() || content_pending_) consider(clock_.now_ms() + 1000);
        return d;
    }

    // ---- enrollment from the staff screen ---------------------------------------
    // A scanned or pasted bundle: applied to the data dir on the device service
    // like `kiosk enroll` (nothing stranded); a later frame shows the outcome.
    // The new identity takes effect when the kiosk restarts.
    bool enroll_pending_ = false;
    // The UI waits on the device service for an answer it will show (a script waits for it as a person would).
    bool service_answer_pending() const {
        return state_.pin_checking() || resume_pending_ || enroll_pending_ ||
               (content_pending_ && state_.between_residents());
    }
    bool handle_enroll() {
        if (auto text = state_.take_enroll_text()) {
            store_.enroll(std::move(*text));  // wiped by the service once parsed
            crypto::wipe(*text);              // (a moved-from string may keep its buffer)
            enroll_pending_ = true;
        }
        auto got = store_.take_enroll_result();
        if (!got) return false;
        enroll_pending_ = false;
        if (got->ok) state_.enroll_result(true, i18n::fmt("enroll.done", state_.lang(), {{"name", got->name}}));
        else state_.enroll_result(false, i18n::fmt("enroll.refused", state_.lang(), {{"why", got->why}}));
        return true;
    }

    // ---- the camera on the scan screen -------------------------------------------
    // The reader's thread opens the source when the scan screen shows
    // (--camera-frames: image files; --camera: that device; else the first
    // /dev/video* that opens) and closes it when the screen is left. No
    // camera is one line in the log, and the screen works with a USB scanner.
    void open_camera() {
        if (o_.camera_frames.empty() && o_.camera_device == "none") return;
        camera::CameraReader::Opener open;
        if (!o_.camera_frames.empty()) open = [dir = o_.camera_frames] { return camera::open_files(dir); };
        else if (!o_.camera_device.empty()) open = [dev = o_.camera_device] { return camera::open_v4l2(dev); };
        else open = [] { return camera::open_first_camera(); };
        camera_ = std::make_unique<camera::CameraReader>(
            std::move(open), [](const std::string& line) { std::cerr << "kiosk: " + line + "\n"; }, &wake_render_loop);
    }

    // After a frame's events: the camera runs exactly while screen `scan`
    // shows; a code it read goes the way a scanner's typing goes. True when
    // that changed what the screen shows.
    bool update_camera() {
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

    // ---- read-aloud -----------------------------------------------------------
    void configure_audio() {
        const DeviceSettings& d = state_.device_settings();
        applied_volume_ = state_.speech_volume_pct();  // the resident's own level, else the staff's
        audio_.configure({applied_volume_, d.headphones_only, d.headphone_device});
        audio_.refresh();
    }

    // After each frame: play what a speaker button asked for, read a new
    // screen by itself when read-aloud is on, and synthesise what comes next.
    void update_speech() {
        // An open audio device keeps an SDL thread busy: close it when
        // nothing has played for a while (the next tap opens it again).
        if (audio_.playing()) audio_close_at_ = -1;
        else if (audio_.is_open() && audio_close_at_ < 0) audio_close_at_ = clock_.now_ms() + kAudioIdleCloseMs;
        if (audio_close_at_ >= 0 && clock_.now_ms() >= audio_close_at_) {
            audio_.close();
            audio_close_at_ = -1;
        }
        if (state_.take_device_settings_change()) {
            state_.audit(staff::action::kSettingsChanged);
            // Written (and fsynced) on the store worker, not in this frame (issue 15).
            store_.post([dir = o_.data_dir, settings = state_.device_settings()] {
                if (auto st = save_device_settings(dir, settings); !st) std::cerr << "kiosk: " << st.error().message << "\n";
            });
            configure_audio();
        }
        // The resident's louder/quieter, and back to the staff's level after them.
        if (state_.speech_volume_pct() != applied_volume_) configure_audio();
        if (auto req = state_.take_speech_request()) speak(utterance_for(state_, *req), false);
        std::string key = speech_key(state_);
        if (key == spoken_key_) return;
        spoken_key_ = key;
        Screen sc = state_.screen();
        if (sc == Screen::Pin || sc == Screen::Staff) {
            audio_.stop();
            return;
        }
        if (!o_.no_prefetch) {
            std::map<std::string, std::vector<std::string>> by_lang;
            for (auto& u : upcoming_utterances(state_)) by_lang[u.lang].push_back(std::move(u.text));
            for (const auto& [lang, texts] : by_lang) speech_.prefetch(lang, texts);
        }
        // An untouched welcome screen (after a wipe or "finish") is not read
        // to an empty room; the next resident taps the speaker or a setting.
        bool empty_room = sc == Screen::Welcome && state_.session_untouched();
        if (state_.session().read_aloud && !empty_room) speak(screen_utterance(state_), true);
        else audio_.stop();
    }

    void speak(const Utterance& u, bool automatic) {
        if (u.text.empty()) return;
        bool cached = speech_.is_cached(u.lang, u.text);
        speech::Ticket t = speech_.request(u.lang, u.text);
        auto st = audio_.play(speech_.stream(t), frame_start_ns_);
        if (!st) {
            // Staff-readable, once per different problem; never the text.
            if (st.error().message != audio_problem_)
                std::cerr << "kiosk: read-aloud is silent: " << st.error().message << "\n";
            audio_problem_ = st.error().message;
            ++speech_failures_;
            return;
        }
        audio_problem_.clear();
        speak_log_.push_back({screen_name(state_.screen()), automatic, cached});
    }

    // Any press on the glass stops speech at once (a tap on the speaker
    // then starts it again).
    void press() {
        state_.touch();
        audio_.stop();
    }

    // Real time: until the clip has played (audio runs in real time).
    void wait_speech(Millis at_most) {
        auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(at_most);
        while (audio_.playing() && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        render_frame();  // as the live loop does when the audio thread wakes it
    }

    std::chrono::steady_clock::time_point next_facts_{};  // next free-disk / battery read
    void fill_staff_info() {
        StoreStatus st = store_.status();
        ui::StaffInfo& i = ctx_.staff;
        i = ui::StaffInfo{};
        i.demo = st.demo;
        const std::string& lang = state_.lang();
        // Staff read their screen in the kiosk's language: lines the layers
        // below made from the catalogue are said in it (i18n::localize); the
        // rest (rare, technical) as the module wrote them.
        i.problem = i18n::localize(st.problem.empty() ? st.fault : st.problem, lang);  // also: opened but cannot be written
        i.to_send = st.queued + st.kept_in_memory + st.sealing;
        i.rejected = st.rejected;
        i.device_id = st.device_id;
        for (const auto& n : st.notices)
            i.notices.push_back(i18n::localize(n, lang));
        // Read on the device service (statvfs, /sys), asked for again every few seconds.
        if (const auto t = std::chrono::steady_clock::now(); t >= next_facts_) {
            store_.refresh_device_facts();
            next_facts_ = t + std::chrono::seconds(5);
        }
        if (auto fb = st.free_bytes) i.free_disk = i18n::bytes(*fb, lang);
        if (auto b = st.battery)
            i.battery = std::to_string(b->percent) + " %" + (b->charging ? " (" + i18n::tr("staff.charging", lang) + ")" : "");
        if (st.oldest_unsent_at > 0) i.oldest_unsent = age_text(st.oldest_unsent_at);
        for (const auto& d : st.drafts) i.paused.push_back({d.id, d.case_ref, age_text(d.paused_at)});
        i.resume_failed = resume_failed_;
        i.last_error = i18n::localize(st.fault, lang);
        i.content_version = st.content_version;
        i.content_waiting = st.content_staged;
        i.content_notice = i18n::localize(st.content_notice, lang);
        if (!content_message_.empty()) i.notices.push_back(i18n::localize(content_message_, lang));  // rollback / install result
        // Local directories go stale within months: say which offers to check again.
        for (const auto& id : referrals::stale_offers(state_.referrals(), utc_day(clock_.wall_ms())))
            i.notices.push_back(i18n::fmt("staff.referral-stale", state_.lang(), {{"id", id}}));
        i.audio_device = audio_.open_device_name();
        i.audio_problem = i18n::localize(audio_problem_, lang);  // staff see it in their language
        if (st.sync) {
            i.syncing = true;
            i.to_send = st.sync->queue_depth + st.sealing;  // a resident's answers being sealed count too
            i.rejected = st.sync->rejected;
            i.drain_done = st.sync->drain_done;
            i.drain_total = st.sync->drain_total;
            i.alert = i18n::localize(st.sync->alert, lang);
            if (!st.sync->last_error.empty()) i.last_error = i18n::localize(st.sync->last_error, lang);
            if (i.last_error == i.alert) i.last_error.clear();  // the alert above already says it, in red
            if (st.sync->last_success_wall_ms > 0) {
                std::time_t t = static_cast<std::time_t>(st.sync->last_success_wall_ms / 1000);
                std::tm tm{};
                localtime_r(&t, &tm);
                char buf[32];
                std::strftime(buf, sizeof buf, "%d-%m-%Y %H:%M", &tm);
                i.last_success = buf;
            }
        }
    }

    std::string scroll_key() const {
        std::string k = screen_name(state_.screen());
        if (const auto* iv = state_.interview(); iv && iv->current()) k += ":" + iv->current()->link_id;
        return k;
    }

    // ---- live ------------------------------------------------------------
    int run_live() {
        if (display_->headless()) {
            // No input can arrive: draw, then sleep until a timer or a signal.
            render_frame();
            render_frame();
            std::unique_lock<std::mutex> lock(g_wait_mutex);
            while (!g_stop && !state_.quit_requested()) {
                Millis deadline = next_wake();
                if (deadline < 0) {
                    g_wait_cv.wait(lock, [] { return g_stop.load(); });
                } else {
                    g_wait_cv.wait_for(lock, std::chrono::milliseconds(std::max<Millis>(0, deadline - clock_.now_ms())));
                    lock.unlock();
                    render_frame();
                    lock.lock();
                }
            }
            return finish(0);
        }
        g_wake_event = SDL_RegisterEvents(1);
        int pending = 2;  // frames to draw before sleeping again
        while (!g_stop && !state_.quit_requested()) {
            SDL_Event e;
            bool got = false;
            if (pending <= 0) {
                Millis deadline = next_wake();
                if (deadline < 0) got = SDL_WaitEvent(&e) == 1;
                else got = SDL_WaitEventTimeout(&e, static_cast<int>(std::max<Millis>(1, deadline - clock_.now_ms()))) == 1;
                pending = 2;
            } else {
                got = SDL_PollEvent(&e) == 1;
            }
            while (got) {
                handle_event(e);
                got = SDL_PollEvent(&e) == 1;
            }
            render_frame();
            if (release_after_frame_) {  // the tap was seen; a lifted finger leaves no hover
                release_after_frame_ = false;
                mouse_pos_ = ImVec2(-FLT_MAX, -FLT_MAX);
                pending = 2;
            }
            --pending;
        }
        return finish(0);
    }

    void handle_event(const SDL_Event& e) {
        if (e.type == SDL_QUIT ||
            (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE)) {
            std::cerr << "kiosk: " << state_.request_close() << "\n";
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
                std::cerr << "kiosk: " << state_.request_close() << "\n";
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
        float drag_threshold = 12.0f * fonts_.ui_scale;
        if (e.type == SDL_MOUSEBUTTONDOWN && e.button.button == SDL_BUTTON_LEFT) {
            press();
            pointer_down_ = true;
            dragging_ = false;
            press_y_ = static_cast<float>(e.button.y);
            press_scroll_ = scroll_y_;
            mouse_pos_ = ImVec2(static_cast<float>(e.button.x), static_cast<float>(e.button.y));
            mouse_down_ = true;
        } else if (e.type == SDL_MOUSEMOTION && pointer_down_) {
            float dy = static_cast<float>(e.motion.y) - press_y_;
            if (!dragging_ && max_scroll_ > 0 && std::fabs(dy) > drag_threshold) {
                dragging_ = true;
                mouse_pos_ = ImVec2(-FLT_MAX, -FLT_MAX);  // the press becomes a drag, not a tap
                mouse_down_ = false;
            }
            if (dragging_) scroll_y_ = std::clamp(press_scroll_ - dy, 0.0f, max_scroll_);
            else mouse_pos_ = ImVec2(static_cast<float>(e.motion.x), static_cast<float>(e.motion.y));
        } else if (e.type == SDL_MOUSEBUTTONUP && e.button.button == SDL_BUTTON_LEFT) {
            pointer_down_ = false;
            mouse_down_ = false;
            release_after_frame_ = true;
        } else if (e.type == SDL_MOUSEWHEEL) {
            scroll_y_ = std::clamp(scroll_y_ - static_cast<float>(e.wheel.y) * 60.0f * fonts_.ui_scale, 0.0f, max_scroll_);
        } else {
            display_->process_event(e);
        }
    }

    // ---- scripted ----------------------------------------------------------
    fs::path out_path(const std::string& p) const {
        fs::path path(p);
        if (path.is_relative() && !o_.shots_dir.empty()) path = fs::path(o_.shots_dir) / path;
        if (path.has_parent_path()) fs::create_directories(path.parent_path());
        return path;
    }

    // A widget a finger can reach now: in the action bar, or in the part of
    // the page above it.
    bool on_screen(const ui::WidgetRecord& w) const {
        float cx = w.rect.x + w.rect.w * 0.5f, cy = w.rect.y + w.rect.h * 0.5f;
        float bottom = w.fixed ? static_cast<float>(display_->height()) : view_bottom_;
        return cx >= 0 && cy >= 0 && cx < static_cast<float>(display_->width()) && cy < bottom;
    }

    int fail(const script::Command& c, const std::string& what) {
        std::cerr << o_.script << ":" << c.line << ": " << what << "\n";
        finish(0);
        return 3;
    }

    // A tap may start a short confirmation (the chosen answer stays visible
    // for a moment, then the next question): let it play out as a person
    // would wait for it. Long timers (idle) are left to `advance`.
    // Like a person waiting for the pad's answer (the PIN is checked on the
    // device service), for a paused interview to open, a bundle to enroll or
    // new content to come in (done there too).
    void wait_for_pin() {
        if (!service_answer_pending()) return;  // answered already, and drawn (render_frame redraws)
        for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
             service_answer_pending() && std::chrono::steady_clock::now() < until;) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            render_frame();
        }
        // The answer was applied after the last frame was drawn: draw what it shows.
        settle();
        render_frame();
        render_frame();
    }

    // Like a person waiting a moment: what the store worker was asked to do
    // for the screen shown (a draft saved on pause, expired drafts taken off
    // the staff list) is done, and drawn, before the script goes on.
    void settle_store() {
        if (state_.screen() != Screen::Paused && state_.screen() != Screen::Staff) return;
        store_.flush();
        render_frame();
        render_frame();
    }

    void settle() {
        for (int i = 0; i < 4; ++i) {
            Millis d = state_.next_deadline();
            Millis now = clock_.now_ms();
            if (d < 0 || d - now > 1000) break;
            manual_->advance(std::max<Millis>(0, d - now));
            start_tap_timer();
            render_frame();
            render_frame();
        }
    }

    // For the benchmark: from the frame that handles a tap (or the end of
    // the confirmation delay) to the frame that shows the next screen.
    void start_tap_timer() {
        tap_t0_ns_ = monotonic_ns();
        tap_frames_ = 0;
        tap_key_ = scroll_key();
    }

    void click_at(float x, float y) {
        mouse_pos_ = ImVec2(x, y);
        mouse_down_ = false;
        render_frame();
        mouse_down_ = true;
        render_frame();
        mouse_down_ = false;
        start_tap_timer();
        render_frame();
        release_pointer();
    }

    // A finger lifted from glass leaves no hover behind.
    void release_pointer() {
        mouse_pos_ = ImVec2(-FLT_MAX, -FLT_MAX);
        mouse_down_ = false;
        render_frame();
    }

    int run_script() {
        auto parsed = script::parse_file(o_.script);
        if (!parsed) {
            std::cerr << parsed.error().message << "\n";
            return 2;
        }
        scripted_ = true;
        // A script that only reads dump-ui (the resident's-eye walk) does not
        // need pixels: skip the software rasteriser, which is nearly all of a
        // headless frame's cost. Screenshots and timing keep every frame drawn.
        bool shots = false;
        for (const auto& c : *parsed) shots |= c.verb == script::Verb::Screenshot;
        display_->set_rasterize(shots || o_.bench_frames > 0 || !o_.stats_file.empty());
        // A script plays a device that has finished starting, as a resident
        // meets it: the store worker has opened the outbox (and, on a data dir
        // never enrolled, made the demo enrollment the demo PIN depends on).
        // On a loaded machine that takes longer than the first frames.
        for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
             !store_.status().started && std::chrono::steady_clock::now() < until;)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        // Injected input needs a frame or two of warm-up after the context is made.
        render_frame();
        render_frame();
        longest_frame_ms_ = 0;  // from here on: the script's frames, not start-up (fonts)
        for (const auto& c : *parsed) {
            if (g_stop) break;
            switch (c.verb) {
                case script::Verb::Tap: {
                    const ui::WidgetRecord* w = registry_.find(c.target);
                    if (!w) return fail(c, "no widget '" + c.target + "' on screen '" + registry_.screen() + "'");
                    if (!on_screen(*w)) {
                        // Like a person would: scroll it into view first.
                        scroll_y_ = std::clamp(scroll_y_ + w->rect.y + w->rect.h * 0.5f - view_bottom_ * 0.5f,
                                               0.0f, max_scroll_);
                        // Two frames: the first draws at the new offset, which can change
                        // the scroll cue and so the bar's height; the second is the layout
                        // a person would see and tap.
                        render_frame();
                        render_frame();
                        w = registry_.find(c.target);
                        if (!w || !on_screen(*w)) return fail(c, "widget '" + c.target + "' is outside the screen");
                    }
                    press();
                    click_at(w->rect.x + w->rect.w * 0.5f, w->rect.y + w->rect.h * 0.5f);
                    settle();
                    wait_for_pin();
                    settle_store();
                    break;
                }
                case script::Verb::Hold: {
                    press();
                    const ui::WidgetRecord* w = registry_.find(c.target);
                    if (!w) return fail(c, "no widget '" + c.target + "' on screen '" + registry_.screen() + "'");
                    mouse_pos_ = ImVec2(w->rect.x + w->rect.w * 0.5f, w->rect.y + w->rect.h * 0.5f);
                    mouse_down_ = false;
                    render_frame();
                    mouse_down_ = true;
                    render_frame();
                    manual_->advance(c.duration_ms);
                    render_frame();
                    render_frame();
                    release_pointer();
                    break;
                }
                case script::Verb::Advance:
                    manual_->advance(c.duration_ms);
                    render_frame();
                    render_frame();
                    settle_store();
                    break;
                case script::Verb::Type:
                    state_.touch();
                    state_.type_text(c.target);
                    render_frame();
                    render_frame();
                    wait_for_pin();  // a typed bundle is enrolled on the device service
                    break;
                case script::Verb::Key: {
                    std::string k = c.target;
                    std::transform(k.begin(), k.end(), k.begin(), ::tolower);
                    state_.touch();
                    if (k == "escape" || k == "alt+f4" || k == "close") {
                        std::cerr << "kiosk: " << state_.request_close() << "\n";
                    } else if (k == "enter" || k == "return") {
                        state_.key_enter();
                    } else if (k == "backspace") {
                        state_.key_backspace();
                    } else {
                        return fail(c, "unknown key '" + c.target + "' (known: escape, alt+f4, close, enter, backspace)");
                    }
                    render_frame();
                    render_frame();
                    wait_for_pin();
                    settle_store();
                    break;
                }
                case script::Verb::Screenshot: {
                    auto st = display_->save_png(out_path(c.target).string());
                    if (!st) return fail(c, st.error().message);
                    break;
                }
                case script::Verb::DumpUi: {
                    fs::path p = out_path(c.target);
                    std::ofstream out(p);
                    out << registry_.to_json() << "\n";
                    if (!out) return fail(c, "cannot write " + p.string());
                    break;
                }
                case script::Verb::ExpectText:
                    if (!registry_.shows_text(c.target))
                        return fail(c, "expected text '" + c.target + "' not shown on screen '" + registry_.screen() + "'");
                    break;
                case script::Verb::ExpectNoText:
                    if (registry_.shows_text(c.target))
                        return fail(c, "text '" + c.target + "' is shown on screen '" + registry_.screen() + "'");
                    break;
                case script::Verb::ExpectScreen:
                    if (registry_.screen() != c.target)
                        return fail(c, "expected screen '" + c.target + "' but it is '" + registry_.screen() + "'");
                    break;
                case script::Verb::WaitText: {
                    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
                    render_frame();
                    while (!registry_.shows_text(c.target) && !g_stop) {
                        if (std::chrono::steady_clock::now() > until)
                            return fail(c, "text '" + c.target + "' did not show within 10 s on screen '" +
                                               registry_.screen() + "'");
                        std::this_thread::sleep_for(std::chrono::milliseconds(50));
                        render_frame();
                    }
                    break;
                }
                case script::Verb::WaitSpeech:
                    wait_speech(c.duration_ms);
                    break;
                case script::Verb::Quit:
                    return finish(0);
                case script::Verb::WaitContent: {
                    // The check runs on the updater's thread over the real
                    // network: wait for it in real time, bounded.
                    render_frame();
                    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(c.duration_ms);
                    for (;;) {
                        StoreStatus st = store_.status();
                        if (st.started && !st.content_busy) break;
                        if (std::chrono::steady_clock::now() > until)
                            return fail(c, "the content check did not finish in time");
                        std::this_thread::sleep_for(std::chrono::milliseconds(10));
                    }
                    render_frame();
                    render_frame();
                    wait_for_pin();  // a staged pack is installed and read on the device service
                    break;
                }
            }
            if (state_.quit_requested()) break;
        }
        return finish(0);
    }

    int finish(int code) {
        if (o_.bench_frames > 0) {
            timing_frames_ = true;
            for (int i = 0; i < o_.bench_frames; ++i) render_frame();
        }
        if (!o_.stats_file.empty()) {
            std::ofstream out(o_.stats_file);
            out << "{\"first_frame_monotonic_ns\": " << first_frame_ns_ << ", \"frames\": " << frames_
                << ", \"longest_frame_ms\": " << longest_frame_ms_
                << ", \"frame_cpu_ms\": [";
            for (std::size_t i = 0; i < frame_cpu_ms_.size(); ++i) out << (i ? ", " : "") << frame_cpu_ms_[i];
            out << "], \"taps\": [";
            for (std::size_t i = 0; i < taps_.size(); ++i)
                out << (i ? ", " : "") << "{\"ms\": " << taps_[i].first << ", \"frames\": " << taps_[i].second << "}";
            out << "], \"speech\": [";
            auto recs = audio_.records();
            for (std::size_t i = 0; i < speak_log_.size() && i < recs.size(); ++i) {
                const auto& r = recs[i];
                out << (i ? ", " : "") << "{\"screen\": \"" << speak_log_[i].screen << "\", \"auto\": "
                    << (speak_log_[i].automatic ? "true" : "false") << ", \"cached\": "
                    << (speak_log_[i].cached ? "true" : "false") << ", \"first_sample_ms\": ";
                if (r.first_sample_ns > 0) out << static_cast<double>(r.first_sample_ns - r.requested_ns) / 1e6;
                else out << "null";
                out << ", \"samples\": " << r.samples << ", \"peak_rms\": " << r.peak_rms << "}";
            }
            out << "], \"speech_failures\": " << speech_failures_ << ", \"audio_opens\": " << audio_.opens()
                << ", \"audio_open_at_exit\": " << (audio_.is_open() ? "true" : "false") << "}\n";
        }
        // The resident was told their answers are stored: make it true
        // before the process ends.
        state_.wipe_session();
        store_.flush();
        return code;
    }

    float dpi_ = 0;
    std::int64_t next_expiry_check_ = 0;
    bool resume_failed_ = false;
    std::map<std::string, void*> icons_;
    referrals::Catalogue referrals_for_check_;  // what --check-glyphs reads
    struct SpeakLog {
        std::string screen;
        bool automatic = false;
        bool cached = false;
    };
    std::string scroll_key_;
    float scroll_y_ = 0, max_scroll_ = 0;
    float view_bottom_ = 0;   // where scrolling content ends on the glass (the action bar's top)
    bool more_below_ = false; // the scroll cue is showing
    int redraw_depth_ = 0;
    // Drag-to-scroll in live mode: a press that moves more than a few pixels
    // vertically scrolls instead of tapping.
    bool pointer_down_ = false, dragging_ = false, release_after_frame_ = false;
    float press_y_ = 0, press_scroll_ = 0;

    const AppOptions& o_;
    std::unique_ptr<platform::Display> display_;
    const Clock& clock_;
    ManualClock* manual_;
    KioskOptions base_options_;  // before the content's settings.json
    KioskState state_;
    DeviceService store_;           // the device service thread (shared/device/service.hpp)
    Printing print_{store_, &wake_render_loop};  // after store_: stops following a job before the worker ends
    std::string content_dir_;         // the content shown now (changes when a pack is installed)
    Millis next_content_check_ = -1;  // clock_ time of the next pack check; -1: no updates
    Millis content_interval_ms_ = 15 * 60'000;
    std::string content_message_;     // the last install/rollback problem or result, for staff
    bool content_pending_ = false;    // the device service installs or rolls back; its content comes later
    ui::Registry registry_;
    ui::Fonts fonts_;
    std::vector<ui::ScriptFont> script_fonts_;  // built from the content; cleared when it or the language changes
    std::string fonts_lang_;                    // the language script_fonts_ holds the glyphs of
    ui::Events events_;
    ui::ScreenContext ctx_;
    bool scripted_ = false;
    bool demo_known_ = false;  // ctx_.demo_mode settled from the started store worker
    ImVec2 mouse_pos_{-FLT_MAX, -FLT_MAX};
    bool mouse_down_ = false;
    Millis last_frame_ms_ = -1;
    std::int64_t first_frame_ns_ = 0;
    long frames_ = 0;
    bool timing_frames_ = false;
    std::int64_t tap_t0_ns_ = 0;
    int tap_frames_ = 0;
    std::string tap_key_;
    std::vector<std::pair<double, int>> taps_;  // (ms, frames after the handling frame)
    std::vector<double> frame_cpu_ms_;
    double longest_frame_ms_ = 0;
    // Read-aloud: the service synthesises on its worker; audio_ plays.
    speech::SpeechService speech_{app_speech_options()};
    AudioOut audio_;
    int applied_volume_ = -1;
    std::string spoken_key_;
    std::string audio_problem_;
    std::vector<SpeakLog> speak_log_;  // one per clip handed to audio_, in order
    int speech_failures_ = 0;
    static constexpr Millis kAudioIdleCloseMs = 10'000;
    Millis audio_close_at_ = -1;
    std::int64_t frame_start_ns_ = 0;
    // The scan screen's camera: capture and decoding on the reader's thread.
    std::unique_ptr<camera::CameraReader> camera_;
    bool camera_on_ = false;
};

}  // namespace

int run_app(const AppOptions& o) {
    start_signal_thread();
    platform::DisplayOptions d;
    d.headless = o.headless;
    d.windowed = o.windowed;
    d.width = o.width;
    d.height = o.height;
    d.title = "Kiosk";
    auto display = platform::Display::open(d);
    if (!display) {
        std::cerr << "kiosk: " << display.error().message << "\n";
        return 1;
    }
    // A script moves time itself; live, time is the system's.
    SystemClock system_clock;
    ManualClock manual_clock(system_clock.wall_ms());
    bool scripted = !o.script.empty();
    App app(o, std::move(*display), scripted ? static_cast<const Clock&>(manual_clock) : system_clock,
            scripted ? &manual_clock : nullptr);
    return app.run();
}

}  // namespace kiosk
