// The interview state machine: stepping, answering each item type, every
// enableWhen operator, skip, back after a branch change, language switch,
// pause/resume, scoring and the QuestionnaireResponse it writes.
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "helpers.hpp"
#include "questionnaire/interview.hpp"

using namespace kiosk::questionnaire;
using namespace kiosk::questionnaire::testing;
using json = nlohmann::json;

namespace {

const std::string kTheme = "https://fhir.intake-kiosk.example/CodeSystem/theme";
const std::string kContact = "https://fhir.intake-kiosk.example/CodeSystem/contact";
const std::string kFace = "https://fhir.intake-kiosk.example/CodeSystem/face";

Coding code(const std::string& system, const std::string& c) { return Coding{system, c, {}}; }
Value num(std::int64_t i) { return Value{i}; }

// Moves to the step with this linkId (answering nothing); fails the test when it is not reachable.
void go_to(Interview& iv, const std::string& link_id) {
    iv.restart();
    while (iv.current() && iv.current()->link_id != link_id) {
        if (!iv.can_go_next()) {
            REQUIRE(iv.skip().ok());
            continue;
        }
        REQUIRE(iv.next().ok());
    }
    REQUIRE(iv.current());
}

json response(const Interview& iv, ResponseStatus s = ResponseStatus::Completed) { return json::parse(iv.response_json(s)); }

}  // namespace

TEST_CASE("an interview starts on the first step and steps through groups", "[interview]") {
    kiosk::ManualClock clock;
    Interview iv(load_ok_file(fixtures() / "all-types.json"), clock, "nl");
    REQUIRE(iv.current());
    CHECK(iv.current()->link_id == "welcome");  // a display item is its own info step
    CHECK(iv.can_go_next());
    CHECK_FALSE(iv.can_go_back());
    CHECK_FALSE(iv.answer(Value{true}).ok());  // an info step takes no answer
    REQUIRE(iv.next().ok());
    CHECK(iv.current()->link_id == "name");  // the group "about" is flattened
    REQUIRE(iv.current_groups().size() == 1);
    CHECK(iv.current_groups()[0]->link_id == "about");
    CHECK(iv.can_go_back());
    Progress p = iv.progress();
    CHECK(p.position == 2);
    CHECK(p.answered == 0);
    // Enabled at the start: name, born, mood, sleep, weight, pet, body, themes, contact, consent.
    CHECK(p.total_enabled == 10);
    CHECK(p.steps == 11);
}

