// `kioskctl lint` end to end, and the shipped questionnaires: they load, pass
// the content lint, and keep the promises CONTENT.md makes to residents.
#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using kiosk::test::run;

namespace {

const fs::path kShipped = fs::path(KIOSK_SOURCE_DIR) / "assets" / "questionnaires";
const std::string kOur = "https://fhir.intake-kiosk.example/StructureDefinition/";

json read_json(const fs::path& p) { return json::parse(kiosk::test::read_file(p)); }

const json* extension(const json& element, const std::string& name) {
    if (!element.contains("extension")) return nullptr;
    for (const auto& e : element["extension"]) {
        if (e.value("url", "") == kOur + name) return &e;
    }
    return nullptr;
}

// Every item, depth first.
void for_each_item(const json& items, const std::function<void(const json&)>& fn) {
    for (const auto& item : items) {
        fn(item);
        if (item.contains("item")) for_each_item(item["item"], fn);
    }
}

int question_count(const json& q) {
    int n = 0;
    for_each_item(q["item"], [&](const json& item) {
        if (item["type"] != "group" && item["type"] != "display") ++n;
    });
    return n;
}

const json* find_item(const json& q, const std::string& link_id) {
    const json* found = nullptr;
    for_each_item(q["item"], [&](const json& item) {
        if (item["linkId"] == link_id) found = &item;
    });
    return found;
}

// A small questionnaire that loads but breaks the writing rules in q1.
const char* kBadText = R"({
  "resourceType": "Questionnaire", "id": "bad", "status": "active", "language": "nl",
  "url": "https://fhir.intake-kiosk.example/Questionnaire/bad", "version": "1.0.0",
  "title": "Een test",
  "item": [{"linkId": "q1", "type": "boolean",
            "text": "Doet u vrijwilligerswerk en/of betaald werk bij een organisatie in uw eigen buurt of daarbuiten?"}]
})";

}  // namespace

TEST_CASE("kioskctl lint passes every shipped questionnaire and prints its numbers", "[lint]") {
    auto r = run(KIOSKCTL_BIN, {"lint", kShipped.string()});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    for (const char* id : {"howareyou-full", "howareyou-short", "howareyou-easy", "howareyou-youth",
                           "howareyou-child", "intake", "money-matters", "caring"}) {
        INFO(id);
        CHECK(r.out.find(std::string(id) + ".json: " + id + " (") != std::string::npos);
    }
    CHECK(r.out.find("nl: Flesch-Douma min") != std::string::npos);
    CHECK(r.out.find("en: Flesch reading ease min") != std::string::npos);
}

TEST_CASE("kioskctl lint names file and linkId of a text that breaks the rules, and exits 1", "[lint]") {
    kiosk::test::TempDir dir("lint");
    auto file = dir / "bad.json";
    kiosk::test::write_file(file, kBadText);
    auto r = run(KIOSKCTL_BIN, {"lint", file.string()});
    CHECK(r.exit_code == 1);
    const std::string where = file.string() + ":q1: ";
    CHECK(r.err.find(where + "[nl] text: sentence has 16 words (at most 15 for B1)") != std::string::npos);
    CHECK(r.err.find(where + "[nl] text: word \"vrijwilligerswerk\" has 5 syllables") != std::string::npos);
    CHECK(r.err.find(where + "[nl] text: \"en/of\"") != std::string::npos);
    // Readability numbers are still printed, so the writer sees what to aim for.
    CHECK(r.out.find("bad.json: bad (no variant, B1, 1 questions)") != std::string::npos);
}

TEST_CASE("kioskctl lint reports what the loader refuses, with file and linkId", "[lint]") {
    kiosk::test::TempDir dir("lint");
    json q = json::parse(kBadText);
    q["item"][0]["text"] = "Hebt u werk?";
    q["item"][0]["enableWhen"] = json::array({{{"question", "nowhere"}, {"operator", "exists"}, {"answerBoolean", true}}});
    kiosk::test::write_file(dir / "dangling.json", q.dump());
    kiosk::test::write_file(dir / "broken.json", "{ \"resourceType\": ");

    auto r = run(KIOSKCTL_BIN, {"lint", dir.path().string()});
    CHECK(r.exit_code == 1);
    const auto at = r.err.find((dir / "dangling.json").string() + ":q1: enableWhen");
    REQUIRE(at != std::string::npos);
    CHECK(r.err.substr(at, r.err.find('\n', at) - at).find("nowhere") != std::string::npos);
    CHECK(r.err.find((dir / "broken.json").string() + ": not valid JSON") != std::string::npos);
}

