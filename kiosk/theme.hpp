// Colours and fonts. Every colour is chosen on purpose (the ImGui default
// theme fails contrast); text on its background is >= 4.5:1 in the normal
// theme and >= 7:1 in the high-contrast theme, controls >= 3:1.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "a11y/contrast.hpp"

struct ImFont;

namespace kiosk::ui {

using a11y::Rgb;

struct Palette {
    Rgb background;
    Rgb text;
    Rgb muted;            // secondary text, still >= 4.5:1
    Rgb primary_bg;       // the one colour for "the main action"
    Rgb primary_text;
    Rgb button_bg;        // other buttons
    Rgb button_text;
    Rgb button_border;    // >= 3:1 against background
    Rgb selected_bg;      // a chosen option
    Rgb selected_text;
    Rgb pressed_bg;
    Rgb danger_text;      // error messages
    Rgb panel_bg;         // cards, bars
};

const Palette& palette(bool high_contrast);

struct Fonts {
    ImFont* body = nullptr;     // running text and button labels
    ImFont* heading = nullptr;  // screen titles
    ImFont* large = nullptr;    // the main question / big numbers
    float ui_scale = 1.0f;      // layout scale for this display (1.0 at 1280x800)
    float text_scale = 1.0f;    // resident's text size choice (1.0, 1.5, 2.0)
    float min_target_px = 64;   // smallest touch target: 64 px at 1280x800, and 9 mm at the configured DPI
    float px(float base) const { return base * ui_scale; }  // layout pixels
};

// Builds the font atlas for this display and text size. Regular and bold
// faces from the given files; glyphs cover Dutch, Latin Extended-A, general
// punctuation and the euro sign. `symbols` (may be empty) are merged in for
// what the text faces lack: arrows (review: "→") and check marks ("✓").
// `scripts` (script_fonts.hpp) adds what the content uses beyond that: more
// glyphs of the text faces (Cyrillic), and faces for other scripts (Arabic,
// Ethiopic) merged in with only the glyphs the content needs.
struct ScriptFont {
    std::string regular, bold;          // files; empty: the text faces themselves
    std::vector<unsigned short> ranges; // 0-terminated pairs, as ImGui takes them
    float scale = 1.0f;                 // size against the text face (Arabic reads small at the same size)
};
// The font files' bytes, read once at start (before the first frame): a
// rebuild on a language or text-size change then reads no disk in a frame,
// and the three faces share one copy of each file instead of one each.
class FontFiles {
public:
    // Reads each file not read yet; a file that cannot be read is left out
    // (build_fonts then reads it itself, and says so on stderr).
    void preload(const std::vector<std::string>& paths);
    // nullptr for a file not preloaded.
    std::vector<unsigned char>* find(const std::string& path);

private:
    std::map<std::string, std::vector<unsigned char>> bytes_;
};

Fonts build_fonts(FontFiles& files, const std::string& regular, const std::string& bold, float ui_scale,
                  float text_scale, const std::vector<std::string>& symbols = {},
                  const std::vector<ScriptFont>& scripts = {});

// The symbol ranges merged from the symbol fonts (0-terminated pairs).
const unsigned short* symbol_ranges();

// Base body text size in pixels at 1280x800 and 100 %.
constexpr float kBodyPx = 30.0f;

}  // namespace kiosk::ui
