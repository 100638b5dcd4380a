// Index of this file:
// [SECTION] text layout
// [SECTION] drawing primitives
// [SECTION] glyph checks and direction
// [SECTION] public: images and text
// [SECTION] public: buttons and hold areas

#include "widgets.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>

#include "text/bidi.hpp"

namespace kiosk::ui {

namespace {

// [SECTION] text layout
// The direction of the frame being drawn, for the helpers that measure text
// without a Frame (text_height): measuring and drawing must wrap alike.
bool g_rtl = false;

text::Direction direction() { return g_rtl ? text::Direction::Rtl : text::Direction::Ltr; }

// Text that the font can draw as it is, code point after code point: no
// right-to-left letters and a left-to-right screen.
bool plain(const std::string& s) { return !g_rtl && !text::needs_bidi(s); }

ImU32 col(Rgb c) { return IM_COL32(c[0], c[1], c[2], 255); }

// A paragraph that wrapped must not end in one word on a line of its own
// (a card's "25." or "jaar." read as a stray heading over the next card):
// the word before it moves down when both fit the line and the line above
// keeps two words, so the number of lines, and every height measured from
// it, stays the same.
void no_lone_last_word(std::vector<std::string>& lines, std::size_t first, float wrap_width, ImFont* font) {
    if (lines.size() < first + 2) return;
    std::string& last = lines.back();
    std::string& before = lines[lines.size() - 2];
    if (last.empty() || last.find(' ') != std::string::npos) return;
    const std::size_t cut = before.rfind(' ');
    // Only when the line above keeps two words: "Samen iets / opzetten"
    // stays, rather than "Samen / iets opzetten".
    if (cut == std::string::npos || before.substr(0, cut).find_first_not_of(' ') == std::string::npos ||
        before.substr(0, cut).find(' ') == std::string::npos)
        return;
    std::string moved = before.substr(cut + 1) + " " + last;
    if (font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, moved.c_str()).x > wrap_width) return;
    before.resize(cut);
    while (!before.empty() && before.back() == ' ') before.pop_back();
    last = std::move(moved);
}

// Splits text into lines that fit `wrap_width`, honouring explicit newlines.
std::vector<std::string> wrap_lines(const std::string& s, float wrap_width, ImFont* font) {
    std::vector<std::string> lines;
    const char* p = s.c_str();
    const char* end = p + s.size();
    const float size = font->FontSize;
    while (p < end) {
        const char* nl = p;
        while (nl < end && *nl != '\n') ++nl;
        const char* q = p;
        const std::size_t first = lines.size();
        while (q < nl) {
            const char* brk = font->CalcWordWrapPositionA(1.0f, q, nl, wrap_width);
            if (brk == q) brk = q + 1;  // a single glyph wider than the line
            std::string line(q, brk);
            while (!line.empty() && line.back() == ' ') line.pop_back();
            lines.push_back(line);
            q = brk;
            while (q < nl && *q == ' ') ++q;
        }
        no_lone_last_word(lines, first, wrap_width, font);
        if (nl == p) lines.emplace_back();
        p = nl < end ? nl + 1 : nl;
    }
    (void)size;
    return lines;
}

// The lines to draw, in drawing order: ImGui's own word wrap for plain text,
// else shaped, wrapped on the logical text and reordered (shared/text/bidi).
std::vector<std::string> layout_lines(const std::string& s, float wrap_width, ImFont* font) {
    if (plain(s)) return wrap_lines(s, wrap_width, font);
    return text::visual_lines(s, direction(), wrap_width, [font](char32_t c) {
        return c > 0xFFFF ? font->FallbackAdvanceX : font->GetCharAdvance(static_cast<ImWchar>(c));
    });
}

float line_width(ImFont* font, const std::string& line) {
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, line.c_str()).x;
}

float line_height(ImFont* font) { return font->FontSize * 1.25f; }

