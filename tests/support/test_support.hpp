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

// The one way a test runs the kiosk with a script (issue 15): writes `script`
// to dir/<script_name>.txt and runs `kiosk --headless --size WxH --data-dir D
// --script F --shots-dir dir [--lang L] extra...` with `env` added.
struct KioskRunOptions {
    std::filesystem::path data;       // the device's data dir; empty: dir/data
    std::string lang;                 // starting language; empty: the kiosk's default (nl)
    std::string size = "1280x800";
    std::string script_name = "script";
    std::vector<std::string> extra;   // more kiosk arguments (--stats, --content, ...)
    std::vector<std::string> env;     // "NAME=value" added to the environment
};
// The kiosk's arguments for that run (for a test that must spawn it itself,
// to kill it mid-run); writes the script file too.
std::vector<std::string> kiosk_script_args(const TempDir& dir, const std::string& script, const KioskRunOptions& o);
RunResult run_kiosk_script(const TempDir& dir, const std::string& script, const KioskRunOptions& o);
// The common case: dir/data, the default language, at a size, with extra arguments.
RunResult run_kiosk_script(const TempDir& dir, const std::string& script, const std::string& size = "1280x800",
                           const std::vector<std::string>& extra = {});

// Every questionnaire in assets/questionnaires, loaded, sorted by id; throws
// (naming the file) if one does not load cleanly.
std::vector<questionnaire::Questionnaire> shipped_questionnaires();
void write_file(const std::filesystem::path& p, const std::string& content);

}  // namespace kiosk::test
