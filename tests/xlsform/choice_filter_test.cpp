// choice_filter on a form of ours (written by libxlsxwriter here): options
// that follow an earlier answer become SDC answerOptionsToggleExpressions.
// Each value of the earlier question offers the right choices, in the
// interview, in `kioskctl fill --auto` (checked by the two FHIR validators)
// and on the kiosk's screen; a filter outside the simple forms is refused on
// its row.
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
using kiosk::test::sheet;
namespace q = kiosk::questionnaire;

namespace {

// Row 2 region, 3 car, 4 shop (or), 5 travel (and of ors), 6 stop (refused: a function).
fs::path write_filter_form(const fs::path& file) {
    return kiosk::test::write_form(
        file,
        {sheet("survey", {{"type", "name", "label::Nederlands (nl)", "choice_filter"},
                          {"select_one region", "region", "In welk deel van de stad woont u?"},
                          {"select_one yesno", "car", "Heeft u een auto?"},
                          {"select_one shop", "shop", "Waar doet u boodschappen?", "region = ${region} or region = 'all'"},
                          {"select_one travel", "travel", "Hoe gaat u naar de markt?",
                           "(car = ${car} or car = 'any') and (region = ${region} or region = 'all')"},
                          {"select_one shop", "stop", "Waar stapt u uit?", "starts-with(region, ${region})"}}),
         sheet("choices", {{"list_name", "name", "label::Nederlands (nl)", "region", "car"},
                           {"region", "north", "Noord"},
                           {"region", "south", "Zuid"},
                           {"yesno", "yes", "Ja"},
                           {"yesno", "no", "Nee"},
                           {"shop", "north-market", "De markt in Noord", "north"},
                           {"shop", "south-mall", "Het winkelhart in Zuid", "south"},
                           {"shop", "online", "Op internet", "all"},
                           {"travel", "walk", "Lopen", "all", "any"},
                           {"travel", "drive", "Met de auto", "all", "yes"},
                           {"travel", "tram", "Met de tram", "north", "no"},
                           {"travel", "bus", "Met de bus", "south", "no"}}),
         sheet("settings", {{"form_id", "form_title", "default_language"}, {"boodschappen", "Boodschappen", "Nederlands (nl)"}})});
}

q::Coding coding(const std::string& list, const std::string& code) {
    q::Coding c;
    c.system = "https://fhir.intake-kiosk.example/CodeSystem/" + list;
    c.code = code;
    return c;
}

std::vector<std::string> offered(const q::Interview& iv, const std::string& link) {
    std::vector<std::string> out;
    const q::Item* it = iv.questionnaire().find(link);
    for (std::size_t n : iv.offered_options(*it)) out.push_back(std::get<q::Coding>(it->options[n].value).code);
    return out;
}

}  // namespace

