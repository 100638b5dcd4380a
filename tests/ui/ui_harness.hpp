// Runs the kiosk headless with a script and reads back what it showed.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "test_support.hpp"

namespace kiosk::test {

struct KioskRun {
    RunResult result;
    std::filesystem::path dir;  // where the script's files went
};

// run_kiosk_script(): tests/support/test_support.hpp (the one way to run the kiosk).

nlohmann::json read_json(const std::filesystem::path& p);

// shipped_questionnaires() with their translations merged
// (assets/translations/<lang>/), as the kiosk loads them; throws naming a
// refused translation file.
std::vector<questionnaire::Questionnaire> shipped_questionnaires_translated();

// Widget with this id in a dump, or nullptr.
const nlohmann::json* find_widget(const nlohmann::json& dump, const std::string& id);

// Checks one dump-ui against the accessibility bars: every interactive
// target at least 64 px in both directions and inside the screen width, at
// least 8 px from its neighbours (when both are on screen), text contrast at
// least `text_bar` for every text run and label. Content may scroll, so
// vertical position is not checked.
// min_px: the smallest allowed target side (64 px, or more for 9 mm at a DPI).
void check_targets_and_contrast(const nlohmann::json& ui, double text_bar, double min_px = 64);

}  // namespace kiosk::test
