#include "staff_support.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace kiosk::test {

namespace fs = std::filesystem;

void set_staff_pin(const fs::path& data) {
    auto r = run(KIOSK_BIN, {"set-pin", "--data-dir", data.string()}, {}, std::string(kPin) + "\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
}

RunResult run_script(const TempDir& dir, const fs::path& data, const std::string& name, const std::string& script) {
    KioskRunOptions o;
    o.data = data;
    o.lang = "en";
    o.script_name = name;
    return run_kiosk_script(dir, script, o);
}

std::string enter_pin(const std::string& pin) {
    std::string s = "hold staff.corner 3s\nexpect-screen pin\n";
    for (char c : pin) s += std::string("tap pin.") + c + "\n";
    return s + "tap pin.ok\n";
}

std::string short_answers(int from, int to) {
    static const std::vector<std::string> a{"answer.7", "answer.8", "answer.6", "answer.2", "answer.3", "answer.1",
                                            "answer.9", "skip",     "answer.4", "answer.7", "answer.8", "answer.6",
                                            "answer.3", "answer.7", "answer.8", "answer.9", "answer.6"};
    std::string s;
    for (int i = from; i < to; ++i) s += "tap " + a[static_cast<std::size_t>(i)] + "\n";
    return s;
}

std::string short_ending() {
    return "expect-screen review\ntap review.done\nexpect-screen result\ntap next\ntap talk.no\ntap next\n"
           "expect-screen thanks\n";
}

std::vector<std::string> files_containing(const fs::path& dir, const std::vector<std::string>& markers) {
    std::vector<std::string> hits;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file()) continue;
        std::ifstream in(e.path(), std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        std::string bytes = ss.str();
        for (const auto& m : markers)
            if (bytes.find(m) != std::string::npos) hits.push_back(e.path().string() + ": " + m);
    }
    return hits;
}

std::vector<nlohmann::json> exported_responses(const fs::path& export_dir) {
    std::vector<nlohmann::json> out;
    for (const auto& e : fs::directory_iterator(export_dir)) {
        if (e.path().extension() != ".ndjson") continue;
        std::ifstream in(e.path());
        std::string line;
        while (std::getline(in, line))
            if (!line.empty()) out.push_back(nlohmann::json::parse(line));
    }
    return out;
}

}  // namespace kiosk::test
