// The two independent FHIR R4 validators from npm (@medplum/core and
// lantanagroup's `fhir`, pinned in tests/fhir/package-lock.json and installed
// into the build tree with `npm ci`, once per build tree under a file lock):
// shared by the test programs that check our responses (fhir, xlsform).
#pragma once

#include <sys/file.h>
#include <unistd.h>

#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "test_support.hpp"

namespace kiosk::test {

inline std::string find_program(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::stringstream ss(path ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(ss, dir, ':')) {
        std::filesystem::path p = std::filesystem::path(dir) / name;
        if (!dir.empty() && ::access(p.c_str(), X_OK) == 0) return p.string();
    }
    return {};
}

// Installs the validators once per build tree (several test processes may
// start at the same time, so the install is done under a file lock).
inline const std::filesystem::path& validator_dir() {
    namespace fs = std::filesystem;
    static const fs::path dir = [] {
        const fs::path source = fs::path(KIOSK_SOURCE_DIR) / "tests" / "fhir";
        fs::path d = fs::path(KIOSK_TEST_TMP_DIR).parent_path() / "fhir-validator";
        fs::create_directories(d);
        int lock = ::open((d / ".lock").c_str(), O_CREAT | O_RDWR, 0644);
        REQUIRE(lock >= 0);
        ::flock(lock, LOCK_EX);
        const std::string want_lock = read_file(source / "package-lock.json");
        const bool installed = fs::exists(d / "package-lock.json") && read_file(d / "package-lock.json") == want_lock &&
                               fs::exists(d / "node_modules" / "@medplum" / "core") && fs::exists(d / "node_modules" / "fhir");
        if (!installed) {
            fs::copy_file(source / "package.json", d / "package.json", fs::copy_options::overwrite_existing);
            fs::copy_file(source / "package-lock.json", d / "package-lock.json", fs::copy_options::overwrite_existing);
            const std::string npm = find_program("npm");
            REQUIRE_FALSE(npm.empty());
            auto r = run(npm, {"ci", "--prefix", d.string(), "--no-audit", "--no-fund", "--loglevel=error"});
            INFO(r.out << r.err);
            if (r.exit_code != 0) fs::remove(d / "package-lock.json");  // try again next time
            REQUIRE(r.exit_code == 0);
        }
        fs::copy_file(source / "validate.mjs", d / "validate.mjs", fs::copy_options::overwrite_existing);
        ::flock(lock, LOCK_UN);
        ::close(lock);
        return d;
    }();
    return dir;
}

// node validate.mjs FILE...: one line per file ("OK f" / "INVALID f: why"); exit 1 if any is invalid.
inline RunResult validate(const std::vector<std::string>& files) {
    const std::string node = find_program("node");
    REQUIRE_FALSE(node.empty());
    std::vector<std::string> args{(validator_dir() / "validate.mjs").string()};
    args.insert(args.end(), files.begin(), files.end());
    return run(node, args);
}

}  // namespace kiosk::test