TEST_CASE("kioskctl check accepts a published form's harmless slips with a note, and kioskctl lint holds our own content to R4", "[lint]") {
    const fs::path slips = fs::path(KIOSK_TEST_DATA_DIR) / "questionnaires" / "tolerated" / "slips.json";
    auto c = run(KIOSKCTL_BIN, {"check", slips.string()});
    INFO(c.out << c.err);
    CHECK(c.exit_code == 0);
    CHECK(c.out.find(slips.string() + ": loads as clinic-intake (en): 2 asked") != std::string::npos);
    CHECK(c.err.find("note: " + slips.string() + ": status is missing") != std::string::npos);
    CHECK(c.err.find("note: " + slips.string() + ":stage: a choice item without answerOption") != std::string::npos);
    auto l = run(KIOSKCTL_BIN, {"lint", slips.string()});
    INFO(l.out << l.err);
    CHECK(l.exit_code == 1);
    CHECK(l.err.find(slips.string() + ": status is missing (R4 requires it)") != std::string::npos);
    CHECK(l.err.find(slips.string() + ":sleep: element 'option' is STU3") != std::string::npos);
}

TEST_CASE("kioskctl lint refuses a path that does not exist", "[lint]") {
    auto r = run(KIOSKCTL_BIN, {"lint", "/nonexistent/questionnaires"});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("/nonexistent/questionnaires: no such file or folder") != std::string::npos);
    CHECK(run(KIOSKCTL_BIN, {"lint"}).exit_code == 2);
    CHECK(run(KIOSKCTL_BIN, {"lint", "--help"}).exit_code == 0);
}

TEST_CASE("shipped questionnaires carry what the choose screen needs, in Dutch and English", "[lint]") {
    std::set<std::string> ids;
    for (const auto& entry : fs::directory_iterator(kShipped)) {
        if (entry.path().extension() != ".json") continue;
        json q = read_json(entry.path());
        const std::string id = q["id"];
        INFO(id);
        ids.insert(id);
        CHECK(entry.path().stem() == id);
        CHECK(q["url"] == "https://fhir.intake-kiosk.example/Questionnaire/" + id);
        CHECK(q["language"] == "nl");
        CHECK(q["_title"].dump().find("\"en\"") != std::string::npos);
        CHECK(q["_description"].dump().find("\"en\"") != std::string::npos);
        REQUIRE(extension(q, "variant"));
        REQUIRE(extension(q, "minutes"));
        CHECK((*extension(q, "minutes"))["valueInteger"].get<int>() > 0);
        REQUIRE(extension(q, "icon"));
        REQUIRE(extension(q, "languages"));
        CHECK((*extension(q, "languages"))["valueCode"] == "en");

        // Every question can be skipped: none is required, and "I'd rather
        // not say" is the UI's button, never an option of ours.
        for_each_item(q["item"], [&](const json& item) {
            CHECK_FALSE(item.value("required", false));
            const std::string options = item.contains("answerOption") ? item["answerOption"].dump() : "";
            CHECK(options.find("liever niet") == std::string::npos);
            CHECK(options.find("rather not") == std::string::npos);
        });
    }
    CHECK(ids == std::set<std::string>{"howareyou-full", "howareyou-short", "howareyou-easy", "howareyou-youth",
                                       "howareyou-child", "intake", "money-matters", "caring", "satisfaction",
                                       "satisfaction-easy"});
}

TEST_CASE("shipped questionnaires have the lengths organisations asked for", "[lint]") {
    CHECK(question_count(read_json(kShipped / "howareyou-full.json")) == 40);
    CHECK(question_count(read_json(kShipped / "howareyou-short.json")) == 17);
    CHECK(question_count(read_json(kShipped / "howareyou-easy.json")) == 14);
    int money = question_count(read_json(kShipped / "money-matters.json"));
    int caring = question_count(read_json(kShipped / "caring.json"));
    CHECK((money >= 7 && money <= 10));
    CHECK((caring >= 7 && caring <= 10));
    // The short version is a subset of the full one, so their scores compare.
    json full = read_json(kShipped / "howareyou-full.json");
    for_each_item(read_json(kShipped / "howareyou-short.json")["item"], [&](const json& item) {
        if (item["type"] == "integer") {
            INFO(item["linkId"]);
            const json* same = find_item(full, item["linkId"]);
            REQUIRE(same);
            CHECK((*same)["text"] == item["text"]);
        }
    });
}

TEST_CASE("the easy variant asks with five faces, a word under each, and one pictogram", "[lint]") {
    json q = read_json(kShipped / "howareyou-easy.json");
    int questions = 0;
    for_each_item(q["item"], [&](const json& item) {
        if (item["type"] == "display") return;
        ++questions;
        INFO(item["linkId"]);
        REQUIRE(item["type"] == "choice");
        REQUIRE(extension(item, "pictogram"));
        if (item["linkId"] == "e-join-what") {
            // Where taking part is asked, not taking part is an answer of its own (a pictogram each).
            CHECK(item.dump().find("Ik doe nergens aan mee") != std::string::npos);
            for (const auto& opt : item["answerOption"]) CHECK(extension(opt, "pictogram"));
            return;
        }
        REQUIRE(extension(item, "domain"));
        REQUIRE(item["answerOption"].size() == 5);
        const double scores[] = {0, 2.5, 5, 7.5, 10};
        for (int i = 0; i < 5; ++i) {
            const json& opt = item["answerOption"][i];
            CHECK((*extension(opt, "pictogram"))["valueString"] == "face-" + std::to_string(i + 1));
            CHECK_FALSE(opt["valueCoding"]["display"].get<std::string>().empty());
            CHECK(opt["valueCoding"]["_display"].dump().find("\"en\"") != std::string::npos);
            double ordinal = -1;
            for (const auto& e : opt["extension"]) {
                if (e["url"] == "http://hl7.org/fhir/StructureDefinition/ordinalValue") ordinal = e["valueDecimal"];
            }
            CHECK(ordinal == scores[i]);
        }
    });
    CHECK(questions == 14);
}

