// From a logical string (the order it is typed and stored in) to the lines
// to draw, for a renderer that draws one code point after the other, left to
// right (Dear ImGui 1.86). FriBidi does the Unicode bidirectional algorithm
// (UAX #9) and Arabic joining and shaping into the presentation forms
// (U+FB50-U+FDFF, U+FE70-U+FEFF) that a font like Noto Sans Arabic holds.
// Lines are wrapped on the logical text first, then each line is reordered,
// as UAX #9 says (rule L1-L2 per line, levels per paragraph), so a wrapped
// Arabic sentence reads top to bottom, right to left, with numbers and Latin
// names kept in their own order. No UI toolkit here.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::text {

enum class Direction { Ltr, Rtl };

// Whether `s` holds a character that needs this module to be drawn right:
// right-to-left letters (Hebrew, Arabic and its presentation forms, ...).
// Text without any is drawn as it is on a left-to-right screen.
bool needs_bidi(std::string_view s);

// Width of one code point as drawn (the font's advance); 0 for characters
// that are not drawn.
using Advance = std::function<float(char32_t)>;

// `logical` (UTF-8, '\n' separates paragraphs) as visual lines, each at most
// `wrap_width` wide where a line can be broken (at spaces; a word wider than
// the line is broken between characters). Paragraphs take `base` as their
// direction. Arabic is shaped (joined forms, lam-alef ligatures), brackets
// mirrored, and characters that are never drawn (bidi controls, ZWJ, ZWNJ,
// the ligatures' fillers) left out. A blank paragraph gives an empty line.
std::vector<std::string> visual_lines(std::string_view logical, Direction base, float wrap_width,
                                      const Advance& advance);

// One paragraph per line, never wrapped: what visual_lines gives for an
// endless line, joined by '\n'.
std::string visual(std::string_view logical, Direction base);

// The code points that drawing `logical` in either direction needs from a
// font (after shaping), for building a font atlas with only those glyphs.
std::u32string drawn_code_points(std::string_view logical);

// UTF-8 <-> UTF-32 (invalid bytes become U+FFFD).
std::u32string to_u32(std::string_view s);
std::string to_utf8(std::u32string_view s);

}  // namespace kiosk::text
