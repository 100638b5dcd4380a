// What a tap means, as plain data: screens (kiosk/screen_*.cpp) emit these
// events while they draw, the app applies them to the KioskState after the
// frame, and a test can apply the same events without a window or the kiosk binary
// (tests/session/events_test.cpp).
//
// One struct per distinct action, named after the KioskState method it
// stands for; its fields are the method's arguments. No event is handled by
// the app itself: those the app acts on (speak, print, sync, rollback,
// resume, the PIN check) are requests KioskState records and the app takes
// after the frame (take_speech_request(), take_print_request(), ...).
//
// A new action: add its struct here, to the Event variant, and a line in
// apply() (events.cpp); the events test refuses an alternative it has no
// case for.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <variant>

#include "session/contact_wish.hpp"
#include "session/kiosk_state.hpp"

namespace kiosk {

namespace event {

// ---- resident settings ---------------------------------------------------------
struct SetLanguage { std::string code; };
struct SetTextScale { int pct = 100; };
struct SetHighContrast { bool on = false; };
struct SetReadAloud { bool on = false; };
struct VolumeUp {};
struct VolumeDown {};
struct Speak { int option = -1; };  // < 0: this screen; else one answer option

// ---- the resident's path ----------------------------------------------------------
struct Start {};
struct Choose { std::string id; };  // a questionnaire id
struct ConsentAgree {};
struct ConsentDecline {};
struct Stop {};
struct StopConfirm { bool yes = false; };
struct Help {};
struct HelpClose {};
struct SelectOption { std::size_t n = 0; };
struct Skip {};
struct Back {};
struct Next {};
struct OpenOther {};
struct SelectUnit { std::size_t n = 0; };
struct TypeText { std::string text; };
struct KeyBackspace {};
struct KeyEnter {};
struct ToggleShift {};
struct ReviewItem { std::string link_id; };
struct ReviewDone {};
struct ResultNext {};
struct Talk { bool yes = false; };
struct ContactChoose { ContactWay way = ContactWay::Desk; };
struct ContactBack {};
struct ToggleTalkMark {};
struct ReferralsDone {};
struct Finish {};
struct RequestPrint {};
struct OpenScan {};
struct ScanBack {};
struct StillHere {};
struct WipeSession {};

// ---- staff -------------------------------------------------------------------------
struct StaffCornerDown {};
struct StaffCornerUp {};
struct PinDigit { char digit = '0'; };
struct PinClear {};
struct PinOk {};
struct PinCancel {};
struct StaffBack {};
struct StaffExit {};
struct RequestSync {};
struct RequestRollback {};
struct StaffAssisted {};
struct StaffEnroll {};
struct EnrollCancel {};
struct StaffVolume { int delta_pct = 0; };
struct StaffToggleHeadphones {};
struct StaffDefaultTextScale { int pct = 100; };
struct StaffToggleDefaultReadAloud {};
struct AssistPick { std::string id; };  // a questionnaire id
struct AssistFocus { AssistSetup::Field field = AssistSetup::Field::Case; };
struct AssistToggleTogether {};
struct AssistTogglePaper {};
struct AssistToggleSensitive {};
struct AssistStart {};
struct AssistCancel {};
struct AssistNotUsed { std::string instead; };  // one of kNotUsedInstead
struct Pause {};
struct PausedDone {};
struct RequestResume { std::string draft_id; };
struct Handover {};
struct HandoverConfirm { bool yes = false; };

}  // namespace event

using Event = std::variant<
    event::SetLanguage, event::SetTextScale, event::SetHighContrast, event::SetReadAloud, event::VolumeUp,
    event::VolumeDown, event::Speak,
    event::Start, event::Choose, event::ConsentAgree, event::ConsentDecline, event::Stop, event::StopConfirm,
    event::Help, event::HelpClose, event::SelectOption, event::Skip, event::Back, event::Next, event::OpenOther,
    event::SelectUnit, event::TypeText, event::KeyBackspace, event::KeyEnter, event::ToggleShift,
    event::ReviewItem, event::ReviewDone, event::ResultNext, event::Talk, event::ContactChoose,
    event::ContactBack, event::ToggleTalkMark, event::ReferralsDone, event::Finish, event::RequestPrint,
    event::OpenScan, event::ScanBack, event::StillHere, event::WipeSession,
    event::StaffCornerDown, event::StaffCornerUp, event::PinDigit, event::PinClear, event::PinOk,
    event::PinCancel, event::StaffBack, event::StaffExit, event::RequestSync, event::RequestRollback,
    event::StaffAssisted, event::StaffEnroll, event::EnrollCancel, event::StaffVolume,
    event::StaffToggleHeadphones, event::StaffDefaultTextScale, event::StaffToggleDefaultReadAloud,
    event::AssistPick, event::AssistFocus, event::AssistToggleTogether, event::AssistTogglePaper,
    event::AssistToggleSensitive, event::AssistStart, event::AssistCancel, event::AssistNotUsed,
    event::Pause, event::PausedDone, event::RequestResume, event::Handover, event::HandoverConfirm>;

// Applies one event: calls the KioskState method it stands for. An event
// that does not fit the current screen is ignored there, as the method ignores it.
void apply(KioskState& s, const Event& e);

// The event behind an action id of a dialog-like screen (session/screen_model.hpp:
// consent.agree, talk.yes, contact.<way>, stop, help, ...); nullopt for an id
// no action has.
std::optional<Event> action_event(const std::string& id);

// A short stable name of an event ("choose", "select-option"), for logs and
// test messages; event_name(index) names the alternative at that index of Event.
const char* event_name(const Event& e);
const char* event_name(std::size_t index);

}  // namespace kiosk