// [SECTION] drawing primitives
// A filled rounded rectangle made of three plain rectangles and four corner
// fans. Same pixels as AddRectFilled with rounding, but SDL's software
// renderer copies axis-aligned quads with a fast fill, while a rounded
// rectangle is one big triangle fan that it rasterises pixel by pixel.
void fill_rounded(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 c, float r) {
    // Whole pixels, so the pieces meet without a seam.
    a = ImVec2(std::floor(a.x + 0.5f), std::floor(a.y + 0.5f));
    b = ImVec2(std::floor(b.x + 0.5f), std::floor(b.y + 0.5f));
    r = std::floor(std::min({r, (b.x - a.x) * 0.5f, (b.y - a.y) * 0.5f}));
    if (r < 1.0f) {
        dl->AddRectFilled(a, b, c);
        return;
    }
    // Quarter-circle fans in the corners first; then the rectangles, each
    // reaching one pixel into the corners to cover the fans' anti-aliased
    // straight edges (otherwise they show as faint seams). Opaque colours
    // only: the pieces overlap.
    const ImVec2 centres[4] = {{a.x + r, a.y + r}, {b.x - r, a.y + r}, {b.x - r, b.y - r}, {a.x + r, b.y - r}};
    static const int from[4] = {6, 9, 0, 3};  // twelfths of a turn: left, top, right, bottom
    for (int i = 0; i < 4; ++i) {
        dl->PathLineTo(centres[i]);
        dl->PathArcToFast(centres[i], r, from[i], from[i] + 3);
        dl->PathFillConvex(c);
    }
    dl->AddRectFilled(ImVec2(a.x + r - 1, a.y), ImVec2(b.x - r + 1, b.y), c);
    dl->AddRectFilled(ImVec2(a.x, a.y + r - 1), ImVec2(a.x + r, b.y - r + 1), c);
    dl->AddRectFilled(ImVec2(b.x - r, a.y + r - 1), ImVec2(b.x, b.y - r + 1), c);
}

}  // namespace

float min_target(const Frame& f) { return f.fonts.min_target_px; }

// [SECTION] glyph checks and direction
std::vector<unsigned> missing_glyphs(const std::string& logical, ImFont* font) {
    // Right-to-left text is drawn shaped: its glyphs are the presentation
    // forms, not the letters as typed.
    const std::string s = text::needs_bidi(logical) ? text::to_utf8(text::drawn_code_points(logical)) : logical;
    std::vector<unsigned> out;
    const char* p = s.c_str();
    const char* end = p + s.size();
    while (p < end) {
        unsigned int c = 0;
        int n = ImTextCharFromUtf8(&c, p, end);
        if (n <= 0) break;
        p += n;
        if (c == '\n' || c == '\t' || c == '\r') continue;
        if (c > 0xFFFF || !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) out.push_back(c);  // ImWchar is 16-bit here
    }
    return out;
}

void check_glyphs(Frame& f, const std::string& s, ImFont* font) {
    for (unsigned c : missing_glyphs(s, font)) f.reg.add_missing_glyph(c);
}

void set_direction(Frame& f, bool rtl) {
    f.rtl = f.mirror = rtl;
    g_rtl = rtl;
}

LeftToRight::LeftToRight(Frame& f) : f_(f), rtl_(f.rtl), mirror_(f.mirror) {
    f.rtl = f.mirror = false;
    g_rtl = false;
}
LeftToRight::~LeftToRight() {
    f_.rtl = rtl_;
    f_.mirror = mirror_;
    g_rtl = rtl_;
}

// [SECTION] public: images and text
Rect placed(const Frame& f, Rect r) {
    if (f.mirror) r.x = f.width - r.x - r.w;
    return r;
}

void image(Frame& f, void* tex, float x, float y, float w, float h) {
    if (!tex) return;
    Rect r = placed(f, {x, y, w, h});
    f.dl->AddImage(tex, ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h));
}

float text_width(ImFont* font, const std::string& s) {
    if (plain(s)) return line_width(font, s);
    return line_width(font, text::visual(s, direction()));
}

void draw_line(Frame& f, ImFont* font, float size, float x, float y, Rgb color, const std::string& s) {
    const std::string line = plain(s) ? s : text::visual(s, direction());
    f.dl->AddText(font, size, ImVec2(x, y), col(color), line.c_str());
}

