#include "session/session_records.hpp"

#include <algorithm>

#include "core/utc_time.hpp"

namespace kiosk {

namespace q = questionnaire;

FinishedResponse finished_response(const q::Interview& iv, bool complete, const q::ResponseExtensions& ext,
                                   const SessionSettings& display) {
    const auto& qn = iv.questionnaire();
    FinishedResponse r;
    r.response_json = iv.response_json(complete ? q::ResponseStatus::Completed : q::ResponseStatus::Stopped);
    ext.write_into(r.response_json);
    r.questionnaire = qn.id;
    r.version = qn.version;
    r.variant = qn.variant;
    r.language = iv.language();
    r.duration_s = iv.elapsed_ms() / 1000;
    r.complete = complete;
    r.read_aloud = display.read_aloud;
    r.text_scale_pct = display.text_scale_pct;
    return r;
}

CompletionRecord ended_early_record(const q::Questionnaire& qn, const q::Interview* iv, const std::string& session_lang,
                                    const char* reason, const Clock& clock) {
    CompletionRecord r;
    r.questionnaire = qn.id;
    r.version = qn.version;
    r.variant = qn.variant;
    r.reason = reason;
    r.day = utc_day(clock.wall_ms());
    if (iv) {
        const auto p = iv->progress();
        r.language = iv->language();
        r.step = std::min(p.position, p.steps);
        r.steps = p.steps;
    } else {
        // Still on the consent screen: nothing asked yet.
        r.language = qn.supports_language(session_lang) ? session_lang : qn.language;
        r.steps = q::Interview(qn, clock, r.language).progress().steps;
    }
    return r;
}

}  // namespace kiosk
