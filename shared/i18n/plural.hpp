// Plural forms (issue 21): "{n} seconds" reads wrong at 1 in Dutch and
// English, and Arabic, Polish and Ukrainian change the noun with the number
// (Arabic: 1, 2, 3-10, 11-99 and 100+ differ). A catalogue text with {n} is
// the language's "other" form; its file may add the other categories the
// language has, and fmt() picks the one for n.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::i18n {

// CLDR's plural category of a whole number in a language: "zero", "one",
// "two", "few", "many" or "other". nl, en, tr: one/other; ti: 0 and 1 are
// one; pl, uk: one/few/many; ar: zero/one/two/few/many/other. Unknown
// languages: English rules.
std::string plural_category(std::string_view lang, unsigned long long n);

// The categories a language has besides "other", in CLDR order.
const std::vector<std::string>& plural_categories(std::string_view lang);

// category -> text, and key -> those.
using PluralTexts = std::map<std::string, std::string, std::less<>>;
using PluralForms = std::map<std::string, PluralTexts, std::less<>>;
// Dutch and English forms other than "other" (the catalogue text):
// key -> language -> category -> text.
const std::map<std::string, std::map<std::string, PluralTexts>, std::less<>>& built_in_plurals();

// What is wrong with one plural form of `key` in `lang`, or "" when it is
// fine: a category the language has (not "other": that is the text itself),
// and no placeholder the base text lacks; only zero/one/two may leave {n}
// out ("one minute" is written without the digit in many languages).
std::string check_plural(std::string_view lang, std::string_view category, std::string_view base_text,
                         std::string_view form);

}  // namespace kiosk::i18n
