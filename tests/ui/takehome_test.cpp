// The result a resident takes home (issue 18): the thanks screen's QR code,
// read from a screenshot by an independent decoder (zbar, from Debian),
// holds the questionnaire, the day and the scores the result screen showed:
// whole numbers, nothing typed, chosen or identifying.
#include <catch2/catch.hpp>

#include <cmath>
#include <regex>

#include "core/clock.hpp"
#include "core/utc_time.hpp"
#include "takehome/result_code.hpp"
#include "shipped_referrals.hpp"
#include "ui_harness.hpp"
#include "walk.hpp"

using namespace kiosk::test;

TEST_CASE("the thanks screen's QR code holds a dated, scores-only result that zbar reads") {
    TempDir dir("takehome");
    // Seventeen questions of the short form: varied answers, one skipped.
    const char* taps[] = {"answer.9", "answer.4", "answer.6", "answer.1", "answer.2", "answer.3",
                          "answer.8", "skip",     "answer.5", "answer.10", "answer.6", "answer.7",
                          "answer.2", "answer.7", "answer.0", "answer.9", "answer.5"};
    std::string script = "tap lang.en\ntap start\ntap choose.howareyou-short\ntap consent.agree\ntap next\ntap next\n";
    for (const char* t : taps) script += std::string("tap ") + t + "\n";
    script += "expect-screen review\ntap review.done\nexpect-screen result\ndump-ui result.json\n"
              "tap next\ntap talk.no\ntap next\nexpect-screen thanks\nscreenshot thanks.png\ntap finish\nquit\n";
    auto r = run_kiosk_script(dir, script);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);

    auto z = run("/usr/bin/zbarimg", {"-q", "--raw", (dir / "thanks.png").string()});
    INFO(z.err);
    REQUIRE(z.exit_code == 0);
    std::string text = z.out;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    INFO("QR: " << text);
    auto code = kiosk::takehome::decode(text);
    REQUIRE(code);
    CHECK(code->family == "howareyou");
    CHECK(code->variant == "short");
    CHECK(code->day == kiosk::utc_day(kiosk::SystemClock().wall_ms()));
    // What the result screen said per domain ("Body: 7 out of 10. ..."), rounded.
    const auto ui = read_json(dir / "result.json");
    std::vector<std::optional<int>> shown;
    const std::regex line(R"(^[A-Z][a-z ]+: ([0-9]+(\.[0-9])?) out of 10\.)");
    for (const auto& t : ui["texts"]) {
        std::smatch m;
        const std::string s = t["text"];
        if (std::regex_search(s, m, line)) shown.push_back(static_cast<int>(std::lround(std::stod(m[1]))));
    }
    REQUIRE(shown.size() == 6);
    CHECK(code->scores == shown);
    // Nothing else: no answer text, no device, no time of day.
    CHECK(text.size() <= 48);
    CHECK(text.find(':') == std::string::npos);
}

// A screen must not promise what does not exist: "Want to keep your scores?"
// and its QR code only where the resident was shown scores (a result screen).
// money-matters tags a domain but draws no chart: it offered scores nobody saw.
TEST_CASE("only a questionnaire that showed a result offers to keep its scores on the thanks screen") {
    const auto refs = shipped_referrals();
    int with = 0, without = 0;
    for (const auto& qn : shipped_questionnaires()) {
        TempDir dir("keep-scores");
        WalkOptions o;
        o.lang = "en";
        o.dumps_prefix = "d-";
        Walk w = plan_walk(qn, refs, o);
        auto r = run_kiosk_script(dir, w.script);
        INFO(qn.id << ": " << r.err);
        REQUIRE(r.exit_code == 0);
        nlohmann::json thanks, result;
        for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
            if (e.path().extension() != ".json" || e.path().filename().string().rfind("d-", 0) != 0) continue;
            auto ui = read_json(e.path());
            if (ui["screen"] == "thanks") thanks = ui;
            if (ui["screen"] == "result") result = ui;
        }
        REQUIRE(thanks.is_object());
        bool offers = false;
        for (const auto& t : thanks["texts"]) offers = offers || t["text"].get<std::string>().find("keep your scores") != std::string::npos;
        CHECK(offers == result.is_object());
        CHECK(offers == w.spider);
        (offers ? with : without) += 1;
    }
    CHECK(with >= 5);     // the "How are you?" family
    CHECK(without >= 3);  // intake, money-matters, caring, satisfaction
}
