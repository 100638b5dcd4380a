#include "session/languages.hpp"

#include <algorithm>

#include "session/kiosk_state.hpp"

namespace kiosk {

std::vector<i18n::Language> offered_languages(const KioskOptions& options,
                                              const std::vector<questionnaire::Questionnaire>& catalog) {
    std::vector<i18n::Language> out;
    for (const auto& l : i18n::languages()) {
        bool offered = false;
        if (!options.languages.empty())
            offered = std::find(options.languages.begin(), options.languages.end(), l.code) != options.languages.end();
        else if (l.code == "nl" || l.code == "en")
            offered = true;
        else
            offered = !catalog.empty() && std::all_of(catalog.begin(), catalog.end(), [&](const auto& q) {
                return q.supports_language(l.code);
            });
        if (offered) out.push_back(l);
    }
    if (out.empty()) out.push_back(i18n::languages().front());  // never a welcome screen without a language
    return out;
}

std::vector<i18n::Language> offered_languages(const KioskState& s) { return offered_languages(s.options(), s.catalog()); }

bool language_offered(const KioskState& s, const std::string& code) {
    auto langs = offered_languages(s);
    return std::any_of(langs.begin(), langs.end(), [&](const auto& l) { return l.code == code; });
}

bool read_aloud_available(const std::string& lang) { return i18n::has_voice(lang); }

std::vector<std::string> draft_languages(const KioskState& s) {
    std::vector<std::string> out;
    for (const auto& l : offered_languages(s)) {
        bool draft = i18n::translation_status(l.code) == "draft";
        for (const auto& q : s.catalog()) {
            auto it = q.translation_status.find(l.code);
            if (it != q.translation_status.end() && it->second == "draft") draft = true;
        }
        if (draft) out.push_back(l.name);
    }
    return out;
}

}  // namespace kiosk
