// Index of this file:
// [SECTION] content
// [SECTION] resident settings
// [SECTION] read-aloud
// [SECTION] device settings (staff)
// [SECTION] storage
// [SECTION] the resident's path
// [SECTION] compare with last time (shared/takehome/)
// [SECTION] print the take-home result (shared/print/)
// [SECTION] talk follow-up and marks (defined in contact_wish.cpp)
// [SECTION] idle
// [SECTION] staff
// [SECTION] staff-started interviews (assisted, outreach, paper form)

// What the kiosk is showing and to whom: the current screen, the resident's
// session (settings, the interview in progress), idle handling and the staff
// PIN pad. Screens draw this state and turn taps into the events below; no
// business rule lives in a screen.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "questionnaire/interview.hpp"
#include "questionnaire/model.hpp"
#include "questionnaire/response_extensions.hpp"
#include "referrals/referrals.hpp"
#include "session/contact_wish.hpp"
#include "session/keyboard_entry.hpp"
#include "session/completion.hpp"
#include "session/result_scan.hpp"
#include "session/screen.hpp"
#include "session/session_settings.hpp"
#include "settings/device_settings.hpp"
#include "staff/assist_setup.hpp"
#include "staff/enroll_buffer.hpp"
#include "staff/pin_pad.hpp"
#include "takehome/result_code.hpp"

namespace kiosk {


struct KioskOptions {
    std::string default_lang = "nl";
    Millis staff_hold_ms = 3000;     // how long the hidden corner must be held
    Millis idle_after_ms = 90'000;   // quiet time before "Are you still there?"
    Millis idle_warning_ms = 30'000; // how long that question waits (>= 20 s)
    Millis confirm_ms = 600;         // a chosen answer stays visible this long, then the next question
    // Where the desk is, in the organisation's words per language (pack
    // settings.json "desk"); the thanks screen says it after "walk to the desk".
    std::map<std::string, std::string> desk_where;
    // The languages the welcome screen offers (pack settings.json
    // "languages"); empty: the default rule of session/languages.hpp.
    std::vector<std::string> languages;
};

// Whether an item is answered on the keyboard screen (text, dates, free
// numbers) rather than with answer cards or a 0-10 row.
bool uses_keyboard(const questionnaire::Item& item);

// Checks a staff PIN at once (tests). Without one, pin_ok() hands the PIN to
// whoever calls take_pin_request() (the app: the device service thread) and
// waits for pin_result(), so the Argon2id check never runs inside a frame.
using PinCheck = std::function<bool(const std::string& pin)>;

// A finished answer set, handed to whoever seals and stores it.
struct FinishedResponse {
    std::string response_json;  // FHIR QuestionnaireResponse: a secret
    std::string questionnaire, version, variant, language;
    std::int64_t duration_s = 0;
    bool complete = true;  // false: the resident left before the end (not sent)
    bool assisted = false;       // started by staff (assisted, outreach or paper entry)
    std::string kind = "finished";  // finished|paper
    std::string draft_id;        // a resumed draft: delete it once this is sealed
    bool read_aloud = false;     // how it was filled in (for the organisation's report)
    int text_scale_pct = 100;
};
using FinishSink = std::function<void(FinishedResponse&&)>;
// A session ended before "Done" (idle wipe, stop, decline): sealed like a
// response, without any answer (session/completion.hpp).
using CompletionSink = std::function<void(CompletionRecord&&)>;

// A paused interview, to be sealed as an Outbox draft with the draft key.
// response_json is an in-progress QuestionnaireResponse carrying the
// staff extensions and the interview state (a secret).
struct PausedInterview {
    std::string draft_id;
    std::string response_json;
    std::string questionnaire, version, variant, language;
    std::int64_t duration_s = 0;
    std::string kind = "finished";
};
using DraftSink = std::function<void(PausedInterview&&)>;

// What staff set for an interview they start: staff/assist_setup.hpp.

// Staff actions for the audit log: a fixed action name and a detail that is
// a count or a fixed word (never resident data).
using AuditSink = std::function<void(const std::string& action, const std::string& detail)>;
// The PIN lockout changed: persist it (wall-clock ms, 0 = not locked).
using LockoutSink = std::function<void(int wrong, std::int64_t locked_until_wall)>;

// A tap on a speaker button: read this screen (option < 0) or one answer
// option of the question screen. The app turns it into sound.
struct SpeechRequest {
    int option = -1;
};

class KioskState {
public:
    KioskState(const Clock& clock, KioskOptions options, PinCheck pin_check);
    // The wall clock of this state's Clock (the take-home code's day).
    std::int64_t wall_ms() const { return clock_.wall_ms(); }

