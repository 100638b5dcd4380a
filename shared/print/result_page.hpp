// The take-home result on paper (issue 18): one A4 page with the result web
// (spider chart of the domain scores, the previous one dashed when the
// resident brought it), the sentence per domain, the referrals chosen for
// them with how to reach each, the date and the take-home QR code. Never
// the answers, a name or the device: the page is built from the same screen
// model the result and thanks screens use, nothing else.
//
// page_from() runs on the UI thread (strings only, cheap); render_pdf() runs
// on the device service thread (cairo, a few ms) and gives the PDF in memory:
// it goes to CUPS as a stream, so no copy of it is written on the kiosk.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "session/kiosk_state.hpp"

namespace kiosk::print {

struct ResultPage {
    std::string lang;
    std::string title;          // "Uw uitslag" / "Your result"
    std::string questionnaire;  // the questionnaire's title in the resident's language
    std::string date;           // "2 december 2026"
    // The web: one axis per scoring domain, in chart order.
    std::vector<std::string> axes;                 // domain names
    std::vector<std::optional<double>> scores;     // 0-10, nullopt = a gap
    std::vector<std::optional<int>> previous;      // the dashed web; empty without one
    std::string compare_heading;                   // "Compared with last time (1 November 2026)", or ""
    std::string compare_note;                      // the legend, or why the two cannot be compared
    std::vector<std::string> sentences;            // per domain: compared, else "Body: 5 out of 10. ..."
    struct Referral {
        std::string name;
        std::vector<std::string> lines;  // what it does, then how to reach it
    };
    std::string referrals_heading;
    std::vector<Referral> referrals;
    std::string qr_payload;  // the take-home code (shared/takehome/)
    std::string qr_caption;
    std::string footer;      // "No name and no answers are on this page."
};

// What the page of this session shows; nullopt when there is nothing to take
// home (no scores, declined or stopped): then the kiosk offers no print.
std::optional<ResultPage> page_from(const KioskState& s);

// One A4 page as a PDF document (the bytes).
Result<std::string> render_pdf(const ResultPage& page);

}  // namespace kiosk::print
