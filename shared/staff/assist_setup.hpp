// What staff set for an interview they start (assisted mode, outreach visit,
// paper-form entry): the assist screen's form, and the staff extensions it
// becomes in the sealed response (shared/questionnaire/README.md). Wiped
// with the session. KioskState holds the form being filled in and the
// setup of the running interview.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "questionnaire/model.hpp"
#include "questionnaire/response_extensions.hpp"
#include "session/completion.hpp"

namespace kiosk {

struct AssistSetup {
    enum class Field { Case, Note };
    std::string questionnaire;  // chosen id (the variant is the questionnaire id)
    std::string case_ref;       // optional, checked by staff::check_case_reference
    std::string note;           // optional short note (at most kNoteMax characters)
    bool together = false;      // "filled in together"
    bool paper = false;         // typed in from a paper form
    bool sensitive_off = false; // sensitive topics (items with `sensitive-why`) are not asked of this resident
    Field field = Field::Case;  // where the on-screen keyboard types
    std::string error;          // i18n key of the last refusal, "" if none
    static constexpr std::size_t kCaseMax = 20, kNoteMax = 200;

    // Typing goes to the focused field within its limit; a refusal shown is cleared.
    void type(std::string_view utf8, bool& shift);
    void backspace();
    // The typed fields wiped, everything back to a fresh form.
    void wipe();
    // The chosen questionnaire in `catalog`, or nullptr.
    const questionnaire::Questionnaire* chosen_in(const std::vector<questionnaire::Questionnaire>& catalog) const;
    // The staff extensions of an interview started with this setup.
    void add_extensions(questionnaire::ResponseExtensions& out) const;
};

// Staff did not use `qn` with this resident and say what they used instead
// (one of kNotUsedInstead): the completion record with reason "not-used".
CompletionRecord not_used_record(const questionnaire::Questionnaire& qn, const std::string& session_lang,
                                 const std::string& instead, const Clock& clock);

}  // namespace kiosk
