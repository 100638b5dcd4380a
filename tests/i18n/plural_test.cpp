// Plural forms (shared/i18n/plural.hpp): a count reads right in every
// language a resident can choose, at 1, 2, 5 and 30 alike ("1 seconde",
// not "1 seconden"; Arabic 5 seconds is ثوانٍ, 30 is ثانية).
#include <catch2/catch.hpp>

#include <string>

#include "i18n/catalog.hpp"
#include "i18n/plural.hpp"

using kiosk::i18n::fmt;
using kiosk::i18n::plural_category;

namespace {
std::string countdown(const std::string& lang, int n) { return fmt("still-here.body", lang, {{"n", std::to_string(n)}}); }
}  // namespace

TEST_CASE("plural categories follow CLDR's integer rules for each language") {
    CHECK(plural_category("nl", 1) == "one");
    CHECK(plural_category("nl", 0) == "other");
    CHECK(plural_category("en", 21) == "other");
    CHECK(plural_category("tr", 1) == "one");
    CHECK(plural_category("ti", 0) == "one");
    CHECK(plural_category("ti", 2) == "other");
    // Polish: 1 / 2-4, 22-24 (not 12-14) / everything else.
    CHECK(plural_category("pl", 1) == "one");
    CHECK(plural_category("pl", 3) == "few");
    CHECK(plural_category("pl", 13) == "many");
    CHECK(plural_category("pl", 22) == "few");
    CHECK(plural_category("pl", 21) == "many");
    // Ukrainian: 1, 21, 31 (not 11) / 2-4, 22-24 / the rest.
    CHECK(plural_category("uk", 21) == "one");
    CHECK(plural_category("uk", 11) == "many");
    CHECK(plural_category("uk", 4) == "few");
    CHECK(plural_category("uk", 5) == "many");
    // Arabic: 0 / 1 / 2 / 3-10 / 11-99 / 100-102 ...
    CHECK(plural_category("ar", 0) == "zero");
    CHECK(plural_category("ar", 1) == "one");
    CHECK(plural_category("ar", 2) == "two");
    CHECK(plural_category("ar", 10) == "few");
    CHECK(plural_category("ar", 103) == "few");
    CHECK(plural_category("ar", 11) == "many");
    CHECK(plural_category("ar", 99) == "many");
    CHECK(plural_category("ar", 100) == "other");
}

TEST_CASE("the still-here countdown reads right at one second in Dutch and English") {
    CHECK(countdown("nl", 30).find("over 30 seconden") != std::string::npos);
    CHECK(countdown("nl", 1).find("over 1 seconde.") != std::string::npos);
    CHECK(countdown("en", 1).find("in 1 second.") != std::string::npos);
    CHECK(countdown("en", 2).find("in 2 seconds.") != std::string::npos);
    CHECK(fmt("choose.minutes", "en", {{"n", "1"}}) == "About 1 minute");
    CHECK(fmt("choose.minutes", "nl", {{"n", "6"}}) == "Ongeveer 6 minuten");
}

TEST_CASE("Arabic counts take the noun form of their number") {
    REQUIRE(kiosk::i18n::is_supported("ar"));
    const std::string seconds_few = "ثوانٍ", seconds_many = "ثانية", seconds_two = "ثانيتين";
    CHECK(countdown("ar", 5).find("5 " + seconds_few) != std::string::npos);
    CHECK(countdown("ar", 30).find("30 " + seconds_many) != std::string::npos);
    CHECK(countdown("ar", 2).find(seconds_two) != std::string::npos);
    CHECK(countdown("ar", 2).find("2") == std::string::npos);  // the dual says the number itself
    CHECK(fmt("choose.minutes", "ar", {{"n", "6"}}) == "حوالي 6 دقائق");
    CHECK(fmt("choose.minutes", "ar", {{"n", "15"}}) == "حوالي 15 دقيقة");
    // Every form the atlas must cover is listed.
    CHECK(kiosk::i18n::plural_forms("still-here.body", "ar").size() == 3);
}

TEST_CASE("a language whose nouns do not change with the number uses its one text for every count") {
    // Turkish has no plural forms (a Turkish noun after a number stays
    // singular): its text is used for every count.
    REQUIRE(kiosk::i18n::is_supported("tr"));
    CHECK(fmt("choose.minutes", "tr", {{"n", "1"}}) == "Yaklaşık 1 dakika");
    CHECK(fmt("choose.minutes", "tr", {{"n", "7"}}) == "Yaklaşık 7 dakika");
}

TEST_CASE("a plural form is checked like a text: its language's categories, the text's placeholders") {
    using kiosk::i18n::check_plural;
    const std::string base = "Wait {n} seconds for {who}.";
    CHECK(check_plural("ar", "few", base, "{n} for {who}").empty());
    CHECK(check_plural("ar", "two", base, "two for {who}").empty());  // the dual may leave {n} out
    CHECK(check_plural("pl", "many", base, "for {who}").find("{n} is missing") != std::string::npos);
    CHECK(check_plural("nl", "few", base, "{n} {who}").find("not a plural category of 'nl'") != std::string::npos);
    CHECK(check_plural("ar", "other", base, "{n} {who}").find("not a plural category") != std::string::npos);
    CHECK(check_plural("ar", "few", base, "{n} {who} {x}").find("{x} is not in the text") != std::string::npos);
    CHECK(check_plural("ar", "few", "no number here", "x").find("has no {n}") != std::string::npos);
    CHECK(kiosk::i18n::catalogue_file_problems().empty());
}
