// A tiny anti-aliased vector canvas for drawing our pictograms in code
// (kioskdev make-icons): filled and stroked paths, circles and rounded
// rectangles in a 128 x 128 design space, rendered into an RGBA buffer.
#pragma once

#include <cstdint>
#include <vector>

namespace kiosk::icons {

struct Color {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;
};

struct Pt {
    float x = 0, y = 0;
};

// A path built from lines and curves, flattened to polylines.
class Path {
public:
    Path& move(float x, float y);
    Path& line(float x, float y);
    Path& quad(float cx, float cy, float x, float y);
    Path& cubic(float c1x, float c1y, float c2x, float c2y, float x, float y);
    // Circular arc around (cx, cy) from angle a0 to a1 in degrees, 0 = right,
    // 90 = down (screen coordinates); continues the current contour.
    Path& arc(float cx, float cy, float r, float a0, float a1);
    Path& close();
    // Marks every contour closed (for outlining a filled shape).
    Path& close_all();

    const std::vector<std::vector<Pt>>& contours() const { return contours_; }
    const std::vector<bool>& closed() const { return closed_; }

private:
    std::vector<std::vector<Pt>> contours_;
    std::vector<bool> closed_;
};

// A straight-alpha RGBA canvas; coordinates are in design units (the
// canvas is 128 units wide whatever its pixel size).
class Canvas {
public:
    explicit Canvas(int size_px);

    int size() const { return size_; }
    // 8-bit straight RGBA, row by row.
    std::vector<std::uint8_t> rgba() const;

    // Even-odd fill of every contour of the path.
    void fill(const Path& p, Color c);
    // Round-capped, round-joined stroke.
    void stroke(const Path& p, float width, Color c);
    void circle(float cx, float cy, float r, Color c);
    void ring(float cx, float cy, float r, float width, Color c);
    void ellipse(float cx, float cy, float rx, float ry, Color c);
    void rrect(float x, float y, float w, float h, float radius, Color c);
    void rrect_outline(float x, float y, float w, float h, float radius, float width, Color c);
    void line(float x1, float y1, float x2, float y2, float width, Color c);

    // Everything drawn after this is clipped to a rounded rectangle (the
    // tile), anti-aliased like every other edge.
    void clip_to_rrect(float x, float y, float w, float h, float radius);
    void no_clip() { clip_ = false; }

    // Shorthands for the house style: a coloured shape with a dark outline.
    void fill_outlined(const Path& p, Color fill, Color ink, float width);
    void circle_outlined(float cx, float cy, float r, Color fill, Color ink, float width);
    void rrect_outlined(float x, float y, float w, float h, float radius, Color fill, Color ink,
                        float width);

private:
    // Blends colour c with coverage from a signed distance (design units,
    // negative inside) over the box.
    template <typename Sdf>
    void paint(float x0, float y0, float x1, float y1, Color c, Sdf sdf);

    int size_;
    float scale_;  // pixels per design unit
    std::vector<float> buf_;  // straight RGBA, 0..1
    bool clip_ = false;
    float clip_x_ = 0, clip_y_ = 0, clip_w_ = 0, clip_h_ = 0, clip_r_ = 0;
    float clip_coverage(float px, float py) const;
};

}  // namespace kiosk::icons