TEST_CASE("intake asks contact details only when they are needed", "[lint]") {
    json q = read_json(kShipped / "intake.json");
    const json* themes = find_item(q, "themes");
    REQUIRE(themes);
    CHECK((*themes)["repeats"] == true);
    std::set<std::string> codes;
    for (const auto& opt : (*themes)["answerOption"]) {
        const std::string code = opt["valueCoding"]["code"];
        codes.insert(code);
        CHECK(opt["valueCoding"]["system"] == "https://fhir.intake-kiosk.example/CodeSystem/theme");
        REQUIRE(extension(opt, "pictogram"));
        CHECK((*extension(opt, "pictogram"))["valueString"] == "theme-" + code);
    }
    CHECK(codes == std::set<std::string>{"community", "money", "health", "relationships", "housing",
                                         "mental-wellbeing", "work-learning", "ageing-caring", "getting-around",
                                         "volunteering"});
    const std::pair<const char*, const char*> needs[] = {{"phone", "phone"}, {"email", "email"}, {"address", "visit"}};
    for (const auto& [link_id, method] : needs) {
        INFO(link_id);
        const json* item = find_item(q, link_id);
        REQUIRE(item);
        REQUIRE((*item)["enableWhen"].size() == 1);
        CHECK((*item)["enableWhen"][0]["question"] == "contact");
        CHECK((*item)["enableWhen"][0]["answerCoding"]["code"] == method);
    }
    const json* consent = find_item(q, "consent");
    REQUIRE(consent);
    CHECK((*consent)["type"] == "boolean");
}

TEST_CASE("every icon a shipped questionnaire names is listed in assets/icons/ICONS.md", "[lint]") {
    const std::string listing =
        kiosk::test::read_file(fs::path(KIOSK_SOURCE_DIR) / "assets" / "icons" / "ICONS.md");
    std::set<std::string> listed;
    std::regex line(R"(^- `([a-z0-9-]+)`: .+)");
    std::istringstream in(listing);
    for (std::string l; std::getline(in, l);) {
        std::smatch m;
        if (std::regex_match(l, m, line)) listed.insert(m[1]);
    }
    REQUIRE(listed.size() >= 10);
    for (const auto& entry : fs::directory_iterator(kShipped)) {
        if (entry.path().extension() != ".json") continue;
        std::function<void(const json&)> walk = [&](const json& x) {
            if (x.is_object()) {
                const std::string url = x.value("url", "");
                if ((url == kOur + "pictogram" || url == kOur + "icon") && x.contains("valueString")) {
                    INFO(entry.path().filename().string() << " names icon " << x["valueString"]);
                    CHECK(listed.count(x["valueString"].get<std::string>()) == 1);
                }
                for (const auto& [k, v] : x.items()) walk(v);
            } else if (x.is_array()) {
                for (const auto& v : x) walk(v);
            }
        };
        walk(read_json(entry.path()));
    }
}

TEST_CASE("kioskctl lint counts the files with problems, not the files checked", "[lint]") {
    kiosk::test::TempDir dir("lint");
    kiosk::test::write_file(dir / "a-bad.json", kBadText);
    json good = json::parse(kBadText);
    good["id"] = "good";
    good["item"][0]["text"] = "Hebt u werk?";
    good["extension"] = json::array(
        {{{"url", "https://fhir.intake-kiosk.example/StructureDefinition/register"}, {"valueCode", "u"}}});
    kiosk::test::write_file(dir / "b-good.json", good.dump());
    good["id"] = "good2";
    kiosk::test::write_file(dir / "c-good.json", good.dump());
    auto r = run(KIOSKCTL_BIN, {"lint", dir.path().string()});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(" problems in 1 of 3 files\n") != std::string::npos);
}

TEST_CASE("a questionnaire without language is linted as English, as the loader reads it", "[lint]") {
    kiosk::test::TempDir dir("lint");
    json q = json::parse(kBadText);
    q.erase("language");
    q["title"] = "A test";
    q["item"][0]["text"] = "Do you have work?";
    kiosk::test::write_file(dir / "en.json", q.dump());
    auto r = run(KIOSKCTL_BIN, {"lint", (dir / "en.json").string()});
    INFO(r.err);
    CHECK(r.out.find("  en: Flesch reading ease") != std::string::npos);
    CHECK(r.out.find("nl: Flesch-Douma") == std::string::npos);
    CHECK(r.err.find("[nl]") == std::string::npos);  // no Dutch rules on English words
}
