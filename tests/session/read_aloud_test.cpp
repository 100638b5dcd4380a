// What each screen says when read aloud (shared/session/read_aloud), and the
// device defaults a new session starts with.
#include <catch2/catch.hpp>

#include <filesystem>

#include "questionnaire/loader.hpp"
#include "session/kiosk_state.hpp"
#include "session/read_aloud.hpp"
#include "test_support.hpp"

using namespace kiosk;
namespace fs = std::filesystem;
namespace q = kiosk::questionnaire;

namespace {

std::vector<q::Questionnaire> shipped() { return kiosk::test::shipped_questionnaires(); }

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("the question screen says the content's read-aloud text and the answer words in the interview language") {
    ManualClock clock;
    KioskState s(clock, KioskOptions{}, nullptr);
    s.set_catalog(shipped());
    s.start();
    s.choose("howareyou-easy");
    CHECK(contains(screen_utterance(s).text, "Ja, ik doe mee"));  // consent says its buttons
    s.consent_agree();
    // Move on to the question that has its own read-aloud text.
    const q::Item* item = nullptr;
    for (int guard = 0; guard < 40; ++guard) {
        item = s.interview()->current();
        REQUIRE(item);
        if (!item->read_aloud.empty()) break;
        if (item->is_answerable()) s.select_option(0);
        else s.next();
        clock.advance(1000);
        s.tick();
    }
    REQUIRE(!item->read_aloud.empty());
    Utterance u = screen_utterance(s);
    CHECK(u.lang == "nl");
    CHECK(contains(u.text, item->read_aloud.get("nl")));
    CHECK(item->read_aloud.get("nl") != item->text.get("nl"));
    for (const auto& o : item->options) {
        const std::string& said = o.read_aloud.get("nl").empty() ? o.display.get("nl") : o.read_aloud.get("nl");
        CHECK(contains(u.text, said));
    }
    CHECK(option_utterance(s, 0).text == (item->options[0].read_aloud.get("nl").empty()
                                              ? item->options[0].display.get("nl")
                                              : item->options[0].read_aloud.get("nl")));
    CHECK(option_utterance(s, 99).text.empty());

    s.set_language("en");
    u = screen_utterance(s);
    CHECK(u.lang == "en");
    CHECK(contains(u.text, item->read_aloud.get("en")));
    CHECK(contains(u.text, "You can choose"));

    // What comes next is offered for synthesis ahead, in the same language.
    auto next = upcoming_utterances(s);
    REQUIRE(next.size() >= 3);
    CHECK(next.front().text == u.text);
    for (const auto& n : next) CHECK(n.lang == "en");
}

TEST_CASE("the keyboard screen never says what was typed and staff screens say nothing") {
    ManualClock clock;
    KioskState s(clock, KioskOptions{}, [](const std::string& p) { return p == "2468"; });
    s.set_catalog(shipped());
    s.start();
    s.choose("intake");
    s.consent_agree();
    for (int guard = 0; guard < 20 && s.screen() != Screen::Keyboard; ++guard) {
        const q::Item* item = s.interview()->current();
        if (item->is_answerable()) {
            s.select_option(item->type == q::ItemType::Choice && item->repeats ? 1 : 0);
            if (item->repeats) s.next();
        } else {
            s.next();
        }
        clock.advance(1000);
        s.tick();
    }
    REQUIRE(s.screen() == Screen::Keyboard);
    s.type_text("Marloes Zwanenburg");
    Utterance u = screen_utterance(s);
    CHECK_FALSE(u.text.empty());
    CHECK_FALSE(contains(u.text, "Marloes"));
    for (const auto& n : upcoming_utterances(s)) CHECK_FALSE(contains(n.text, "Marloes"));

    s.staff_corner_down();
    clock.advance(3000);
    s.tick();
    REQUIRE(s.screen() == Screen::Pin);
    s.pin_digit('2');
    CHECK(screen_utterance(s).text.empty());
}

TEST_CASE("the idle warning says how long is left") {
    ManualClock clock;
    KioskState s(clock, KioskOptions{}, nullptr);
    s.set_catalog(shipped());
    s.start();
    clock.advance(90'000);
    s.tick();
    REQUIRE(s.screen() == Screen::StillHere);
    CHECK(contains(screen_utterance(s).text, "Bent u er nog?"));
    CHECK(contains(screen_utterance(s).text, "30 seconden"));
}

TEST_CASE("speech_key changes with the screen and the question and the language and read-aloud") {
    ManualClock clock;
    KioskState s(clock, KioskOptions{}, nullptr);
    s.set_catalog(shipped());
    std::string k0 = speech_key(s);
    s.set_read_aloud(true);
    std::string k1 = speech_key(s);
    CHECK(k0 != k1);
    s.set_language("en");
    CHECK(speech_key(s) != k1);
    s.set_text_scale(150);  // not something that is said
    std::string k2 = speech_key(s);
    s.set_high_contrast(true);
    CHECK(speech_key(s) == k2);
    s.start();
    CHECK(speech_key(s) != k2);
}

TEST_CASE("a new session starts with the staff's default text size and read-aloud") {
    ManualClock clock;
    KioskState s(clock, KioskOptions{}, nullptr);
    DeviceSettings d;
    d.default_text_scale_pct = 200;
    d.default_read_aloud = true;
    s.set_device_settings(d);
    CHECK(s.session().text_scale_pct == 200);  // nobody had changed anything yet
    CHECK(s.session().read_aloud);
    s.set_read_aloud(false);
    s.set_text_scale(100);
    CHECK(s.next_deadline() >= 0);  // a changed welcome screen is reset when left alone
    s.wipe_session();
    CHECK(s.session().text_scale_pct == 200);
    CHECK(s.session().read_aloud);
    CHECK(s.next_deadline() < 0);  // the defaults are what a fresh session looks like

    s.staff_volume(-30);
    CHECK(s.device_settings().volume_pct == 50);
    CHECK(s.take_device_settings_change());
    CHECK_FALSE(s.take_device_settings_change());
    s.staff_volume(+90);
    CHECK(s.device_settings().volume_pct == 100);
    s.staff_default_text_scale(130);  // not offered: ignored
    CHECK(s.device_settings().default_text_scale_pct == 200);
    s.staff_toggle_headphones();
    CHECK(s.device_settings().headphones_only);
}
