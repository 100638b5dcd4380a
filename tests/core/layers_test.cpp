// The layer rule (../shared/DESIGN.md): the core library never draws.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

// Stricter than "no include": the issue's check is `grep -rE 'imgui|SDL' shared/`,
// so not even a comment may name them.
TEST_CASE("shared/ never mentions imgui or SDL so it cannot include them") {
    std::regex include_re(R"(imgui|SDL)");
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
