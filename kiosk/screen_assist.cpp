// Staff-started interviews: the assist setup screen (questionnaire, case
// reference, note, "filled in together", paper form), the `paused` screen,
// and the staff controls drawn over resident screens (pause, hand-over).
#include <algorithm>
#include <string>

#include "i18n/catalog.hpp"
#include "screens.hpp"

namespace kiosk::ui {


void draw_assist(Frame& f, const KioskState& s, Events& ev) {
    const auto& lang = s.lang();
    const AssistSetup& a = s.assist_setup();
    const float m = f.fonts.px(32);
    const float gap = f.fonts.px(12);
    float col_w = std::min(f.width - 2 * m, f.fonts.px(1100));
    float cx = (f.width - col_w) * 0.5f;
    float y = m - f.scroll_y;
    float h = min_target(f);
    y += text(f, i18n::tr("assist.title", lang), cx, y, col_w, f.fonts.heading, f.pal.text, f.pal.background) + gap;

    // Questionnaire (its id is the variant: short, easy, full, ...).
    y += text(f, i18n::tr("assist.which", lang), cx, y, col_w, f.fonts.body, f.pal.text, f.pal.background) + gap * 0.5f;
    float x = cx;
    for (const auto& qn : s.catalog()) {
        std::string label = qn.title.get(lang);
        if (label.empty()) label = qn.id;
        float w = std::min(col_w, label_width(f, label));
        if (x + w > cx + col_w) {
            x = cx;
            y += h + gap;
        }
        std::string id = qn.id;
        if (button(f, "assist.q." + id, label, {x, y, w, h},
                   a.questionnaire == id ? ButtonStyle::Selected : ButtonStyle::Normal, "toggle"))
            ev.emit(event::AssistPick{id});
        x += w + gap;
    }
    y += h + gap * 2;

    // The two text fields; the keyboard below types into the chosen one.
    auto field = [&](const char* id, const std::string& label, AssistSetup::Field which) {
        bool focus = a.field == which;
        float fh = std::max(h, text_height(label, col_w - f.fonts.px(32), f.fonts.body) + f.fonts.px(24));
        if (button(f, id, label, {cx, y, col_w, fh}, focus ? ButtonStyle::Selected : ButtonStyle::Normal, "field"))
            ev.emit(event::AssistFocus{which});
        y += fh + gap;
    };
    auto caret = [&](const std::string& v, AssistSetup::Field which) { return v + (a.field == which ? "|" : ""); };
    field("assist.case", i18n::fmt("assist.case", lang, {{"v", caret(a.case_ref, AssistSetup::Field::Case)}}),
          AssistSetup::Field::Case);
    if (!a.error.empty())
        y += text(f, i18n::tr(a.error, lang), cx, y, col_w, f.fonts.body, f.pal.danger_text, f.pal.background) + gap;
    else
        y += text(f, i18n::tr("assist.case-help", lang), cx, y, col_w, f.fonts.body, f.pal.muted, f.pal.background) + gap;
    field("assist.note", i18n::fmt("assist.note", lang, {{"v", caret(a.note, AssistSetup::Field::Note)}}),
          AssistSetup::Field::Note);

    // A compact keyboard: digits, letters, dash, space, delete.
    std::vector<std::vector<std::string>> rows = {{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
                                                  {"q", "w", "e", "r", "t", "y", "u", "i", "o", "p"},
                                                  {"a", "s", "d", "f", "g", "h", "j", "k", "l", "-"},
                                                  {"z", "x", "c", "v", "b", "n", "m", ",", ".", "?"}};
    float kw = (col_w - gap * 9) / 10;
    for (const auto& row : rows) {
        float kx = cx;
        for (const auto& k : row) {
            if (button(f, "key." + k, k, {kx, y, kw, h}, ButtonStyle::Normal, "key"))
                ev.emit(event::TypeText{k});
            kx += kw + gap;
        }
        y += h + gap;
    }
    float kw3 = (col_w - gap * 2) / 3;
    if (button(f, "key.shift", i18n::tr("keyboard.shift", lang), {cx, y, kw3, h},
               s.shift() ? ButtonStyle::Selected : ButtonStyle::Normal, "key"))
        ev.emit(event::ToggleShift{});
    if (button(f, "key.space", i18n::tr("keyboard.space", lang), {cx + kw3 + gap, y, kw3, h}, ButtonStyle::Normal, "key"))
        ev.emit(event::TypeText{" "});
    if (button(f, "key.backspace", i18n::tr("keyboard.delete", lang), {cx + 2 * (kw3 + gap), y, kw3, h},
               ButtonStyle::Normal, "key"))
        ev.emit(event::KeyBackspace{});
    y += h + gap * 2;

    float half = (col_w - gap) / 2;
    const std::string& together = i18n::tr("assist.together", lang);
    const std::string& paper = i18n::tr("assist.paper", lang);
    float th = std::max(button_height(f, together, half, h), button_height(f, paper, half, h));
    if (button(f, "assist.together", (a.together ? "\xE2\x9C\x93 " : "") + together, {cx, y, half, th},
               a.together ? ButtonStyle::Selected : ButtonStyle::Normal, "toggle"))
        ev.emit(event::AssistToggleTogether{});
    if (button(f, "assist.paper", (a.paper ? "\xE2\x9C\x93 " : "") + paper, {cx + half + gap, y, half, th},
               a.paper ? ButtonStyle::Selected : ButtonStyle::Normal, "toggle"))
        ev.emit(event::AssistTogglePaper{});
    y += th + gap;
    // Sensitive topics (money trouble, violence, ...) off for this resident:
    // those questions are not asked and not in the response.
    const std::string& sensitive = i18n::tr("assist.sensitive-off", lang);
    float sh = button_height(f, sensitive, col_w, h);
    if (button(f, "assist.sensitive-off", sensitive, {cx, y, col_w, sh},
               a.sensitive_off ? ButtonStyle::Selected : ButtonStyle::Normal, "toggle"))
        ev.emit(event::AssistToggleSensitive{});
    y += sh + gap * 2;

    const std::string& cancel = i18n::tr("assist.cancel", lang);
    const std::string& start = i18n::tr("assist.start", lang);
    float bh = std::max(button_height(f, cancel, half, h * 1.25f), button_height(f, start, half, h * 1.25f));
    if (button(f, "assist.cancel", cancel, {cx, y, half, bh}))
        ev.emit(event::AssistCancel{});
    if (button(f, "assist.start", start, {cx + half + gap, y, half, bh}, ButtonStyle::Primary))
        ev.emit(event::AssistStart{});
    y += bh + gap * 3;

    // Not used with this resident: what instead (counted, nothing kept).
    y += text(f, i18n::tr("assist.not-used", lang), cx, y, col_w, f.fonts.body, f.pal.text, f.pal.background) + gap;
    for (const char* k : kNotUsedInstead) {
        const std::string key = std::string("assist.not-used.") + k;
        const std::string& label = i18n::tr(key, lang);
        float nh = button_height(f, label, half, h);
        if (button(f, key, label, {cx, y, half, nh}))
            ev.emit(event::AssistNotUsed{k});
        y += nh + gap;
    }
    f.content_bottom = y + f.scroll_y + m;
}

void draw_paused(Frame& f, const KioskState& s, Events& ev) {
    // The resident may be the one looking: a dialog like theirs, read aloud too.
    draw_dialog(f, s, ev);
}

float staff_overlay_width(const Frame& f, const KioskState& s) {
    if (!s.can_pause() && !s.can_hand_over()) return 0;
    const std::string& label = i18n::tr(s.can_pause() ? "pause" : "handover", s.lang());
    return label_width(f, label) + f.fonts.px(16);
}

void draw_staff_overlay(Frame& f, const KioskState& s, Events& ev) {
    // Top right, in the room the top bar leaves for it; it scrolls with the page.
    bool pause = s.can_pause();
    if (!pause && !s.can_hand_over()) return;
    const std::string& label = i18n::tr(pause ? "pause" : "handover", s.lang());
    float w = label_width(f, label);
    float h = top_bar_height(f);
    float y = f.fonts.px(32) - f.scroll_y;
    // A plain button, never the resident's blue one: hand-over asks first.
    if (button(f, pause ? "pause" : "handover", label, {f.width - f.fonts.px(32) - w, y, w, h}))
        ev.emit(pause ? Event{event::Pause{}} : Event{event::Handover{}});
}

}  // namespace kiosk::ui