    Screen screen() const { return screen_; }
    const SessionSettings& session() const { return session_; }
    const std::string& lang() const { return session_.lang; }
    const KioskOptions& options() const { return options_; }
    // The organisation's settings from its content (pack settings.json),
    // applied between residents: the starting language and the idle times.
    // A session nobody has touched yet follows a new starting language at once.
    void set_options(KioskOptions options);

    // [SECTION] content
    void set_catalog(std::vector<questionnaire::Questionnaire> catalog);
    const std::vector<questionnaire::Questionnaire>& catalog() const { return catalog_; }
    void set_referrals(referrals::Catalogue catalogue) { referrals_ = std::move(catalogue); }
    const referrals::Catalogue& referrals() const { return referrals_; }
    void set_finish_sink(FinishSink sink) { finish_sink_ = std::move(sink); }
    void set_completion_sink(CompletionSink sink) { completion_sink_ = std::move(sink); }
    void set_draft_sink(DraftSink sink) { draft_sink_ = std::move(sink); }
    void set_audit_sink(AuditSink sink) { audit_sink_ = std::move(sink); }
    void set_lockout_sink(LockoutSink sink) { lockout_sink_ = std::move(sink); }
    // At start: the lockout saved before a restart (wall-clock ms).
    void restore_pin_lockout(int wrong, std::int64_t locked_until_wall);

    // [SECTION] resident settings
    void set_language(const std::string& code);  // ignored when unsupported; answers kept
    void set_text_scale(int pct);                // 100, 150, 200; others ignored
    void set_high_contrast(bool on);
    void set_read_aloud(bool on);
    // Louder / quieter for this resident only (EN 301 549 5.1.3.12), in steps
    // of 20 % from the staff's level, 20..100 %; back to the staff's level
    // when the session ends. Each change reads the screen again at the new level.
    void volume_up() { change_volume(+20); }
    void volume_down() { change_volume(-20); }
    int speech_volume_pct() const { return session_.volume_pct < 0 ? device_.volume_pct : session_.volume_pct; }

    // [SECTION] read-aloud
    // The speaker button (`speak`, `speak.answer.<n>`): the app takes the
    // request after the frame and plays what read_aloud.hpp says for it.
    void speak(int option = -1) { speech_request_ = SpeechRequest{option}; }
    std::optional<SpeechRequest> take_speech_request() { return std::exchange(speech_request_, std::nullopt); }

    // [SECTION] device settings (staff)
    // What staff set for this device: a new session starts with its text size
    // and read-aloud; volume and headphones-only are for the audio output.
    void set_device_settings(const DeviceSettings& d);
    const DeviceSettings& device_settings() const { return device_; }
    void staff_volume(int delta_pct);             // clamped to 0..100
    void staff_toggle_headphones();
    void staff_default_text_scale(int pct);       // 100, 150, 200
    void staff_toggle_default_read_aloud();
    // True once after a staff change, so the app saves the settings file.
    bool take_device_settings_change() { return std::exchange(device_changed_, false); }
    // True while the resident's settings are still those a new session
    // starts with (nobody has changed anything yet).
    bool session_untouched() const;

    // [SECTION] storage
    // Why answers cannot be stored durably now (outbox unopenable, read-only,
    // disk full); "" when they can. While set, no questionnaire is offered and
    // the thanks screen never says "stored safely". The app sets it each frame.
    void set_storage_problem(std::string why) { storage_problem_ = std::move(why); }
    const std::string& storage_problem() const { return storage_problem_; }

    // [SECTION] the resident's path
    void start();                               // welcome -> choose
    void choose(const std::string& questionnaire_id);  // choose -> consent
    void consent_agree();                       // consent -> first question
    void consent_decline();                     // ends politely; nothing stored
    bool declined() const { return declined_; }

