// The language choice (issue 21): every offered language by its own name
// (session/languages.hpp decides which), with `lang.<code>` ids; and the
// speaker button of a language without a voice.
#include <algorithm>
#include <string>

#include <imgui.h>

#include "i18n/catalog.hpp"
#include "screens.hpp"
#include "session/languages.hpp"

namespace kiosk::ui {

namespace {
std::vector<i18n::Language> shown(const KioskState& s, bool include_current) {
    std::vector<i18n::Language> out;
    for (auto& l : offered_languages(s))
        if (include_current || l.code != s.lang()) out.push_back(std::move(l));
    return out;
}

void one(Frame& f, const KioskState& s, Events& ev, const i18n::Language& l, Rect r) {
    std::string code = l.code;
    if (button(f, "lang." + code, l.name, r, code == s.lang() ? ButtonStyle::Selected : ButtonStyle::Normal, "toggle"))
        ev.emit(event::SetLanguage{code});
}
}  // namespace

float languages_width(const Frame& f, const KioskState& s, bool include_current) {
    float w = 0;
    for (const auto& l : shown(s, include_current)) w += label_width(f, l.name) + f.fonts.px(16);
    return w;
}

float draw_languages_row(Frame& f, const KioskState& s, Events& ev, float right, float y, float h, bool include_current) {
    auto langs = shown(s, include_current);
    float x = right;
    for (auto it = langs.rbegin(); it != langs.rend(); ++it) {
        float w = label_width(f, it->name);
        x -= w;
        one(f, s, ev, *it, {x, y, w, h});
        x -= f.fonts.px(16);
    }
    return x;
}

float draw_languages_rows(Frame& f, const KioskState& s, Events& ev, float y, float h, bool include_current) {
    const float m = f.fonts.px(32), gap = f.fonts.px(16);
    auto langs = shown(s, include_current);
    if (langs.empty()) return y;
    float x = m;
    for (const auto& l : langs) {
        float w = std::min(label_width(f, l.name), f.width - 2 * m);
        if (x > m && x + w > f.width - m) {
            x = m;
            y += h + gap;
        }
        one(f, s, ev, l, {x, y, w, h});
        x += w + gap;
    }
    return y + h + gap;
}

namespace {
// How wide the "read-aloud is not available" notice may be beside the speaker.
// The welcome screen has its top rows to itself: the whole bar there.
float notice_room(const Frame& f, const KioskState& s) {
    const float bar = f.width - top_bar_x(f) - f.fonts.px(32);
    return s.screen() == Screen::Welcome ? bar : 0.5f * bar;
}
}  // namespace

float speak_button_width(const Frame& f, const KioskState& s, float h) {
    float side = std::max(h, min_target(f));
    const char* key = !read_aloud_available(s.lang()) ? "speak.unavailable" : f.headphones_missing ? "speak.headphones" : nullptr;
    if (!key) return side;
    const std::string& notice = i18n::tr(key, s.lang());
    float w = side + f.fonts.body->CalcTextSizeA(f.fonts.body->FontSize, 1e9f, 0, notice.c_str()).x + f.fonts.px(40);
    // More than half the bar (a narrow screen, large text): the pictogram
    // alone, so back and the progress keep their place on the glass.
    if (!read_aloud_available(s.lang()) && w > notice_room(f, s)) return side;
    return std::max(side, std::min(w, f.width - top_bar_x(f) - f.fonts.px(32)));
}

float speaker_unavailable(Frame& f, const KioskState& s, float x, float y, float side) {
    const std::string& notice = i18n::tr("speak.unavailable", s.lang());
    void* icon = f.icon ? f.icon("speaker") : nullptr;
    const float isz = side - 2 * f.fonts.px(8);
    const float room = f.width - x - f.fonts.px(32);
    float w = side + f.fonts.body->CalcTextSizeA(f.fonts.body->FontSize, 1e9f, 0, notice.c_str()).x + f.fonts.px(40);
    w = std::max(side, std::min(w, room));
    // A button that reads nothing: its label is the notice, so it is what a
    // tap (or a screen reader of the dump) finds under `speak`. Where the
    // notice would take more than half the bar, the struck-through speaker
    // says it alone (the welcome screen, with room, shows the words).
    if (w > notice_room(f, s)) {
        w = side;
        pictogram_button(f, "speak", notice, icon, {x, y, w, side});
    } else {
        icon_button(f, "speak", notice, icon, IconPlace::Left, isz, {x, y, w, side}, ButtonStyle::Quiet);
    }
    // The speaker struck through: "no sound here" without reading a word.
    const float pad = f.fonts.px(16);
    const ImVec2 a(x + pad, y + (side - isz) * 0.5f + isz), b(x + pad + isz, y + (side - isz) * 0.5f);
    const auto& c = f.pal.danger_text;
    f.dl->AddLine(a, b, IM_COL32(c[0], c[1], c[2], 255), std::max(2.0f, f.fonts.px(5)));
    return w;
}

}  // namespace kiosk::ui
