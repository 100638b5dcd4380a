#include <catch2/catch.hpp>

#include "session/kiosk_state.hpp"

using namespace kiosk;

TEST_CASE("holding the staff corner opens the PIN pad only after the hold time") {
    ManualClock clock;
    KioskState s(clock, KioskOptions{"nl", 3000}, [](const std::string& p) { return p == "2468"; });
    s.staff_corner_down();
    clock.advance(2999);
    s.tick();
    CHECK(s.screen() == Screen::Welcome);
    CHECK(s.next_deadline() == 3000);
    clock.advance(1);
    s.tick();
    CHECK(s.screen() == Screen::Pin);
}

TEST_CASE("a wrong PIN shows an error and clears the digits while the right one opens staff") {
    ManualClock clock;
    KioskState s(clock, KioskOptions{}, [](const std::string& p) { return p == "2468"; });
    s.set_language("en");
    s.staff_corner_down();
    clock.advance(3000);
    s.tick();
    for (char c : std::string("1111")) s.pin_digit(c);
    s.pin_ok();
    CHECK(s.screen() == Screen::Pin);
    CHECK(s.pin_error());
    CHECK(s.pin_entry().empty());
    for (char c : std::string("2468")) s.pin_digit(c);
    s.pin_ok();
    CHECK(s.screen() == Screen::Staff);
    s.staff_back();
    CHECK(s.screen() == Screen::Welcome);
    CHECK(s.lang() == "en");  // the resident's choice survived the staff visit
}

TEST_CASE("a close request never quits and never wipes the session") {
    ManualClock clock;
    KioskState s(clock, KioskOptions{}, nullptr);
    s.set_language("en");
    s.set_text_scale(200);
    // In the middle of something (a staff member typing the PIN): the window
    // manager's close changes nothing, and the log line says how the kiosk closes.
    s.staff_corner_down();
    clock.advance(3000);
    s.tick();
    REQUIRE(s.screen() == Screen::Pin);
    s.pin_digit('1');
    CHECK(s.request_close().find("staff screen") != std::string::npos);
    CHECK_FALSE(s.quit_requested());
    CHECK(s.screen() == Screen::Pin);
    CHECK(s.pin_entry().size() == 1);
    CHECK(s.lang() == "en");
    CHECK(s.session().text_scale_pct == 200);
}

TEST_CASE("wiping the session forgets the resident's settings") {
    ManualClock clock;
    KioskState s(clock, KioskOptions{}, nullptr);
    s.set_language("en");
    s.set_high_contrast(true);
    s.set_text_scale(150);
    s.wipe_session();
    CHECK(s.lang() == "nl");
    CHECK_FALSE(s.session().high_contrast);
    CHECK(s.session().text_scale_pct == 100);
    CHECK(s.screen() == Screen::Welcome);
}

TEST_CASE("unsupported languages and text sizes are ignored") {
    ManualClock clock;
    KioskState s(clock, KioskOptions{}, nullptr);
    s.set_language("xx");
    s.set_text_scale(175);
    CHECK(s.lang() == "nl");
    CHECK(s.session().text_scale_pct == 100);
}

// Issue 15: the Argon2id check (32 MiB, ~0.3 s) never runs in a frame. Without
// a PinCheck the state hands the PIN over and waits for the answer.
TEST_CASE("a PIN is handed over to be checked elsewhere and the pad waits for the answer") {
    ManualClock clock;
    KioskState s(clock, KioskOptions{}, nullptr);
    auto open_pad = [&] {
        s.staff_corner_down();
        clock.advance(3000);
        s.tick();
        REQUIRE(s.screen() == Screen::Pin);
    };
    open_pad();
    for (char c : std::string("2468")) s.pin_digit(c);
    s.pin_ok();
    CHECK(s.pin_checking());
    CHECK(s.pin_entry().empty());  // no longer held by the pad
    s.pin_digit('5');              // keys wait too
    CHECK(s.pin_entry().empty());
    s.pin_ok();                    // a second OK does not send it twice
    CHECK(s.take_pin_request() == "2468");
    CHECK(s.take_pin_request().empty());
    CHECK(s.screen() == Screen::Pin);
    s.pin_result(false);
    CHECK_FALSE(s.pin_checking());
    CHECK(s.pin_error());
    CHECK(s.screen() == Screen::Pin);

    for (char c : std::string("2468")) s.pin_digit(c);
    s.pin_ok();
    CHECK(s.take_pin_request() == "2468");
    s.pin_result(true);
    CHECK(s.screen() == Screen::Staff);

    // Staff who leave the pad before the answer: a late "right" opens nothing.
    s.staff_back();
    open_pad();
    for (char c : std::string("2468")) s.pin_digit(c);
    s.pin_ok();
    s.pin_cancel();
    CHECK_FALSE(s.pin_checking());
    CHECK(s.take_pin_request().empty());  // wiped, never checked
    s.pin_result(true);
    CHECK(s.screen() != Screen::Staff);
}

TEST_CASE("five wrong PINs lock the pad with growing delays and even the right PIN waits") {
    ManualClock clock;
    KioskState s(clock, KioskOptions{}, [](const std::string& p) { return p == "2468"; });
    auto enter = [&](const std::string& pin) {
        for (char c : pin) s.pin_digit(c);
        s.pin_ok();
    };
    s.staff_corner_down();
    clock.advance(3000);
    s.tick();
    REQUIRE(s.screen() == Screen::Pin);
    for (int i = 0; i < 4; ++i) enter("1111");
    CHECK_FALSE(s.pin_locked());
    enter("1111");
    CHECK(s.pin_locked());
    CHECK(s.pin_wait_seconds() == 30);
    CHECK(s.next_deadline() == clock.now_ms() + 30'000);
    enter("2468");  // refused while locked
    CHECK(s.screen() == Screen::Pin);
    clock.advance(30'000);
    CHECK_FALSE(s.pin_locked());
    enter("1111");  // the sixth wrong PIN doubles the wait
    CHECK(s.pin_wait_seconds() == 60);
    clock.advance(60'000);
    enter("2468");
    CHECK(s.screen() == Screen::Staff);
    // A right PIN resets the count: four wrong ones later do not lock.
    s.staff_back();
    s.staff_corner_down();
    clock.advance(3000);
    s.tick();
    for (int i = 0; i < 4; ++i) enter("1111");
    CHECK_FALSE(s.pin_locked());
}
