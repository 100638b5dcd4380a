#include "session/events.hpp"

#include <array>
#include <type_traits>

namespace kiosk {

namespace {

namespace e = event;

// One overload per alternative: a missing one does not compile (std::visit
// needs every alternative handled), so no event can be left without effect.
struct Applier {
    KioskState& s;
    // resident settings
    void operator()(const e::SetLanguage& x) const { s.set_language(x.code); }
    void operator()(const e::SetTextScale& x) const { s.set_text_scale(x.pct); }
    void operator()(const e::SetHighContrast& x) const { s.set_high_contrast(x.on); }
    void operator()(const e::SetReadAloud& x) const { s.set_read_aloud(x.on); }
    void operator()(const e::VolumeUp&) const { s.volume_up(); }
    void operator()(const e::VolumeDown&) const { s.volume_down(); }
    void operator()(const e::Speak& x) const { s.speak(x.option); }
    // the resident's path
    void operator()(const e::Start&) const { s.start(); }
    void operator()(const e::Choose& x) const { s.choose(x.id); }
    void operator()(const e::ConsentAgree&) const { s.consent_agree(); }
    void operator()(const e::ConsentDecline&) const { s.consent_decline(); }
    void operator()(const e::Stop&) const { s.stop(); }
    void operator()(const e::StopConfirm& x) const { s.stop_confirm(x.yes); }
    void operator()(const e::Help&) const { s.help(); }
    void operator()(const e::HelpClose&) const { s.help_close(); }
    void operator()(const e::SelectOption& x) const { s.select_option(x.n); }
    void operator()(const e::Skip&) const { s.skip(); }
    void operator()(const e::Back&) const { s.back(); }
    void operator()(const e::Next&) const { s.next(); }
    void operator()(const e::OpenOther&) const { s.open_other(); }
    void operator()(const e::SelectUnit& x) const { s.select_unit(x.n); }
    void operator()(const e::TypeText& x) const { s.type_text(x.text); }
    void operator()(const e::KeyBackspace&) const { s.key_backspace(); }
    void operator()(const e::KeyEnter&) const { s.key_enter(); }
    void operator()(const e::ToggleShift&) const { s.toggle_shift(); }
    void operator()(const e::ReviewItem& x) const { s.review_item(x.link_id); }
    void operator()(const e::ReviewDone&) const { s.review_done(); }
    void operator()(const e::ResultNext&) const { s.result_next(); }
    void operator()(const e::Talk& x) const { s.talk(x.yes); }
    void operator()(const e::ContactChoose& x) const { s.contact_choose(x.way); }
    void operator()(const e::ContactBack&) const { s.contact_back(); }
    void operator()(const e::ToggleTalkMark&) const { s.toggle_talk_mark(); }
    void operator()(const e::ReferralsDone&) const { s.referrals_done(); }
    void operator()(const e::Finish&) const { s.finish(); }
    void operator()(const e::RequestPrint&) const { s.request_print(); }
    void operator()(const e::OpenScan&) const { s.open_scan(); }
    void operator()(const e::ScanBack&) const { s.scan_back(); }
    void operator()(const e::StillHere&) const { s.still_here(); }
    void operator()(const e::WipeSession&) const { s.wipe_session(); }
    // staff
    void operator()(const e::StaffCornerDown&) const { s.staff_corner_down(); }
    void operator()(const e::StaffCornerUp&) const { s.staff_corner_up(); }
    void operator()(const e::PinDigit& x) const { s.pin_digit(x.digit); }
    void operator()(const e::PinClear&) const { s.pin_clear(); }
    void operator()(const e::PinOk&) const { s.pin_ok(); }
    void operator()(const e::PinCancel&) const { s.pin_cancel(); }
    void operator()(const e::StaffBack&) const { s.staff_back(); }
    void operator()(const e::StaffExit&) const { s.staff_exit(); }
    void operator()(const e::RequestSync&) const { s.request_sync(); }
    void operator()(const e::RequestRollback&) const { s.request_rollback(); }
    void operator()(const e::StaffAssisted&) const { s.staff_assisted(); }
    void operator()(const e::StaffEnroll&) const { s.staff_enroll(); }
    void operator()(const e::EnrollCancel&) const { s.enroll_cancel(); }
    void operator()(const e::StaffVolume& x) const { s.staff_volume(x.delta_pct); }
    void operator()(const e::StaffToggleHeadphones&) const { s.staff_toggle_headphones(); }
    void operator()(const e::StaffDefaultTextScale& x) const { s.staff_default_text_scale(x.pct); }
    void operator()(const e::StaffToggleDefaultReadAloud&) const { s.staff_toggle_default_read_aloud(); }
    void operator()(const e::AssistPick& x) const { s.assist_pick(x.id); }
    void operator()(const e::AssistFocus& x) const { s.assist_focus(x.field); }
    void operator()(const e::AssistToggleTogether&) const { s.assist_toggle_together(); }
    void operator()(const e::AssistTogglePaper&) const { s.assist_toggle_paper(); }
    void operator()(const e::AssistToggleSensitive&) const { s.assist_toggle_sensitive(); }
    void operator()(const e::AssistStart&) const { s.assist_start(); }
    void operator()(const e::AssistCancel&) const { s.assist_cancel(); }
    void operator()(const e::AssistNotUsed& x) const { s.assist_not_used(x.instead); }
    void operator()(const e::Pause&) const { s.pause(); }
    void operator()(const e::PausedDone&) const { s.paused_done(); }
    void operator()(const e::RequestResume& x) const { s.request_resume(x.draft_id); }
    void operator()(const e::Handover&) const { s.handover(); }
    void operator()(const e::HandoverConfirm& x) const { s.handover_confirm(x.yes); }
};

// In the order of the Event alternatives.
constexpr std::array kNames = {
    "set-language", "set-text-scale", "set-high-contrast", "set-read-aloud", "volume-up", "volume-down", "speak",
    "start", "choose", "consent-agree", "consent-decline", "stop", "stop-confirm", "help", "help-close",
    "select-option", "skip", "back", "next", "open-other", "select-unit", "type-text", "key-backspace",
    "key-enter", "toggle-shift", "review-item", "review-done", "result-next", "talk", "contact-choose",
    "contact-back", "toggle-talk-mark", "referrals-done", "finish", "request-print", "open-scan", "scan-back",
    "still-here", "wipe-session",
    "staff-corner-down", "staff-corner-up", "pin-digit", "pin-clear", "pin-ok", "pin-cancel", "staff-back",
    "staff-exit", "request-sync", "request-rollback", "staff-assisted", "staff-enroll", "enroll-cancel",
    "staff-volume", "staff-toggle-headphones", "staff-default-text-scale", "staff-toggle-default-read-aloud",
    "assist-pick", "assist-focus", "assist-toggle-together", "assist-toggle-paper", "assist-toggle-sensitive",
    "assist-start", "assist-cancel", "assist-not-used", "pause", "paused-done", "request-resume", "handover",
    "handover-confirm"};
static_assert(kNames.size() == std::variant_size_v<Event>, "one name per Event alternative");

}  // namespace

void apply(KioskState& s, const Event& ev) { std::visit(Applier{s}, ev); }

std::optional<Event> action_event(const std::string& id) {
    if (id == "consent.agree") return e::ConsentAgree{};
    if (id == "consent.decline") return e::ConsentDecline{};
    if (id == "talk.yes") return e::Talk{true};
    if (id == "talk.no") return e::Talk{false};
    if (id.rfind("contact.", 0) == 0) {
        if (auto way = contact_way_from_code(std::string_view(id).substr(8))) return e::ContactChoose{*way};
        return std::nullopt;
    }
    if (id == "finish") return e::Finish{};
    if (id == "print") return e::RequestPrint{};
    if (id == "still-here") return e::StillHere{};
    if (id == "paused.done") return e::PausedDone{};
    if (id == "stop") return e::Stop{};
    if (id == "stop.yes") return e::StopConfirm{true};
    if (id == "stop.no") return e::StopConfirm{false};
    if (id == "help") return e::Help{};
    if (id == "help.close") return e::HelpClose{};
    if (id == "handover") return e::Handover{};
    if (id == "handover.yes") return e::HandoverConfirm{true};
    if (id == "handover.no") return e::HandoverConfirm{false};
    return std::nullopt;
}

const char* event_name(const Event& ev) { return kNames[ev.index()]; }

const char* event_name(std::size_t index) { return index < kNames.size() ? kNames[index] : ""; }

}  // namespace kiosk
