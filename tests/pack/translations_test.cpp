// Questionnaire and referral texts in the new languages (issue 21):
// translations/<lang>/<file>.json, keyed by the English text, merged into the
// loaded questionnaire; a file that misses one English text is refused naming
// it; packs carry them; the organisation says which languages are offered.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>

#include "content/translations.hpp"
#include "core/clock.hpp"
#include "pack/pack.hpp"
#include "pack_support.hpp"
#include "questionnaire/interview.hpp"
#include "questionnaire/loader.hpp"
#include "referrals/referrals.hpp"
#include "session/kiosk_state.hpp"
#include "session/languages.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::test;
using nlohmann::json;
namespace q = kiosk::questionnaire;

namespace {

// Every English text of a loaded questionnaire (what a translation must cover).
std::vector<std::string> english_texts(const q::Questionnaire& qn) {
    std::vector<std::string> out;
    auto one = [&](const q::Translatable& t) {
        auto it = t.translations.find("en");
        if (it != t.translations.end() && !it->second.empty()) out.push_back(it->second);
    };
    std::function<void(const std::vector<q::Item>&)> items = [&](const std::vector<q::Item>& list) {
        for (const auto& it : list) {
            for (const auto* t : {&it.text, &it.read_aloud, &it.scale_low, &it.scale_high, &it.sensitive_why}) one(*t);
            for (const auto& o : it.options) {
                one(o.display);
                one(o.read_aloud);
            }
            items(it.children);
        }
    };
    one(qn.title);
    one(qn.description);
    items(qn.items);
    return out;
}

// A content folder with satisfaction.json and a Polish file that puts "PL " before each English text.
json polish_file(const q::Questionnaire& qn) {
    json texts = json::object();
    for (const auto& en : english_texts(qn)) texts[en] = "PL " + en;
    return {{"language", "pl"}, {"translation-status", "draft"}, {"source", "questionnaires/satisfaction.json"},
            {"texts", texts}};
}

q::Questionnaire load_satisfaction(const fs::path& dir) {
    auto r = q::load_questionnaire_file(dir / "questionnaires/satisfaction.json");
    REQUIRE(r.questionnaire);
    return *r.questionnaire;
}

void content_with_satisfaction(const fs::path& dir) {
    fs::create_directories(dir / "questionnaires");
    fs::copy_file(fs::path(KIOSK_SOURCE_DIR) / "assets/questionnaires/satisfaction.json",
                  dir / "questionnaires/satisfaction.json");
}

}  // namespace

TEST_CASE("a translation file is merged into its questionnaire: every text, the claimed language, its status", "[pack]") {
    TempDir dir("tr-merge");
    content_with_satisfaction(dir.path());
    auto qn = load_satisfaction(dir.path());
    REQUIRE_FALSE(qn.supports_language("pl"));
    const auto english = english_texts(qn);
    REQUIRE(english.size() > 10);
    write_file(dir / "translations/pl/satisfaction.json", polish_file(qn).dump(2));

    auto problems = content::apply_all(qn, dir.path(), "questionnaires/satisfaction.json");
    INFO((problems.empty() ? "" : problems.front()));
    REQUIRE(problems.empty());
    CHECK(qn.supports_language("pl"));
    CHECK(qn.translation_status.at("pl") == "draft");
    CHECK(qn.title.get("pl") == "PL " + qn.title.get("en"));
    CHECK(english_texts(qn) == english);  // English untouched
    // Every text the resident sees or hears has its Polish version.
    int translated = 0;
    std::function<void(const std::vector<q::Item>&)> walk = [&](const std::vector<q::Item>& list) {
        for (const auto& it : list) {
            if (it.text.has("en")) {
                CHECK(it.text.get("pl") == "PL " + it.text.get("en"));
                ++translated;
            }
            for (const auto& o : it.options)
                if (o.display.has("en")) CHECK(o.display.get("pl") == "PL " + o.display.get("en"));
            walk(it.children);
        }
    };
    walk(qn.items);
    CHECK(translated > 3);

    // The interview switches to it and back, keeping the answers; the response records the language.
    ManualClock clock;
    q::Interview iv(qn, clock, "nl");
    while (iv.current() && !iv.current()->is_answerable()) iv.next();
    REQUIRE(iv.current());
    const std::string first = iv.current()->link_id;
    REQUIRE(iv.answer(q::auto_answer(*iv.current(), clock)));
    REQUIRE(iv.set_language("pl"));
    CHECK(iv.tr(iv.current()->text).rfind("PL ", 0) == 0);
    auto response = json::parse(iv.response_json(q::ResponseStatus::InProgress));
    CHECK(response["language"] == "pl");
    CHECK(response.dump().find("PL ") != std::string::npos);
    REQUIRE(iv.set_language("nl"));
    CHECK(iv.answers(first).size() == 1);
}