TEST_CASE("each item type takes its own kind of answer and refuses others", "[interview][types]") {
    kiosk::ManualClock clock;
    Interview iv(load_ok_file(fixtures() / "all-types.json"), clock, "nl");

    go_to(iv, "name");  // string, maxLength 20
    CHECK_FALSE(iv.answer(num(3)).ok());
    CHECK_FALSE(iv.answer(Value{std::string()}).ok());
    CHECK_FALSE(iv.answer(Value{std::string(21, 'a')}).ok());
    CHECK(iv.answer(Value{std::string("Zoë Çelik-Ünal ééé")}).ok());  // 18 characters, more bytes
    CHECK(iv.answers("name").size() == 1);

    go_to(iv, "born");  // date
    CHECK_FALSE(iv.answer(Value{Date{"29-11-2026"}}).ok());
    CHECK_FALSE(iv.answer(Value{std::string("1960-01-01")}).ok());
    CHECK(iv.answer(Value{Date{"1960-02-29"}}).ok());

    go_to(iv, "mood");  // integer 0-10
    CHECK_FALSE(iv.answer(num(11)).ok());
    CHECK_FALSE(iv.answer(num(-1)).ok());
    CHECK_FALSE(iv.answer(Value{7.5}).ok());
    CHECK(iv.answer(num(7)).ok());

    go_to(iv, "weight");  // decimal 0.5-400; a whole number is a decimal too
    CHECK_FALSE(iv.answer(Value{0.1}).ok());
    CHECK_FALSE(iv.answer(Value{true}).ok());
    CHECK(iv.answer(num(80)).ok());
    CHECK(std::holds_alternative<double>(iv.answers("weight")[0]));
    CHECK(iv.answer(Value{72.5}).ok());

    go_to(iv, "pet");  // boolean
    CHECK_FALSE(iv.answer(Value{std::string("ja")}).ok());
    CHECK(iv.answer(Value{false}).ok());

    go_to(iv, "body");  // choice with codings
    CHECK_FALSE(iv.answer(Value{code(kFace, "angry")}).ok());
    CHECK_FALSE(iv.answer(Value{code("http://other.example/cs", "ok")}).ok());
    CHECK(iv.answer(Value{code(kFace, "ok")}).ok());
    // The stored answer is the option itself, with its displays.
    CHECK(std::get<Coding>(iv.answers("body")[0]).display.get("en") == "So-so");

    go_to(iv, "contact");  // choice from a contained ValueSet
    CHECK(iv.answer(Value{code(kContact, "phone")}).ok());
    go_to(iv, "time");  // choice with valueString options, enabled by contact = phone
    CHECK_FALSE(iv.answer(Value{std::string("avond")}).ok());
    CHECK(iv.answer(Value{std::string("middag")}).ok());

    go_to(iv, "consent");
    CHECK(iv.answer(Value{true}).ok());

    json r = response(iv);
    json items = r["item"];
    CHECK(find_item(items, "name")["answer"][0]["valueString"] == "Zoë Çelik-Ünal ééé");
    CHECK(find_item(items, "born")["answer"][0]["valueDate"] == "1960-02-29");
    CHECK(find_item(items, "mood")["answer"][0]["valueInteger"] == 7);
    CHECK(find_item(items, "weight")["answer"][0]["valueDecimal"] == 72.5);
    CHECK(find_item(items, "pet")["answer"][0]["valueBoolean"] == false);
    CHECK(find_item(items, "body")["answer"][0]["valueCoding"] ==
          json({{"system", kFace}, {"code", "ok"}, {"display", "Gaat wel"}}));
    CHECK(find_item(items, "contact")["answer"][0]["valueCoding"]["code"] == "phone");
    CHECK(find_item(items, "time")["answer"][0]["valueString"] == "middag");
    CHECK(find_item(items, "consent")["answer"][0]["valueBoolean"] == true);
    CHECK(find_item(items, "welcome").is_null());  // display items are not in the response
    // Items nest as in the questionnaire.
    CHECK(items[0]["linkId"] == "about");
    CHECK(items[0]["text"] == "Over u");
    CHECK(find_item(items[0]["item"], "mood")["answer"][0]["valueInteger"] == 7);
}

namespace {

// An integer question "n" (0-10) and one follow-up per operator.
std::string operator_items() {
    std::string items = R"([{"linkId": "n", "type": "integer", "text": "Getal?", "extension": [
        {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 0},
        {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 10}]})";
    auto follow = [](const std::string& id, const std::string& op, const std::string& answer) {
        return R"(, {"linkId": ")" + id + R"(", "type": "boolean", "text": "Vervolg?", "enableWhen": [{"question": "n", "operator": ")" + op +
               R"(", )" + answer + "}]}";
    };
    items += follow("exists", "exists", R"("answerBoolean": true)");
    items += follow("not-exists", "exists", R"("answerBoolean": false)");
    items += follow("eq", "=", R"("answerInteger": 5)");
    items += follow("ne", "!=", R"("answerInteger": 5)");
    items += follow("gt", ">", R"("answerInteger": 5)");
    items += follow("lt", "<", R"("answerInteger": 5)");
    items += follow("ge", ">=", R"("answerInteger": 5)");
    items += follow("le", "<=", R"("answerDecimal": 5.0)");
    return items + "]";
}

}  // namespace

