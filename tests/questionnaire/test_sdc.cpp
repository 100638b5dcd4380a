// The new subset of issue 16 on our own fixture (tests/data/questionnaires/sdc/features.json):
// no id, quantity, open-choice, time, dateTime, items under a question,
// hidden, answerValueSet by canonical url, enableWhen on a later (calculated)
// item, enableWhenExpression, initialExpression, variables and calculated
// items (a PHQ-style sum of ordinal values and a BMI) that are never asked.
#include <nlohmann/json.hpp>

#include "helpers.hpp"
#include "questionnaire/interview.hpp"
#include "test_support.hpp"

using namespace kiosk::questionnaire;
using namespace kiosk::questionnaire::testing;
using json = nlohmann::json;

namespace {

Questionnaire features() { return load_ok_file(fixtures() / "sdc" / "features.json"); }

Coding often(const std::string& code) {
    Coding c;
    c.system = "https://fhir.intake-kiosk.example/CodeSystem/often";
    c.code = code;
    return c;
}

// Steps forward (next, or skip when next is refused) until the step with this linkId.
void go_to(Interview& iv, const std::string& link) {
    for (int guard = 0; guard < 50 && iv.current() && iv.current()->link_id != link; ++guard) {
        if (!iv.next().ok()) REQUIRE(iv.skip().ok());
    }
    REQUIRE(iv.current());
    REQUIRE(iv.current()->link_id == link);
}

std::vector<std::string> step_ids(const Questionnaire& q) {
    kiosk::ManualClock clock;
    Interview iv(q, clock);
    std::vector<std::string> out;
    while (iv.current()) {
        out.push_back(iv.current()->link_id);
        if (!iv.next().ok()) REQUIRE(iv.skip().ok());
    }
    return out;
}

}  // namespace

TEST_CASE("a questionnaire without id takes its url's last segment, then the file name", "[sdc]") {
    CHECK(features().id == "sdc-features");
    auto q = load_ok(R"({"resourceType": "Questionnaire", "status": "active", "item": [{"linkId": "a", "type": "boolean", "text": "Yes?"}]})");
    CHECK(q.id == "inline");  // "inline.json" without the extension
    auto u = load_ok(R"({"resourceType": "Questionnaire", "status": "active", "url": "http://example.org/Questionnaire/my form|2",
        "item": [{"linkId": "a", "type": "boolean", "text": "Yes?"}]})");
    CHECK(u.id == "my-form");
}

TEST_CASE("hidden and calculated items are never steps, and a question's own items follow it", "[sdc]") {
    auto q = features();
    auto steps = step_ids(q);
    // senior (age not 65+), early-note (total below 5) and pet-age (no pet chosen) are disabled;
    // bmi and total are calculated; source is hidden.
    CHECK(steps == std::vector<std::string>{"intro", "age", "weight", "height", "pet", "bedtime", "last-visit", "today", "name",
                                            "f1", "f2", "f3"});
    kiosk::ManualClock clock;
    Interview iv(q, clock);
    go_to(iv, "pet");
    REQUIRE(iv.answer(Value{std::string("A goldfish")}).ok());  // open-choice: the resident's own words
    REQUIRE(iv.next().ok());
    CHECK(iv.current()->link_id == "pet-age");  // asked after the question it sits under
    CHECK(iv.is_hidden("source"));
    CHECK(iv.is_computed("bmi"));
    CHECK(iv.answers("source") == std::vector<Value>{Value{std::string("library")}});  // its initial value, never asked
}

