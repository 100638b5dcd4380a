// What the kiosk is showing and to whom: the current screen, the resident's
// session settings (language, text size, contrast, read-aloud) and the staff
// PIN pad. Screens draw this state and turn taps into the events below; no
// business rule lives in a screen.
#pragma once

#include <functional>
#include <string>

#include "core/clock.hpp"

namespace kiosk {

enum class Screen {
    Welcome, Choose, Consent, Question, Keyboard, Review, Result, Talk, Referrals, Thanks,
    StillHere, Pin, Staff, Paused, Error
};

// Stable screen names (../shared/CLI.md); dump-ui reports them.
const char* screen_name(Screen s);

// Settings a resident chooses for their own session; forgotten at the end.
struct SessionSettings {
    std::string lang = "nl";
    int text_scale_pct = 100;  // 100, 150 or 200
    bool high_contrast = false;
    bool read_aloud = false;
};

struct KioskOptions {
    std::string default_lang = "nl";
    Millis staff_hold_ms = 3000;  // how long the hidden corner must be held
};

// Checks a staff PIN; the staff module provides the real one.
using PinCheck = std::function<bool(const std::string& pin)>;

class KioskState {
public:
    KioskState(const Clock& clock, KioskOptions options, PinCheck pin_check);

    Screen screen() const { return screen_; }
    const SessionSettings& session() const { return session_; }
    const std::string& lang() const { return session_.lang; }

    // Resident events.
    void set_language(const std::string& code);  // ignored when unsupported
    void set_text_scale(int pct);                // 100, 150, 200; others ignored
    void set_high_contrast(bool on);
    void set_read_aloud(bool on);
    void start();

    // Staff entry: the hidden corner is pressed / released. Held long enough,
    // the PIN pad opens. The resident's session is kept underneath.
    void staff_corner_down();
    void staff_corner_up();
    // Called every frame so a hold that reached its time opens the PIN pad.
    void tick();

    // PIN pad.
    const std::string& pin_entry() const { return pin_entry_; }
    bool pin_error() const { return pin_error_; }
    void pin_digit(char d);
    void pin_clear();
    void pin_ok();
    void pin_cancel();  // back to where the resident was

    // Staff screen.
    void staff_back();
    void staff_exit() { quit_ = true; }

    // A window-close, Alt+F4 or Escape: never drops the session. Returns the
    // one-line reason it was ignored, for the log.
    std::string request_close();

    bool quit_requested() const { return quit_; }

    // The next time (Clock::now_ms) at which state changes by itself, or -1:
    // the render loop sleeps until then when no input arrives.
    Millis next_deadline() const;

    // Forget everything of the current resident and show the welcome screen.
    void wipe_session();

private:
    const Clock& clock_;
    KioskOptions options_;
    PinCheck pin_check_;
    Screen screen_ = Screen::Welcome;
    Screen before_staff_ = Screen::Welcome;
    SessionSettings session_;
    std::string pin_entry_;
    bool pin_error_ = false;
    Millis corner_down_at_ = -1;
    bool quit_ = false;
};

}  // namespace kiosk