TEST_CASE("every enableWhen operator on a number", "[interview][enableWhen]") {
    kiosk::ManualClock clock;
    Interview iv(load_ok(wrap(operator_items())), clock);
    auto enabled = [&](std::vector<std::string> ids) {
        std::vector<std::string> out;
        for (const auto& id : {"exists", "not-exists", "eq", "ne", "gt", "lt", "ge", "le"})
            if (iv.is_enabled(id)) out.push_back(id);
        CHECK(out == ids);
    };
    // No answer: only "exists = false" and "!=" (no answer equals 5) hold.
    enabled({"not-exists", "ne"});
    REQUIRE(iv.answer(num(4)).ok());
    enabled({"exists", "ne", "lt", "le"});
    REQUIRE(iv.answer(num(5)).ok());
    enabled({"exists", "eq", "ge", "le"});
    REQUIRE(iv.answer(num(6)).ok());
    enabled({"exists", "ne", "gt", "ge"});
    REQUIRE(iv.skip().ok());  // a skip is not an answer
    enabled({"not-exists", "ne"});
}

TEST_CASE("enableWhen on dates and strings and booleans and codings", "[interview][enableWhen]") {
    const std::string items = R"([
      {"linkId": "d", "type": "date", "text": "Datum?"},
      {"linkId": "after", "type": "boolean", "text": "Na?", "enableWhen": [{"question": "d", "operator": ">", "answerDate": "2000-01-01"}]},
      {"linkId": "s", "type": "string", "text": "Woord?"},
      {"linkId": "is-ja", "type": "boolean", "text": "Ja?", "enableWhen": [{"question": "s", "operator": "=", "answerString": "ja"}]},
      {"linkId": "b", "type": "boolean", "text": "Ja of nee?"},
      {"linkId": "not-b", "type": "boolean", "text": "Niet?", "enableWhen": [{"question": "b", "operator": "!=", "answerBoolean": true}]},
      {"linkId": "c", "type": "choice", "text": "Kies", "repeats": true, "answerOption": [
          {"valueCoding": {"system": "http://x.example/cs", "code": "r"}}, {"valueCoding": {"system": "http://x.example/cs", "code": "g"}}]},
      {"linkId": "has-r", "type": "boolean", "text": "Rood?", "enableWhen": [{"question": "c", "operator": "=", "answerCoding": {"system": "http://x.example/cs", "code": "r"}}]},
      {"linkId": "no-g", "type": "boolean", "text": "Geen groen?", "enableWhen": [{"question": "c", "operator": "!=", "answerCoding": {"code": "g"}}]}
    ])";
    kiosk::ManualClock clock;
    Interview iv(load_ok(wrap(items)), clock);
    REQUIRE(iv.answer(Value{Date{"1999-12-31"}}).ok());
    CHECK_FALSE(iv.is_enabled("after"));
    REQUIRE(iv.answer(Value{Date{"2000-01-02"}}).ok());
    CHECK(iv.is_enabled("after"));

    go_to(iv, "s");
    REQUIRE(iv.answer(Value{std::string("nee")}).ok());
    CHECK_FALSE(iv.is_enabled("is-ja"));
    REQUIRE(iv.answer(Value{std::string("ja")}).ok());
    CHECK(iv.is_enabled("is-ja"));

    go_to(iv, "b");
    CHECK(iv.is_enabled("not-b"));
    REQUIRE(iv.answer(Value{true}).ok());
    CHECK_FALSE(iv.is_enabled("not-b"));

    go_to(iv, "c");
    CHECK_FALSE(iv.is_enabled("has-r"));
    CHECK(iv.is_enabled("no-g"));
    REQUIRE(iv.toggle(Value{code("http://x.example/cs", "r")}).ok());
    REQUIRE(iv.toggle(Value{code("http://x.example/cs", "g")}).ok());  // several selections
    CHECK(iv.answers("c").size() == 2);
    CHECK(iv.is_enabled("has-r"));
    CHECK_FALSE(iv.is_enabled("no-g"));
    REQUIRE(iv.toggle(Value{code("http://x.example/cs", "r")}).ok());  // unselect
    CHECK(iv.answers("c").size() == 1);
    CHECK_FALSE(iv.is_enabled("has-r"));
}

