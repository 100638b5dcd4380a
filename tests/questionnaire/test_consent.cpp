// Consent the engine enforces (`consent-for`) and the declared register
// (`register`): what the loader refuses, and that a "no" keeps the governed
// items out of the interview and out of the response.
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "helpers.hpp"
#include "questionnaire/interview.hpp"

using namespace kiosk::questionnaire;
using namespace kiosk::questionnaire::testing;
using json = nlohmann::json;

namespace {

const std::string kBase = "https://fhir.intake-kiosk.example/StructureDefinition/";

std::string consent_ext(std::initializer_list<const char*> ids) {
    std::string s = R"("extension": [)";
    bool first = true;
    for (const char* id : ids) {
        s += std::string(first ? "" : ",") + R"({"url": ")" + kBase + R"(consent-for", "valueString": ")" + id + R"("})";
        first = false;
    }
    return s + "]";
}

// topic (choice) -> consent (boolean, governs name + phone) -> name, phone (string) -> after (string)
std::string consent_questionnaire() {
    return wrap(R"([
        {"linkId": "topic", "type": "string", "text": "Waar gaat het over?"},
        {"linkId": "consent", "type": "boolean", "text": "Mogen we uw naam bewaren?", )" +
                consent_ext({"name", "contact"}) + R"(},
        {"linkId": "name", "type": "string", "text": "Hoe heet u?"},
        {"linkId": "contact", "type": "group", "item": [
            {"linkId": "phone", "type": "string", "text": "Uw nummer?"}]},
        {"linkId": "after", "type": "string", "text": "Nog iets?"}
    ])");
}

std::vector<std::string> problems_of(const std::string& text) {
    auto r = load_questionnaire_json(text, "c.json");
    std::vector<std::string> out;
    for (const auto& p : r.problems) out.push_back(format_problem(p));
    return out;
}

bool has_problem(const std::vector<std::string>& ps, const std::string& part) {
    for (const auto& p : ps)
        if (p.find(part) != std::string::npos) return true;
    return false;
}

