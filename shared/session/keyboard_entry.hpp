// The keyboard screen's field, also used for the contact detail: what is
// typed (a secret: wiped when taken back or cleared), the one-shot capital,
// the unit an amount is typed in, and the i18n key of what to fix. The text
// becomes the item's value through questionnaire/typed_answer.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "questionnaire/interview.hpp"
#include "questionnaire/model.hpp"
#include "session/text_field.hpp"

namespace kiosk {

struct KeyboardEntry {
    std::string typed;
    std::string error;  // i18n key of what to fix, "" if none
    bool shift = false;
    std::size_t unit = 0;

    // A new question (or none): everything wiped and reset.
    void reset();
    // Back on an item answered on the keyboard: the answer as text; an
    // amount shows its number alone, in the unit it was given in.
    void load(const questionnaire::Item& item, const std::vector<questionnaire::Value>& answers);
    // Typed text within `rules`; what to fix is cleared.
    void type(std::string_view utf8, const FieldRules& rules) {
        type_into(typed, utf8, rules, shift);
        error.clear();
    }
    void backspace() { erase_last_char(typed); }
    // Nothing but spaces and newlines typed.
    bool blank() const;
    // Sets the current item's answer from the typed text (no navigation).
    // Returns the keyboard error key, or "" when the answer was taken.
    std::string answer(questionnaire::Interview& iv, std::int64_t wall_ms) const;
};

// The own words given to the open-choice item on screen (empty when an
// option, or nothing, is chosen, or the item is of another type).
std::string own_words(const questionnaire::Interview& iv);

}  // namespace kiosk
