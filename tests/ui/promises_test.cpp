// What the kiosk promises a resident, scripted end to end on the real app
// headless: stop leaves nothing behind, help tells them to ask the desk (and
// says so aloud), hand-over asks staff first, a resumed visit keeps the
// resident's text size, the review comes back to the row they changed.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

#include "questionnaire/loader.hpp"
#include "ui_harness.hpp"

using namespace kiosk::test;
namespace fs = std::filesystem;
namespace q = kiosk::questionnaire;

namespace {

int envelopes_in(const fs::path& data_dir) {
    auto r = run(KIOSKCTL_BIN, {"outbox", "list", "--data-dir", data_dir.string()});
    REQUIRE(r.exit_code == 0);
    return static_cast<int>(std::count(r.out.begin(), r.out.end(), '\n'));
}

// Every file under the data dir whose bytes contain `marker`.
std::vector<std::string> files_with(const fs::path& dir, const std::string& marker) {
    std::vector<std::string> hits;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file() && read_file(e.path()).find(marker) != std::string::npos) hits.push_back(e.path().string());
    return hits;
}

const std::string kPin = "hold staff.corner 3s\ntap pin.1\ntap pin.2\ntap pin.3\ntap pin.4\ntap pin.ok\n";
// howareyou-short after its two intro screens: 17 scale questions.
std::string short_answers(int n = 17) {
    std::string s = "tap next\ntap next\n";
    for (int i = 0; i < n; ++i) s += "tap answer." + std::to_string((i * 3) % 11) + "\n";
    return s;
}

}  // namespace

