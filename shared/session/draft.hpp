// A paused interview as an Outbox draft (sealed with the draft key): the
// in-progress QuestionnaireResponse carrying the staff extensions, the
// interview state, the talk marks and the resident's display settings, and
// reading them back when staff resume it. KioskState decides when; this is
// the format (shared/questionnaire/README.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "questionnaire/interview.hpp"
#include "questionnaire/model.hpp"
#include "session/session_settings.hpp"
#include "staff/assist_setup.hpp"

namespace kiosk {

// A new draft's id: 12 random bytes in hex.
std::string new_draft_id();

// The draft's response: `iv` in progress with `setup`'s staff extensions,
// the interview state, the marked topics and the display settings.
std::string draft_response_json(const questionnaire::Interview& iv, const AssistSetup& setup,
                                const std::vector<std::string>& marks, const SessionSettings& display);

// What a draft carries besides its answers.
struct DraftContents {
    AssistSetup setup;               // the staff setup (its questionnaire not set)
    std::vector<std::string> marks;  // the marked topics, in order
    std::string snapshot;            // the interview state: a secret, wipe it
    std::string display;             // the resident's display settings (JSON text)
};
// nullopt when `response_json` is not a JSON object.
std::optional<DraftContents> read_draft(const std::string& response_json);

// The questionnaire of `catalog` a snapshot is of: the one it names (or
// the only one), else the first that restores it; nullptr when none.
const questionnaire::Questionnaire* draft_questionnaire(const std::vector<questionnaire::Questionnaire>& catalog,
                                                        const std::string& snapshot, const Clock& clock);

// The draft's display settings applied to a resumed session (a text size
// other than 100, 150 or 200 is ignored; a volume is clamped to 20..100).
void apply_session_display(const std::string& display, SessionSettings& s);

}  // namespace kiosk
