// SDC answerOptionsToggleExpression: options offered only while an
// expression over the earlier answers holds (what an XLSForm choice_filter
// becomes). The loader checks the options it names; the interview offers,
// accepts and keeps only the options switched on, drops an answer whose
// option is switched off, and does not ask a choice with nothing left.
#include <nlohmann/json.hpp>

#include "helpers.hpp"
#include "questionnaire/interview.hpp"
#include "test_support.hpp"

using namespace kiosk::questionnaire;
using namespace kiosk::questionnaire::testing;
using json = nlohmann::json;

namespace {

const std::string kSys = "https://fhir.intake-kiosk.example/CodeSystem/t";
const std::string kToggleUrl = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerOptionsToggleExpression";

std::string option(const std::string& code) {
    return R"({"valueCoding": {"system": ")" + kSys + R"(", "code": ")" + code + R"(", "display": ")" + code + R"("}})";
}

std::string toggle(const std::vector<std::string>& codes, const std::string& expression) {
    std::string sub;
    for (const auto& c : codes) sub += R"({"url": "option", "valueCoding": {"system": ")" + kSys + R"(", "code": ")" + c + R"("}},)";
    return R"({"url": ")" + kToggleUrl + R"(", "extension": [)" + sub +
           R"({"url": "expression", "valueExpression": {"language": "text/fhirpath", "expression": ")" + expression + R"("}}]})";
}

std::string where_is(const std::string& code) { return "%resource.repeat(item).where(linkId='where').answer.value.code = '" + code + "'"; }

// where: home / outside. place: kitchen and garden at home, park and street outside, other always.
// outdoor: only options for outside, so at home it has nothing to offer.
std::string items() {
    return "[" R"({"linkId": "where", "type": "choice", "text": "Waar?", "answerOption": [)" + option("home") + "," + option("outside") +
           R"(]},)"
           R"({"linkId": "place", "type": "choice", "text": "Welke plek?", "extension": [)" +
           toggle({"kitchen", "garden"}, where_is("home")) + "," + toggle({"park", "street"}, where_is("outside")) +
           R"(], "answerOption": [)" + option("kitchen") + "," + option("garden") + "," + option("park") + "," + option("street") + "," +
           option("other") + R"(]},)"
           R"({"linkId": "outdoor", "type": "choice", "text": "Buiten?", "extension": [)" + toggle({"a", "b"}, where_is("outside")) +
           R"(], "answerOption": [)" + option("a") + "," + option("b") + R"(]})"
           "]";
}

Coding code(const std::string& c) {
    Coding x;
    x.system = kSys;
    x.code = c;
    return x;
}

std::vector<std::string> offered(const Interview& iv, const std::string& link) {
    std::vector<std::string> out;
    const Item* it = iv.questionnaire().find(link);
    for (std::size_t n : iv.offered_options(*it)) out.push_back(std::get<Coding>(it->options[n].value).code);
    return out;
}

}  // namespace

TEST_CASE("answerOptionsToggleExpression is read onto the item with the options it names", "[sdc][toggle]") {
    auto q = load_ok(wrap(items()));
    const Item* place = q.find("place");
    REQUIRE(place);
    REQUIRE(place->option_toggles.size() == 2);
    REQUIRE(place->option_toggles[0].options.size() == 2);
    // Stored as the item's own option (with its display), not the bare coding of the extension.
    CHECK(std::get<Coding>(place->option_toggles[0].options[1]).display.base == "garden");
}