TEST_CASE("enableBehavior all and any", "[interview][enableWhen]") {
    const std::string items = R"([
      {"linkId": "a", "type": "boolean", "text": "A?"},
      {"linkId": "b", "type": "boolean", "text": "B?"},
      {"linkId": "both", "type": "string", "text": "Beide?", "enableBehavior": "all", "enableWhen": [
         {"question": "a", "operator": "=", "answerBoolean": true}, {"question": "b", "operator": "=", "answerBoolean": true}]},
      {"linkId": "either", "type": "string", "text": "Een van beide?", "enableBehavior": "any", "enableWhen": [
         {"question": "a", "operator": "=", "answerBoolean": true}, {"question": "b", "operator": "=", "answerBoolean": true}]}
    ])";
    kiosk::ManualClock clock;
    Interview iv(load_ok(wrap(items)), clock);
    CHECK_FALSE(iv.is_enabled("both"));
    CHECK_FALSE(iv.is_enabled("either"));
    REQUIRE(iv.answer(Value{true}).ok());
    CHECK_FALSE(iv.is_enabled("both"));
    CHECK(iv.is_enabled("either"));
    REQUIRE(iv.next().ok());
    REQUIRE(iv.answer(Value{true}).ok());
    CHECK(iv.is_enabled("both"));
    CHECK(iv.is_enabled("either"));
    REQUIRE(iv.answer(Value{false}).ok());
    CHECK_FALSE(iv.is_enabled("both"));
    CHECK(iv.is_enabled("either"));
}

TEST_CASE("skip records 'I'd rather not say' and not an answer", "[interview][skip]") {
    kiosk::ManualClock clock;
    Interview iv(load_ok_file(fixtures() / "all-types.json"), clock, "nl");
    go_to(iv, "mood");
    CHECK_FALSE(iv.can_go_next());  // required
    CHECK_FALSE(iv.next().ok());
    REQUIRE(iv.skip().ok());  // every question can be skipped, required or not
    CHECK(iv.current()->link_id == "sleep");  // skip moves on
    CHECK(iv.is_skipped("mood"));
    CHECK(iv.answers("mood").empty());
    CHECK(iv.missing_required() == std::vector<std::string>{"consent"});
    Progress p = iv.progress();
    CHECK(p.answered == 1);
    CHECK(p.skipped == 1);
    // mood has no answer, so "mood < 5" is false: the worries group stays off.
    CHECK_FALSE(iv.is_enabled("worries"));

    json mood = find_item(response(iv, ResponseStatus::InProgress)["item"], "mood");
    CHECK_FALSE(mood.contains("answer"));
    CHECK(mood["extension"][0]["url"] == "http://hl7.org/fhir/StructureDefinition/data-absent-reason");
    CHECK(mood["extension"][0]["valueCode"] == "asked-declined");

    // Answering after a skip replaces the skip.
    REQUIRE(iv.back().ok());
    CHECK(iv.current()->link_id == "mood");
    REQUIRE(iv.answer(num(3)).ok());
    CHECK_FALSE(iv.is_skipped("mood"));
    CHECK(iv.is_enabled("worries"));
}

TEST_CASE("back after a branch change drops the answers of the closed branch", "[interview][back]") {
    kiosk::ManualClock clock;
    Interview iv(load_ok_file(fixtures() / "all-types.json"), clock, "nl");
    go_to(iv, "pet");
    REQUIRE(iv.answer(Value{true}).ok());
    REQUIRE(iv.next().ok());
    REQUIRE(iv.current()->link_id == "pet-name");
    REQUIRE(iv.answer(Value{std::string("Pluis")}).ok());
    REQUIRE(iv.next().ok());
    CHECK(iv.current()->link_id == "body");

    REQUIRE(iv.back().ok());
    REQUIRE(iv.back().ok());
    REQUIRE(iv.current()->link_id == "pet");
    REQUIRE(iv.answer(Value{false}).ok());  // the branch closes
    CHECK_FALSE(iv.is_enabled("pet-name"));
    CHECK(iv.answers("pet-name").empty());
    CHECK(find_item(response(iv)["item"], "pet-name").is_null());
    REQUIRE(iv.next().ok());
    CHECK(iv.current()->link_id == "body");  // the disabled step is passed
    REQUIRE(iv.back().ok());
    CHECK(iv.current()->link_id == "pet");  // and back passes it too

    REQUIRE(iv.answer(Value{true}).ok());  // reopened: asked again, not remembered
    CHECK(iv.is_enabled("pet-name"));
    CHECK(iv.answers("pet-name").empty());

    // A disabled group drops every answer inside it.
    go_to(iv, "mood");
    REQUIRE(iv.answer(num(2)).ok());
    go_to(iv, "worry");
    REQUIRE(iv.answer(Value{std::string("de huur")}).ok());
    go_to(iv, "mood");
    REQUIRE(iv.answer(num(9)).ok());
    CHECK_FALSE(iv.is_enabled("worry"));
    CHECK(iv.answers("worry").empty());
    CHECK(find_item(response(iv)["item"], "worries").is_null());
}

