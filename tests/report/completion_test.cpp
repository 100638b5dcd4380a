// Completion records: a session that ends before "Done" leaves a small sealed
// record (which questionnaire, which step of how many, why, which day) and
// nothing a resident typed or chose.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "session/kiosk_state.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {

struct Kiosk {
    ManualClock clock{1'780'000'000'000};  // 2026-05-28
    KioskState state{clock, KioskOptions{}, [](const std::string&) { return false; }};
    std::vector<CompletionRecord> records;
    int finished = 0;
    Kiosk() {
        state.set_catalog(shipped_questionnaires());
        state.set_completion_sink([this](CompletionRecord&& r) { records.push_back(std::move(r)); });
        state.set_finish_sink([this](FinishedResponse&&) { ++finished; });
    }
    void go_idle() {
        clock.advance(state.options().idle_after_ms + 1);
        state.tick();
        REQUIRE(state.screen() == Screen::StillHere);
        clock.advance(state.options().idle_warning_ms + 1);
        state.tick();
    }
};

// The fields a record may have, and no other.
const std::set<std::string> kFields = {"resourceType", "questionnaire", "version", "variant", "language",
                                       "step",         "steps",         "reason",  "day"};

}  // namespace

TEST_CASE("an idle wipe mid-questionnaire hands over a completion record with the step it ended on") {
    Kiosk k;
    k.state.start();
    k.state.choose("howareyou-short");
    k.state.consent_agree();
    k.state.next();  // intro
    k.state.next();  // scale help
    REQUIRE(k.state.screen() == Screen::Question);
    k.state.select_option(7);
    k.clock.advance(1000);
    k.state.tick();  // the confirm delay moves on
    k.state.select_option(3);
    k.clock.advance(1000);
    k.state.tick();
    k.go_idle();
    CHECK(k.state.screen() == Screen::Welcome);
    REQUIRE(k.records.size() == 1);
    const auto& r = k.records[0];
    CHECK(r.questionnaire == "howareyou-short");
    CHECK(r.variant == "short");
    CHECK(r.version == "1.0.0");
    CHECK(r.language == "nl");
    CHECK(r.reason == "idle");
    CHECK(r.step == 5);    // intro, scale help, two answers: it ended on the fifth step
    CHECK(r.steps == 19);  // 17 questions and 2 info screens
    CHECK(r.day == "2026-05-28");
    CHECK(k.finished == 0);
    auto j = nlohmann::json::parse(completion_json(r));
    for (auto it = j.begin(); it != j.end(); ++it) CHECK(kFields.count(it.key()) == 1);
}

TEST_CASE("a declined consent hands over a completion record at step 0 and no response") {
    Kiosk k;
    k.state.set_language("en");
    k.state.start();
    k.state.choose("intake");
    k.state.consent_decline();
    REQUIRE(k.records.size() == 1);
    CHECK(k.records[0].reason == "decline");
    CHECK(k.records[0].step == 0);
    CHECK(k.records[0].language == "en");
    CHECK(k.records[0].steps > 5);
    // The thank-you screen after a decline going idle is not a second end.
    k.go_idle();
    k.state.finish();
    CHECK(k.records.size() == 1);
    CHECK(k.finished == 0);
}

TEST_CASE("a finished questionnaire leaves no completion record, also when the thank-you screen goes idle") {
    Kiosk k;
    k.state.start();
    k.state.choose("money-matters");
    k.state.consent_agree();
    for (int i = 0; i < 40 && k.state.screen() != Screen::Review; ++i) {
        if (k.state.screen() == Screen::Question && k.state.interview()->current()->type != questionnaire::ItemType::Display)
            k.state.skip();
        else
            k.state.next();
    }
    REQUIRE(k.state.screen() == Screen::Review);
    k.state.review_done();
    k.go_idle();
    CHECK(k.records.empty());
    CHECK(k.finished == 1);
}

TEST_CASE("the kiosk seals an idle session's completion record and it holds nothing the resident typed or chose") {
    TempDir dir("report-completion-idle");
    const fs::path data = dir / "data";
    const std::string script =
        "tap start\ntap choose.intake\ntap consent.agree\ntap next\ntap answer.2\ntap answer.4\ntap answer.7\n"
        "tap next\nexpect-screen keyboard\ntype Marigold Street\n"
        "advance 91s\nexpect-screen still-here\nadvance 31s\nexpect-screen welcome\n"
        // and a second resident who declines
        "tap start\ntap choose.money-matters\ntap consent.decline\nexpect-screen thanks\ntap finish\nquit\n";
    KioskRunOptions o;
    o.data = data;
    o.lang = "en";
    auto r = run_kiosk_script(dir, script, o);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // A demo device keeps its envelopes; the demo org's key opens them.
    auto open = run(KIOSKCTL_BIN, {"open", "--key", (data / "demo-org").string(), "--data-dir", data.string()});
    INFO(open.err);
    REQUIRE(open.exit_code == 0);
    std::vector<nlohmann::json> docs;
    std::istringstream lines(open.out);
    std::string line;
    while (std::getline(lines, line))
        if (!line.empty()) docs.push_back(nlohmann::json::parse(line));
    REQUIRE(docs.size() == 2);
    std::map<std::string, nlohmann::json> by_reason;
    for (const auto& d : docs) {
        INFO(d.dump());
        const auto& content = d["content"];
        CHECK(content["meta"]["kind"] == "completion");
        const auto& rec = content["response"];
        for (auto it = rec.begin(); it != rec.end(); ++it) CHECK(kFields.count(it.key()) == 1);
        by_reason[rec["reason"].get<std::string>()] = rec;
        const std::string all = d.dump();
        // Typed text, the chosen options' codes and any time of day are absent.
        for (const char* marker : {"Marigold", "\"other\"", "housing", "ageing-caring", "answer", "item"})
            CHECK(all.find(marker) == std::string::npos);
        CHECK(rec["day"].get<std::string>().size() == 10);
    }
    REQUIRE(by_reason.count("idle"));
    CHECK(by_reason["idle"]["questionnaire"] == "intake");
    CHECK(by_reason["idle"]["language"] == "en");
    CHECK(by_reason["idle"]["step"] == 4);  // intro, for whom, themes, then the question typed into
    REQUIRE(by_reason.count("decline"));
    CHECK(by_reason["decline"]["questionnaire"] == "money-matters");
    CHECK(by_reason["decline"]["step"] == 0);
}