TEST_CASE("the BMI and the PHQ-style total are computed from the answers I choose", "[sdc]") {
    kiosk::ManualClock clock;
    Interview iv(features(), clock);
    CHECK(iv.answers("bmi").empty());  // nothing to compute from yet: no made-up value
    CHECK(iv.answers("total") == std::vector<Value>{Value{std::int64_t{0}}});  // an empty sum is 0
    go_to(iv, "weight");
    Quantity w;
    w.value = 176.37;  // pounds: converted to kg by the expression's toQuantity('kg')
    w.code = "[lb_av]";
    REQUIRE(iv.answer(Value{w}).ok());
    REQUIRE(iv.next().ok());
    REQUIRE(iv.answer(Value{180.0}).ok());
    // 176.37 lb = 80.0 kg; 80 / 1.8^2 = 24.69 -> 24.7
    REQUIRE(iv.answers("bmi").size() == 1);
    CHECK(std::get<double>(iv.answers("bmi")[0]) == Approx(24.7));
    go_to(iv, "f1");
    REQUIRE(iv.answer(Value{often("always")}).ok());  // 3
    REQUIRE(iv.next().ok());
    REQUIRE(iv.answer(Value{often("sometimes")}).ok());  // 1
    REQUIRE(iv.next().ok());
    CHECK(iv.answers("total") == std::vector<Value>{Value{std::int64_t{4}}});
    CHECK_FALSE(iv.is_enabled("early-note"));
    REQUIRE(iv.answer(Value{often("often")}).ok());  // 2 -> 6
    CHECK(iv.answers("total") == std::vector<Value>{Value{std::int64_t{6}}});
    // An item before it, with enableWhen on the (later, calculated) total, opens.
    CHECK(iv.is_enabled("early-note"));
    // Changing an answer recomputes; the opened item closes again and loses nothing it did not have.
    REQUIRE(iv.answer(Value{often("never")}).ok());
    CHECK(iv.answers("total") == std::vector<Value>{Value{std::int64_t{4}}});
    CHECK_FALSE(iv.is_enabled("early-note"));

    json r = json::parse(iv.response_json(ResponseStatus::Completed));
    CHECK(find_item(r["item"], "bmi")["answer"][0]["valueDecimal"] == Approx(24.7));
    CHECK(find_item(r["item"], "total")["answer"][0]["valueInteger"] == 4);
    CHECK(find_item(r["item"], "source")["answer"][0]["valueString"] == "library");
    auto w_json = find_item(r["item"], "weight")["answer"][0]["valueQuantity"];
    CHECK(w_json["code"] == "[lb_av]");
    CHECK(w_json["unit"] == "pound");
    CHECK(w_json["system"] == "http://unitsofmeasure.org");
    auto p = iv.progress();
    CHECK(p.computed == 2);
    CHECK(p.hidden == 1);
}

TEST_CASE("enableWhenExpression, initialExpression and launch contexts that are empty offline", "[sdc]") {
    kiosk::ManualClock clock;  // 2026-05-28
    Interview iv(features(), clock);
    CHECK(iv.answers("today") == std::vector<Value>{Value{Date{"2026-05-28"}}});  // initialExpression today()
    CHECK(iv.answers("name").empty());  // %patient: no patient record on a kiosk, so no pre-filled name
    CHECK_FALSE(iv.is_enabled("senior"));
    go_to(iv, "age");
    REQUIRE(iv.answer(Value{std::int64_t{70}}).ok());  // no minValue/maxValue: a count on the number pad
    CHECK(iv.is_enabled("senior"));
    REQUIRE(iv.answer(Value{std::int64_t{30}}).ok());
    CHECK_FALSE(iv.is_enabled("senior"));
    CHECK(iv.expression_problems().empty());
}