void fill(Frame& f, Rect r, Rgb color, float rounding) {
    r = placed(f, r);
    fill_rounded(f.dl, ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h), col(color), rounding);
}

float text_height(const std::string& s, float wrap_width, ImFont* font) {
    return static_cast<float>(layout_lines(s, wrap_width, font).size()) * line_height(font);
}

float text(Frame& f, const std::string& s, float x, float y, float wrap_width, ImFont* font,
           Rgb color, Rgb bg, Align align) {
    auto lines = layout_lines(s, wrap_width, font);
    x = placed(f, {x, y, wrap_width, 0}).x;
    // Where a line of width w starts: centred, or at the start of the line
    // (the right edge on a right-to-left screen).
    auto start = [&](float w) {
        if (align == Align::Center) return x + (wrap_width - w) * 0.5f;
        return f.rtl ? x + wrap_width - w : x;
    };
    float lh = line_height(font);
    float widest = 0;
    float yy = y;
    for (const auto& line : lines) {
        float w = line_width(font, line);
        widest = std::max(widest, w);
        float xx = start(w);
        f.dl->AddText(font, font->FontSize, ImVec2(xx, yy + (lh - font->FontSize) * 0.5f), col(color),
                      line.c_str());
        yy += lh;
    }
    float h = yy - y;
    check_glyphs(f, s, font);
    float rx = start(widest);
    f.reg.add_text({s, {rx, y, widest, h}, color, bg, plain(s) ? std::vector<std::string>{} : lines});
    return h;
}

// [SECTION] public: buttons and hold areas
float button_height(const Frame& f, const std::string& label, float width, float min_height) {
    float pad = f.fonts.px(16);
    float h = text_height(label, width - 2 * pad, f.fonts.body) + 2 * pad;
    return std::max({h, min_height, min_target(f)});
}

