// pyxform's own test forms (../shared/data/xlsform, read in place, never
// copied) and one of ours: each imports, fills with `kioskctl fill --auto`
// and its response passes the two independent FHIR validators.
#include <algorithm>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "fhir_validator.hpp"
#include "questionnaire/interview.hpp"
#include "questionnaire/loader.hpp"
#include "test_support.hpp"
#include "xlsform_support.hpp"

namespace fs = std::filesystem;
using json = nlohmann::json;
using kiosk::test::run;
namespace q = kiosk::questionnaire;

namespace {

const fs::path kForms = fs::path(KIOSK_SHARED_DATA_DIR) / "xlsform";

int count_lines_starting(const std::string& text, const std::string& prefix) {
    int n = 0;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find('\n', at);
        if (text.compare(at, prefix.size(), prefix) == 0) ++n;
        if (end == std::string::npos) break;
        at = end + 1;
    }
    return n;
}

}  // namespace

TEST_CASE("pyxform's real forms import, fill and validate, and what one of them cannot take is refused by row", "[xlsform][corpus]") {
    INFO("forms: " << kForms << " (the handbook's data folder beside the repository)");
    REQUIRE(fs::is_directory(kForms));
    kiosk::test::TempDir tmp("xlsform-real");
    std::vector<fs::path> forms;
    for (const auto& e : fs::directory_iterator(kForms))
        if (e.path().extension() == ".xlsx") forms.push_back(e.path());
    std::sort(forms.begin(), forms.end());
    REQUIRE(forms.size() == 4);

    std::vector<std::string> responses;
    std::map<std::string, q::Questionnaire> loaded;
    for (const auto& f : forms) {
        const std::string stem = f.stem().string();
        INFO(stem);
        const fs::path out = tmp / (stem + ".json");
        auto im = run(KIOSKCTL_BIN, {"import-xlsform", f.string(), "--out", out.string()});
        INFO(im.err);
        if (stem == "case_insensitivity") {
            // Upper-case sheets and headers are read; its select_one_external with a choice_filter (on the
            // EXTERNAL_CHOICES sheet) is taken, and exactly one row, osm, is outside what a kiosk can do.
            CHECK(im.exit_code == 1);
            CHECK(im.err.find(f.string() + ":SURVEY:4: type 'osm c1': a place on a map") != std::string::npos);
            CHECK(count_lines_starting(im.err, f.string() + ":SURVEY:") == 1);
            CHECK(im.err.find(f.string() + ": 1 row(s) refused") != std::string::npos);
            CHECK(count_lines_starting(im.err, f.string() + ":") == 2);  // the osm row and that summary, no other refusal
            // Said, not refused: its filter compares YES_NO ('yes') with ${q1}, whose choices are n1-c and n2-c.
            CHECK(im.err.find("note: " + f.string() + ":SURVEY:3: choice_filter: no value in column 'YES_NO'") != std::string::npos);
            CHECK_FALSE(fs::exists(out));
            im = run(KIOSKCTL_BIN, {"import-xlsform", f.string(), "--out", out.string(), "--partial"});
        }
        REQUIRE(im.exit_code == 0);
        auto l = q::load_questionnaire_file(out);
        REQUIRE(l.questionnaire);
        loaded.emplace(stem, *l.questionnaire);
        const std::string resp = (tmp / (stem + ".response.json")).string();
        auto fill = run(KIOSKCTL_BIN, {"fill", out.string(), "--auto", "--out", resp});
        INFO(fill.err);
        REQUIRE(fill.exit_code == 0);
        responses.push_back(resp);
    }
    // What each form asks, as pyxform's tests describe them.
    const q::Questionnaire& ci = loaded.at("case_insensitivity");
    CHECK(ci.id == "YesNo");
    CHECK(ci.title.base == "Yes or no");
    CHECK(ci.language == "en");  // DEFAULT_LANGUAGE EN, column LABEL::EN
    REQUIRE(ci.items.size() == 2);
    CHECK(ci.items[0].options.size() == 2);
    CHECK(ci.items[0].options[1].display.base == "l2-c");
    // q2: the external choices, offered by YES_NO = ${q1} (an SDC answerOptionsToggleExpression).
    const q::Item& q2 = ci.items[1];
    CHECK(q2.link_id == "q2");
    REQUIRE(q2.options.size() == 2);
    CHECK(q2.options[0].display.base == "l1-e");
    REQUIRE(q2.option_toggles.size() == 1);
    CHECK(q2.option_toggles[0].options.size() == 2);
    {
        // q1 filled with each of its values: no external choice has YES_NO equal to it, so q2 offers
        // nothing and is not asked, as ODK would show it empty.
        kiosk::ManualClock clock;
        for (const auto& o : ci.items[0].options) {
            INFO(std::get<q::Coding>(o.value).code);
            q::Interview iv(ci, clock);
            REQUIRE(iv.answer(o.value).ok());
            CHECK(iv.offered_options(q2).empty());
            CHECK_FALSE(iv.is_enabled("q2"));
            REQUIRE(iv.next().ok());
            CHECK(iv.is_finished());
        }
        q::Interview iv(ci, clock);
        CHECK(iv.offered_options(q2).empty());  // nor before q1 is answered
    }

    const q::Questionnaire& fl = loaded.at("field-list");
    REQUIRE(fl.items.size() == 1);
    CHECK(fl.items[0].type == q::ItemType::Group);
    const q::Item& tl = fl.items[0].children.at(0);
    CHECK(tl.text.base == "table list question\nhint");
    // Chinese is on the options only: kept, but not offered as a kiosk language.
    CHECK(tl.options[0].display.get("zh") == "是");
    CHECK(fl.languages.empty());

    const q::Questionnaire& g = loaded.at("group");
    REQUIRE(g.find("father"));
    CHECK(g.find("father")->text.base == "Father");
    CHECK(g.find("phone_number")->type == q::ItemType::String);
    CHECK(g.find("age")->type == q::ItemType::Integer);

    const q::Questionnaire& ti = loaded.at("text_and_integer");
    CHECK(ti.id == "text-and-integer");
    CHECK(ti.find("your_name")->type == q::ItemType::String);
    CHECK(ti.find("your_age")->text.base == "How many years old are you?");

    // A form of ours with what pyxform's lack (choices with or_other, conditions, a calculation, two languages).
    const fs::path own = kiosk::test::write_form(
        tmp / "own.xlsx",
        {kiosk::test::sheet("survey", {{"type", "name", "label::Nederlands (nl)", "label::English (en)", "relevant", "calculation"},
                                       {"select_multiple fruit or_other", "fruit", "Welk fruit eet u?", "Which fruit do you eat?"},
                                       {"integer", "pieces", "Hoeveel stuks per dag?", "How many pieces a day?", "selected(${fruit}, 'apple')"},
                                       {"decimal", "kilo", "Hoeveel kilo per week?", "How many kilos a week?", "${pieces} > 1"},
                                       {"date", "since", "Sinds wanneer?", "Since when?", "${pieces} != ''"},
                                       {"time", "when", "Hoe laat?", "At what time?"},
                                       {"calculate", "week", "", "", "", "${pieces} * 7"},
                                       {"note", "bye", "Dank u wel.", "Thank you."}}),
         kiosk::test::sheet("choices", {{"list_name", "name", "label::Nederlands (nl)", "label::English (en)"},
                                        {"fruit", "apple", "Appels", "Apples"},
                                        {"fruit", "pear", "Peren", "Pears"}}),
         kiosk::test::sheet("settings", {{"form_id", "form_title", "form_title::English (en)", "default_language"},
                                         {"fruit", "Fruit", "Fruit", "Nederlands (nl)"}})});
    auto im = run(KIOSKCTL_BIN, {"import-xlsform", own.string(), "--out", (tmp / "own.json").string()});
    INFO(im.err);
    REQUIRE(im.exit_code == 0);
    for (const std::string lang : {"nl", "en"}) {
        const std::string resp = (tmp / ("own." + lang + ".response.json")).string();
        auto fill = run(KIOSKCTL_BIN, {"fill", (tmp / "own.json").string(), "--auto", "--lang", lang, "--out", resp});
        INFO(fill.err);
        REQUIRE(fill.exit_code == 0);
        responses.push_back(resp);
    }
    auto v = kiosk::test::validate(responses);
    INFO(v.out << v.err);
    CHECK(v.exit_code == 0);
    CHECK(count_lines_starting(v.out, "OK ") == static_cast<int>(responses.size()));
}
