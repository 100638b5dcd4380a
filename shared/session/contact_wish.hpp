// What the kiosk promises after "Do you want to talk about this?": how the
// resident wants to be reached (screen `contact-wish`), the details they type
// (checked before they are accepted), the topics they marked on the
// questions ("I want to talk about this"), what goes inside the sealed
// response for it, and the words the talk and thanks screens say about it,
// in the organisation's wording and the questionnaire's register (u / je).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "questionnaire/response_extensions.hpp"

namespace kiosk {

class KioskState;

enum class ContactWay { Desk, Phone, Email, Visit, None };

// "desk", "phone", "email", "visit", "none": the widget ids are
// `contact.<code>` and the code goes into the response (`contact-wish`).
const char* contact_way_code(ContactWay way);
std::optional<ContactWay> contact_way_from_code(std::string_view code);
// The ways in the order the screen shows them.
const std::vector<ContactWay>& contact_ways();
// Phone, e-mail and a home visit need a detail typed on the keyboard.
bool needs_detail(ContactWay way);
// The keyboard for the detail shows digits (a phone number) or letters.
bool detail_is_numeric(ContactWay way);

// "" when the typed detail is fine, otherwise the i18n key of what to fix:
// a Dutch phone number has 10 digits (06 12345678) or starts with + (an
// international number, 9-15 digits); spaces and dashes are allowed. An
// e-mail address has one @ and a dot after it; an address has a house number.
std::string check_contact_detail(ContactWay way, std::string_view text);

struct ContactWish {
    ContactWay way = ContactWay::None;
    std::string detail;  // the number, e-mail address or street address: a secret
};

// Our response extensions (shared/questionnaire/README.md): `contact-wish`
// (valueCode), `contact-detail` (valueString, only with a detail) and one
// `talk-about` (valueString: the linkId) per marked question.
void add_contact_extensions(questionnaire::ResponseExtensions& out, const std::optional<ContactWish>& wish,
                            const std::vector<std::string>& marked);

// The i18n key for the chosen questionnaire: `<key>.je` when it declares the
// register "je", `<key>.easy` for the easy variant (A2), when the catalogue
// has that key; else `key`.
std::string addressed_key(const KioskState& s, std::string_view key);
// tr() of addressed_key().
const std::string& say(const KioskState& s, std::string_view key, std::string_view lang);

// "You marked 2 topics." for the talk screen; "" when nothing was marked.
std::string marks_line(const KioskState& s, std::string_view lang);

// What the thanks screen says will happen, one sentence each, in the
// organisation's wording (i18n keys `thanks.*` and `contact.after.*`, which an
// organisation overrides in its content pack's translations/<lang>.json):
// stored safely (or nothing stored after a declined consent), what was not
// kept after a "no" inside the questionnaire, and what happens next with the
// contact wish (where the desk is, that we will call, ...).
std::vector<std::string> thanks_lines(const KioskState& s, std::string_view lang);

}  // namespace kiosk
