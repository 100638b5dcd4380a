// Plans a scripted walk through a questionnaire using only stable widget ids:
// `tap answer.0` on every question, typing a short text where a keyboard is
// shown, `next` on information screens. The interview engine runs alongside
// with the same answers, so the plan knows which screens will follow.
#pragma once

#include <string>

#include "questionnaire/model.hpp"
#include "referrals/referrals.hpp"

namespace kiosk::test {

struct WalkOptions {
    std::string lang = "nl";
    std::string shots_prefix;  // when set, screenshot + dump-ui of every screen as <prefix>NN-<screen>.png/.json
    std::string dumps_prefix;  // when set, dump-ui only
    std::string preamble;      // script lines before `tap start` (text size, contrast)
    bool talk = false;         // answer "do you want to talk about this?" with yes
    bool skip_body = false;    // skip every item of the body domain
    bool dialogs = false;      // on the first question: open help and stop (and go back) to check them too
    // On the choose screen: `compare`, the scan screen, and (for a questionnaire
    // with a result code) a previous result of its own family and variant typed
    // as a scanner does, so the result screen shows the comparison.
    bool compare = false;
};

struct Walk {
    std::string script;
    int screens = 0;           // how many screens the walk shows
    bool spider = false;
    bool referrals = false;
};

Walk plan_walk(const questionnaire::Questionnaire& q, const referrals::Catalogue& refs, const WalkOptions& o);

}  // namespace kiosk::test
