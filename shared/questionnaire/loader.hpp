// Loading FHIR R4 Questionnaire JSON into the model. Everything outside the
// supported subset (README.md) and everything inconsistent is refused with
// one Problem per finding, naming file and linkId; the loader never throws
// and never crashes on hostile input (size and nesting are bounded).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "questionnaire/model.hpp"

namespace kiosk::questionnaire {

struct Problem {
    std::string file;
    std::string link_id;  // empty = questionnaire level
    std::string message;
};

struct LoadResult {
    std::optional<Questionnaire> questionnaire;  // set only when problems is empty
    std::vector<Problem> problems;
    // Deviations from R4/SDC the loader accepts because they change nothing a
    // resident is asked or answers wrongly (README "Accepted with a note"):
    // `kioskctl check` prints them, `kioskctl lint` counts them as problems
    // (our own content is held to R4).
    std::vector<Problem> notes;
};

// Limits on hostile input.
inline constexpr std::size_t kMaxFileBytes = 4 * 1024 * 1024;
inline constexpr int kMaxJsonDepth = 64;     // JSON nesting, checked before parsing
inline constexpr int kMaxItemDepth = 8;      // nested item levels
inline constexpr std::size_t kMaxItems = 2000;

LoadResult load_questionnaire_file(const std::filesystem::path& file);
LoadResult load_questionnaire_json(const std::string& json_text, const std::string& file_label);

// "file:linkId: message" (or "file: message" when link_id is empty).
std::string format_problem(const Problem&);

}  // namespace kiosk::questionnaire
