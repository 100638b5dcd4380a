// Every shape is drawn from a signed distance function: coverage of a pixel
// is 0.5 - distance (in pixels), clamped, which gives a one-pixel
// anti-aliased edge without supersampling. Strokes are unions of capsules,
// so joins and caps come out round, which suits friendly pictograms.
#include "icon_canvas.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kiosk::icons {
namespace {

constexpr float kPi = 3.14159265358979f;

float seg_dist(Pt p, Pt a, Pt b) {
    float vx = b.x - a.x, vy = b.y - a.y, wx = p.x - a.x, wy = p.y - a.y;
    float len2 = vx * vx + vy * vy;
    float t = len2 > 0 ? std::clamp((wx * vx + wy * vy) / len2, 0.0f, 1.0f) : 0.0f;
    float dx = wx - t * vx, dy = wy - t * vy;
    return std::sqrt(dx * dx + dy * dy);
}

float rrect_sdf(float px, float py, float x, float y, float w, float h, float radius) {
    float dx = std::fabs(px - (x + w / 2)) - (w / 2 - radius);
    float dy = std::fabs(py - (y + h / 2)) - (h / 2 - radius);
    float out = std::hypot(std::max(dx, 0.0f), std::max(dy, 0.0f));
    return out + std::min(std::max(dx, dy), 0.0f) - radius;
}

struct Box {
    float x0 = std::numeric_limits<float>::max(), y0 = x0, x1 = -x0, y1 = -x0;
    void add(Pt p) {
        x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
    }
};

}  // namespace

Path& Path::move(float x, float y) {
    contours_.push_back({{x, y}});
    closed_.push_back(false);
    return *this;
}

Path& Path::line(float x, float y) {
    if (contours_.empty()) return move(x, y);
    contours_.back().push_back({x, y});
    return *this;
}

Path& Path::quad(float cx, float cy, float x, float y) {
    Pt p0 = contours_.back().back();
    for (int i = 1; i <= 16; ++i) {
        float t = i / 16.0f, u = 1 - t;
        line(u * u * p0.x + 2 * u * t * cx + t * t * x, u * u * p0.y + 2 * u * t * cy + t * t * y);
    }
    return *this;
}

Path& Path::cubic(float c1x, float c1y, float c2x, float c2y, float x, float y) {
    Pt p0 = contours_.back().back();
    for (int i = 1; i <= 24; ++i) {
        float t = i / 24.0f, u = 1 - t;
        float a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
        line(a * p0.x + b * c1x + c * c2x + d * x, a * p0.y + b * c1y + c * c2y + d * y);
    }
    return *this;
}

Path& Path::arc(float cx, float cy, float r, float a0, float a1) {
    int steps = std::max(4, static_cast<int>(std::fabs(a1 - a0) / 6));
    for (int i = 0; i <= steps; ++i) {
        float a = (a0 + (a1 - a0) * i / steps) * kPi / 180;
        float x = cx + r * std::cos(a), y = cy + r * std::sin(a);
        if (i == 0 && contours_.empty()) move(x, y);
        else line(x, y);
    }
    return *this;
}

Path& Path::close() {
    if (!closed_.empty()) closed_.back() = true;
    return *this;
}

Path& Path::close_all() {
    for (std::size_t i = 0; i < closed_.size(); ++i) closed_[i] = true;
    return *this;
}

Canvas::Canvas(int size_px)
    : size_(size_px), scale_(size_px / 128.0f), buf_(static_cast<std::size_t>(size_px * size_px * 4), 0.0f) {
}

template <typename Sdf>
void Canvas::paint(float x0, float y0, float x1, float y1, Color c, Sdf sdf) {
    int px0 = std::max(0, static_cast<int>(std::floor(x0 * scale_)) - 2);
    int py0 = std::max(0, static_cast<int>(std::floor(y0 * scale_)) - 2);
    int px1 = std::min(size_ - 1, static_cast<int>(std::ceil(x1 * scale_)) + 2);
    int py1 = std::min(size_ - 1, static_cast<int>(std::ceil(y1 * scale_)) + 2);
    float ca = c.a / 255.0f;
    for (int py = py0; py <= py1; ++py) {
        for (int px = px0; px <= px1; ++px) {
            Pt p{(px + 0.5f) / scale_, (py + 0.5f) / scale_};
            float cov = std::clamp(0.5f - sdf(p) * scale_, 0.0f, 1.0f) * ca;
            if (clip_ && cov > 0) cov *= clip_coverage(p.x, p.y);
            if (cov <= 0) continue;
            float* d = &buf_[static_cast<std::size_t>((py * size_ + px) * 4)];
            // Straight-alpha "over".
            float da = d[3], oa = cov + da * (1 - cov);
            float col[3] = {c.r / 255.0f, c.g / 255.0f, c.b / 255.0f};
            for (int k = 0; k < 3; ++k)
                d[k] = oa > 0 ? (col[k] * cov + d[k] * da * (1 - cov)) / oa : 0;
            d[3] = oa;
        }
    }
}

