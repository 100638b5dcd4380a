// Index of this file:
// [SECTION] settings
// [SECTION] the resident's path
// [SECTION] compare with last time
// [SECTION] idle
// [SECTION] staff
// [SECTION] time
//
// Why this file is long: KioskState is the one state machine of the resident's path: each method
// is a short transition over the same members (screen, overlays, the interview, the session's
// settings), so the path from welcome to thanks reads in one place. What has its own state is a
// member in its own file (text field, keyboard entry, result scan, assist setup, drafts, session
// records); the staff side is kiosk_state_staff.cpp, talk, contact and referrals are
// contact_wish.cpp.

#include "session/kiosk_state.hpp"
#include "session/languages.hpp"

#include <algorithm>
#include <cstdlib>
#include <ctime>

#include "i18n/catalog.hpp"
#include "questionnaire/typed_answer.hpp"
#include "session/session_records.hpp"
#include "session/text_field.hpp"

namespace kiosk {

namespace q = questionnaire;

bool uses_keyboard(const q::Item& item) {
    switch (item.type) {
        case q::ItemType::String:
        case q::ItemType::Text:
        case q::ItemType::Date:
        case q::ItemType::Decimal:
        case q::ItemType::Quantity:  // the amount on the number pad, in the item's first unit
        case q::ItemType::Time:
        case q::ItemType::DateTime:
            return true;
        case q::ItemType::OpenChoice:
            return item.options.empty();  // with options: the choice buttons (own words: not yet on screen)
        case q::ItemType::Integer:
            return !(item.min_value && item.max_value && *item.max_value - *item.min_value <= 10);
        default:
            return false;
    }
}

KioskState::KioskState(const Clock& clock, KioskOptions options, PinCheck pin_check)
    : clock_(clock), options_(std::move(options)), pin_check_(std::move(pin_check)), pin_(clock) {
    if (options_.idle_warning_ms < 20'000) options_.idle_warning_ms = 20'000;  // WCAG 2.2.1: at least 20 s
    session_ = fresh_settings();
    last_touch_ = clock_.now_ms();
}

void KioskState::set_options(KioskOptions options) {
    bool untouched = session_untouched();
    options_ = std::move(options);
    if (options_.idle_warning_ms < 20'000) options_.idle_warning_ms = 20'000;  // WCAG 2.2.1
    if (untouched && !interview_) session_.lang = fresh_settings().lang;
}

SessionSettings KioskState::fresh_settings() const {
    SessionSettings fresh;
    fresh.lang = i18n::is_supported(options_.default_lang) ? options_.default_lang : "nl";
    fresh.text_scale_pct = device_.default_text_scale_pct;
    fresh.read_aloud = device_.default_read_aloud;
    return fresh;
}

bool KioskState::session_untouched() const {
    SessionSettings fresh = fresh_settings();
    return session_.lang == fresh.lang && session_.text_scale_pct == fresh.text_scale_pct &&
           session_.high_contrast == fresh.high_contrast && session_.read_aloud == fresh.read_aloud &&
           session_.volume_pct == fresh.volume_pct;
}

void KioskState::set_catalog(std::vector<q::Questionnaire> catalog) { catalog_ = std::move(catalog); }

// [SECTION] settings

void KioskState::set_language(const std::string& code) {
    if (!language_offered(*this, code)) return;
    session_.lang = code;
    if (interview_ && interview_->questionnaire().supports_language(code)) (void)interview_->set_language(code);
}

void KioskState::set_text_scale(int pct) {
    if (pct == 100 || pct == 150 || pct == 200) session_.text_scale_pct = pct;
}
void KioskState::set_high_contrast(bool on) { session_.high_contrast = on; }
void KioskState::set_read_aloud(bool on) { session_.read_aloud = on; }

void KioskState::change_volume(int delta_pct) {
    session_.volume_pct = std::clamp(speech_volume_pct() + delta_pct, 20, 100);
    speak();  // hear the new level
}

// [SECTION] the resident's path

void KioskState::start() {
    if (screen_ != Screen::Welcome || catalog_.empty() || !storage_problem_.empty()) return;
    declined_ = false;
    screen_ = Screen::Choose;
    if (catalog_.size() == 1) choose(catalog_.front().id);  // one on offer: straight to its consent
}

void KioskState::choose(const std::string& id) {
    // Only from the choose screen: a stray choose from a question would
    // otherwise leave the interview for a new consent.
    if (screen_ != Screen::Choose) return;
    for (const auto& qn : catalog_)
        if (qn.id == id) {
            chosen_ = id;
            screen_ = Screen::Consent;
            return;
        }
}

void KioskState::consent_agree() {
    if (screen_ != Screen::Consent) return;
    for (const auto& qn : catalog_)
        if (qn.id == chosen_) {
            std::string lang = qn.supports_language(session_.lang) ? session_.lang : qn.language;
            interview_.emplace(qn, clock_, lang);
            apply_assist_exclusions();
            handed_over_ = false;
            show_current();
            return;
        }
}

void KioskState::consent_decline() {
    if (screen_ != Screen::Consent) return;
    record_ended_early("decline");
    declined_ = true;
    screen_ = Screen::Thanks;
}

void KioskState::stop() {
    if (!offers_stop_help(screen_)) return;
    if (confirm_at_ >= 0) after_answer();  // a chosen answer counts before the dialog opens
    dialog_under_ = screen_;
    screen_ = Screen::Stop;
}

void KioskState::stop_confirm(bool yes) {
    if (screen_ != Screen::Stop) return;
    if (!yes) {
        screen_ = dialog_under_;
        last_touch_ = clock_.now_ms();
        return;
    }
    bool sent = answers_sent();
    record_ended_early("stop");  // counted for completion figures; nothing answered goes in it
    // Nothing of this interview is sealed from here on (what "Done, send"
    // sealed already stays sealed: the screen says so).
    if (!handed_over_) {
        discarded_ = true;
        handed_over_ = true;
    }
    SessionSettings keep = session_;  // the polite end in the resident's own text size
    wipe_session();
    session_ = keep;
    stopped_ = true;
    stopped_sent_ = sent;
    screen_ = Screen::Thanks;
    before_overlay_ = Screen::Thanks;
}

void KioskState::help() {
    if (!offers_stop_help(screen_)) return;
    if (confirm_at_ >= 0) after_answer();
    dialog_under_ = screen_;
    screen_ = Screen::Help;
}

void KioskState::help_close() {
    if (screen_ != Screen::Help) return;
    screen_ = dialog_under_;
    last_touch_ = clock_.now_ms();
}

bool KioskState::idle_pauses() const { return assist_ && interview_ && !scores_ && draft_sink_; }

void KioskState::show_current() {
    confirming_.reset();
    confirm_at_ = -1;
    kb_.reset();
    if (!interview_) return;
    const q::Item* item = interview_->current();
    if (!item) {
        screen_ = Screen::Review;
        return;
    }
    if (uses_keyboard(*item)) {
        kb_.load(*item, interview_->answers(item->link_id));  // back on an answer: it, as typed text
        screen_ = Screen::Keyboard;
    } else {
        screen_ = Screen::Question;
    }
}

void KioskState::select_option(std::size_t n) {
    if (!interview_ || confirming_ || (screen_ != Screen::Question)) return;
    const q::Item* item = interview_->current();
    if (!item || item->read_only) return;
    Status st = ok_status();
    bool auto_next = true;
    switch (item->type) {
        case q::ItemType::Choice:
        case q::ItemType::OpenChoice:
            if (n >= item->options.size()) return;
            if (item->repeats) {
                st = interview_->toggle(item->options[n].value);
                auto_next = false;
            } else {
                st = interview_->answer(item->options[n].value);
            }
            break;
        case q::ItemType::Boolean:
            if (n > 1) return;
            st = interview_->answer(q::Value{n == 0});
            break;
        case q::ItemType::Integer: {
            double lo = item->min_value.value_or(0), hi = item->max_value.value_or(10);
            if (static_cast<double>(n) > hi - lo) return;
            st = interview_->answer(q::Value{static_cast<std::int64_t>(lo) + static_cast<std::int64_t>(n)});
            break;
        }
        default:
            return;
    }
    if (!st || !auto_next) return;
    confirming_ = n;
    confirm_at_ = clock_.now_ms() + options_.confirm_ms;
}

void KioskState::after_answer() {
    confirming_.reset();
    confirm_at_ = -1;
    if (!interview_) return;
    if (from_review_) {
        from_review_ = false;
        // A changed answer may enable new questions: walk on until one needs
        // an answer, else back to the review.
        while (!interview_->is_finished()) {
            const q::Item* item = interview_->current();
            if (item && item->is_answerable() && interview_->answers(item->link_id).empty() &&
                !interview_->is_skipped(item->link_id))
                break;
            if (!interview_->next()) break;
        }
        show_current();
        return;
    }
    (void)interview_->next();
    show_current();
}

void KioskState::skip() {
    if (!interview_ || (screen_ != Screen::Question && screen_ != Screen::Keyboard)) return;
    const q::Item* item = interview_->current();
    if (!item || !item->is_answerable()) return;
    if (!interview_->skip()) return;
    if (from_review_) {
        from_review_ = false;
        interview_->restart();
        while (!interview_->is_finished() && interview_->next()) {}
    }
    show_current();
}

void KioskState::back() {
    if (screen_ == Screen::Consent && !interview_) {
        // Back from consent: the questionnaire list, or the welcome screen
        // when there is nothing to choose (or staff chose for the resident).
        if (catalog_.size() > 1 && !assist_) {
            chosen_.clear();
            screen_ = Screen::Choose;
        } else if (!assist_) {
            SessionSettings keep = session_;
            wipe_session();
            session_ = keep;
        }
        return;
    }
    if (!interview_) return;
    if (screen_ == Screen::Question || screen_ == Screen::Keyboard || screen_ == Screen::Review) {
        from_review_ = false;
        if (interview_->can_go_back()) {
            (void)interview_->back();
            show_current();
        } else if (screen_ != Screen::Review) {
            interview_.reset();
            screen_ = Screen::Consent;
        }
    }
}

void KioskState::next() {
    if (screen_ == Screen::ContactWish) {
        contact_submit();
        return;
    }
    if (!interview_ || confirming_) return;
    if (screen_ == Screen::Keyboard) {
        key_enter();
        return;
    }
    if (screen_ != Screen::Question || !interview_->can_go_next()) return;
    after_answer();
}

void KioskState::open_keyboard() {
    if (interview_ && interview_->current() && uses_keyboard(*interview_->current())) screen_ = Screen::Keyboard;
}

std::string KioskState::own_words() const { return interview_ ? kiosk::own_words(*interview_) : ""; }

void KioskState::open_other() {
    if (screen_ != Screen::Question || confirming_ || !interview_ || !interview_->current()) return;
    const q::Item* item = interview_->current();
    if (item->type != q::ItemType::OpenChoice || item->read_only) return;
    wipe_text(kb_.typed);
    kb_.typed = own_words();
    kb_.error.clear();
    screen_ = Screen::Keyboard;
}

void KioskState::select_unit(std::size_t n) {
    if (screen_ != Screen::Keyboard || !interview_ || !interview_->current()) return;
    if (n < interview_->current()->units.size()) kb_.unit = n;
}

void KioskState::type_text(const std::string& utf8) {
    if (screen_ == Screen::Scan) {
        // A scanner types the code and usually ends it with Enter (a key
        // event) or a newline in the text: either reads it.
        for (char c : utf8) {
            if (c == '\n' || c == '\r') {
                scan_submit();
                continue;
            }
            scan_.add(c);
        }
        // The last refusal stays until the next code is read: read-aloud said
        // it once (speech_key), and a scanner typing does not repeat the screen.
        return;
    }
    if (screen_ == Screen::Enroll) {
        enroll_.type(utf8);
        return;
    }
    if (screen_ == Screen::Assist) {
        setup_.type(utf8, kb_.shift);
        return;
    }
    if (screen_ == Screen::ContactWish) {
        if (!contact_entry_) return;
        kb_.type(utf8, {120});
        return;
    }
    if (screen_ != Screen::Keyboard || !interview_ || !interview_->current()) return;
    const q::Item* item = interview_->current();
    std::size_t limit = item->max_length ? static_cast<std::size_t>(*item->max_length) : 500;
    kb_.type(utf8, {limit, item->type == q::ItemType::Text});
}

void KioskState::key_backspace() {
    if (screen_ == Screen::Scan) {
        scan_.backspace();
        return;
    }
    if (screen_ == Screen::Assist) {
        setup_.backspace();
        return;
    }
    kb_.backspace();
}

void KioskState::key_enter() {
    if (screen_ == Screen::Scan) {
        scan_submit();
        return;
    }
    if (screen_ == Screen::Enroll) {
        enroll_.enter();
        return;
    }
    if (screen_ == Screen::ContactWish) {
        contact_submit();
        return;
    }
    if (screen_ != Screen::Keyboard || !interview_ || !interview_->current()) return;
    if (kb_.blank()) {
        if (interview_->can_go_next()) {
            after_answer();
            return;
        }
        kb_.error = "keyboard.empty";
        return;
    }
    if (std::string error = answer_typed(); !error.empty()) {
        kb_.error = std::move(error);
        return;
    }
    after_answer();
}

// The current item's answer from the typed text (session/keyboard_entry.hpp).
std::string KioskState::answer_typed() {
    return interview_ ? kb_.answer(*interview_, clock_.wall_ms()) : "keyboard.not-allowed";
}

// [SECTION] compare with last time

void KioskState::open_scan() {
    if (screen_ != Screen::Choose) return;
    scan_.clear_entry();
    screen_ = Screen::Scan;
}

void KioskState::scan_back() {
    if (screen_ != Screen::Scan) return;
    scan_.clear_entry();
    screen_ = Screen::Choose;
    last_touch_ = clock_.now_ms();
}

void KioskState::scan_read(std::string text) {
    if (screen_ != Screen::Scan) {
        wipe_text(text);
        return;
    }
    scan_.replace(std::move(text));  // the camera's code replaces anything half typed
    scan_submit();
}

void KioskState::scan_submit() {
    if (screen_ != Screen::Scan || !scan_.submit(catalog_)) return;
    screen_ = Screen::Choose;
    last_touch_ = clock_.now_ms();
}

void KioskState::review_item(const std::string& link_id) {
    if (screen_ != Screen::Review || !interview_) return;
    review_focus_ = link_id;
    interview_->restart();
    while (!interview_->is_finished() && interview_->current() && interview_->current()->link_id != link_id)
        if (!interview_->next()) break;
    if (interview_->is_finished() || !interview_->current()) {
        while (!interview_->is_finished() && interview_->next()) {}
        show_current();
        return;
    }
    from_review_ = true;
    show_current();
}

void KioskState::review_done() {
    if (screen_ != Screen::Review || !interview_ || !interview_->is_finished()) return;
    scores_ = interview_->scores();
    if (scores_->spider) {
        screen_ = Screen::Result;
        return;
    }
    if (!talk_marks().empty()) {  // marked topics: ask how to talk, also without a chart
        screen_ = Screen::Talk;
        return;
    }
    after_talk();  // seal, then the referrals or thanks (contact_wish.cpp)
}

void KioskState::finish() {
    if (screen_ == Screen::Thanks) wipe_session();
}

void KioskState::hand_over(bool complete) {
    if (handed_over_ || !interview_ || !finish_sink_) return;
    handed_over_ = true;
    q::ResponseExtensions ext;
    // "Do you want to talk about this?" travels inside the sealed response.
    if (talk_) ext.add_bool("talk-wish", *talk_);
    add_contact_extensions(ext, contact_, talk_marks());
    if (assist_) assist_->add_extensions(ext);
    scan_.add_extension(interview_->questionnaire(), ext);  // previous-result (session/result_scan.hpp)
    FinishedResponse r = finished_response(*interview_, complete, ext, session_);  // session/session_records.hpp
    r.assisted = assist_.has_value();
    r.kind = assist_ && assist_->paper ? "paper" : "finished";
    r.draft_id = draft_id_;
    finish_sink_(std::move(r));
}

void KioskState::record_ended_early(const char* reason) {
    // Only a session that chose a questionnaire and did not finish it; a
    // finished one (scores known) is sealed as a response instead.
    if (!completion_sink_ || chosen_.empty() || declined_ || scores_ || handed_over_ || ended_recorded_) return;
    const q::Questionnaire* qn = nullptr;
    for (const auto& c : catalog_)
        if (c.id == chosen_) qn = &c;
    if (!qn) return;
    CompletionRecord r = ended_early_record(*qn, interview_ ? &*interview_ : nullptr, session_.lang, reason, clock_);
    r.assisted = assist_.has_value();
    // A resumed draft the resident stops: "nothing is kept" holds for the
    // paused part too, so the store drops the draft with this record.
    if (std::string_view(reason) == "stop") r.discard_draft_id = draft_id_;
    ended_recorded_ = true;
    completion_sink_(std::move(r));
}

// [SECTION] idle

void KioskState::touch() { last_touch_ = clock_.now_ms(); }

void KioskState::still_here() {
    if (screen_ != Screen::StillHere) return;
    screen_ = before_overlay_;
    warning_since_ = -1;
    last_touch_ = clock_.now_ms();
}

int KioskState::still_here_seconds_left() const {
    if (screen_ != Screen::StillHere) return 0;
    Millis left = warning_since_ + options_.idle_warning_ms - clock_.now_ms();
    return static_cast<int>(std::max<Millis>(0, (left + 999) / 1000));
}

// [SECTION] staff
// The PIN pad, the staff screen, staff-started interviews, pause/resume,
// hand-over and enrollment are in kiosk_state_staff.cpp.

std::string KioskState::request_close() {
    return "close request ignored: the kiosk closes only through the staff screen";
}

// [SECTION] time

void KioskState::tick() {
    Millis now = clock_.now_ms();
    if (corner_down_at_ >= 0 && now - corner_down_at_ >= options_.staff_hold_ms) {
        corner_down_at_ = -1;
        if (screen_ != Screen::Pin && screen_ != Screen::Staff) {
            before_overlay_ = screen_ == Screen::StillHere ? before_overlay_ : screen_;
            screen_ = Screen::Pin;
            pin_.open();
        }
    }
    if (confirm_at_ >= 0 && now >= confirm_at_) after_answer();

    if (screen_ == Screen::StillHere) {
        if (now - warning_since_ >= options_.idle_warning_ms) {
            // A staff-started interview is paused, not lost; anything else is wiped.
            if (idle_pauses()) do_pause();
            else {
                record_ended_early("idle");
                wipe_session();
            }
        }
        return;
    }
    if (now - last_touch_ < options_.idle_after_ms) return;
    if (screen_ == Screen::Pin || screen_ == Screen::Staff || screen_ == Screen::Assist ||
        (screen_ == Screen::Enroll && !enroll_.ok())) {
        // Staff walked away: the staff screens (paused list, exit) close by themselves.
        if (screen_ == Screen::Assist) assist_cancel();
        if (screen_ == Screen::Enroll) enroll_cancel();
        if (screen_ == Screen::Pin) pin_cancel();
        else staff_back();
        return;
    }
    if (on_resident_path(screen_)) {
        before_overlay_ = screen_;
        screen_ = Screen::StillHere;
        warning_since_ = now;
    } else if (screen_ == Screen::Welcome) {
        // Someone changed the language or text size and walked away: the
        // next person starts fresh.
        if (!session_untouched()) wipe_session();
    }
}

Millis KioskState::next_deadline() const {
    Millis d = -1;
    auto consider = [&d](Millis t) {
        if (t >= 0 && (d < 0 || t < d)) d = t;
    };
    if (corner_down_at_ >= 0) consider(corner_down_at_ + options_.staff_hold_ms);
    if (screen_ == Screen::Pin && pin_.locked()) consider(pin_.locked_until());
    consider(confirm_at_);
    if (screen_ == Screen::StillHere) consider(warning_since_ + options_.idle_warning_ms);
    else if (screen_ == Screen::Pin || screen_ == Screen::Staff || screen_ == Screen::Assist ||
             (screen_ == Screen::Enroll && !enroll_.ok()))
        consider(last_touch_ + options_.idle_after_ms);
    else if (on_resident_path(screen_)) consider(last_touch_ + options_.idle_after_ms);
    else if (screen_ == Screen::Welcome && !session_untouched())
        consider(last_touch_ + options_.idle_after_ms);
    return d;
}

void KioskState::wipe_session() {
    // Answers that were completed (review done) but not yet handed over are
    // sealed, not lost; anything unfinished is dropped.
    if (interview_ && scores_ && !handed_over_) hand_over(true);
    interview_.reset();
    if (assist_) {
        wipe_text(assist_->case_ref);
        wipe_text(assist_->note);
        assist_.reset();
    }
    setup_.wipe();
    draft_id_.clear();
    resume_request_.reset();
    scores_.reset();
    talk_.reset();
    if (contact_) wipe_text(contact_->detail);
    contact_.reset();
    contact_entry_.reset();
    marks_.clear();
    scan_.wipe();
    offers_.clear();
    print_requested_ = false;
    print_status_.clear();
    chosen_.clear();
    declined_ = false;
    ended_recorded_ = false;
    stopped_ = false;
    stopped_sent_ = false;
    discarded_ = false;
    dialog_under_ = Screen::Welcome;
    review_focus_.clear();
    from_review_ = false;
    handed_over_ = false;
    confirming_.reset();
    confirm_at_ = -1;
    wipe_text(kb_.typed);
    kb_.error.clear();
    session_ = fresh_settings();
    speech_request_.reset();
    pin_.open();
    warning_since_ = -1;
    screen_ = Screen::Welcome;
    before_overlay_ = Screen::Welcome;
    last_touch_ = clock_.now_ms();
}

}  // namespace kiosk
