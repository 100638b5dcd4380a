// The staff PIN pad: the digits typed, the PIN handed over to be checked
// off the UI thread (Argon2id takes 32 MiB and a few hundred ms; the device
// service thread checks it), and the lockout: after 5 wrong PINs the pad
// locks 30 s, then twice as long after each further wrong PIN, at most an
// hour; a right PIN resets the count. No screens and no audit here: the
// kiosk state opens the pad and logs what answer() says happened.
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.hpp"

namespace kiosk::staff {

// What a checked PIN did to the pad, for the audit log and the lockout file.
struct PinVerdict {
    bool good = false;
    int wrong = 0;               // wrong PINs in a row, this one included (0 after a right one)
    Millis locked_for_ms = 0;    // > 0: this wrong PIN locked the pad for so long
    bool lockout_changed = false;  // the saved lockout is out of date
};

class PinPad {
public:
    explicit PinPad(const Clock& clock) : clock_(clock) {}

    const std::string& entry() const { return entry_; }
    bool error() const { return error_; }  // the last PIN was wrong (until a digit is typed)
    bool checking() const { return checking_; }
    bool locked() const;
    int wait_seconds() const;
    Millis locked_until() const { return locked_until_; }  // Clock::now_ms, -1: not locked

    void digit(char d);  // 0-9, at most 12; ignored while locked or checking
    void clear();        // the digits wiped
    // A fresh pad: digits wiped, no error shown.
    void open();
    // OK: the digits become the request to check (wiped here once taken) and
    // the pad takes no keys until answer().
    void submit();
    std::string take_request();
    // The answer to the submitted PIN: counts it and may lock the pad.
    PinVerdict answer(bool good);
    // The answer will not come to this pad (it was left meanwhile).
    void drop_check() { checking_ = false; }
    // Leaving the pad: digits and any request wiped, no check waited for.
    void cancel();

    // The lockout kept across a restart, in wall-clock ms (0: not locked).
    void restore(int wrong, std::int64_t locked_until_wall);
    int wrong() const { return wrong_; }
    std::int64_t locked_until_wall() const;

private:
    const Clock& clock_;
    std::string entry_;
    std::string request_;
    bool checking_ = false;
    bool error_ = false;
    int wrong_ = 0;
    Millis locked_until_ = -1;
};

}  // namespace kiosk::staff
