#include "xlsform/languages.hpp"

#include <cctype>
#include <map>
#include <vector>

namespace kiosk::xlsform {

namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(const std::string& s) {
    std::size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// A BCP 47 tag as XLSForm forms use them: 2-3 letters, then optional subtags.
bool looks_like_code(const std::string& s) {
    std::size_t i = 0;
    while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
    if (i < 2 || i > 3) return false;
    while (i < s.size()) {
        if (s[i] != '-' && s[i] != '_') return false;
        std::size_t j = ++i;
        while (j < s.size() && std::isalnum(static_cast<unsigned char>(s[j]))) ++j;
        if (j - i < 2 || j - i > 8) return false;
        i = j;
    }
    return true;
}

// Names (English and the language's own) of the languages forms in the
// Netherlands and in the field are written in. Lower case.
const std::map<std::string, std::string>& names() {
    static const std::map<std::string, std::string> k{
        {"english", "en"},     {"dutch", "nl"},      {"nederlands", "nl"}, {"french", "fr"},     {"français", "fr"},
        {"francais", "fr"},    {"german", "de"},     {"deutsch", "de"},    {"spanish", "es"},    {"español", "es"},
        {"espanol", "es"},     {"portuguese", "pt"}, {"português", "pt"},  {"portugues", "pt"},  {"italian", "it"},
        {"italiano", "it"},    {"arabic", "ar"},     {"العربية", "ar"},    {"turkish", "tr"},    {"türkçe", "tr"},
        {"turkce", "tr"},      {"polish", "pl"},     {"polski", "pl"},     {"ukrainian", "uk"},  {"українська", "uk"},
        {"russian", "ru"},     {"русский", "ru"},    {"tigrinya", "ti"},   {"ትግርኛ", "ti"},      {"amharic", "am"},
        {"chinese", "zh"},     {"中文", "zh"},       {"swahili", "sw"},    {"kiswahili", "sw"},  {"somali", "so"},
        {"soomaali", "so"},    {"hindi", "hi"},      {"urdu", "ur"},       {"bengali", "bn"},    {"bangla", "bn"},
        {"farsi", "fa"},       {"persian", "fa"},    {"dari", "prs"},      {"pashto", "ps"},     {"kurdish", "ku"},
        {"indonesian", "id"},  {"vietnamese", "vi"}, {"thai", "th"},       {"burmese", "my"},    {"nepali", "ne"},
        {"tamil", "ta"},       {"hausa", "ha"},      {"yoruba", "yo"},     {"igbo", "ig"},       {"japanese", "ja"},
        {"korean", "ko"},      {"tagalog", "tl"},    {"romanian", "ro"},   {"română", "ro"},     {"bulgarian", "bg"},
        {"greek", "el"},       {"papiamento", "pap"}, {"frisian", "fy"},   {"frysk", "fy"},      {"sranan", "srn"},
    };
    return k;
}

}  // namespace

std::optional<std::string> language_code(const std::string& language_part) {
    const std::string s = trim(language_part);
    // "Name (code)": the code in brackets decides.
    const std::size_t open = s.rfind('('), close = s.rfind(')');
    if (open != std::string::npos && close != std::string::npos && close > open && close == s.size() - 1) {
        std::string code = lower(trim(s.substr(open + 1, close - open - 1)));
        for (auto& c : code)
            if (c == '_') c = '-';
        if (looks_like_code(code)) return code;
        return std::nullopt;
    }
    const std::string l = lower(s);
    auto it = names().find(l);
    if (it != names().end()) return it->second;
    if (looks_like_code(l)) {
        std::string code = l;
        for (auto& c : code)
            if (c == '_') c = '-';
        return code;
    }
    return std::nullopt;
}

std::string language_header(const std::string& code) {
    static const std::map<std::string, std::string> own{
        {"nl", "Nederlands"}, {"en", "English"}, {"ar", "العربية"}, {"tr", "Türkçe"},  {"pl", "Polski"},
        {"uk", "Українська"}, {"ti", "ትግርኛ"},    {"de", "Deutsch"}, {"fr", "Français"}, {"es", "Español"},
    };
    auto it = own.find(code);
    return it == own.end() ? code : it->second + " (" + code + ")";
}

}  // namespace kiosk::xlsform
