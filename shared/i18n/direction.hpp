// Which way a language is written. A small table of its own so the language
// list (catalog.hpp) and the drawing (kiosk/, shared/text/) can grow apart.
#pragma once

#include <string_view>

#include "text/bidi.hpp"

namespace kiosk::i18n {

// Right to left: Arabic (ar), and Persian, Hebrew, Urdu should they come.
bool is_rtl(std::string_view lang);
inline text::Direction direction(std::string_view lang) {
    return is_rtl(lang) ? text::Direction::Rtl : text::Direction::Ltr;
}

}  // namespace kiosk::i18n