    // `stop` on every resident screen after welcome: asks first (screen
    // Stop); stop_confirm(true) ends politely with nothing stored (an answer
    // set already sealed stays sealed: answers_sent()), false goes back.
    void stop();
    void stop_confirm(bool yes);
    bool stopped() const { return stopped_; }
    bool stopped_after_send() const { return stopped_ && stopped_sent_; }
    // The answers of this session are sealed already (after "Done, send").
    bool answers_sent() const { return handed_over_ && !discarded_; }
    // `help`: a message to ask the person at the desk, over the screen;
    // help_close() goes back to where the resident was.
    void help();
    void help_close();
    // The screen under a Stop or Help dialog.
    Screen dialog_under() const { return dialog_under_; }
    // After review_item(): the row the resident changed, so the review
    // screen can show it again; "" otherwise.
    const std::string& review_focus() const { return review_focus_; }
    // The idle timeout pauses (a staff-started interview) instead of wiping.
    bool idle_pauses() const;
    const questionnaire::Interview* interview() const { return interview_ ? &*interview_ : nullptr; }
    // Question screen: tap on the n-th option (choice), scale point, yes/no.
    void select_option(std::size_t n);
    // The option just chosen, shown as confirmed until the next question.
    std::optional<std::size_t> confirming() const { return confirming_; }
    void skip();
    void back();
    void next();
    // Text entry (keyboard screen).
    void open_keyboard();
    // Open-choice with options: "Something else" opens the keyboard for the resident's own words.
    void open_other();
    // The own words given to the open-choice on screen (empty when an option, or nothing, is chosen).
    std::string own_words() const;
    // Quantity with several units (questionnaire-unitOption): which one the typed amount is in.
    void select_unit(std::size_t n);
    std::size_t unit() const { return kb_.unit; }
    const std::string& typed() const { return kb_.typed; }
    void type_text(const std::string& utf8);
    void key_backspace();
    void key_enter();  // accept the typed text
    // One-shot capital: the next letter typed is upper case.
    void toggle_shift() { kb_.shift = !kb_.shift; }
    bool shift() const { return kb_.shift; }
    std::string keyboard_error() const { return kb_.error; }
    // Review.
    void review_item(const std::string& link_id);
    void review_done();
    // Result and after.
    const std::optional<questionnaire::Scores>& scores() const { return scores_; }
    void result_next();  // result -> "do you want to talk about this?"
    void talk(bool yes);
    std::optional<bool> talk_wish() const { return talk_; }
    const std::vector<referrals::Offer>& offers() const { return offers_; }
    void referrals_done();
    // [SECTION] compare with last time (shared/takehome/)
    // `compare` on the choose screen opens the scan screen: a USB QR scanner
    // types the resident's take-home code (type_text; Enter or a newline reads
    // it, key_backspace takes a character back). A good code is kept in memory
    // only, for this session, and the choose screen comes back; a bad or
    // foreign one leaves scan_error() (an i18n key) and the screen waits for
    // another try. scan_back() returns to choose, the typed text wiped.
    void open_scan();
    void scan_back();
    std::size_t scan_received() const { return scan_.received(); }
    const std::string& scan_error() const { return scan_.error(); }
    // A code the camera read (shared/camera/, on its own thread; the app
    // hands it over between frames): read as if a scanner had typed it and
    // pressed Enter, with the same messages. Ignored off the scan screen.
    void scan_read(std::string text);
    // A camera works on this device: the scan screen says to hold the code
    // in front of it (scan.camera). Set by the app; false without a camera.
    void set_camera_available(bool yes) { camera_available_ = yes; }
    bool camera_available() const { return camera_available_; }
    // [SECTION] print the take-home result (shared/print/)
    // A CUPS printer is set up: the thanks screen offers `print`. Set by the
    // app from the device service thread's answer; false without a printer.
    void set_printer_available(bool yes) { printer_available_ = yes; }
    bool printer_available() const { return printer_available_; }
    // `print` on the thanks screen: the app takes the request, the device
    // service thread prints, and the answer comes back as an i18n key
    // (print.printing, print.done, print.stopped, ...). Wiped with the session.
    void request_print() { print_requested_ = true; }
    bool take_print_request() { return std::exchange(print_requested_, false); }
    void set_print_status(std::string key) { print_status_ = std::move(key); }
    const std::string& print_status() const { return print_status_; }
    // The previous result read this session; wiped with the session.
    const std::optional<takehome::ResultCode>& previous() const { return scan_.previous(); }

    // The questionnaire chosen on the choose screen (nullptr before that).
    const questionnaire::Questionnaire* chosen_questionnaire() const;

    // [SECTION] talk follow-up and marks (defined in contact_wish.cpp)
    // After talk.yes the contact-wish screen asks how; desk and none go on at
    // once, phone, e-mail and visit first ask for the detail on the keyboard
    // (typed(), type_text(), key_backspace(), next() as on the keyboard screen;
    // keyboard_error() says what to fix).
    void contact_choose(ContactWay way);
    std::optional<ContactWay> contact_entry() const { return contact_entry_; }
    void contact_back();  // the detail -> the choice; the choice -> talk
    const std::optional<ContactWish>& contact_wish() const { return contact_; }
    // "I want to talk about this" on the current question: on/off.
    void toggle_talk_mark();
    bool is_marked(const std::string& link_id) const;
    // Marked questions still enabled, in the order they were marked.
    std::vector<std::string> talk_marks() const;
    void assist_toggle_sensitive();
    void finish();  // thanks -> welcome, everything wiped

