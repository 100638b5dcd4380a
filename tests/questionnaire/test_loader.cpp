// The loader: what it builds from a valid questionnaire, and how it refuses
// broken, hostile and out-of-subset input (file + linkId + what, no crash).
#include <fstream>
#include <random>
#include <set>

#include "helpers.hpp"
#include "test_support.hpp"

using namespace kiosk::questionnaire;
using namespace kiosk::questionnaire::testing;
namespace fs = std::filesystem;

TEST_CASE("the all-types fixture loads into the model with every field", "[loader]") {
    Questionnaire q = load_ok_file(fixtures() / "all-types.json");
    CHECK(q.id == "all-types");
    CHECK(q.url == "https://fhir.intake-kiosk.example/Questionnaire/all-types");
    CHECK(q.canonical() == "https://fhir.intake-kiosk.example/Questionnaire/all-types|1.0.0");
    CHECK(q.title.get("nl") == "Alles");
    CHECK(q.title.get("en") == "Everything");
    CHECK(q.title.get("fr") == "Alles");  // falls back to the base language
    CHECK(q.language == "nl");
    CHECK(q.languages == std::vector<std::string>{"en"});
    CHECK(q.all_languages() == std::vector<std::string>{"nl", "en"});
    CHECK(q.variant == "full");
    CHECK(q.minutes == 5);
    CHECK(q.icon == "heart");

    const Item* mood = q.find("mood");
    REQUIRE(mood);
    CHECK(mood->type == ItemType::Integer);
    CHECK(mood->min_value == 0);
    CHECK(mood->max_value == 10);
    CHECK(mood->domain == "feelings");
    CHECK(mood->control == ItemControl::Slider);
    CHECK(mood->required);
    CHECK(mood->scale_low.get("en") == "very bad");
    CHECK(mood->scale_high.get("nl") == "heel goed");
    CHECK(mood->pictogram == "face");

    const Item* name = q.find("name");
    REQUIRE(name);
    CHECK(name->max_length == 20);
    CHECK(name->read_aloud.get("en") == "What's your name?");

    const Item* body = q.find("body");
    REQUIRE(body);
    REQUIRE(body->options.size() == 3);
    CHECK(body->options[1].ordinal == 5.0);
    CHECK(body->options[1].pictogram == "face-ok");
    CHECK(body->options[1].read_aloud.get("en") == "It is so-so");
    CHECK(body->options[2].display.get("en") == "Good");
    CHECK(std::get<Coding>(body->options[0].value).system == "https://fhir.intake-kiosk.example/CodeSystem/face");

    const Item* contact = q.find("contact");  // options from the contained ValueSet
    REQUIRE(contact);
    REQUIRE(contact->options.size() == 3);
    CHECK(std::get<Coding>(contact->options[2].value).code == "visit");
    CHECK(contact->options[2].display.get("en") == "A visit");
    CHECK(contact->control == ItemControl::DropDown);

    const Item* time = q.find("time");
    REQUIRE(time);
    CHECK(time->enable_behavior == EnableBehavior::Any);
    REQUIRE(time->initial.size() == 1);
    CHECK(std::get<std::string>(time->initial[0]) == "ochtend");
    CHECK(time->options[1].display.get("en") == "afternoon");

    const Item* worries = q.find("worries");
    REQUIRE(worries);
    CHECK(worries->type == ItemType::Group);
    REQUIRE(worries->enable_when.size() == 1);
    CHECK(worries->enable_when[0].op == EnableOperator::Less);
    CHECK(worries->children.at(0).sensitive_why.get("en") == "So we can help better.");
    CHECK(q.find("themes")->repeats);
    CHECK(q.find("welcome")->type == ItemType::Display);
    CHECK(q.find("nope") == nullptr);
}

struct Expected {
    const char* file;
    const char* link_id;
    const char* fragment;
};

