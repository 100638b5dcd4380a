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

// Writes `script` to a file in dir and runs
// `kiosk --headless --size WxH --data-dir dir/data --script ... --shots-dir dir` plus extra args.
RunResult run_kiosk_script(const TempDir& dir, const std::string& script, const std::string& size = "1280x800",
                           const std::vector<std::string>& extra = {});

nlohmann::json read_json(const std::filesystem::path& p);

// Widget with this id in a dump, or nullptr.
const nlohmann::json* find_widget(const nlohmann::json& dump, const std::string& id);

}  // namespace kiosk::test