    // [SECTION] idle
    // Any touch: restarts the quiet-time clock.
    void touch();
    void still_here();
    // Seconds left before the session is wiped (on the still-here screen).
    int still_here_seconds_left() const;

    // [SECTION] staff
    void staff_corner_down();
    void staff_corner_up();
    // The pad itself: staff/pin_pad.hpp (digits, the PIN handed over, the lockout).
    const std::string& pin_entry() const { return pin_.entry(); }
    bool pin_error() const { return pin_.error(); }
    // After 5 wrong PINs the pad locks: 30 s, then twice as long after each
    // further wrong PIN (at most an hour). A right PIN resets the count.
    bool pin_locked() const { return pin_.locked(); }
    int pin_wait_seconds() const { return pin_.wait_seconds(); }
    void pin_digit(char d) { pin_.digit(d); }
    void pin_clear() { pin_.clear(); }
    void pin_ok();
    // The PIN waiting to be checked (wiped here once taken); empty: none.
    std::string take_pin_request() { return pin_.take_request(); }
    // While a PIN is checked the pad shows it and takes no keys.
    bool pin_checking() const { return pin_.checking(); }
    // The answer to the request taken last; ignored when the pad was left meanwhile.
    void pin_result(bool good);
    void pin_cancel();
    void staff_back();
    void staff_exit();
    // "Send now" on the staff screen; the app hands it to the sync worker.
    void request_sync();
    bool take_sync_request() { return std::exchange(sync_requested_, false); }
    // "Go back to the previous content" on the staff screen; the app does it
    // between residents.
    void request_rollback() { rollback_requested_ = true; }
    bool take_rollback_request() { return std::exchange(rollback_requested_, false); }

    // No resident is busy: the welcome screen (possibly under the staff
    // screen) with nothing chosen and no interview. New content is installed
    // only now, never mid-interview.
    bool between_residents() const {
        return resident_screen() == Screen::Welcome && !interview_ && chosen_.empty();
    }

    // [SECTION] staff-started interviews (assisted, outreach, paper form)
    void staff_assisted();  // staff screen -> assist setup

    // "Enroll this kiosk" (staff screen -> enroll): a QR scanner that types
    // the bundle, or a paste, fills it in. The text is a secret (it holds the
    // device key and token): never drawn, wiped when the screen is left.
    void staff_enroll();
    std::size_t enroll_received() const { return enroll_.received(); }
    // The bundle text once it looks like a whole JSON object (or Enter was
    // pressed); the app applies it and reports back with enroll_result().
    std::optional<std::string> take_enroll_text();
    void enroll_result(bool ok, std::string message);
    const std::string& enroll_message() const { return enroll_.message(); }
    bool enrolled() const { return enroll_.ok(); }
    void enroll_cancel();  // back to the staff screen, text wiped
    const AssistSetup& assist_setup() const { return setup_; }
    void assist_pick(const std::string& questionnaire_id);
    void assist_focus(AssistSetup::Field field);
    void assist_toggle_together();
    void assist_toggle_paper();
    // Checks the case reference; on success starts the interview (consent
    // first, except for a paper form, whose consent was on paper).
    void assist_start();
    void assist_cancel();  // back to the staff screen, setup wiped
    // Staff did not use the chosen questionnaire with this resident and say
    // what they used instead (kNotUsedInstead): a completion record with
    // reason "not-used", so completion figures do not mislead. Back to the
    // staff screen, setup wiped; nothing of the resident is kept.
    void assist_not_used(const std::string& instead);
    // The staff screen's line after assist_not_used ("" when none).
    const std::string& staff_notice() const { return staff_notice_; }
    // The running interview was started by staff (shows pause and hand-over).
    bool assisted() const { return assist_.has_value(); }
    // Pause: on the question, keyboard and review screens of a staff-started
    // interview. Seals the interview as a draft, wipes the screen, shows `paused`.
    bool can_pause() const;
    void pause();
    void paused_done();  // paused -> welcome (the next resident)
    // Staff tapped a paused draft: the app loads it and calls resume().
    void request_resume(const std::string& draft_id);
    std::optional<std::string> take_resume_request() { return std::exchange(resume_request_, std::nullopt); }
    // Restores a paused interview from its draft (response_json as paused).
    // Returns false (and stays on the staff screen) when it cannot be used.
    bool resume(const std::string& draft_id, const std::string& response_json);
    // "Next resident" (staff): asks first (screen Handover);
    // handover_confirm(true) seals what is complete and wipes everything.
    bool can_hand_over() const;
    void handover();
    void handover_confirm(bool yes);
    // Audit an action the app performs (draft expiry, settings).
    void audit(const std::string& action, const std::string& detail = "") const;

