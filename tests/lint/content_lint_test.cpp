// The content lint's own rules: syllables, sentences, the checks of one text,
// and a whole questionnaire's report (CONTENT.md).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "lint/content_lint.hpp"
#include "test_support.hpp"

using namespace kiosk::lint;
using nlohmann::json;

namespace {

bool any_contains(const std::vector<std::string>& messages, const std::string& part) {
    for (const auto& m : messages) {
        if (m.find(part) != std::string::npos) return true;
    }
    return false;
}

bool any_problem_contains(const LintReport& r, const std::string& part) {
    for (const auto& p : r.problems) {
        if (p.message.find(part) != std::string::npos) return true;
    }
    return false;
}

// A one-question questionnaire in Dutch only (no translations claimed).
json one_question(const std::string& variant, const json& item) {
    return json{{"resourceType", "Questionnaire"},
                {"id", "test-" + variant},
                {"status", "active"},
                {"language", "nl"},
                {"title", "Een korte test"},
                {"description", "Een paar vragen om te proberen."},
                {"extension",
                 json::array({{{"url", "https://fhir.intake-kiosk.example/StructureDefinition/variant"},
                               {"valueCode", variant}},
                              {{"url", "https://fhir.intake-kiosk.example/StructureDefinition/register"},
                               {"valueCode", variant == "youth" || variant == "child" ? "je" : "u"}}})},
                {"item", json::array({item})}};
}

json coding_option(const std::string& code, const std::string& display) {
    return {{"valueCoding", {{"system", "https://example.org/cs"}, {"code", code}, {"display", display}}}};
}

}  // namespace

TEST_CASE("Dutch syllables are counted by vowel groups", "[lint]") {
    struct Case {
        const char* word;
        int syllables;
    };
    const Case cases[] = {
        {"huis", 1},         {"zee", 1},          {"nieuw", 1},       {"leeuw", 1},
        {"mooie", 2},        {"moeite", 2},       {"auto", 2},        {"café", 2},
        {"één", 1},          {"geëerd", 2},       {"ideeën", 3},      {"ruïne", 3},
        {"gezondheid", 3},   {"bijvoorbeeld", 3}, {"eenzaamheid", 3}, {"mantelzorger", 4},
        {"ondersteuning", 4}, {"e-mailadres", 4}, {"telefoonnummer", 5},
        {"vrijwilligerswerk", 5}, {"participatie", 5}, {"verantwoordelijkheid", 6},
        {"Gezondheid", 3},   {"112", 1},
    };
    for (const auto& c : cases) {
        INFO(c.word);
        CHECK(count_syllables(c.word, "nl") == c.syllables);
    }
}

TEST_CASE("English syllables are vowel runs without a silent final e", "[lint]") {
    CHECK(count_syllables("make", "en") == 1);
    CHECK(count_syllables("the", "en") == 1);
    CHECK(count_syllables("people", "en") == 2);
    CHECK(count_syllables("table", "en") == 2);
    CHECK(count_syllables("questions", "en") == 2);
    CHECK(count_syllables("neighbourhood", "en") == 3);
    CHECK(count_syllables("yoga", "en") == 2);
    CHECK(count_syllables("disability", "en") == 5);
}

TEST_CASE("texts split into sentences and words the way a reader sees them", "[lint]") {
    auto sentences = split_sentences("Is er nu gevaar? Bel dan meteen 112.\nHeel goed");
    REQUIRE(sentences.size() == 3);
    CHECK(sentences[0] == "Is er nu gevaar?");
    CHECK(sentences[2] == "Heel goed");
    CHECK(split_sentences("Een score van 2.5 is laag.").size() == 1);

    auto words = split_words("Wat is uw e-mailadres? (Dit mag leeg blijven.)");
    CHECK(words == std::vector<std::string>{"Wat", "is", "uw", "e-mailadres", "Dit", "mag", "leeg", "blijven"});
}

