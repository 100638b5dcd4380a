// kioskctl preview (issue 19): every screen of a questionnaire as the real
// kiosk draws it, headless, with a contact sheet. These tests run the real
// kioskctl and the real kiosk binary; what they check is what a writer
// opening the sheet would notice: a screen per item with that item's text on
// it, images of the asked size, a sheet that lists them and opens in a
// browser, and a clear line when the questionnaire does not load.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "core/utf8.hpp"
#include "preview/plan.hpp"
#include "questionnaire/loader.hpp"
#include "referrals/referrals.hpp"
#include "test_support.hpp"

using namespace kiosk::test;
namespace fs = std::filesystem;
namespace q = kiosk::questionnaire;
using nlohmann::json;

namespace {

// Width and height from a PNG's IHDR chunk; {0,0} when it is not a PNG.
std::pair<int, int> png_size(const fs::path& p) {
    const std::string b = read_file(p);
    if (b.size() < 24 || b.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0 || b.compare(12, 4, "IHDR") != 0) return {0, 0};
    auto be32 = [&](std::size_t at) {
        return (static_cast<unsigned char>(b[at]) << 24) | (static_cast<unsigned char>(b[at + 1]) << 16) |
               (static_cast<unsigned char>(b[at + 2]) << 8) | static_cast<unsigned char>(b[at + 3]);
    };
    return {static_cast<int>(be32(16)), static_cast<int>(be32(20))};
}

struct Figure {
    std::string file, screen, link_id, img;
};

// The figures of the contact sheet, in order.
std::vector<Figure> figures(const std::string& html) {
    std::vector<Figure> out;
    std::regex re(R"re(<figure id="([^"]*)" data-screen="([^"]*)" data-link-id="([^"]*)">\s*<a href="[^"]*"><img src="([^"]*)")re");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), re); it != std::sregex_iterator(); ++it)
        out.push_back({(*it)[1], (*it)[2], (*it)[3], (*it)[4]});
    return out;
}

// The items a resident can be shown (not groups, hidden or calculated ones).
void shown_items(const std::vector<q::Item>& items, bool hidden, std::vector<const q::Item*>& out) {
    for (const auto& it : items) {
        const bool h = hidden || it.hidden;
        if (it.type != q::ItemType::Group && !h && !it.is_computed()) out.push_back(&it);
        shown_items(it.children, h, out);
    }
}

std::string all_texts(const json& dump) {
    std::string s;
    for (const auto& t : dump["texts"]) s += t["text"].get<std::string>() + "\n";
    for (const auto& w : dump["widgets"]) s += w["label"].get<std::string>() + "\n";
    return s;
}

std::vector<fs::path> shipped_files() {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(fs::path(KIOSK_SOURCE_DIR) / "assets" / "questionnaires"))
        if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

// Previews one shipped questionnaire at 1280x800 and checks the sheet against the questionnaire.
void check_preview(const fs::path& file) {
    INFO(file.filename().string());
    auto loaded = q::load_questionnaire_file(file);
    REQUIRE(loaded.questionnaire);
    const q::Questionnaire& qn = *loaded.questionnaire;
    TempDir dir("preview");
    // Nothing may land outside the output folder: no data dir in $HOME or
    // $XDG_DATA_HOME, no work folder left in $TMPDIR.
    const fs::path home = dir / "home", tmp = dir / "tmp", out = dir / "out";
    fs::create_directories(home);
    fs::create_directories(tmp);
    auto r = run(KIOSKCTL_BIN, {"preview", file.string(), "--out", out.string(), "--size", "1280x800"},
                 {"HOME=" + home.string(), "XDG_DATA_HOME=" + (home / "data").string(), "TMPDIR=" + tmp.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("warning") == std::string::npos);
    CHECK(fs::is_empty(home));
    CHECK(fs::is_empty(tmp));

    const std::string html = read_file(out / "index.html");
    const auto figs = figures(html);
    REQUIRE(figs.size() >= 6);
    std::set<std::string> screens, linked;
    int tall = 0;
    for (const auto& f : figs) {
        INFO(f.file);
        screens.insert(f.screen);
        CHECK(f.img == "screens/" + f.file + ".png");  // relative, so the folder can be moved or zipped
        const auto [w, h] = png_size(out / f.img);
        CHECK(w == 1280);
        CHECK(h >= 800);
        CHECK(fs::file_size(out / f.img) > 10'000);  // a drawn screen, not an empty surface
        // The kiosk's own record of that frame says it is that screen.
        const json dump = json::parse(read_file(out / "screens" / (f.file + ".json")));
        CHECK(dump["screen"] == f.screen);
        // The PNG holds the whole page, not only what the glass shows: every widget and text of the
        // screen (laid out from the top) lies inside it, and a page that goes on below is taller.
        float bottom = 0;
        for (const char* k : {"widgets", "texts"})
            for (const auto& x : dump[k]) bottom = std::max(bottom, x["rect"][1].get<float>() + x["rect"][3].get<float>());
        CHECK(bottom <= static_cast<float>(h) + 1.0f);
        if (h > 800) {
            ++tall;
            CHECK(html.find("(" + std::to_string(h) + " px)") != std::string::npos);  // said under the picture
        }
        if (f.link_id.empty()) continue;
        linked.insert(f.link_id);
        const q::Item* item = qn.find(f.link_id);
        REQUIRE(item);
        const std::string text = item->text.get(qn.language);
        // The item's own words are on its screen (a display item's whole text, a question's).
        if (!text.empty()) CHECK(all_texts(dump).find(text) != std::string::npos);
    }
    // Every item a resident can meet has a screen of its own.
    std::vector<const q::Item*> items;
    shown_items(qn.items, false, items);
    for (const auto* it : items) {
        INFO("item " << it->link_id);
        CHECK(linked.count(it->link_id) == 1);
    }
    for (const char* s : {"welcome", "choose", "consent", "review", "thanks"}) {
        INFO(s);
        CHECK(screens.count(s) == 1);
    }
    std::set<std::string> domains;
    for (const auto* it : items)
        if (!it->domain.empty()) domains.insert(it->domain);
    if (domains.size() == q::scoring_domains().size())
        for (const char* s : {"result", "talk", "contact-wish"}) {
            INFO(s);
            CHECK(screens.count(s) == 1);
        }
    // The reading level as `kioskctl lint` counts it.
    CHECK(html.find("id=\"reading-level\"") != std::string::npos);
    // The sheet speaks the preview language (here the questionnaire's own, Dutch or English), decimals as it writes them.
    CHECK(std::regex_search(html, std::regex(qn.language == "nl" ? "Flesch-Douma laagste [0-9]+,[0-9]" : "Flesch reading ease lowest [0-9]+\\.[0-9]")));
    CHECK(html.find(qn.language == "nl" ? "<html lang=\"nl\">" : "<html lang=\"en\">") != std::string::npos);
    CHECK(html.find(qn.language == "nl" ? "<strong>Leesniveau</strong>" : "<strong>Reading level</strong>") != std::string::npos);
    // The review screen lists every answer: taller than 800 px for any questionnaire with more than a few questions.
    if (items.size() > 8) CHECK(tall >= 1);
    CHECK(html.find("id=\"unreached\"") == std::string::npos);
}

}  // namespace

// Two halves, so ctest -j2 runs them side by side.
TEST_CASE("kioskctl preview shows every item of the shipped questionnaires (first half)") {
    const auto files = shipped_files();
    REQUIRE(files.size() >= 10);
    for (std::size_t i = 0; i < files.size(); i += 2) check_preview(files[i]);
}

TEST_CASE("kioskctl preview shows every item of the shipped questionnaires (second half)") {
    const auto files = shipped_files();
    for (std::size_t i = 1; i < files.size(); i += 2) check_preview(files[i]);
}

namespace {

// Branching the planner must follow: q2 and q3 behind two answers of q1, q5
// behind a typed number over 17, q6 behind q2 and q4 together, q7 behind two
// answers to q4 nobody can give at once.
const char* kBranching = R"({
  "resourceType": "Questionnaire", "id": "branching", "url": "https://example.org/Questionnaire/branching",
  "version": "1", "status": "draft", "language": "en", "title": "Branching",
  "item": [
    {"linkId": "q1", "type": "choice", "text": "Pick one",
     "answerOption": [{"valueString": "apple"}, {"valueString": "pear"}, {"valueString": "plum"}]},
    {"linkId": "q2", "type": "boolean", "text": "You picked a pear. Ripe?",
     "enableWhen": [{"question": "q1", "operator": "=", "answerString": "pear"}]},
    {"linkId": "q3", "type": "display", "text": "Plums are in season.",
     "enableWhen": [{"question": "q1", "operator": "=", "answerString": "plum"}]},
    {"linkId": "q4", "type": "integer", "text": "How old are you?"},
    {"linkId": "q5", "type": "string", "text": "Your job?",
     "enableWhen": [{"question": "q4", "operator": ">", "answerInteger": 17}]},
    {"linkId": "q6", "type": "display", "text": "A ripe pear for a working adult.",
     "enableWhen": [{"question": "q2", "operator": "=", "answerBoolean": false},
                    {"question": "q4", "operator": ">", "answerInteger": 17}], "enableBehavior": "all"},
    {"linkId": "q7", "type": "display", "text": "Never shown.",
     "enableWhen": [{"question": "q4", "operator": "<", "answerInteger": 0},
                    {"question": "q4", "operator": ">", "answerInteger": 100}], "enableBehavior": "all"}
  ]})";

}  // namespace

TEST_CASE("the preview planner answers what turns items behind enableWhen on, and names what no answer reaches") {
    auto loaded = q::load_questionnaire_json(kBranching, "branching.json");
    for (const auto& p : loaded.problems) INFO(q::format_problem(p));
    REQUIRE(loaded.questionnaire);
    kiosk::preview::PlanOptions o;
    o.lang = "en";
    auto plan = kiosk::preview::plan({*loaded.questionnaire}, "branching", {}, o);
    CHECK(plan.problems.empty());
    std::set<std::string> shown;
    for (const auto& s : plan.shots)
        if (!s.link_id.empty()) shown.insert(s.link_id);
    CHECK(shown == std::set<std::string>{"q1", "q2", "q3", "q4", "q5", "q6"});
    CHECK(plan.unreached == std::vector<std::string>{"q7"});
    CHECK(plan.walks == 2);  // pear and plum cannot both be picked in one walk; a third would show nothing new
    // The script types the number that enables q5 (greater than 17) on the keyboard screen.
    INFO(plan.script);
    CHECK(std::regex_search(plan.script, std::regex("type (1[89]|[2-9][0-9]|[1-9][0-9][0-9]+)\n")));
}

TEST_CASE("kioskctl preview of a branching form follows the plan in the real kiosk and names an item it cannot reach") {
    TempDir dir("preview-branch");
    write_file(dir / "branching.json", kBranching);
    auto r = run(KIOSKCTL_BIN, {"preview", (dir / "branching.json").string(), "--out", (dir / "out").string(), "--lang", "en",
                                "--size", "800x1280", "--text-size", "150", "--theme", "high-contrast"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("branching.json:q7: no walk reached this item") != std::string::npos);
    const std::string html = read_file(dir / "out" / "index.html");
    CHECK(html.find("id=\"unreached\"") != std::string::npos);
    const auto figs = figures(html);
    std::map<std::string, std::string> by_link;
    for (const auto& f : figs) {
        const auto [w, h] = png_size(dir / "out" / f.img);
        CHECK(w == 800);
        CHECK(h >= 1280);  // a page taller than the glass is shot whole
        if (!f.link_id.empty()) by_link[f.link_id] = f.file;
    }
    REQUIRE(by_link.count("q6"));
    const json q6 = json::parse(read_file(dir / "out" / "screens" / (by_link["q6"] + ".json")));
    CHECK(all_texts(q6).find("A ripe pear for a working adult.") != std::string::npos);
    // High contrast: light text on black.
    bool black = false;
    for (const auto& t : q6["texts"]) black |= t["bg_rgb"] == json::array({0, 0, 0});
    CHECK(black);
    // English kiosk texts, and the text size tapped on the welcome screen.
    CHECK(all_texts(q6).find("Next") != std::string::npos);
}

TEST_CASE("kioskctl preview --lang ar shows a shipped questionnaire through its translation file, right to left") {
    // The Arabic texts live in assets/translations/ar/, not in the questionnaire:
    // the preview merges them as the kiosk does (it refused "has no ar texts").
    TempDir dir("preview-ar");
    const fs::path q = fs::path(KIOSK_SOURCE_DIR) / "assets" / "questionnaires" / "howareyou-short.json";
    auto r = run(KIOSKCTL_BIN, {"preview", q.string(), "--out", (dir / "out").string(), "--lang", "ar"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string html = read_file(dir / "out" / "index.html");
    CHECK(html.find("lang=\"ar\"") != std::string::npos);
    CHECK(html.find("dir=\"rtl\"") != std::string::npos);
    // Long item texts are cut between characters: the sheet stays valid UTF-8.
    CHECK(kiosk::utf8::encode(kiosk::utf8::decode(html)) == html);
    bool arabic_question = false;
    for (const auto& f : figures(html)) {
        if (f.link_id.empty()) continue;
        const json ui = json::parse(read_file(dir / "out" / "screens" / (f.file + ".json")));
        CHECK(ui["missing_glyphs"].empty());
        // "Question n of 17" in Arabic: the kiosk's own text in the preview language.
        arabic_question |= all_texts(ui).find("\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa4\xd8\xa7\xd9\x84") != std::string::npos;  // السؤال
    }
    CHECK(arabic_question);
    // A language with no translation file still says so, and where the file would go.
    auto tr = run(KIOSKCTL_BIN, {"preview", (fs::path(KIOSK_SOURCE_DIR) / "tests" / "data" / "questionnaires" / "sdc" / "features.json").string(),
                                 "--out", (dir / "none").string(), "--lang", "ar"});
    CHECK(tr.exit_code == 1);
    CHECK(tr.err.find("has no ar texts") != std::string::npos);
}

TEST_CASE("kioskctl preview of a questionnaire that does not load prints the loader's lines and exits 1") {
    TempDir dir("preview-broken");
    write_file(dir / "broken.json", R"({"resourceType": "Questionnaire", "id": "broken", "status": "draft", "language": "en",
      "item": [{"linkId": "q1", "type": "choice", "text": "Pick"},
               {"linkId": "q2", "type": "string", "text": "Why?", "enableWhen": [{"question": "nope", "operator": "exists", "answerBoolean": true}]}]})");
    auto r = run(KIOSKCTL_BIN, {"preview", (dir / "broken.json").string(), "--out", (dir / "out").string()});
    CHECK(r.exit_code == 1);
    // file:linkId: message, as `kioskctl check` prints them.
    CHECK(std::regex_search(r.err, std::regex((dir / "broken.json").string() + ":q[12]: .+")));
    CHECK(r.err.find("does not load") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "out" / "index.html"));

    auto bad = run(KIOSKCTL_BIN, {"preview", (dir / "missing.json").string(), "--out", (dir / "out").string()});
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find("missing.json: no such file") != std::string::npos);
}

TEST_CASE("kioskctl preview says where it looked when the kiosk binary is missing") {
    TempDir dir("preview-nokiosk");
    const fs::path q = fs::path(KIOSK_SOURCE_DIR) / "assets" / "questionnaires" / "satisfaction.json";
    auto r = run(KIOSKCTL_BIN, {"preview", q.string(), "--out", (dir / "out").string(), "--kiosk", (dir / "kiosk").string()});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("the kiosk binary was not found (looked for " + (dir / "kiosk").string()) != std::string::npos);
    auto lang = run(KIOSKCTL_BIN, {"preview", q.string(), "--out", (dir / "out").string(), "--lang", "xx"});
    CHECK(lang.exit_code == 2);
}

TEST_CASE("the contact sheet opens in headless Chromium with every image loaded") {
    TempDir dir("preview-chromium");
    const fs::path q = fs::path(KIOSK_SOURCE_DIR) / "assets" / "questionnaires" / "satisfaction-easy.json";
    auto r = run(KIOSKCTL_BIN, {"preview", q.string(), "--out", (dir / "out").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // The page's DOM after load: a broken image has naturalWidth 0, which a
    // script on the page writes into the title for --dump-dom to show.
    std::string html = read_file(dir / "out" / "index.html");
    const std::string probe =
        "<script>window.addEventListener('load',()=>{const i=[...document.images];"
        "document.title='loaded '+i.filter(x=>x.complete&&x.naturalWidth===1280).length+' of '+i.length;});</script>";
    write_file(dir / "out" / "probe.html", html.replace(html.find("</body>"), 7, probe + "</body>"));
    TempDir profile("preview-chromium-profile");
    auto c = run("/usr/bin/chromium",
                 {"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--user-data-dir=" + profile.path().string(), "--enable-logging=stderr",
                  "--v=0", "--virtual-time-budget=5000", "--dump-dom", "file://" + (dir / "out" / "probe.html").string()});
    INFO(c.err);
    REQUIRE(c.exit_code == 0);
    const auto n = figures(read_file(dir / "out" / "index.html")).size();
    CHECK(c.out.find("<title>loaded " + std::to_string(n) + " of " + std::to_string(n) + "</title>") != std::string::npos);
    CHECK(c.err.find("net::ERR") == std::string::npos);
    CHECK(c.err.find("Uncaught") == std::string::npos);
}

TEST_CASE("kioskctl preview --valuesets shows a real form's answer list the organisation supplies, on the kiosk's screen") {
    // HL7 SDC's required-fields test form names its yes/no list by url; the list here is ours (our codes, our words).
    const fs::path form = fs::path(KIOSK_SHARED_DATA_DIR) / "fhir-forms" / "sdc-test-required.json";
    REQUIRE(fs::is_regular_file(form));
    TempDir dir("preview-valuesets");
    write_file(dir / "sets" / "yes-no.json", R"({"resourceType": "ValueSet", "status": "active",
        "url": "http://sqlonfhir-r4.azurewebsites.net/fhir/ValueSet/a015b6a1ac024dc19baec940be2c1695",
        "expansion": {"timestamp": "2026-12-01T10:00:00Z", "contains": [
          {"system": "https://fhir.intake-kiosk.example/CodeSystem/test-answers", "code": "stay", "display": "Yes, I will stay here"},
          {"system": "https://fhir.intake-kiosk.example/CodeSystem/test-answers", "code": "go", "display": "No, I will go"}]}})");
    auto bare = run(KIOSKCTL_BIN, {"preview", form.string(), "--out", (dir / "bare").string()});
    CHECK(bare.exit_code == 1);
    CHECK(bare.err.find(form.string() + ":radio: answerValueSet") != std::string::npos);
    CHECK(bare.err.find("--valuesets DIR") != std::string::npos);

    auto r = run(KIOSKCTL_BIN, {"preview", form.string(), "--out", (dir / "out").string(), "--lang", "en", "--valuesets", (dir / "sets").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::map<std::string, Figure> by_link;
    for (const auto& f : figures(read_file(dir / "out" / "index.html")))
        if (!f.link_id.empty()) by_link[f.link_id] = f;
    REQUIRE(by_link.count("radio"));
    const json shot = json::parse(read_file(dir / "out" / "screens" / (by_link["radio"].file + ".json")));
    CHECK(all_texts(shot).find("Should I stay?") != std::string::npos);
    CHECK(all_texts(shot).find("Yes, I will stay here") != std::string::npos);
    CHECK(all_texts(shot).find("No, I will go") != std::string::npos);
    CHECK(png_size(dir / "out" / by_link["radio"].img) == std::pair<int, int>{1280, 800});
}
