// Helpers every test program shares: temporary directories that clean up,
// running our own binaries, reading files.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "questionnaire/model.hpp"

namespace kiosk::test {

// A fresh directory under the build tree's tests/tmp, removed on destruction.
class TempDir {
public:
    explicit TempDir(const std::string& hint = "t");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

struct RunResult {
    int exit_code = -1;
    std::string out;  // stdout
    std::string err;  // stderr
};

// Runs a program (no shell) with the given arguments and environment
// additions ("NAME=value"); captures stdout and stderr.
RunResult run(const std::string& program, const std::vector<std::string>& args,
              const std::vector<std::string>& env = {}, const std::string& stdin_text = "");

std::string read_file(const std::filesystem::path& p);

// Every questionnaire in assets/questionnaires, loaded, sorted by id; throws
// (naming the file) if one does not load cleanly.
std::vector<questionnaire::Questionnaire> shipped_questionnaires();
void write_file(const std::filesystem::path& p, const std::string& content);

}  // namespace kiosk::test
