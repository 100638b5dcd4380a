// The layer rule (../shared/DESIGN.md): the core library never draws.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

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

namespace {
std::string command_output(const std::string& cmd) {
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        char buf[4096];
        while (std::size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
        pclose(p);
    }
    return out;
}
}  // namespace

// The endpoint's store, ingest rules and export (which opens envelopes with the
// organisation's key) belong to the server side: a stolen kiosk binary must not
// carry them, and the device library must not reach them.
TEST_CASE("the kiosk binary holds no endpoint or export code") {
    const std::string symbols = command_output("nm -C " + std::string(KIOSK_BIN) + " 2>/dev/null");
    REQUIRE(symbols.find("kiosk::") != std::string::npos);  // nm worked and the binary has our symbols
    CHECK(symbols.find("kiosk::endpoint::") == std::string::npos);
    const std::string ctl = command_output("nm -C " + std::string(KIOSKCTL_BIN) + " 2>/dev/null");
    CHECK(ctl.find("kiosk::endpoint::export_all") != std::string::npos);  // the check above can fail
    // Nor the PostgreSQL client the endpoint's store uses (issue 20).
    const std::string needed = command_output("readelf -d " + std::string(KIOSK_BIN) + " 2>/dev/null");
    REQUIRE(needed.find("(NEEDED)") != std::string::npos);
    CHECK(needed.find("libpq") == std::string::npos);
    CHECK(command_output("readelf -d " + std::string(KIOSKCTL_BIN) + " 2>/dev/null").find("libpq") != std::string::npos);
}

TEST_CASE("shared/ never includes the endpoint's headers") {
    std::regex endpoint_re(R"(#\s*include\s*["<]endpoint/)");
    for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(KIOSK_SOURCE_DIR) + "/shared")) {
        if (!e.is_regular_file()) continue;
        std::ifstream in(e.path());
        std::string line;
        while (std::getline(in, line)) {
            INFO(e.path().string() << ": " << line);
            CHECK_FALSE(std::regex_search(line, endpoint_re));
        }
    }
}

TEST_CASE("kioskctl --help lists operator commands only, and benchmarks and the icon generator are in kioskdev") {
    const std::string ctl = command_output(std::string(KIOSKCTL_BIN) + " --help");
    REQUIRE(ctl.find("serve") != std::string::npos);
    for (const char* dev : {"bench-", "make-icons"}) {
        INFO(dev);
        CHECK(ctl.find(dev) == std::string::npos);
    }
    const std::string dev = command_output(std::string(KIOSKDEV_BIN) + " --help");
    for (const char* c : {"bench-finish", "bench-drain", "bench-ingest", "bench-tts", "make-icons"}) {
        INFO(c);
        CHECK(dev.find(c) != std::string::npos);
    }
}
