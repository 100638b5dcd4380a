// The speaker button every resident screen shows in its top bar.
#include <algorithm>
#include <string>

#include "i18n/catalog.hpp"
#include "screens.hpp"
#include "session/languages.hpp"

namespace kiosk::ui {

float top_bar_x(const Frame& f) { return f.fonts.px(32) + min_target(f) + f.fonts.px(16); }

float top_bar_height(const Frame& f) {
    return std::max(min_target(f), f.fonts.body->FontSize * 1.25f + f.fonts.px(20));
}

float speaker_and_back_bar(Frame& f, const KioskState& s, Events& ev, Event on_back) {
    const float gap = f.fonts.px(16);
    const float y = f.fonts.px(32) - f.scroll_y;
    const float bar = top_bar_height(f);
    const std::string& back = i18n::tr("back", s.lang());
    float bx = top_bar_x(f);
    bx += speak_button(f, s, ev, bx, y, bar) + gap;
    if (button(f, "back", back, {bx, y, label_width(f, back), bar})) ev.emit(std::move(on_back));
    return y + bar + gap;
}

float speak_button(Frame& f, const KioskState& s, Events& ev, float x, float y, float h) {
    const std::string& name = i18n::tr("speak", s.lang());
    void* icon = f.icon ? f.icon("speaker") : nullptr;
    float side = std::max(h, min_target(f));
    bool tapped = false;
    float w = side;
    if (!read_aloud_available(s.lang())) {
        // No voice in this language (Tigrinya): say so, in its own words,
        // beside the speaker struck through; a tap reads nothing.
        w = speaker_unavailable(f, s, x, y, side);
        return w;
    }
    if (f.headphones_missing) {
        // Say why nothing is heard, on the button itself.
        const std::string& notice = i18n::tr("speak.headphones", s.lang());
        float isz = side - 2 * f.fonts.px(8);
        w = std::min(f.width - x - f.fonts.px(32),
                     side + text_width(f.fonts.body, notice) + f.fonts.px(40));
        w = std::max(w, side);
        tapped = icon_button(f, "speak", notice, icon, IconPlace::Left, isz, {x, y, w, side});
    } else {
        tapped = pictogram_button(f, "speak", name, icon, {x, y, side, side});
    }
    if (tapped) ev.emit(event::Speak{});
    return w;
}

}  // namespace kiosk::ui
