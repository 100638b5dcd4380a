// The PIN pad and the staff screen. The staff screen is the only way out of
// the kiosk.
#include <string>

#include "i18n/catalog.hpp"
#include "i18n/direction.hpp"
#include "screens.hpp"
#include "session/screen_model.hpp"
#include "session/languages.hpp"

namespace kiosk::ui {

namespace {
// A full-width button in a staff column at y, at least min_h high; y moves
// below it by `after`. Returns true when tapped.
bool column_button(Frame& f, const std::string& id, const std::string& label, float x, float& y, float w,
                   float min_h, float after, ButtonStyle style = ButtonStyle::Normal) {
    const float bh = button_height(f, label, w, min_h);
    const bool tapped = button(f, id, label, {x, y, w, bh}, style);
    y += bh + after;
    return tapped;
}
}  // namespace

void draw_pin(Frame& f, const KioskState& s, Events& ev) {
    const auto& lang = s.lang();
    const float m = f.fonts.px(32);
    const float gap = f.fonts.px(16);
    float key = std::max(min_target(f) * 1.4f, f.fonts.body->FontSize * 2.6f);
    float pad_w = key * 3 + gap * 2;
    float col_w = std::min(f.width - 2 * m, std::max(pad_w, f.fonts.px(700)));
    float cx = (f.width - col_w) * 0.5f;
    float y = m;
    y += text(f, i18n::tr("pin.title", lang), cx, y, col_w, f.fonts.heading, f.pal.text, f.pal.background, Align::Center);
    y += gap;
    y += text(f, i18n::tr("pin.body", lang), cx, y, col_w, f.fonts.body, f.pal.text, f.pal.background, Align::Center);
    y += gap;
    // Dots, never digits: someone may be looking over the shoulder.
    std::string dots;
    for (std::size_t i = 0; i < s.pin_entry().size(); ++i) dots += "\xE2\x80\xA2 ";  // "• "
    if (dots.empty()) dots = " ";
    y += text(f, dots, cx, y, col_w, f.fonts.large, f.pal.text, f.pal.background, Align::Center);
    if (s.pin_checking())
        y += text(f, i18n::tr("pin.checking", lang), cx, y, col_w, f.fonts.body, f.pal.text, f.pal.background, Align::Center);
    else if (s.pin_locked())
        y += text(f, i18n::fmt("pin.locked", lang, {{"n", std::to_string(s.pin_wait_seconds())}}), cx, y, col_w,
                  f.fonts.body, f.pal.danger_text, f.pal.background, Align::Center);
    else if (s.pin_error())
        y += text(f, i18n::tr("pin.wrong", lang), cx, y, col_w, f.fonts.body, f.pal.danger_text, f.pal.background,
                  Align::Center);
    y += gap;

    // The pad must fit what is left of the screen at any text size.
    float room = f.height - y - m - min_target(f) - gap;
    key = std::max(min_target(f), std::min(key, (room - 3 * gap) / 4));
    pad_w = key * 3 + gap * 2;
    float px0 = (f.width - pad_w) * 0.5f;
    const char* keys = "123456789";
    for (int i = 0; i < 9; ++i) {
        char d = keys[i];
        float kx = px0 + static_cast<float>(i % 3) * (key + gap);
        float ky = y + static_cast<float>(i / 3) * (key + gap);
        if (button(f, std::string("pin.") + d, std::string(1, d), {kx, ky, key, key}, ButtonStyle::Normal, "key"))
            ev.emit(event::PinDigit{d});
    }
    float ky = y + 3 * (key + gap);
    if (button(f, "pin.clear", i18n::tr("pin.clear", lang), {px0, ky, key, key}, ButtonStyle::Normal, "key"))
        ev.emit(event::PinClear{});
    if (button(f, "pin.0", "0", {px0 + key + gap, ky, key, key}, ButtonStyle::Normal, "key"))
        ev.emit(event::PinDigit{'0'});
    if (button(f, "pin.ok", i18n::tr("pin.ok", lang), {px0 + 2 * (key + gap), ky, key, key}, ButtonStyle::Primary, "key"))
        ev.emit(event::PinOk{});

    const std::string& back = i18n::tr("pin.cancel", lang);
    float bw = std::max(min_target(f), text_width(f.fonts.body, back) + f.fonts.px(48));
    if (button(f, "pin.cancel", back, {m, f.height - m - min_target(f), bw, min_target(f)}))
        ev.emit(event::PinCancel{});
}

void draw_staff(Frame& f, const KioskState& s, const StaffInfo& info, Events& ev) {
    const auto& lang = s.lang();
    const float m = f.fonts.px(32);
    const float gap = f.fonts.px(16);
    float col_w = std::min(f.width - 2 * m, f.fonts.px(900));
    float cx = (f.width - col_w) * 0.5f;
    float y = m - f.scroll_y;
    y += text(f, i18n::tr("staff.title", lang), cx, y, col_w, f.fonts.heading, f.pal.text, f.pal.background) + gap;

    // Storage and sync, in plain lines.
    std::vector<std::pair<std::string, Rgb>> lines;
    if (!s.staff_notice().empty()) lines.push_back({i18n::tr(s.staff_notice(), lang), f.pal.text});
    if (!info.problem.empty()) lines.push_back({i18n::tr("staff.cannot-collect", lang) + " " + info.problem, f.pal.danger_text});
    if (!info.alert.empty()) lines.push_back({info.alert, f.pal.danger_text});
    lines.push_back({i18n::fmt("staff.to-send", lang, {{"n", std::to_string(info.to_send)}}), f.pal.text});
    if (info.rejected > 0)
        lines.push_back({i18n::fmt("staff.rejected", lang, {{"n", std::to_string(info.rejected)}}), f.pal.danger_text});
    if (info.demo) lines.push_back({i18n::tr("staff.demo", lang), f.pal.text});
    else if (info.syncing)
        lines.push_back({i18n::fmt("staff.last-success", lang,
                                   {{"t", info.last_success.empty() ? i18n::tr("staff.never", lang) : info.last_success}}),
                         f.pal.text});
    if (!info.last_error.empty())
        lines.push_back({i18n::fmt("staff.last-error", lang, {{"e", info.last_error}}), f.pal.text});
    for (const auto& n : info.notices) lines.push_back({n, f.pal.text});
    if (!info.oldest_unsent.empty())
        lines.push_back({i18n::fmt("staff.oldest", lang, {{"t", info.oldest_unsent}}), f.pal.text});
    lines.push_back({info.content_version.empty() ? i18n::tr("staff.content-bundled", lang)
                                                  : i18n::fmt("staff.content-version", lang, {{"v", info.content_version}}),
                     f.pal.text});
    if (!info.content_waiting.empty())
        lines.push_back({i18n::fmt("staff.content-waiting", lang, {{"v", info.content_waiting}}), f.pal.text});
    if (!info.content_notice.empty())
        lines.push_back({i18n::fmt("staff.content-notice", lang, {{"r", info.content_notice}}), f.pal.text});
    // Offered languages whose texts are our own drafts (session/languages.hpp).
    for (const auto& name : draft_languages(s))
        lines.push_back({i18n::fmt("staff.translation-draft", lang, {{"lang", name}}), f.pal.text});
    if (!info.device_id.empty()) lines.push_back({i18n::fmt("staff.device", lang, {{"id", info.device_id}}), f.pal.muted});
    lines.push_back({i18n::fmt("staff.disk", lang,
                               {{"n", info.free_disk.empty() ? i18n::tr("staff.not-reported", lang) : info.free_disk}}),
                     f.pal.muted});
    lines.push_back({i18n::fmt("staff.battery", lang,
                               {{"b", info.battery.empty() ? i18n::tr("staff.not-reported", lang) : info.battery}}),
                     f.pal.muted});
    for (const auto& [line, colour] : lines)
        y += text(f, line, cx, y, col_w, f.fonts.body, colour, f.pal.background) + f.fonts.px(4);
    if (info.drain_total > 0 && info.drain_done < info.drain_total) {
        float bh = f.fonts.px(14);
        fill(f, {cx, y + gap * 0.5f, col_w, bh}, f.pal.button_border, bh * 0.5f);
        fill(f, {cx, y + gap * 0.5f, col_w * static_cast<float>(info.drain_done) / static_cast<float>(info.drain_total), bh},
             f.pal.primary_bg, bh * 0.5f);
        y += bh + gap;
    }
    y += gap;

    float h = min_target(f) * 1.25f;
    if (info.syncing && column_button(f, "staff.sync", i18n::tr("staff.sync-now", lang), cx, y, col_w, h, gap))
        ev.emit(event::RequestSync{});
    // Staff-started interviews: assisted at a desk, outreach on a visit, or a paper form.
    if (column_button(f, "staff.assisted", i18n::tr("staff.assisted", lang), cx, y, col_w, h, gap))
        ev.emit(event::StaffAssisted{});

    // Paused interviews, by case reference and age; only here, after the PIN.
    y += text(f, i18n::tr("staff.paused-title", lang), cx, y, col_w, f.fonts.large, f.pal.text, f.pal.background) + gap * 0.5f;
    if (info.resume_failed)
        y += text(f, i18n::tr("staff.resume-failed", lang), cx, y, col_w, f.fonts.body, f.pal.danger_text,
                  f.pal.background) + gap * 0.5f;
    if (info.paused.empty())
        y += text(f, i18n::tr("staff.paused-none", lang), cx, y, col_w, f.fonts.body, f.pal.muted, f.pal.background) + gap;
    for (std::size_t n = 0; n < info.paused.size(); ++n) {
        const auto& p = info.paused[n];
        std::string label = i18n::fmt("staff.paused-item", lang,
                                      {{"ref", p.case_ref.empty() ? i18n::tr("staff.no-ref", lang) : p.case_ref},
                                       {"age", p.age}});
        float ph = button_height(f, label, col_w, min_target(f));
        std::string id = p.id;
        if (button(f, "resume." + std::to_string(n), label, {cx, y, col_w, ph}))
            ev.emit(event::RequestResume{id});
        y += ph + gap * 0.5f;
    }
    y += gap;
    // Device settings come after the daily work (send, assisted, paused).
    y = draw_staff_sound(f, s, info, ev, cx, y, col_w) + gap;

    // (Re-)enroll from a scanned QR code or a pasted bundle.
    if (column_button(f, "staff.enroll", i18n::tr("staff.enroll", lang), cx, y, col_w, h, gap))
        ev.emit(event::StaffEnroll{});
    if (!info.content_version.empty() &&
        column_button(f, "staff.rollback", i18n::tr("staff.rollback", lang), cx, y, col_w, h, gap))
        ev.emit(event::RequestRollback{});
    if (column_button(f, "staff.back", i18n::tr("staff.back", lang), cx, y, col_w, h, gap, ButtonStyle::Primary))
        ev.emit(event::StaffBack{});
    if (column_button(f, "staff.exit", i18n::tr("staff.exit", lang), cx, y, col_w, h, 0))
        ev.emit(event::StaffExit{});
    f.content_bottom = y + f.scroll_y + m;
}

// Enroll: the bundle arrives as typed text (a QR scanner is a keyboard) or a
// paste; only its length is shown, never the text (it holds the device key).
void draw_enroll(Frame& f, const KioskState& s, Events& ev) {
    const auto& lang = s.lang();
    const float m = f.fonts.px(32);
    const float gap = f.fonts.px(16);
    float col_w = std::min(f.width - 2 * m, f.fonts.px(900));
    float cx = (f.width - col_w) * 0.5f;
    float y = m - f.scroll_y;
    float h = min_target(f) * 1.25f;
    y += text(f, i18n::tr("enroll.title", lang), cx, y, col_w, f.fonts.heading, f.pal.text, f.pal.background) + gap;
    if (s.enrolled()) {
        y += text(f, s.enroll_message(), cx, y, col_w, f.fonts.body, f.pal.text, f.pal.background) + gap * 2;
        if (column_button(f, "enroll.restart", i18n::tr("enroll.restart", lang), cx, y, col_w, h, 0,
                          ButtonStyle::Primary))
            ev.emit(event::StaffExit{});
        f.content_bottom = y + f.scroll_y + m;
        return;
    }
    y += text(f, i18n::tr("enroll.body", lang), cx, y, col_w, f.fonts.body, f.pal.text, f.pal.background) + gap;
    const std::string got = s.enroll_received() == 0
                                ? i18n::tr("enroll.waiting", lang)
                                : i18n::fmt("enroll.received", lang, {{"n", std::to_string(s.enroll_received())}});
    y += text(f, got, cx, y, col_w, f.fonts.body, f.pal.muted, f.pal.background) + gap;
    if (!s.enroll_message().empty())
        y += text(f, s.enroll_message(), cx, y, col_w, f.fonts.body, f.pal.danger_text, f.pal.background) + gap;
    y += gap;
    if (s.enroll_received() > 0 &&
        column_button(f, "enroll.try", i18n::tr("enroll.try", lang), cx, y, col_w, h, gap, ButtonStyle::Primary))
        ev.emit(event::KeyEnter{});
    if (column_button(f, "enroll.cancel", i18n::tr("enroll.cancel", lang), cx, y, col_w, h, 0))
        ev.emit(event::EnrollCancel{});
    f.content_bottom = y + f.scroll_y + m;
}

void draw_screen(Frame& f, const KioskState& s, const ScreenContext& ctx, Events& ev) {
    set_direction(f, i18n::is_rtl(model::ui_lang(s)));
    switch (s.screen()) {
        case Screen::Pin: draw_pin(f, s, ev); break;
        case Screen::Staff: draw_staff(f, s, ctx.staff, ev); break;
        case Screen::Choose: draw_choose(f, s, ev); break;
        case Screen::Scan: draw_scan(f, s, ev); break;
        case Screen::Consent: draw_consent(f, s, ev); break;
        case Screen::Question: draw_question(f, s, ev); break;
        case Screen::Keyboard: draw_keyboard(f, s, ev); break;
        case Screen::Review: draw_review(f, s, ev); break;
        case Screen::Result: draw_result(f, s, ev); break;
        case Screen::Talk: draw_talk(f, s, ev); break;
        case Screen::Referrals: draw_referrals(f, s, ev); break;
        case Screen::Thanks: draw_thanks(f, s, ev); break;
        case Screen::StillHere: draw_still_here(f, s, ev); break;
        case Screen::Assist: draw_assist(f, s, ev); break;
        case Screen::Paused: draw_paused(f, s, ev); break;
        case Screen::Enroll: draw_enroll(f, s, ev); break;
        case Screen::ContactWish: draw_contact_wish(f, s, ev); break;
        case Screen::Stop:
        case Screen::Help:
        case Screen::Handover: draw_dialog(f, s, ev); break;
        default: draw_welcome(f, s, ctx, ev); break;
    }
    if (s.assisted()) draw_staff_overlay(f, s, ev);
    end_clip(f);
}

}  // namespace kiosk::ui
