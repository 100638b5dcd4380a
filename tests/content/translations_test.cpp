// Questionnaire and referral texts in the new languages (shared/content):
// translation files merged into the loaded model, refused whole when one
// English text is missing, and files whose source is gone. (Packs carrying
// them and the languages a kiosk offers: tests/pack/translations_test.cpp.)
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>

#include "content/translations.hpp"
#include "core/clock.hpp"
#include "questionnaire/interview.hpp"
#include "questionnaire/loader.hpp"
#include "referrals/referrals.hpp"
#include "test_support.hpp"
#include "translation_files.hpp"

using namespace kiosk;
using namespace kiosk::test;
using nlohmann::json;
namespace q = kiosk::questionnaire;
namespace fs = std::filesystem;

TEST_CASE("a translation file is merged into its questionnaire: every text, the claimed language, its status", "[content]") {
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

TEST_CASE("a translation missing one English text is refused whole, naming the file and the text", "[content]") {
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

TEST_CASE("referral offers are translated from their English texts", "[content]") {
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