TEST_CASE("stop asks first and then leaves nothing: no envelope, no draft, no answer in the data dir") {
    TempDir dir("stop");
    auto r = run_kiosk_script(
        dir,
        // The intake asks for a name: type one, then stop.
        "tap start\ntap choose.intake\ntap consent.agree\ntap next\ntap answer.0\ntap answer.1\ntap next\n"
        "expect-screen keyboard\ntype Marloes Zwanenburg\n"
        "tap stop\nexpect-screen stop\nexpect-text Er wordt niets bewaard\n"
        "tap stop.no\nexpect-screen keyboard\nexpect-text Marloes\n"  // no: back, nothing lost
        "tap stop\ntap stop.yes\nexpect-screen thanks\nexpect-text Er is niets bewaard\nexpect-no-text Marloes\n"
        "dump-ui stopped.json\ntap finish\nexpect-screen welcome\n"
        // Also on the result screen, before anything was sealed.
        "tap start\ntap choose.howareyou-short\ntap consent.agree\n" +
            short_answers() + "expect-screen review\ntap review.done\nexpect-screen result\n"
                              "tap stop\ntap stop.yes\nexpect-screen thanks\ntap finish\nquit\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // What is sealed is at most the completion record of the stop (for the
    // organisation's figures): never a response, never an answer.
    auto opened = run(KIOSKCTL_BIN, {"open", "--key", (dir / "data/demo-org").string(), "--data-dir",
                                     (dir / "data").string()});
    INFO(opened.err);
    REQUIRE(opened.exit_code == 0);
    int sealed = 0;
    std::istringstream lines(opened.out);
    for (std::string line; std::getline(lines, line);) {
        if (line.empty()) continue;
        ++sealed;
        auto d = nlohmann::json::parse(line);
        CHECK(d["content"]["meta"]["kind"] == "completion");
        CHECK(d["content"]["response"]["reason"] == "stop");
        CHECK(line.find("Marloes") == std::string::npos);
        CHECK(line.find("QuestionnaireResponse") == std::string::npos);
    }
    CHECK(sealed == envelopes_in(dir / "data"));
    CHECK(sealed <= 1);  // the second stop came after the answers were complete: no record, nothing sealed
    CHECK(files_with(dir / "data", "Marloes").empty());
    CHECK(files_with(dir / "data", "Zwanenburg").empty());
    CHECK(read_file(dir / "stopped.json").find("Marloes") == std::string::npos);
}

TEST_CASE("help on a question says to ask the desk, aloud with read-aloud on, and returns to that question") {
    TempDir dir("help");
    KioskRunOptions o;
    o.extra = {"--stats", (dir / "stats.json").string()};
    o.env = {"SDL_AUDIODRIVER=dummy"};
    auto r = run_kiosk_script(dir,
               "tap read-aloud\ntap start\ntap choose.howareyou-short\ntap consent.agree\ntap next\ntap next\n"
               "expect-screen question\nexpect-text Vraag 1 van 17\ntap help\nexpect-screen help\n"
               "expect-text Vraag het aan de medewerker bij de balie\n"
               "tap help.close\nexpect-screen question\nexpect-text Vraag 1 van 17\nquit\n", o);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto stats = read_json(dir / "stats.json");
    bool heard = false;
    for (const auto& c : stats["speech"]) heard |= c["screen"] == "help" && c["auto"] == true;
    CHECK(heard);
}

TEST_CASE("hand-over asks first, is not the resident's blue button, and a no keeps the result on screen") {
    TempDir dir("handover");
    auto r = run_kiosk_script(dir, kPin + "tap staff.assisted\ntap assist.q.howareyou-short\ntap assist.start\n"
                                          "tap consent.agree\n" + short_answers() +
                                          "tap review.done\nexpect-screen result\ndump-ui result.json\n"
                                          "tap handover\nexpect-screen handover\ntap handover.no\nexpect-screen result\n"
                                          "tap handover\ntap handover.yes\nexpect-screen welcome\nquit\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto ui = read_json(dir / "result.json");
    const auto* h = find_widget(ui, "handover");
    const auto* next = find_widget(ui, "next");
    REQUIRE(h);
    REQUIRE(next);
    CHECK((*h)["bg_rgb"] != (*next)["bg_rgb"]);  // the blue is the resident's "next" only
    CHECK(envelopes_in(dir / "data") == 1);     // sealed once, on "yes"
}

TEST_CASE("a resumed outreach visit keeps the resident's 200 % text") {
    TempDir dir("resume-size");
    auto r = run_kiosk_script(dir, "tap text-size.200\n" + kPin +
                                       "tap staff.assisted\ntap assist.q.howareyou-short\ntap assist.start\n"
                                       "tap consent.agree\ntap next\ntap next\ntap answer.4\ndump-ui before.json\n"
                                       "tap pause\nexpect-screen paused\ntap paused.done\n" + kPin +
                                       "tap resume.0\nexpect-screen question\ndump-ui after.json\nquit\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto before = read_json(dir / "before.json"), after = read_json(dir / "after.json");
    const auto* a = find_widget(before, "skip");
    const auto* b = find_widget(after, "skip");
    REQUIRE(a);
    REQUIRE(b);
    CHECK((*a)["rect"] == (*b)["rect"]);  // the same big skip button as before the pause
    CHECK((*b)["rect"][3].get<int>() >= 100);
}

TEST_CASE("the review comes back to the row the resident changed") {
    auto all = shipped_questionnaires();
    std::string last;
    for (const auto& qn : all)
        if (qn.id == "howareyou-short")
            for (const auto& it : qn.items) {
                std::function<void(const q::Item&)> visit = [&](const q::Item& i) {
                    if (i.is_answerable()) last = i.link_id;
                    for (const auto& c : i.children) visit(c);
                };
                visit(it);
            }
    REQUIRE(!last.empty());
    TempDir dir("review-row");
    auto r = run_kiosk_script(dir, "tap start\ntap choose.howareyou-short\ntap consent.agree\n" + short_answers() +
                                       "expect-screen review\ntap review.item." + last + "\ntap answer.9\n"
                                       "expect-screen review\ndump-ui review.json\nquit\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto ui = read_json(dir / "review.json");
    const auto* row = find_widget(ui, "review.item." + last);
    REQUIRE(row);
    int y = (*row)["rect"][1], h = (*row)["rect"][3];
    CHECK(y >= 0);
    CHECK(y + h <= ui["view"][1].get<int>());
}
