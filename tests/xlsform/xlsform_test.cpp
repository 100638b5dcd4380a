// kioskctl import-xlsform / export-xlsform on forms we write ourselves (with
// libxlsxwriter, through kiosk_xlsform), on every shipped questionnaire (the
// round trip) and on the authoring template; the real kioskctl binary, the
// real questionnaire loader.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "questionnaire/loader.hpp"
#include "test_support.hpp"
#include "xlsform_support.hpp"

namespace fs = std::filesystem;
using json = nlohmann::json;
using kiosk::test::run;
using kiosk::test::sheet;
namespace q = kiosk::questionnaire;

namespace {

const fs::path kAssets = fs::path(KIOSK_SOURCE_DIR) / "assets";

// A form with every column and type the import maps, in Dutch (`Name (code)`) and English (a bare code).
fs::path everything_form(const fs::path& file) {
    const std::vector<std::string> header{"type", "name", "label::Nederlands (nl)", "label::en", "hint::Nederlands (nl)",
                                          "hint::en", "required", "relevant", "calculation", "constraint", "appearance",
                                          "parameters", "domain", "pictogram", "read_aloud::Nederlands (nl)", "read_aloud::en",
                                          "scale_low::Nederlands (nl)", "scale_low::en", "scale_high::Nederlands (nl)",
                                          "scale_high::en", "sensitive_why::Nederlands (nl)", "sensitive_why::en"};
    auto row = [&](std::map<std::string, std::string> cells) {
        std::vector<std::string> r(header.size());
        for (std::size_t i = 0; i < header.size(); ++i)
            if (auto it = cells.find(header[i]); it != cells.end()) r[i] = it->second;
        return r;
    };
    const std::string nl = "label::Nederlands (nl)", en = "label::en";
    return kiosk::test::write_form(
        file,
        {sheet("survey",
               {header,
                row({{"type", "note"}, {"name", "intro"}, {nl, "Welkom in het buurthuis."}, {en, "Welcome to the community centre."}}),
                row({{"type", "select_one yesno"}, {"name", "visit"}, {nl, "Komt u hier vaker?"}, {en, "Do you come here often?"},
                     {"appearance", "minimal"}, {"pictogram", "home"}}),
                row({{"type", "select_multiple activity or_other"}, {"name", "activities"}, {nl, "Wat doet u hier graag?"},
                     {en, "What do you like to do here?"}, {"relevant", "${visit} = 'yes'"}}),
                row({{"type", "integer"}, {"name", "times"}, {nl, "Hoe vaak per week?"}, {en, "How often a week?"},
                     {"relevant", "selected(${activities}, 'coffee')"}, {"constraint", ". >= 0 and . <= 7"}}),
                row({{"type", "range"}, {"name", "mood"}, {nl, "Hoe gaat het met u?"}, {en, "How are you?"}, {"parameters", "start=0 end=10 step=1"},
                     {"domain", "feelings"}, {"scale_low::Nederlands (nl)", "Heel slecht"}, {"scale_low::en", "Very bad"},
                     {"scale_high::Nederlands (nl)", "Heel goed"}, {"scale_high::en", "Very good"},
                     {"read_aloud::Nederlands (nl)", "Hoe gaat het met u, van nul tot tien?"}, {"read_aloud::en", "How are you, from zero to ten?"}}),
                row({{"type", "decimal"}, {"name", "costs"}, {nl, "Hoeveel geld geeft u hier uit?"}, {en, "How much money do you spend here?"},
                     {"relevant", "${times} > 2 and ${visit} != 'no'"},
                     {"sensitive_why::Nederlands (nl)", "Zo weten we of het duur is."}, {"sensitive_why::en", "So we know if it costs too much."}}),
                row({{"type", "date"}, {"name", "day"}, {nl, "Wanneer was u hier?"}, {en, "When were you here?"},
                     {"relevant", "${times} < 3 or not(selected(${activities}, 'coffee'))"}}),
                row({{"type", "time"}, {"name", "hour"}, {nl, "Hoe laat?"}, {en, "At what time?"}, {"relevant", "${day} != ''"}}),
                row({{"type", "begin group"}, {"name", "more"}, {nl, "Over u"}, {en, "About you"}, {"relevant", "${mood} >= 5"}}),
                row({{"type", "text"}, {"name", "story"}, {nl, "Wat wilt u nog zeggen?"}, {en, "What else would you like to say?"},
                     {"appearance", "multiline"}, {"constraint", "string-length(.) <= 200"}}),
                row({{"type", "text"}, {"name", "name"}, {nl, "Hoe heet u?"}, {en, "What is your name?"}, {"required", "yes"}}),
                row({{"type", "end group"}}),
                row({{"type", "calculate"}, {"name", "total"}, {"calculation", "${times} * 2 + ${mood}"}}),
                row({{"type", "integer"}, {"name", "age"}, {nl, "Hoe oud bent u?"}, {en, "How old are you?"},
                     {"hint::Nederlands (nl)", "In jaren."}, {"hint::en", "In years."}})}),
         sheet("choices", {{"list_name", "name", "label::Nederlands (nl)", "label::en", "pictogram"},
                           {"yesno", "yes", "Ja", "Yes", ""},
                           {"yesno", "no", "Nee", "No", ""},
                           {"activity", "coffee", "Koffie drinken", "Having coffee", "food"},
                           {"activity", "games", "Spelletjes", "Games", "hobby"}}),
         sheet("settings", {{"form_title", "form_title::English (en)", "form_id", "version", "default_language", "variant", "register"},
                            {"Het buurthuis", "The community centre", "buurthuis", "3", "Nederlands (nl)", "intake", "u"}})});
}

}  // namespace

