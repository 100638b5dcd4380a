// Screens: thin functions that draw the state they are handed and turn taps
// into events. They own nothing that must survive a frame.
#pragma once

#include <imgui.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "session/events.hpp"
#include "session/kiosk_state.hpp"
#include "widgets.hpp"

namespace kiosk::ui {

// Events a screen emits (plain data, shared/session/events.hpp); the app
// applies them after the frame is drawn, so a screen never changes the state
// it is drawing.
class Events {
public:
    void emit(Event e) { events_.push_back(std::move(e)); }
    bool empty() const { return events_.empty(); }
    const std::vector<Event>& pending() const { return events_; }
    void apply(KioskState& s) {
        for (const auto& e : events_) kiosk::apply(s, e);
        events_.clear();
    }

private:
    std::vector<Event> events_;
};

// What the staff screen shows about storage and sync (filled by the app
// from the device service; never any answer).
struct StaffInfo {
    bool demo = false;             // demo enrollment: nothing is sent
    std::string problem;           // why answers cannot be collected, if so
    std::int64_t to_send = 0;
    std::int64_t rejected = 0;
    bool syncing = false;          // an endpoint is configured
    std::int64_t drain_done = 0, drain_total = 0;
    std::string last_success;      // local time, "" = never
    std::string last_error;
    std::string alert;             // staff must act (wrong token, certificate)
    std::string device_id;
    std::vector<std::string> notices;
    std::string content_version;   // installed content pack; "" = the built-in content
    std::string content_waiting;   // a checked pack that comes after this resident
    std::string content_notice;    // why the latest pack was refused, or a rollback's result
    std::string free_disk;         // of the data dir, e.g. "12.3 GB"; "" = unknown
    std::string battery;           // "83 %", "83 % (charging)"; "" = not reported
    std::string oldest_unsent;     // age, e.g. "3 h"; "" = nothing waits
    struct Paused {
        std::string id, case_ref, age;
    };
    std::vector<Paused> paused;    // paused interviews (staff only)
    bool resume_failed = false;
    std::string audio_device;      // the output speech goes to, "" = none open yet
    std::string audio_problem;     // why nothing can be heard, if so
};

struct ScreenContext {
    bool demo_mode = false;
    StaffInfo staff;
};

void draw_welcome(Frame& f, const KioskState& s, const ScreenContext& ctx, Events& ev);
void draw_choose(Frame& f, const KioskState& s, Events& ev);
// "I have my previous result": what to do with the QR scanner (never what it typed).
void draw_scan(Frame& f, const KioskState& s, Events& ev);
void draw_consent(Frame& f, const KioskState& s, Events& ev);
void draw_question(Frame& f, const KioskState& s, Events& ev);
void draw_keyboard(Frame& f, const KioskState& s, Events& ev);
void draw_review(Frame& f, const KioskState& s, Events& ev);
void draw_result(Frame& f, const KioskState& s, Events& ev);
void draw_talk(Frame& f, const KioskState& s, Events& ev);
void draw_referrals(Frame& f, const KioskState& s, Events& ev);
void draw_thanks(Frame& f, const KioskState& s, Events& ev);
void draw_still_here(Frame& f, const KioskState& s, Events& ev);
// After talk.yes: how to talk, then the number or address (screen_contact.cpp).
void draw_contact_wish(Frame& f, const KioskState& s, Events& ev);
// One offer on the referrals screen: pictogram, name, description and how to
// reach it (days written out); returns its height (screen_referral_card.cpp).
float referral_card(Frame& f, const referrals::Offer& o, const std::string& lang, float x, float y, float w);
void draw_pin(Frame& f, const KioskState& s, Events& ev);
void draw_staff(Frame& f, const KioskState& s, const StaffInfo& info, Events& ev);
void draw_assist(Frame& f, const KioskState& s, Events& ev);
void draw_enroll(Frame& f, const KioskState& s, Events& ev);
void draw_paused(Frame& f, const KioskState& s, Events& ev);
// Staff controls over a resident screen of a staff-started interview:
// `pause` during the questions, `handover` at the end.
void draw_staff_overlay(Frame& f, const KioskState& s, Events& ev);
// The room the top bar leaves for that control (0 when there is none).
float staff_overlay_width(const Frame& f, const KioskState& s);
// The staff screen's "Sound and defaults" section at y; returns its bottom.
float draw_staff_sound(Frame& f, const KioskState& s, const StaffInfo& info, Events& ev, float x, float y, float w);

// The speaker button (id `speak`): reads this screen aloud. A square
// pictogram of height h at (x, y); with headphones-only on and none plugged
// in it also says "Plug in headphones". Returns the width it took.
float speak_button(Frame& f, const KioskState& s, Events& ev, float x, float y, float h);
// The language choice (language_choice.cpp): the offered languages by their
// own names, `lang.<code>`; the current one selected, or left out when
// include_current is false (inside the interview). The total width of one row;
// one row right-aligned ending at `right` (returns its left edge); or rows of
// their own from the left margin, wrapping (returns where the next content goes).
float languages_width(const Frame& f, const KioskState& s, bool include_current);
float draw_languages_row(Frame& f, const KioskState& s, Events& ev, float right, float y, float h, bool include_current);
float draw_languages_rows(Frame& f, const KioskState& s, Events& ev, float y, float h, bool include_current);
// The speaker button in a language read-aloud cannot speak (Tigrinya): the
// speaker struck through and "read-aloud is not available" in that language;
// a tap reads nothing. Returns its width.
float speaker_unavailable(Frame& f, const KioskState& s, float x, float y, float side);
// The width speak_button() will take at the left of a top bar.
float speak_button_width(const Frame& f, const KioskState& s, float h);
// Where the first button of a top bar goes: right of the staff corner.
float top_bar_x(const Frame& f);
// Height of a top bar (speaker, back, language): a touch target, or one line
// of body text with padding when the text is larger.
float top_bar_height(const Frame& f);
// A top bar with the speaker and a back button; returns where content starts.
float speaker_and_back_bar(Frame& f, const KioskState& s, Events& ev, Event on_back);

// One button of the bottom action bar.
struct BarButton {
    std::string id, label;
    ButtonStyle style = ButtonStyle::Normal;
    std::optional<Event> on_tap;  // what a tap emits; none: the button does nothing
};
// The bottom action bar: the screen's own actions (`buttons`, in order, the
// main one last) and, on the resident's path, `help` and `stop`. Fixed to the
// bottom of the screen at every size and text scale (rows wrap when labels
// do not fit side by side), with a scroll cue (`scroll.more`) on top of it
// when the content goes on below. Call it FIRST on a screen: what is drawn
// after it is clipped to the view above the bar (f.view_bottom).
// Any screen can use it (the contact-wish screen, a "talk about this" toggle
// beside skip): pass the buttons, the bar does the rest.
void action_bar(Frame& f, const KioskState& s, Events& ev, const std::vector<BarButton>& buttons,
                bool stop_and_help = true);
// A scrolling page ends at y: records where (for drag-to-scroll and the
// scroll cue) and draws the hidden staff corner on top.
void end_page(Frame& f, float y, Events& ev);
// Ends the clipping action_bar started (draw_screen calls it).
void end_clip(Frame& f);
// A dialog-like screen from its model (shared/session/screen_model.hpp):
// speaker, title, paragraphs, then `extra` content (e.g. the QR code, given
// the y to draw at; returns the new y), and its actions in the action bar.
void draw_dialog(Frame& f, const KioskState& s, Events& ev, const std::function<float(float y)>& extra = {});

// The hidden staff corner, on every resident screen (top-left, 64 px).
void draw_staff_corner(Frame& f, Events& ev);

// Draws whichever screen the state is on.
void draw_screen(Frame& f, const KioskState& s, const ScreenContext& ctx, Events& ev);

}  // namespace kiosk::ui
