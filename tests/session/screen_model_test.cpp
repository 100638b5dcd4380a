// The screen model (shared/session/screen_model): what a resident's screen
// shows and read-aloud says, from one place; stop, help, hand-over and
// resume as the state machine runs them.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "i18n/catalog.hpp"
#include "session/kiosk_state.hpp"
#include "session/read_aloud.hpp"
#include "session/screen_model.hpp"
#include "takehome/result_code.hpp"
#include "test_support.hpp"

using namespace kiosk;
namespace q = kiosk::questionnaire;

namespace {

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// Answers the current question with option `pick` (clamped), or moves on.
void answer_current(KioskState& s, ManualClock& clock, std::size_t pick = 0) {
    const q::Item* item = s.interview()->current();
    if (s.screen() == Screen::Keyboard) {
        s.type_text(item->type == q::ItemType::Date ? "01-02-1990" : item->type == q::ItemType::String ? "Anna" : "5");
        s.key_enter();
    } else if (!item->is_answerable()) {
        s.next();
    } else {
        std::size_t n = item->type == q::ItemType::Boolean ? 2
                        : item->type == q::ItemType::Choice ? item->options.size()
                                                            : static_cast<std::size_t>(item->max_value.value_or(10) -
                                                                                       item->min_value.value_or(0) + 1);
        s.select_option(std::min(pick, n - 1));
        if (item->type == q::ItemType::Choice && item->repeats) s.next();
    }
    clock.advance(1000);
    s.tick();
}

KioskState started(ManualClock& clock, const std::string& id, std::vector<FinishedResponse>* sealed = nullptr) {
    KioskState s(clock, KioskOptions{}, nullptr);
    s.set_catalog(kiosk::test::shipped_questionnaires());
    if (sealed) s.set_finish_sink([sealed](FinishedResponse&& r) { sealed->push_back(std::move(r)); });
    s.start();
    s.choose(id);
    s.consent_agree();
    return s;
}

}  // namespace

TEST_CASE("one threshold: a score is 'hard right now' on the result exactly when it gets referrals") {
    for (int k = 0; k <= 300; ++k) {
        const double v = k / 30.0;  // averages of whole answers: thirds, tenths, ...
        INFO(v);
        CHECK((model::band(v) == model::Band::Low) == (v < referrals::kLowScore));
        // The number shown never crosses the threshold the band is in.
        double shown = std::stod(model::score_number(v, "en"));
        CHECK((shown < referrals::kLowScore) == (v < referrals::kLowScore));
    }
    CHECK(model::band(6.0) == model::Band::Fair);
    CHECK(model::band(5.99) == model::Band::Low);
    CHECK(model::band(7.0) == model::Band::Good);
}