TEST_CASE("a form with every column we map imports as the questionnaire its writer meant", "[xlsform]") {
    kiosk::test::TempDir tmp("xlsform-all");
    const fs::path form = everything_form(tmp / "buurthuis.xlsx");
    auto r = run(KIOSKCTL_BIN, {"import-xlsform", form.string(), "--out", (tmp / "q.json").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto loaded = q::load_questionnaire_file(tmp / "q.json");
    REQUIRE(loaded.questionnaire);
    CHECK(loaded.notes.empty());
    const q::Questionnaire& qq = *loaded.questionnaire;
    CHECK(qq.id == "buurthuis");
    CHECK(qq.version == "3");
    CHECK(qq.language == "nl");
    CHECK(qq.languages == std::vector<std::string>{"en"});
    CHECK(qq.variant == "intake");
    CHECK(qq.address == "u");
    CHECK(qq.title.get("en") == "The community centre");

    const q::Item* visit = qq.find("visit");
    REQUIRE(visit);
    CHECK(visit->type == q::ItemType::Choice);
    CHECK(visit->control == q::ItemControl::DropDown);
    CHECK(visit->pictogram == "home");
    REQUIRE(visit->options.size() == 2);
    CHECK(visit->options[0].display.get("nl") == "Ja");
    CHECK(visit->options[1].display.get("en") == "No");

    const q::Item* act = qq.find("activities");
    REQUIRE(act);
    CHECK(act->type == q::ItemType::OpenChoice);  // or_other: options plus the resident's own words
    CHECK(act->repeats);
    CHECK(act->options[0].pictogram == "food");
    REQUIRE(act->enable_when.size() == 1);
    CHECK(act->enable_when[0].question == "visit");
    CHECK(act->enable_when[0].op == q::EnableOperator::Equal);
    CHECK(std::get<q::Coding>(act->enable_when[0].answer).code == "yes");

    const q::Item* times = qq.find("times");
    REQUIRE(times);
    CHECK(times->min_value == 0);
    CHECK(times->max_value == 7);
    CHECK(std::get<q::Coding>(times->enable_when.at(0).answer).code == "coffee");  // selected() -> '='

    const q::Item* mood = qq.find("mood");
    REQUIRE(mood);
    CHECK(mood->type == q::ItemType::Integer);
    CHECK(mood->control == q::ItemControl::Slider);
    CHECK(mood->domain == "feelings");
    CHECK(mood->scale_low.get("en") == "Very bad");
    CHECK(mood->scale_high.get("nl") == "Heel goed");
    CHECK(mood->read_aloud.get("en") == "How are you, from zero to ten?");

    const q::Item* costs = qq.find("costs");
    REQUIRE(costs);
    CHECK(costs->type == q::ItemType::Decimal);
    CHECK(costs->sensitive_why.get("nl") == "Zo weten we of het duur is.");
    REQUIRE(costs->enable_when.size() == 2);
    CHECK(costs->enable_behavior == q::EnableBehavior::All);
    CHECK(costs->enable_when[0].op == q::EnableOperator::Greater);
    CHECK(std::get<std::int64_t>(costs->enable_when[0].answer) == 2);
    CHECK(costs->enable_when[1].op == q::EnableOperator::NotEqual);

    const q::Item* day = qq.find("day");
    REQUIRE(day);
    CHECK(day->type == q::ItemType::Date);
    CHECK(day->enable_behavior == q::EnableBehavior::Any);
    CHECK(day->enable_when.at(1).op == q::EnableOperator::NotEqual);  // not(selected(...))

    const q::Item* hour = qq.find("hour");
    REQUIRE(hour);
    CHECK(hour->type == q::ItemType::Time);
    CHECK(hour->enable_when.at(0).op == q::EnableOperator::Exists);  // ${day} != '': answered

    const q::Item* more = qq.find("more");
    REQUIRE(more);
    CHECK(more->type == q::ItemType::Group);
    CHECK(more->text.get("en") == "About you");
    CHECK(more->enable_when.at(0).op == q::EnableOperator::GreaterOrEqual);
    REQUIRE(more->children.size() == 2);
    CHECK(more->children[0].type == q::ItemType::Text);
    CHECK(more->children[0].max_length == 200);
    CHECK(more->children[1].required);

    const q::Item* total = qq.find("total");
    REQUIRE(total);
    CHECK(total->is_computed());
    CHECK(total->hidden);
    CHECK(qq.find("age")->text.get("en") == "How old are you?\nIn years.");  // the hint under the question

    // The interview follows the conditions and computes the calculation: times 3, mood 6 -> total 12.
    kiosk::test::write_file(tmp / "a.json", R"({"visit": "yes", "activities": ["coffee"], "times": 3, "mood": 6, "costs": 2.5,
        "story": "Fijn hier.", "name": "Ans", "age": 70})");
    auto fill = run(KIOSKCTL_BIN, {"fill", (tmp / "q.json").string(), "--answers", (tmp / "a.json").string(), "--out",
                                   (tmp / "r.json").string()});
    INFO(fill.err);
    REQUIRE(fill.exit_code == 0);
    const std::string resp = kiosk::test::read_file(tmp / "r.json");
    auto rj = json::parse(resp);
    double total_value = -1;
    for (const auto& it : rj["item"])
        if (it["linkId"] == "total") total_value = it["answer"][0]["valueDecimal"].get<double>();
    CHECK(total_value == 12);
    CHECK(resp.find("\"day\"") == std::string::npos);  // times 3 and coffee chosen: not asked

    // With fewer visits the day is asked, and an answer to a question that is not enabled is refused.
    kiosk::test::write_file(tmp / "b.json", R"({"visit": "yes", "activities": ["coffee"], "times": 1, "mood": 2, "costs": 1.0})");
    auto off = run(KIOSKCTL_BIN, {"fill", (tmp / "q.json").string(), "--answers", (tmp / "b.json").string(), "--out",
                                  (tmp / "r2.json").string()});
    CHECK(off.exit_code == 1);
    CHECK(off.err.find("costs: answer given, but the question is not asked (enableWhen)") != std::string::npos);
}

TEST_CASE("rows the kiosk cannot take are refused one by one and then nothing is written", "[xlsform]") {
    kiosk::test::TempDir tmp("xlsform-refused");
    const fs::path form = kiosk::test::write_form(
        tmp / "field.xlsx",
        {sheet("survey", {{"type", "name", "label", "relevant", "calculation", "label::Klingon"},
                          {"text", "ok", "Wat is uw naam?"},
                          {"geopoint", "where", "Waar bent u?"},
                          {"image", "photo", "Maak een foto"},
                          {"begin repeat", "kids", "Uw kinderen"},
                          {"text", "kid_name", "Naam van het kind"},
                          {"end repeat"},
                          {"integer", "x", "Hoeveel?", "${ok} = 'a' and ${ok} = 'b' or ${ok} = 'c'"},
                          {"integer", "y", "Hoeveel nog?", "regex(${ok}, '[a-z]+')"},
                          {"calculate", "c", "", "", "pulldata('prices', 'price', 'name', ${ok})"},
                          {"select_one nolist", "pick", "Kies"},
                          {"integer", "z", "Hoe oud?", "${ok} = 'x' or ${nobody} > 3"},
                          {"integer", "good", "Hoe oud bent u?"}}),
         sheet("settings", {{"form_id", "default_language"}, {"veld", "nl"}})});
    const fs::path out = tmp / "q.json";
    auto r = run(KIOSKCTL_BIN, {"import-xlsform", form.string(), "--out", out.string()});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK_FALSE(fs::exists(out));
    const std::string f = form.string();
    for (const std::string& line :
         {f + ":survey:1: column 'label::Klingon': 'Klingon' is not a language name we know",
          f + ":survey:3: type 'geopoint': a place on a map needs GPS",
          f + ":survey:4: type 'image': a kiosk takes no photos",
          f + ":survey:5: begin repeat 'kids': a repeat asks the same questions again and again",
          f + ":survey:6: inside the repeat that begins at row 5",
          f + ":survey:8: relevant '${ok} = 'a' and ${ok} = 'b' or ${ok} = 'c'': and and or mixed",
          f + ":survey:9: relevant 'regex(${ok}, '[a-z]+')': 'regex(${ok}, '[a-z]+')' is not a comparison",
          f + ":survey:10: calculation 'pulldata('prices', 'price', 'name', ${ok})': pulldata() is not a function we can compute",
          f + ":survey:11: type 'select_one nolist': the choices sheet has no list 'nolist'",
          f + ":survey:12: relevant '${ok} = 'x' or ${nobody} > 3': ${nobody} is no question of this form",
          f + ": 10 row(s) refused: nothing written (--partial writes the rest)"}) {
        INFO(line);
        CHECK(r.err.find(line) != std::string::npos);
    }
    CHECK(r.err.find(":survey:2:") == std::string::npos);
    CHECK(r.err.find(":survey:13:") == std::string::npos);

    // --partial writes what could be taken, still listing every refusal; the rest loads.
    auto p = run(KIOSKCTL_BIN, {"import-xlsform", form.string(), "--out", out.string(), "--partial"});
    INFO(p.err);
    CHECK(p.exit_code == 0);
    CHECK(p.err.find(f + ":survey:3:") != std::string::npos);
    auto loaded = q::load_questionnaire_file(out);
    REQUIRE(loaded.questionnaire);
    CHECK(loaded.questionnaire->find("ok"));
    CHECK(loaded.questionnaire->find("good"));
    CHECK_FALSE(loaded.questionnaire->find("where"));
    CHECK_FALSE(loaded.questionnaire->find("kid_name"));
}

TEST_CASE("files that are not XLSForm workbooks are refused in one line each", "[xlsform]") {
    kiosk::test::TempDir tmp("xlsform-bad");
    kiosk::test::write_file(tmp / "noise.xlsx", std::string(4096, '\x7f'));
    const std::string real = kiosk::test::read_file(fs::path(KIOSK_SHARED_DATA_DIR) / "xlsform" / "group.xlsx");
    kiosk::test::write_file(tmp / "cut.xlsx", real.substr(0, real.size() / 2));
    kiosk::test::write_form(tmp / "data.xlsx", {sheet("data", {{"a", "b"}, {"1", "2"}})});
    for (const auto& [file, says] : std::vector<std::pair<std::string, std::string>>{
             {"noise.xlsx", "not an .xlsx workbook"}, {"cut.xlsx", "not an .xlsx workbook"}, {"data.xlsx", "no 'survey' sheet"}}) {
        auto r = run(KIOSKCTL_BIN, {"import-xlsform", (tmp / file).string(), "--out", (tmp / "q.json").string()});
        INFO(file << ": " << r.err);
        CHECK(r.exit_code == 1);
        CHECK(r.err.find(says) != std::string::npos);
        if (file != "data.xlsx") CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
        CHECK_FALSE(fs::exists(tmp / "q.json"));
    }
}

TEST_CASE("hostile forms: groups nested 40 deep and an expression of 15,000 brackets are refused without a crash", "[xlsform]") {
    kiosk::test::TempDir tmp("xlsform-hostile");
    std::vector<std::vector<std::string>> rows{{"type", "name", "label", "relevant"}, {"integer", "n", "Hoeveel?"}};
    for (int i = 0; i < 40; ++i) rows.push_back({"begin group", "g" + std::to_string(i), "Deel"});
    rows.push_back({"integer", "deep", "Diep?"});
    for (int i = 0; i < 40; ++i) rows.push_back({"end group"});
    rows.push_back({"integer", "m", "Nog een?", std::string(15000, '(') + "${n} > 1" + std::string(15000, ')')});
    const fs::path form = kiosk::test::write_form(tmp / "deep.xlsx", {sheet("survey", rows)});
    auto r = run(KIOSKCTL_BIN, {"import-xlsform", form.string(), "--out", (tmp / "q.json").string()});
    INFO(r.err.substr(0, 2000));
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(form.string() + ":survey:10: begin group 'g7': groups nested more than 7 deep are not supported") != std::string::npos);
    CHECK(r.err.find(form.string() + ":survey:11: inside the group that begins at row 10") != std::string::npos);
    CHECK(r.err.find("nested more than 64 deep") != std::string::npos);
    CHECK_FALSE(fs::exists(tmp / "q.json"));
}

