#include "ui_harness.hpp"

namespace kiosk::test {

RunResult run_kiosk_script(const TempDir& dir, const std::string& script, const std::string& size,
                           const std::vector<std::string>& extra) {
    auto script_path = dir / "script.txt";
    write_file(script_path, script);
    std::vector<std::string> args{"--headless", "--size", size, "--data-dir", (dir / "data").string(),
                                  "--script", script_path.string(), "--shots-dir", dir.path().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(KIOSK_BIN, args);
}

nlohmann::json read_json(const std::filesystem::path& p) { return nlohmann::json::parse(read_file(p)); }

const nlohmann::json* find_widget(const nlohmann::json& dump, const std::string& id) {
    for (const auto& w : dump["widgets"])
        if (w["id"] == id) return &w;
    return nullptr;
}

}  // namespace kiosk::test
