// Helpers for the staff tests: run the kiosk headless with a script on a data
// dir (English UI), the PIN steps, the short questionnaire's answers, and a
// scan of every file in a data dir for marker strings.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace kiosk::test {

inline constexpr const char* kPin = "4711";

// `kiosk set-pin` with kPin.
void set_staff_pin(const std::filesystem::path& data);

// Runs `kiosk --headless --lang en --data-dir data --script <dir>/<name>.txt`.
RunResult run_script(const TempDir& dir, const std::filesystem::path& data, const std::string& name,
                     const std::string& script);

// Script lines: hold the corner and enter `pin` (then pin.ok).
std::string enter_pin(const std::string& pin = kPin);
// The 17 answers of howareyou-short after the two intro screens, from
// question `from` (0-based) to `to` (exclusive); question 7 is skipped.
std::string short_answers(int from, int to);
// After review: review.done, result, talk, referrals: ends on thanks.
std::string short_ending();

// Every file under dir whose bytes contain one of `markers`.
std::vector<std::string> files_containing(const std::filesystem::path& dir, const std::vector<std::string>& markers);

// All NDJSON lines of an export dir, parsed.
std::vector<nlohmann::json> exported_responses(const std::filesystem::path& export_dir);

}  // namespace kiosk::test
