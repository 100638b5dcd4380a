// What a resident's screen shows, in words, computed in one place: the kiosk
// draws it and read-aloud speaks it, so the two can never disagree. Score
// bands (one threshold, shared with the referrals), scores as a resident
// reads them ("5 van de 10"), progress, review answers, the QR payload, the
// keyboard kind, and the title/message/buttons of every dialog-like screen.
//
// A new dialog-like screen (e.g. `contact-wish`): add its Screen value and
// name (kiosk_state), a case in dialog_model() with its actions, and a case
// in activate() for each action id; the kiosk draws it with draw_dialog()
// and the bottom action bar, and read-aloud says it with no further code.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "questionnaire/interview.hpp"
#include "questionnaire/scoring.hpp"
#include "referrals/referrals.hpp"
#include "session/kiosk_state.hpp"

namespace kiosk::model {

// ---- scores ---------------------------------------------------------------------------

// One threshold: below kLowBelow a domain is "hard right now" on the result
// AND gets referrals (referrals::kLowScore); from kGoodFrom it "goes well".
inline constexpr double kLowBelow = referrals::kLowScore;
inline constexpr double kGoodFrom = 7.0;
enum class Band { Low, Fair, Good };
Band band(double score);
const char* band_key(Band b);   // i18n key of the sentence: result.low / result.mid / result.high
const char* band_face(Band b);  // pictogram name: face-2 / face-3 / face-5

// A score as it is shown: whole numbers without a decimal ("5"), otherwise
// one decimal with the language's separator ("5,3" in Dutch, "5.3" in
// English). Truncated, never rounded up, so "5,9" is still below 6 like
// the band it is in.
std::string score_number(double score, const std::string& lang);
// "5 van de 10" / "5 out of 10": what the result says and read-aloud reads.
std::string score_words(double score, const std::string& lang);

struct DomainLine {
    std::string domain;           // body, feelings, ...
    std::string name;             // "Lichaam"
    std::optional<double> score;  // nullopt: no answer fed it
    std::optional<Band> band;
    std::string face;             // pictogram for the band, "" without a score
    std::string sentence;         // "Lichaam: 5 van de 10. Dit gaat redelijk."
};
std::vector<DomainLine> result_lines(const questionnaire::Scores& scores, const std::string& lang);

// What the resident's own QR code carries: the take-home result code
// (shared/takehome/): questionnaire family, variant, version, the day and a
// whole-number score per domain; "" when there is nothing to take home (no
// result screen was shown: declined, stopped, or a questionnaire without a chart).
std::string qr_payload(const KioskState& s);

// ---- compare with last time (issue 18) ---------------------------------------------------

// "2 december 2026" / "2 December 2026" from "2026-12-02".
std::string day_words(const std::string& iso_day, const std::string& lang);

// The choose screen's line once a previous result was scanned ("Your
// previous result of 2 December 2026 is ready to compare."), "" without one.
std::string previous_ready(const KioskState& s, const std::string& lang);

// What the result screen (and read-aloud) says about the previous result the
// resident brought; nullopt when they brought none or there are no scores.
struct Comparison {
    // True: same family and variant, so `lines` compare per domain and the
    // previous web is drawn. False: another variant (short vs full) or
    // another questionnaire: `note` says they cannot be compared, no web.
    bool comparable = false;
    std::string heading;             // "Compared with last time (2 December 2026)"
    std::string note;                // the dashed-line legend, or why not comparable
    struct Line {
        std::string domain;  // body, feelings, ... (as result_lines' DomainLine::domain)
        std::string text;    // "Body: higher than last time (then 3, now 7)."
    };
    std::vector<Line> lines;  // per domain asked, in chart order: higher / the same / lower than last time
    // The previous whole-number scores per scoring domain (for the dashed web).
    std::vector<std::optional<int>> previous;
};
// Whole numbers on both sides, rounded as the take-home code rounds them
// (takehome::from_scores), so the words agree with the codes a resident holds.
std::optional<Comparison> comparison(const KioskState& s, const std::string& lang);

// ---- questions --------------------------------------------------------------------------

struct Progress {
    int n = 0;      // this question's number (1-based), 0 on an information screen
    int total = 0;  // questions in this interview as far as they can be known now
};
// The total counts every question that is on, or that may still come on
// (its condition is about a question not answered yet); it only goes down
// when an answer rules questions out, never up when branching adds them.
Progress progress(const questionnaire::Interview& iv);
// "Vraag 4 van 17", or "Uitleg" on an information screen.
std::string progress_text(const questionnaire::Interview& iv, const std::string& lang);

// The answer as the review shows and reads it ("Ja", "overgeslagen", "-").
std::string answer_text(const questionnaire::Interview& iv, const questionnaire::Item& item, const std::string& lang);

enum class KeyboardKind { Letters, Digits };
KeyboardKind keyboard_kind(const questionnaire::Item& item);
// The keyboard screen's hint (shown and read aloud): what to type for a date
// or a time ("Type a time like 21:30."), else "type, then Next".
const char* keyboard_hint_key(const questionnaire::Item& item);

// ---- dialog-like screens -------------------------------------------------------------------

enum class Role { Primary, Normal };
struct Action {
    std::string id;     // stable widget id (../shared/CLI.md)
    std::string label;
    Role role = Role::Normal;
};

struct DialogModel {
    std::string title;
    std::vector<std::string> paragraphs;
    std::vector<Action> actions;  // the bottom action bar, in order: navigation and the dialog's own verbs
    // Choices that answer the title's question (the contact wish's ways to
    // talk): answer buttons in the body, as a question's options are; the bar
    // stays for moving on (back, next, help, stop).
    std::vector<Action> answers;
    bool stop_and_help = true;    // the bar also holds `stop` and `help`
};
// For consent, talk, thanks, still-here, paused, stop, help and handover;
// nullopt on other screens.
std::optional<DialogModel> dialog_model(const KioskState& s);
// The state change behind an action id of a dialog (and `stop`, `help`).
// Returns false for an id it does not know.
bool activate(KioskState& s, const std::string& id);

// The language interface texts of this screen are in: the interview's when
// the interface speaks it, else the session's.
std::string ui_lang(const KioskState& s);

}  // namespace kiosk::model
