// The kiosk's own texts (shared/i18n): every language we offer has every
// text, with the same placeholders, so no resident meets a Dutch button in
// an English screen or a raw key on a button.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <string>

#include "i18n/catalog.hpp"
#include "required_languages.hpp"

namespace {
std::set<std::string> placeholders(const std::string& text) {
    std::set<std::string> out;
    static const std::regex re(R"(\{[a-z_]+\})");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
        out.insert(it->str());
    return out;
}
}  // namespace

// The languages whose kiosk texts must be there: tests/support/required_languages.hpp.
const std::vector<std::string>& kRequiredLanguages = kiosk::test::required_languages();
const std::vector<std::string> kIssue21Languages{"ar", "tr", "pl", "uk", "ti"};

TEST_CASE("every kiosk text exists in every language, with the same placeholders") {
    const auto keys = kiosk::i18n::keys();
    REQUIRE(keys.size() > 50);
    REQUIRE(kiosk::i18n::languages().size() >= 2);
    for (const auto& p : kiosk::i18n::catalogue_file_problems()) FAIL_CHECK(p);
    // Every required language is spoken (its catalogue was embedded) ...
    for (const auto& code : kRequiredLanguages) {
        INFO("required language " << code << ": no assets/i18n/" << code << ".json was embedded");
        CHECK(kiosk::i18n::is_supported(code));
    }
    // ... and every spoken language has every key, with the placeholders of the Dutch text.
    for (const auto& lang : kiosk::i18n::languages()) {
        const bool own = lang.code != "nl" && lang.code != "en";
        int missing = 0;
        for (const auto& key : keys) {
            const std::string& nl = kiosk::i18n::tr(key, "nl");
            const std::string text = own ? kiosk::i18n::own_text(key, lang.code) : kiosk::i18n::tr(key, lang.code);
            if (text.empty() || text == key) {
                if (missing++ < 20) FAIL_CHECK(lang.code << ": no text for " << key);
                continue;
            }
            INFO(lang.code << ": " << key << ": " << text);
            CHECK(placeholders(text) == placeholders(nl));
        }
        INFO(lang.code);
        CHECK(missing == 0);
    }
}

TEST_CASE("the seven languages are known with their own names, direction and read-aloud voice") {
    using kiosk::i18n::find_language;
    const std::vector<std::string> all{"nl", "en", "ar", "tr", "pl", "uk", "ti"};
    REQUIRE(kiosk::i18n::known_languages().size() == all.size());
    for (std::size_t i = 0; i < all.size(); ++i) CHECK(kiosk::i18n::known_languages()[i].code == all[i]);
    CHECK(find_language("ar")->name == "\u0627\u0644\u0639\u0631\u0628\u064a\u0629");
    CHECK(find_language("tr")->name == "T\u00fcrk\u00e7e");
    CHECK(find_language("pl")->name == "Polski");
    CHECK(find_language("uk")->name == "\u0423\u043a\u0440\u0430\u0457\u043d\u0441\u044c\u043a\u0430");
    CHECK(find_language("ti")->name == "\u1275\u130d\u122d\u129b");
    CHECK(find_language("ar")->rtl());
    for (const char* c : {"nl", "en", "tr", "pl", "uk", "ti"}) CHECK_FALSE(find_language(c)->rtl());
    for (const char* c : {"nl", "en", "ar", "tr", "pl", "uk"}) CHECK(kiosk::i18n::has_voice(c));
    CHECK_FALSE(kiosk::i18n::has_voice("ti"));  // espeak-ng has none: never read in another language's voice
    CHECK(find_language("xx") == nullptr);
    // Dutch and English are the originals; a new language with a catalogue says how far its translation is.
    CHECK(kiosk::i18n::translation_status("nl").empty());
    for (const auto& l : kiosk::i18n::languages())
        if (l.code != "nl" && l.code != "en") {
            INFO(l.code);
            const std::string st = kiosk::i18n::translation_status(l.code);
            CHECK((st == "draft" || st == "reviewed"));
        }
    // Every language the welcome screen can offer is one of the seven; a new
    // language without its file is not spoken (and so never offered).
    for (const auto& l : kiosk::i18n::languages()) CHECK(find_language(l.code) != nullptr);
    for (const auto& code : kIssue21Languages) {
        INFO(code << " spoken: " << kiosk::i18n::is_supported(code));
        CHECK(kiosk::i18n::is_supported(code) == !kiosk::i18n::translation_status(code).empty());
    }
}

