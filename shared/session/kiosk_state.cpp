#include "session/kiosk_state.hpp"

#include <sodium.h>

#include "i18n/catalog.hpp"

namespace kiosk {

const char* screen_name(Screen s) {
    switch (s) {
        case Screen::Welcome: return "welcome";
        case Screen::Choose: return "choose";
        case Screen::Consent: return "consent";
        case Screen::Question: return "question";
        case Screen::Keyboard: return "keyboard";
        case Screen::Review: return "review";
        case Screen::Result: return "result";
        case Screen::Talk: return "talk";
        case Screen::Referrals: return "referrals";
        case Screen::Thanks: return "thanks";
        case Screen::StillHere: return "still-here";
        case Screen::Pin: return "pin";
        case Screen::Staff: return "staff";
        case Screen::Paused: return "paused";
        case Screen::Error: return "error";
    }
    return "error";
}

KioskState::KioskState(const Clock& clock, KioskOptions options, PinCheck pin_check)
    : clock_(clock), options_(std::move(options)), pin_check_(std::move(pin_check)) {
    session_.lang = i18n::is_supported(options_.default_lang) ? options_.default_lang : "nl";
}

void KioskState::set_language(const std::string& code) {
    if (i18n::is_supported(code)) session_.lang = code;
}

void KioskState::set_text_scale(int pct) {
    if (pct == 100 || pct == 150 || pct == 200) session_.text_scale_pct = pct;
}

void KioskState::set_high_contrast(bool on) { session_.high_contrast = on; }
void KioskState::set_read_aloud(bool on) { session_.read_aloud = on; }

void KioskState::start() {
    // The questionnaire flow arrives with the interview screens; until then
    // the welcome screen is where a resident stays.
    if (screen_ == Screen::Welcome) screen_ = Screen::Welcome;
}

void KioskState::staff_corner_down() {
    if (corner_down_at_ < 0) corner_down_at_ = clock_.now_ms();
}

void KioskState::staff_corner_up() { corner_down_at_ = -1; }

void KioskState::tick() {
    if (corner_down_at_ >= 0 && clock_.now_ms() - corner_down_at_ >= options_.staff_hold_ms) {
        corner_down_at_ = -1;
        if (screen_ != Screen::Pin && screen_ != Screen::Staff) {
            before_staff_ = screen_;
            screen_ = Screen::Pin;
            pin_clear();
            pin_error_ = false;
        }
    }
}

void KioskState::pin_digit(char d) {
    if (d < '0' || d > '9' || pin_entry_.size() >= 12) return;
    pin_entry_.push_back(d);
    pin_error_ = false;
}

void KioskState::pin_clear() {
    sodium_memzero(pin_entry_.data(), pin_entry_.size());
    pin_entry_.clear();
}

void KioskState::pin_ok() {
    bool good = !pin_entry_.empty() && pin_check_ && pin_check_(pin_entry_);
    pin_clear();
    if (good) {
        screen_ = Screen::Staff;
        pin_error_ = false;
    } else {
        pin_error_ = true;
    }
}

void KioskState::pin_cancel() {
    pin_clear();
    pin_error_ = false;
    screen_ = before_staff_;
}

void KioskState::staff_back() { screen_ = before_staff_; }

std::string KioskState::request_close() {
    return "close request ignored: the kiosk closes only through the staff screen";
}

Millis KioskState::next_deadline() const {
    if (corner_down_at_ >= 0) return corner_down_at_ + options_.staff_hold_ms;
    return -1;
}

void KioskState::wipe_session() {
    session_ = SessionSettings{};
    session_.lang = i18n::is_supported(options_.default_lang) ? options_.default_lang : "nl";
    pin_clear();
    pin_error_ = false;
    screen_ = Screen::Welcome;
    before_staff_ = Screen::Welcome;
}

}  // namespace kiosk
