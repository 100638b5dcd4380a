// Options offered by an earlier answer (SDC answerOptionsToggleExpression,
// what an XLSForm choice_filter becomes) in the resident's session: a tap on
// an option not offered does nothing, read-aloud names only the options
// offered, and going back to change the earlier answer drops the later one
// whose option is no longer offered, so nothing half-valid is sealed.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "questionnaire/loader.hpp"
#include "session/kiosk_state.hpp"
#include "session/read_aloud.hpp"

using namespace kiosk;
namespace q = kiosk::questionnaire;

namespace {

const char* kToggled = R"({"resourceType": "Questionnaire", "id": "places", "url": "https://fhir.intake-kiosk.example/Questionnaire/places",
  "version": "1", "status": "active", "language": "en", "title": "Places",
  "item": [
    {"linkId": "where", "type": "choice", "text": "Where are you?", "answerOption": [
      {"valueCoding": {"system": "urn:t", "code": "home", "display": "At home"}},
      {"valueCoding": {"system": "urn:t", "code": "out", "display": "Outside"}}]},
    {"linkId": "place", "type": "choice", "text": "Which place?",
     "extension": [
      {"url": "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerOptionsToggleExpression", "extension": [
        {"url": "option", "valueCoding": {"system": "urn:t", "code": "kitchen"}},
        {"url": "expression", "valueExpression": {"language": "text/fhirpath",
          "expression": "%resource.repeat(item).where(linkId='where').answer.value.code = 'home'"}}]},
      {"url": "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerOptionsToggleExpression", "extension": [
        {"url": "option", "valueCoding": {"system": "urn:t", "code": "park"}},
        {"url": "expression", "valueExpression": {"language": "text/fhirpath",
          "expression": "%resource.repeat(item).where(linkId='where').answer.value.code = 'out'"}}]}],
     "answerOption": [
      {"valueCoding": {"system": "urn:t", "code": "kitchen", "display": "The kitchen"}},
      {"valueCoding": {"system": "urn:t", "code": "park", "display": "The park"}},
      {"valueCoding": {"system": "urn:t", "code": "other", "display": "Somewhere else"}}]}]})";

q::Questionnaire toggled() {
    auto r = q::load_questionnaire_json(kToggled, "places.json");
    REQUIRE(r.questionnaire);
    return *r.questionnaire;
}

void tap(KioskState& s, ManualClock& clock, std::size_t n) {
    s.select_option(n);
    clock.advance(3000);  // the confirmation, then the next question
    s.tick();
}

}  // namespace

TEST_CASE("a resident is offered, read and kept only the options the earlier answer switches on", "[toggle]") {
    ManualClock clock;
    KioskState s(clock, KioskOptions{"en", 1000}, nullptr);
    s.set_catalog({toggled()});
    s.start();
    s.choose("places");
    s.consent_agree();
    REQUIRE(s.interview()->current()->link_id == "where");
    tap(s, clock, 0);  // At home
    REQUIRE(s.screen() == Screen::Question);
    REQUIRE(s.interview()->current()->link_id == "place");
    const std::string said = screen_utterance(s).text;
    CHECK(said.find("The kitchen") != std::string::npos);
    CHECK(said.find("Somewhere else") != std::string::npos);
    CHECK(said.find("The park") == std::string::npos);
    s.select_option(1);  // The park: not offered at home, so the tap does nothing
    CHECK(s.interview()->answers("place").empty());
    CHECK(s.interview()->current()->link_id == "place");
    tap(s, clock, 0);  // The kitchen
    REQUIRE(s.interview()->answers("place").size() == 1);

    REQUIRE(s.screen() == Screen::Review);

    // Back to the first question, now Outside: the kitchen is no longer offered, and its answer is gone.
    s.back();
    REQUIRE(s.interview()->current()->link_id == "place");
    s.back();
    REQUIRE(s.interview()->current()->link_id == "where");
    tap(s, clock, 1);  // Outside
    REQUIRE(s.interview()->current()->link_id == "place");
    CHECK(s.interview()->answers("place").empty());
    const std::string outside = screen_utterance(s).text;
    CHECK(outside.find("The park") != std::string::npos);
    CHECK(outside.find("The kitchen") == std::string::npos);
    s.select_option(0);  // the kitchen: not offered outside
    CHECK(s.interview()->answers("place").empty());
    tap(s, clock, 1);  // The park
    REQUIRE(s.screen() == Screen::Review);
    std::string sealed;
    s.set_finish_sink([&](FinishedResponse&& r) { sealed = r.response_json; });
    s.review_done();
    REQUIRE_FALSE(sealed.empty());
    auto response = nlohmann::json::parse(sealed);
    REQUIRE(response["item"].size() == 2);
    CHECK(response["item"][0]["answer"][0]["valueCoding"]["code"] == "out");
    CHECK(response["item"][1]["answer"][0]["valueCoding"]["code"] == "park");
}
