#include "text/bidi.hpp"

#include <fribidi.h>

#include <algorithm>
#include <limits>
#include <set>

#include "core/utf8.hpp"

namespace kiosk::text {

namespace {

bool is_rtl_letter(char32_t c) {
    return (c >= 0x0590 && c <= 0x08FF) ||  // Hebrew, Arabic, Syriac, Thaana, NKo, ... Arabic Extended
           (c >= 0xFB1D && c <= 0xFDFF) ||  // Hebrew and Arabic presentation forms A
           (c >= 0xFE70 && c <= 0xFEFC) ||  // Arabic presentation forms B
           (c >= 0x10800 && c <= 0x10FFF) || (c >= 0x1E800 && c <= 0x1EFFF);
}

// Characters that steer the algorithm or the joining but are never drawn
// (a font has no glyph for most of them, ImGui would draw "?").
bool not_drawn(char32_t c) {
    return c == FRIBIDI_CHAR_FILL ||          // what a lam-alef ligature leaves behind (U+FEFF)
           c == 0x200B || c == 0x200C || c == 0x200D ||  // ZWSP, ZWNJ, ZWJ
           c == 0x200E || c == 0x200F || c == 0x061C ||  // LRM, RLM, ALM
           (c >= 0x202A && c <= 0x202E) ||   // embeddings and overrides
           (c >= 0x2066 && c <= 0x2069);     // isolates
}

constexpr FriBidiFlags kShapeFlags = FRIBIDI_FLAG_SHAPE_MIRRORING | FRIBIDI_FLAG_SHAPE_ARAB_PRES |
                                     FRIBIDI_FLAG_SHAPE_ARAB_LIGA;
// Not FRIBIDI_FLAG_REORDER_NSM: a mark (shadda, tanween) stays before its
// base letter in drawing order. ImGui has no mark positioning; Noto's marks
// have no advance and sit over the glyph drawn right after them, which is
// then their own letter.
constexpr FriBidiFlags kReorderFlags = 0;

// One paragraph, analysed and shaped (still in logical order).
struct Paragraph {
    std::u32string shaped;
    std::vector<FriBidiCharType> types;
    std::vector<FriBidiLevel> levels;
    FriBidiParType base = FRIBIDI_PAR_LTR;
    bool ok = true;
};

Paragraph analyse(const std::u32string& logical, Direction dir) {
    Paragraph p;
    const auto n = static_cast<FriBidiStrIndex>(logical.size());
    p.shaped = logical;
    p.types.resize(logical.size());
    p.levels.resize(logical.size());
    p.base = dir == Direction::Rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
    if (logical.empty()) return p;
    static_assert(sizeof(FriBidiChar) == sizeof(char32_t));
    const auto* str = reinterpret_cast<const FriBidiChar*>(logical.data());
    std::vector<FriBidiBracketType> brackets(logical.size());
    fribidi_get_bidi_types(str, n, p.types.data());
    fribidi_get_bracket_types(str, n, p.types.data(), brackets.data());
    if (fribidi_get_par_embedding_levels_ex(p.types.data(), brackets.data(), n, &p.base, p.levels.data()) == 0) {
        p.ok = false;  // out of memory: draw it as it is
        return p;
    }
    std::vector<FriBidiArabicProp> joining(logical.size());
    fribidi_get_joining_types(str, n, joining.data());
    fribidi_join_arabic(p.types.data(), n, p.levels.data(), joining.data());
    fribidi_shape(kShapeFlags, p.levels.data(), n, joining.data(), reinterpret_cast<FriBidiChar*>(p.shaped.data()));
    return p;
}

// [from, to) of the paragraph as one visual line.
std::string reorder(Paragraph& p, std::size_t from, std::size_t to) {
    std::u32string line;
    if (to > from) {
        std::u32string vis = p.shaped;  // reorder_line works on the whole paragraph's buffer
        if (p.ok) {  // 0 (out of memory) leaves the line in logical order
            std::vector<FriBidiLevel> levels = p.levels;  // L1 changes levels of trailing spaces
            const FriBidiLevel done = fribidi_reorder_line(kReorderFlags, p.types.data(), static_cast<FriBidiStrIndex>(to - from),
                                 static_cast<FriBidiStrIndex>(from), p.base, levels.data(),
                                 reinterpret_cast<FriBidiChar*>(vis.data()), nullptr);
            if (done == 0) vis = p.shaped;
        }
        line.assign(vis.begin() + static_cast<std::ptrdiff_t>(from), vis.begin() + static_cast<std::ptrdiff_t>(to));
    }
    line.erase(std::remove_if(line.begin(), line.end(), not_drawn), line.end());
    return to_utf8(line);
}

bool is_space(char32_t c) { return c == U' ' || c == U'\t'; }  // a no-break space does not break

}  // namespace

bool needs_bidi(std::string_view s) {
    // Right-to-left letters start at U+0590: in UTF-8 a lead byte of 0xD6 or more.
    if (std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0xD6; })) return false;
    for (char32_t c : to_u32(s))
        if (is_rtl_letter(c) || c == 0x200F || c == 0x202B || c == 0x202E || c == 0x2067) return true;
    return false;
}

