// What a resident typed on the keyboard screen, turned into an answer value
// for the item on screen: numbers (a Dutch decimal comma or a point), dates,
// times and dates with a time. Anything else is refused with a message the
// keyboard screen shows, never guessed: "3.7" is not a whole number, and
// "nan", "inf", "1e3" or "0x10" from a USB keyboard are not numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "questionnaire/model.hpp"

namespace kiosk::questionnaire {

// The i18n keys of a refusal (Error::message holds one of these, so the
// screen can show it in the resident's language; it never holds the text).
inline constexpr const char* kTypedEmpty = "keyboard.empty";
inline constexpr const char* kTypedBadNumber = "keyboard.bad-number";
inline constexpr const char* kTypedWholeNumber = "keyboard.whole-number";
inline constexpr const char* kTypedBadDate = "keyboard.bad-date";
inline constexpr const char* kTypedBadTime = "keyboard.bad-time";
inline constexpr const char* kTypedBadDateTime = "keyboard.bad-date-time";

// For a date, time or date-with-time item: the i18n key of the sentence that
// shows what to type ("Type a time like 21:30."), the keyboard screen's hint
// and, in red, its refusal; nullptr for other items.
const char* typed_format_key(const Item& item);

// The typed text as a value of item's type. unit: the unit chosen on screen
// for a quantity (its index in item.units). wall_ms: now on the wall clock,
// for the time zone a typed date and time is in. Text and string items take
// the text as it is (trailing spaces and newlines dropped). Whether the value
// fits the item (min/max, length) is the interview's to say, not this.
Result<Value> typed_value(const Item& item, std::string_view text, std::size_t unit, std::int64_t wall_ms);

// "22:30", "22.30" or "2230" -> "22:30:00", or "" when it is not a time of day.
std::string parse_typed_time(std::string_view s);
// "29-11-2026" or "2026-11-29" -> ISO date, or "" when it is not a date.
std::string parse_typed_date(std::string_view s);
// "29-11-2026 14:30" -> "2026-11-29T14:30:00+01:00" in the kiosk's time zone at wall_ms, or "".
std::string parse_typed_date_time(std::string_view s, std::int64_t wall_ms);

}  // namespace kiosk::questionnaire
