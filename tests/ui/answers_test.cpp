// Answers a resident can see and reach, on the real app headless at every
// screen size and text scale: choices that answer a screen's question are
// answer buttons in the body (the bottom bar is for moving on: back, next,
// help, stop), and every answer of a question is on the glass or behind a
// visible "more below" cue.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include "shipped_referrals.hpp"
#include "ui_harness.hpp"
#include "walk.hpp"

using namespace kiosk::test;
namespace fs = std::filesystem;
namespace q = kiosk::questionnaire;

namespace {

const q::Questionnaire& shipped(const std::string& id) {
    static const auto all = shipped_questionnaires();
    for (const auto& qn : all)
        if (qn.id == id) return qn;
    throw std::runtime_error("no shipped questionnaire " + id);
}

// The dumps of one walk, by file name (d-NN-<screen>.json).
std::vector<nlohmann::json> walk_dumps(const std::string& id, const std::string& size, int pct, bool talk) {
    TempDir dir("answers");
    WalkOptions o;
    o.dumps_prefix = "d-";
    o.talk = talk;
    o.preamble = "tap text-size." + std::to_string(pct) + "\n";
    Walk w = plan_walk(shipped(id), shipped_referrals(), o);
    auto r = run_kiosk_script(dir, w.script, size);
    INFO(id << " " << size << " " << pct << "%: " << r.err);
    REQUIRE(r.exit_code == 0);
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir.path()))
        if (e.path().extension() == ".json" && e.path().filename().string().rfind("d-", 0) == 0) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<nlohmann::json> out;
    for (const auto& f : files) out.push_back(read_json(f));
    return out;
}

bool fully_in_view(const nlohmann::json& ui, const nlohmann::json& w) {
    const auto& r = w["rect"];
    const int view = ui["view"][1];
    return r[0].get<int>() >= 0 && r[1].get<int>() >= 0 && r[0].get<int>() + r[2].get<int>() <= ui["size"][0].get<int>() + 1 &&
           r[1].get<int>() + r[3].get<int>() <= view + 1;
}

const char* const kSizes[] = {"1280x800", "800x1280", "1920x1080"};

}  // namespace

TEST_CASE("the contact wish's ways to talk are answer buttons in the body and the bar only moves on") {
    const std::set<std::string> ways{"contact.desk", "contact.phone", "contact.email", "contact.visit", "contact.none"};
    const std::set<std::string> bar_ids{"help", "stop", "back", "next", "scroll.more", "staff.corner"};
    for (const char* size : kSizes)
        for (int pct : {100, 150, 200}) {
            INFO(size << " " << pct << "%");
            nlohmann::json wish;
            for (auto& ui : walk_dumps("howareyou-short", size, pct, true))
                if (ui["screen"] == "contact-wish") wish = ui;
            REQUIRE(wish.is_object());
            std::set<std::string> found;
            bool cue = find_widget(wish, "scroll.more") != nullptr;
            for (const auto& w : wish["widgets"]) {
                const std::string id = w["id"];
                INFO(id << " " << w["rect"].dump());
                if (w.value("fixed", false)) CHECK(bar_ids.count(id) == 1);  // nothing but navigation in the bar
                if (!ways.count(id)) continue;
                found.insert(id);
                CHECK(w["kind"] == "option");  // drawn as a question's answers are
                CHECK_FALSE(w.value("fixed", false));
                CHECK((fully_in_view(wish, w) || cue));  // on the glass, or the cue says there is more below
            }
            CHECK(found == ways);
            // The first way is on the glass without scrolling.
            const auto* first = find_widget(wish, "contact.desk");
            REQUIRE(first);
            CHECK(fully_in_view(wish, *first));
        }
}

// Issue seen in a preview: at 800x1280 and 200 % the easy variant's face row
// showed only the two worst faces above the bar. Every question of the easy
// variant: each answer a touch target inside the screen's width, on the glass
// or behind the cue; and the first face question (a short title, the common
// case) has all five faces in sight without scrolling at every size.
TEST_CASE("the easy variant's faces are all in sight above the bar at every size and text scale") {
    for (const char* size : kSizes)
        for (int pct : {100, 150, 200}) {
            INFO(size << " " << pct << "%");
            int questions = 0;
            for (const auto& ui : walk_dumps("howareyou-easy", size, pct, false)) {
                if (ui["screen"] != "question") continue;
                std::vector<const nlohmann::json*> answers;
                for (const auto& w : ui["widgets"])
                    if (w["id"].get<std::string>().rfind("answer.", 0) == 0) answers.push_back(&w);
                if (answers.empty()) continue;
                ++questions;
                const bool cue = find_widget(ui, "scroll.more") != nullptr;
                bool all_in_view = true;
                for (const auto* w : answers) {
                    INFO((*w)["id"] << " " << (*w)["rect"].dump() << " view " << ui["view"].dump());
                    const auto& r = (*w)["rect"];
                    CHECK(r[2].get<int>() >= 64);
                    CHECK(r[3].get<int>() >= 64);
                    CHECK(r[0].get<int>() >= 0);
                    CHECK(r[0].get<int>() + r[2].get<int>() <= ui["size"][0].get<int>() + 1);
                    const bool in_view = fully_in_view(ui, *w);
                    CHECK((in_view || cue));
                    all_in_view = all_in_view && in_view;
                }
                if (questions == 1) {  // e-body, "Hoe gaat het met uw lichaam?": five faces
                    CHECK(answers.size() == 5);
                    CHECK(all_in_view);
                }
            }
            CHECK(questions >= 12);
        }
}
