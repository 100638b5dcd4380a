// The PIN pad on its own (staff/pin_pad.hpp), in-process: what it hands over
// to be checked, and the lockout's growing delay. The kiosk's own PIN tests
// (pin_audit_test.cpp) drive the same pad through the real binary.
#include <catch2/catch.hpp>

#include "staff/pin_pad.hpp"

using namespace kiosk;
using namespace kiosk::staff;

TEST_CASE("the pad hands the typed PIN over once, takes no keys while it is checked, and wipes it") {
    ManualClock clock;
    PinPad pad(clock);
    for (char d : std::string("4711x")) pad.digit(d);
    CHECK(pad.entry() == "4711");  // only digits
    pad.submit();
    CHECK(pad.entry().empty());
    CHECK(pad.checking());
    pad.digit('9');
    CHECK(pad.entry().empty());  // no keys until the answer
    CHECK(pad.take_request() == "4711");
    CHECK(pad.take_request().empty());  // taken once
    PinVerdict v = pad.answer(true);
    CHECK(v.good);
    CHECK_FALSE(pad.checking());
    CHECK_FALSE(v.lockout_changed);  // nothing was counted before
}

TEST_CASE("five wrong PINs lock the pad 30 s, the next one 60 s, and a right PIN resets the count") {
    ManualClock clock;
    PinPad pad(clock);
    PinVerdict v;
    for (int i = 1; i <= 4; ++i) {
        pad.submit();
        v = pad.answer(false);
        CHECK(v.wrong == i);
        CHECK(v.locked_for_ms == 0);
        CHECK(pad.error());
    }
    pad.submit();
    v = pad.answer(false);
    CHECK(v.locked_for_ms == 30'000);
    CHECK(pad.locked());
    CHECK(pad.wait_seconds() == 30);
    pad.digit('1');
    CHECK(pad.entry().empty());  // locked: no keys
    clock.advance(31'000);
    CHECK_FALSE(pad.locked());
    pad.submit();
    CHECK(pad.answer(false).locked_for_ms == 60'000);
    // The lockout as the file keeps it, and back after a restart.
    PinPad again(clock);
    again.restore(pad.wrong(), pad.locked_until_wall());
    CHECK(again.locked());
    CHECK(again.wait_seconds() == 60);
    clock.advance(61'000);
    again.submit();
    v = again.answer(true);
    CHECK(v.lockout_changed);
    CHECK(again.wrong() == 0);
    CHECK(again.locked_until_wall() == 0);
}