TEST_CASE("initial values are preselected and answer_all refuses several for a single choice", "[interview]") {
    kiosk::ManualClock clock;
    Interview iv(load_ok_file(fixtures() / "all-types.json"), clock, "nl");
    CHECK_FALSE(iv.is_enabled("time"));
    go_to(iv, "contact");
    CHECK_FALSE(iv.answer_all({Value{code(kContact, "phone")}, Value{code(kContact, "visit")}}).ok());
    REQUIRE(iv.answer(Value{code(kContact, "visit")}).ok());  // enableBehavior any: visit also opens "time"
    CHECK(iv.is_enabled("time"));
    REQUIRE(iv.answers("time").size() == 1);
    CHECK(std::get<std::string>(iv.answers("time")[0]) == "ochtend");
    go_to(iv, "time");
    REQUIRE(iv.clear().ok());
    CHECK(iv.answers("time").empty());  // cleared stays cleared
    go_to(iv, "themes");
    REQUIRE(iv.answer_all({Value{code(kTheme, "money")}, Value{code(kTheme, "housing")}}).ok());
    CHECK(iv.is_selected("themes", Value{code(kTheme, "housing")}));
    CHECK_FALSE(iv.is_selected("themes", Value{code(kTheme, "health")}));
    CHECK(iv.is_enabled("money-detail"));
}

TEST_CASE("language switch mid-interview keeps the answers", "[interview][language]") {
    kiosk::ManualClock clock;
    Interview iv(load_ok_file(fixtures() / "all-types.json"), clock, "nl");
    go_to(iv, "body");
    REQUIRE(iv.answer(Value{code(kFace, "happy")}).ok());
    CHECK(iv.tr(iv.current()->text) == "Hoe gaat het met uw lijf?");
    REQUIRE(iv.set_language("en").ok());
    CHECK(iv.language() == "en");
    CHECK(iv.current()->link_id == "body");  // same place
    CHECK(iv.tr(iv.current()->text) == "How is your body?");
    CHECK(iv.answers("body").size() == 1);
    CHECK_FALSE(iv.set_language("fr").ok());
    CHECK(iv.language() == "en");

    json r = response(iv);
    CHECK(r["language"] == "en");
    json body = find_item(r["item"], "body");
    CHECK(body["text"] == "How is your body?");
    CHECK(body["answer"][0]["valueCoding"]["display"] == "Good");
    CHECK(body["answer"][0]["valueCoding"]["code"] == "happy");
}

