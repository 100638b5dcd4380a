// Index of this file:
// [SECTION] device settings (the staff screen's sound and text defaults)
// [SECTION] staff
// [SECTION] staff-started interviews

// KioskState, the staff side: the device settings staff set, the hidden
// corner and the PIN pad, the staff screen's actions, staff-started interviews (assisted, outreach, paper
// form), pause and resume, hand-over, and enrollment. The parts with their
// own state and rules are their own classes: staff/pin_pad (the pad and the
// lockout), staff/assist_setup (the form and its extensions), session/draft
// (a paused interview's format) and staff/enroll_buffer (the bundle text);
// here is only what moves between screens.
#include "session/kiosk_state.hpp"

#include <algorithm>

#include "i18n/catalog.hpp"
#include "session/draft.hpp"
#include "session/text_field.hpp"
#include "staff/audit.hpp"
#include "staff/case_ref.hpp"

namespace kiosk {

namespace q = questionnaire;

// [SECTION] device settings (the staff screen's sound and text defaults)

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

// [SECTION] staff

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

// [SECTION] staff-started interviews

void KioskState::staff_assisted() {
    if (screen_ != Screen::Staff) return;
    setup_.wipe();
    if (!catalog_.empty()) setup_.questionnaire = catalog_.front().id;
    kb_.shift = false;
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
    if (screen_ == Screen::Keyboard && !kb_.typed.empty()) (void)answer_typed();
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

}  // namespace kiosk
