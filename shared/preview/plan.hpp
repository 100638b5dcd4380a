// Preview planner (`kioskctl preview`): walks that show every screen of one
// questionnaire as a resident meets it, written as a kiosk script.
//
// The planner runs the kiosk's own state machine (session/KioskState, with a
// manual clock) in lockstep with the script it writes: each script line is
// the tap a resident would make and the same call on the model, so the plan
// knows which screen comes next without guessing. At every question it picks
// the answer that turns on the most items not yet shown (trying each option,
// yes and no, each scale point, skip, and typed values taken from the
// enableWhen conditions), so items behind enableWhen are reached by answering
// what enables them. Walk follows walk (each a whole session, start to
// "finish") until every item has been shown or a walk shows nothing new.
#pragma once

#include <string>
#include <vector>

#include "questionnaire/model.hpp"
#include "referrals/referrals.hpp"

namespace kiosk::preview {

struct PlanOptions {
    std::string lang;              // the session's language ("" = the content's default)
    std::string default_lang = "nl";  // what the kiosk starts in (its --lang, or the content's settings)
    int text_size_pct = 100;       // 100, 150, 200: tapped on the welcome screen
    bool high_contrast = false;    // tapped on the welcome screen
    int max_walks = 40;
};

// One screenshot of the plan.
struct Shot {
    std::string file;     // "07-question-contact" (no extension): <file>.png and <file>.json
    std::string screen;   // the kiosk's screen name (question, keyboard, review, ...)
    std::string link_id;  // the item shown (question and keyboard screens), else ""
    int walk = 1;         // which walk (1-based) it was taken on
};

struct Plan {
    std::string script;                // the kiosk script (tap/type/expect-screen/screenshot/dump-ui)
    std::vector<Shot> shots;
    int walks = 0;
    // Items a resident can be shown (not groups, hidden or calculated items),
    // in document order, and those no planned walk reached.
    std::vector<std::string> items;
    std::vector<std::string> unreached;
    // Why the planner stopped a walk early (a screen it does not know how to
    // leave); empty when every walk ended on "finish".
    std::vector<std::string> problems;
};

// `catalog`: every questionnaire the kiosk will load (the choose screen shows
// them all; with one alone the kiosk skips that screen), `id` the one to walk,
// `refs` the referral catalogue the kiosk will load with them.
Plan plan(const std::vector<questionnaire::Questionnaire>& catalog, const std::string& id,
          const referrals::Catalogue& refs, const PlanOptions& o);

// A file-name-safe form of a linkId ([A-Za-z0-9._-], others as '_').
std::string file_safe(const std::string& s);

}  // namespace kiosk::preview
