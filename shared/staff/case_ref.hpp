// The case reference staff may give an assisted interview so the back office
// can line up repeat measurements. Our own format, never a national ID: a Dutch
// BSN (9 digits passing the 11-test, also written with dots or spaces) is
// refused with its own message.
#pragma once

#include <string>

namespace kiosk::staff {

// Normalises (trim, upper case) and checks `ref`. Returns "" when it is fine
// (ref then holds the normalised form), else the i18n key of the message:
// "assist.case-bsn" or "assist.case-format". An empty ref is fine (optional).
std::string check_case_reference(std::string& ref);

// True when the 9 digits (8 with a leading zero added) pass the BSN 11-test.
bool passes_eleven_test(const std::string& digits);

}  // namespace kiosk::staff
