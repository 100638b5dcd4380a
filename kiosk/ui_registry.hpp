// What the current frame shows, as data: every interactive widget and every
// text run with its rectangle and colours. Scripts tap widgets found here,
// `dump-ui` writes it as JSON, and tests check sizes and contrast on it.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "a11y/contrast.hpp"

namespace kiosk::ui {

using a11y::Rgb;

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    bool contains(float px, float py) const { return px >= x && py >= y && px < x + w && py < y + h; }
};

struct WidgetRecord {
    std::string id;     // stable id from ../shared/CLI.md ("start", "lang.en")
    std::string label;  // visible label in the current language
    std::string kind;   // "button", "toggle", "hold", "key", ...
    Rect rect;
    Rgb text_rgb{0, 0, 0};
    Rgb bg_rgb{255, 255, 255};
    bool enabled = true;
    bool fixed = false;  // in the bottom action bar: never scrolls, always on screen
    std::vector<std::string> drawn = {};  // the label's lines as drawn, where shaped or reordered (right to left)
};

struct TextRecord {
    std::string text;   // as stored (logical order)
    Rect rect;
    Rgb text_rgb{0, 0, 0};
    Rgb bg_rgb{255, 255, 255};
    std::vector<std::string> drawn = {};  // its lines as drawn, left to right, where shaped or reordered
};

// A drawn figure that is not a control (a chart, the previous result's web):
// dump-ui lists it so a test can see it is there, where and what it shows.
struct FigureRecord {
    std::string id;     // "result.chart", "result.previous"
    std::string label;  // what it shows, in words
    Rect rect;
};

class Registry {
public:
    void begin_frame(std::string screen, int width, int height);
    void set_dpi(float dpi, float min_target_px) {
        dpi_ = dpi;
        min_target_px_ = min_target_px;
    }
    void add_widget(WidgetRecord w) { widgets_.push_back(std::move(w)); }
    void add_text(TextRecord t) { texts_.push_back(std::move(t)); }
    void add_figure(FigureRecord f) { figures_.push_back(std::move(f)); }
    const std::vector<FigureRecord>& figures() const { return figures_; }
    // Where scrolling content is visible: from the top of the screen to the
    // top of the bottom action bar (the screen height without a bar).
    void set_view_bottom(float y) { view_bottom_ = y; }
    float view_bottom() const { return view_bottom_; }
    // A character drawn this frame that the font it was drawn in has no glyph for.
    void add_missing_glyph(unsigned c) { missing_.insert(c); }
    const std::set<unsigned>& missing_glyphs() const { return missing_; }

    const std::string& screen() const { return screen_; }
    const std::vector<WidgetRecord>& widgets() const { return widgets_; }
    const std::vector<TextRecord>& texts() const { return texts_; }

    // By stable id first, then by exact visible label.
    const WidgetRecord* find(const std::string& id_or_label) const;
    // True if any text run or widget label contains `needle`.
    bool shows_text(const std::string& needle) const;

    std::string to_json() const;

private:
    std::string screen_;
    int width_ = 0, height_ = 0;
    float view_bottom_ = 0;
    std::set<unsigned> missing_;
    float dpi_ = 0, min_target_px_ = 64;
    std::vector<WidgetRecord> widgets_;
    std::vector<TextRecord> texts_;
    std::vector<FigureRecord> figures_;
};

}  // namespace kiosk::ui