std::vector<std::string> visual_lines(std::string_view logical, Direction base, float wrap_width,
                                      const Advance& advance) {
    std::vector<std::string> out;
    const std::u32string all = to_u32(logical);
    std::size_t start = 0;
    while (true) {
        std::size_t nl = all.find(U'\n', start);
        std::u32string par = all.substr(start, nl == std::u32string::npos ? std::u32string::npos : nl - start);
        Paragraph p = analyse(par, base);
        // Greedy wrap on the logical (shaped) text: break at spaces, a word
        // wider than the line between characters.
        const std::size_t n = p.shaped.size();
        std::size_t from = 0;
        if (n == 0) out.emplace_back();
        while (from < n) {
            float w = 0;
            std::size_t i = from, brk = std::string::npos;  // brk: where the last space run before i starts
            for (; i < n; ++i) {
                const char32_t c = p.shaped[i];
                if (is_space(c) && i > from && !is_space(p.shaped[i - 1])) brk = i;
                const float cw = not_drawn(c) ? 0.0f : advance(c);
                if (!is_space(c) && w + cw > wrap_width && i > from) break;
                w += cw;
            }
            std::size_t end = i, next = i;
            if (i < n) {
                if (brk != std::string::npos) end = next = brk;
                // else: a word wider than the line, broken before the character that did not fit
            }
            while (end > from && is_space(p.shaped[end - 1])) --end;
            while (next < n && is_space(p.shaped[next])) ++next;
            out.push_back(reorder(p, from, end));
            from = next;
        }
        if (nl == std::u32string::npos) break;
        start = nl + 1;
    }
    return out;
}

std::string visual(std::string_view logical, Direction base) {
    auto lines = visual_lines(logical, base, std::numeric_limits<float>::infinity(), [](char32_t) { return 1.0f; });
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) out += (i ? "\n" : "") + lines[i];
    return out;
}

std::u32string drawn_code_points(std::string_view logical) {
    if (!needs_bidi(logical)) {  // drawn as it is: its own code points
        std::u32string u = to_u32(logical);
        std::sort(u.begin(), u.end());
        u.erase(std::unique(u.begin(), u.end()), u.end());
        u.erase(std::remove_if(u.begin(), u.end(), not_drawn), u.end());
        return u;
    }
    std::set<char32_t> cps;
    for (Direction d : {Direction::Ltr, Direction::Rtl})
        for (char32_t c : to_u32(visual(logical, d))) cps.insert(c);
    return {cps.begin(), cps.end()};
}

std::u32string to_u32(std::string_view s) { return utf8::decode(s); }

std::string to_utf8(std::u32string_view s) { return utf8::encode(s); }

}  // namespace kiosk::text
