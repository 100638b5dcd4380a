#include "i18n/plural.hpp"

#include <algorithm>

namespace kiosk::i18n {

std::string plural_category(std::string_view lang, unsigned long long n) {
    const unsigned long long n10 = n % 10, n100 = n % 100;
    if (lang == "ar") {
        if (n == 0) return "zero";
        if (n == 1) return "one";
        if (n == 2) return "two";
        if (n100 >= 3 && n100 <= 10) return "few";
        if (n100 >= 11 && n100 <= 99) return "many";
        return "other";
    }
    if (lang == "pl") {
        if (n == 1) return "one";
        if (n10 >= 2 && n10 <= 4 && !(n100 >= 12 && n100 <= 14)) return "few";
        return "many";
    }
    if (lang == "uk") {
        if (n10 == 1 && n100 != 11) return "one";
        if (n10 >= 2 && n10 <= 4 && !(n100 >= 12 && n100 <= 14)) return "few";
        return "many";
    }
    if (lang == "ti") return n <= 1 ? "one" : "other";
    return n == 1 ? "one" : "other";  // nl, en, tr
}

const std::vector<std::string>& plural_categories(std::string_view lang) {
    static const std::vector<std::string> ar{"zero", "one", "two", "few", "many"};
    static const std::vector<std::string> slavic{"one", "few", "many"};
    static const std::vector<std::string> one{"one"};
    if (lang == "ar") return ar;
    if (lang == "pl" || lang == "uk") return slavic;
    return one;
}

const std::map<std::string, std::map<std::string, PluralTexts>, std::less<>>& built_in_plurals() {
    // key -> language -> category -> text; only where "other" reads wrong.
    static const std::map<std::string, std::map<std::string, PluralTexts>, std::less<>> forms = {
        {"choose.minutes", {{"nl", {{"one", "Ongeveer 1 minuut"}}}, {"en", {{"one", "About 1 minute"}}}}},
        {"still-here.body",
         {{"nl", {{"one", "Tik op de knop om verder te gaan. Anders wissen we alles over 1 seconde."}}},
          {"en", {{"one", "Tap the button to go on. Otherwise we clear everything in 1 second."}}}}},
        {"still-here.body-paused",
         {{"nl", {{"one", "Tik op de knop om verder te gaan. Anders zetten we de vragen over 1 seconde op pauze. Er gaat niets verloren."}}},
          {"en", {{"one", "Tap the button to go on. Otherwise we pause the questions in 1 second. Nothing is lost."}}}}},
        {"pin.locked",
         {{"nl", {{"one", "Te vaak een verkeerde pincode. Wacht 1 seconde."}}},
          {"en", {{"one", "Too many wrong PINs. Wait 1 second."}}}}},
    };
    return forms;
}

namespace {
std::vector<std::string> placeholders(std::string_view text) {
    std::vector<std::string> out;
    for (auto a = text.find('{'); a != std::string_view::npos; a = text.find('{', a + 1)) {
        auto b = text.find('}', a);
        if (b == std::string_view::npos) break;
        out.emplace_back(text.substr(a, b - a + 1));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}
}  // namespace

std::string check_plural(std::string_view lang, std::string_view category, std::string_view base_text,
                         std::string_view form) {
    const auto& cats = plural_categories(lang);
    if (std::find(cats.begin(), cats.end(), category) == cats.end()) {
        std::string list;
        for (const auto& c : cats) list += (list.empty() ? "" : ", ") + c;
        return "'" + std::string(category) + "' is not a plural category of '" + std::string(lang) + "' (" + list +
               "; the text itself is \"other\")";
    }
    if (form.empty()) return "the form is empty";
    const auto base = placeholders(base_text), own = placeholders(form);
    if (std::find(base.begin(), base.end(), "{n}") == base.end()) return "the text has no {n}: it has no plural forms";
    for (const auto& p : own)
        if (std::find(base.begin(), base.end(), p) == base.end()) return "placeholder " + p + " is not in the text";
    for (const auto& p : base) {
        if (std::find(own.begin(), own.end(), p) != own.end()) continue;
        if (p == "{n}" && (category == "zero" || category == "one" || category == "two")) continue;
        return "placeholder " + p + " is missing";
    }
    return "";
}

}  // namespace kiosk::i18n
