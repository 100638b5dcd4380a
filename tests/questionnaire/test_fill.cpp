// `kioskctl fill`: the interview engine without a screen, as content writers
// and the FHIR validator test use it.
#include <nlohmann/json.hpp>

#include "helpers.hpp"
#include "test_support.hpp"

using kiosk::test::run;
using json = nlohmann::json;
using namespace kiosk::questionnaire::testing;

namespace {

std::string all_types() { return (fixtures() / "all-types.json").string(); }

}  // namespace

TEST_CASE("fill --auto answers every enabled question and writes a completed response", "[fill]") {
    kiosk::test::TempDir dir("fill");
    auto r = run(KIOSKCTL_BIN, {"fill", all_types(), "--auto", "--lang", "en", "--out", (dir / "r.json").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("14 answered, 0 skipped") != std::string::npos);
    json resp = json::parse(kiosk::test::read_file(dir / "r.json"));
    CHECK(resp["resourceType"] == "QuestionnaireResponse");
    CHECK(resp["status"] == "completed");
    CHECK(resp["language"] == "en");
    CHECK(find_item(resp["item"], "mood")["answer"][0]["valueInteger"] == 0);  // lowest allowed
    CHECK(find_item(resp["item"], "body")["answer"][0]["valueCoding"]["display"] == "Bad");  // first option, in English
    CHECK(find_item(resp["item"], "worry")["answer"][0]["valueString"] == "test");  // mood 0 opens the worries group
}

TEST_CASE("fill --answers maps linkId to values and null to 'I'd rather not say'", "[fill]") {
    kiosk::test::TempDir dir("fill");
    kiosk::test::write_file(dir / "a.json", R"({"name": "Ans", "born": "1950-03-04", "mood": 7, "weight": 70.5, "pet": true,
        "pet-name": "Pluis", "body": "happy", "themes": ["money", "housing"], "money-detail": "huur", "contact": null, "consent": true})");
    auto r = run(KIOSKCTL_BIN, {"fill", all_types(), "--answers", (dir / "a.json").string(), "--out", (dir / "r.json").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    json resp = json::parse(kiosk::test::read_file(dir / "r.json"));
    json items = resp["item"];
    CHECK(find_item(items, "born")["answer"][0]["valueDate"] == "1950-03-04");
    CHECK(find_item(items, "weight")["answer"][0]["valueDecimal"] == 70.5);
    CHECK(find_item(items, "pet-name")["answer"][0]["valueString"] == "Pluis");
    CHECK(find_item(items, "themes")["answer"].size() == 2);
    CHECK(find_item(items, "contact")["extension"][0]["valueCode"] == "asked-declined");
    CHECK(find_item(items, "sleep").is_null());  // left out: unanswered
    CHECK(find_item(items, "worries").is_null());  // mood 7 keeps it closed
}

TEST_CASE("fill refuses bad scripts with one line naming the linkId", "[fill]") {
    kiosk::test::TempDir dir("fill");
    const std::string out = (dir / "r.json").string();
    auto fill_with = [&](const std::string& answers) {
        kiosk::test::write_file(dir / "a.json", answers);
        return run(KIOSKCTL_BIN, {"fill", all_types(), "--answers", (dir / "a.json").string(), "--out", out});
    };
    auto r = fill_with(R"({"mood": 5, "consent": true, "ghost": 1})");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(":ghost: no such question") != std::string::npos);
    r = fill_with(R"({"mood": "vijf", "consent": true})");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(":mood: expected a whole number") != std::string::npos);
    r = fill_with(R"({"mood": 11, "consent": true})");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("mood: number outside the scale") != std::string::npos);
    r = fill_with(R"({"consent": true})");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(":mood: no answer for a required question") != std::string::npos);
    r = fill_with(R"({"mood": 5, "consent": true, "pet": false, "pet-name": "Pluis"})");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(":pet-name: answer given, but the question is not asked") != std::string::npos);
    r = fill_with("[1, 2]");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("must be a JSON object") != std::string::npos);
}

TEST_CASE("fill refuses a broken questionnaire and bad arguments", "[fill]") {
    kiosk::test::TempDir dir("fill");
    const std::string broken = (fixtures() / "broken" / "duplicate-linkid.json").string();
    auto r = run(KIOSKCTL_BIN, {"fill", broken, "--auto", "--out", (dir / "r.json").string()});
    CHECK(r.exit_code == 1);
    CHECK(r.err == broken + ":mood: duplicate linkId\n");
    CHECK_FALSE(std::filesystem::exists(dir / "r.json"));

    r = run(KIOSKCTL_BIN, {"fill", all_types(), "--out", (dir / "r.json").string()});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("either --auto or --answers") != std::string::npos);
    r = run(KIOSKCTL_BIN, {"fill", all_types(), "--auto", "--lang", "fr", "--out", (dir / "r.json").string()});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("not available in language 'fr'") != std::string::npos);
    r = run(KIOSKCTL_BIN, {"fill", all_types(), "--auto"});
    CHECK(r.exit_code == 2);
    r = run(KIOSKCTL_BIN, {"fill", "--help"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("usage: kioskctl fill") != std::string::npos);
}
