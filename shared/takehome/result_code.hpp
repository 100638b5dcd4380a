// The result a resident carries home: a short, versioned text for the thanks
// screen's QR code (and a print-out), with the questionnaire family, variant
// and version, the day, and one whole-number score per domain. Nothing else:
// no answer, no name, no device, no time of day. Documented in README.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "questionnaire/scoring.hpp"

namespace kiosk::takehome {

inline constexpr int kCodeVersion = 1;

struct ResultCode {
    std::string family;   // "howareyou" (the questionnaire id without its variant)
    std::string variant;  // "short", "full", "easy", ...
    std::string version;  // the questionnaire's version, e.g. "1.0"
    std::string day;      // YYYY-MM-DD
    // One per domain of questionnaire::scoring_domains(), in that order:
    // 0-10, or nullopt when the domain has no score (skipped or not asked).
    std::vector<std::optional<int>> scores;
};

// From a finished interview's scores. Whole numbers: 5.3 -> 5, 6.5 -> 7.
ResultCode from_scores(const questionnaire::Scores& scores, std::string family, std::string variant,
                       std::string version, std::string day);

// "IK1 HOWAREYOU SHORT 1.0 20261202 57-86A": only characters of the QR
// code's alphanumeric mode, so the code stays small enough for a phone
// camera at arm's length from the kiosk screen.
std::string encode(const ResultCode& code);

// Reads a code back (typed by a USB scanner, or from a camera frame). Says
// plainly what is wrong: not one of ours, a newer version, a bad date, ...
Result<ResultCode> decode(std::string_view text);

// "howareyou-short" -> {"howareyou", "short"} given the questionnaire's
// variant; an id without that suffix is its own family.
std::string family_of(const std::string& questionnaire_id, const std::string& variant);

}  // namespace kiosk::takehome
