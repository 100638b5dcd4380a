// `kioskctl pack build --valuesets DIR`: an answer list a questionnaire names
// by url (as published instruments do) travels inside the signed pack, so the
// device loads it offline. Our own questionnaire and our own ValueSet.
#include <catch2/catch.hpp>

#include <functional>

#include <nlohmann/json.hpp>

#include "pack/content_dir.hpp"
#include "pack_support.hpp"
#include "sync_fixture.hpp"

using namespace kiosk;
using namespace kiosk::test;
using json = nlohmann::json;

namespace {

const std::string kDebtsUrl = "https://terminology.example.org/ValueSet/debts";
const std::string kDebtsSystem = "https://fhir.intake-kiosk.example/CodeSystem/debts";

// money-matters' debts question names its answer list by url|version instead of listing it, and the list is
// written as the organisation's terminology server would hand it over: a ValueSet file with the same concepts,
// Dutch display, English as a designation. Returns the source questionnaire text.
std::string move_debts_to_a_value_set(const fs::path& content, const fs::path& sets) {
    const fs::path qfile = content / "questionnaires" / "money-matters.json";
    json q = json::parse(read_file(qfile));
    json concepts = json::array();
    std::function<bool(json&)> walk = [&](json& items) {
        for (auto& it : items) {
            if (it["linkId"] == "money-debts") {
                for (const auto& o : it["answerOption"]) {
                    const json& c = o["valueCoding"];
                    std::string en;
                    for (const auto& ext : c["_display"]["extension"])
                        for (const auto& part : ext["extension"])
                            if (part["url"] == "content") en = part["valueString"];
                    concepts.push_back({{"code", c["code"]}, {"display", c["display"]},
                                        {"designation", json::array({{{"language", "en"}, {"value", en}}})}});
                }
                it.erase("answerOption");
                it["answerValueSet"] = kDebtsUrl + "|2026";
                return true;
            }
            if (it.contains("item") && walk(it["item"])) return true;
        }
        return false;
    };
    REQUIRE(walk(q["item"]));
    REQUIRE(concepts.size() >= 3);
    const std::string text = q.dump(2);
    write_file(qfile, text);
    json vs = {{"resourceType", "ValueSet"}, {"url", kDebtsUrl}, {"version", "2026"}, {"status", "active"}, {"title", "Debts"},
               {"compose", {{"include", json::array({{{"system", kDebtsSystem}, {"concept", concepts}}})}}}};
    write_file(sets / "debts.json", vs.dump(2));
    return text;
}

}  // namespace

