#include "test_support.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "questionnaire/loader.hpp"

extern char** environ;

namespace kiosk::test {

TempDir::TempDir(const std::string& hint) {
    static std::atomic<int> counter{0};
    std::random_device rd;
    path_ = std::filesystem::path(KIOSK_TEST_TMP_DIR) /
            (hint + "-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + "-" +
             std::to_string(rd() % 100000));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

static std::string drain(int fd) {
    std::string s;
    char buf[8192];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) s.append(buf, static_cast<std::size_t>(n));
        else if (n == 0) break;
        else if (errno != EINTR) break;
    }
    return s;
}

RunResult run(const std::string& program, const std::vector<std::string>& args,
              const std::vector<std::string>& env, const std::string& stdin_text) {
    int out_pipe[2], err_pipe[2], in_pipe[2];
    if (pipe(out_pipe) || pipe(err_pipe) || pipe(in_pipe)) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in_pipe[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1], in_pipe[0], in_pipe[1]})
        posix_spawn_file_actions_addclose(&fa, fd);

    std::vector<std::string> all{program};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);

    std::vector<std::string> envs;
    for (char** e = environ; *e; ++e) envs.emplace_back(*e);
    envs.insert(envs.end(), env.begin(), env.end());
    std::vector<char*> envp;
    for (auto& e : envs) envp.push_back(e.data());
    envp.push_back(nullptr);

    pid_t pid = 0;
    int rc = posix_spawn(&pid, program.c_str(), &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    close(out_pipe[1]);
    close(err_pipe[1]);
    close(in_pipe[0]);
    if (rc != 0) {
        close(out_pipe[0]);
        close(err_pipe[0]);
        close(in_pipe[1]);
        throw std::runtime_error("cannot start " + program + ": " + std::strerror(rc));
    }
    std::thread writer([&] {
        std::size_t off = 0;
        while (off < stdin_text.size()) {
            ssize_t n = ::write(in_pipe[1], stdin_text.data() + off, stdin_text.size() - off);
            if (n <= 0) break;
            off += static_cast<std::size_t>(n);
        }
        close(in_pipe[1]);
    });
    RunResult r;
    std::thread err_reader([&] { r.err = drain(err_pipe[0]); });
    r.out = drain(out_pipe[0]);
    err_reader.join();
    writer.join();
    close(out_pipe[0]);
    close(err_pipe[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + p.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_file(const std::filesystem::path& p, const std::string& content) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + p.string());
}

std::vector<questionnaire::Questionnaire> shipped_questionnaires() {
    std::vector<questionnaire::Questionnaire> out;
    for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(KIOSK_SOURCE_DIR) / "assets/questionnaires")) {
        if (e.path().extension() != ".json") continue;
        auto r = questionnaire::load_questionnaire_file(e.path());
        if (!r.questionnaire || !r.problems.empty())
            throw std::runtime_error("shipped questionnaire does not load cleanly: " + e.path().string());
        out.push_back(std::move(*r.questionnaire));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return out;
}

std::vector<std::string> kiosk_script_args(const TempDir& dir, const std::string& script, const KioskRunOptions& o) {
    const auto script_path = dir / (o.script_name + ".txt");
    write_file(script_path, script);
    std::vector<std::string> args{"--headless", "--size", o.size, "--data-dir",
                                  (o.data.empty() ? dir / "data" : o.data).string(), "--script", script_path.string(),
                                  "--shots-dir", dir.path().string()};
    if (!o.lang.empty()) args.insert(args.end(), {"--lang", o.lang});
    args.insert(args.end(), o.extra.begin(), o.extra.end());
    return args;
}

RunResult run_kiosk_script(const TempDir& dir, const std::string& script, const KioskRunOptions& o) {
    return run(KIOSK_BIN, kiosk_script_args(dir, script, o), o.env);
}

RunResult run_kiosk_script(const TempDir& dir, const std::string& script, const std::string& size,
                           const std::vector<std::string>& extra) {
    KioskRunOptions o;
    o.size = size;
    o.extra = extra;
    return run_kiosk_script(dir, script, o);
}

}  // namespace kiosk::test