TEST_CASE("pause and resume through a snapshot", "[interview][snapshot]") {
    kiosk::ManualClock clock;
    const Questionnaire q = load_ok_file(fixtures() / "all-types.json");
    Interview iv(q, clock, "nl");
    go_to(iv, "mood");
    REQUIRE(iv.answer(num(3)).ok());
    go_to(iv, "weight");
    REQUIRE(iv.answer(Value{61.25}).ok());
    go_to(iv, "pet");
    REQUIRE(iv.skip().ok());
    go_to(iv, "themes");
    REQUIRE(iv.answer_all({Value{code(kTheme, "money")}, Value{code(kTheme, "health")}}).ok());
    go_to(iv, "contact");
    REQUIRE(iv.answer(Value{code(kContact, "phone")}).ok());
    go_to(iv, "time");
    REQUIRE(iv.clear().ok());  // a cleared initial value stays cleared after resume
    REQUIRE(iv.set_language("en").ok());
    clock.advance(90'000);
    const std::string snap = iv.snapshot();

    kiosk::ManualClock later(1'790'000'000'000);
    later.advance(5'000);
    auto restored = Interview::restore(q, later, snap);
    REQUIRE(restored.ok());
    Interview& back = *restored;
    CHECK(back.current()->link_id == "time");
    CHECK(back.language() == "en");
    CHECK(back.elapsed_ms() == 90'000);
    CHECK(back.is_skipped("pet"));
    CHECK(back.answers("themes").size() == 2);
    CHECK(back.answers("time").empty());
    CHECK(back.is_enabled("worries"));
    CHECK(back.progress().answered == iv.progress().answered);
    // The same answers make the same response (apart from the time it was authored).
    json a = response(iv), b = response(back);
    a.erase("authored");
    b.erase("authored");
    CHECK(a == b);
    CHECK(back.snapshot() == snap);

    SECTION("a snapshot of another version is refused") {
        Questionnaire other = q;
        other.version = "9.9.9";
        CHECK_FALSE(Interview::restore(other, later, snap).ok());
    }
    SECTION("damaged snapshots are refused, never crash") {
        CHECK_FALSE(Interview::restore(q, later, "not json").ok());
        CHECK_FALSE(Interview::restore(q, later, "[]").ok());
        json bad = json::parse(snap);
        bad["items"]["mood"] = {{"answers", json::array({{{"integer", 99}}})}};
        CHECK_FALSE(Interview::restore(q, later, bad.dump()).ok());
        bad = json::parse(snap);
        bad["items"]["ghost"] = {{"skipped", true}};
        CHECK_FALSE(Interview::restore(q, later, bad.dump()).ok());
        bad = json::parse(snap);
        bad["items"]["worry"] = {{"answers", json::array({{{"string", "x"}}})}};
        bad["items"]["mood"] = {{"answers", json::array({{{"integer", 9}}})}};  // worry is then not enabled
        CHECK_FALSE(Interview::restore(q, later, bad.dump()).ok());
    }
}

TEST_CASE("the response carries canonical and status and authored from the injected clock", "[interview][response]") {
    kiosk::ManualClock clock;  // wall clock starts at 1'780'000'000'000 ms
    Interview iv(load_ok(wrap(R"([{"linkId": "a", "type": "boolean", "text": "Ja?"}])")), clock);
    clock.advance(1'000);
    json r = response(iv, ResponseStatus::InProgress);
    CHECK(r["resourceType"] == "QuestionnaireResponse");
    CHECK(r["questionnaire"] == "https://fhir.intake-kiosk.example/Questionnaire/t|2.0.0");
    CHECK(r["status"] == "in-progress");
    CHECK(r["authored"] == "2026-05-28T20:26:41Z");
    CHECK(r["language"] == "nl");
    CHECK_FALSE(r.contains("item"));  // nothing answered: no empty item list
    CHECK(response(iv, ResponseStatus::Stopped)["status"] == "stopped");
    REQUIRE(iv.answer(Value{true}).ok());
    REQUIRE(iv.next().ok());
    CHECK(iv.is_finished());
    CHECK(iv.current() == nullptr);
    CHECK(iv.progress().position == iv.progress().steps + 1);
    CHECK_FALSE(iv.next().ok());
    REQUIRE(iv.back().ok());  // from the end back to the last step
    CHECK(iv.current()->link_id == "a");
}

TEST_CASE("read-only items are not asked but their initial value is reported", "[interview]") {
    kiosk::ManualClock clock;
    Interview iv(load_ok(wrap(R"([{"linkId": "src", "type": "string", "text": "Bron", "readOnly": true, "initial": [{"valueString": "kiosk"}]},
                                   {"linkId": "a", "type": "boolean", "text": "Ja?"}])")),
                 clock);
    CHECK(iv.current()->link_id == "a");
    CHECK(iv.progress().total_enabled == 1);
    CHECK(find_item(response(iv)["item"], "src")["answer"][0]["valueString"] == "kiosk");
}

TEST_CASE("scoring averages per domain on 0-10 and ignores skips", "[interview][scoring]") {
    kiosk::ManualClock clock;
    Interview iv(load_ok_file(fixtures() / "all-types.json"), clock, "nl");
    go_to(iv, "mood");  // feelings, 0-10
    REQUIRE(iv.answer(num(8)).ok());
    go_to(iv, "sleep");  // body, 1-5: stretched onto 0-10
    REQUIRE(iv.answer(num(5)).ok());
    go_to(iv, "body");  // body, smileys with ordinals 0/5/10
    REQUIRE(iv.answer(Value{code(kFace, "ok")}).ok());

    Scores s = iv.scores();
    REQUIRE(s.domains.size() == 2);
    CHECK(s.domains[0].domain == "body");  // chart order
    CHECK(s.find("body")->average == Approx(7.5));
    CHECK(s.find("body")->items == 2);
    CHECK(s.find("feelings")->average == Approx(8.0));
    CHECK_FALSE(s.spider.has_value());  // not a six-domain questionnaire

    go_to(iv, "sleep");
    REQUIRE(iv.skip().ok());
    s = iv.scores();
    CHECK(s.find("body")->average == Approx(5.0));
    CHECK(s.find("body")->items == 1);
    CHECK(s.find("body")->skipped == 1);
    CHECK(s.find("body")->total == 2);
    go_to(iv, "body");
    REQUIRE(iv.skip().ok());
    s = iv.scores();
    CHECK_FALSE(s.find("body")->average.has_value());  // nothing fed it
    CHECK(s.find("body")->items == 0);
}

TEST_CASE("a six-domain questionnaire gives a six-point spider chart", "[interview][scoring]") {
    std::string items = "[";
    for (const auto& d : scoring_domains()) {
        for (int i = 0; i < 2; ++i) {
            if (items.size() > 1) items += ",";
            items += R"({"linkId": ")" + d + std::to_string(i) + R"(", "type": "integer", "text": "Cijfer?", "extension": [
                {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 0},
                {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 10},
                {"url": "https://fhir.intake-kiosk.example/StructureDefinition/domain", "valueCode": ")" + d + R"("}]})";
        }
    }
    items += "]";
    kiosk::ManualClock clock;
    Interview iv(load_ok(wrap(items)), clock);
    std::int64_t v = 0;
    while (!iv.is_finished()) {
        const std::string id = iv.current()->link_id;
        if (id.rfind("meaning", 0) == 0) {
            REQUIRE(iv.skip().ok());  // both meaning items skipped
            continue;
        }
        REQUIRE(iv.answer(num(v)).ok());
        v = (v + 2) % 11;
        REQUIRE(iv.next().ok());
    }
    Scores s = iv.scores();
    REQUIRE(s.spider.has_value());
    REQUIRE(s.spider->size() == 6);
    CHECK((*s.spider)[0].domain == "body");
    CHECK((*s.spider)[0].value == Approx(1.0));  // answers 0 and 2
    CHECK((*s.spider)[0].items == 2);
    CHECK((*s.spider)[2].domain == "meaning");
    CHECK_FALSE((*s.spider)[2].value.has_value());
    CHECK((*s.spider)[5].domain == "daily-life");
}

TEST_CASE("auto answers are valid for every item type", "[interview]") {
    kiosk::ManualClock clock;
    Interview iv(load_ok_file(fixtures() / "all-types.json"), clock, "nl");
    int asked = 0;
    while (!iv.is_finished()) {
        const Item* it = iv.current();
        if (it->is_answerable()) {
            INFO(it->link_id);
            REQUIRE(iv.answer(auto_answer(*it, clock)).ok());
            ++asked;
        }
        REQUIRE(iv.next().ok());
    }
    CHECK(asked == iv.progress().total_enabled);
    CHECK(iv.missing_required().empty());
    CHECK(std::get<Date>(iv.answers("born")[0]).iso == "2026-05-28");  // today, from the clock
}