void Canvas::clip_to_rrect(float x, float y, float w, float h, float radius) {
    clip_ = true;
    clip_x_ = x, clip_y_ = y, clip_w_ = w, clip_h_ = h, clip_r_ = radius;
}

float Canvas::clip_coverage(float px, float py) const {
    float d = rrect_sdf(px, py, clip_x_, clip_y_, clip_w_, clip_h_, clip_r_);
    return std::clamp(0.5f - d * scale_, 0.0f, 1.0f);
}

std::vector<std::uint8_t> Canvas::rgba() const {
    std::vector<std::uint8_t> out(buf_.size());
    for (std::size_t i = 0; i < buf_.size(); ++i)
        out[i] = static_cast<std::uint8_t>(std::lround(std::clamp(buf_[i], 0.0f, 1.0f) * 255));
    return out;
}

void Canvas::fill(const Path& p, Color c) {
    Box box;
    for (const auto& contour : p.contours())
        for (Pt q : contour) box.add(q);
    const auto& contours = p.contours();
    paint(box.x0, box.y0, box.x1, box.y1, c, [&](Pt q) {
        float best = std::numeric_limits<float>::max();
        bool inside = false;
        for (const auto& poly : contours) {
            std::size_t n = poly.size();
            for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
                Pt a = poly[j], b = poly[i];
                best = std::min(best, seg_dist(q, a, b));
                if ((a.y > q.y) != (b.y > q.y) && q.x < (b.x - a.x) * (q.y - a.y) / (b.y - a.y) + a.x)
                    inside = !inside;
            }
        }
        return inside ? -best : best;
    });
}

void Canvas::stroke(const Path& p, float width, Color c) {
    Box box;
    for (const auto& contour : p.contours())
        for (Pt q : contour) box.add(q);
    float h = width / 2;
    const auto& contours = p.contours();
    const auto& closed = p.closed();
    paint(box.x0 - h, box.y0 - h, box.x1 + h, box.y1 + h, c, [&](Pt q) {
        float best = std::numeric_limits<float>::max();
        for (std::size_t k = 0; k < contours.size(); ++k) {
            const auto& poly = contours[k];
            if (poly.size() == 1) best = std::min(best, seg_dist(q, poly[0], poly[0]));
            for (std::size_t i = 1; i < poly.size(); ++i)
                best = std::min(best, seg_dist(q, poly[i - 1], poly[i]));
            if (closed[k] && poly.size() > 2) best = std::min(best, seg_dist(q, poly.back(), poly[0]));
        }
        return best - h;
    });
}

void Canvas::circle(float cx, float cy, float r, Color c) {
    paint(cx - r, cy - r, cx + r, cy + r, c,
          [&](Pt q) { return std::hypot(q.x - cx, q.y - cy) - r; });
}

void Canvas::ring(float cx, float cy, float r, float width, Color c) {
    float h = width / 2;
    paint(cx - r - h, cy - r - h, cx + r + h, cy + r + h, c,
          [&](Pt q) { return std::fabs(std::hypot(q.x - cx, q.y - cy) - r) - h; });
}

void Canvas::ellipse(float cx, float cy, float rx, float ry, Color c) {
    paint(cx - rx, cy - ry, cx + rx, cy + ry, c, [&](Pt q) {
        // Distance approximated by the gradient-scaled implicit function.
        float nx = (q.x - cx) / rx, ny = (q.y - cy) / ry;
        float f = std::sqrt(nx * nx + ny * ny);
        if (f == 0) return -std::min(rx, ry);
        float gx = nx / (f * rx), gy = ny / (f * ry);
        return (f - 1) / std::sqrt(gx * gx + gy * gy);
    });
}

void Canvas::rrect(float x, float y, float w, float h, float radius, Color c) {
    paint(x, y, x + w, y + h, c, [&](Pt q) { return rrect_sdf(q.x, q.y, x, y, w, h, radius); });
}

void Canvas::rrect_outline(float x, float y, float w, float h, float radius, float width, Color c) {
    float hw = width / 2;
    paint(x - hw, y - hw, x + w + hw, y + h + hw, c,
          [&](Pt q) { return std::fabs(rrect_sdf(q.x, q.y, x, y, w, h, radius)) - hw; });
}

void Canvas::line(float x1, float y1, float x2, float y2, float width, Color c) {
    stroke(Path().move(x1, y1).line(x2, y2), width, c);
}

void Canvas::fill_outlined(const Path& p, Color fill_c, Color ink, float width) {
    fill(p, fill_c);
    Path closed_path = p;
    stroke(closed_path.close_all(), width, ink);
}

void Canvas::circle_outlined(float cx, float cy, float r, Color fill_c, Color ink, float width) {
    circle(cx, cy, r, fill_c);
    ring(cx, cy, r, width, ink);
}

void Canvas::rrect_outlined(float x, float y, float w, float h, float radius, Color fill_c,
                            Color ink, float width) {
    rrect(x, y, w, h, radius, fill_c);
    rrect_outline(x, y, w, h, radius, width, ink);
}

}  // namespace kiosk::icons
