// The kiosk's screens and overlays, their stable names, and which of them
// make up the resident's path (the idle timer, `stop` and `help` follow it).
#pragma once

namespace kiosk {

enum class Screen {
    Welcome, Choose, Consent, Question, Keyboard, Review, Result, Talk, Referrals, Thanks,
    StillHere, Pin, Staff, Paused, Error, Assist, Enroll,
    Stop,      // "do you want to stop?" over a resident screen
    Help,      // "ask the person at the desk" over a resident screen
    Handover,  // staff: "finished with this resident?" before the wipe
    ContactWish,  // after talk.yes: how the resident wants to talk (session/contact_wish.hpp)
    Scan          // "I have my previous result": a USB QR scanner types the take-home code
};

// Stable screen names (../shared/CLI.md); dump-ui reports them.
const char* screen_name(Screen s);

// Screens that offer `stop` and `help`: the resident's path after welcome,
// up to the thank-you screen (which ends it anyway).
bool offers_stop_help(Screen s);
// A resident is busy on this screen: the idle timer asks "still there?".
bool on_resident_path(Screen s);

}  // namespace kiosk
