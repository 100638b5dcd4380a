// Index of this file:
// [SECTION] every glyph present
// [SECTION] content
// [SECTION] staff: audit log, persisted PIN lockout, paused interviews
// [SECTION] one frame
// [SECTION] content packs
// [SECTION] enrollment from the staff screen
// [SECTION] read-aloud (read_aloud_player.hpp)
// [SECTION] live
// [SECTION] scripted (script_runner.hpp)

#include "app.hpp"

#include "audio.hpp"
#include "frame_stats.hpp"
#include "glyph_check.hpp"
#include "input.hpp"
#include "read_aloud_player.hpp"
#include "script_runner.hpp"

#include <sodium.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>

#include "core/clock.hpp"
#include "device/service.hpp"
#include "display.hpp"
#include "pack/content_dir.hpp"
#include "pack/pack.hpp"
#include "pack/updater.hpp"
#include "referrals/referrals.hpp"
#include "screens.hpp"
#include "session/kiosk_state.hpp"
#include "crypto/crypto.hpp"
#include "device_status.hpp"
#include "i18n/catalog.hpp"
#include "settings/device_settings.hpp"
#include "staff/audit.hpp"
#include "staff/pin.hpp"
#include "printing.hpp"
#include "theme.hpp"
#include "ui_registry.hpp"

namespace kiosk {

namespace {

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

class App final : public FrameHost, public ScriptHost {
public:
    App(const AppOptions& o, std::unique_ptr<platform::Display> display, const Clock& clock, ManualClock* manual)
        : o_(o),
          display_(std::move(display)),
          clock_(clock),
          manual_(manual),
          base_options_([&] { KioskOptions k; k.default_lang = o.lang; return k; }()),
          // No PinCheck: the PIN is checked on the device service (check_pin), never in a frame.
          state_(clock, base_options_, nullptr),
          store_(o.data_dir, service_options(o)),
          content_dir_(o.content_dir) {
        ctx_.demo_mode = o.demo || staff::demo_pin_applies(o.data_dir);
        dpi_ = o.dpi > 0 ? o.dpi : display_->dpi();
        // Every font file a rebuild can use, read now: no disk in a frame.
        font_files_.preload(ui::font_file_paths(o_.font_regular, o_.font_bold, o_.font_symbols, o_.font_scripts));
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
        player_.configure();
        player_.audio().set_on_finished(&wake_render_loop);
        input_.open_camera(o);
    }

    int run() {
        if (o_.check_glyphs) return check_glyphs();
        if (!o_.script.empty())
            return ScriptRunner({o_, *display_, state_, store_, registry_, *manual_, input_, stats_, player_.audio(), stop_requested()}, *this)
                .run();
        return run_live();
    }

private:
    // [SECTION] every glyph present
    // Every text the kiosk can show (its catalogue in every language, the
    // organisation's overrides, every questionnaire and referral text in
    // every translation) against the fonts at the size they are drawn in:
    // one line per character without a glyph. 0: all present, 3: some missing.
    int check_glyphs() {
        ensure_fonts();
        return ui::check_glyphs(fonts_, state_.catalog(), referrals_for_check_);  // glyph_check.hpp
    }

    // [SECTION] content
    // At start, before the first frame: the content folder read once
    // (shared/pack/content_dir). Questionnaires that do not load never reach a
    // resident; staff see why (stderr now, the staff screen later).
    void load_content() {
        auto loaded = pack::load_content_dir(content_dir_, o_.assets_dir);
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
        icon_images_ = std::move(c.icons);
        referrals_for_check_ = c.referrals;
        state_.set_referrals(std::move(c.referrals));
        // New texts may need other glyphs: then the next frame rebuilds the atlas. A pack
        // in the same scripts needs the same atlas: kept (a rebuild costs more than a frame).
        if (!fonts_.body || script_fonts_.empty() ||
            !ui::same_script_fonts(script_fonts_, ui::script_fonts_for(o_.font_scripts, ui::content_code_points(
                                                                                          state_.catalog(), referrals_for_check_, fonts_lang_))))
            script_fonts_.clear(), fonts_.body = nullptr;
    }

    // [SECTION] staff: audit log, persisted PIN lockout, paused interviews
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

    // A pictogram's texture, made on first use from the pixels the content
    // load decoded (off this thread, or before the first frame): no disk here.
    void* icon(const std::string& name) {
        if (name.empty()) return nullptr;
        auto it = icons_.find(name);
        if (it != icons_.end()) return it->second;
        void* tex = nullptr;
        if (auto img = icon_images_.find(name); img != icon_images_.end()) {
            tex = display_->texture_from_rgba(img->second.width, img->second.height, img->second.rgba.data());
            icon_images_.erase(img);  // the texture holds it now
        }
        icons_[name] = tex;
        return tex;
    }

