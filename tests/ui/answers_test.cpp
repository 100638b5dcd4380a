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
