// A referral card: the offer's pictogram, name, one line of what it does and
// how to reach it (address, days and times written out, phone, a note), in
// the resident's language. The safety line gets a stronger border.
#include <string>

#include "screens.hpp"

namespace kiosk::ui {

float referral_card(Frame& f, const referrals::Offer& o, const std::string& lang, float x, float y, float w) {
    float pad = f.fonts.px(16);
    void* icon = f.icon && !o.icon.empty() ? f.icon(o.icon) : nullptr;
    float isz = icon ? f.fonts.px(72) : 0;
    float tx = x + pad + (icon ? isz + pad : 0);
    float tw = w - (tx - x) - pad;
    std::string body = o.text(o.description, lang);
    for (const auto& line : referrals::contact_lines(o, lang)) body += "\n" + line;
    const std::string& name = o.text(o.name, lang);
    float h = std::max(isz, text_height(name, tw, f.fonts.large) + text_height(body, tw, f.fonts.body)) + 2 * pad;
    fill(f, {x, y, w, h}, f.pal.panel_bg, f.fonts.px(12));
    if (o.safety) {
        Rgb c = f.pal.danger_text;
        f.dl->AddRect(ImVec2(x, y), ImVec2(x + w, y + h), IM_COL32(c[0], c[1], c[2], 255), f.fonts.px(12), 0, f.fonts.px(4));
    }
    if (icon) {
        fill(f, {x + pad, y + pad, isz, isz}, {255, 255, 255}, f.fonts.px(8));
        image(f, icon, x + pad, y + pad, isz, isz);
    }
    float yy = y + pad;
    yy += text(f, name, tx, yy, tw, f.fonts.large, f.pal.text, f.pal.panel_bg);
    text(f, body, tx, yy, tw, f.fonts.body, f.pal.text, f.pal.panel_bg);
    return h;
}

}  // namespace kiosk::ui
