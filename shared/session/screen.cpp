#include "session/screen.hpp"

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
        case Screen::Assist: return "assist";
        case Screen::Enroll: return "enroll";
        case Screen::ContactWish: return "contact-wish";
        case Screen::Stop: return "stop";
        case Screen::Help: return "help";
        case Screen::Handover: return "handover";
        case Screen::Scan: return "scan";
    }
    return "error";
}

bool offers_stop_help(Screen s) {
    switch (s) {
        case Screen::Welcome:
        case Screen::Thanks:
        case Screen::StillHere:
        case Screen::Pin:
        case Screen::Staff:
        case Screen::Paused:
        case Screen::Error:
        case Screen::Assist:
        case Screen::Enroll:
        case Screen::Stop:
        case Screen::Help:
        case Screen::Handover:
            return false;
        default:
            return true;
    }
}

bool on_resident_path(Screen s) {
    switch (s) {
        case Screen::Welcome:
        case Screen::Pin:
        case Screen::Staff:
        case Screen::StillHere:
        case Screen::Paused:
        case Screen::Error:
        case Screen::Enroll:
            return false;
        default:
            return true;
    }
}

}  // namespace kiosk
