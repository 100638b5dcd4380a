// Index of this file:
// [SECTION] the page from the session
// [SECTION] drawing with cairo
// [SECTION] the PDF

#include "print/result_page.hpp"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "i18n/catalog.hpp"
#include "qr/qr.hpp"
#include "questionnaire/model.hpp"
#include "session/contact_wish.hpp"
#include "session/screen_model.hpp"
#include "takehome/result_code.hpp"

namespace kiosk::print {

namespace q = kiosk::questionnaire;

// [SECTION] the page from the session
std::optional<ResultPage> page_from(const KioskState& s) {
    const std::string payload = model::qr_payload(s);  // "" = nothing to take home
    if (payload.empty() || !s.scores() || !s.interview()) return std::nullopt;
    auto code = takehome::decode(payload);
    if (!code) return std::nullopt;
    const std::string lang = model::ui_lang(s);
    auto t = [&](const char* key) { return say(s, key, lang); };
    ResultPage p;
    p.lang = lang;
    p.title = t("print.title");
    p.questionnaire = s.interview()->questionnaire().title.get(lang);
    p.date = model::day_words(code->day, lang);
    const auto& domains = q::scoring_domains();
    for (std::size_t i = 0; i < domains.size(); ++i) {
        p.axes.push_back(i18n::tr("domain." + domains[i], lang));
        const auto* d = s.scores()->find(domains[i]);
        p.scores.push_back(d ? d->average : std::nullopt);
    }
    auto cmp = model::comparison(s, lang);
    if (cmp) {
        p.compare_heading = cmp->heading;
        p.compare_note = cmp->note;
        if (cmp->comparable) p.previous = cmp->previous;
    }
    // The compared words where the two can be compared, else the scores in words.
    if (cmp && cmp->comparable) {
        for (const auto& l : cmp->lines) p.sentences.push_back(l.text);
    } else {
        for (const auto& l : model::result_lines(*s.scores(), lang)) p.sentences.push_back(l.sentence);
    }
    if (!s.offers().empty()) p.referrals_heading = t("referrals.title");
    for (const auto& o : s.offers()) {
        ResultPage::Referral r;
        r.name = o.text(o.name, lang);
        if (std::string what = o.text(o.description, lang); !what.empty()) r.lines.push_back(what);
        for (auto& line : referrals::contact_lines(o, lang)) r.lines.push_back(std::move(line));
        p.referrals.push_back(std::move(r));
    }
    p.qr_payload = payload;
    p.qr_caption = t("print.qr");
    p.footer = t("print.footer");
    return p;
}

namespace {

// [SECTION] drawing with cairo
constexpr double kPageW = 595.0;  // A4 in points
constexpr double kPageH = 842.0;
constexpr double kMargin = 48.0;
const char* const kFamily = "Noto Sans";  // fontconfig falls back to DejaVu Sans

struct Pen {
    cairo_t* cr;
    bool draw;
    double scale;     // all type sizes, < 1 when the content must shrink to fit one page
    int columns = 1;  // the referrals side by side in two columns when there are many
};

void font(const Pen& p, double size, bool bold) {
    cairo_select_font_face(p.cr, kFamily, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(p.cr, size * p.scale);
}

double advance(cairo_t* cr, const std::string& s) {
    cairo_text_extents_t e;
    cairo_text_extents(cr, s.c_str(), &e);
    return e.x_advance;
}

// Wraps `text` into `w` points wide lines at spaces; returns the height used.
double paragraph(const Pen& p, const std::string& text, double x, double y, double w, double size, bool bold = false) {
    font(p, size, bold);
    cairo_font_extents_t fe;
    cairo_font_extents(p.cr, &fe);
    const double lh = fe.height * 1.1;
    std::istringstream words(text);
    std::string word, line;
    std::vector<std::string> lines;
    while (words >> word) {
        std::string tryline = line.empty() ? word : line + " " + word;
        if (!line.empty() && advance(p.cr, tryline) > w) {
            lines.push_back(line);
            line = word;
        } else {
            line = tryline;
        }
    }
    if (!line.empty()) lines.push_back(line);
    if (p.draw) {
        cairo_set_source_rgb(p.cr, 0, 0, 0);
        for (std::size_t i = 0; i < lines.size(); ++i) {
            cairo_move_to(p.cr, x, y + fe.ascent + lh * static_cast<double>(i));
            cairo_show_text(p.cr, lines[i].c_str());
        }
    }
    return lh * static_cast<double>(lines.size());
}

void web(const Pen& p, const ResultPage& page, double cx, double cy, double r) {
    const std::size_t n = page.axes.size();
    if (n < 3) return;
    auto at = [&](std::size_t i, double v) {
        const double a = -M_PI / 2 + 2 * M_PI * static_cast<double>(i) / static_cast<double>(n);
        return std::pair<double, double>{cx + std::cos(a) * r * v / 10.0, cy + std::sin(a) * r * v / 10.0};
    };
    cairo_t* cr = p.cr;
    // The resident's own shape, filled when every domain has a score. Opaque:
    // a page with transparency is rasterised on its way through PostScript
    // (poppler's pdftops, -level2), and its words would no longer be text.
    const bool whole = std::all_of(page.scores.begin(), page.scores.end(), [](const auto& v) { return v.has_value(); });
    if (whole && page.scores.size() == n) {
        for (std::size_t i = 0; i < n; ++i) {
            auto [x, y] = at(i, *page.scores[i]);
            if (i == 0) cairo_move_to(cr, x, y);
            else cairo_line_to(cr, x, y);
        }
        cairo_close_path(cr);
        cairo_set_source_rgb(cr, 0.80, 0.86, 0.96);
        cairo_fill(cr);
    }
    // Rings at 2, 4, ... 10 and the axes, light grey.
    cairo_set_source_rgb(cr, 0.7, 0.7, 0.7);
    cairo_set_line_width(cr, 0.6);
    for (int ring = 2; ring <= 10; ring += 2) {
        for (std::size_t i = 0; i <= n; ++i) {
            auto [x, y] = at(i % n, ring);
            if (i == 0) cairo_move_to(cr, x, y);
            else cairo_line_to(cr, x, y);
        }
        cairo_stroke(cr);
    }
    for (std::size_t i = 0; i < n; ++i) {
        cairo_move_to(cr, cx, cy);
        auto [x, y] = at(i, 10);
        cairo_line_to(cr, x, y);
    }
    cairo_stroke(cr);
    // Ring numbers along the first axis.
    font(p, 7, false);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    for (int ring = 2; ring <= 10; ring += 2) {
        auto [x, y] = at(0, ring);
        cairo_move_to(cr, x + 3, y + 3);
        cairo_show_text(cr, std::to_string(ring).c_str());
    }
    // A line between two neighbouring axes only where both have a score: a gap otherwise.
    auto shape = [&](auto value, bool dashed) {
        if (dashed) {
            const double dash[] = {5.0, 3.5};
            cairo_set_dash(cr, dash, 2, 0);
            cairo_set_source_rgb(cr, 0, 0, 0);
            cairo_set_line_width(cr, 1.4);
        } else {
            cairo_set_dash(cr, nullptr, 0, 0);
            cairo_set_source_rgb(cr, 0.1, 0.27, 0.6);
            cairo_set_line_width(cr, 2.4);
        }
        for (std::size_t i = 0; i < n; ++i) {
            auto a = value(i), b = value((i + 1) % n);
            if (!a || !b) continue;
            auto [x0, y0] = at(i, *a);
            auto [x1, y1] = at((i + 1) % n, *b);
            cairo_move_to(cr, x0, y0);
            cairo_line_to(cr, x1, y1);
            cairo_stroke(cr);
        }
        cairo_set_dash(cr, nullptr, 0, 0);
        if (!dashed)
            for (std::size_t i = 0; i < n; ++i)
                if (auto v = value(i)) {
                    auto [x, y] = at(i, *v);
                    cairo_arc(cr, x, y, 3.0, 0, 2 * M_PI);
                    cairo_fill(cr);
                }
    };
    if (!page.previous.empty())
        shape([&](std::size_t i) -> std::optional<double> {
            if (i >= page.previous.size() || !page.previous[i]) return std::nullopt;
            return static_cast<double>(*page.previous[i]);
        }, true);
    shape([&](std::size_t i) { return i < page.scores.size() ? page.scores[i] : std::nullopt; }, false);
    // Axis names at the ends, outside the web.
    font(p, 9, true);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (std::size_t i = 0; i < n; ++i) {
        auto [x, y] = at(i, 11.6);
        const double w = advance(cr, page.axes[i]);
        double tx = x - w / 2;
        if (x > cx + 1) tx = std::min(tx + w / 2 - 2, kPageW - kMargin - w);
        else if (x < cx - 1) tx = std::max(tx - w / 2 + 2, kMargin);
        cairo_move_to(cr, tx, y + 3);
        cairo_show_text(cr, page.axes[i].c_str());
    }
}

void qr_code(cairo_t* cr, const qr::Matrix& m, double x, double y, double side) {
    const double module = side / static_cast<double>(m.size + 8);  // a quiet zone of 4 modules
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x, y, side, side);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int yy = 0; yy < m.size; ++yy)
        for (int xx = 0; xx < m.size; ++xx)
            if (m.dark(xx, yy))
                cairo_rectangle(cr, x + module * (xx + 4), y + module * (yy + 4), module + 0.01, module + 0.01);
    cairo_fill(cr);
}

// Lays the page out; draws it when p.draw. Returns the bottom of the content.
double layout(const Pen& p, const ResultPage& page, const std::optional<qr::Matrix>& qr) {
    const double w = kPageW - 2 * kMargin;
    double y = kMargin;
    y += paragraph(p, page.title, kMargin, y, w, 22, true) + 2;
    y += paragraph(p, page.questionnaire, kMargin, y, w, 12) + 2;
    y += paragraph(p, page.date, kMargin, y, w, 12, true) + 14;
    // The web on the left, the code on the right.
    const double chart = 250;
    const double top = y;
    if (p.draw) web(p, page, kMargin + 40 + chart / 2 - 10, top + chart / 2 + 6, chart / 2 - 22);
    const double qx = kMargin + w - 150;
    if (qr && p.draw) qr_code(p.cr, *qr, qx, top, 150);
    double qy = top + 154;
    qy += paragraph(p, page.qr_caption, qx, qy, 150, 8.5);
    y = std::max(top + chart + 20, qy + 8);
    if (!page.compare_heading.empty()) {
        y += paragraph(p, page.compare_heading, kMargin, y, w, 12, true) + 2;
        if (!page.compare_note.empty()) y += paragraph(p, page.compare_note, kMargin, y, w, 10.5) + 6;
    }
    for (const auto& sentence : page.sentences) y += paragraph(p, sentence, kMargin, y, w, 11) + 3;
    if (!page.referrals.empty()) {
        y += 12;
        y += paragraph(p, page.referrals_heading, kMargin, y, w, 14, true) + 4;
        // Each offer in the shorter column (one column, or two side by side).
        const double gap = 16;
        const double cw = p.columns == 2 ? (w - gap) / 2 : w;
        double col_y[2] = {y, y};
        for (const auto& r : page.referrals) {
            const int c = p.columns == 2 && col_y[1] < col_y[0] ? 1 : 0;
            const double x = kMargin + c * (cw + gap);
            double& yy = col_y[c];
            yy += paragraph(p, r.name, x, yy, cw, 11, true) + 1;
            for (const auto& line : r.lines) yy += paragraph(p, line, x + 10, yy, cw - 10, 10) + 1;
            yy += 6;
        }
        y = std::max(col_y[0], col_y[1]);
    }
    y += 10;
    y += paragraph(p, page.footer, kMargin, y, w, 8.5);
    return y;
}

// [SECTION] the PDF
cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Result<std::string> render_pdf(const ResultPage& page) {
    std::optional<qr::Matrix> qr;
    if (!page.qr_payload.empty()) {
        auto m = qr::encode(page.qr_payload);
        if (!m) return make_error("the take-home code does not fit a QR code: " + m.error().message);
        qr = std::move(*m);
    }
    std::string pdf;
    cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &pdf, kPageW, kPageH);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, page.title.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "intake kiosk");
    cairo_t* cr = cairo_create(surface);
    // Everything on one page: a long list of referrals goes into two columns,
    // then the type shrinks a little (never below 70 %: the page is read by
    // residents, many with poor sight).
    Pen pen{cr, false, 1.0, 1};
    auto fits = [&] { return layout(pen, page, qr) <= kPageH - kMargin * 0.75; };
    while (!fits() && pen.scale > 0.71) {
        if (pen.columns == 1 && page.referrals.size() > 1) pen.columns = 2;
        else pen.scale -= 0.05;
        if (pen.columns == 2 && fits()) break;
    }
    pen.draw = true;
    layout(pen, page, qr);
    cairo_show_page(cr);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (st != CAIRO_STATUS_SUCCESS) return make_error(std::string("the page could not be drawn: ") + cairo_status_to_string(st));
    return pdf;
}

}  // namespace kiosk::print
