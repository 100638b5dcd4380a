// What a session hands over to be sealed when it ends: the response of a
// finished (or stopped) interview, and the completion record of a session
// that ended before "Done" (session/completion.hpp). KioskState decides
// when; these say what goes in them.
#pragma once

#include <string>

#include "core/clock.hpp"
#include "questionnaire/interview.hpp"
#include "questionnaire/response_extensions.hpp"
#include "session/kiosk_state.hpp"

namespace kiosk {

// `iv`'s response (completed, or stopped when !complete) with `ext`
// written into it, and how it was filled in (`display`). The caller sets
// assisted, kind and draft_id.
FinishedResponse finished_response(const questionnaire::Interview& iv, bool complete,
                                   const questionnaire::ResponseExtensions& ext, const SessionSettings& display);

// A session that chose `qn` and ended early (`reason`: idle, stop,
// decline, staff): where it ended in `iv`, or on the consent screen
// (iv == nullptr, in the session's language when `qn` has it).
CompletionRecord ended_early_record(const questionnaire::Questionnaire& qn, const questionnaire::Interview* iv,
                                    const std::string& session_lang, const char* reason, const Clock& clock);

}  // namespace kiosk