TEST_CASE("each broken fixture is refused naming file and linkId and the problem", "[loader][broken]") {
    const std::vector<Expected> cases = {
        {"bad-json.json", "", "not valid JSON: parse error at line 6"},
        {"empty.json", "", "not valid JSON"},
        {"invalid-utf8.json", "", "ill-formed UTF-8"},
        {"top-level-array.json", "", "not a JSON object"},
        {"json-nested-too-deep.json", "", "nested deeper than 64"},
        {"not-a-questionnaire.json", "", "resourceType must be \"Questionnaire\""},
        {"wrong-type-required.json", "mood", "required must be true or false"},
        {"wrong-type-text.json", "name", "text must be a string"},
        {"dangling-enablewhen.json", "pet-name", "'pets', which is not a linkId"},
        {"duplicate-linkid.json", "mood", "duplicate linkId"},
        {"missing-translation.json", "born", "no 'en' translation of text"},
        {"unsupported-item-type.json", "born", "item type 'attachment' (a file or photo) cannot be answered"},
        {"scale-without-bounds.json", "sleep", "scores in a domain, so an integer item needs minValue and maxValue"},
        {"unknown-modifier-extension.json", "weight", "unknown modifierExtension"},
        {"missing-linkid.json", "#2.2", "has no linkId"},
        {"enablewhen-wrong-answer-type.json", "pet-name", "needs answerBoolean"},
        {"enablewhen-bad-operator.json", "pet-name", "operator '~'"},
        {"enablewhen-cycle.json", "pet", "enableWhen conditions go round in a circle: 'pet -> pet-name -> pet'"},
        {"answervalueset-not-contained.json", "contact", "names no contained ValueSet"},
        {"unknown-extension-of-ours.json", "mood", "'domian' of ours is unknown"},
        {"domain-option-without-ordinal.json", "body", "needs an ordinalValue"},
        {"unknown-domain.json", "mood", "domain 'happiness'"},
        {"min-above-max.json", "sleep", "minValue is larger than maxValue"},
        {"sensitive-required.json", "worry", "must not be required"},
        {"integer-with-decimal-answer.json", "mood", "must be a whole number"},
        {"items-nested-too-deep.json", "level-8", "nested deeper than 8 levels"},
    };
    std::set<std::string> covered;
    for (const auto& c : cases) {
        const fs::path file = fixtures() / "broken" / c.file;
        covered.insert(c.file);
        LoadResult r = load_questionnaire_file(file);
        INFO(c.file << "\n" << problems_text(r));
        CHECK_FALSE(r.questionnaire.has_value());
        REQUIRE_FALSE(r.problems.empty());
        bool found = false;
        for (const auto& p : r.problems) {
            CHECK(p.file == file.string());
            if (p.link_id == c.link_id && p.message.find(c.fragment) != std::string::npos) found = true;
        }
        CHECK(found);
        // The printed form names file and linkId.
        const std::string line = format_problem(r.problems.front());
        CHECK(line.rfind(file.string() + ":", 0) == 0);
    }
    // Every fixture in the folder is listed above (and so refused for the right reason).
    int files = 0;
    for (const auto& e : fs::directory_iterator(fixtures() / "broken")) {
        ++files;
        CHECK(covered.count(e.path().filename().string()) == 1);
    }
    CHECK(files >= 15);
}

TEST_CASE("a problem prints as file:linkId: message", "[loader]") {
    CHECK(format_problem({"a.json", "q1", "duplicate linkId"}) == "a.json:q1: duplicate linkId");
    CHECK(format_problem({"a.json", "", "status is missing"}) == "a.json: status is missing");
    auto r = load_questionnaire_file(fixtures() / "does-not-exist.json");
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].message == "no such file");
}

TEST_CASE("huge or deep or many-item input is refused without a crash", "[loader][hostile]") {
    kiosk::test::TempDir dir("huge");
    SECTION("a file over the size limit") {
        const fs::path big = dir / "big.json";
        {
            std::ofstream o(big);
            o << R"({"resourceType": "Questionnaire", "id": "big", "description": ")";
            o << std::string(kMaxFileBytes, 'x') << R"("})";
        }
        auto r = load_questionnaire_file(big);
        REQUIRE(r.problems.size() == 1);
        CHECK(r.problems[0].message.find("larger than 4 MiB") != std::string::npos);
    }
    SECTION("100,000 nested arrays") {
        std::string text = R"({"resourceType": "Questionnaire", "item": )" + std::string(100000, '[') + std::string(100000, ']') + "}";
        auto r = load_questionnaire_json(text, "deep.json");
        REQUIRE(r.problems.size() == 1);
        CHECK(r.problems[0].message.find("nested deeper") != std::string::npos);
    }
    SECTION("more items than the limit") {
        std::string items = "[";
        for (std::size_t i = 0; i <= kMaxItems; ++i)
            items += (i ? "," : "") + std::string(R"({"linkId": "q)") + std::to_string(i) + R"(", "type": "boolean", "text": "Ja?"})";
        items += "]";
        auto r = load_questionnaire_json(wrap(items), "many.json");
        REQUIRE_FALSE(r.questionnaire);
        CHECK(problems_text(r).find("more than 2000 items") != std::string::npos);
    }
}

TEST_CASE("randomly damaged questionnaires never crash the loader", "[loader][fuzz]") {
    const std::string good = kiosk::test::read_file(fixtures() / "all-types.json");
    std::mt19937 rng(20261129);  // fixed seed: a failure can be reproduced
    const std::string alphabet = "{}[]\":,0123456789.-eE truefalsnul\\\x01\xff";
    int refused = 0;
    for (int round = 0; round < 1500; ++round) {
        std::string text = good;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            std::size_t pos = rng() % text.size();
            switch (rng() % 4) {
                case 0: text[pos] = alphabet[rng() % alphabet.size()]; break;
                case 1: text.erase(pos, 1 + rng() % 20); break;
                case 2: text.insert(pos, 1, alphabet[rng() % alphabet.size()]); break;
                default: text = text.substr(0, pos); break;
            }
            if (text.empty()) text = "{";
        }
        LoadResult r = load_questionnaire_json(text, "fuzz.json");
        if (!r.questionnaire) {
            ++refused;
            REQUIRE_FALSE(r.problems.empty());
            for (const auto& p : r.problems) {
                CHECK(p.file == "fuzz.json");
                CHECK(p.message.find('\n') == std::string::npos);
            }
        } else {
            CHECK(r.problems.empty());
        }
    }
    CHECK(refused > 1000);  // almost every damage is noticed
}

