// kioskdev make-icons: draws our own pictograms (assets/icons/*.png) in code,
// so anyone can change one and regenerate them all. Every icon is a dark,
// bold picture on a white rounded tile, so it reads on the light theme and
// on the high-contrast (black) theme alike. See assets/icons/ICONS.md for
// what each picture should show.
#include <cmath>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/args.hpp"
#include "core/command.hpp"
#include "icon_canvas.hpp"

// The header-only PNG writer, with every function static to this file so it
// can never clash with libstb's copies if kioskctl ever links libstb.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>
#pragma GCC diagnostic pop

namespace {

using kiosk::icons::Canvas;
using kiosk::icons::Color;
using kiosk::icons::Path;

// ---------------------------------------------------------------- palette
// Ink is the colour that carries meaning: 13:1 on the white tile. Fills are
// friendly but never the only cue.
constexpr Color kInk{30, 41, 59};
constexpr Color kWhite{255, 255, 255};
constexpr Color kPaper{248, 250, 252};
constexpr Color kYellow{255, 201, 60};
constexpr Color kOrange{247, 144, 30};
constexpr Color kRed{229, 72, 77};
constexpr Color kPink{248, 165, 190};
constexpr Color kBlue{59, 130, 246};
constexpr Color kLightBlue{160, 205, 255};
constexpr Color kGreen{34, 160, 100};
constexpr Color kLightGreen{150, 220, 170};
constexpr Color kPurple{150, 110, 240};
constexpr Color kBrown{160, 105, 60};
constexpr Color kGray{150, 158, 170};
constexpr Color kLightGray{222, 228, 236};
constexpr Color kSkin1{245, 200, 160};
constexpr Color kSkin2{205, 140, 80};
constexpr Color kSkin3{140, 88, 45};
constexpr Color kTrousers{80, 96, 122};

constexpr float kO = 4.5f;  // outline width around coloured shapes

// ------------------------------------------------ shapes that share outlines
// A picture made of parts is drawn in two passes: first every part widened
// by the outline in ink, then every part in its colour. Touching parts then
// merge into one outlined silhouette instead of showing seams.
struct Part {
    Path path;
    float width = 0;  // stroke width; 0 = filled shape
    Color color;
};

Part dot(float x, float y, float r, Color c) { return {Path().move(x, y), 2 * r, c}; }
Part cap(float x1, float y1, float x2, float y2, float w, Color c) {
    return {Path().move(x1, y1).line(x2, y2), w, c};
}
Part shape(Path p, Color c) { return {std::move(p), 0, c}; }
Part stroke_cap(Path p, float w, Color c) { return {std::move(p), w, c}; }

void draw(Canvas& k, const std::vector<Part>& parts, float outline = kO) {
    for (const auto& p : parts) {
        if (p.width > 0) {
            k.stroke(p.path, p.width + 2 * outline, kInk);
        } else {
            Path closed = p.path;
            k.fill(p.path, kInk);
            k.stroke(closed.close_all(), 2 * outline, kInk);
        }
    }
    for (const auto& p : parts) {
        if (p.width > 0) k.stroke(p.path, p.width, p.color);
        else k.fill(p.path, p.color);
    }
}

Path rect_path(float x, float y, float w, float h) {
    return Path().move(x, y).line(x + w, y).line(x + w, y + h).line(x, y + h).close();
}

Path rounded_path(float x, float y, float w, float h, float r) {
    Path p;
    p.move(x + r, y).line(x + w - r, y).arc(x + w - r, y + r, r, -90, 0).line(x + w, y + h - r);
    p.arc(x + w - r, y + h - r, r, 0, 90).line(x + r, y + h).arc(x + r, y + h - r, r, 90, 180);
    p.line(x, y + r).arc(x + r, y + r, r, 180, 270).close();
    return p;
}

// ------------------------------------------------------------- people
// A head and shoulders ("bust") whose top is at top; s scales it.
std::vector<Part> bust(float cx, float top, float s, Color shirt, Color skin) {
    float b = top + 60 * s;
    Path body;
    body.move(cx - 21 * s, b).line(cx - 21 * s, top + 42 * s);
    body.quad(cx - 21 * s, top + 27 * s, cx - 6 * s, top + 27 * s).line(cx + 6 * s, top + 27 * s);
    body.quad(cx + 21 * s, top + 27 * s, cx + 21 * s, top + 42 * s).line(cx + 21 * s, b).close();
    return {shape(body, shirt), dot(cx, top + 12 * s, 11 * s, skin)};
}

// A standing figure. Arm angles in degrees from straight down (positive =
// outwards); feet apart by spread.
struct Figure {
    float cx = 64, top = 16, s = 1;
    Color shirt = kBlue, legs = kTrousers, skin = kSkin1;
    float head = 11;  // head radius before scaling; children get a bigger one
    float left_arm = 25, right_arm = 25;  // degrees from hanging down
    float arm_len = 30;
    bool walking = false;
};

std::vector<Part> figure(const Figure& f) {
    float s = f.s, cx = f.cx, t = f.top;
    auto arm = [&](float side, float deg) {
        float a = deg * 3.14159f / 180;
        float sx = cx + side * 8 * s, sy = t + 31 * s;
        return cap(sx, sy, sx + side * std::sin(a) * f.arm_len * s, sy + std::cos(a) * f.arm_len * s,
                   8 * s, f.shirt);
    };
    std::vector<Part> parts;
    if (f.walking) {
        parts.push_back(cap(cx - 3 * s, t + 62 * s, cx - 16 * s, t + 94 * s, 9 * s, f.legs));
        parts.push_back(cap(cx + 3 * s, t + 62 * s, cx + 14 * s, t + 94 * s, 9 * s, f.legs));
    } else {
        parts.push_back(cap(cx - 6 * s, t + 62 * s, cx - 8 * s, t + 94 * s, 9 * s, f.legs));
        parts.push_back(cap(cx + 6 * s, t + 62 * s, cx + 8 * s, t + 94 * s, 9 * s, f.legs));
    }
    parts.push_back(arm(-1, f.left_arm));
    parts.push_back(arm(1, f.right_arm));
    parts.push_back(cap(cx, t + 32 * s, cx, t + 58 * s, 22 * s, f.shirt));
    parts.push_back(dot(cx, t + (22 - f.head) * s, f.head * s, f.skin));
    return parts;
}

// A head in profile facing right, filled, with room inside for a symbol.
Path head_profile(float x, float y, float s) {
    Path p;
    p.move(x + 10 * s, y + 92 * s);                                   // back of the neck
    p.line(x + 10 * s, y + 70 * s);
    p.cubic(x - 8 * s, y + 56 * s, x - 4 * s, y + 8 * s, x + 38 * s, y + 6 * s);  // back of head
    p.cubic(x + 64 * s, y + 5 * s, x + 78 * s, y + 24 * s, x + 76 * s, y + 42 * s);  // crown, forehead
    p.line(x + 86 * s, y + 58 * s);                                   // nose
    p.line(x + 77 * s, y + 61 * s);
    p.line(x + 77 * s, y + 72 * s);                                   // lips, chin
    p.quad(x + 76 * s, y + 80 * s, x + 62 * s, y + 79 * s);
    p.line(x + 56 * s, y + 79 * s);
    p.line(x + 56 * s, y + 92 * s).close();
    return p;
}

// ------------------------------------------------------------- objects
void house(Canvas& k, float x, float y, float w, float h, Color wall, Color roof, bool door,
           bool window) {
    float roof_h = h * 0.45f;
    std::vector<Part> parts;
    parts.push_back(shape(rect_path(x + w * 0.1f, y + roof_h - 2, w * 0.8f, h - roof_h + 2), wall));
    parts.push_back(shape(Path().move(x - 4, y + roof_h).line(x + w / 2, y).line(x + w + 4, y + roof_h).close(), roof));
    draw(k, parts);
    // Door right of centre, window left of it, so they never touch.
    if (door) k.rrect(x + w * 0.56f, y + h - h * 0.36f, w * 0.2f, h * 0.36f, 2, kInk);
    if (window) {
        float wx = door ? x + w * 0.22f : x + w / 2 - w * 0.1f;
        k.rrect_outlined(wx, y + roof_h + h * 0.1f, w * 0.2f, w * 0.2f, 2, kLightBlue, kInk, 3.5f);
    }
}

void sun(Canvas& k, float cx, float cy, float r, int rays = 8) {
    for (int i = 0; i < rays; ++i) {
        float a = i * 6.28318f / rays;
        k.line(cx + std::cos(a) * (r + 6), cy + std::sin(a) * (r + 6), cx + std::cos(a) * (r + 13),
               cy + std::sin(a) * (r + 13), 5, kInk);
    }
    k.circle_outlined(cx, cy, r, kYellow, kInk, kO);
}

void heart(Canvas& k, float cx, float cy, float s, Color c) {
    Path p;
    p.move(cx, cy + 30 * s);
    p.cubic(cx - 10 * s, cy + 20 * s, cx - 34 * s, cy + 6 * s, cx - 34 * s, cy - 10 * s);
    p.cubic(cx - 34 * s, cy - 28 * s, cx - 10 * s, cy - 34 * s, cx, cy - 16 * s);
    p.cubic(cx + 10 * s, cy - 34 * s, cx + 34 * s, cy - 28 * s, cx + 34 * s, cy - 10 * s);
    p.cubic(cx + 34 * s, cy + 6 * s, cx + 10 * s, cy + 20 * s, cx, cy + 30 * s).close();
    draw(k, {shape(p, c)});
}

void star(Canvas& k, float cx, float cy, float r, Color c) {
    Path p;
    for (int i = 0; i < 10; ++i) {
        float a = (-90 + i * 36) * 3.14159f / 180;
        float rr = i % 2 ? r * 0.45f : r;
        if (i == 0) p.move(cx + std::cos(a) * rr, cy + std::sin(a) * rr);
        else p.line(cx + std::cos(a) * rr, cy + std::sin(a) * rr);
    }
    p.close();
    draw(k, {shape(p, c)}, 3.5f);
}

void check_mark(Canvas& k, float x, float y, float s, Color c) {
    Path p = Path().move(x, y).line(x + 10 * s, y + 10 * s).line(x + 28 * s, y - 12 * s);
    k.stroke(p, 15 * s, kInk);
    k.stroke(p, 7 * s, c);
}

void coin(Canvas& k, float cx, float cy, float r) {
    k.circle_outlined(cx, cy, r, kYellow, kInk, kO);
    k.ring(cx, cy, r * 0.6f, 3, kInk);
}

void envelope(Canvas& k, float x, float y, float w, float h, Color c) {
    k.rrect_outlined(x, y, w, h, 4, c, kInk, kO);
    k.stroke(Path().move(x + 3, y + 4).line(x + w / 2, y + h * 0.58f).line(x + w - 3, y + 4), 4.5f, kInk);
}

void book_open(Canvas& k, float cx, float y, float w, float h, Color cover) {
    float half = w / 2;
    Path left = Path().move(cx, y + 6).quad(cx - half * 0.5f, y - 4, cx - half, y + 2).line(cx - half, y + h)
                    .quad(cx - half * 0.5f, y + h - 6, cx, y + h + 4).close();
    Path right = Path().move(cx, y + 6).quad(cx + half * 0.5f, y - 4, cx + half, y + 2).line(cx + half, y + h)
                     .quad(cx + half * 0.5f, y + h - 6, cx, y + h + 4).close();
    draw(k, {shape(left, kWhite), shape(right, kWhite)});
    for (int i = 1; i <= 3; ++i) {
        float ly = y + 4 + i * h / 5;
        k.line(cx - half + 8, ly, cx - 8, ly + 3, 3, cover);
        k.line(cx + 8, ly + 3, cx + half - 8, ly, 3, cover);
    }
}

void bulb(Canvas& k, float cx, float cy, float r) {
    for (int i = -2; i <= 2; ++i) {
        float a = (-90 + i * 40) * 3.14159f / 180;
        k.line(cx + std::cos(a) * (r + 5), cy + std::sin(a) * (r + 5), cx + std::cos(a) * (r + 11),
               cy + std::sin(a) * (r + 11), 4, kInk);
    }
    draw(k, {dot(cx, cy, r, kYellow), shape(rect_path(cx - r * 0.45f, cy + r * 0.6f, r * 0.9f, r * 0.7f), kGray)},
         3.5f);
}

void speech_bubble(Canvas& k, float x, float y, float w, float h, Color c, bool tail_left = true) {
    Path p = rounded_path(x, y, w, h, 14);
    float tx = tail_left ? x + w * 0.25f : x + w * 0.75f;
    Path tail = Path().move(tx - 8, y + h - 2).line(tail_left ? tx - 14 : tx + 14, y + h + 16).line(tx + 10, y + h - 2).close();
    draw(k, {shape(p, c), shape(tail, c)});
}

void thought_bubble(Canvas& k, float x, float y, float w, float h) {
    draw(k, {shape(rounded_path(x, y, w, h, h * 0.45f), kWhite), dot(x + 4, y + h + 8, 5, kWhite),
             dot(x - 4, y + h + 18, 3.5f, kWhite)},
         3.5f);
}

void bus(Canvas& k, float x, float y, float w, float h) {
    draw(k, {shape(rounded_path(x, y, w, h, 8), kYellow)});
    for (int i = 0; i < 3; ++i)
        k.rrect_outlined(x + 7 + i * (w - 14) / 3, y + 8, (w - 14) / 3 - 5, h * 0.35f, 2, kLightBlue, kInk, 3);
    k.circle_outlined(x + w * 0.22f, y + h, 7, kGray, kInk, kO);
    k.circle_outlined(x + w * 0.78f, y + h, 7, kGray, kInk, kO);
}

void bicycle(Canvas& k, float cx, float cy, float s) {
    float r = 11 * s;
    k.ring(cx - 16 * s, cy, r, 4.5f, kInk);
    k.ring(cx + 16 * s, cy, r, 4.5f, kInk);
    Path frame = Path().move(cx - 16 * s, cy).line(cx - 4 * s, cy - 14 * s).line(cx + 10 * s, cy - 14 * s)
                     .line(cx + 16 * s, cy).move(cx - 16 * s, cy).line(cx + 2 * s, cy).line(cx - 4 * s, cy - 14 * s);
    k.stroke(frame, 5, kInk);
    k.stroke(frame, 2, kRed);
    k.line(cx + 10 * s, cy - 14 * s, cx + 8 * s, cy - 20 * s, 4.5f, kInk);
    k.line(cx - 6 * s, cy - 18 * s, cx - 1 * s, cy - 18 * s, 4.5f, kInk);
}

// An open hand, palm towards us, fingers up; (cx, cy) is the palm centre.
std::vector<Part> hand(float cx, float cy, float s, Color skin) {
    std::vector<Part> parts;
    parts.push_back(shape(rounded_path(cx - 17 * s, cy - 14 * s, 34 * s, 34 * s, 12 * s), skin));
    float fx[4] = {-12, -4, 4, 12}, fl[4] = {20, 26, 25, 19};
    for (int i = 0; i < 4; ++i)
        parts.push_back(cap(cx + fx[i] * s, cy - 8 * s, cx + fx[i] * s * 1.1f, cy - (8 + fl[i]) * s, 7 * s, skin));
    parts.push_back(cap(cx - 14 * s, cy + 4 * s, cx - 28 * s, cy - 10 * s, 8 * s, skin));  // thumb
    parts.push_back(cap(cx, cy + 18 * s, cx, cy + 34 * s, 22 * s, skin));                 // wrist
    return parts;
}

// ------------------------------------------------------------- faces
void face(Canvas& k, float cx, float cy, float r, int level) {
    float w = std::max(3.0f, r * 0.11f);
    k.circle_outlined(cx, cy, r, kYellow, kInk, w);
    float ex = r * 0.36f, ey = cy - r * 0.22f, er = r * 0.11f;
    if (level == 5) {
        for (float side : {-1.0f, 1.0f})
            k.stroke(Path().arc(cx + side * ex, ey + er * 0.8f, er * 1.5f, 200, 340), w, kInk);
    } else {
        k.circle(cx - ex, ey, er, kInk);
        k.circle(cx + ex, ey, er, kInk);
    }
    if (level == 1) {
        // Brows raised in the middle and a tear: unmistakably very sad.
        k.line(cx - ex - er * 1.6f, ey - er * 2.2f, cx - ex + er * 1.4f, ey - er * 3.4f, w * 0.8f, kInk);
        k.line(cx + ex + er * 1.6f, ey - er * 2.2f, cx + ex - er * 1.4f, ey - er * 3.4f, w * 0.8f, kInk);
        k.stroke(Path().arc(cx, cy + r * 0.78f, r * 0.42f, 215, 325), w, kInk);
        Path tear = Path().move(cx + ex, ey + er * 1.6f).quad(cx + ex + er * 1.6f, ey + er * 4.2f, cx + ex, ey + er * 4.6f)
                        .quad(cx + ex - er * 1.6f, ey + er * 4.2f, cx + ex, ey + er * 1.6f).close();
        k.fill(tear, kBlue);
    } else if (level == 2) {
        k.stroke(Path().move(cx - r * 0.36f, cy + r * 0.48f).quad(cx, cy + r * 0.22f, cx + r * 0.36f, cy + r * 0.48f), w, kInk);
    } else if (level == 3) {
        k.line(cx - r * 0.34f, cy + r * 0.38f, cx + r * 0.34f, cy + r * 0.38f, w, kInk);
    } else if (level == 4) {
        k.stroke(Path().move(cx - r * 0.4f, cy + r * 0.26f).quad(cx, cy + r * 0.62f, cx + r * 0.4f, cy + r * 0.26f), w, kInk);
    } else {
        Path mouth = Path().move(cx - r * 0.48f, cy + r * 0.14f).line(cx + r * 0.48f, cy + r * 0.14f)
                         .arc(cx, cy + r * 0.14f, r * 0.48f, 0, 180).close();
        k.fill(mouth, kInk);
        k.stroke(mouth.close_all(), w * 0.6f, kInk);
    }
}

// ---------------------------------------------------------------- icons
using Draw = std::function<void(Canvas&)>;

std::map<std::string, Draw> designs() {
    std::map<std::string, Draw> d;

    // Faces: very sad .. very happy.
    for (int i = 1; i <= 5; ++i) d["face-" + std::to_string(i)] = [i](Canvas& k) { face(k, 64, 64, 46, i); };

    // --- UI
    d["speaker"] = [](Canvas& k) {
        draw(k, {shape(Path().move(22, 50).line(40, 50).line(62, 30).line(62, 98).line(40, 78).line(22, 78).close(), kInk)}, 1);
        k.stroke(Path().arc(62, 64, 18, -45, 45), 7, kInk);
        k.stroke(Path().arc(62, 64, 32, -50, 50), 7, kInk);
        k.stroke(Path().arc(62, 64, 46, -52, 52), 7, kInk);
    };
    // Quieter / louder: a small speaker with one wave and a minus, or three waves and a plus.
    auto small_speaker = [](Canvas& k) {
        draw(k, {shape(Path().move(12, 52).line(26, 52).line(44, 36).line(44, 92).line(26, 76).line(12, 76).close(), kInk)}, 1);
    };
    d["volume-down"] = [small_speaker](Canvas& k) {
        small_speaker(k);
        k.stroke(Path().arc(44, 64, 14, -45, 45), 6, kInk);
        k.line(80, 64, 114, 64, 10, kInk);
    };
    d["volume-up"] = [small_speaker](Canvas& k) {
        small_speaker(k);
        k.stroke(Path().arc(44, 64, 14, -45, 45), 6, kInk);
        k.stroke(Path().arc(44, 64, 26, -50, 50), 6, kInk);
        k.line(80, 64, 114, 64, 10, kInk);
        k.line(97, 47, 97, 81, 10, kInk);
    };
    d["text-size"] = [](Canvas& k) {
        auto letter = [&](float x, float base, float h, float w) {
            k.stroke(Path().move(x, base).line(x + w / 2, base - h).line(x + w, base), h * 0.16f, kInk);
            k.line(x + w * 0.22f, base - h * 0.36f, x + w * 0.78f, base - h * 0.36f, h * 0.13f, kInk);
        };
        letter(18, 96, 34, 30);
        letter(54, 100, 66, 56);
    };
    d["contrast"] = [](Canvas& k) {
        k.fill(Path().move(64, 22).arc(64, 64, 42, -90, 90).close(), kInk);
        k.ring(64, 64, 42, 8, kInk);
    };
    auto arrow = [](Canvas& k, float dir) {
        float tip = 64 + dir * 38, tail = 64 - dir * 38;
        k.line(tail, 64, tip - dir * 4, 64, 14, kInk);
        k.stroke(Path().move(tip - dir * 30, 34).line(tip, 64).line(tip - dir * 30, 94), 14, kInk);
    };
    d["back"] = [arrow](Canvas& k) { arrow(k, -1); };
    d["next"] = [arrow](Canvas& k) { arrow(k, 1); };
    d["skip"] = [](Canvas& k) {
        // A hop over a dot: this question is passed by.
        k.circle(30, 88, 9, kGray);
        k.ring(30, 88, 9, 4, kInk);
        k.circle_outlined(100, 88, 9, kInk, kInk, 2);
        k.stroke(Path().move(18, 74).cubic(26, 30, 80, 22, 96, 62), 9, kInk);
        k.stroke(Path().move(76, 58).line(97, 66).line(106, 44), 9, kInk);
    };
    d["globe"] = [](Canvas& k) {
        k.circle(64, 64, 44, kLightBlue);
        k.ellipse(64, 64, 20, 44, kInk);
        k.ellipse(64, 64, 14, 39, kLightBlue);
        k.line(22, 64, 106, 64, 5, kInk);
        k.stroke(Path().move(30, 42).quad(64, 52, 98, 42), 5, kInk);
        k.stroke(Path().move(30, 86).quad(64, 76, 98, 86), 5, kInk);
        k.ring(64, 64, 44, 7, kInk);
    };

    // --- domains
    d["body"] = [](Canvas& k) {
        Figure f;
        f.top = 12;
        f.s = 1.08f;
        f.left_arm = 40;
        f.right_arm = 40;
        f.shirt = kGreen;
        draw(k, figure(f));
    };
    d["feelings"] = [](Canvas& k) { heart(k, 64, 68, 1.35f, kRed); };
    d["meaning"] = [](Canvas& k) {
        star(k, 94, 30, 17, kYellow);
        k.stroke(Path().move(52, 104).quad(50, 76, 62, 52), 6, kInk);
        draw(k, {shape(Path().move(51, 82).quad(28, 84, 22, 64).quad(44, 60, 51, 82).close(), kLightGreen),
                 shape(Path().move(56, 66).quad(62, 44, 84, 46).quad(80, 68, 56, 66).close(), kGreen)},
             3.5f);
        draw(k, {shape(Path().move(32, 98).line(72, 98).line(66, 118).line(38, 118).close(), kBrown)}, 3.5f);
    };
    d["quality-of-life"] = [](Canvas& k) {
        sun(k, 88, 36, 15);
        house(k, 18, 46, 70, 66, kWhite, kRed, true, true);
    };
    d["taking-part"] = [](Canvas& k) {
        std::vector<Part> parts;
        Color shirts[3] = {kOrange, kBlue, kGreen};
        Color skins[3] = {kSkin2, kSkin1, kSkin3};
        for (int i = 0; i < 3; ++i) {
            Figure f;
            f.cx = 28 + i * 36.0f;
            f.top = 20;
            f.top = 22;
            f.s = 0.88f;
            f.shirt = shirts[i];
            f.skin = skins[i];
            f.left_arm = i == 0 ? 20 : 62;
            f.right_arm = i == 2 ? 20 : 62;
            f.arm_len = 22;
            auto p = figure(f);
            parts.insert(parts.end(), p.begin(), p.end());
        }
        draw(k, parts);
    };
    d["daily-life"] = [](Canvas& k) {
        k.rrect_outlined(20, 24, 88, 86, 10, kWhite, kInk, kO);
        k.rrect(20, 24, 88, 22, 10, kRed);
        k.rrect(20, 34, 88, 12, 0, kRed);
        k.rrect_outline(20, 24, 88, 86, 10, kO, kInk);
        k.line(20, 46, 108, 46, kO, kInk);
        k.line(44, 16, 44, 32, 8, kInk);
        k.line(84, 16, 84, 32, 8, kInk);
        check_mark(k, 42, 78, 1.3f, kGreen);
    };

    // --- intake themes
    d["theme-community"] = [](Canvas& k) {
        // Two people hold up a banner between them.
        k.line(26, 30, 26, 86, 6, kInk);
        k.line(102, 30, 102, 86, 6, kInk);
        draw(k, {shape(Path().move(26, 28).quad(64, 40, 102, 28).line(102, 54).quad(64, 66, 26, 54).close(), kYellow)}, 4);
        for (int i = 0; i < 3; ++i) k.circle(48 + i * 16.0f, 46 + (i == 1 ? 3.0f : 1.5f), 4, kRed);
        std::vector<Part> parts = bust(26, 70, 0.82f, kBlue, kSkin1);
        auto b2 = bust(102, 70, 0.82f, kGreen, kSkin3);
        parts.insert(parts.end(), b2.begin(), b2.end());
        draw(k, parts);
    };
    d["theme-money"] = [](Canvas& k) {
        envelope(k, 18, 26, 70, 50, kWhite);
        coin(k, 84, 82, 26);
    };
    d["theme-health"] = [](Canvas& k) {
        heart(k, 64, 66, 1.35f, kRed);
        k.line(64, 44, 64, 80, 11, kWhite);
        k.line(46, 62, 82, 62, 11, kWhite);
    };
    d["theme-relationships"] = [](Canvas& k) {
        Figure a, b, c;
        a.cx = 28, a.top = 14, a.s = 1.0f, a.shirt = kBlue, a.skin = kSkin1, a.right_arm = 45, a.left_arm = 12;
        b.cx = 100, b.top = 14, b.s = 1.0f, b.shirt = kPurple, b.skin = kSkin2, b.left_arm = 45, b.right_arm = 12;
        c.cx = 64, c.top = 50, c.s = 0.62f, c.shirt = kOrange, c.skin = kSkin3, c.left_arm = 70, c.right_arm = 70;
        c.arm_len = 26;
        auto parts = figure(a);
        auto pb = figure(b), pc = figure(c);
        parts.insert(parts.end(), pb.begin(), pb.end());
        parts.insert(parts.end(), pc.begin(), pc.end());
        draw(k, parts);
    };
    d["theme-housing"] = [](Canvas& k) {
        house(k, 14, 18, 74, 84, kWhite, kRed, true, true);
        // A key in the front corner.
        k.circle_outlined(90, 86, 12, kYellow, kInk, kO);
        k.circle(90, 86, 4, kInk);
        draw(k, {cap(96, 78, 114, 60, 7, kYellow), cap(108, 66, 114, 72, 6, kYellow)}, 3.5f);
    };
    d["theme-mental-wellbeing"] = [](Canvas& k) {
        draw(k, {shape(head_profile(20, 14, 1.0f), kLightBlue)});
        sun(k, 56, 46, 10);
    };
    d["theme-work-learning"] = [](Canvas& k) {
        k.rrect_outline(34, 30, 26, 16, 5, 6, kInk);
        k.rrect_outlined(14, 40, 66, 50, 7, kBrown, kInk, kO);
        k.line(14, 60, 80, 60, 4, kInk);
        k.rrect(42, 56, 10, 10, 2, kYellow);
        k.rrect_outline(42, 56, 10, 10, 2, 3, kInk);
        // A closed book standing beside it.
        k.rrect_outlined(84, 44, 28, 62, 4, kBlue, kInk, kO);
        k.line(91, 48, 91, 102, 3.5f, kInk);
        k.line(96, 60, 106, 60, 3.5f, kWhite);
    };
    d["theme-ageing-caring"] = [](Canvas& k) {
        // An older person with grey hair and a walking stick; a helper's
        // hand on their shoulder.
        Figure helper;
        helper.cx = 92, helper.top = 14, helper.s = 0.98f, helper.shirt = kGreen, helper.skin = kSkin2,
        helper.left_arm = 72, helper.arm_len = 32;
        Figure old;
        old.cx = 44, old.top = 18, old.s = 0.95f, old.shirt = kPurple, old.skin = kSkin1, old.left_arm = 10,
        old.right_arm = 38, old.arm_len = 26;
        draw(k, {cap(64, 110, 64, 64, 5, kBrown), stroke_cap(Path().move(64, 64).quad(64, 56, 57, 58), 5, kBrown)}, 3);
        auto parts = figure(old);
        auto ph = figure(helper);
        parts.insert(parts.end(), ph.begin(), ph.end());
        draw(k, parts);
        // Grey hair over the top of the head.
        float hx = 44, hy = 18 + 11 * 0.95f, hr = 11 * 0.95f;
        k.fill(Path().move(hx - hr, hy).arc(hx, hy, hr, 180, 360).quad(hx, hy - hr * 0.4f, hx - hr, hy).close(), kLightGray);
        k.ring(hx, hy, hr + 0.3f, kO, kInk);
    };
    d["theme-getting-around"] = [](Canvas& k) {
        k.rrect(8, 104, 112, 8, 3, kGray);
        bus(k, 12, 24, 82, 52);
        bicycle(k, 84, 96, 1.05f);
    };
    d["theme-volunteering"] = [](Canvas& k) {
        draw(k, hand(64, 72, 1.45f, kSkin2));
        heart(k, 64, 70, 0.48f, kRed);
    };

    // --- questionnaires (choose screen)
    d["howareyou"] = [](Canvas& k) {
        draw(k, bust(36, 56, 1.0f, kBlue, kSkin1));
        thought_bubble(k, 60, 14, 56, 50);
        // A small spider chart with six points.
        Path web, shape_p;
        float r[6] = {16, 11, 14, 8, 15, 12};
        for (int i = 0; i < 6; ++i) {
            float a = (-90 + i * 60) * 3.14159f / 180;
            float x = 88 + std::cos(a) * 18, y = 39 + std::sin(a) * 18;
            if (i == 0) web.move(x, y); else web.line(x, y);
            float sx = 88 + std::cos(a) * r[i], sy = 39 + std::sin(a) * r[i];
            if (i == 0) shape_p.move(sx, sy); else shape_p.line(sx, sy);
        }
        k.stroke(web.close(), 2.5f, kGray);
        k.fill(shape_p.close(), kGreen);
        k.stroke(shape_p, 2.5f, kInk);
    };
    d["howareyou-short"] = [](Canvas& k) {
        draw(k, bust(36, 56, 1.0f, kBlue, kSkin1));
        thought_bubble(k, 60, 14, 56, 50);
        for (int i = 0; i < 3; ++i) {
            k.circle(73, 28 + i * 11.0f, 3, kGreen);
            k.line(81, 28 + i * 11.0f, 103, 28 + i * 11.0f, 4, kInk);
        }
    };
    d["howareyou-easy"] = [](Canvas& k) {
        face(k, 24, 64, 18, 2);
        face(k, 64, 64, 18, 3);
        face(k, 104, 64, 18, 4);
    };
    d["youth"] = [](Canvas& k) {
        // Backpack behind, then the person, then headphones over the head.
        k.rrect_outlined(24, 56, 26, 40, 8, kOrange, kInk, kO);
        draw(k, bust(64, 36, 1.25f, kPurple, kSkin2));
        k.stroke(Path().arc(64, 51, 17, 180, 360), 6, kInk);
        k.rrect_outlined(42, 46, 9, 16, 4, kRed, kInk, 3.5f);
        k.rrect_outlined(77, 46, 9, 16, 4, kRed, kInk, 3.5f);
    };
    d["child"] = [](Canvas& k) {
        Figure f;
        f.cx = 60, f.top = 24, f.s = 0.9f, f.shirt = kOrange, f.skin = kSkin1;
        f.right_arm = 155, f.left_arm = 20, f.head = 14, f.top = 26;
        draw(k, figure(f));
        k.stroke(Path().arc(84, 30, 14, -60, 10), 4, kInk);  // waving lines
        k.stroke(Path().arc(84, 30, 22, -55, 5), 4, kInk);
    };
    d["intake"] = [](Canvas& k) {
        speech_bubble(k, 16, 18, 96, 74, kLightBlue);
        k.stroke(Path().arc(64, 44, 13, 180, 360).quad(77, 56, 64, 62).line(64, 68), 9, kInk);
        k.circle(64, 80, 5.5f, kInk);
    };
    d["money"] = [](Canvas& k) {
        k.rrect_outlined(14, 36, 84, 62, 10, kBrown, kInk, kO);
        k.rrect_outlined(72, 52, 34, 28, 8, kBrown, kInk, kO);
        k.circle(84, 66, 5, kInk);
        coin(k, 34, 28, 14);
        coin(k, 60, 22, 14);
    };
    d["caring"] = [](Canvas& k) {
        // A younger hand from below-left holds an older hand reaching down
        // from the upper right; the younger thumb wraps over it.
        std::vector<Part> young = {cap(-6, 128, 40, 86, 24, kSkin3), cap(-10, 132, 14, 110, 30, kGreen),
                                   shape(rounded_path(34, 66, 44, 30, 13), kSkin3)};
        for (int i = 0; i < 3; ++i) young.push_back(cap(70, 72 + i * 9.0f, 86, 74 + i * 9.0f, 8, kSkin3));
        std::vector<Part> older = {cap(132, -4, 88, 40, 24, kSkin1), cap(136, -8, 112, 16, 30, kPurple),
                                   shape(rounded_path(52, 36, 44, 34, 14), kSkin1)};
        for (int i = 0; i < 4; ++i) older.push_back(cap(52 + i * 9.0f, 66, 46 + i * 9.0f, 84, 8, kSkin1));
        draw(k, young);
        draw(k, older);
        draw(k, {cap(44, 70, 62, 56, 9, kSkin3)});  // the younger thumb over the older hand
        for (int i = 0; i < 2; ++i)  // wrinkles on the back of the older hand
            k.stroke(Path().move(78 + i * 8.0f, 42).quad(82 + i * 8.0f, 48, 80 + i * 8.0f, 54), 2.5f, kInk);
    };

    // --- easy / child items
    d["sleep"] = [](Canvas& k) {
        draw(k, {shape(Path().move(78, 16).arc(76, 36, 20, -80, 160).quad(84, 48, 78, 16).close(), kYellow)}, 3.5f);
        k.rrect_outlined(14, 64, 100, 26, 6, kBlue, kInk, kO);
        k.rrect_outlined(20, 54, 30, 16, 7, kWhite, kInk, kO);
        k.line(18, 62, 18, 108, 8, kInk);
        k.line(110, 74, 110, 108, 8, kInk);
    };
    d["mind"] = [](Canvas& k) {
        draw(k, {shape(head_profile(20, 14, 1.0f), kLightBlue)});
        draw(k, {dot(48, 50, 9, kWhite), dot(60, 44, 11, kWhite), dot(70, 52, 8, kWhite),
                 shape(rect_path(46, 50, 26, 9), kWhite)}, 3.5f);
    };
    d["future"] = [](Canvas& k) {
        k.fill(Path().move(14, 78).arc(64, 78, 30, 180, 360).close(), kYellow);
        k.stroke(Path().move(14, 78).arc(64, 78, 30, 180, 360).close(), kO, kInk);
        for (int i = 0; i < 5; ++i) {
            float a = (-160 + i * 35) * 3.14159f / 180;
            k.line(64 + std::cos(a) * 37, 78 + std::sin(a) * 37, 64 + std::cos(a) * 46, 78 + std::sin(a) * 46, 5, kInk);
        }
        k.line(8, 78, 120, 78, 5, kInk);
        draw(k, {shape(Path().move(58, 80).line(70, 80).line(100, 118).line(28, 118).close(), kLightGray)}, 3.5f);
    };
    d["people"] = [](Canvas& k) {
        auto parts = bust(36, 20, 1.2f, kBlue, kSkin1);
        auto b = bust(92, 20, 1.2f, kGreen, kSkin3);
        auto c = bust(64, 58, 0.85f, kOrange, kSkin2);
        parts.insert(parts.end(), b.begin(), b.end());
        draw(k, parts);
        draw(k, c);
    };
    d["self-care"] = [](Canvas& k) {
        // A folded towel and a toothbrush with its bristles up.
        k.rrect_outlined(14, 26, 56, 82, 8, kLightBlue, kInk, kO);
        k.line(14, 88, 70, 88, 4, kInk);
        k.line(14, 95, 70, 95, 4, kInk);
        draw(k, {cap(86, 112, 104, 44, 9, kGreen), shape(Path().move(100, 48).line(110, 20).line(118, 22)
                                                                .line(110, 52).close(), kGreen)}, 4);
        for (int i = 0; i < 4; ++i)  // bristles
            k.line(110 - i * 2.2f, 24 + i * 7.0f, 98 - i * 2.2f, 21 + i * 7.0f, 4.5f, kInk);
        for (int i = 0; i < 4; ++i)
            k.line(109 - i * 2.2f, 24 + i * 7.0f, 100 - i * 2.2f, 22 + i * 7.0f, 2, kWhite);
    };
    d["household"] = [](Canvas& k) {
        // Bucket.
        draw(k, {shape(Path().move(16, 62).line(64, 62).line(58, 110).line(22, 110).close(), kBlue)});
        k.stroke(Path().arc(40, 62, 22, 180, 360), 4, kInk);
        // Broom.
        k.line(100, 12, 88, 80, 7, kInk);
        draw(k, {shape(Path().move(78, 78).line(100, 82).line(112, 116).line(66, 110).close(), kYellow)});
        for (int i = 0; i < 3; ++i) k.line(80 + i * 10.0f, 90, 76 + i * 12.0f, 110, 3, kInk);
    };
    d["hobby"] = [](Canvas& k) {
        k.circle_outlined(44, 76, 30, kWhite, kInk, kO);
        Path pent;
        for (int i = 0; i < 5; ++i) {
            float a = (-90 + i * 72) * 3.14159f / 180;
            if (i == 0) pent.move(44 + std::cos(a) * 11, 76 + std::sin(a) * 11);
            else pent.line(44 + std::cos(a) * 11, 76 + std::sin(a) * 11);
        }
        k.fill(pent.close(), kInk);
        for (int i = 0; i < 5; ++i) {
            float a = (-90 + i * 72) * 3.14159f / 180;
            k.line(44 + std::cos(a) * 11, 76 + std::sin(a) * 11, 44 + std::cos(a) * 29, 76 + std::sin(a) * 29, 3.5f, kInk);
        }
        // Paint brush.
        draw(k, {cap(112, 14, 88, 62, 8, kBrown)});
        draw(k, {shape(Path().move(84, 58).line(94, 64).quad(90, 80, 76, 84).quad(78, 70, 84, 58).close(), kRed)}, 3.5f);
    };
    d["learning"] = [](Canvas& k) {
        bulb(k, 64, 34, 15);
        book_open(k, 64, 66, 96, 42, kGray);
    };
    d["home"] = [](Canvas& k) { house(k, 16, 18, 96, 92, kWhite, kRed, true, true); };
    d["school"] = [](Canvas& k) {
        k.line(64, 10, 64, 38, 4, kInk);
        draw(k, {shape(Path().move(64, 10).line(84, 16).line(64, 22).close(), kRed)}, 2.5f);
        draw(k, {shape(rect_path(12, 62, 104, 50), kYellow),
                 shape(Path().move(6, 64).line(64, 34).line(122, 64).close(), kRed)});
        k.rrect(56, 84, 16, 28, 2, kInk);
        for (int i = 0; i < 2; ++i) {
            k.rrect_outlined(22 + i * 72.0f, 74, 14, 14, 2, kLightBlue, kInk, 3.5f);
        }
    };
    d["homework"] = [](Canvas& k) {
        k.rrect_outlined(16, 18, 66, 92, 6, kWhite, kInk, kO);
        for (int i = 0; i < 4; ++i) k.line(28, 40 + i * 16.0f, 70, 40 + i * 16.0f, 3.5f, kLightBlue);
        k.line(24, 18, 24, 110, 3, kRed);
        draw(k, {cap(110, 20, 82, 92, 11, kYellow)});
        draw(k, {shape(Path().move(77, 89).line(88, 94).line(78, 106).close(), kSkin1)}, 3);
        k.circle(78, 104, 2.5f, kInk);
    };
    d["ask-help"] = [](Canvas& k) {
        Figure a, b;
        a.cx = 38, a.top = 24, a.s = 0.92f, a.shirt = kBlue, a.skin = kSkin3, a.left_arm = 150, a.arm_len = 32;
        a.right_arm = 15;
        b.cx = 94, b.top = 22, b.s = 0.92f, b.shirt = kGreen, b.skin = kSkin1, b.left_arm = 70, b.right_arm = 15;
        b.arm_len = 26;
        auto parts = figure(a);
        auto pb = figure(b);
        parts.insert(parts.end(), pb.begin(), pb.end());
        draw(k, parts);
    };

    // --- contact
    d["phone"] = [](Canvas& k) {
        Path p = Path().move(30, 20).line(48, 16).line(58, 40).line(46, 50).quad(56, 72, 78, 82).line(88, 70)
                     .line(112, 80).line(108, 98).quad(100, 110, 84, 108).quad(40, 98, 22, 48).quad(20, 30, 30, 20).close();
        draw(k, {shape(p, kGreen)});
    };
    d["email"] = [](Canvas& k) {
        envelope(k, 12, 30, 90, 64, kWhite);
        k.circle(94, 88, 22, kWhite);
        k.ring(94, 88, 22, 4, kInk);
        k.ring(94, 88, 8, 5, kInk);
        k.stroke(Path().move(102, 80).line(102, 92).quad(104, 100, 110, 96).arc(94, 88, 16, 30, -200), 5, kInk);
    };
    d["visit"] = [](Canvas& k) {
        house(k, 40, 14, 84, 96, kWhite, kRed, false, false);
        k.rrect_outlined(70, 64, 24, 46, 3, kBrown, kInk, kO);
        k.circle(88, 88, 3, kInk);
        Figure f;
        f.cx = 30, f.top = 28, f.s = 0.86f, f.shirt = kPurple, f.skin = kSkin2, f.right_arm = 100, f.arm_len = 34;
        draw(k, figure(f));
        k.stroke(Path().arc(62, 56, 8, -70, 70), 3, kInk);  // knock
        k.stroke(Path().arc(62, 56, 14, -60, 60), 3, kInk);
    };
    d["walk-in"] = [](Canvas& k) {
        k.rrect_outlined(50, 14, 66, 100, 4, kLightGray, kInk, kO);
        k.fill(Path().move(58, 24).line(108, 24).line(108, 112).line(58, 112).close(), kInk);
        k.fill(Path().move(58, 24).line(78, 30).line(78, 106).line(58, 112).close(), kBrown);  // open door
        k.stroke(Path().move(58, 24).line(78, 30).line(78, 106).line(58, 112).close(), 3.5f, kInk);
        Figure f;
        f.cx = 36, f.top = 22, f.s = 0.9f, f.shirt = kOrange, f.skin = kSkin1, f.walking = true;
        f.left_arm = 30, f.right_arm = 35;
        draw(k, figure(f));
    };
    return d;
}

// The white tile every icon sits on: it keeps dark pictures readable on the
// high-contrast theme's black background.
void tile(Canvas& k) {
    k.rrect(3, 3, 122, 122, 24, kWhite);
    k.clip_to_rrect(4, 4, 120, 120, 23);
}

// A light rim drawn last, so pictures that reach the edge end cleanly and
// the tile still shows its shape on a white background.
void rim(Canvas& k) {
    k.no_clip();
    k.rrect_outline(3, 3, 122, 122, 24, 2, Color{203, 213, 225});
}

void render(Canvas& k, const Draw& fn) {
    tile(k);
    fn(k);
    rim(k);
}

int write_png(const std::filesystem::path& path, int size, const std::vector<std::uint8_t>& rgba) {
    return stbi_write_png(path.c_str(), size, size, 4, rgba.data(), size * 4);
}

// All icons side by side on the two theme backgrounds, for reviewing.
int write_sheet(const std::filesystem::path& path, const std::map<std::string, Draw>& all, int size) {
    int cols = 4, n = static_cast<int>(all.size());
    int rows = (n + cols - 1) / cols;
    int w = cols * (size + 8) * 2, h = rows * (size + 8);  // light half, dark half
    std::vector<std::uint8_t> sheet(static_cast<std::size_t>(w * h * 4), 0);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            std::uint8_t v = x < w / 2 ? 240 : 0;
            std::uint8_t* p = &sheet[static_cast<std::size_t>((y * w + x) * 4)];
            p[0] = p[1] = p[2] = v, p[3] = 255;
        }
    int i = 0;
    for (const auto& [name, fn] : all) {
        Canvas k(size);
        render(k, fn);
        auto px = k.rgba();
        for (int half = 0; half < 2; ++half) {
            int ox = half * w / 2 + (i % cols) * (size + 8) + 4, oy = (i / cols) * (size + 8) + 4;
            for (int y = 0; y < size; ++y)
                for (int x = 0; x < size; ++x) {
                    const std::uint8_t* s = &px[static_cast<std::size_t>((y * size + x) * 4)];
                    std::uint8_t* dpx = &sheet[static_cast<std::size_t>(((oy + y) * w + ox + x) * 4)];
                    float a = s[3] / 255.0f;
                    for (int c = 0; c < 3; ++c)
                        dpx[c] = static_cast<std::uint8_t>(s[c] * a + dpx[c] * (1 - a) + 0.5f);
                }
        }
        ++i;
    }
    return stbi_write_png(path.c_str(), w, h, 4, sheet.data(), w * 4);
}

