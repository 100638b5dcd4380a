// The layer rule (../shared/DESIGN.md): the core library never draws.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

TEST_CASE("shared/ never includes ImGui or SDL") {
    std::regex include_re(R"(#\s*include\s*[<"](imgui|SDL|backends/))");
    int files = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(KIOSK_SOURCE_DIR) + "/shared")) {
        if (!e.is_regular_file()) continue;
        std::ifstream in(e.path());
        std::string line;
        int n = 0;
        ++files;
        while (std::getline(in, line)) {
            ++n;
            INFO(e.path().string() << ":" << n << ": " << line);
            CHECK_FALSE(std::regex_search(line, include_re));
        }
    }
    CHECK(files > 5);
}
