// The resident's path: choose, consent, one question per screen, the
// on-screen keyboard, review, result (spider chart), talk, referrals, thanks,
// and the "are you still there?" dialog. Thin functions over KioskState.
//
// Index of this file:
// [SECTION] layout helpers
// [SECTION] choose
// [SECTION] scan
// [SECTION] dialogs
// [SECTION] question
// [SECTION] keyboard
// [SECTION] review
// [SECTION] result
// [SECTION] talk, referrals, thanks
//
// Why this file is long: each section is one screen of the resident's path, and the
// screens share the private layout helpers at the top (column, language buttons, the
// speaker row, the dialog frame). A file per screen would need those helpers in a
// header with no other reader.
#include <cmath>
#include <cstdio>
#include <string>

#include "i18n/catalog.hpp"
#include "qr/qr.hpp"
#include "screens.hpp"
#include "session/contact_wish.hpp"
#include "session/screen_model.hpp"

namespace kiosk::ui {

namespace q = questionnaire;

namespace {

// [SECTION] layout helpers
ImU32 col(Rgb c, int alpha = 255) { return IM_COL32(c[0], c[1], c[2], alpha); }

struct Column {
    float x, w;
};

Column column(const Frame& f, float max_w = 980) {
    float m = f.fonts.px(32);
    float w = std::min(f.width - 2 * m, f.fonts.px(max_w) * std::max(1.0f, f.fonts.text_scale * 0.8f));
    w = std::min(w, f.width - 2 * m);
    return {(f.width - w) * 0.5f, w};
}

// Language buttons for screens inside the interview (answers are kept).
// Only the other language(s), in the top bar right of `left`; when they do
// not fit there (more languages offered) they get rows of their own, drawn
// later with language_rows(): *moved is set then.
float language_buttons(Frame& f, const KioskState& s, Events& ev, float y, float h, float left, bool* moved) {
    float x = f.width - f.fonts.px(32) - staff_overlay_width(f, s);  // room for `pause` (assisted)
    *moved = x - languages_width(f, s, false) < left;
    if (*moved) return x;
    return draw_languages_row(f, s, ev, x, y, h, false);
}
float language_rows(Frame& f, const KioskState& s, Events& ev, float y, float h) {
    return draw_languages_rows(f, s, ev, y, h, false);
}

// A top bar with only the speaker, for screens that have no other top bar.
// Returns where the content starts.
float speak_row(Frame& f, const KioskState& s, Events& ev) {
    float y = f.fonts.px(32) - f.scroll_y;
    float bar = top_bar_height(f);
    speak_button(f, s, ev, top_bar_x(f), y, bar);
    return y + bar + f.fonts.px(16);
}

}  // namespace

// [SECTION] choose

void draw_choose(Frame& f, const KioskState& s, Events& ev) {
    const auto& lang = s.lang();
    action_bar(f, s, ev, {});
    Column c = column(f, 1400);
    float gap = f.fonts.px(16);
    float y = speaker_and_back_bar(f, s, ev, event::WipeSession{});
    y += text(f, i18n::tr("choose.title", lang), c.x, y, c.w, f.fonts.heading, f.pal.text, f.pal.background);
    y += gap * 2;
    float icon = f.fonts.px(72);
    // Two columns where a card keeps a readable width (a wide kiosk), else one.
    const int cols = (c.w - gap) * 0.5f >= f.fonts.px(520) * f.fonts.text_scale ? 2 : 1;
    const float cw = (c.w - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    std::vector<std::string> labels;
    for (const auto& qn : s.catalog()) {
        std::string label = qn.title.get(lang);
        if (!qn.description.get(lang).empty()) label += "\n" + qn.description.get(lang);
        if (qn.minutes) label += "\n" + i18n::fmt("choose.minutes", lang, {{"n", std::to_string(*qn.minutes)}});
        labels.push_back(std::move(label));
    }
    const auto& cat = s.catalog();
    for (std::size_t i = 0; i < cat.size(); i += static_cast<std::size_t>(cols)) {
        float h = icon + 2 * gap;
        for (std::size_t k = i; k < std::min(cat.size(), i + static_cast<std::size_t>(cols)); ++k)
            h = std::max(h, button_height(f, labels[k], cw - icon - gap, 0));
        for (std::size_t k = i; k < std::min(cat.size(), i + static_cast<std::size_t>(cols)); ++k) {
            const auto& qn = cat[k];
            void* tex = f.icon ? f.icon(qn.icon) : nullptr;
            std::string id = qn.id;
            float x = c.x + static_cast<float>(k - i) * (cw + gap);
            if (icon_button(f, "choose." + id, labels[k], tex, IconPlace::Left, icon, {x, y, cw, h}, ButtonStyle::Normal,
                            "button"))
                ev.emit(event::Choose{id});
        }
        y += h + gap;
    }
    // Compare with last time: a resident who brought their previous result.
    y += gap;
    if (std::string ready = model::previous_ready(s, lang); !ready.empty())
        y += text(f, ready, c.x, y, c.w, f.fonts.body, f.pal.text, f.pal.background) + gap;
    const std::string& compare = i18n::tr("choose.compare", lang);
    float ch = button_height(f, compare, c.w, 0);
    if (button(f, "compare", compare, {c.x, y, c.w, ch})) ev.emit(event::OpenScan{});
    y += ch + gap;
    end_page(f, y, ev);
}

// [SECTION] scan
// The previous result from a USB QR scanner or the camera.

void draw_scan(Frame& f, const KioskState& s, Events& ev) {
    const auto& lang = s.lang();
    std::vector<BarButton> bar;
    if (s.scan_received() > 0)
        bar.push_back({"scan.try", i18n::tr("scan.try", lang), ButtonStyle::Primary, event::KeyEnter{}});
    action_bar(f, s, ev, bar);
    Column c = column(f);
    float gap = f.fonts.px(16);
    float y = speaker_and_back_bar(f, s, ev, event::ScanBack{});
    y += text(f, i18n::tr("scan.title", lang), c.x, y, c.w, f.fonts.heading, f.pal.text, f.pal.background) + gap;
    y += text(f, i18n::tr("scan.body", lang), c.x, y, c.w, f.fonts.body, f.pal.text, f.pal.background) + gap;
    // A device with a camera reads the code itself too (shared/camera/).
    if (s.camera_available())
        y += text(f, i18n::tr("scan.camera", lang), c.x, y, c.w, f.fonts.body, f.pal.text, f.pal.background) + gap;
    // What came in is never drawn (someone may stand behind the resident).
    y += text(f, i18n::tr(s.scan_received() > 0 ? "scan.received" : "scan.waiting", lang), c.x, y, c.w, f.fonts.body,
              f.pal.muted, f.pal.background) + gap;
    if (!s.scan_error().empty())
        y += text(f, i18n::tr(s.scan_error(), lang), c.x, y, c.w, f.fonts.body, f.pal.danger_text, f.pal.background) + gap;
    end_page(f, y, ev);
}

// [SECTION] dialogs
// Consent, talk, thanks, still-here, stop, help, hand-over.

void draw_dialog(Frame& f, const KioskState& s, Events& ev, const std::function<float(float)>& extra) {
    auto m = model::dialog_model(s);
    if (!m) return;
    std::vector<BarButton> bar;
    for (const auto& a : m->actions) {
        std::string id = a.id;
        bar.push_back({a.id, a.label, a.role == model::Role::Primary ? ButtonStyle::Primary : ButtonStyle::Normal,
                       action_event(id)});
    }
    // The main action sits last (right, or the bottom row): where the thumb goes.
    std::stable_partition(bar.begin(), bar.end(), [](const BarButton& b) { return b.style != ButtonStyle::Primary; });
    action_bar(f, s, ev, bar, m->stop_and_help);
    Column c = column(f);
    float gap = f.fonts.px(16);
    float y = 0;
    if (s.screen() == Screen::Consent) {
        // Consent can be left the way it came, and read in another language.
        float top = f.fonts.px(32) - f.scroll_y;
        float bar_h = top_bar_height(f);
        float x = top_bar_x(f);
        x += speak_button(f, s, ev, x, top, bar_h) + gap;
        const std::string& back = i18n::tr("back", s.lang());
        if (button(f, "back", back, {x, top, label_width(f, back), bar_h}))
            ev.emit(event::Back{});
        bool moved = false;
        language_buttons(f, s, ev, top, bar_h, x + label_width(f, back) + gap, &moved);
        y = top + bar_h + gap;
        if (moved) y = language_rows(f, s, ev, y, bar_h);
    } else {
        y = speak_row(f, s, ev);
    }
    y += gap;
    y += text(f, m->title, c.x, y, c.w, f.fonts.heading, f.pal.text, f.pal.background) + gap * 1.5f;
    for (const auto& p : m->paragraphs)
        y += text(f, p, c.x, y, c.w, f.fonts.body, f.pal.text, f.pal.background) + gap;
    // Choices that answer the title: one under the other in the body, as a
    // question's options (kind "option"), never in the bar.
    if (!m->answers.empty()) y += gap * 0.5f;
    for (const auto& a : m->answers) {
        float h = button_height(f, a.label, c.w, f.fonts.px(80));
        if (button(f, a.id, a.label, {c.x, y, c.w, h}, ButtonStyle::Normal, "option"))
            if (auto e = action_event(a.id)) ev.emit(*e);
        y += h + gap;
    }
    if (extra) y = extra(y + gap);
    end_page(f, y, ev);
}

void draw_consent(Frame& f, const KioskState& s, Events& ev) { draw_dialog(f, s, ev); }

// [SECTION] question

// Top bar of a question: back, progress ("Vraag 4 van 17" and a bar), language.
// When the languages do not fit in the bar (seven offered, large text) they
// are not drawn here: *langs_below is set and the caller puts them under the
// answers, so the question and its answers stay where the eye lands first.
static float question_top(Frame& f, const KioskState& s, Events& ev, float y, bool* langs_below) {
    const auto& lang = s.lang();
    const q::Interview& iv = *s.interview();
    float gap = f.fonts.px(16);
    float bar = top_bar_height(f);
    float x0 = top_bar_x(f);
    x0 += speak_button(f, s, ev, x0, y, bar) + gap;
    const std::string& back = i18n::tr("back", lang);
    float bw = label_width(f, back);
    if (button(f, "back", back, {x0, y, bw, bar}))
        ev.emit(event::Back{});
    bool langs_moved = false;
    float right = language_buttons(f, s, ev, y, bar, x0 + bw + gap, &langs_moved);
    const model::Progress pr = model::progress(iv);
    const int before = pr.n > 0 ? pr.n - 1 : 0, total = pr.total;
    std::string prog = model::progress_text(iv, lang);
    float px = x0 + bw + gap * 2;
    float pw = std::max(0.0f, right - gap - px);
    // Too narrow beside the buttons (large text on a portrait screen): the
    // progress gets its own row under them instead of wrapping word by word.
    float prog_w = text_width(f.fonts.body, prog) + 1;
    float row_y = y;
    float top = 0;
    if (pw < prog_w) {
        px = top_bar_x(f);
        pw = f.width - f.fonts.px(32) - px;
        row_y = y + bar + gap * 0.5f;
        top = bar + gap * 0.5f;
    }
    float th = text(f, prog, px, row_y, pw, f.fonts.body, f.pal.text, f.pal.background);
    // Progress bar under the words: the track has >= 3:1 against the page.
    float by = row_y + th + f.fonts.px(4);
    float bh = f.fonts.px(10);
    fill(f, {px, by, pw, bh}, f.pal.button_border, bh * 0.5f);
    float frac = total > 0 ? static_cast<float>(before) / static_cast<float>(total) : 0;
    fill(f, {px, by, pw * frac, bh}, f.pal.primary_bg, bh * 0.5f);
    float end = y + std::max(bar, top + th + bh + f.fonts.px(8));
    *langs_below = langs_moved;
    return end;
}

// How picture tiles (the easy variant's faces, the intake's themes) are laid out.
struct Tiles {
    std::size_t per_row = 1;
    float w = 0, h = 0, icon = 0;
    IconPlace place = IconPlace::Above;
    float gap = 0;   // between tiles
    float lift = 0;  // how much closer to the question the tiles start
    bool last_resort = false;  // small pictures or wrapped labels beside them: only to fit, never to scroll
};

// Picture tiles that fit `room` (the height left above the bar), the first
// of these that fits: the picture above its label, as many per row as fit
// (faces in one row), pictures from 96 down to 72 px; then the picture beside
// its label, labels on one line first (two or three columns at 200 %
// portrait), then pictures of 64 and 56 px above, then labels on two lines
// beside. A tile is never narrower than its longest word nor smaller than
// a touch target. Then the same with the tiles closer together (still more
// than 8 px apart) and closer to the question. When none fits, the shortest
// of the readable ones, so the least is left below the view (the page
// scrolls, with its cue).
static Tiles picture_tiles(const Frame& f, const std::vector<std::string>& labels, float width, float gap, float room) {
    const float pad = f.fonts.px(16);
    const std::size_t count = labels.size();
    float widest_word = 0;
    for (const auto& l : labels) {
        std::size_t a = 0;
        while (a <= l.size()) {
            std::size_t b = l.find(' ', a);
            if (b == std::string::npos) b = l.size();
            if (b > a) widest_word = std::max(widest_word, text_width(f.fonts.body, l.substr(a, b - a)));
            a = b + 1;
        }
    }
    const float one_line = button_height(f, "Hg", 1e6f, 0);
    auto tile_w = [&](std::size_t n) { return (width - gap * static_cast<float>(n - 1)) / static_cast<float>(n); };
    auto total = [&](const Tiles& t) {
        const float rows = static_cast<float>((count + t.per_row - 1) / t.per_row);
        return rows * t.h + (rows - 1) * t.gap;
    };
    std::vector<Tiles> candidates;
    const std::size_t most = std::min<std::size_t>(count, 5);
    auto above = [&](std::initializer_list<float> sizes) {  // the picture above the label
        for (std::size_t n = most; n >= 1; --n) {
            const float tw = tile_w(n);
            if (tw < min_target(f) || widest_word + 2 * pad > tw) continue;
            for (float isz : sizes) {
                Tiles t{n, tw, 0, std::min(isz, tw * 0.6f), IconPlace::Above};
                for (const auto& l : labels) t.h = std::max(t.h, t.icon + pad + button_height(f, l, tw, 0));
                candidates.push_back(t);
            }
        }
    };
    above({f.fonts.px(96), f.fonts.px(88), f.fonts.px(80), f.fonts.px(72)});
    for (bool one_line_only : {true, false}) {  // the picture beside the label
        if (!one_line_only) {
            const std::size_t from = candidates.size();
            above({f.fonts.px(64), f.fonts.px(56)});  // smaller pictures before wrapped labels
            for (std::size_t i = from; i < candidates.size(); ++i) candidates[i].last_resort = true;
        }
        for (std::size_t n = std::min<std::size_t>(count, 3); n >= 1; --n) {
            Tiles t{n, tile_w(n), 0, std::max(f.fonts.px(56), std::min(f.fonts.px(72), min_target(f) - 2 * pad)),
                    IconPlace::Left};
            const float text_w = t.w - t.icon - pad;  // what draw_button leaves the label
            if (widest_word + 2 * pad > text_w) continue;
            bool wraps = false;
            t.h = t.icon + 2 * pad;
            for (const auto& l : labels) {
                const float h = button_height(f, l, text_w, 0);
                wraps = wraps || h > one_line + 1;
                t.h = std::max(t.h, h);
            }
            t.last_resort = !one_line_only;
            if (!one_line_only || !wraps) candidates.push_back(t);
        }
    }
    for (auto& t : candidates) t.gap = gap;
    for (const auto& t : candidates)
        if (total(t) <= room) return t;
    const float tight = std::max(f.fonts.px(10), gap * 0.6f), lift = gap * 0.5f;
    for (auto t : candidates) {
        t.gap = tight;
        t.lift = lift;
        t.w = (width - tight * static_cast<float>(t.per_row - 1)) / static_cast<float>(t.per_row);  // a little wider: never taller
        if (total(t) <= room + lift) return t;
    }
    // Nothing fits: the shortest readable one (big enough pictures, labels
    // on one line beside them), else the grid as it always was.
    const Tiles* best = nullptr;
    for (const auto& t : candidates)
        if (!t.last_resort && (!best || total(t) < total(*best))) best = &t;
    if (best) return *best;
    // Not even a word fits a tile: one per row.
    Tiles t{1, width, 0, std::min(width * 0.6f, f.fonts.px(96)), IconPlace::Above, gap};
    for (const auto& l : labels) t.h = std::max(t.h, t.icon + pad + button_height(f, l, width, 0));
    return t;
}

// Skip and Next of a question, in the bottom action bar.
static void question_bar(Frame& f, const KioskState& s, Events& ev, bool show_next, bool answerable) {
    const auto& lang = s.lang();
    std::vector<BarButton> b;
    // "I want to talk about this": a toggle beside skip, not an answer (session/contact_wish.hpp).
    // Marked, it keeps its plain frame and says so with a check mark and words:
    // never the filled blue of Next beside it.
    if (answerable && s.interview() && s.interview()->current()) {
        bool marked = s.is_marked(s.interview()->current()->link_id);
        b.push_back({"talk-about", i18n::tr(marked ? "marked" : "mark", lang),
                     marked ? ButtonStyle::Normal : ButtonStyle::Quiet, event::ToggleTalkMark{}});
    }
    if (answerable) b.push_back({"skip", i18n::tr("skip", lang), ButtonStyle::Normal, event::Skip{}});
    if (show_next) b.push_back({"next", i18n::tr("next", lang), ButtonStyle::Primary, event::Next{}});
    action_bar(f, s, ev, b);
}

void draw_question(Frame& f, const KioskState& s, Events& ev) {
    const q::Interview* iv = s.interview();
    const q::Item* item = iv ? iv->current() : nullptr;
    if (!item) return;
    const auto& lang = s.lang();
    bool show_next = !item->is_answerable() || (item->has_options() && item->repeats);
    if (item->is_answerable() && !iv->answers(item->link_id).empty() && !s.confirming()) show_next = true;
    question_bar(f, s, ev, show_next, item->is_answerable());
    Column c = column(f);
    float gap = f.fonts.px(16);
    bool langs_below = false;
    float y = question_top(f, s, ev, f.fonts.px(32) - f.scroll_y, &langs_below) + gap * 1.5f;

    // Group heading (e.g. "Uw lichaam") above the question.
    auto groups = iv->current_groups();
    if (!groups.empty() && !iv->tr(groups.back()->text).empty()) {
        y += text(f, iv->tr(groups.back()->text), c.x, y, c.w, f.fonts.body, f.pal.muted, f.pal.background);
        y += gap * 0.5f;
    }
    void* item_icon = f.icon && !item->pictogram.empty() ? f.icon(item->pictogram) : nullptr;
    if (item_icon) {
        // The item's pictogram beside the question, not on a row of its own:
        // that row is what keeps all five faces of the easy variant in sight
        // at 200 % (the title keeps at least half the column).
        float isz = f.fonts.px(96);
        float tw = c.w - isz - gap;
        const std::string title = iv->tr(item->text);
        if (tw >= c.w * 0.5f) {
            float th = text_height(title, tw, f.fonts.large);
            image(f, item_icon, c.x, y + std::max(0.0f, (th - isz) * 0.5f), isz, isz);
            text(f, title, c.x + isz + gap, y + std::max(0.0f, (isz - th) * 0.5f), tw, f.fonts.large, f.pal.text,
                 f.pal.background);
            y += std::max(isz, th);
        } else {
            image(f, item_icon, c.x, y, isz, isz);
            y += isz + gap;
            y += text(f, title, c.x, y, c.w, f.fonts.large, f.pal.text, f.pal.background);
        }
    } else {
        y += text(f, iv->tr(item->text), c.x, y, c.w, f.fonts.large, f.pal.text, f.pal.background);
    }
    if (!iv->tr(item->sensitive_why).empty()) {
        y += gap * 0.5f;
        y += text(f, iv->tr(item->sensitive_why), c.x, y, c.w, f.fonts.body, f.pal.muted, f.pal.background);
    }
    y += gap * 1.5f;

    auto confirming = s.confirming();
    auto style_for = [&](std::size_t n, bool selected) {
        if (confirming && *confirming == n) return ButtonStyle::Selected;
        return selected ? ButtonStyle::Selected : ButtonStyle::Normal;
    };
    if (item->type == q::ItemType::Integer) {
        // A 0-10 scale: one row of big numbers, or two rows when narrow. A
        // key needs room for its widest number and a finger, no more: at
        // 200 % on a landscape screen the scale stays one row, so the whole
        // scale and its end words are in sight above the action bar.
        int lo = static_cast<int>(item->min_value.value_or(0)), hi = static_cast<int>(item->max_value.value_or(10));
        int count = hi - lo + 1;
        int per_row = count;
        float cell = (c.w - gap * static_cast<float>(per_row - 1)) / static_cast<float>(per_row);
        float widest = 0;
        for (int v : {lo, hi}) {
            std::string n = std::to_string(v);
            widest = std::max(widest, f.fonts.body->CalcTextSizeA(f.fonts.body->FontSize, FLT_MAX, 0, n.c_str()).x);
        }
        const float min_cell = std::max({f.fonts.px(64), widest + f.fonts.px(24), min_target(f)});
        while (cell < min_cell && per_row > 1) {
            per_row = (per_row + 1) / 2;
            cell = (c.w - gap * static_cast<float>(per_row - 1)) / static_cast<float>(per_row);
        }
        const auto& current = iv->answers(item->link_id);
        // Tall enough for a finger and the number with room around it; no
        // taller, so the end words fit above the bar at large text.
        float ch = std::max(min_target(f) * 1.4f, f.fonts.body->FontSize * 1.8f);
        for (int i = 0; i < count; ++i) {
            int row = i / per_row, colno = i % per_row;
            float x = c.x + static_cast<float>(colno) * (cell + gap);
            float yy = y + static_cast<float>(row) * (ch + gap);
            bool selected = !current.empty() && std::holds_alternative<std::int64_t>(current.front()) &&
                            std::get<std::int64_t>(current.front()) == lo + i;
            std::size_t n = static_cast<std::size_t>(i);
            if (button(f, "answer." + std::to_string(i), std::to_string(lo + i), {x, yy, cell, ch},
                       style_for(n, selected), "option"))
                ev.emit(event::SelectOption{n});
        }
        y += static_cast<float>((count + per_row - 1) / per_row) * (ch + gap);
        // What the ends mean, in words.
        std::string low = iv->tr(item->scale_low), high = iv->tr(item->scale_high);
        if (!low.empty() || !high.empty()) {
            float half = (c.w - gap) * 0.5f;
            float h1 = low.empty() ? 0 : text(f, std::to_string(lo) + " = " + low, c.x, y, half, f.fonts.body, f.pal.text, f.pal.background);
            float h2 = 0;
            if (!high.empty()) {
                std::string hs = std::to_string(hi) + " = " + high;
                float w = std::min(half, text_width(f.fonts.body, hs) + 1);
                h2 = text(f, hs, c.x + c.w - w, y, w, f.fonts.body, f.pal.text, f.pal.background);
            }
            y += std::max(h1, h2) + gap;
        }
    } else if (item->type == q::ItemType::Boolean) {
        const auto& current = iv->answers(item->link_id);
        float w = (c.w - gap) * 0.5f;
        float h = std::max(f.fonts.px(96), button_height(f, i18n::tr("yes", lang), w, 0));
        for (int i = 0; i < 2; ++i) {
            bool v = i == 0;
            bool selected = !current.empty() && std::holds_alternative<bool>(current.front()) &&
                            std::get<bool>(current.front()) == v;
            std::size_t n = static_cast<std::size_t>(i);
            if (button(f, "answer." + std::to_string(i), i18n::tr(v ? "yes" : "no", lang),
                       {c.x + static_cast<float>(i) * (w + gap), y, w, h}, style_for(n, selected), "option"))
                ev.emit(event::SelectOption{n});
        }
        y += h + gap;
    } else if (item->has_options()) {  // choice, and open-choice's options
        // Only the options offered now (answerOptionsToggleExpression); ids keep the option's own index.
        const std::vector<std::size_t> shown = iv->offered_options(*item);
        bool pictures = !shown.empty();
        for (std::size_t i : shown) pictures = pictures && !item->options[i].pictogram.empty();
        std::size_t count = shown.size();
        if (pictures) {
            // Picture tiles: faces in one row, themes in a grid, laid out
            // so that every option is in sight above the bar where it can be
            // (picture_tiles below); otherwise the page scrolls with the cue.
            std::vector<std::string> labels;
            for (std::size_t i : shown) labels.push_back(iv->tr(item->options[i].display));
            const Tiles t = picture_tiles(f, labels, c.w, gap, f.view_bottom - (y + f.scroll_y));
            y -= t.lift;
            for (std::size_t k = 0; k < count; ++k) {
                const std::size_t i = shown[k];
                const auto& o = item->options[i];
                float x = c.x + static_cast<float>(k % t.per_row) * (t.w + t.gap);
                float yy = y + static_cast<float>(k / t.per_row) * (t.h + t.gap);
                if (icon_button(f, "answer." + std::to_string(i), labels[k], f.icon ? f.icon(o.pictogram) : nullptr,
                                t.place, t.icon, {x, yy, t.w, t.h}, style_for(i, iv->is_selected(item->link_id, o.value))))
                    ev.emit(event::SelectOption{i});
            }
            y += static_cast<float>((count + t.per_row - 1) / t.per_row) * (t.h + t.gap) - t.gap + gap;
        } else {
            // Each option with its own speaker on the right: hear one
            // answer again without the whole question.
            float sp = min_target(f);
            float ow = c.w - sp - gap;
            void* speaker = f.icon ? f.icon("speaker") : nullptr;
            const std::string& hear = i18n::tr("speak.answer", lang);
            for (std::size_t i : shown) {
                const auto& o = item->options[i];
                std::string label = iv->tr(o.display);
                float h = button_height(f, label, ow, f.fonts.px(80));
                if (button(f, "answer." + std::to_string(i), label, {c.x, y, ow, h},
                           style_for(i, iv->is_selected(item->link_id, o.value)), "option"))
                    ev.emit(event::SelectOption{i});
                int n = static_cast<int>(i);
                if (pictogram_button(f, "speak.answer." + std::to_string(i), hear + ": " + label, speaker,
                                     {c.x + ow + gap, y + (h - sp) * 0.5f, sp, sp}))
                    ev.emit(event::Speak{n});
                y += h + gap;
            }
        }
        if (item->type == q::ItemType::OpenChoice) {
            // Open-choice: the resident's own words beside the options, on the keyboard.
            const std::string own = s.own_words();
            std::string label = own.empty() ? i18n::tr("other-answer", lang) : i18n::fmt("other-answer.given", lang, {{"text", own}});
            float h = button_height(f, label, c.w, f.fonts.px(80));
            if (button(f, "answer.other", label, {c.x, y, c.w, h}, own.empty() ? ButtonStyle::Normal : ButtonStyle::Selected, "option"))
                ev.emit(event::OpenOther{});
            y += h + gap;
        }
    }
    if (langs_below) y = language_rows(f, s, ev, y + gap, top_bar_height(f));
    end_page(f, y, ev);
}

// [SECTION] keyboard

void draw_keyboard(Frame& f, const KioskState& s, Events& ev) {
    const q::Interview* iv = s.interview();
    const q::Item* item = iv ? iv->current() : nullptr;
    if (!item) return;
    const auto& lang = s.lang();
    question_bar(f, s, ev, true, true);
    Column c = column(f, 1100);
    float gap = f.fonts.px(10);
    bool langs_below = false;
    float y = question_top(f, s, ev, f.fonts.px(32) - f.scroll_y, &langs_below) + gap * 2;
    y += text(f, iv->tr(item->text), c.x, y, c.w, f.fonts.large, f.pal.text, f.pal.background);
    y += gap;
    // The field: what has been typed so far, with a caret (and the unit of an amount after it).
    std::string shown = s.typed() + "|";
    auto unit_label = [&](const q::Coding& u) { return u.display.base.empty() ? u.code : iv->tr(u.display); };
    const std::size_t unit = std::min(s.unit(), item->units.empty() ? 0 : item->units.size() - 1);
    if (!item->units.empty()) shown += "  " + unit_label(item->units[unit]);
    float fh = std::max(min_target(f), text_height(shown, c.w - f.fonts.px(32), f.fonts.body) + f.fonts.px(24));
    fill(f, {c.x, y, c.w, fh}, f.pal.button_bg, f.fonts.px(8));
    f.dl->AddRect(ImVec2(c.x, y), ImVec2(c.x + c.w, y + fh), col(f.pal.button_border), f.fonts.px(8), 0, f.fonts.px(3));
    {
        LeftToRight ltr(f);  // typed on our Latin keyboard, the caret at the end
        text(f, shown, c.x + f.fonts.px(16), y + f.fonts.px(12), c.w - f.fonts.px(32), f.fonts.body, f.pal.button_text,
             f.pal.button_bg);
    }
    y += fh + gap;
    if (item->type == q::ItemType::Quantity && item->units.size() > 1) {
        // Several units (questionnaire-unitOption): the resident says which one the amount is in.
        const std::size_t n = std::min<std::size_t>(item->units.size(), 6);
        float uw = (c.w - gap * static_cast<float>(n - 1)) / static_cast<float>(n);
        float uh = min_target(f);
        for (std::size_t i = 0; i < n; ++i) {
            if (button(f, "unit." + std::to_string(i), unit_label(item->units[i]), {c.x + static_cast<float>(i) * (uw + gap), y, uw, uh},
                       i == unit ? ButtonStyle::Selected : ButtonStyle::Normal, "option"))
                ev.emit(event::SelectUnit{i});
        }
        y += uh + gap;
    }
    if (!s.keyboard_error().empty())
        y += text(f, i18n::tr(s.keyboard_error(), lang), c.x, y, c.w, f.fonts.body, f.pal.danger_text, f.pal.background) + gap;
    else
        y += text(f, i18n::tr(model::keyboard_hint_key(*item), lang), c.x, y, c.w, f.fonts.body, f.pal.muted, f.pal.background) + gap;

    // Digits for numbers and dates and phone numbers; letters (Dutch accents
    // on their own row) for text.
    bool numeric = model::keyboard_kind(*item) == model::KeyboardKind::Digits;
    std::vector<std::vector<std::string>> rows;
    if (numeric) {
        // The last key: a decimal comma for amounts (Dutch writes 72,5), a colon for a time, '+' for a phone number.
        std::string last = (item->type == q::ItemType::Decimal || item->type == q::ItemType::Quantity) ? ","
                           : item->type == q::ItemType::Time ? ":" : "+";
        rows = {{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {"-", "0", last}};
    } else {
        rows = {{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
                {"q", "w", "e", "r", "t", "y", "u", "i", "o", "p"},
                {"a", "s", "d", "f", "g", "h", "j", "k", "l", "@"},
                {"z", "x", "c", "v", "b", "n", "m", ",", ".", "-"},
                {"\xC3\xA9", "\xC3\xAB", "\xC3\xA8", "\xC3\xAF", "\xC3\xB6", "\xC3\xBC", "\xC3\xA1", "\xC3\xA7", "'", "?"}};
    }
    std::size_t cols = rows.front().size();
    float kw = (c.w - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    if (kw < min_target(f)) {  // a narrow screen at a high DPI: use its whole width for the keys
        gap = std::max(8.0f, gap * 0.8f);
        c = {8, f.width - 16};
        kw = (c.w - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    }
    if (numeric) kw = std::min(kw, f.fonts.px(140));
    float kh = std::max(min_target(f), f.fonts.body->FontSize * 1.5f);  // keys stay big, the page short
    float kx0 = numeric ? c.x + (c.w - (kw * static_cast<float>(cols) + gap * static_cast<float>(cols - 1))) * 0.5f : c.x;
    for (const auto& row : rows) {
        float x = kx0;
        for (const auto& k : row) {
            if (button(f, "key." + k, k, {x, y, kw, kh}, ButtonStyle::Normal, "key"))
                ev.emit(event::TypeText{k});
            x += kw + gap;
        }
        y += kh + gap;
    }
    // Capital, space, delete and enter in the last row.
    float row_w = numeric ? kw * 3 + gap * 2 : c.w;
    int keys = numeric ? 2 : 4;
    float kw2 = (row_w - gap * static_cast<float>(keys - 1)) / static_cast<float>(keys);
    float x = kx0;
    if (!numeric) {
        if (button(f, "key.shift", i18n::tr("keyboard.shift", lang), {x, y, kw2, kh},
                   s.shift() ? ButtonStyle::Selected : ButtonStyle::Normal, "key"))
            ev.emit(event::ToggleShift{});
        x += kw2 + gap;
        if (button(f, "key.space", i18n::tr("keyboard.space", lang), {x, y, kw2, kh}, ButtonStyle::Normal, "key"))
            ev.emit(event::TypeText{" "});
        x += kw2 + gap;
    }
    if (button(f, "key.backspace", i18n::tr("keyboard.delete", lang), {x, y, kw2, kh}, ButtonStyle::Normal, "key"))
        ev.emit(event::KeyBackspace{});
    x += kw2 + gap;
    // Enter: a new line in a long text, otherwise the same as Next.
    bool multiline = item->type == q::ItemType::Text;
    if (button(f, "key.enter", "Enter", {x, y, kw2, kh}, ButtonStyle::Normal, "key"))
        ev.emit(multiline ? Event{event::TypeText{"\n"}} : Event{event::KeyEnter{}});
    y += kh;
    if (langs_below) y = language_rows(f, s, ev, y + gap, top_bar_height(f));
    end_page(f, y, ev);
}

// [SECTION] review

static void review_items(Frame& f, const KioskState& s, Events& ev, const std::vector<q::Item>& items, const Column& c,
                         float& y) {
    const q::Interview& iv = *s.interview();
    const auto& lang = s.lang();
    float gap = f.fonts.px(12);
    for (const auto& item : items) {
        if (!iv.is_enabled(item.link_id)) continue;
        if (item.type == q::ItemType::Group) {
            review_items(f, s, ev, item.children, c, y);
            continue;
        }
        if (!item.is_answerable()) continue;
        std::string label = iv.tr(item.text) + "\n\xE2\x86\x92 " + model::answer_text(iv, item, lang);  // "→"
        float h = button_height(f, label, c.w, 0);
        std::string id = item.link_id;
        // Back from changing an answer: this row again, a third down the view.
        if (f.fresh && id == s.review_focus()) f.scroll_to = y + f.scroll_y - f.view_bottom / 3;
        if (button(f, "review.item." + id, label, {c.x, y, c.w, h}))
            ev.emit(event::ReviewItem{id});
        y += h + gap;
    }
}

void draw_review(Frame& f, const KioskState& s, Events& ev) {
    const auto& lang = s.lang();
    action_bar(f, s, ev,
               {{"review.done", i18n::tr("review.done", lang), ButtonStyle::Primary,
                 event::ReviewDone{}}});
    Column c = column(f);
    float gap = f.fonts.px(16);
    float y = speaker_and_back_bar(f, s, ev, event::Back{});
    y += text(f, i18n::tr("review.title", lang), c.x, y, c.w, f.fonts.heading, f.pal.text, f.pal.background);
    y += text(f, i18n::tr("review.hint", lang), c.x, y, c.w, f.fonts.body, f.pal.muted, f.pal.background) + gap * 2;
    review_items(f, s, ev, s.interview()->questionnaire().items, c, y);
    end_page(f, y, ev);
}

// [SECTION] result

namespace {

struct ChartLabels {
    float icon = 0;        // pictogram side
    bool names = false;    // the domain's name beside its pictogram
    float name_w = 0;      // widest name
};

// The six-domain spider chart: rings at 2, 4, ..., 10, one axis per domain
// ending in its pictogram (and its name where there is room), the
// resident's scores as a filled shape; a domain without an answer is left
// as a gap (its point sits at the centre, drawn hollow). Ring numbers sit
// on their own patch of page, so no line runs through them.
void spider(Frame& f, const std::vector<q::SpiderAxis>& axes, const std::string& lang, float cx, float cy, float radius,
            const ChartLabels& lab, const std::vector<std::optional<int>>* previous = nullptr,
            const std::string& previous_label = "") {
    // Drawn around its centre with its own geometry: a right-to-left screen
    // shows the same web (its names are still shaped and right-aligned).
    NoMirror same_web(f);
    const std::size_t n = axes.size();
    auto point = [&](std::size_t i, double v) {
        double a = -M_PI / 2 + 2 * M_PI * static_cast<double>(i) / static_cast<double>(n);
        return ImVec2(cx + static_cast<float>(std::cos(a) * v / 10.0) * radius,
                      cy + static_cast<float>(std::sin(a) * v / 10.0) * radius);
    };
    float line = f.fonts.px(2);
    {
        std::vector<ImVec2> pts;
        for (std::size_t i = 0; i < n; ++i) pts.push_back(point(i, axes[i].value.value_or(0)));
        Rgb tint;
        for (int k = 0; k < 3; ++k) tint[k] = (f.pal.primary_bg[k] * 27 + f.pal.background[k] * 73) / 100;
        for (std::size_t i = 0; i < n; ++i) f.dl->AddTriangleFilled(ImVec2(cx, cy), pts[i], pts[(i + 1) % n], col(tint));
    }
    for (int ring = 2; ring <= 10; ring += 2) {
        std::vector<ImVec2> pts;
        for (std::size_t i = 0; i < n; ++i) pts.push_back(point(i, ring));
        f.dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col(f.pal.button_border), ImDrawFlags_Closed,
                          ring == 10 ? line * 1.5f : line * 0.75f);
    }
    for (std::size_t i = 0; i < n; ++i) f.dl->AddLine(point(i, 0), point(i, 10), col(f.pal.button_border), line * 0.75f);
    if (previous) {
        // The previous result as a dashed web in the text colour (the
        // resident's own result stays the solid, coloured shape on top).
        // A domain without a previous score sits at the centre.
        auto prev = [&](std::size_t i) {
            const auto& d = axes[i].domain;
            const auto& domains = q::scoring_domains();
            for (std::size_t k = 0; k < domains.size() && k < previous->size(); ++k)
                if (domains[k] == d) return (*previous)[k] ? point(i, *(*previous)[k]) : point(i, 0);
            return point(i, 0);
        };
        const float dash = f.fonts.px(14), space = f.fonts.px(9), w = line * 1.75f;
        float x0 = cx, y0 = cy, x1 = cx, y1 = cy;
        for (std::size_t i = 0; i < n; ++i) {
            ImVec2 a = prev(i), b = prev((i + 1) % n);
            x0 = std::min(x0, a.x), y0 = std::min(y0, a.y), x1 = std::max(x1, a.x), y1 = std::max(y1, a.y);
            float len = std::hypot(b.x - a.x, b.y - a.y);
            for (float t = 0; t < len; t += dash + space) {
                float e = std::min(len, t + dash);
                f.dl->AddLine(ImVec2(a.x + (b.x - a.x) * t / len, a.y + (b.y - a.y) * t / len),
                              ImVec2(a.x + (b.x - a.x) * e / len, a.y + (b.y - a.y) * e / len), col(f.pal.text), w);
            }
        }
        for (std::size_t i = 0; i < n; ++i) f.dl->AddCircle(prev(i), f.fonts.px(6), col(f.pal.text), 0, line);
        f.reg.add_figure({"result.previous", previous_label, {x0, y0, x1 - x0, y1 - y0}});
    }
    std::vector<ImVec2> shape;
    for (std::size_t i = 0; i < n; ++i) shape.push_back(point(i, axes[i].value.value_or(0)));
    f.dl->AddPolyline(shape.data(), static_cast<int>(n), col(f.pal.primary_bg), ImDrawFlags_Closed, line * 2);
    for (std::size_t i = 0; i < n; ++i) {
        if (axes[i].value) f.dl->AddCircleFilled(shape[i], f.fonts.px(8), col(f.pal.primary_bg));
        else f.dl->AddCircle(point(i, 0), f.fonts.px(8), col(f.pal.primary_bg), 0, line);
    }
    // Ring numbers between the first two axes, each on a patch of page.
    ImFont* small = f.fonts.body;
    const float ss = small->FontSize * 0.8f;
    for (int v : {5, 10}) {
        double a = -M_PI / 2 + M_PI / static_cast<double>(n);  // half way to the next axis
        ImVec2 p(cx + static_cast<float>(std::cos(a) * v / 10.0) * radius, cy + static_cast<float>(std::sin(a) * v / 10.0) * radius);
        std::string t = std::to_string(v);
        ImVec2 sz = small->CalcTextSizeA(ss, 1e9f, 0, t.c_str());
        float pad = f.fonts.px(3);
        ImVec2 a0(p.x - sz.x * 0.5f - pad, p.y - sz.y * 0.5f - pad), a1(p.x + sz.x * 0.5f + pad, p.y + sz.y * 0.5f + pad);
        f.dl->AddRectFilled(a0, a1, col(f.pal.background), pad);
        f.dl->AddText(small, ss, ImVec2(p.x - sz.x * 0.5f, p.y - sz.y * 0.5f), col(f.pal.text), t.c_str());
        f.reg.add_text({t, {a0.x, a0.y, a1.x - a0.x, a1.y - a0.y}, f.pal.text, f.pal.background});
    }
    // Pictogram (and name) at the end of each axis, outside the outer ring.
    const float off = f.fonts.px(12);
    const float lh = f.fonts.body->FontSize * 1.25f;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string& name = i18n::tr("domain." + axes[i].domain, lang);
        float tw = lab.names ? text_width(f.fonts.body, name) + 2 : 0;
        float bw = lab.icon + (lab.names ? f.fonts.px(8) + tw : 0);
        float bh = std::max(lab.icon, lab.names ? lh : 0.0f);
        ImVec2 p = point(i, 10);
        float dx = p.x - cx, dy = p.y - cy;
        float x, y;
        if (std::fabs(dx) < 1) {
            x = p.x - bw * 0.5f;
            y = dy < 0 ? p.y - off - bh : p.y + off;
        } else {
            x = dx > 0 ? p.x + off : p.x - off - bw;
            y = p.y - bh * 0.5f;
        }
        x = std::clamp(x, 0.0f, f.width - bw);
        void* icon = f.icon ? f.icon(axes[i].domain) : nullptr;
        float ix = dx < -1 && lab.names ? x + bw - lab.icon : x;  // the pictogram nearest the chart
        image(f, icon, ix, y + (bh - lab.icon) * 0.5f, lab.icon, lab.icon);
        if (lab.names) {
            float nx = dx < -1 ? x : x + lab.icon + f.fonts.px(8);
            text(f, name, nx, y + (bh - lh) * 0.5f, tw, f.fonts.body, f.pal.text, f.pal.background);
        }
    }
}

}  // namespace

void draw_result(Frame& f, const KioskState& s, Events& ev) {
    const auto& lang = s.lang();
    const auto& scores = s.scores();
    if (!scores) return;
    const auto cmp = model::comparison(s, lang);
    action_bar(f, s, ev, {{"next", i18n::tr("next", lang), ButtonStyle::Primary, event::ResultNext{}}});
    Column c = column(f, 1100);
    float gap = f.fonts.px(16);
    float y = speak_row(f, s, ev);
    y += text(f, say(s, "result.title", lang), c.x, y, c.w, f.fonts.heading, f.pal.text, f.pal.background) + gap;
    if (scores->spider) {
        // At least 40 % of the shorter side across, larger where there is
        // room; names beside the pictograms only where they fit.
        ChartLabels lab;
        lab.icon = std::max(f.fonts.px(48), f.fonts.body->FontSize * 1.4f);
        for (const auto& a : *scores->spider)
            lab.name_w = std::max(lab.name_w, text_width(f.fonts.body, i18n::tr("domain." + a.domain, lang)));
        const float m = f.fonts.px(32), off = f.fonts.px(12);
        const float min_r = 0.2f * std::min(f.width, f.height);
        const float with_names = (f.width - 2 * m - 2 * (off + lab.icon + f.fonts.px(8) + lab.name_w)) * 0.5f;
        const float icons_only = (f.width - 2 * m - 2 * (off + lab.icon)) * 0.5f;
        const float want = std::max(min_r, std::min(f.fonts.px(230), f.view_bottom * 0.3f));
        lab.names = with_names >= min_r;
        float radius = std::max(min_r, std::min(want, lab.names ? with_names : icons_only));
        float label_room = lab.icon + off + f.fonts.px(8);
        float cy = y + label_room + radius;
        const bool with_previous = cmp && cmp->comparable;
        spider(f, *scores->spider, lang, f.width * 0.5f, cy, radius, lab, with_previous ? &cmp->previous : nullptr,
               with_previous ? cmp->note : std::string());
        f.reg.add_figure({"result.chart", say(s, "result.title", lang),
                          {f.width * 0.5f - radius, cy - radius, 2 * radius, 2 * radius}});
        y = cy + radius + label_room + gap;
    }
    if (cmp) {
        // Right under the chart: what the dashed line is, or why there is none.
        y += text(f, cmp->heading, c.x, y, c.w, f.fonts.heading, f.pal.text, f.pal.background) + gap * 0.5f;
        y += text(f, cmp->note, c.x, y, c.w, f.fonts.body, f.pal.text, f.pal.background) + gap;
    }
    // A row per domain: its pictogram, a face for how it goes, and the words.
    const float face = std::max(f.fonts.px(56), f.fonts.body->FontSize * 1.6f);
    for (const auto& l : model::result_lines(*scores, lang)) {
        float tx = c.x + 2 * (face + f.fonts.px(8));
        float tw = c.w - (tx - c.x);
        // With a previous result: how it compares, right under the domain's own sentence.
        std::string then;
        if (cmp)
            for (const auto& cl : cmp->lines)
                if (cl.domain == l.domain) then = cl.text;
        const float between = f.fonts.px(4);
        float th = text_height(l.sentence, tw, f.fonts.body) + (then.empty() ? 0 : between + text_height(then, tw, f.fonts.body));
        float rh = std::max(face, th);
        void* dom = f.icon ? f.icon(l.domain) : nullptr;
        void* fc = f.icon && !l.face.empty() ? f.icon(l.face) : nullptr;
        float iy = y + (rh - face) * 0.5f;
        image(f, dom, c.x, iy, face, face);
        if (fc) {
            float fx = c.x + face + f.fonts.px(8);
            // Faces on their own light tile, so they read in both themes.
            fill(f, {fx, iy, face, face}, {255, 255, 255}, face * 0.5f);
            image(f, fc, fx, iy, face, face);
        }
        float ty = y + (rh - th) * 0.5f;
        ty += text(f, l.sentence, tx, ty, tw, f.fonts.body, f.pal.text, f.pal.background);
        if (!then.empty()) text(f, then, tx, ty + between, tw, f.fonts.body, f.pal.text, f.pal.background);
        y += rh + f.fonts.px(10) + (then.empty() ? 0 : f.fonts.px(8));
    }
    end_page(f, y, ev);
}

// [SECTION] talk, referrals, thanks

void draw_talk(Frame& f, const KioskState& s, Events& ev) { draw_dialog(f, s, ev); }

void draw_referrals(Frame& f, const KioskState& s, Events& ev) {
    const auto& lang = s.lang();
    action_bar(f, s, ev, {{"next", i18n::tr("next", lang), ButtonStyle::Primary, event::ReferralsDone{}}});
    Column c = column(f);
    float gap = f.fonts.px(16);
    float y = speak_row(f, s, ev);
    y += text(f, say(s, "referrals.title", lang), c.x, y, c.w, f.fonts.heading, f.pal.text, f.pal.background) + gap;
    for (const auto& o : s.offers()) y += referral_card(f, o, lang, c.x, y, c.w) + gap;
    end_page(f, y, ev);
}

void draw_thanks(Frame& f, const KioskState& s, Events& ev) {
    std::string payload = model::qr_payload(s);
    draw_dialog(f, s, ev, [&](float y) {
        if (payload.empty()) return y;
        auto m = qr::encode(payload);
        if (!m) return y;
        // Always dark on white with a quiet zone, whatever the theme.
        float module = std::max(2.0f, std::floor(f.fonts.px(220) / static_cast<float>(m->size + 8)));
        float side = module * static_cast<float>(m->size + 8);
        float x0 = (f.width - side) * 0.5f;
        fill(f, {x0, y, side, side}, {255, 255, 255});
        for (int yy = 0; yy < m->size; ++yy)
            for (int xx = 0; xx < m->size; ++xx)
                if (m->dark(xx, yy))
                    fill(f, {x0 + module * static_cast<float>(xx + 4), y + module * static_cast<float>(yy + 4), module, module}, {0, 0, 0});
        return y + side + f.fonts.px(16);
    });
}

void draw_still_here(Frame& f, const KioskState& s, Events& ev) { draw_dialog(f, s, ev); }

}  // namespace kiosk::ui
