#include "i18n/direction.hpp"

namespace kiosk::i18n {

bool is_rtl(std::string_view lang) {
    // The primary subtag decides ("ar", "ar-SY").
    const std::string_view primary = lang.substr(0, lang.find('-'));
    return primary == "ar" || primary == "fa" || primary == "he" || primary == "ur";
}

}  // namespace kiosk::i18n
