// The languages the tests hold the kiosk to (issue 21). Dutch and English are
// compiled in. The new languages' kiosk texts (assets/i18n/<code>.json) and
// content translations (assets/translations/<code>/) come from the
// translation work of issue 21: add each code here once its files are on the
// branch. From then on every test that walks "every language" (the catalogue
// test, the welcome screen, the resident's-eye walk, read-aloud) requires it
// and fails, naming the file, if it goes missing; before that those tests
// cover only the languages listed here.
#pragma once

#include <string>
#include <vector>

namespace kiosk::test {

inline const std::vector<std::string>& required_languages() {
    static const std::vector<std::string> k{"nl", "en", "ar", "tr", "pl", "uk", "ti"};
    return k;
}

// The five of issue 21, for tests about one of them in particular.
inline bool required(const std::string& code) {
    for (const auto& c : required_languages())
        if (c == code) return true;
    return false;
}

}  // namespace kiosk::test
