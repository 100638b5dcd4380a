// Welcome: what this is in one sentence, a big start button, the language by
// its own name (never flags), text size and contrast for this session.
#include <cmath>
#include <string>

#include "i18n/catalog.hpp"
#include "screens.hpp"
#include "session/languages.hpp"

namespace kiosk::ui {

void draw_welcome(Frame& f, const KioskState& s, const ScreenContext& ctx, Events& ev) {
    const auto& lang = s.lang();
    const float m = f.fonts.px(32);  // outer margin
    const float gap = f.fonts.px(16);

    // Top bar: languages on the right, text size and contrast on the left.
    // At large text sizes the settings move to a second row instead of
    // being cut off.
    auto width_of = [&](const std::string& label) { return label_width(f, label); };
    const float bar_h = top_bar_height(f);
    float y = m;
    float x = f.width - m;
    // The languages by their own names: in the top row when they fit beside
    // the speaker, else rows of their own under the settings.
    const bool langs_in_top = f.width - m - languages_width(f, s, true) >= top_bar_x(f) + speak_button_width(f, s, bar_h);
    if (langs_in_top) x = draw_languages_row(f, s, ev, x, y, bar_h, true);

    // Each setting is a pictogram button (with its word, for those who read):
    // the text-size pictogram grows with the size it picks.
    struct Setting {
        std::string id, label, icon;
        float icon_frac;  // pictogram height as a part of the bar
        bool selected;
        Event on_tap;
    };
    std::vector<Setting> settings;
    for (int pct : {100, 150, 200})
        settings.push_back({"text-size." + std::to_string(pct), std::to_string(pct) + "%", "text-size",
                            0.25f + 0.2f * static_cast<float>(pct) / 100.0f, s.session().text_scale_pct == pct,
                            event::SetTextScale{pct}});
    bool hc = s.session().high_contrast;
    settings.push_back({"contrast.high", i18n::tr("welcome.contrast", lang), "contrast", 0.65f, hc,
                        event::SetHighContrast{!hc}});
    // A language without a voice (Tigrinya) offers no read-aloud settings:
    // the speaker button says read-aloud is not available, and nothing else
    // promises sound.
    const bool voice = read_aloud_available(lang);
    bool ra = s.session().read_aloud;
    if (voice)
        settings.push_back({"read-aloud", i18n::tr("welcome.read-aloud", lang), "speaker", 0.65f, ra,
                            event::SetReadAloud{!ra}});
    auto icon_px = [&](const Setting& st) { return std::floor(bar_h * st.icon_frac); };
    auto setting_w = [&](const Setting& st) { return width_of(st.label) + icon_px(st) + f.fonts.px(16); };
    // The speaker first, right of the staff corner: read this screen now.
    float lx = top_bar_x(f);
    lx += speak_button(f, s, ev, lx, y, bar_h) + gap;
    // Quieter / louder, for this resident only (each tap reads the screen at
    // the new level): beside the speaker when the languages leave room, else
    // at the start of the settings rows.
    auto draw_volume = [&](float& vx, float vy) {
        for (const char* which : {"down", "up"}) {
            const std::string id = std::string("volume.") + which;
            void* icon = f.icon ? f.icon(std::string("volume-") + which) : nullptr;
            bool up = which[0] == 'u';
            if (pictogram_button(f, id, i18n::tr(up ? "staff.volume-up" : "staff.volume-down", lang), icon,
                                 {vx, vy, bar_h, bar_h}))
                ev.emit(up ? Event{event::VolumeUp{}} : Event{event::VolumeDown{}});
            vx += bar_h + gap;
        }
    };
    const bool volume_in_top_row = !voice || lx + 2 * (bar_h + gap) <= x;
    if (volume_in_top_row && voice) draw_volume(lx, y);
    float row_x = lx;
    float settings_w = 0;
    for (const auto& st : settings) settings_w += setting_w(st) + gap;
    float right_edge = x;
    if (!langs_in_top) {
        // The languages have rows of their own below: the settings go on
        // beside the speaker and wrap, so no row is left half empty (seven
        // languages at 200 % would otherwise push the start button off the
        // glass).
        row_x = top_bar_x(f);
        if (!volume_in_top_row) {
            y += bar_h + gap;
            lx = row_x;
        }
    } else if (!volume_in_top_row || lx + settings_w > right_edge) {  // no room beside the languages: rows of their own
        y += bar_h + gap;
        right_edge = f.width - m;
        lx = row_x = top_bar_x(f);
    }
    if (!volume_in_top_row) draw_volume(lx, y);
    for (const auto& st : settings) {
        float w = setting_w(st);
        if (lx + w > right_edge) {
            y += bar_h + gap;
            lx = row_x;
        }
        void* icon = f.icon ? f.icon(st.icon) : nullptr;
        if (icon_button(f, st.id, st.label, icon, IconPlace::Left, icon_px(st), {lx, y, w, bar_h},
                        st.selected ? ButtonStyle::Selected : ButtonStyle::Normal, "toggle"))
            ev.emit(st.on_tap);
        lx += w + gap;
    }
    y += bar_h + m;
    if (!langs_in_top) y = draw_languages_rows(f, s, ev, y - m + gap, bar_h, true) - gap + m;

    // Body: title, one sentence, the start button; centred in what is left.
    float col_w = std::min(f.width - 2 * m, f.fonts.px(900) * f.fonts.text_scale);
    col_w = std::min(col_w, f.width - 2 * m);
    float cx = (f.width - col_w) * 0.5f;
    const std::string& title = i18n::tr("welcome.title", lang);
    const std::string& body = i18n::tr("welcome.body", lang);
    const std::string& start = i18n::tr("welcome.start", lang);
    float bw = std::min(col_w, f.fonts.px(520) * f.fonts.text_scale);
    const std::string& demo = i18n::tr("welcome.demo", lang);
    float bh = button_height(f, start, bw, f.fonts.px(112));
    float title_h = text_height(title, col_w, f.fonts.heading);
    float body_h = text_height(body, col_w, f.fonts.body);
    float avail = f.height - y - m;
    // "Welcome" is the first thing to go when the settings and languages
    // leave too little room: the sentence and the start button must stay.
    const bool show_title = title_h + body_h + bh + 7 * f.fonts.px(8) <= avail;
    if (!show_title) title_h = 0;
    // The demo notice (for staff trying the kiosk out) only where it fits:
    // nothing on this screen may end below the glass, which has no scroll.
    const bool show_demo = ctx.demo_mode && title_h + body_h + bh + text_height(demo, col_w, f.fonts.body) +
                                                    7 * f.fonts.px(8) <= avail;
    float demo_h = show_demo ? text_height(demo, col_w, f.fonts.body) : 0;
    // Space between the blocks shrinks before anything is pushed off screen.
    float fixed = title_h + body_h + bh + demo_h;
    float g = std::clamp((avail - fixed) / 7.0f, f.fonts.px(8), gap);
    float content_h = fixed + g * 7;
    float top = y + std::max(0.0f, (avail - content_h) * 0.45f);
    float yy = top;
    if (show_title) {
        yy += text(f, title, cx, yy, col_w, f.fonts.heading, f.pal.text, f.pal.background, Align::Center);
        yy += g * 2;
    }
    yy += text(f, body, cx, yy, col_w, f.fonts.body, f.pal.text, f.pal.background, Align::Center);
    yy += g * 3;
    // Answers that cannot be stored are never asked for: no start button then.
    if (!s.storage_problem().empty())
        text(f, i18n::tr("welcome.unavailable", lang), cx, yy, col_w, f.fonts.body, f.pal.text, f.pal.background,
             Align::Center);
    else if (button(f, "start", start, {(f.width - bw) * 0.5f, yy, bw, bh}, ButtonStyle::Primary))
        ev.emit(event::Start{});
    yy += bh + g * 2;
    if (show_demo)
        text(f, demo, cx, yy, col_w, f.fonts.body, f.pal.muted, f.pal.background, Align::Center);
    draw_staff_corner(f, ev);
}

void draw_staff_corner(Frame& f, Events& ev) {
    float t = min_target(f);
    bool held = hold_area(f, "staff.corner", {0, 0, t, t});
    if (held) ev.emit(event::StaffCornerDown{});
    else ev.emit(event::StaffCornerUp{});
}

}  // namespace kiosk::ui