TEST_CASE("quantity, time, dateTime and decimal answers are checked", "[sdc]") {
    kiosk::ManualClock clock;
    Interview iv(features(), clock);
    go_to(iv, "weight");
    Quantity stone;
    stone.value = 12;
    stone.code = "[stone_av]";
    CHECK_FALSE(iv.answer(Value{stone}).ok());   // not one of its units
    CHECK(iv.answer(Value{72.5}).ok());           // a bare number takes the first unit
    CHECK(std::get<Quantity>(iv.answers("weight")[0]).code == "kg");
    REQUIRE(iv.next().ok());
    CHECK_FALSE(iv.answer(Value{172.25}).ok());  // maxDecimalPlaces 1
    CHECK_FALSE(iv.answer(Value{20.0}).ok());    // below minValue 50
    CHECK(iv.answer(Value{172.5}).ok());
    go_to(iv, "bedtime");
    CHECK_FALSE(iv.answer(Value{Time{"25:00"}}).ok());
    REQUIRE(iv.answer(Value{Time{"22:30"}}).ok());
    CHECK(std::get<Time>(iv.answers("bedtime")[0]).iso == "22:30:00");
    REQUIRE(iv.next().ok());
    CHECK_FALSE(iv.answer(Value{DateTime{"2026-11-29T10:00"}}).ok());  // a time needs a zone in FHIR
    CHECK(iv.answer(Value{DateTime{"2026-11-29T10:00:00+01:00"}}).ok());
    json r = json::parse(iv.response_json(ResponseStatus::Completed));
    CHECK(find_item(r["item"], "bedtime")["answer"][0]["valueTime"] == "22:30:00");
    CHECK(find_item(r["item"], "last-visit")["answer"][0]["valueDateTime"] == "2026-11-29T10:00:00+01:00");
}

TEST_CASE("items under a question sit inside its answer in the response", "[sdc]") {
    kiosk::ManualClock clock;
    Interview iv(features(), clock);
    go_to(iv, "pet");
    Coding cat;
    cat.system = "https://fhir.intake-kiosk.example/CodeSystem/pet";
    cat.code = "cat";
    REQUIRE(iv.answer(Value{cat}).ok());
    REQUIRE(iv.next().ok());
    REQUIRE(iv.answer(Value{std::int64_t{3}}).ok());
    json r = json::parse(iv.response_json(ResponseStatus::Completed));
    json pet = find_item(r["item"], "pet");
    CHECK(pet["answer"][0]["valueCoding"]["display"] == "A cat");
    CHECK(pet["answer"][0]["item"][0]["linkId"] == "pet-age");
    CHECK(pet["answer"][0]["item"][0]["answer"][0]["valueInteger"] == 3);
    CHECK_FALSE(pet.contains("item"));
    // Unanswering the question closes its items (their answer has nowhere to go).
    while (iv.current() == nullptr || iv.current()->link_id != "pet") REQUIRE(iv.back().ok());
    REQUIRE(iv.clear().ok());
    CHECK_FALSE(iv.is_enabled("pet-age"));
}

TEST_CASE("a snapshot keeps answers but not computed values, and restore computes them again", "[sdc]") {
    kiosk::ManualClock clock;
    Interview iv(features(), clock);
    go_to(iv, "f1");
    REQUIRE(iv.answer(Value{often("always")}).ok());
    const std::string snap = iv.snapshot();
    CHECK(snap.find("\"total\"") == std::string::npos);
    auto back = Interview::restore(features(), clock, snap);
    REQUIRE(back.ok());
    CHECK(back->answers("total") == std::vector<Value>{Value{std::int64_t{3}}});
}

