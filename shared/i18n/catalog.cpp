#include "i18n/catalog.hpp"

#include <map>

namespace kiosk::i18n {

namespace {

struct Entry {
    std::string nl, en;
};

// B1 Dutch and plain English. Keep sentences short (see ../shared/CONTENT.md).
const std::map<std::string, Entry, std::less<>>& table() {
    static const std::map<std::string, Entry, std::less<>> t{
        {"welcome.title", {"Welkom", "Welcome"}},
        {"welcome.body",
         {"Hier kunt u zelf een paar vragen invullen. Zo kunnen we u beter helpen.",
          "Here you can answer a few questions yourself. This helps us help you better."}},
        {"welcome.start", {"Beginnen", "Start"}},
        {"welcome.language", {"Taal", "Language"}},
        {"welcome.contrast", {"Meer contrast", "More contrast"}},
        {"welcome.demo", {"Demo: antwoorden gaan niet naar een organisatie.",
                          "Demo: answers do not go to an organisation."}},
        {"pin.title", {"Alleen voor medewerkers", "Staff only"}},
        {"pin.body", {"Vul de pincode in.", "Enter the PIN."}},
        {"pin.ok", {"OK", "OK"}},
        {"pin.cancel", {"Terug", "Back"}},
        {"pin.clear", {"Wissen", "Clear"}},
        {"pin.wrong", {"Deze pincode klopt niet.", "This PIN is not right."}},
        {"pin.locked", {"Even wachten. Probeer het zo opnieuw.", "Please wait. Try again soon."}},
        {"staff.title", {"Medewerkers", "Staff"}},
        {"staff.exit", {"Kiosk afsluiten", "Close the kiosk"}},
        {"staff.back", {"Terug naar welkom", "Back to welcome"}},
    };
    return t;
}

}  // namespace

const std::vector<Language>& languages() {
    static const std::vector<Language> langs{{"nl", "Nederlands"}, {"en", "English"}};
    return langs;
}

bool is_supported(std::string_view code) {
    for (const auto& l : languages())
        if (l.code == code) return true;
    return false;
}

const std::string& tr(std::string_view key, std::string_view lang) {
    auto it = table().find(key);
    if (it == table().end()) {
        static std::map<std::string, std::string, std::less<>> missing;
        return missing.emplace(std::string(key), std::string(key)).first->second;
    }
    if (lang == "en" && !it->second.en.empty()) return it->second.en;
    return it->second.nl;
}

std::vector<std::string> keys() {
    std::vector<std::string> k;
    for (const auto& [key, e] : table()) k.push_back(key);
    return k;
}

}  // namespace kiosk::i18n