TEST_CASE("every shipped questionnaire comes back the same from export-xlsform and import-xlsform", "[xlsform]") {
    kiosk::test::TempDir tmp("xlsform-roundtrip");
    int n = 0;
    for (const auto& e : fs::directory_iterator(kAssets / "questionnaires")) {
        if (e.path().extension() != ".json") continue;
        ++n;
        const std::string stem = e.path().stem().string();
        INFO(stem);
        auto ex = run(KIOSKCTL_BIN, {"export-xlsform", e.path().string(), "--out", (tmp / (stem + ".xlsx")).string()});
        INFO(ex.err);
        REQUIRE(ex.exit_code == 0);
        auto im = run(KIOSKCTL_BIN, {"import-xlsform", (tmp / (stem + ".xlsx")).string(), "--out", (tmp / (stem + ".json")).string()});
        INFO(im.err);
        REQUIRE(im.exit_code == 0);
        CHECK(im.err.empty());  // not even a note
        const json original = kiosk::test::normalised(kiosk::test::read_json(e.path()));
        const json copy = kiosk::test::normalised(kiosk::test::read_json(tmp / (stem + ".json")));
        INFO(kiosk::test::first_difference(original, copy));
        CHECK(original == copy);
    }
    CHECK(n == 10);
}

TEST_CASE("the authoring templates import to the shipped questionnaires they were made from", "[xlsform]") {
    kiosk::test::TempDir tmp("xlsform-template");
    for (const std::string id : {"intake", "howareyou-short"}) {
        INFO(id);
        const fs::path xlsx = kAssets / "authoring" / (id + ".xlsx");
        REQUIRE(fs::exists(xlsx));
        auto im = run(KIOSKCTL_BIN, {"import-xlsform", xlsx.string(), "--out", (tmp / (id + ".json")).string()});
        INFO(im.err);
        REQUIRE(im.exit_code == 0);
        const json shipped = kiosk::test::normalised(kiosk::test::read_json(kAssets / "questionnaires" / (id + ".json")));
        const json imported = kiosk::test::normalised(kiosk::test::read_json(tmp / (id + ".json")));
        INFO("remake it: kioskctl export-xlsform assets/questionnaires/" << id << ".json --out assets/authoring/" << id << ".xlsx\n"
                                                                          << kiosk::test::first_difference(shipped, imported));
        CHECK(shipped == imported);
    }
}