TEST_CASE("the loader refuses what the kiosk cannot run, naming the item and the part", "[sdc]") {
    auto refused = [](const std::string& items, const std::string& extra = "") {
        auto r = load_questionnaire_json(wrap(items, extra), "inline.json");
        REQUIRE_FALSE(r.questionnaire.has_value());
        return problems_text(r);
    };
    auto one = [](const std::string& ext) {
        return R"([{"linkId": "score", "type": "decimal", "text": "Score", "extension": [)" + ext + "]}]";
    };
    auto expr = [](const std::string& e, const std::string& lang = "text/fhirpath") {
        return R"({"url": "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression",
                   "valueExpression": {"language": ")" + lang + R"(", "expression": ")" + e + R"("}})";
    };
    CHECK(refused(one(expr("%resource.item.resolve()"))).find(
              "inline.json:score: calculatedExpression '%resource.item.resolve()': function 'resolve()' is outside the supported FHIRPath subset") !=
          std::string::npos);
    CHECK(refused(one(expr("CalculateTotalScore", "text/cql"))).find("inline.json:score: calculatedExpression in 'text/cql': only text/fhirpath") !=
          std::string::npos);
    CHECK(refused(one(expr("%nowhere + 1"))).find("inline.json:score: calculatedExpression reads %nowhere, which no variable or launch context defines") !=
          std::string::npos);
    CHECK(refused(R"([{"linkId": "photo", "type": "attachment", "text": "A photo"}])").find("inline.json:photo: item type 'attachment'") != std::string::npos);
    CHECK(refused(R"([{"linkId": "gp", "type": "reference", "text": "Your GP"}])").find("inline.json:gp: item type 'reference' needs a FHIR server") !=
          std::string::npos);
    CHECK(refused(R"([{"linkId": "c", "type": "choice", "text": "C", "answerValueSet": "http://loinc.org/vs/LL358-3"}])")
              .find("inline.json:c: answerValueSet 'http://loinc.org/vs/LL358-3' is not in the questionnaire: it needs a terminology server") !=
          std::string::npos);
    CHECK(refused(R"([{"linkId": "pick", "type": "choice", "text": "Pick", "extension": [{"url": "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerExpression",
                         "valueExpression": {"language": "text/fhirpath", "expression": "%resource.item.answer.value"}}]}])")
              .find("inline.json:pick: answerExpression '%resource.item.answer.value' reads %resource: answer options computed while filling in") !=
          std::string::npos);
    CHECK(refused(one(R"({"url": "http://hl7.org/fhir/StructureDefinition/cqf-expression", "valueExpression": {"language": "text/cql", "expression": "X"}})"))
              .find("inline.json:score: a CQL expression") != std::string::npos);
    // A value set the FHIR specification fixes is known offline.
    auto q = load_ok(wrap(R"([{"linkId": "c", "type": "choice", "text": "C", "answerValueSet": "http://hl7.org/fhir/ValueSet/yesnodontknow"}])"));
    CHECK(q.items[0].options.size() == 3);
    // "required": false on a display item says nothing and is accepted.
    load_ok(wrap(R"([{"linkId": "d", "type": "display", "text": "Hello", "required": false}])"));
}

// Slips real published forms make that change nothing a resident is asked: the loader accepts them with a
// note naming file and linkId (kioskctl check prints it) instead of refusing the whole form.
TEST_CASE("slips that change nothing asked load with a note, and each does what the form means", "[sdc][tolerated]") {
    const auto file = fixtures() / "tolerated" / "slips.json";
    auto r = load_questionnaire_file(file);
    INFO(problems_text(r));
    REQUIRE(r.questionnaire.has_value());
    std::string notes;
    for (const auto& n : r.notes) notes += format_problem(n) + "\n";
    INFO(notes);
    auto has = [&](const std::string& line) { return notes.find(file.string() + line) != std::string::npos; };
    CHECK(has(": status is missing (R4 requires it): read as 'unknown'"));
    CHECK(has(": id 'Our clinic-intake form' is not a FHIR id"));
    CHECK(has(":sleep: element 'option' is STU3"));
    CHECK(has(":stage: a choice item without answerOption or answerValueSet has nothing to choose from: not asked"));
    CHECK(has(":system: initialExpression has a valueString"));
    CHECK(r.notes.size() == 5);
    const Questionnaire& q = *r.questionnaire;
    CHECK(q.status == "unknown");
    CHECK(q.id == "clinic-intake");  // the url's last segment, as for a form without id
    // STU3 option: the options are offered.
    REQUIRE(q.find("sleep")->options.size() == 2);
    // The choice without options is never a step; the rest is asked.
    CHECK(step_ids(q) == std::vector<std::string>{"sleep", "name"});
    kiosk::ManualClock clock;
    Interview iv(q, clock);
    CHECK(iv.is_hidden("stage"));
    CHECK(iv.answers("system").empty());  // the malformed initialExpression gives no made-up value
    REQUIRE(iv.answer(Value{q.find("sleep")->options[1].value}).ok());
    json resp = json::parse(iv.response_json(ResponseStatus::Completed));
    CHECK(find_item(resp["item"], "sleep")["answer"][0]["valueCoding"]["code"] == "badly");
    CHECK(find_item(resp["item"], "stage").is_null());
    CHECK(find_item(resp["item"], "system").is_null());
}

TEST_CASE("what is wrong in a way that matters stays refused", "[sdc][tolerated]") {
    auto refused = [](const std::string& text) {
        auto r = load_questionnaire_json(text, "inline.json");
        CHECK_FALSE(r.questionnaire.has_value());
        return problems_text(r);
    };
    // A status that is there but not a FHIR publication status, or not a string.
    CHECK(refused(R"({"resourceType": "Questionnaire", "status": "published", "item": [{"linkId": "a", "type": "boolean", "text": "A?"}]})")
              .find("status 'published' is not a FHIR publication status") != std::string::npos);
    CHECK(refused(R"({"resourceType": "Questionnaire", "status": 1, "item": [{"linkId": "a", "type": "boolean", "text": "A?"}]})")
              .find("status must be a string") != std::string::npos);
    // STU3 option beside R4 answerOption: which one is meant is unclear.
    CHECK(refused(wrap(R"([{"linkId": "c", "type": "choice", "text": "C", "answerOption": [{"valueString": "x"}], "option": [{"valueString": "y"}]}])"))
              .find("inline.json:c: element 'option' is not supported") != std::string::npos);
    // A calculatedExpression or enableWhenExpression without its Expression: asking instead would make up answers.
    CHECK(refused(wrap(R"([{"linkId": "s", "type": "integer", "text": "S", "extension": [{"url":
              "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression", "valueString": "1 + 1"}]}])"))
              .find("inline.json:s: calculatedExpression needs a valueExpression") != std::string::npos);
    // Notes are not refusals: a clean form has none.
    auto clean = load_questionnaire_json(wrap(R"([{"linkId": "a", "type": "boolean", "text": "A?"}])"), "inline.json");
    CHECK(clean.notes.empty());
}