TEST_CASE("JSON of the wrong shape deep inside is a Problem and not an exception", "[loader]") {
    const std::vector<std::string> shapes = {
        R"([{"linkId": "a", "type": "boolean", "text": "Ja?", "enableWhen": [{"question": 5, "operator": "exists", "answerBoolean": true}]}])",
        R"([{"linkId": "a", "type": "choice", "text": "Kies", "answerOption": [{"valueCoding": "x"}]}])",
        R"([{"linkId": "a", "type": "choice", "text": "Kies", "answerOption": [{"valueCoding": {"code": "x"}, "extension": 3}]}])",
        R"([{"linkId": "a", "type": "string", "text": "Naam", "_text": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/translation", "extension": 7}]}}])",
        R"([{"linkId": "a", "type": "integer", "text": "Cijfer", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": "0"}]}])",
        R"([{"linkId": "a", "type": "group", "text": "Groep", "item": {"linkId": "b"}}])",
        R"({"linkId": "a"})",
        R"([])",
        R"([{"linkId": ["a"], "type": "boolean", "text": "Ja?"}])",
        R"([{"linkId": "a", "type": "choice", "text": "Kies", "answerOption": [{"valueCoding": {"code": "x"}, "initialSelected": "yes"}]}])",
    };
    for (const auto& items : shapes) {
        INFO(items);
        LoadResult r = load_questionnaire_json(wrap(items), "shape.json");
        CHECK_FALSE(r.questionnaire);
        CHECK_FALSE(r.problems.empty());
    }
}

TEST_CASE("FHIR's extension rule - unknown extensions are ignored and unknown modifiers refused", "[loader]") {
    auto ok = load_questionnaire_json(
        wrap(R"([{"linkId": "a", "type": "boolean", "text": "Ja?", "extension": [{"url": "http://example.org/x", "valueString": "y"}]}])",
             R"("extension": [{"url": "http://example.org/whatever", "valueBoolean": true}], )"),
        "ext.json");
    CHECK(ok.questionnaire);
    auto bad = load_questionnaire_json(
        wrap(R"([{"linkId": "a", "type": "boolean", "text": "Ja?"}])", R"("modifierExtension": [{"url": "http://example.org/m", "valueBoolean": true}], )"),
        "mod.json");
    CHECK_FALSE(bad.questionnaire);
    CHECK(problems_text(bad).find("mod.json: unknown modifierExtension 'http://example.org/m'") != std::string::npos);
}

TEST_CASE("answerValueSet may use a contained expansion", "[loader]") {
    Questionnaire q = load_ok(wrap(
        R"([{"linkId": "a", "type": "choice", "text": "Kies", "answerValueSet": "#vs"}])",
        R"("contained": [{"resourceType": "ValueSet", "id": "vs", "status": "active", "expansion": {"timestamp": "2026-01-01", "contains": [
              {"system": "http://example.org/cs", "code": "x", "display": "Iks"}, {"system": "http://example.org/cs", "code": "y", "display": "Ij"}]}}], )"));
    REQUIRE(q.find("a")->options.size() == 2);
    CHECK(std::get<Coding>(q.find("a")->options[1].value).code == "y");
    CHECK(q.find("a")->options[1].display.get("nl") == "Ij");
}

TEST_CASE("published samples we did not write - the LHC and the SDC PHQ-9 load, their totals calculated", "[loader][external]") {
    Questionnaire phq = load_ok_file(fixtures() / "external" / "lhc-phq9.json");
    CHECK(phq.language == "en");  // absent in the file: FHIR samples are English
    const Item* q1 = phq.find("/44250-9");
    REQUIRE(q1);
    REQUIRE(q1->options.size() == 4);
    CHECK(q1->options[3].ordinal == 3.0);
    CHECK(q1->control == ItemControl::DropDown);
    REQUIRE(phq.find("/44261-6"));
    CHECK_FALSE(phq.find("/44261-6")->calculated.empty());  // the total is computed, not asked

    Questionnaire sdc = load_ok_file(fixtures() / "external" / "sdc-phq9.json");
    REQUIRE(sdc.find("H1/TS"));
    CHECK(sdc.find("H1/TS")->type == ItemType::Quantity);
    CHECK(sdc.find("H1/TS")->calculated.text == "answers().sum(value.ordinal())");
}

TEST_CASE("every shipped questionnaire loads", "[loader][content]") {
    const fs::path dir = fs::path(KIOSK_SOURCE_DIR) / "assets" / "questionnaires";
    REQUIRE(fs::is_directory(dir));
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().extension() != ".json") continue;
        ++n;
        Questionnaire q = load_ok_file(e.path());
        CHECK(q.id == e.path().stem().string());  // the kiosk shows it as choose.<id>
    }
    // The kiosk ships at least the how-are-you family, intake, satisfaction and
    // consent: an empty or moved folder must fail here, not pass with nothing read.
    CHECK(n >= 5);
}