TEST_CASE("choice_filter with and and or: each earlier answer offers its own choices, a function is refused by row", "[xlsform][choice_filter]") {
    kiosk::test::TempDir tmp("xlsform-filter");
    const fs::path form = write_filter_form(tmp / "filter.xlsx");
    const fs::path out = tmp / "boodschappen.json";
    auto im = run(KIOSKCTL_BIN, {"import-xlsform", form.string(), "--out", out.string()});
    INFO(im.err);
    CHECK(im.exit_code == 1);
    CHECK(im.err.find(form.string() + ":survey:6: choice_filter 'starts-with(region, ${region})': ") != std::string::npos);
    CHECK(std::count(im.err.begin(), im.err.end(), '\n') == 2);  // the refusal and the summary line, nothing else
    CHECK_FALSE(fs::exists(out));
    im = run(KIOSKCTL_BIN, {"import-xlsform", form.string(), "--out", out.string(), "--partial"});
    INFO(im.err);
    REQUIRE(im.exit_code == 0);

    // The standard SDC extension, one per set of choices that share a condition.
    json qj = kiosk::test::read_json(out);
    const json& shop = qj["item"][2];
    REQUIRE(shop["linkId"] == "shop");
    REQUIRE(shop["extension"].size() == 2);
    CHECK(shop["extension"][0]["url"] == "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerOptionsToggleExpression");
    CHECK(shop["extension"][0]["extension"][0]["url"] == "option");
    CHECK(shop["extension"][0]["extension"][0]["valueCoding"]["code"] == "north-market");
    CHECK(shop["extension"][0]["extension"][1]["valueExpression"]["language"] == "text/fhirpath");
    CHECK(qj["item"].size() == 4);  // stop was refused

    auto check = run(KIOSKCTL_BIN, {"check", out.string()});
    INFO(check.out << check.err);
    CHECK(check.exit_code == 0);
    CHECK(check.out.find("options that follow earlier answers: shop travel") != std::string::npos);

    // export-xlsform does not write filters back yet: it refuses them by item rather than dropping them.
    auto ex = run(KIOSKCTL_BIN, {"export-xlsform", out.string(), "--out", (tmp / "back.xlsx").string()});
    INFO(ex.err);
    CHECK(ex.exit_code == 1);
    CHECK(ex.err.find(out.string() + ":shop: answerOptionsToggleExpression") != std::string::npos);
    CHECK_FALSE(fs::exists(tmp / "back.xlsx"));

    auto l = q::load_questionnaire_file(out);
    REQUIRE(l.questionnaire);
    const q::Questionnaire& bq = *l.questionnaire;
    kiosk::ManualClock clock;
    // region = ${region} or region = 'all'
    const std::map<std::string, std::vector<std::string>> shops{{"north", {"north-market", "online"}}, {"south", {"south-mall", "online"}}};
    for (const auto& [region, want] : shops) {
        INFO(region);
        q::Interview iv(bq, clock);
        REQUIRE(iv.answer(q::Value{coding("region", region)}).ok());
        CHECK(offered(iv, "shop") == want);
    }
    // (car = ${car} or car = 'any') and (region = ${region} or region = 'all')
    const std::map<std::pair<std::string, std::string>, std::vector<std::string>> travel{
        {{"north", "yes"}, {"walk", "drive"}}, {{"north", "no"}, {"walk", "tram"}},
        {{"south", "yes"}, {"walk", "drive"}}, {{"south", "no"}, {"walk", "bus"}}};
    for (const auto& [given, want] : travel) {
        INFO(given.first << " " << given.second);
        q::Interview iv(bq, clock);
        REQUIRE(iv.answer(q::Value{coding("region", given.first)}).ok());
        REQUIRE(iv.next().ok());
        REQUIRE(iv.answer(q::Value{coding("yesno", given.second)}).ok());
        CHECK(offered(iv, "travel") == want);
    }
    {
        // A changed region drops the shop of the other one: nothing half-valid reaches the response.
        q::Interview iv(bq, clock);
        REQUIRE(iv.answer(q::Value{coding("region", "north")}).ok());
        REQUIRE(iv.next().ok());
        REQUIRE(iv.answer(q::Value{coding("yesno", "no")}).ok());
        REQUIRE(iv.next().ok());
        REQUIRE(iv.answer(q::Value{coding("shop", "north-market")}).ok());
        REQUIRE(iv.next().ok());
        REQUIRE(iv.answer(q::Value{coding("travel", "tram")}).ok());
        iv.restart();
        REQUIRE(iv.answer(q::Value{coding("region", "south")}).ok());
        CHECK(iv.answers("shop").empty());
        CHECK(iv.answers("travel").empty());
        json r = json::parse(iv.response_json(q::ResponseStatus::Completed));
        for (const auto& it : r["item"]) CHECK(it["linkId"] != "shop");
    }

    // kioskctl fill with each region, and --auto, which takes the first option offered.
    std::vector<std::string> responses;
    for (const std::string region : {"north", "south"}) {
        const fs::path answers = tmp / ("answers-" + region + ".json");
        kiosk::test::write_file(answers, json{{"region", region}, {"car", "no"}}.dump());
        const std::string resp = (tmp / ("response-" + region + ".json")).string();
        auto fill = run(KIOSKCTL_BIN, {"fill", out.string(), "--answers", answers.string(), "--out", resp});
        INFO(fill.err);
        REQUIRE(fill.exit_code == 0);
        responses.push_back(resp);
    }
    const fs::path auto_resp = tmp / "response-auto.json";
    auto auto_fill = run(KIOSKCTL_BIN, {"fill", out.string(), "--auto", "--out", auto_resp.string()});
    INFO(auto_fill.err);
    REQUIRE(auto_fill.exit_code == 0);
    json a = kiosk::test::read_json(auto_resp);
    REQUIRE(a["item"].size() == 4);
    CHECK(a["item"][0]["answer"][0]["valueCoding"]["code"] == "north");
    CHECK(a["item"][2]["answer"][0]["valueCoding"]["code"] == "north-market");
    CHECK(a["item"][3]["answer"][0]["valueCoding"]["code"] == "walk");
    responses.push_back(auto_resp.string());
    auto v = kiosk::test::validate(responses);
    INFO(v.out << v.err);
    CHECK(v.exit_code == 0);

    // The kiosk's screen shows only the choices offered, and after a change the other region's.
    const fs::path content = tmp / "content";
    fs::create_directories(content / "questionnaires");
    fs::copy(fs::path(KIOSK_SOURCE_DIR) / "assets" / "referrals", content / "referrals", fs::copy_options::recursive);
    fs::copy_file(out, content / "questionnaires" / "boodschappen.json");
    kiosk::test::KioskRunOptions o;
    o.extra = {"--content", content.string()};
    auto kiosk = kiosk::test::run_kiosk_script(tmp,
                                               "tap start\n"  // the only questionnaire: no choice screen
                                               "tap consent.agree\n"
                                               "tap Noord\n"
                                               "tap Nee\n"
                                               "expect-text Waar doet u boodschappen?\n"
                                               "expect-text De markt in Noord\n"
                                               "expect-text Op internet\n"
                                               "expect-no-text Het winkelhart in Zuid\n"
                                               "screenshot filter-north.png\n"
                                               "tap back\n"
                                               "tap back\n"
                                               "expect-text In welk deel van de stad woont u?\n"
                                               "tap Zuid\n"
                                               "tap Nee\n"
                                               "expect-text Het winkelhart in Zuid\n"
                                               "expect-no-text De markt in Noord\n"
                                               "tap Het winkelhart in Zuid\n"
                                               "expect-text Met de bus\n"
                                               "expect-no-text Met de tram\n"
                                               "expect-no-text Met de auto\n"
                                               "quit\n",
                                               o);
    INFO(kiosk.out << kiosk.err);
    CHECK(kiosk.exit_code == 0);
    CHECK(fs::exists(tmp / "filter-north.png"));
}
