// The PIN pad's lockout (growing delays, kept across a restart), the audit
// log (every staff action, never a PIN or resident data) and the only way out.
#include <catch2/catch.hpp>

#include "staff/audit.hpp"
#include "staff/case_ref.hpp"
#include "staff_support.hpp"

using namespace kiosk;
using namespace kiosk::test;

namespace {
std::string wrong_pins(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += "tap pin.1\ntap pin.2\ntap pin.3\ntap pin.4\ntap pin.ok\n";
    return s;
}
std::string right_pin() { return "tap pin.4\ntap pin.7\ntap pin.1\ntap pin.1\ntap pin.ok\n"; }
}  // namespace

TEST_CASE("five wrong PINs lock the pad with growing delays and a restart does not unlock it") {
    TempDir dir("staff-lock");
    auto data = dir / "data";
    set_staff_pin(data);
    auto r = run_script(dir, data, "first",
                        "hold staff.corner 3s\nexpect-screen pin\n" + wrong_pins(4) +
                            "expect-text This PIN is not right.\n" + wrong_pins(1) +
                            "expect-text Too many wrong PINs. Wait 30 seconds.\n"
                            // Locked: even the right PIN does nothing.
                            + right_pin() + "expect-screen pin\n"
                            "advance 31s\n" + wrong_pins(1) +
                            "expect-text Too many wrong PINs. Wait 60 seconds.\nquit\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);

    // A power cycle: the lockout is still there. (The first run's script
    // clock ran 31 s ahead of real time, so about 90 s are left now.)
    r = run_script(dir, data, "second",
                   "hold staff.corner 3s\nexpect-screen pin\nexpect-text Too many wrong PINs.\n" + right_pin() +
                       "expect-screen pin\nadvance 60s\n" + right_pin() + "expect-screen pin\n"
                       "expect-text Too many wrong PINs.\nadvance 40s\n" + right_pin() +
                       "expect-screen staff\nquit\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);

    // After the right PIN the count starts again: one wrong PIN does not lock.
    r = run_script(dir, data, "third",
                   "hold staff.corner 3s\n" + wrong_pins(1) + "expect-no-text Too many wrong PINs.\n" + right_pin() +
                       "expect-screen staff\nquit\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);

    std::string log = read_file(staff::audit_log_path(data));
    INFO(log);
    CHECK(log.find("pin-wrong n=5") != std::string::npos);
    CHECK(log.find("pin-locked s=30") != std::string::npos);
    CHECK(log.find("pin-locked s=60") != std::string::npos);
    CHECK(log.find("pin-ok") != std::string::npos);
    CHECK(log.find("staff-screen-opened") != std::string::npos);
    CHECK(log.find(kPin) == std::string::npos);
    CHECK(log.find("1234") == std::string::npos);
}

TEST_CASE("the kiosk closes only from the staff screen and the audit log says so") {
    TempDir dir("staff-exit");
    auto data = dir / "data";
    set_staff_pin(data);
    // Escape, Alt+F4 and a window close are ignored; a wrong PIN keeps the pad.
    auto r = run_script(dir, data, "exit",
                        "key escape\nkey alt+f4\nkey close\nexpect-screen welcome\n"
                        "hold staff.corner 3s\n" + wrong_pins(1) + "expect-screen pin\ntap pin.cancel\n"
                        "expect-screen welcome\n" + enter_pin() + "expect-screen staff\ntap staff.exit\n"
                        // Not reached: the kiosk has closed.
                        "expect-screen no-such-screen\n");
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("close request ignored") != std::string::npos);
    std::string log = read_file(staff::audit_log_path(data));
    CHECK(log.find("pin-wrong") != std::string::npos);
    CHECK(log.find(" exit") != std::string::npos);
}

TEST_CASE("case references have our own format and a BSN is refused") {
    std::string ref = " ab-12345 ";
    CHECK(staff::check_case_reference(ref).empty());
    CHECK(ref == "AB-12345");
    std::string empty;
    CHECK(staff::check_case_reference(empty).empty());
    for (std::string bsn : {"123456782", "AB-123456782", "123.456.782", "12345678 2"}) {
        INFO(bsn);
        CHECK(staff::check_case_reference(bsn) == "assist.case-bsn");
    }
    for (std::string bad : {"A-123", "ABCDE-123", "AB-12", "AB12345", "AB-12345678901", "AB-12a45"}) {
        INFO(bad);
        CHECK(staff::check_case_reference(bad) == "assist.case-format");
    }
    CHECK(staff::passes_eleven_test("111222333"));
    CHECK_FALSE(staff::passes_eleven_test("123456789"));
}

TEST_CASE("a damaged lockout file keeps the pad locked") {
    TempDir dir("staff-lock-bad");
    auto data = dir / "data";
    set_staff_pin(data);
    write_file(data / "staff-lockout", "{not json");
    auto r = run_script(dir, data, "bad", "hold staff.corner 3s\n" + right_pin() +
                                              "expect-screen pin\nexpect-text Too many wrong PINs.\nquit\n");
    INFO(r.err);
    CHECK(r.exit_code == 0);
}

TEST_CASE("staff screens close by themselves when staff walk away") {
    TempDir dir("staff-walk-away");
    auto data = dir / "data";
    set_staff_pin(data);
    auto r = run_script(dir, data, "away",
                        enter_pin() + "expect-screen staff\nadvance 89s\nexpect-screen staff\nadvance 2s\n"
                        "expect-screen welcome\n" + enter_pin() + "tap staff.assisted\ntap assist.case\ntype AB-777\n"
                        "advance 91s\nexpect-screen welcome\nexpect-no-text AB-777\nhold staff.corner 3s\n"
                        "expect-screen pin\nadvance 91s\nexpect-screen welcome\nquit\n");
    INFO(r.err);
    CHECK(r.exit_code == 0);
}
