// ValueSets an organisation supplies (questionnaire/value_sets.hpp): which
// files the kiosk can expand offline and which need a terminology server, how
// the used ones are copied into a questionnaire, url|version, designations by
// language. Every ValueSet here is ours: our codes, our wording.
#include "helpers.hpp"
#include "questionnaire/interview.hpp"
#include "questionnaire/value_sets.hpp"
#include "test_support.hpp"

using namespace kiosk::questionnaire;
using namespace kiosk::questionnaire::testing;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

const std::string kUrl = "https://terminology.example.org/ValueSet/visit-moment";
const std::string kSystem = "https://terminology.example.org/CodeSystem/visit-moment";

// A ValueSet of ours that lists its concepts (compose), with Dutch designations.
std::string composed(const std::string& url = kUrl, const std::string& version = "") {
    json vs = {{"resourceType", "ValueSet"}, {"url", url}, {"status", "active"}, {"title", "Visit moment"},
               {"compose", {{"include", json::array({{{"system", kSystem},
                                                       {"concept", json::array({
                                                           {{"code", "morning"}, {"display", "In the morning"},
                                                            {"designation", json::array({{{"language", "nl"}, {"use", {{"code", "900000000000013009"}}}, {"value", "ochtend (synoniem)"}},
                                                                                         {{"language", "nl-NL"}, {"value", "'s Ochtends"}}})}},
                                                           {{"code", "evening"}, {"display", "In the evening"},
                                                            {"designation", json::array({{{"language", "nl"}, {"value", "'s Avonds"}}})}},
                                                       })}}})}}}};
    if (!version.empty()) vs["version"] = version;
    return vs.dump(2);
}

// The same concepts as a terminology server's $expand returns them (nested, with an abstract heading).
std::string expanded(const std::string& url = kUrl) {
    json vs = {{"resourceType", "ValueSet"}, {"url", url}, {"status", "active"},
               {"expansion", {{"timestamp", "2026-11-30T09:00:00Z"}, {"total", 3},
                              {"contains", json::array({
                                  {{"abstract", true}, {"display", "Day parts"},
                                   {"contains", json::array({{{"system", kSystem}, {"code", "morning"}, {"display", "In the morning"}},
                                                             {{"system", kSystem}, {"code", "evening"}, {"display", "In the evening"}}})}},
                                  {{"system", kSystem}, {"code", "night"}, {"display", "At night"}},
                              })}}}};
    return vs.dump(2);
}

// An English questionnaire of ours whose one question names kUrl.
std::string form(const std::string& ref = kUrl, const std::string& language = "en", const std::string& contained = "") {
    return R"({"resourceType": "Questionnaire", "url": "https://fhir.intake-kiosk.example/Questionnaire/visit", "status": "active",
               "language": ")" + language + "\", " + contained + R"("item": [{"linkId": "when", "type": "choice", "text": "When can we visit you?",
               "answerValueSet": ")" + ref + R"("}]})";
}

ValueSetLibrary library(const fs::path& dir, std::vector<Problem>& problems) { return ValueSetLibrary::read_dir(dir, problems); }

std::string all(const std::vector<Problem>& ps) {
    std::string out;
    for (const auto& p : ps) out += format_problem(p) + "\n";
    return out;
}

}  // namespace

