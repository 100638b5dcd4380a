// CTest registers each Catch test by name through a CMake list, and CMake
// splits a list at ';': a test whose name has one is registered as two
// filters that match nothing, and ctest reports it passed without running it
// (the real-forms corpus test of issue 16 silently did not run for a while).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

TEST_CASE("no test name has a semicolon, so ctest runs every test it lists") {
    const std::regex name_re(R"re(TEST_CASE\s*\(\s*"([^"]*)")re");
    int names = 0;
    std::string bad;
    for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(KIOSK_SOURCE_DIR) + "/tests")) {
        if (!e.is_regular_file() || e.path().extension() != ".cpp") continue;
        std::ifstream in(e.path());
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string text = ss.str();
        for (std::sregex_iterator it(text.begin(), text.end(), name_re), end; it != end; ++it) {
            ++names;
            if ((*it)[1].str().find(';') != std::string::npos) bad += e.path().string() + ": " + (*it)[1].str() + "\n";
        }
    }
    INFO(bad);
    CHECK(names > 100);
    CHECK(bad.empty());
}
