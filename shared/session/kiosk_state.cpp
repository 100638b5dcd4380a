#include "session/kiosk_state.hpp"
#include "session/languages.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>

#include "core/json_text.hpp"
#include "i18n/catalog.hpp"
#include "questionnaire/typed_answer.hpp"
#include "session/draft.hpp"
#include "session/text_field.hpp"
#include "staff/audit.hpp"
#include "staff/case_ref.hpp"

namespace kiosk {

namespace q = questionnaire;

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

namespace {

void collect_themes(const q::Interview& iv, const std::vector<q::Item>& items, std::vector<std::string>& out) {
    for (const auto& item : items) {
        for (const auto& v : iv.answers(item.link_id))
            if (const auto* c = std::get_if<q::Coding>(&v))
                if (c->system.ends_with("/CodeSystem/theme"))
                    out.push_back(c->code);
        collect_themes(iv, item.children, out);
    }
}

}  // namespace

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

// ---- device settings -------------------------------------------------------------

void KioskState::set_device_settings(const DeviceSettings& d) {
    bool untouched = session_untouched();
    device_ = d;
    if (device_.default_text_scale_pct != 150 && device_.default_text_scale_pct != 200) device_.default_text_scale_pct = 100;
    device_.volume_pct = std::clamp(device_.volume_pct, 0, 100);
    // A session nobody has changed yet follows the new defaults at once.
    if (untouched && !interview_) {
        SessionSettings fresh = fresh_settings();
        session_.text_scale_pct = fresh.text_scale_pct;
        session_.read_aloud = fresh.read_aloud;
    }
}

void KioskState::change_volume(int delta_pct) {
    session_.volume_pct = std::clamp(speech_volume_pct() + delta_pct, 20, 100);
    speak();  // hear the new level
}

void KioskState::staff_volume(int delta_pct) {
    DeviceSettings d = device_;
    d.volume_pct = std::clamp(d.volume_pct + delta_pct, 0, 100);
    set_device_settings(d);
    device_changed_ = true;
}

void KioskState::staff_toggle_headphones() {
    DeviceSettings d = device_;
    d.headphones_only = !d.headphones_only;
    set_device_settings(d);
    device_changed_ = true;
}

void KioskState::staff_default_text_scale(int pct) {
    if (pct != 100 && pct != 150 && pct != 200) return;
    DeviceSettings d = device_;
    d.default_text_scale_pct = pct;
    set_device_settings(d);
    device_changed_ = true;
}

void KioskState::staff_toggle_default_read_aloud() {
    DeviceSettings d = device_;
    d.default_read_aloud = !d.default_read_aloud;
    set_device_settings(d);
    device_changed_ = true;
}

void KioskState::set_catalog(std::vector<q::Questionnaire> catalog) { catalog_ = std::move(catalog); }

// ---- settings ------------------------------------------------------------------

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

// ---- the resident's path ---------------------------------------------------------

void KioskState::start() {
    if (screen_ != Screen::Welcome || catalog_.empty() || !storage_problem_.empty()) return;
    declined_ = false;
    if (catalog_.size() == 1) choose(catalog_.front().id);
    else screen_ = Screen::Choose;
}

void KioskState::choose(const std::string& id) {
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

namespace {
// Screens that offer `stop` and `help`: the resident's path after welcome,
// up to the thank-you screen (which ends it anyway).
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
}  // namespace

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
    wipe_text(typed_);
    keyboard_error_.clear();
    shift_ = false;
    unit_ = 0;
    if (!interview_) return;
    const q::Item* item = interview_->current();
    if (!item) {
        screen_ = Screen::Review;
        return;
    }
    if (uses_keyboard(*item)) {
        const auto& a = interview_->answers(item->link_id);
        if (!a.empty()) {
            if (const auto* qv = std::get_if<q::Quantity>(&a.front())) {
                // Back on an amount: the unit it was given in, the number alone in the field.
                for (std::size_t i = 0; i < item->units.size(); ++i)
                    if (item->units[i].code == qv->code && (qv->code.empty() ? item->units[i].display.base == qv->unit : true)) unit_ = i;
                typed_ = q::value_to_string(q::Value{qv->value});
            } else {
                typed_ = q::value_to_string(a.front());
            }
        }
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

std::string KioskState::own_words() const {
    if (!interview_ || !interview_->current()) return "";
    const q::Item* item = interview_->current();
    if (item->type != q::ItemType::OpenChoice) return "";
    for (const auto& v : interview_->answers(item->link_id))
        if (const auto* t = std::get_if<std::string>(&v))
            if (std::none_of(item->options.begin(), item->options.end(), [&](const q::AnswerOption& o) { return q::values_equal(o.value, v); }))
                return *t;
    return "";
}

void KioskState::open_other() {
    if (screen_ != Screen::Question || confirming_ || !interview_ || !interview_->current()) return;
    const q::Item* item = interview_->current();
    if (item->type != q::ItemType::OpenChoice || item->read_only) return;
    wipe_text(typed_);
    typed_ = own_words();
    keyboard_error_.clear();
    screen_ = Screen::Keyboard;
}

void KioskState::select_unit(std::size_t n) {
    if (screen_ != Screen::Keyboard || !interview_ || !interview_->current()) return;
    if (n < interview_->current()->units.size()) unit_ = n;
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
        setup_.type(utf8, shift_);
        return;
    }
    if (screen_ == Screen::ContactWish) {
        if (!contact_entry_) return;
        type_into(typed_, utf8, {120}, shift_);
        keyboard_error_.clear();
        return;
    }
    if (screen_ != Screen::Keyboard || !interview_ || !interview_->current()) return;
    const q::Item* item = interview_->current();
    std::size_t limit = item->max_length ? static_cast<std::size_t>(*item->max_length) : 500;
    type_into(typed_, utf8, {limit, item->type == q::ItemType::Text}, shift_);
    keyboard_error_.clear();
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
    erase_last_char(typed_);
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
    std::string text = typed_;
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
    if (text.empty()) {
        if (interview_->can_go_next()) {
            after_answer();
            return;
        }
        keyboard_error_ = "keyboard.empty";
        return;
    }
    wipe_text(text);
    if (std::string error = answer_typed(); !error.empty()) {
        keyboard_error_ = std::move(error);
        return;
    }
    after_answer();
}

// Sets the current item's answer from the typed text (no navigation).
// Returns the keyboard error key (questionnaire/typed_answer.hpp), or "" when
// the answer was taken.
std::string KioskState::answer_typed() {
    const q::Item* item = interview_ ? interview_->current() : nullptr;
    if (!item) return "keyboard.not-allowed";
    Result<q::Value> value = q::typed_value(*item, typed_, unit_, clock_.wall_ms());
    if (!value) return value.error().message;
    Status st = interview_->answer(std::move(*value));
    return st ? "" : "keyboard.not-allowed";
}

// ---- compare with last time ------------------------------------------------------------

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
    hand_over(true);
    std::vector<std::string> themes;
    collect_themes(*interview_, interview_->questionnaire().items, themes);
    offers_ = referrals::match(referrals_, &*scores_, themes);
    screen_ = offers_.empty() ? Screen::Thanks : Screen::Referrals;
}

void KioskState::result_next() {
    if (screen_ == Screen::Result) screen_ = Screen::Talk;
}

void KioskState::talk(bool yes) {
    if (screen_ != Screen::Talk) return;
    talk_ = yes;
    if (yes) {
        contact_entry_.reset();
        screen_ = Screen::ContactWish;
        return;
    }
    after_talk();
}

void KioskState::after_talk() {
    hand_over(true);
    std::vector<std::string> themes;
    if (interview_) collect_themes(*interview_, interview_->questionnaire().items, themes);
    offers_ = referrals::match(referrals_, scores_ ? &*scores_ : nullptr, themes);
    screen_ = offers_.empty() ? Screen::Thanks : Screen::Referrals;
}

void KioskState::referrals_done() {
    if (screen_ == Screen::Referrals) screen_ = Screen::Thanks;
}

void KioskState::finish() {
    if (screen_ == Screen::Thanks) wipe_session();
}

void KioskState::hand_over(bool complete) {
    if (handed_over_ || !interview_ || !finish_sink_) return;
    handed_over_ = true;
    const auto& qn = interview_->questionnaire();
    FinishedResponse r;
    r.response_json = interview_->response_json(complete ? q::ResponseStatus::Completed : q::ResponseStatus::Stopped);
    {
        q::ResponseExtensions ext;
        // "Do you want to talk about this?" travels inside the sealed response.
        if (talk_) ext.add_bool("talk-wish", *talk_);
        add_contact_extensions(ext, contact_, talk_marks());
        if (assist_) assist_->add_extensions(ext);
        if (interview_) scan_.add_extension(qn, ext);  // previous-result (session/result_scan.hpp)
        ext.write_into(r.response_json);
    }
    r.assisted = assist_.has_value();
    r.kind = assist_ && assist_->paper ? "paper" : "finished";
    r.draft_id = draft_id_;
    r.questionnaire = qn.id;
    r.version = qn.version;
    r.variant = qn.variant;
    r.language = interview_->language();
    r.duration_s = interview_->elapsed_ms() / 1000;
    r.complete = complete;
    r.read_aloud = session_.read_aloud;
    r.text_scale_pct = session_.text_scale_pct;
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
    CompletionRecord r;
    r.questionnaire = qn->id;
    r.version = qn->version;
    r.variant = qn->variant;
    r.reason = reason;
    r.day = utc_day(clock_.wall_ms());
    r.assisted = assist_.has_value();
    if (interview_) {
        const auto p = interview_->progress();
        r.language = interview_->language();
        r.step = std::min(p.position, p.steps);
        r.steps = p.steps;
    } else {
        // Still on the consent screen: nothing asked yet.
        r.language = qn->supports_language(session_.lang) ? session_.lang : qn->language;
        r.steps = q::Interview(*qn, clock_, r.language).progress().steps;
    }
    // A resumed draft the resident stops: "nothing is kept" holds for the
    // paused part too, so the store drops the draft with this record.
    if (std::string_view(reason) == "stop") r.discard_draft_id = draft_id_;
    ended_recorded_ = true;
    completion_sink_(std::move(r));
}

bool KioskState::on_resident_path() const {
    switch (screen_) {
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

// ---- idle --------------------------------------------------------------------------

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

// ---- staff -------------------------------------------------------------------------

void KioskState::staff_corner_down() {
    if (corner_down_at_ < 0) corner_down_at_ = clock_.now_ms();
}

void KioskState::staff_corner_up() { corner_down_at_ = -1; }

void KioskState::pin_ok() {
    if (pin_.checking()) return;
    if (pin_.locked()) {
        pin_.clear();
        return;
    }
    const bool empty = pin_.entry().empty();
    pin_.submit();
    // The app checks it off the UI thread and answers with pin_result().
    if (!pin_check_ && !empty) return;
    // A PinCheck (tests) answers at once; an empty PIN is a wrong one.
    std::string pin = pin_.take_request();
    bool good = !pin.empty() && pin_check_ && pin_check_(pin);
    wipe_text(pin);
    pin_result(good);
}

void KioskState::pin_result(bool good) {
    if (!pin_.checking()) return;  // the pad was left (cancel, idle) before the answer came
    if (!pin_check_ && screen_ != Screen::Pin) {
        pin_.drop_check();
        return;
    }
    staff::PinVerdict v = pin_.answer(good);
    if (good) {
        screen_ = Screen::Staff;
        if (v.lockout_changed) save_lockout();
        audit(staff::action::kPinOk);
        audit(staff::action::kStaffOpened);
    } else {
        audit(staff::action::kPinWrong, "n=" + std::to_string(v.wrong));
        if (v.locked_for_ms > 0) audit(staff::action::kPinLocked, "s=" + std::to_string(v.locked_for_ms / 1000));
        save_lockout();
    }
}

void KioskState::restore_pin_lockout(int wrong, std::int64_t locked_until_wall) { pin_.restore(wrong, locked_until_wall); }

void KioskState::save_lockout() const {
    if (lockout_sink_) lockout_sink_(pin_.wrong(), pin_.locked_until_wall());
}

void KioskState::audit(const std::string& action, const std::string& detail) const {
    if (audit_sink_) audit_sink_(action, detail);
}

void KioskState::staff_exit() {
    if (screen_ != Screen::Staff) return;  // only from the staff screen, i.e. after the PIN
    audit(staff::action::kExit);
    quit_ = true;
}

void KioskState::request_sync() {
    audit(staff::action::kSyncNow);
    sync_requested_ = true;
}

// ---- staff-started interviews --------------------------------------------------------

void KioskState::staff_assisted() {
    if (screen_ != Screen::Staff) return;
    setup_.wipe();
    if (!catalog_.empty()) setup_.questionnaire = catalog_.front().id;
    shift_ = false;
    staff_notice_.clear();
    screen_ = Screen::Assist;
}

void KioskState::assist_pick(const std::string& id) {
    if (screen_ != Screen::Assist) return;
    for (const auto& qn : catalog_)
        if (qn.id == id) setup_.questionnaire = id;
}

void KioskState::assist_focus(AssistSetup::Field field) {
    if (screen_ == Screen::Assist) setup_.field = field;
}
void KioskState::assist_toggle_together() {
    if (screen_ == Screen::Assist) setup_.together = !setup_.together;
}
void KioskState::assist_toggle_paper() {
    if (screen_ == Screen::Assist) setup_.paper = !setup_.paper;
}

void KioskState::assist_start() {
    if (screen_ != Screen::Assist || !storage_problem_.empty()) return;
    std::string key = staff::check_case_reference(setup_.case_ref);
    if (!key.empty()) {
        setup_.error = key;
        setup_.field = AssistSetup::Field::Case;
        return;
    }
    const q::Questionnaire* chosen = setup_.chosen_in(catalog_);
    if (!chosen) {
        setup_.error = "assist.pick";
        return;
    }
    AssistSetup setup = std::move(setup_);
    setup_ = AssistSetup{};
    setup.error.clear();
    // The resident beside staff may have chosen language, text size and
    // contrast on the welcome screen: keep those, nothing else.
    SessionSettings settings = session_;
    // Whatever the previous resident left is sealed or dropped first; an
    // interview they left open is counted as ended by staff (completion figures).
    if (interview_ && !scores_) record_ended_early("staff");
    wipe_session();
    session_ = settings;
    assist_ = std::move(setup);
    chosen_ = assist_->questionnaire;
    audit(assist_->paper ? staff::action::kPaperStart : staff::action::kAssistedStart);
    if (assist_->paper) {
        // The resident consented on paper; staff type the answers in.
        std::string lang = chosen->supports_language(session_.lang) ? session_.lang : chosen->language;
        interview_.emplace(*chosen, clock_, lang);
        apply_assist_exclusions();
        handed_over_ = false;
        show_current();
    } else {
        screen_ = Screen::Consent;
    }
    last_touch_ = clock_.now_ms();
}

void KioskState::assist_not_used(const std::string& instead) {
    if (screen_ != Screen::Assist) return;
    bool known = false;
    for (const char* k : kNotUsedInstead) known |= instead == k;
    if (!known) return;
    const q::Questionnaire* qn = setup_.chosen_in(catalog_);
    if (!qn) {
        setup_.error = "assist.pick";
        return;
    }
    if (completion_sink_) completion_sink_(not_used_record(*qn, session_.lang, instead, clock_));
    audit(staff::action::kNotUsed, instead);
    setup_.wipe();
    staff_notice_ = "assist.not-used.done";
    screen_ = Screen::Staff;
}

void KioskState::assist_cancel() {
    if (screen_ != Screen::Assist) return;
    setup_.wipe();
    screen_ = Screen::Staff;
}

bool KioskState::can_pause() const {
    return assist_ && interview_ && !scores_ &&
           (screen_ == Screen::Question || screen_ == Screen::Keyboard || screen_ == Screen::Review);
}

void KioskState::pause() {
    if (can_pause()) do_pause();
}

void KioskState::do_pause() {
    if (!assist_ || !interview_ || !draft_sink_) return;
    PausedInterview p;
    p.draft_id = draft_id_.empty() ? new_draft_id() : draft_id_;
    // What is being typed is part of what "paused, answers kept" promises.
    if (screen_ == Screen::Keyboard && !typed_.empty()) (void)answer_typed();
    p.response_json = draft_response_json(*interview_, *assist_, talk_marks(), session_);  // session/draft.hpp
    const auto& qn = interview_->questionnaire();
    p.questionnaire = qn.id;
    p.version = qn.version;
    p.variant = qn.variant;
    p.language = interview_->language();
    p.duration_s = interview_->elapsed_ms() / 1000;
    p.kind = assist_->paper ? "paper" : "finished";
    draft_sink_(std::move(p));
    audit(staff::action::kPause);
    handed_over_ = true;  // nothing of this interview is sealed as finished by the wipe
    wipe_session();
    screen_ = Screen::Paused;
}

void KioskState::paused_done() {
    if (screen_ != Screen::Paused) return;
    screen_ = Screen::Welcome;
    before_overlay_ = Screen::Welcome;
    last_touch_ = clock_.now_ms();
}

void KioskState::request_resume(const std::string& draft_id) {
    if (screen_ == Screen::Staff) resume_request_ = draft_id;
}

bool KioskState::resume(const std::string& draft_id, const std::string& response_json) {
    if (screen_ != Screen::Staff) return false;
    auto draft = read_draft(response_json);  // session/draft.hpp
    if (!draft || draft->snapshot.empty()) return false;
    std::string& snapshot = draft->snapshot;
    const q::Questionnaire* qn = draft_questionnaire(catalog_, snapshot, clock_);
    if (!qn) {
        wipe_text(snapshot);
        return false;
    }
    auto restored = q::Interview::restore(*qn, clock_, snapshot);
    wipe_text(snapshot);
    if (!restored) return false;
    if (interview_ && !scores_) record_ended_early("staff");
    wipe_session();
    draft->setup.questionnaire = qn->id;
    assist_ = std::move(draft->setup);
    draft_id_ = draft_id;
    chosen_ = qn->id;
    interview_.emplace(std::move(*restored));
    apply_assist_exclusions();
    marks_ = std::move(draft->marks);
    if (i18n::is_supported(interview_->language())) session_.lang = interview_->language();
    apply_session_display(draft->display, session_);
    handed_over_ = false;
    audit(staff::action::kResume);
    show_current();
    last_touch_ = clock_.now_ms();
    return true;
}

bool KioskState::can_hand_over() const {
    if (!assist_) return false;
    return screen_ == Screen::Result || screen_ == Screen::Talk || screen_ == Screen::Referrals ||
           screen_ == Screen::Thanks || screen_ == Screen::ContactWish;
}

void KioskState::handover() {
    if (!can_hand_over()) return;
    dialog_under_ = screen_;
    screen_ = Screen::Handover;
}

void KioskState::handover_confirm(bool yes) {
    if (screen_ != Screen::Handover) return;
    if (!yes) {
        screen_ = dialog_under_;
        last_touch_ = clock_.now_ms();
        return;
    }
    audit(staff::action::kHandover);
    wipe_session();
}

void KioskState::pin_cancel() {
    pin_.cancel();
    screen_ = before_overlay_;
    last_touch_ = clock_.now_ms();
}

void KioskState::staff_enroll() {
    if (screen_ != Screen::Staff) return;
    enroll_.open();
    screen_ = Screen::Enroll;
    audit(staff::action::kEnrollStart);
}

std::optional<std::string> KioskState::take_enroll_text() {
    if (screen_ != Screen::Enroll) return std::nullopt;
    return enroll_.take();
}

void KioskState::enroll_result(bool ok, std::string message) {
    enroll_.result(ok, std::move(message));
    audit(ok ? staff::action::kEnrolled : staff::action::kEnrollRefused);
}

void KioskState::enroll_cancel() {
    if (screen_ != Screen::Enroll) return;
    enroll_.cancel();
    screen_ = Screen::Staff;
    last_touch_ = clock_.now_ms();
}

void KioskState::staff_back() {
    staff_notice_.clear();
    screen_ = before_overlay_;
    last_touch_ = clock_.now_ms();
}

std::string KioskState::request_close() {
    return "close request ignored: the kiosk closes only through the staff screen";
}

// ---- time --------------------------------------------------------------------------

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
    if (on_resident_path()) {
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
    else if (on_resident_path()) consider(last_touch_ + options_.idle_after_ms);
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
    wipe_text(typed_);
    keyboard_error_.clear();
    session_ = fresh_settings();
    speech_request_.reset();
    pin_.open();
    warning_since_ = -1;
    screen_ = Screen::Welcome;
    before_overlay_ = Screen::Welcome;
    last_touch_ = clock_.now_ms();
}

}  // namespace kiosk