TEST_CASE("a B1-breaking text is rejected with a message that says what to fix", "[lint]") {
    SECTION("a long sentence") {
        auto m = check_text("Wij willen graag van u weten hoe het op dit moment met u en met uw gezin gaat.",
                            "nl", Level::B1);
        CHECK(any_contains(m, "sentence has 18 words (at most 15 for B1)"));
    }
    SECTION("a long word") {
        auto m = check_text("Doet u vrijwilligerswerk?", "nl", Level::B1);
        CHECK(any_contains(m, "word \"vrijwilligerswerk\" has 5 syllables (at most 4)"));
    }
    SECTION("en/of, abbreviations, jargon") {
        CHECK(any_contains(check_text("Hebt u zorgen en/of stress?", "nl", Level::B1), "\"en/of\""));
        CHECK(any_contains(check_text("Have you got worries and/or stress?", "en", Level::B1), "\"and/or\""));
        CHECK(any_contains(check_text("Bent u bij de GGD geweest?", "nl", Level::B1), "abbreviation \"GGD\""));
        CHECK(any_contains(check_text("Zoals bijv. uw buren.", "nl", Level::B1), "abbreviation \"bijv.\""));
        CHECK(any_contains(check_text("Zoals o.a. uw buren.", "nl", Level::B1), "abbreviation \"o.a.\""));
        CHECK(any_contains(check_text("Geeft u mantelzorg?", "nl", Level::B1), "jargon \"mantelzorg\""));
        CHECK(check_text("Zorgt u voor een zieke ouder? Dat heet ook wel mantelzorg.", "nl", Level::B1).empty());
    }
    SECTION("the wrong way of addressing the reader") {
        CHECK(any_contains(check_text("Hoe gaat het met je?", "nl", Level::B1, TextKind::Shown, "full"),
                           "says \"u\" to the reader"));
        CHECK(any_contains(check_text("Hoe gaat het met u?", "nl", Level::B1, TextKind::Shown, "youth"),
                           "says \"je\" to the reader"));
        CHECK(check_text("Hoe gaat het met je?", "nl", Level::B1, TextKind::Shown, "child").empty());
    }
    SECTION("the wording of an existing instrument") {
        CHECK(any_contains(check_text("Feeling nervous, anxious, or on edge?", "en", Level::B1),
                           "wording of an existing instrument"));
    }
    SECTION("a screen with a low Flesch-Douma score") {
        json item = {{"linkId", "q1"},
                     {"type", "choice"},
                     {"text", "Hoe beoordeelt u de toegang tot medische voorzieningen?"},
                     {"answerOption", json::array({coding_option("a", "Uitstekend"),
                                                   coding_option("b", "Voldoende"),
                                                   coding_option("c", "Onvoldoende")})}};
        auto report = lint_questionnaire(one_question("full", item), "low.json");
        REQUIRE(report.languages.size() == 1);
        CHECK(report.languages[0].min_score < 60.0);
        CHECK(report.languages[0].min_link_id == "q1");
        REQUIRE(any_problem_contains(report, "Flesch-Douma"));
        CHECK(format_problem(report.problems.front()).rfind("low.json:q1: [nl] Flesch-Douma", 0) == 0);
    }
}

TEST_CASE("a sensitive question must say why we ask, and no question is required", "[lint]") {
    json debts = {{"linkId", "debts"}, {"type", "boolean"}, {"text", "Hebt u schulden?"}, {"required", true}};
    auto report = lint_questionnaire(one_question("full", debts), "s.json");
    CHECK(any_problem_contains(report, "[nl] a sensitive topic (\"schuld\"): add sensitive-why"));
    CHECK(any_problem_contains(report, "required: every question can be skipped"));

    debts.erase("required");
    debts["extension"] = json::array({{{"url", "https://fhir.intake-kiosk.example/StructureDefinition/sensitive-why"},
                                       {"valueString", "Schulden komen veel voor. Daarom vragen we het."}}});
    CHECK(lint_questionnaire(one_question("full", debts), "s.json").problems.empty());
}

TEST_CASE("a scale says what its ends mean, and an easy question has a pictogram", "[lint]") {
    json scale = {{"linkId", "sleep"}, {"type", "integer"}, {"text", "Hoe slaapt u?"}};
    auto report = lint_questionnaire(one_question("full", scale), "scale.json");
    CHECK(any_problem_contains(report, "a scale must say in words what its ends mean"));
    CHECK_FALSE(any_problem_contains(report, "pictogram"));

    json choice = {{"linkId", "sleep"}, {"type", "choice"}, {"text", "Hoe slaapt u?"},
                   {"answerOption", json::array({coding_option("1", "slecht"), coding_option("2", "goed")})}};
    CHECK(any_problem_contains(lint_questionnaire(one_question("easy", choice), "e.json"),
                               "one pictogram per question"));
}