    // A window-close, Alt+F4 or Escape: never drops the session. Returns the
    // one-line reason it was ignored, for the log.
    std::string request_close();
    bool quit_requested() const { return quit_; }

    // Called every frame: timers (staff hold, confirm delay, idle).
    void tick();
    // The next time (Clock::now_ms) at which state changes by itself, or -1.
    Millis next_deadline() const;

    // Forget everything of the current resident and show the welcome screen.
    // A completed answer set not yet handed over is handed over first.
    void wipe_session();

    // The screen underneath the still-here dialog or the PIN pad.
    Screen resident_screen() const {
        Screen s = (screen_ == Screen::StillHere || screen_ == Screen::Pin || screen_ == Screen::Staff ||
                    screen_ == Screen::Enroll)
                       ? before_overlay_
                       : screen_;
        return (s == Screen::Stop || s == Screen::Help || s == Screen::Handover) ? dialog_under_ : s;
    }

private:
    std::string answer_typed();
    std::string storage_problem_;
    void show_current();          // question or keyboard or review, from the interview
    void after_answer();          // move on after an answer (or back to review)
    void hand_over(bool complete);
    void after_talk();            // talk answered (and how, if yes): seal, then referrals or thanks
    void contact_submit();        // the typed contact detail, checked
    void scan_submit();           // the scanned code, decoded
    void apply_assist_exclusions();
    void record_ended_early(const char* reason);  // idle | stop | decline | staff (once per session)
    void do_pause();
    void save_lockout() const;
    SessionSettings fresh_settings() const;  // what a new session starts with
    void change_volume(int delta_pct);

    const Clock& clock_;
    KioskOptions options_;
    PinCheck pin_check_;
    FinishSink finish_sink_;
    CompletionSink completion_sink_;
    DraftSink draft_sink_;
    AuditSink audit_sink_;
    LockoutSink lockout_sink_;
    AssistSetup setup_;
    std::optional<AssistSetup> assist_;  // the running interview's staff setup
    std::string draft_id_;               // the running interview came from this draft
    std::optional<std::string> resume_request_;
    std::vector<questionnaire::Questionnaire> catalog_;
    referrals::Catalogue referrals_;

    Screen screen_ = Screen::Welcome;
    Screen before_overlay_ = Screen::Welcome;
    SessionSettings session_;
    std::string chosen_;
    std::optional<questionnaire::Interview> interview_;
    bool declined_ = false;
    bool ended_recorded_ = false;
    std::string staff_notice_;  // i18n key shown once on the staff screen  // this session's completion record went out
    bool stopped_ = false;
    bool stopped_sent_ = false;
    bool discarded_ = false;   // stop: this interview is never sealed
    Screen dialog_under_ = Screen::Welcome;
    std::string review_focus_;
    bool from_review_ = false;
    bool handed_over_ = false;
    std::optional<std::size_t> confirming_;
    Millis confirm_at_ = -1;
    KeyboardEntry kb_;  // the keyboard screen's field, and the contact detail's
    std::optional<questionnaire::Scores> scores_;
    std::optional<bool> talk_;
    std::vector<referrals::Offer> offers_;
    std::optional<ContactWish> contact_;
    std::optional<ContactWay> contact_entry_;
    std::vector<std::string> marks_;
    ResultScan scan_;             // the take-home code on the scan screen, and the previous result read
    bool camera_available_ = false;  // the device's camera reads codes on the scan screen
    bool printer_available_ = false;  // a CUPS printer: the thanks screen offers print
    bool print_requested_ = false;
    std::string print_status_;        // i18n key of the print job's state, "" before any

    Millis last_touch_ = 0;
    Millis warning_since_ = -1;

    staff::EnrollBuffer enroll_;  // the bundle on the enroll screen (a secret)
    staff::PinPad pin_;
    Millis corner_down_at_ = -1;
    bool quit_ = false;
    bool sync_requested_ = false;
    bool rollback_requested_ = false;
    std::optional<SpeechRequest> speech_request_;
    DeviceSettings device_;
    bool device_changed_ = false;
};

}  // namespace kiosk