TEST_CASE("a translation missing one English text is refused whole, naming the file and the text", "[pack]") {
    TempDir dir("tr-missing");
    content_with_satisfaction(dir.path());
    auto qn = load_satisfaction(dir.path());
    json file = polish_file(qn);
    const std::string dropped = qn.title.get("en");
    file["texts"].erase(dropped);
    write_file(dir / "translations/pl/satisfaction.json", file.dump(2));
    auto problems = content::apply_all(qn, dir.path(), "questionnaires/satisfaction.json");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] == "translations/pl/satisfaction.json: no translation of \"" + dropped + "\"");
    CHECK_FALSE(qn.supports_language("pl"));  // nothing half-merged
    CHECK(qn.title.get("pl") == qn.title.base);

    // A file in the wrong folder, of the wrong source, or of a status we do not know is refused too.
    file = polish_file(qn);
    file["source"] = "questionnaires/intake.json";
    write_file(dir / "translations/pl/satisfaction.json", file.dump());
    problems = content::apply_all(qn, dir.path(), "questionnaires/satisfaction.json");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] == "translations/pl/satisfaction.json: \"source\" must be \"questionnaires/satisfaction.json\"");
    file = polish_file(qn);
    file["translation-status"] = "done";
    write_file(dir / "translations/pl/satisfaction.json", file.dump());
    problems = content::apply_all(qn, dir.path(), "questionnaires/satisfaction.json");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].find("\"translation-status\" must be \"draft\" or \"reviewed\"") != std::string::npos);
    file = polish_file(qn);
    file["language"] = "tr";
    write_file(dir / "translations/pl/satisfaction.json", file.dump());
    problems = content::apply_all(qn, dir.path(), "questionnaires/satisfaction.json");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].find("is in translations/pl/") != std::string::npos);
    // A translation of a file that is not there.
    write_file(dir / "translations/pl/gone.json", polish_file(qn).dump());
    CHECK(content::orphan_translations(dir.path()) ==
          std::vector<std::string>{"translations/pl/gone.json: no questionnaires/gone.json to translate"});
}

TEST_CASE("referral offers are translated from their English texts", "[pack]") {
    TempDir dir("tr-ref");
    fs::create_directories(dir / "referrals");
    fs::copy_file(fs::path(KIOSK_SOURCE_DIR) / "assets/referrals/voorbeeldstad.json", dir / "referrals/voorbeeldstad.json");
    auto c = referrals::load_catalogue(dir / "referrals/voorbeeldstad.json");
    REQUIRE(c.ok());
    json texts = json::object();
    std::vector<referrals::Offer> all = c->offers;
    if (c->safety) all.push_back(*c->safety);
    for (const auto& o : all)
        for (const auto* m : {&o.name, &o.description, &o.address, &o.note})
            if (m->count("en")) texts[m->at("en")] = "UK " + m->at("en");
    json file = {{"language", "uk"}, {"translation-status", "draft"}, {"source", "referrals/voorbeeldstad.json"}, {"texts", texts}};
    write_file(dir / "translations/uk/referrals-voorbeeldstad.json", file.dump());
    auto problems = content::apply_all(*c, dir.path(), "referrals/voorbeeldstad.json");
    REQUIRE(problems.empty());
    CHECK(c->offers.front().text(c->offers.front().name, "uk") == "UK " + c->offers.front().name.at("en"));
    file["texts"].erase(c->offers.front().name.at("en"));
    write_file(dir / "translations/uk/referrals-voorbeeldstad.json", file.dump());
    auto c2 = referrals::load_catalogue(dir / "referrals/voorbeeldstad.json");
    problems = content::apply_all(*c2, dir.path(), "referrals/voorbeeldstad.json");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] == "translations/uk/referrals-voorbeeldstad.json:" + c2->offers.front().id +
                             ": no translation of \"" + c2->offers.front().name.at("en") + "\"");
}