std::vector<std::string> response_ids(const json& items) {
    std::vector<std::string> out;
    for (const auto& it : items) {
        out.push_back(it["linkId"]);
        if (it.contains("item"))
            for (auto& c : response_ids(it["item"])) out.push_back(c);
    }
    return out;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

TEST_CASE("a consent answered no: the governed items are not asked and not in the response", "[interview][consent]") {
    kiosk::ManualClock clock;
    Interview iv(load_ok(consent_questionnaire()), clock);
    REQUIRE(iv.answer(Value{std::string("geld")}).ok());
    REQUIRE(iv.next().ok());
    REQUIRE(iv.current()->link_id == "consent");
    REQUIRE(iv.answer(Value{false}).ok());
    REQUIRE(iv.next().ok());
    // Straight to the item after the governed ones.
    REQUIRE(iv.current());
    CHECK(iv.current()->link_id == "after");
    CHECK_FALSE(iv.is_enabled("name"));
    CHECK_FALSE(iv.is_enabled("phone"));
    CHECK(iv.consent_declined());
    auto ids = response_ids(json::parse(iv.response_json(ResponseStatus::Completed))["item"]);
    CHECK(contains(ids, "topic"));
    CHECK(contains(ids, "consent"));
    CHECK_FALSE(contains(ids, "name"));
    CHECK_FALSE(contains(ids, "phone"));
}

TEST_CASE("a consent changed from yes to no drops what was already typed", "[interview][consent]") {
    kiosk::ManualClock clock;
    Interview iv(load_ok(consent_questionnaire()), clock);
    REQUIRE(iv.skip().ok());  // topic
    REQUIRE(iv.answer(Value{true}).ok());
    REQUIRE(iv.next().ok());
    REQUIRE(iv.current()->link_id == "name");
    REQUIRE(iv.answer(Value{std::string("Marieke Jansen")}).ok());
    REQUIRE(iv.next().ok());
    REQUIRE(iv.answer(Value{std::string("0612345678")}).ok());
    REQUIRE(iv.next().ok());
    CHECK_FALSE(iv.consent_declined());
    // Back to the consent, now "no".
    iv.restart();
    REQUIRE(iv.next().ok());
    REQUIRE(iv.current()->link_id == "consent");
    REQUIRE(iv.answer(Value{false}).ok());
    CHECK(iv.answers("name").empty());
    std::string text = iv.response_json(ResponseStatus::Completed);
    CHECK(text.find("Marieke") == std::string::npos);
    CHECK(text.find("0612345678") == std::string::npos);
}

TEST_CASE("a skipped consent counts as no", "[interview][consent]") {
    kiosk::ManualClock clock;
    Interview iv(load_ok(consent_questionnaire()), clock);
    REQUIRE(iv.skip().ok());
    REQUIRE(iv.current()->link_id == "consent");
    REQUIRE(iv.skip().ok());
    REQUIRE(iv.current());
    CHECK(iv.current()->link_id == "after");
    CHECK(iv.consent_declined());
}

TEST_CASE("the loader refuses a consent that cannot keep its promise", "[loader][consent]") {
    SECTION("not a yes/no question") {
        auto ps = problems_of(wrap(R"([{"linkId": "c", "type": "string", "text": "Goed?", )" + consent_ext({"x"}) +
                                   R"(}, {"linkId": "x", "type": "string", "text": "Naam?"}])"));
        CHECK(has_problem(ps, "c.json:c: consent-for is only for a yes/no (boolean) question"));
    }
    SECTION("governs an item that comes before it") {
        auto ps = problems_of(wrap(R"([{"linkId": "x", "type": "string", "text": "Naam?"},
            {"linkId": "c", "type": "boolean", "text": "Goed?", )" + consent_ext({"x"}) + "}]"));
        CHECK(has_problem(ps, "c.json:c: consent-for names 'x', which does not come after the consent question"));
    }
    SECTION("governs itself") {
        auto ps = problems_of(wrap(R"([{"linkId": "c", "type": "boolean", "text": "Goed?", )" + consent_ext({"c"}) + "}]"));
        CHECK(has_problem(ps, "does not come after the consent question"));
    }
    SECTION("names an item that does not exist") {
        auto ps = problems_of(wrap(R"([{"linkId": "c", "type": "boolean", "text": "Goed?", )" + consent_ext({"nope"}) + "}]"));
        CHECK(has_problem(ps, "c.json:c: consent-for names 'nope', which is not a linkId here"));
    }
    SECTION("two consents for one item") {
        auto ps = problems_of(wrap(R"([{"linkId": "c1", "type": "boolean", "text": "Goed?", )" + consent_ext({"x"}) +
                                   R"(}, {"linkId": "c2", "type": "boolean", "text": "Echt goed?", )" + consent_ext({"x"}) +
                                   R"(}, {"linkId": "x", "type": "string", "text": "Naam?"}])"));
        CHECK(has_problem(ps, "c.json:c2: consent-for names 'x', which consent 'c1' governs already"));
    }
    SECTION("an initial answer") {
        auto ps = problems_of(wrap(R"([{"linkId": "c", "type": "boolean", "text": "Goed?", "initial": [{"valueBoolean": true}], )" +
                                   consent_ext({"x"}) + R"(}, {"linkId": "x", "type": "string", "text": "Naam?"}])"));
        CHECK(has_problem(ps, "a consent question cannot have an initial answer"));
    }
}

TEST_CASE("a questionnaire declares its register u or je", "[loader][register]") {
    auto ext = [](const std::string& v) {
        return R"("extension": [{"url": ")" + kBase + R"(register", "valueCode": ")" + v + R"("}], )";
    };
    const std::string items = R"([{"linkId": "a", "type": "string", "text": "Hoe heet je?"}])";
    CHECK(load_ok(wrap(items, ext("je"))).address == "je");
    CHECK(load_ok(wrap(items, ext("u"))).address == "u");
    CHECK(load_ok(wrap(items)).address.empty());
    auto ps = problems_of(wrap(items, ext("jij")));
    CHECK(has_problem(ps, "c.json: register 'jij' is not one of u, je"));
}

TEST_CASE("the shipped intake asks consent before the contact details it governs", "[interview][consent]") {
    auto qn = load_ok_file(std::filesystem::path(KIOSK_SOURCE_DIR) / "assets/questionnaires/intake.json");
    const Item* consent = qn.find("consent");
    REQUIRE(consent);
    for (const char* id : {"contact", "name", "phone", "email", "address"})
        CHECK(std::find(consent->consent_for.begin(), consent->consent_for.end(), id) != consent->consent_for.end());
    CHECK(qn.address == "u");
}

TEST_CASE("staff can switch topics off: they are not asked and not in the response", "[interview][consent]") {
    kiosk::ManualClock clock;
    Interview iv(load_ok(consent_questionnaire()), clock);
    iv.set_excluded({"topic"});
    REQUIRE(iv.current());
    CHECK(iv.current()->link_id == "consent");
    CHECK_FALSE(iv.is_enabled("topic"));
}