constexpr const char* kUsage = "kioskdev make-icons --out DIR [--size PX] [--sheet FILE.png] [NAME...]";

const char* const kHelp =
    "Draws our pictograms as PNG (RGBA, transparent corners) into DIR, all of\n"
    "them or the NAMEs given. --size: pixels (default 128). --sheet: also\n"
    "write a contact sheet on light and dark backgrounds. --list: print names.\n";

int run(const kiosk::ParsedArgs& args) {
    auto all = designs();
    if (args.has("--list")) {
        for (const auto& [name, fn] : all) std::cout << name << "\n";
        return 0;
    }
    auto out = args.get("--out");
    if (!out && !args.get("--sheet")) {
        std::cerr << "kioskdev make-icons: --out DIR is required\n";
        return 2;
    }
    int size = 128;
    if (auto s = args.get("--size")) {
        try {
            size = std::stoi(*s);
        } catch (const std::exception&) {
            size = 0;
        }
        if (size < 16 || size > 1024) {
            std::cerr << "kioskdev make-icons: --size '" << *s << "' is not a number from 16 to 1024\n";
            return 2;
        }
    }
    std::map<std::string, Draw> chosen;
    bool bad = false;
    for (const auto& name : args.positional) {
        auto it = all.find(name);
        if (it == all.end()) {
            std::cerr << "kioskdev make-icons: no icon named '" << name << "' (see --list)\n";
            bad = true;
        } else {
            chosen.insert(*it);
        }
    }
    if (bad) return 2;
    if (chosen.empty()) chosen = all;

    if (out) {
        std::error_code ec;
        std::filesystem::create_directories(*out, ec);
        for (const auto& [name, fn] : chosen) {
            Canvas k(size);
            render(k, fn);
            auto path = std::filesystem::path(*out) / (name + ".png");
            if (!write_png(path, size, k.rgba())) {
                std::cerr << "kioskdev make-icons: " << path.string() << ": cannot write\n";
                return 1;
            }
        }
        std::cout << "wrote " << chosen.size() << " icons to " << *out << "\n";
    }
    if (auto sheet = args.get("--sheet")) {
        if (!write_sheet(*sheet, chosen, size)) {
            std::cerr << "kioskdev make-icons: " << *sheet << ": cannot write\n";
            return 1;
        }
    }
    return 0;
}

kiosk::CommandRegistrar reg("kioskdev", {.name = "make-icons",
                                         .usage = kUsage,
                                         .summary = "draw the kiosk's pictograms (assets/icons/*.png)",
                                         .value_flags = {"--out", "--size", "--sheet"},
                                         .switch_flags = {"--list"},
                                         .help = kHelp,
                                         .body = run});

}  // namespace