TEST_CASE("packs carry translations/<lang>/ files, and the content check refuses an incomplete one", "[pack]") {
    CHECK(pack::check_path("translations/ar/howareyou-short.json").ok());
    CHECK(pack::check_path("translations/ti/referrals-voorbeeldstad.json").ok());
    CHECK(pack::check_path("translations/nl.json").ok());  // the organisation's own wording, as before
    for (const char* bad : {"translations/xx/a.json", "translations/nl/a.json", "translations/ar/a.png",
                            "translations/ar/b/c.json", "translations/ar/.x.json"}) {
        INFO(bad);
        CHECK_FALSE(pack::check_path(bad).ok());
    }
    TempDir dir("tr-pack");
    make_content(dir / "content");
    auto qn = q::load_questionnaire_file(dir / "content/questionnaires/satisfaction.json").questionnaire;
    REQUIRE(qn);
    json file = polish_file(*qn);
    write_file(dir / "content/translations/pl/satisfaction.json", file.dump());
    CHECK(pack::check_content_dir(dir / "content").ok());
    auto built = pack::build_pack(dir / "content", "3", {});
    REQUIRE(built.ok());
    CHECK(std::any_of(built->files.begin(), built->files.end(),
                      [](const auto& f) { return f.first == "translations/pl/satisfaction.json"; }));
    file["texts"].erase(qn->title.get("en"));
    write_file(dir / "content/translations/pl/satisfaction.json", file.dump());
    auto st = pack::check_content_dir(dir / "content");
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().message.find("translations/pl/satisfaction.json: no translation of") != std::string::npos);
}

TEST_CASE("settings.json says which languages are offered, and the default is nl, en and the fully translated ones", "[pack]") {
    TempDir dir("tr-settings");
    make_content(dir / "content");
    write_file(dir / "content/settings.json", R"({"languages": ["nl"], "default_lang": "nl"})");
    auto s = pack::read_content_settings(dir / "content");
    REQUIRE(s.ok());
    CHECK(s->languages == std::vector<std::string>{"nl"});
    write_file(dir / "content/settings.json", R"({"languages": ["nl", "xx"]})");
    s = pack::read_content_settings(dir / "content");
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message.find("settings.json: \"languages\": \"xx\" is not a language the kiosk speaks") == 0);
    write_file(dir / "content/settings.json", R"({"languages": ["nl", "nl"]})");
    CHECK_FALSE(pack::read_content_settings(dir / "content").ok());
    write_file(dir / "content/settings.json", R"({"languages": ["nl"], "default_lang": "en"})");
    s = pack::read_content_settings(dir / "content");
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message == "settings.json: \"default_lang\" \"en\" is not among \"languages\"");

    // What the welcome screen offers: the list, or by default nl + en + every
    // spoken language every questionnaire is translated into.
    KioskOptions o;
    std::vector<q::Questionnaire> catalog;
    catalog.push_back(load_satisfaction(dir / "content"));
    auto codes = [](const std::vector<i18n::Language>& v) {
        std::vector<std::string> out;
        for (const auto& l : v) out.push_back(l.code);
        return out;
    };
    std::vector<std::string> want{"nl", "en"};
    for (const auto& l : i18n::languages())
        if (l.code != "nl" && l.code != "en" && catalog.front().supports_language(l.code)) want.push_back(l.code);
    CHECK(codes(offered_languages(o, catalog)) == want);
    o.languages = {"en"};
    CHECK(codes(offered_languages(o, catalog)) == std::vector<std::string>{"en"});
    // A language the kiosk does not speak is never offered, whatever the list says.
    o.languages = {"nl", "xx"};
    CHECK(codes(offered_languages(o, catalog)) == std::vector<std::string>{"nl"});
    // And switching to a language not offered does nothing.
    ManualClock clock;
    KioskOptions only_nl;
    only_nl.languages = {"nl"};
    KioskState st(clock, only_nl, nullptr);
    st.set_catalog(catalog);
    st.set_language("en");
    CHECK(st.lang() == "nl");
    st.set_options(KioskOptions{});
    st.set_language("en");
    CHECK(st.lang() == "en");
}