TEST_CASE("pack build --valuesets copies the answer list into the questionnaire and the signed pack loads offline", "[pack]") {
    TempDir tmp("pack-valuesets");
    TestOrg org(tmp / "org");
    make_content(tmp / "c");
    const std::string source = move_debts_to_a_value_set(tmp / "c", tmp / "sets");
    const fs::path p = tmp / "c.pack";

    // Without the list the build is refused, and says how to supply it.
    auto bare = run(KIOSKCTL_BIN, {"pack", "build", "--content", (tmp / "c").string(), "--version", "5", "--out", p.string()});
    CHECK(bare.exit_code == 1);
    CHECK(bare.err.find("questionnaires/money-matters.json:money-debts: answerValueSet '" + kDebtsUrl +
                        "|2026' is not in the questionnaire: it needs a terminology server") != std::string::npos);
    CHECK(bare.err.find("--valuesets DIR") != std::string::npos);
    CHECK_FALSE(fs::exists(p));

    // With it: built, and the build says what it copied where.
    auto built = run(KIOSKCTL_BIN, {"pack", "build", "--content", (tmp / "c").string(), "--version", "5", "--out", p.string(),
                                    "--valuesets", (tmp / "sets").string()});
    INFO(built.err);
    REQUIRE(built.exit_code == 0);
    CHECK(built.out.find("questionnaires/money-matters.json: ValueSet " + kDebtsUrl + "|2026 copied in\n") != std::string::npos);
    CHECK(built.out.find("1 supplied ValueSet copied into 1 questionnaire") != std::string::npos);

    // The pack's copy of the questionnaire holds the list; the other files are byte for byte what the folder has.
    auto pack = pack::parse(read_file(p), p.string());
    REQUIRE(pack);
    bool found = false;
    for (const auto& [path, bytes] : pack->files) {
        if (path != "questionnaires/money-matters.json") {
            CHECK(bytes == read_file(tmp / "c" / path));
            continue;
        }
        found = true;
        CHECK(bytes != source);
        json q = json::parse(bytes);
        REQUIRE(q["contained"].is_array());
        const json& vs = q["contained"].back();
        CHECK(vs["resourceType"] == "ValueSet");
        CHECK(vs["url"] == kDebtsUrl);
        CHECK(vs["version"] == "2026");
        CHECK(vs["expansion"]["contains"][0]["system"] == kDebtsSystem);
        CHECK(vs["expansion"]["contains"][0]["code"] == "none");
        CHECK(bytes.find("\"answerValueSet\": \"#" + vs["id"].get<std::string>() + "\"") != std::string::npos);
    }
    CHECK(found);

    // Signed, it passes every check a device runs, with no folder of ValueSets anywhere near it.
    REQUIRE(run(KIOSKCTL_BIN, {"pack", "sign", "--key", org.dir.string(), p.string()}).exit_code == 0);
    auto verify = run(KIOSKCTL_BIN, {"pack", "verify", "--org", org.dir.string(), p.string()});
    INFO(verify.err);
    CHECK(verify.exit_code == 0);
    // And the device's content reader offers the question with the list's answers, Dutch and English.
    fs::create_directories(tmp / "data");
    auto dir = pack::open_pack_file(p, org.pub.content_public_key, tmp / "data");
    INFO((dir ? "" : dir.error().message));
    REQUIRE(dir);
    auto content = pack::load_content_dir(*dir);
    const questionnaire::Questionnaire* money = nullptr;
    for (const auto& q : content.questionnaires)
        if (q.id == "money-matters") money = &q;
    REQUIRE(money);
    const questionnaire::Item* debts = money->find("money-debts");
    REQUIRE(debts);
    REQUIRE(debts->options.size() >= 3);
    CHECK(std::get<questionnaire::Coding>(debts->options[0].value).code == "none");
    CHECK(debts->options[0].display.get("nl") == "Nee");
    CHECK(debts->options[0].display.get("en") == "No");
}

TEST_CASE("pack build refuses a folder of ValueSets with one that needs a terminology server, naming the file", "[pack]") {
    TempDir tmp("pack-valuesets");
    make_content(tmp / "c");
    move_debts_to_a_value_set(tmp / "c", tmp / "sets");
    write_file(tmp / "sets" / "all-of-snomed.json",
               R"({"resourceType": "ValueSet", "url": "https://terminology.example.org/ValueSet/findings", "status": "active",
                   "compose": {"include": [{"system": "http://snomed.info/sct", "filter": [{"property": "concept", "op": "is-a", "value": "404684003"}]}]}})");
    const fs::path p = tmp / "c.pack";
    auto r = run(KIOSKCTL_BIN, {"pack", "build", "--content", (tmp / "c").string(), "--version", "5", "--out", p.string(),
                                "--valuesets", (tmp / "sets").string()});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find((tmp / "sets" / "all-of-snomed.json").string() + ": an include on 'http://snomed.info/sct' has a filter: "
                     "which codes it means needs a terminology server") != std::string::npos);
    CHECK(r.err.find("kioskctl pack build: the ValueSets in " + (tmp / "sets").string() + " above cannot be used; nothing written") !=
          std::string::npos);
    CHECK_FALSE(fs::exists(p));
}