static bool draw_button(Frame& f, const std::string& id, const std::string& label, Rect r, ButtonStyle style,
                        const char* kind, void* icon, IconPlace place, float icon_size,
                        const std::string* name = nullptr) {
    if (std::strcmp(kind, "key") != 0) r = placed(f, r);  // keys keep their order (a keyboard, the PIN pad)
    ImGui::SetCursorScreenPos(ImVec2(r.x, r.y));
    bool clicked = ImGui::InvisibleButton(id.c_str(), ImVec2(r.w, r.h));
    bool active = ImGui::IsItemActive();

    Rgb bg = f.pal.button_bg, fg = f.pal.button_text;
    bool border = true;
    switch (style) {
        case ButtonStyle::Primary:
            bg = f.pal.primary_bg;
            fg = f.pal.primary_text;
            border = false;
            break;
        case ButtonStyle::Selected:
            bg = f.pal.selected_bg;
            fg = f.pal.selected_text;
            border = false;
            break;
        case ButtonStyle::Quiet:
            bg = f.pal.background;
            fg = f.pal.text;
            break;
        case ButtonStyle::Normal:
            break;
    }
    Rgb draw_bg = bg;
    if (active && style != ButtonStyle::Primary && style != ButtonStyle::Selected) draw_bg = f.pal.pressed_bg;
    float rounding = f.fonts.px(14);
    fill_rounded(f.dl, ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h), col(draw_bg), rounding);
    float bw = f.fonts.px(3);
    if (border)
        f.dl->AddRect(ImVec2(r.x + bw * 0.5f, r.y + bw * 0.5f), ImVec2(r.x + r.w - bw * 0.5f, r.y + r.h - bw * 0.5f),
                      col(f.pal.button_border), rounding, 0, bw);
    if (active && (style == ButtonStyle::Primary || style == ButtonStyle::Selected))
        f.dl->AddRect(ImVec2(r.x + bw, r.y + bw), ImVec2(r.x + r.w - bw, r.y + r.h - bw), col(fg), rounding, 0, bw);

    // Label, centred both ways (beside or below a pictogram). The text run
    // is recorded with the button (as its label), not as a separate text.
    float pad = f.fonts.px(16);
    Rect text_r = r;
    if (icon && place == IconPlace::Left) {
        // Before the label in reading order: at the right on a right-to-left screen.
        const float ix = f.rtl ? r.x + r.w - pad - icon_size : r.x + pad;
        f.dl->AddImage(icon, ImVec2(ix, r.y + (r.h - icon_size) * 0.5f),
                       ImVec2(ix + icon_size, r.y + (r.h + icon_size) * 0.5f));
        if (!f.rtl) text_r.x += icon_size + pad;
        text_r.w -= icon_size + pad;
    } else if (icon && label.empty()) {
        f.dl->AddImage(icon, ImVec2(r.x + (r.w - icon_size) * 0.5f, r.y + (r.h - icon_size) * 0.5f),
                       ImVec2(r.x + (r.w + icon_size) * 0.5f, r.y + (r.h + icon_size) * 0.5f));
    } else if (icon) {
        f.dl->AddImage(icon, ImVec2(r.x + (r.w - icon_size) * 0.5f, r.y + pad),
                       ImVec2(r.x + (r.w + icon_size) * 0.5f, r.y + pad + icon_size));
        text_r.y += icon_size + pad;
        text_r.h -= icon_size + pad;
    }
    auto lines = layout_lines(label, text_r.w - 2 * pad, f.fonts.body);
    float lh = line_height(f.fonts.body);
    float y = text_r.y + (text_r.h - lh * static_cast<float>(lines.size())) * 0.5f;
    for (const auto& line : lines) {
        float w = line_width(f.fonts.body, line);
        f.dl->AddText(f.fonts.body, f.fonts.body->FontSize,
                      ImVec2(text_r.x + (text_r.w - w) * 0.5f, y + (lh - f.fonts.body->FontSize) * 0.5f), col(fg),
                      line.c_str());
        y += lh;
    }
    check_glyphs(f, label, f.fonts.body);  // the drawn (shaped) forms where it is right to left
    // The lines as drawn where shaped or reordered, and where a label wrapped
    // (more lines than it has paragraphs): tests read where it broke.
    const bool wrapped = lines.size() > static_cast<std::size_t>(std::count(label.begin(), label.end(), '\n')) + 1;
    f.reg.add_widget({id, name ? *name : label, kind, r, fg, bg, true, f.fixed_layer,
                      label.empty() || (plain(label) && !wrapped) ? std::vector<std::string>{} : lines});
    return clicked;
}

bool button(Frame& f, const std::string& id, const std::string& label, Rect r, ButtonStyle style,
            const char* kind) {
    return draw_button(f, id, label, r, style, kind, nullptr, IconPlace::Left, 0);
}

bool icon_button(Frame& f, const std::string& id, const std::string& label, void* icon, IconPlace place,
                 float icon_size, Rect r, ButtonStyle style, const char* kind) {
    return draw_button(f, id, label, r, style, kind, icon, place, icon_size);
}

bool pictogram_button(Frame& f, const std::string& id, const std::string& name, void* icon, Rect r, ButtonStyle style,
                      const char* kind) {
    float isz = std::min(r.w, r.h) - 2 * f.fonts.px(8);
    return draw_button(f, id, "", r, style, kind, icon, IconPlace::Above, isz, &name);
}

bool hold_area(Frame& f, const std::string& id, Rect r) {
    r = placed(f, r);  // the staff corner sits beside the speaker: top right on a right-to-left screen
    ImGui::SetCursorScreenPos(ImVec2(r.x, r.y));
    ImGui::InvisibleButton(id.c_str(), ImVec2(r.w, r.h));
    bool held = ImGui::IsItemActive();
    f.reg.add_widget({id, "", "hold", r, f.pal.text, f.pal.background, true, f.fixed_layer});
    return held;
}

float label_width(const Frame& f, const std::string& label) {
    return std::max(min_target(f), text_width(f.fonts.body, label) + f.fonts.px(44));
}

}  // namespace kiosk::ui