TEST_CASE("a simple answerExpression, read from the questionnaire itself, gives the options", "[sdc]") {
    const std::string vs = R"("contained": [{"resourceType": "ValueSet", "id": "colours", "status": "active", "expansion": {"contains": [
        {"system": "http://example.org/colour", "code": "red", "display": "Red"},
        {"system": "http://example.org/colour", "code": "blue", "display": "Blue"}]}}], )";
    auto ae = [](const std::string& e, const std::string& type = "choice") {
        return R"([{"linkId": "c", "type": ")" + type + R"(", "text": "Colour?", "extension": [{"url":
            "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerExpression",
            "valueExpression": {"language": "text/fhirpath", "expression": ")" + e + R"("}}]}])";
    };
    auto q = load_ok(wrap(ae("%questionnaire.contained.where(id = 'colours').expansion.contains"), vs));
    REQUIRE(q.items[0].options.size() == 2);
    CHECK(std::get<Coding>(q.items[0].options[1].value).code == "blue");
    CHECK(std::get<Coding>(q.items[0].options[1].value).system == "http://example.org/colour");
    CHECK(q.items[0].options[1].display.base == "Blue");
    // The resident answers one of them, as with answerOption.
    kiosk::ManualClock clock;
    Interview iv(q, clock);
    REQUIRE(iv.answer(q.items[0].options[0].value).ok());
    json resp = json::parse(iv.response_json(ResponseStatus::Completed));
    CHECK(find_item(resp["item"], "c")["answer"][0]["valueCoding"]["code"] == "red");
    // Strings and integers work too (open-choice keeps its own words).
    auto strings = load_ok(wrap(ae("('small' | 'large')", "open-choice")));
    REQUIRE(strings.items[0].options.size() == 2);
    CHECK(std::get<std::string>(strings.items[0].options[0].value) == "small");
    // Nothing to choose from, or beside answerOption: refused, naming the item.
    auto refused = [](const std::string& text) {
        auto r = load_questionnaire_json(text, "inline.json");
        CHECK_FALSE(r.questionnaire.has_value());
        return problems_text(r);
    };
    CHECK(refused(wrap(ae("%questionnaire.contained.where(id = 'none').expansion.contains"), vs)).find("inline.json:c: answerExpression") !=
          std::string::npos);
    CHECK(refused(wrap(ae("today()"))).find("reads the clock") != std::string::npos);
}