TEST_CASE("a new language's missing text is shown in English, never as Dutch or a raw key") {
    for (const auto& l : kiosk::i18n::languages()) {
        if (l.code == "nl" || l.code == "en") continue;
        for (const auto& key : kiosk::i18n::keys()) {
            const std::string& t = kiosk::i18n::tr(key, l.code);
            if (kiosk::i18n::own_text(key, l.code).empty()) CHECK(t == kiosk::i18n::tr(key, "en"));
            else CHECK(t == kiosk::i18n::own_text(key, l.code));
        }
    }
    // A language the kiosk does not speak gets Dutch, as before.
    CHECK(kiosk::i18n::tr("welcome.title", "xx") == "Welkom");
    CHECK(kiosk::i18n::tr("speak.unavailable", "en") == "Read-aloud is not available in this language.");
    CHECK(kiosk::i18n::fmt("staff.translation-draft", "nl", {{"lang", "Polski"}}) ==
          "Vertaling Polski: concept, nog niet nagelezen door een moedertaalspreker.");
    CHECK(kiosk::i18n::fmt("lint.no-readability", "en", {{"lang", "ar"}}) ==
          "No readability formula for ar: only sentence length was checked.");
}

TEST_CASE("an English text is not the Dutch one copied") {
    // A few identical words are fine ("OK", a name); a large share means an untranslated catalogue.
    int same = 0, total = 0;
    for (const auto& key : kiosk::i18n::keys()) {
        ++total;
        if (kiosk::i18n::tr(key, "en") == kiosk::i18n::tr(key, "nl")) ++same;
    }
    CHECK(same * 10 < total);
}

TEST_CASE("an organisation's override must keep our placeholders and name a known key") {
    CHECK(kiosk::i18n::check_override("nl", "question.progress", "Vraag {n} van {total}").empty());
    CHECK_FALSE(kiosk::i18n::check_override("nl", "question.progress", "Vraag {n}").empty());
    CHECK_FALSE(kiosk::i18n::check_override("nl", "no.such.key.here", "Tekst").empty());
    CHECK_FALSE(kiosk::i18n::check_override("xx", "question.progress", "Vraag {n} van {total}").empty());
    CHECK_FALSE(kiosk::i18n::check_override("nl", "question.progress", "").empty());
}

TEST_CASE("fmt fills placeholders in the chosen language") {
    CHECK(kiosk::i18n::fmt("question.progress", "nl", {{"n", "4"}, {"total", "17"}}).find("4") != std::string::npos);
    const std::string en = kiosk::i18n::fmt("question.progress", "en", {{"n", "4"}, {"total", "17"}});
    CHECK(en.find("17") != std::string::npos);
    CHECK(en.find("{") == std::string::npos);
}

// Issue 13: staff read sync and enrollment problems in the kiosk's language,
// although the layers below make (and the outbox stores) them in English.
TEST_CASE("a line a lower layer made in English is said in Dutch on the staff screen") {
    using kiosk::i18n::fmt;
    using kiosk::i18n::localize;
    using kiosk::i18n::said;
    int messages = 0;
    for (const auto& key : kiosk::i18n::keys()) {
        if (key.rfind("msg.", 0) != 0) continue;
        ++messages;
        // Values as a real line has them: a url, a code with a reason, a device id.
        std::vector<std::pair<std::string, std::string>> values;
        for (const auto& ph : placeholders(kiosk::i18n::tr(key, "en")))
            values.emplace_back(ph.substr(1, ph.size() - 2), ph == "{endpoint}" ? "https://org.example:8443" : "401: unknown token");
        const std::string en = said(key, values);
        INFO(key << ": " << en);
        CHECK(en.find('{') == std::string::npos);
        CHECK(localize(en, "en") == en);
        CHECK(localize(en, "nl") == fmt(key, "nl", values));
        CHECK(localize(en, "nl") != en);
    }
    CHECK(messages >= 20);

    // A line inside a line (a key registration that could not connect) is Dutch all through.
    const std::string nested =
        said("msg.key.pending", {{"e", said("msg.net.no-connect", {{"endpoint", "https://org.example"}})}});
    const std::string nl = localize(nested, "nl");
    CHECK(nl.find("Geen verbinding met het eindpunt https://org.example") != std::string::npos);
    CHECK(nl.find("ondertekensleutel") != std::string::npos);
    CHECK(nl.find("Cannot") == std::string::npos);
    CHECK(nl.find("Signing key") == std::string::npos);

    // Values with brackets of their own still split where the texts say.
    const std::string disk = said("msg.outbox.in-memory",
                                  {{"n", "2"}, {"why", said("msg.outbox.disk-error", {{"e", "disk I/O error (10)"}})}});
    CHECK(localize(disk, "nl") ==
          "2 antwoordset(s) versleuteld en in het geheugen bewaard tot er weer naar de schijf geschreven kan worden "
          "(kan niet naar de schijf schrijven (disk I/O error (10)))");

    // A line made from no catalogue text stays as it is.
    CHECK(localize("sqlite: disk I/O error", "nl") == "sqlite: disk I/O error");
}
