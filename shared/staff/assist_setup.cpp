#include "staff/assist_setup.hpp"

#include "core/utc_time.hpp"
#include "questionnaire/interview.hpp"
#include "session/text_field.hpp"

namespace kiosk {

namespace q = questionnaire;

void AssistSetup::type(std::string_view utf8, bool& shift) {
    bool in_note = field == Field::Note;
    type_into(in_note ? note : case_ref, utf8, {in_note ? kNoteMax : kCaseMax}, shift);
    error.clear();
}

void AssistSetup::backspace() { erase_last_char(field == Field::Note ? note : case_ref); }

void AssistSetup::wipe() {
    wipe_text(case_ref);
    wipe_text(note);
    *this = AssistSetup{};
}

const q::Questionnaire* AssistSetup::chosen_in(const std::vector<q::Questionnaire>& catalog) const {
    const q::Questionnaire* chosen = nullptr;
    for (const auto& qn : catalog)
        if (qn.id == questionnaire) chosen = &qn;
    return chosen;
}

void AssistSetup::add_extensions(q::ResponseExtensions& out) const {
    if (!case_ref.empty()) out.add_string("case-reference", case_ref);
    out.add_bool("filled-in-together", together);
    if (!note.empty()) out.add_string("staff-note", note);
    if (paper) out.add_bool("paper-entry", true);
    if (sensitive_off) out.add_bool("sensitive-off", true);
}

CompletionRecord not_used_record(const q::Questionnaire& qn, const std::string& session_lang, const std::string& instead,
                                 const Clock& clock) {
    CompletionRecord r;
    r.questionnaire = qn.id;
    r.version = qn.version;
    r.variant = qn.variant;
    r.language = qn.supports_language(session_lang) ? session_lang : qn.language;
    r.steps = q::Interview(qn, clock, r.language).progress().steps;
    r.reason = "not-used";
    r.instead = instead;
    r.day = utc_day(clock.wall_ms());
    r.assisted = true;
    return r;
}

}  // namespace kiosk
