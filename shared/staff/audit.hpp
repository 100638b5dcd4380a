// What staff did on this device, for the organisation's own checks: one line
// per action in <data_dir>/logs/audit.log ("<UTC time> <action> [detail]").
// Only fixed action names and counts ever go in: never answers, case
// references, notes or PIN digits. Also keeps the PIN lockout (wrong count,
// locked-until) in <data_dir>/staff-lockout so a power cycle does not reset it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace kiosk::staff {

// The actions we log (the first word of a line).
namespace action {
inline constexpr const char* kPinOk = "pin-ok";
inline constexpr const char* kPinWrong = "pin-wrong";
inline constexpr const char* kPinLocked = "pin-locked";
inline constexpr const char* kStaffOpened = "staff-screen-opened";
inline constexpr const char* kSyncNow = "sync-now";
inline constexpr const char* kExit = "exit";
inline constexpr const char* kSettingsChanged = "settings-changed";
inline constexpr const char* kAssistedStart = "assisted-start";
inline constexpr const char* kPaperStart = "paper-entry-start";
inline constexpr const char* kNotUsed = "questionnaire-not-used";
inline constexpr const char* kPause = "pause";
inline constexpr const char* kResume = "resume";
inline constexpr const char* kHandover = "handover";
inline constexpr const char* kDraftExpired = "draft-expired";
inline constexpr const char* kEnrollStart = "enroll-start";
inline constexpr const char* kEnrolled = "enrolled";
inline constexpr const char* kEnrollRefused = "enroll-refused";
}  // namespace action

std::filesystem::path audit_log_path(const std::filesystem::path& data_dir);

// Appends "<RFC 3339 UTC of wall_ms> <action>[ <detail>]\n". `action` must be
// one of the names above and `detail` a number or a fixed word (the caller
// never passes resident data); anything but [a-z0-9-=.] is dropped from
// both so a mistake cannot smuggle text into the log.
Status audit(const std::filesystem::path& data_dir, std::int64_t wall_ms, const std::string& action,
             const std::string& detail = "");

// The PIN pad's lockout, as wall-clock time so it survives a restart.
struct PinLockout {
    int wrong = 0;                   // wrong PINs since the last right one
    std::int64_t locked_until = 0;   // wall ms; 0 = not locked
};
// A missing or unreadable file: no lockout (and a damaged one is reported by
// the caller, never trusted to unlock early: see load_lockout).
Result<PinLockout> load_lockout(const std::filesystem::path& data_dir);
Status save_lockout(const std::filesystem::path& data_dir, const PinLockout& l);

}  // namespace kiosk::staff
