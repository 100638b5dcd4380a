// The bottom action bar every resident screen uses, the scroll cue above it,
// and the end of a scrolling page. Nothing below the fold: the bar is fixed
// to the bottom of the screen at every size and text scale, so a primary
// action is always on the glass without scrolling.
#include <algorithm>
#include <string>

#include "i18n/catalog.hpp"
#include "screens.hpp"
#include "session/screen_model.hpp"

namespace kiosk::ui {

namespace {

ImU32 col(Rgb c) { return IM_COL32(c[0], c[1], c[2], 255); }

struct Placed {
    const BarButton* b;
    float x, w;
};

// Widths for one row of buttons across `avail`: each at least its label's
// one-line width, the room left shared out equally.
std::vector<Placed> row_of(const Frame& f, const std::vector<const BarButton*>& bs, float x0, float avail, float gap) {
    std::vector<Placed> row;
    float total = 0;
    for (const auto* b : bs) total += std::min(avail, label_width(f, b->label));
    total += gap * static_cast<float>(bs.size() - 1);
    float extra = bs.empty() ? 0 : std::max(0.0f, avail - total) / static_cast<float>(bs.size());
    float x = x0;
    for (const auto* b : bs) {
        float w = std::min(avail, label_width(f, b->label)) + extra;
        row.push_back({b, x, w});
        x += w + gap;
    }
    return row;
}

float fits(const Frame& f, const std::vector<const BarButton*>& bs, float gap) {
    float total = 0;
    for (const auto* b : bs) total += label_width(f, b->label);
    return total + gap * static_cast<float>(bs.empty() ? 0 : bs.size() - 1);
}

}  // namespace

void action_bar(Frame& f, const KioskState& s, Events& ev, const std::vector<BarButton>& buttons, bool stop_and_help) {
    const float m = f.fonts.px(32);
    const float gap = f.fonts.px(16);
    const float avail = f.width - 2 * m;
    const std::string lang = model::ui_lang(s);

    std::vector<BarButton> own;
    if (stop_and_help) {
        own.push_back({"help", i18n::tr("help", lang), ButtonStyle::Normal,
                       event::Help{}});
        own.push_back({"stop", i18n::tr("stop", lang), ButtonStyle::Normal,
                       event::Stop{}});
    }
    std::vector<const BarButton*> secondary, primary, all;
    for (const auto& b : own) secondary.push_back(&b);
    for (const auto& b : buttons) primary.push_back(&b);
    all = secondary;
    all.insert(all.end(), primary.begin(), primary.end());

    // Rows, top to bottom. One row when everything fits side by side (help
    // and stop at the left, the screen's own actions right); otherwise help
    // and stop on a row above the screen's actions, each group wrapping to a
    // row per button when even that does not fit.
    std::vector<std::vector<Placed>> rows;
    if (all.empty()) {
    } else if (fits(f, all, gap) <= avail) {
        std::vector<Placed> row;
        float x = m;
        for (const auto* b : secondary) {
            float w = label_width(f, b->label);
            row.push_back({b, x, w});
            x += w + gap;
        }
        auto rest = row_of(f, primary, x, f.width - m - x, gap);
        row.insert(row.end(), rest.begin(), rest.end());
        rows.push_back(row);
    } else {
        for (const auto* group : {&secondary, &primary}) {
            if (group->empty()) continue;
            if (fits(f, *group, gap) <= avail) rows.push_back(row_of(f, *group, m, avail, gap));
            else
                for (const auto* b : *group) rows.push_back(row_of(f, {b}, m, avail, gap));
        }
    }

    const float min_h = std::max(min_target(f), f.fonts.px(76));
    std::vector<float> heights;
    float bar_h = rows.empty() ? 0 : f.fonts.px(14) + f.fonts.px(16);  // padding above and below the rows
    for (const auto& row : rows) {
        float h = min_h;
        for (const auto& p : row) h = std::max(h, button_height(f, p.b->label, p.w, min_h));
        heights.push_back(h);
        bar_h += h;
    }
    if (rows.size() > 1) bar_h += std::max(8.0f, gap * 0.75f) * static_cast<float>(rows.size() - 1);
    const std::string& cue = i18n::tr("scroll.more", lang);
    // With help and stop on a row of their own (large text), the cue shares
    // that row at its left instead of taking one more: at 200 % on a
    // 1280x800 screen that row is what keeps a 0-10 scale in sight.
    bool cue_in_row = false;
    float cue_w = avail;
    if (f.more_below && rows.size() > 1 && !secondary.empty() && rows.front().size() == secondary.size() &&
        rows.front().front().b == secondary.front()) {
        const float sec_w = fits(f, secondary, gap);
        const float need = label_width(f, cue) + f.fonts.px(80);  // room for the arrows at both ends
        if (sec_w + gap + need <= avail) {
            cue_in_row = true;
            cue_w = avail - sec_w - gap;
            float x = m + cue_w + gap;
            for (auto& p : rows.front()) {
                p.w = label_width(f, p.b->label);
                p.x = x;
                x += p.w + gap;
            }
        }
    }
    const float cue_h = f.more_below && !cue_in_row ? button_height(f, cue, avail - f.fonts.px(80), min_target(f)) : 0;
    const float row_gap = std::max(8.0f, gap * 0.75f);  // touch targets stay >= 8 px apart
    if (f.more_below && !cue_in_row) bar_h += cue_h + (rows.empty() ? f.fonts.px(28) : row_gap);

    const float top = f.height - bar_h;
    f.view_bottom = top;
    f.reg.set_view_bottom(top);
    if (bar_h > 0) {
        fill(f, {0, top, f.width, bar_h}, f.pal.background);
        // The rule on top: a filled rectangle, not a thick line. SDL's software
        // renderer splits a line into two triangles whose halves land a pixel
        // apart, which left a stray dash above the bar at half the width.
        fill(f, {0, top, f.width, f.fonts.px(2)}, f.pal.button_border);
    }

    f.fixed_layer = true;
    float y = top + f.fonts.px(14);
    // "There is more below": a strip with arrows at both ends; a tap
    // scrolls down most of a screen, as a swipe would.
    auto draw_cue = [&](Rect r) {
        if (button(f, "scroll.more", cue, r, ButtonStyle::Quiet, "cue")) f.scroll_by = std::max(100.0f, top * 0.7f);
        float a = f.fonts.px(14);
        for (float ax : {r.x + f.fonts.px(28), r.x + r.w - f.fonts.px(28)}) {
            float ay = r.y + r.h * 0.5f;
            f.dl->AddTriangleFilled(ImVec2(ax - a, ay - a * 0.6f), ImVec2(ax + a, ay - a * 0.6f), ImVec2(ax, ay + a * 0.8f),
                                    col(f.pal.text));
        }
    };
    if (f.more_below && !cue_in_row) {
        draw_cue({m, y, avail, cue_h});
        y += cue_h + row_gap;
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (i == 0 && cue_in_row) draw_cue({m, y, cue_w, heights[0]});
        for (const auto& p : rows[i])
            if (button(f, p.b->id, p.b->label, {p.x, y, p.w, heights[i]}, p.b->style) && p.b->on_tap)
                ev.emit(*p.b->on_tap);
        y += heights[i] + row_gap;
    }
    f.fixed_layer = false;

    // What the screen draws next scrolls above the bar, never over it, and
    // a finger on the bar never reaches a button under it.
    ImGui::PushClipRect(ImVec2(0, 0), ImVec2(f.width, top), false);
    f.clip_pushed = true;
}

void end_page(Frame& f, float y, Events& ev) {
    f.content_bottom = y + f.scroll_y + f.fonts.px(32);
    draw_staff_corner(f, ev);
}

void end_clip(Frame& f) {
    if (!f.clip_pushed) return;
    ImGui::PopClipRect();
    f.clip_pushed = false;
}

}  // namespace kiosk::ui
