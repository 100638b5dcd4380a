// Our touch widgets: big buttons and text runs drawn with ImDrawList, each
// recording itself in the frame's Registry (id, label, rectangle, colours)
// so scripts can tap it and tests can measure it. Ids are stable names,
// never pointers or frame counters.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "theme.hpp"
#include "ui_registry.hpp"

struct ImDrawList;

namespace kiosk::ui {

// Looks up a pictogram by name; returns nullptr when there is none.
using IconLookup = std::function<void*(const std::string& name)>;

// Everything a screen needs to draw one frame.
struct Frame {
    Registry& reg;
    const Palette& pal;
    const Fonts& fonts;
    ImDrawList* dl;
    float width, height;
    bool touch_down = false;  // pointer is down this frame (for press feedback)
    float scroll_y = 0;       // how far the screen's content is scrolled up
    float content_bottom = 0; // set by the screen: where its content ends (unscrolled)
    IconLookup icon;
    bool headphones_missing = false;  // headphones-only is on and none are plugged in
    // The bottom action bar (action_bar in screens.hpp) sets these:
    float view_bottom = 0;    // scrolling content is visible above this (the bar's top); 0 = the screen height
    bool fixed_layer = false; // drawing the bar now: its widgets are recorded as fixed
    bool clip_pushed = false; // content is clipped to the view (popped after the screen)
    bool more_below = false;  // the last frame's content went on below the view: show the scroll cue
    bool fresh = false;       // the first frame of this screen (or question)
    float scroll_to = -1;     // set by a screen: scroll so that this content y is at the top
    float scroll_by = 0;      // set by the scroll cue: scroll down this far
    // Right to left (an Arabic screen; draw_screen sets both): text runs are
    // shaped and reordered (shared/text/bidi) and start at the right, and
    // while `mirror` is on every widget's rectangle is mirrored, so screens
    // lay out left to right and the widgets place them the other way round
    // (back and next swap sides, the progress bar runs right to left, the
    // staff corner is top right). Keys (kind "key") are never mirrored.
    bool rtl = false;
    bool mirror = false;
};

// Lays out the rest of this frame in the language's direction (draw_screen).
void set_direction(Frame& f, bool rtl);
// Turns mirroring off for a part of a screen drawn with its own geometry
// (the spider chart, a typed field), and back on when it ends.
struct NoMirror {
    explicit NoMirror(Frame& f) : f_(f), was_(f.mirror) { f.mirror = false; }
    ~NoMirror() { f_.mirror = was_; }
    NoMirror(const NoMirror&) = delete;
    NoMirror& operator=(const NoMirror&) = delete;
private:
    Frame& f_;
    bool was_;
};
// Left to right for a part of a right-to-left screen: what the resident types
// on our (Latin) keyboard, with its caret at the end.
class LeftToRight {
public:
    explicit LeftToRight(Frame& f);
    ~LeftToRight();
    LeftToRight(const LeftToRight&) = delete;
    LeftToRight& operator=(const LeftToRight&) = delete;
private:
    Frame& f_;
    bool rtl_, mirror_;
};
// A rectangle where it is drawn: mirrored across the screen while mirroring is on.
Rect placed(const Frame& f, Rect r);
// A pictogram at [x, x+w) x [y, y+h), mirrored like a widget.
void image(Frame& f, void* tex, float x, float y, float w, float h);
// Width of one line of `s` as drawn (shaped where it needs to be).
float text_width(ImFont* font, const std::string& s);
// One line of text at (x, y), shaped and reordered where it needs to be; no
// wrapping, no mirroring, nothing recorded (the caller records it).
void draw_line(Frame& f, ImFont* font, float size, float x, float y, Rgb color, const std::string& s);

enum class IconPlace { Left, Above };

enum class ButtonStyle { Primary, Normal, Selected, Quiet };
enum class Align { Left, Center };  // Left: the start of the line (the right on a right-to-left screen)

// A big button. Returns true when tapped (released over it).
bool button(Frame& f, const std::string& id, const std::string& label, Rect r,
            ButtonStyle style = ButtonStyle::Normal, const char* kind = "button");

// A big card with a pictogram beside or above its label.
bool icon_button(Frame& f, const std::string& id, const std::string& label, void* icon, IconPlace place,
                 float icon_size, Rect r, ButtonStyle style = ButtonStyle::Normal, const char* kind = "option");

// A square button showing only a pictogram (on its own light tile, so it
// reads in both themes); `name` is what dump-ui reports as its label.
bool pictogram_button(Frame& f, const std::string& id, const std::string& name, void* icon, Rect r,
                      ButtonStyle style = ButtonStyle::Normal, const char* kind = "button");

// Height a button needs to show `label` wrapped within `width`, never less
// than the touch minimum.
float button_height(const Frame& f, const std::string& label, float width, float min_height);

// Wrapped text. Returns the height it took.
float text(Frame& f, const std::string& s, float x, float y, float wrap_width, ImFont* font,
           Rgb color, Rgb bg, Align align = Align::Left);
float text_height(const std::string& s, float wrap_width, ImFont* font);

// An invisible area that reports whether it is being held down (the hidden
// staff corner). Recorded with kind "hold" so scripts can `hold` it.
bool hold_area(Frame& f, const std::string& id, Rect r);

void fill(Frame& f, Rect r, Rgb color, float rounding = 0);

// Minimum touch target size (64 px at 1280x800, scaled with the display, and
// at least 9 mm at the configured DPI).
float min_target(const Frame& f);
// Width of a one-line button for `label`: its text plus padding, at least a touch target.
float label_width(const Frame& f, const std::string& label);

// Records in the frame's registry every character of `s` that `font` has no
// glyph for (it would show as "?").
void check_glyphs(Frame& f, const std::string& s, ImFont* font);
// The characters of `s` that `font` has no glyph for (code points), in order.
std::vector<unsigned> missing_glyphs(const std::string& s, ImFont* font);

}  // namespace kiosk::ui