TEST_CASE("a supplied ValueSet is copied into the questionnaire as a contained expansion the item points at", "[value_sets]") {
    kiosk::test::TempDir dir("vs");
    kiosk::test::write_file(dir / "sets" / "visit.json", composed());
    kiosk::test::write_file(dir / "sets" / "README.txt", "not a ValueSet, not read");
    std::vector<Problem> problems;
    auto lib = library(dir / "sets", problems);
    INFO(all(problems));
    REQUIRE(problems.empty());
    REQUIRE(lib.sets.size() == 1);
    CHECK(lib.sets[0].concepts == 2);

    auto e = embed_value_sets(form(), lib, "visit.json");
    REQUIRE(e.embedded == std::vector<std::string>{kUrl});
    json q = json::parse(e.json_text);
    CHECK(q["item"][0]["answerValueSet"] == "#vs-visit-moment");
    REQUIRE(q["contained"].size() == 1);
    const json& vs = q["contained"][0];
    CHECK(vs["id"] == "vs-visit-moment");
    CHECK(vs["url"] == kUrl);
    CHECK(vs["expansion"]["total"] == 2);
    CHECK(vs["expansion"]["contains"][0]["system"] == kSystem);
    CHECK(vs["expansion"]["contains"][0]["code"] == "morning");
    CHECK_FALSE(vs["expansion"]["timestamp"].get<std::string>().empty());

    // The loader reads it as it reads any contained ValueSet: without the folder, offline.
    Questionnaire loaded = load_ok(e.json_text);
    const Item* when = loaded.find("when");
    REQUIRE(when);
    REQUIRE(when->options.size() == 2);
    const auto& morning = std::get<Coding>(when->options[0].value);
    CHECK(morning.system == kSystem);
    CHECK(morning.code == "morning");
    // Display in the questionnaire's language; a Dutch designation (nl-NL counts as nl) is the Dutch text, a synonym is not.
    CHECK(when->options[0].display.get("en") == "In the morning");
    CHECK(when->options[0].display.get("nl") == "'s Ochtends");
    CHECK(when->options[1].display.get("nl") == "'s Avonds");

    // The file's own loader with the folder gives the same, and says which were copied in.
    kiosk::test::write_file(dir / "visit.json", form());
    std::vector<std::string> used;
    auto r = load_questionnaire_file(dir / "visit.json", lib, &used);
    INFO(problems_text(r));
    REQUIRE(r.questionnaire);
    CHECK(used == std::vector<std::string>{kUrl});
    CHECK(r.questionnaire->find("when")->options.size() == 2);
}

TEST_CASE("a designation in the questionnaire's own language is the option's text", "[value_sets]") {
    kiosk::test::TempDir dir("vs");
    kiosk::test::write_file(dir / "sets" / "visit.json", composed());
    std::vector<Problem> problems;
    auto lib = library(dir / "sets", problems);
    REQUIRE(problems.empty());
    // A Dutch form: the Dutch designation is shown, the display stays as the English translation.
    Questionnaire q = load_ok(embed_value_sets(form(kUrl, "nl"), lib, "visit.json").json_text);
    const Item* when = q.find("when");
    REQUIRE(when);
    CHECK(when->options[0].display.base == "'s Ochtends");
    CHECK(when->options[1].display.base == "'s Avonds");
}

TEST_CASE("an expansion from a terminology server is read whole: nested entries flattened, headings left out", "[value_sets]") {
    kiosk::test::TempDir dir("vs");
    kiosk::test::write_file(dir / "sets" / "visit.json", expanded());
    std::vector<Problem> problems;
    auto lib = library(dir / "sets", problems);
    INFO(all(problems));
    REQUIRE(problems.empty());
    Questionnaire q = load_ok(embed_value_sets(form(), lib, "visit.json").json_text);
    const Item* when = q.find("when");
    REQUIRE(when);
    REQUIRE(when->options.size() == 3);
    CHECK(std::get<Coding>(when->options[0].value).code == "morning");
    CHECK(std::get<Coding>(when->options[2].value).code == "night");
    CHECK(when->options[2].display.get("en") == "At night");

    // auto-answer picks the first supplied option, and the response carries its code and display.
    kiosk::ManualClock clock;
    Interview iv(q, clock);
    REQUIRE(iv.answer(auto_answer(*iv.current(), clock)).ok());
    REQUIRE(iv.next().ok());
    json resp = json::parse(iv.response_json(ResponseStatus::Completed));
    json item = find_item(resp["item"], "when");
    CHECK(item["answer"][0]["valueCoding"]["code"] == "morning");
    CHECK(item["answer"][0]["valueCoding"]["system"] == kSystem);
    CHECK(item["answer"][0]["valueCoding"]["display"] == "In the morning");
}