TEST_CASE("a good A2 text passes the easy level", "[lint]") {
    for (const char* text : {"Hoe slaapt u?", "Tik op het gezicht dat past.", "Hoe gaat het met uw geld?",
                             "Veel mensen hebben zorgen over geld. Daarom vragen we het."}) {
        INFO(text);
        CHECK(check_text(text, "nl", Level::A2, TextKind::Shown, "easy").empty());
    }
    json faces = {{"linkId", "sleep"},
                  {"type", "choice"},
                  {"text", "Hoe slaapt u?"},
                  {"extension", json::array({{{"url", "https://fhir.intake-kiosk.example/StructureDefinition/pictogram"},
                                              {"valueString", "sleep"}}})},
                  {"answerOption", json::array({coding_option("1", "heel slecht"), coding_option("2", "slecht"),
                                                coding_option("3", "gaat wel"), coding_option("4", "goed"),
                                                coding_option("5", "heel goed")})}};
    auto report = lint_questionnaire(one_question("easy", faces), "easy.json");
    CHECK(report.level == Level::A2);
    CHECK(report.problems.empty());
    REQUIRE(report.languages.size() == 1);
    CHECK(report.languages[0].min_score >= 70.0);
    CHECK(report.question_count == 1);
}

TEST_CASE("the easy level is stricter than B1 on sentence length", "[lint]") {
    const char* thirteen = "Hoe vaak hebt u de laatste weken iets leuks gedaan met uw vrienden?";
    CHECK(check_text(thirteen, "nl", Level::B1).empty());
    CHECK(any_contains(check_text(thirteen, "nl", Level::A2), "sentence has 13 words (at most 12 for A2)"));
    // Read-aloud may spell things out, up to the hard cap.
    CHECK(check_text(thirteen, "nl", Level::A2, TextKind::ReadAloud).empty());
}

TEST_CASE("translations are checked in their own language and reported separately", "[lint]") {
    json tr = {{"extension",
                json::array({{{"url", "http://hl7.org/fhir/StructureDefinition/translation"},
                              {"extension", json::array({{{"url", "lang"}, {"valueCode", "en"}},
                                                         {{"url", "content"},
                                                          {"valueString", "Do you do volunteering and/or paid work?"}}})}}})}};
    json item = {{"linkId", "work"}, {"type", "boolean"}, {"text", "Hebt u werk?"}, {"_text", tr}};
    auto report = lint_questionnaire(one_question("full", item), "tr.json");
    REQUIRE(report.problems.size() == 1);
    CHECK(report.problems[0].link_id == "work");
    CHECK(report.problems[0].message.rfind("[en] text: \"and/or\"", 0) == 0);
    REQUIRE(report.languages.size() == 2);
    CHECK(report.languages[0].lang == "nl");
    CHECK(report.languages[1].lang == "en");
    auto summary = format_summary(report);
    CHECK(summary.find("tr.json: test-full (full, B1, 1 questions)") != std::string::npos);
    CHECK(summary.find("nl: Flesch-Douma") != std::string::npos);
    CHECK(summary.find("en: Flesch reading ease") != std::string::npos);
}

TEST_CASE("a file that is not JSON is one problem, not a crash", "[lint]") {
    auto report = lint_questionnaire(json::array({1, 2}), "x.json");
    REQUIRE(report.problems.size() == 1);
    CHECK(format_problem(report.problems[0]) == "x.json: not a JSON object");
    kiosk::test::TempDir dir("lint");
    kiosk::test::write_file(dir / "deep.json", std::string(200000, '[') + std::string(200000, ']'));
    auto deep = lint_questionnaire_file(dir / "deep.json");
    REQUIRE(deep.problems.size() == 1);
    CHECK(deep.problems[0].message == "too large or too deeply nested to check");
    auto missing = lint_questionnaire_file("/nonexistent/nothing.json");
    REQUIRE(missing.problems.size() == 1);
    CHECK(missing.problems[0].message == "cannot read the file");
}

TEST_CASE("a Dutch questionnaire declares its register and its texts follow it", "[lint][register]") {
    json item = {{"linkId", "q1"}, {"type", "string"}, {"text", "Hoe heet je?"}};
    // Declared "je" on an adult variant: "je" is right, and "u" would be flagged.
    json q = one_question("full", item);
    q["extension"][1]["valueCode"] = "je";
    CHECK_FALSE(any_problem_contains(lint_questionnaire(q, "je.json"), "says"));
    q["item"][0]["text"] = "Hoe heet u?";
    CHECK(any_problem_contains(lint_questionnaire(q, "je.json"), "\"je\" to the reader"));
    // No declaration at all is a problem of its own.
    q["extension"].erase(1);
    CHECK(any_problem_contains(lint_questionnaire(q, "none.json"), "no register"));
}
