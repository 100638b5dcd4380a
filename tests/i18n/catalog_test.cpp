// The kiosk's own texts (shared/i18n): every language we offer has every
// text, with the same placeholders, so no resident meets a Dutch button in
// an English screen or a raw key on a button.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <string>

#include "i18n/catalog.hpp"

namespace {
std::set<std::string> placeholders(const std::string& text) {
    std::set<std::string> out;
    static const std::regex re(R"(\{[a-z_]+\})");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
        out.insert(it->str());
    return out;
}
}  // namespace

TEST_CASE("every kiosk text exists in every language, with the same placeholders") {
    const auto keys = kiosk::i18n::keys();
    REQUIRE(keys.size() > 50);
    REQUIRE(kiosk::i18n::languages().size() >= 2);
    for (const auto& key : keys) {
        const std::string& nl = kiosk::i18n::tr(key, "nl");
        for (const auto& lang : kiosk::i18n::languages()) {
            INFO(lang.code << ": " << key);
            const std::string& text = kiosk::i18n::tr(key, lang.code);
            CHECK_FALSE(text.empty());
            CHECK(text != key);  // tr() returns the key itself when a text is missing
            CHECK(placeholders(text) == placeholders(nl));
        }
    }
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