    // [SECTION] one frame
    void ensure_fonts() {
        float ui_scale = static_cast<float>(std::min(display_->width(), display_->height())) / 800.0f;
        // Staff screens keep their own size: the resident's text size is
        // theirs, and the PIN pad must fit.
        bool staff = state_.screen() == Screen::Pin || state_.screen() == Screen::Staff ||
                     state_.screen() == Screen::Assist;
        float text_scale = staff ? 1.0f : static_cast<float>(state_.session().text_scale_pct) / 100.0f;
        // Glyphs for the texts of the session's language (script_fonts.hpp), so the
        // atlas never holds every script at once; a language switch rebuilds it
        // unless the glyphs are the same (Dutch, English, Turkish, Polish): a long frame.
        const std::string glyph_lang = o_.check_glyphs ? "" : state_.lang();
        if (glyph_lang != fonts_lang_) {
            auto next = ui::script_fonts_for(o_.font_scripts, ui::content_code_points(state_.catalog(), referrals_for_check_, glyph_lang));
            if (!ui::same_script_fonts(script_fonts_, next)) fonts_.body = nullptr;
            script_fonts_ = std::move(next), fonts_lang_ = glyph_lang;
        }
        if (fonts_.body && fonts_.ui_scale == ui_scale && fonts_.text_scale == text_scale && !script_fonts_.empty()) return;
        if (script_fonts_.empty())
            script_fonts_ = ui::script_fonts_for(o_.font_scripts, ui::content_code_points(state_.catalog(), referrals_for_check_, glyph_lang));
        display_->drop_fonts_texture();
        fonts_ = ui::build_fonts(font_files_, o_.font_regular, o_.font_bold, ui_scale, text_scale, o_.font_symbols, script_fonts_);
        // Touch targets: 64 px at 1280x800 scaled with the display, and at
        // least 9 mm on the glass when the DPI is known.
        fonts_.min_target_px = std::max(64.0f * ui_scale, dpi_ > 0 ? 9.0f / 25.4f * dpi_ : 0.0f);
        registry_.set_dpi(dpi_, fonts_.min_target_px);
        display_->reload_fonts();
    }

    void render_frame() override {
        const std::int64_t frame_t0 = stats_.begin_frame();
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
        io.MousePos = input_.mouse_pos;
        io.MouseDown[0] = input_.mouse_down;
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
        ScrollView& scroll = input_.scroll;
        const bool fresh = scroll.enter(view_key(state_));  // a new screen starts at the top
        ui::Frame f{registry_, pal, fonts_, ImGui::GetWindowDrawList(), io.DisplaySize.x, io.DisplaySize.y,
                    io.MouseDown[0], scroll.y, 0, [this](const std::string& n) { return icon(n); },
                    player_.audio().headphones_missing()};
        f.view_bottom = io.DisplaySize.y;
        f.more_below = scroll.more_below && !fresh;
        f.fresh = fresh;
        if (state_.screen() == Screen::Staff) fill_staff_info();
        ui::draw_screen(f, state_, ctx_, events_);
        const bool redraw = scroll.after_draw(f, registry_, io.DisplaySize.y);  // the scroll cue (input.hpp)
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
        const bool camera_changed = input_.update_camera();
        const bool print_changed = print_.update(state_);  // the thanks screen's print (printing.hpp)
        if (state_.screen() == Screen::Staff && before != Screen::Staff) {
            resume_failed_ = false;
            expire_drafts();  // the paused list is current when staff look at it
        } else if (clock_.wall_ms() >= next_expiry_check_) {
            expire_drafts();
        }
        const bool content_changed = update_content(now);
        update_speech();
        stats_.end_frame(frame_t0, cpu0, view_key(state_));  // timing for the bench (frame_stats.hpp)
        if ((redraw || pin_answered || camera_changed || print_changed || content_changed) && redraw_depth_ < 2) {
            ++redraw_depth_;
            render_frame();
            --redraw_depth_;
        }
    }

    // [SECTION] content packs
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
        consider(player_.close_at());
        if (store_.content_busy() || store_.content_waiting() || content_pending_) consider(clock_.now_ms() + 1000);
        return d;
    }

    // [SECTION] enrollment from the staff screen
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

    // [SECTION] read-aloud (read_aloud_player.hpp)
    // After each frame: staff's device settings saved when changed, then the
    // player plays, reads the new screen, synthesises ahead.
    void update_speech() {
        const bool settings_changed = state_.take_device_settings_change();
        if (settings_changed) {
            state_.audit(staff::action::kSettingsChanged);
            // Written (and fsynced) on the device service, not in this frame (issue 15).
            store_.post([dir = o_.data_dir, settings = state_.device_settings()] {
                if (auto st = save_device_settings(dir, settings); !st) std::cerr << "kiosk: " << st.error().message << "\n";
            });
        }
        player_.update(settings_changed);
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
        i.audio_device = player_.audio().open_device_name();
        i.audio_problem = i18n::localize(player_.problem(), lang);  // staff see it in their language
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

    // [SECTION] live
    int run_live() {
        input_.run_live(*this, clock_, fonts_.ui_scale);  // input.hpp
        return finish(0);
    }

    // [SECTION] scripted (script_runner.hpp)
    // Like a person waiting for the pad's answer (the PIN is checked on the
    // device service), for a paused interview to open, a bundle to enroll or
    // new content to come in (done there too).
    bool awaiting_worker() const override { return service_answer_pending(); }

    int finish(int code) override {
        if (o_.bench_frames > 0) {
            stats_.time_frames();
            for (int i = 0; i < o_.bench_frames; ++i) render_frame();
        }
        if (!o_.stats_file.empty()) stats_.write(o_.stats_file, player_.audio());
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
    std::map<std::string, pack::Image> icon_images_;  // decoded, not yet a texture
    referrals::Catalogue referrals_for_check_;  // what --check-glyphs reads
    int redraw_depth_ = 0;

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
    ui::FontFiles font_files_;
    ui::Fonts fonts_;
    std::vector<ui::ScriptFont> script_fonts_;  // built from the content; cleared when it or the language changes
    std::string fonts_lang_;                    // the language script_fonts_ holds the glyphs of
    ui::Events events_;
    ui::ScreenContext ctx_;
    bool demo_known_ = false;  // ctx_.demo_mode settled from the started device service
    Millis last_frame_ms_ = -1;
    FrameStats stats_;  // what --stats writes (frame_stats.hpp)
    // Read-aloud: the speech service synthesises on its worker; the player's AudioOut plays.
    ReadAloudPlayer player_{state_, clock_, stats_, !o_.no_prefetch};
    Input input_{state_, player_.audio(), *display_};  // SDL events -> taps, drags, keys (input.hpp)
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