TEST_CASE("a ValueSet that needs a terminology server is refused, naming the file and why", "[value_sets]") {
    kiosk::test::TempDir dir("vs");
    const fs::path sets = dir / "sets";
    auto vs = [&](const std::string& name, json body) {
        json j = {{"resourceType", "ValueSet"}, {"url", "https://terminology.example.org/ValueSet/" + name}, {"status", "active"}};
        for (auto it = body.begin(); it != body.end(); ++it) j[it.key()] = it.value();
        kiosk::test::write_file(sets / (name + ".json"), j.dump());
    };
    vs("filter", {{"compose", {{"include", json::array({{{"system", kSystem}, {"filter", json::array({{{"property", "concept"}, {"op", "is-a"}, {"value", "x"}}})}}})}}}});
    vs("whole", {{"compose", {{"include", json::array({{{"system", kSystem}}})}}}});
    vs("import", {{"compose", {{"include", json::array({{{"valueSet", json::array({kUrl})}}})}}}});
    vs("paged", {{"expansion", {{"timestamp", "2026-11-30T09:00:00Z"}, {"total", 40}, {"contains", json::array({{{"system", kSystem}, {"code", "a"}, {"display", "A"}}})}}}});
    vs("nodisplay", {{"compose", {{"include", json::array({{{"system", kSystem}, {"concept", json::array({{{"code", "a"}}})}}})}}}});
    vs("nothing", json::object());
    kiosk::test::write_file(sets / "bundle.json", R"({"resourceType": "Bundle", "type": "searchset"})");
    kiosk::test::write_file(sets / "nourl.json", R"({"resourceType": "ValueSet", "status": "active", "expansion": {"timestamp": "2026-11-30", "contains": []}})");
    kiosk::test::write_file(sets / "visit.json", composed());
    kiosk::test::write_file(sets / "visit2.json", composed());

    std::vector<Problem> problems;
    auto lib = library(sets, problems);
    const std::string text = all(problems);
    INFO(text);
    CHECK(lib.sets.size() == 1);  // visit.json; its twin is refused
    auto said = [&](const std::string& file, const std::string& why) {
        INFO(file << ": " << why);
        CHECK(text.find((sets / file).string() + ": ") != std::string::npos);
        CHECK(text.find(why) != std::string::npos);
    };
    said("filter.json", "has a filter: which codes it means needs a terminology server; supply the expansion ($expand) instead");
    said("whole.json", "takes all of code system '" + kSystem + "': expanding it needs a terminology server");
    said("import.json", "imports another ValueSet");
    said("paged.json", "the expansion holds 1 of its 40 concepts (a page): expand it whole");
    said("nodisplay.json", "concept 'a' of '" + kSystem + "' has no display");
    said("nothing.json", "has neither an expansion");
    said("bundle.json", "not a ValueSet (resourceType 'Bundle')");
    said("nourl.json", "a ValueSet without url");
    said("visit2.json", "is also in " + (sets / "visit.json").string());
    CHECK(problems.size() == 9);
}

TEST_CASE("answerValueSet url|version: the version asked for, or a clear refusal", "[value_sets]") {
    kiosk::test::TempDir dir("vs");
    kiosk::test::write_file(dir / "sets" / "v1.json", composed(kUrl, "1.0"));
    kiosk::test::write_file(dir / "sets" / "v2.json", expanded(kUrl).replace(0, 1, R"({"version": "2.0",)"));
    std::vector<Problem> problems;
    auto lib = library(dir / "sets", problems);
    INFO(all(problems));
    REQUIRE(problems.empty());
    REQUIRE(lib.sets.size() == 2);

    // Each version by name.
    Questionnaire one = load_ok(embed_value_sets(form(kUrl + "|1.0"), lib, "q.json").json_text);
    CHECK(one.find("when")->options.size() == 2);
    Questionnaire two = load_ok(embed_value_sets(form(kUrl + "|2.0"), lib, "q.json").json_text);
    CHECK(two.find("when")->options.size() == 3);
    // A version nobody supplied, and no version with two supplied: refused, naming the files.
    kiosk::test::write_file(dir / "q3.json", form(kUrl + "|3.0"));
    auto three = load_questionnaire_file(dir / "q3.json", lib);
    CHECK_FALSE(three.questionnaire);
    const std::string t3 = problems_text(three);
    CHECK(t3.find((dir / "q3.json").string() + ":when: answerValueSet asks for version '3.0'") != std::string::npos);
    CHECK(t3.find("v1.json") != std::string::npos);
    kiosk::test::write_file(dir / "q.json", form(kUrl));
    auto either = load_questionnaire_file(dir / "q.json", lib);
    CHECK_FALSE(either.questionnaire);
    CHECK(problems_text(either).find("several versions of '" + kUrl + "' are supplied") != std::string::npos);

    // A contained ValueSet answers to its url, with or without |version, and a version it is not is refused.
    const std::string contained = R"("contained": [{"resourceType": "ValueSet", "id": "moment", "url": ")" + kUrl +
                                  R"(", "version": "1.0", "status": "active", "compose": {"include": [{"system": ")" + kSystem +
                                  R"(", "concept": [{"code": "noon", "display": "At noon"}]}]}}], )";
    CHECK(load_ok(form(kUrl, "en", contained)).find("when")->options.size() == 1);
    CHECK(load_ok(form(kUrl + "|1.0", "en", contained)).find("when")->options.size() == 1);
    auto wrong = load_questionnaire_json(form(kUrl + "|2.0", "en", contained), "c.json");
    CHECK_FALSE(wrong.questionnaire);
    CHECK(problems_text(wrong).find("c.json:when: answerValueSet '" + kUrl + "|2.0' asks for version '2.0', the contained ValueSet is version '1.0'") !=
          std::string::npos);
    // The questionnaire's own ValueSet wins over a supplied one of the same url: nothing is copied in.
    CHECK(embed_value_sets(form(kUrl + "|1.0", "en", contained), lib, "c.json").embedded.empty());
}