TEST_CASE("scores read as a resident reads them: whole numbers out of 10, a Dutch decimal comma") {
    CHECK(model::score_words(5.0, "nl") == "5 van de 10");
    CHECK(model::score_words(5.0, "en") == "5 out of 10");
    CHECK(model::score_words(5.33, "nl") == "5,3 van de 10");
    CHECK(model::score_words(5.33, "en") == "5.3 out of 10");
    CHECK(model::score_number(5.96, "nl") == "5,9");  // truncated: still below 6, like its band
    CHECK(model::score_number(10.0, "nl") == "10");
    CHECK(i18n::bytes(83'600'000'000ULL, "nl") == "83,6 GB");
    CHECK(i18n::bytes(83'600'000'000ULL, "en") == "83.6 GB");
    CHECK(i18n::decimal(2.5, 1, "nl") == "2,5");
}

TEST_CASE("the result and its read-aloud say the same words, with faces, and the domain names people use") {
    ManualClock clock;
    auto s = started(clock, "howareyou-short");
    for (int guard = 0; guard < 80 && s.screen() != Screen::Review; ++guard) answer_current(s, clock, 5);
    REQUIRE(s.screen() == Screen::Review);
    s.review_done();
    REQUIRE(s.screen() == Screen::Result);
    auto lines = model::result_lines(*s.scores(), "nl");
    REQUIRE(lines.size() == 6);
    std::string said = screen_utterance(s).text;
    for (const auto& l : lines) {
        CHECK(contains(said, l.sentence));
        CHECK(contains(l.sentence, "5 van de 10"));
        CHECK_FALSE(contains(l.sentence, "5.0"));
        CHECK(l.face == "face-2");  // 5 is below the referral threshold
    }
    CHECK(lines[2].name == "Zingeving");
    CHECK_FALSE(contains(said, "Zin:"));
    // The code to take home: the questionnaire, the day, 5 for every domain
    // answered (whole numbers), nothing typed or chosen.
    const std::string code = model::qr_payload(s);
    INFO(code);
    CHECK(code.rfind("IK1 HOWAREYOU ", 0) == 0);
    auto back = takehome::decode(code);
    REQUIRE(back);
    CHECK(back->day.size() == 10);
    CHECK(back->scores[0] == 5);
}

TEST_CASE("the progress total never jumps up when branching adds questions") {
    for (const auto& qn : kiosk::test::shipped_questionnaires()) {
        for (std::size_t pick : {0, 1, 3, 99}) {
            ManualClock clock;
            KioskState s = started(clock, qn.id);
            int last_total = 1 << 30, last_n = 0;
            for (int guard = 0; guard < 200 && s.interview() && !s.interview()->is_finished(); ++guard) {
                if (s.screen() != Screen::Question && s.screen() != Screen::Keyboard) break;
                auto p = model::progress(*s.interview());
                INFO(qn.id << " pick " << pick << " at " << s.interview()->current()->link_id);
                CHECK(p.total <= last_total);
                if (p.n > 0) {
                    CHECK(p.n == last_n + 1);
                    last_n = p.n;
                }
                last_total = p.total;
                answer_current(s, clock, pick);
            }
        }
    }
}

TEST_CASE("stop asks first, then ends politely and nothing is sealed") {
    ManualClock clock;
    std::vector<FinishedResponse> sealed;
    auto s = started(clock, "howareyou-short", &sealed);
    s.set_text_scale(200);
    answer_current(s, clock, 7);
    answer_current(s, clock, 7);
    Screen before = s.screen();
    s.stop();
    CHECK(s.screen() == Screen::Stop);
    CHECK(s.resident_screen() == before);
    auto m = model::dialog_model(s);
    REQUIRE(m);
    CHECK(m->actions.size() == 2);
    CHECK(contains(screen_utterance(s).text, i18n::tr("stop.body", "nl")));
    s.stop_confirm(false);  // "No, go on": back where they were, answers kept
    CHECK(s.screen() == before);
    CHECK(s.interview());
    s.stop();
    s.stop_confirm(true);
    CHECK(s.screen() == Screen::Thanks);
    CHECK(s.stopped());
    CHECK_FALSE(s.interview());
    CHECK(s.session().text_scale_pct == 200);  // the polite end in their own text size
    CHECK(contains(screen_utterance(s).text, i18n::tr("stopped.body", "nl")));
    s.finish();
    CHECK(s.screen() == Screen::Welcome);
    CHECK(sealed.empty());

    // Also after "Done, send" was not yet tapped on the result screen.
    auto r = started(clock, "howareyou-short", &sealed);
    for (int guard = 0; guard < 80 && r.screen() != Screen::Review; ++guard) answer_current(r, clock, 7);
    r.review_done();
    REQUIRE(r.screen() == Screen::Result);
    r.stop();
    r.stop_confirm(true);
    r.finish();
    CHECK(sealed.empty());
}

TEST_CASE("help shows a message to ask the desk, is read aloud, and returns to the same question") {
    ManualClock clock;
    auto s = started(clock, "howareyou-short");
    answer_current(s, clock, 3);
    std::string at = s.interview()->current()->link_id;
    s.help();
    CHECK(s.screen() == Screen::Help);
    CHECK(contains(screen_utterance(s).text, "balie"));
    CHECK(speech_key(s).rfind("help", 0) == 0);  // a new screen: read by itself with read-aloud on
    s.help_close();
    CHECK(s.interview()->current()->link_id == at);
    // Not on the welcome screen, not twice over.
    KioskState w(clock, KioskOptions{}, nullptr);
    w.help();
    w.stop();
    CHECK(w.screen() == Screen::Welcome);
}

TEST_CASE("back and the language work on the consent screen") {
    ManualClock clock;
    KioskState s(clock, KioskOptions{}, nullptr);
    s.set_catalog(kiosk::test::shipped_questionnaires());
    s.start();
    s.choose("howareyou-short");
    s.set_language("en");
    CHECK(model::dialog_model(s)->title == i18n::tr("consent.title", "en"));
    s.back();
    CHECK(s.screen() == Screen::Choose);
    CHECK(s.lang() == "en");
}

TEST_CASE("a paused draft keeps the resident's display settings and the idle warning says it pauses") {
    ManualClock clock;
    std::vector<PausedInterview> drafts;
    KioskState s(clock, KioskOptions{}, [](const std::string&) { return true; });
    s.set_catalog(kiosk::test::shipped_questionnaires());
    s.set_draft_sink([&](PausedInterview&& p) { drafts.push_back(std::move(p)); });
    s.staff_corner_down();
    clock.advance(3000);
    s.tick();
    s.pin_digit('1');
    s.pin_ok();
    s.set_text_scale(200);
    s.set_high_contrast(true);
    s.staff_assisted();
    s.assist_pick("howareyou-short");
    s.assist_start();
    s.consent_agree();
    answer_current(s, clock, 4);
    clock.advance(91'000);
    s.tick();
    REQUIRE(s.screen() == Screen::StillHere);
    CHECK(s.idle_pauses());
    CHECK(contains(model::dialog_model(s)->paragraphs[0], "pauze"));
    s.still_here();
    s.pause();
    REQUIRE(drafts.size() == 1);
    CHECK(s.session().text_scale_pct == 100);  // the screen is wiped
    s.staff_corner_down();
    clock.advance(3000);
    s.tick();
    s.pin_digit('1');
    s.pin_ok();
    REQUIRE(s.resume(drafts[0].draft_id, drafts[0].response_json));
    CHECK(s.session().text_scale_pct == 200);
    CHECK(s.session().high_contrast);
}

TEST_CASE("hand-over asks first and a no keeps the resident's result") {
    ManualClock clock;
    std::vector<FinishedResponse> sealed;
    KioskState s(clock, KioskOptions{}, [](const std::string&) { return true; });
    s.set_catalog(kiosk::test::shipped_questionnaires());
    s.set_finish_sink([&](FinishedResponse&& r) { sealed.push_back(std::move(r)); });
    s.staff_corner_down();
    clock.advance(3000);
    s.tick();
    s.pin_digit('1');
    s.pin_ok();
    s.staff_assisted();
    s.assist_pick("howareyou-short");
    s.assist_start();
    s.consent_agree();
    for (int guard = 0; guard < 80 && s.screen() != Screen::Review; ++guard) answer_current(s, clock, 6);
    s.review_done();
    REQUIRE(s.screen() == Screen::Result);
    REQUIRE(s.can_hand_over());
    s.handover();
    CHECK(s.screen() == Screen::Handover);
    s.handover_confirm(false);
    CHECK(s.screen() == Screen::Result);
    CHECK(s.scores());
    CHECK(sealed.empty());
    s.handover();
    s.handover_confirm(true);
    CHECK(s.screen() == Screen::Welcome);
    CHECK(sealed.size() == 1);  // what was complete is sealed, then everything is wiped
}