TEST_CASE("only the options whose toggle holds are offered, accepted and auto-answered", "[sdc][toggle]") {
    kiosk::ManualClock clock;
    Interview iv(load_ok(wrap(items())), clock);
    // Nothing answered yet: an expression over no answer is empty, which SDC reads as false.
    CHECK(offered(iv, "place") == std::vector<std::string>{"other"});
    REQUIRE(iv.answer(Value{code("home")}).ok());
    REQUIRE(iv.next().ok());
    REQUIRE(iv.current()->link_id == "place");
    CHECK(offered(iv, "place") == std::vector<std::string>{"kitchen", "garden", "other"});
    CHECK_FALSE(iv.is_option_offered("place", 2));  // park
    auto refused = iv.answer(Value{code("park")});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("not offered") != std::string::npos);
    CHECK(std::get<Coding>(auto_answer(iv, *iv.current(), clock)).code == "kitchen");
    REQUIRE(iv.answer(Value{code("garden")}).ok());
    // outdoor offers nothing at home: not asked, not in the response.
    CHECK_FALSE(iv.is_enabled("outdoor"));
    REQUIRE(iv.next().ok());
    CHECK(iv.is_finished());
    json r = json::parse(iv.response_json(ResponseStatus::Completed));
    CHECK(find_item(r["item"], "place")["answer"][0]["valueCoding"]["code"] == "garden");
    CHECK(find_item(r["item"], "outdoor").is_null());
    CHECK(iv.expression_problems().empty());
}

TEST_CASE("an answer whose option is switched off by a changed earlier answer is dropped", "[sdc][toggle]") {
    kiosk::ManualClock clock;
    Interview iv(load_ok(wrap(items())), clock);
    REQUIRE(iv.answer(Value{code("home")}).ok());
    REQUIRE(iv.next().ok());
    REQUIRE(iv.answer(Value{code("garden")}).ok());
    REQUIRE(iv.back().ok());
    REQUIRE(iv.current()->link_id == "where");
    REQUIRE(iv.answer(Value{code("outside")}).ok());
    CHECK(iv.answers("place").empty());  // garden is not offered outside: no half-valid answer is kept
    CHECK(offered(iv, "place") == std::vector<std::string>{"park", "street", "other"});
    CHECK(iv.is_enabled("outdoor"));
    json r = json::parse(iv.response_json(ResponseStatus::Completed));
    CHECK(find_item(r["item"], "place").is_null());
    // An option still offered keeps its answer.
    REQUIRE(iv.next().ok());
    REQUIRE(iv.answer(Value{code("other")}).ok());
    REQUIRE(iv.back().ok());
    REQUIRE(iv.answer(Value{code("home")}).ok());
    CHECK(iv.answers("place") == std::vector<Value>{Value{code("other")}});
    // A snapshot restores with the same options offered.
    auto back = Interview::restore(load_ok(wrap(items())), clock, iv.snapshot());
    REQUIRE(back);
    CHECK(offered(*back, "place") == std::vector<std::string>{"kitchen", "garden", "other"});
    CHECK(back->answers("place") == std::vector<Value>{Value{code("other")}});
}

TEST_CASE("answerOptionsToggleExpression that does not fit the item is refused, naming it", "[sdc][toggle]") {
    auto refused = [](const std::string& json_items) {
        auto r = load_questionnaire_json(wrap(json_items), "inline.json");
        CHECK_FALSE(r.questionnaire.has_value());
        return problems_text(r);
    };
    const std::string opts = R"("answerOption": [)" + option("a") + "," + option("b") + "]";
    CHECK(refused(R"([{"linkId": "x", "type": "choice", "text": "X?", "extension": [)" + toggle({"c"}, "true") + "], " + opts + "}]")
              .find("inline.json:x: answerOptionsToggleExpression names option") != std::string::npos);
    CHECK(refused(R"([{"linkId": "x", "type": "choice", "text": "X?", "extension": [)" + toggle({"a"}, "true") + "," +
                  toggle({"a"}, "false") + "], " + opts + "}]")
              .find("twice") != std::string::npos);
    CHECK(refused(R"([{"linkId": "x", "type": "string", "text": "X?", "extension": [)" + toggle({"a"}, "true") + "]}]")
              .find("only for choice and open-choice") != std::string::npos);
    CHECK(refused(R"([{"linkId": "x", "type": "choice", "text": "X?", "extension": [)" + toggle({"a"}, "%nothing = 1") + "], " + opts +
                  "}]")
              .find("reads %nothing") != std::string::npos);
    CHECK(refused(R"([{"linkId": "x", "type": "choice", "text": "X?", "extension": [{"url": ")" + kToggleUrl +
                  R"(", "extension": [{"url": "option", "valueCoding": {"system": ")" + kSys + R"(", "code": "a"}}]}], )" + opts + "}]")
              .find("needs exactly one expression") != std::string::npos);
}
