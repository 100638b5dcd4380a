// The talk follow-up (screen `contact-wish`): after "Yes, please" the
// resident says how they want to talk (desk, phone, e-mail, a home visit,
// rather not: a dialog of session/screen_model), then types the number or
// address when one is needed. Thin over KioskState and session/contact_wish.*.
#include <string>
#include <vector>

#include "i18n/catalog.hpp"
#include "screens.hpp"
#include "session/contact_wish.hpp"

namespace kiosk::ui {

namespace {

float page_column(const Frame& f, float& x) {
    float m = f.fonts.px(32);
    float w = std::min(f.width - 2 * m, f.fonts.px(980) * std::max(1.0f, f.fonts.text_scale * 0.8f));
    x = (f.width - w) * 0.5f;
    return w;
}

void detail_entry(Frame& f, const KioskState& s, Events& ev, ContactWay way, float x, float y, float w) {
    const auto& lang = s.lang();
    float gap = f.fonts.px(10);
    std::string question = say(s, std::string("contact.entry.") + contact_way_code(way), lang);
    y += text(f, question, x, y, w, f.fonts.large, f.pal.text, f.pal.background) + gap;
    // The field: what has been typed so far, with a caret (never read aloud).
    std::string shown = s.typed() + "|";
    float fh = std::max(min_target(f), text_height(shown, w - f.fonts.px(32), f.fonts.body) + f.fonts.px(24));
    fill(f, {x, y, w, fh}, f.pal.button_bg, f.fonts.px(8));
    {
        LeftToRight ltr(f);  // typed on our Latin keyboard, the caret at the end
        text(f, shown, x + f.fonts.px(16), y + f.fonts.px(12), w - f.fonts.px(32), f.fonts.body, f.pal.button_text,
             f.pal.button_bg);
    }
    y += fh + gap;
    if (!s.keyboard_error().empty())
        y += text(f, i18n::tr(s.keyboard_error(), lang), x, y, w, f.fonts.body, f.pal.danger_text, f.pal.background) + gap;
    else
        y += text(f, i18n::tr("contact.entry.hint", lang), x, y, w, f.fonts.body, f.pal.muted, f.pal.background) + gap;

    bool numeric = detail_is_numeric(way);
    std::vector<std::vector<std::string>> rows;
    if (numeric) {
        rows = {{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {"+", "0", "-"}};
    } else {
        rows = {{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
                {"q", "w", "e", "r", "t", "y", "u", "i", "o", "p"},
                {"a", "s", "d", "f", "g", "h", "j", "k", "l", "@"},
                {"z", "x", "c", "v", "b", "n", "m", ",", ".", "-"},
                {"\xC3\xA9", "\xC3\xAB", "\xC3\xA8", "\xC3\xAF", "\xC3\xB6", "\xC3\xBC", "_", "'", "/", "&"}};
    }
    std::size_t cols = rows.front().size();
    float kx0 = x, kwidth = w;
    float kw = (kwidth - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    if (kw < min_target(f)) {  // narrow screen at a high DPI: the keys take the whole width
        kx0 = 8;
        kwidth = f.width - 16;
        kw = (kwidth - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    }
    if (numeric) {
        kw = std::min(kw, f.fonts.px(140));
        kx0 = x + (w - (kw * 3 + gap * 2)) * 0.5f;
    }
    float kh = std::max(min_target(f), f.fonts.body->FontSize * 1.9f);
    for (const auto& row : rows) {
        float kx = kx0;
        for (const auto& k : row) {
            if (button(f, "key." + k, k, {kx, y, kw, kh}, ButtonStyle::Normal, "key"))
                ev.emit(event::TypeText{k});
            kx += kw + gap;
        }
        y += kh + gap;
    }
    float row_w = numeric ? kw * 3 + gap * 2 : kwidth;
    int keys = numeric ? 2 : 3;
    float kw2 = (row_w - gap * static_cast<float>(keys - 1)) / static_cast<float>(keys);
    float kx = kx0;
    if (!numeric) {
        if (button(f, "key.shift", i18n::tr("keyboard.shift", lang), {kx, y, kw2, kh},
                   s.shift() ? ButtonStyle::Selected : ButtonStyle::Normal, "key"))
            ev.emit(event::ToggleShift{});
        kx += kw2 + gap;
    }
    if (button(f, "key.space", i18n::tr("keyboard.space", lang), {kx, y, kw2, kh}, ButtonStyle::Normal, "key"))
        ev.emit(event::TypeText{" "});
    kx += kw2 + gap;
    if (button(f, "key.backspace", i18n::tr("keyboard.delete", lang), {kx, y, kw2, kh}, ButtonStyle::Normal, "key"))
        ev.emit(event::KeyBackspace{});
    y += kh;
    f.content_bottom = y + f.scroll_y + f.fonts.px(32);
}

}  // namespace

void draw_contact_wish(Frame& f, const KioskState& s, Events& ev) {
    auto way = s.contact_entry();
    if (!way) {  // the choice: a dialog of screen_model (title, marks, the five ways as answers in the body)
        draw_dialog(f, s, ev);
        return;
    }
    // The number or address: Next in the bottom action bar (drawn first), back on top.
    action_bar(f, s, ev, {{"next", i18n::tr("next", s.lang()), ButtonStyle::Primary, event::Next{}}});
    float x = 0;
    float w = page_column(f, x);
    float y = speaker_and_back_bar(f, s, ev, event::ContactBack{});
    detail_entry(f, s, ev, *way, x, y, w);
    draw_staff_corner(f, ev);
}

}  // namespace kiosk::ui