TEST_CASE("without the ValueSet the refusal says how to supply it, with the whole url", "[value_sets]") {
    const std::string url = "https://terminology.example.org/ValueSet/a-long-name-for-a-list-of-moments-to-visit-someone-at-home";
    auto r = load_questionnaire_json(form(url), "visit.json");
    REQUIRE_FALSE(r.questionnaire);
    const std::string text = problems_text(r);
    INFO(text);
    CHECK(text.find("visit.json:when: answerValueSet '" + url + "' is not in the questionnaire: it needs a terminology server") != std::string::npos);
    CHECK(text.find("--valuesets DIR") != std::string::npos);
    // A contained ValueSet's designations are read the same way (no supplied folder involved).
    const std::string contained = R"("contained": [{"resourceType": "ValueSet", "id": "m", "status": "active", "compose": {"include": [{"system": ")" + kSystem +
                                  R"(", "concept": [{"code": "noon", "display": "At noon", "designation": [{"language": "nl", "value": "Tussen de middag"}]}]}]}}], )";
    Questionnaire q = load_ok(form("#m", "en", contained));
    CHECK(q.find("when")->options[0].display.get("nl") == "Tussen de middag");
}

TEST_CASE("a supplied copy of a FHIR core value set the kiosk knows is used instead of the built-in one", "[value_sets]") {
    kiosk::test::TempDir dir("vs");
    // The organisation's own copy, with its own wording and a Dutch designation per answer.
    json vs = {{"resourceType", "ValueSet"}, {"url", "http://hl7.org/fhir/ValueSet/yesnodontknow"}, {"status", "active"},
               {"expansion", {{"timestamp", "2026-11-30T09:00:00Z"},
                              {"contains", json::array({{{"system", "http://terminology.hl7.org/CodeSystem/v2-0136"}, {"code", "Y"}, {"display", "Yes, that is so"},
                                                         {"designation", json::array({{{"language", "nl"}, {"value", "Ja, dat klopt"}}})}},
                                                        {{"system", "http://terminology.hl7.org/CodeSystem/v2-0136"}, {"code", "N"}, {"display", "No, it is not"},
                                                         {"designation", json::array({{{"language", "nl"}, {"value", "Nee, dat klopt niet"}}})}}})}}}};
    kiosk::test::write_file(dir / "sets" / "yn.json", vs.dump());
    std::vector<Problem> problems;
    auto lib = library(dir / "sets", problems);
    REQUIRE(problems.empty());
    const std::string q = form("http://hl7.org/fhir/ValueSet/yesnodontknow");
    CHECK(load_ok(q).find("when")->options.size() == 3);  // built in: yes, no, don't know
    auto e = embed_value_sets(q, lib, "q.json");
    CHECK(e.embedded == std::vector<std::string>{"http://hl7.org/fhir/ValueSet/yesnodontknow"});
    Questionnaire supplied = load_ok(e.json_text);
    const Item* when = supplied.find("when");
    REQUIRE(when->options.size() == 2);
    CHECK(when->options[0].display.get("en") == "Yes, that is so");
    CHECK(when->options[1].display.get("nl") == "Nee, dat klopt niet");
}
