// XLSForm names languages in column headers: `label::Nederlands (nl)` (the
// convention: a name and the code in brackets), `label::nl` (a bare code) or,
// in older forms, `label::english` (a name alone). We need BCP 47 codes.
#pragma once

#include <optional>
#include <string>

namespace kiosk::xlsform {

// The code a header's language part stands for ("Nederlands (nl)" -> "nl",
// "EN" -> "en", "english" -> "en"); nullopt when it is a name we do not know.
std::optional<std::string> language_code(const std::string& language_part);

// The header's language part we write for a code: "Nederlands (nl)",
// "English (en)"; "xx" alone for a code we have no name for.
std::string language_header(const std::string& code);

}  // namespace kiosk::xlsform
