// kiosk_bench: the benchmarks behind the README's table (`make bench`).
// Each figure is a median over repeated runs of the real binaries, headless at
// 1280x800, on whatever machine runs it; the table names that machine.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace fs = std::filesystem;

namespace {

std::int64_t monotonic_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    std::size_t i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}
double median(const std::vector<double>& v) { return percentile(v, 0.5); }

pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env = {},
            bool quiet = true) {
    std::vector<char*> a;
    std::vector<std::string> copy = argv;
    for (auto& s : copy) a.push_back(s.data());
    a.push_back(nullptr);
    std::vector<std::string> envs;
    for (char** e = environ; *e; ++e) envs.emplace_back(*e);
    envs.insert(envs.end(), extra_env.begin(), extra_env.end());
    std::vector<char*> envp;
    for (auto& e : envs) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (quiet) {
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    }
    pid_t pid = -1;
    if (posix_spawn(&pid, a[0], &fa, nullptr, a.data(), envp.data()) != 0) pid = -1;
    posix_spawn_file_actions_destroy(&fa);
    return pid;
}

struct Exit {
    int code = -1;
    long max_rss_kb = 0;
};

Exit wait_child(pid_t pid) {
    int status = 0;
    rusage ru{};
    wait4(pid, &status, 0, &ru);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), ru.ru_maxrss};
}

double cpu_seconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto close = s.rfind(')');
    if (close == std::string::npos) return -1;
    std::istringstream rest(s.substr(close + 2));
    std::vector<std::string> f;
    std::string x;
    while (rest >> x) f.push_back(x);
    // Fields after the name start at "state" (field 3); utime is 14, stime 15.
    double ticks = std::stod(f[11]) + std::stod(f[12]);
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::string machine() {
    std::ifstream in("/proc/cpuinfo");
    std::string line, model = "unknown CPU";
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) {
            model = line.substr(line.find(':') + 2);
            break;
        }
    return model + ", " + std::to_string(std::thread::hardware_concurrency()) + " cores";
}

struct Row {
    std::string what, figure, bar;
    bool ok;
};

std::string fmt(double v, int prec = 1) {
    char b[64];
    std::snprintf(b, sizeof b, "%.*f", prec, v);
    return b;
}

}  // namespace

int main(int argc, char** argv) {
    std::string out_file;
    int runs = 15;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--out" && i + 1 < argc) out_file = argv[++i];
        else if (a == "--runs" && i + 1 < argc) runs = std::max(3, std::atoi(argv[++i]));
        else if (a == "--help") {
            std::cout << "usage: kiosk_bench [--out FILE.md] [--runs N]\n";
            return 0;
        } else {
            std::cerr << "kiosk_bench: unknown option " << a << "\n";
            return 2;
        }
    }
    fs::path tmp = fs::temp_directory_path() / ("kiosk-bench-" + std::to_string(getpid()));
    fs::create_directories(tmp);
    std::ofstream(tmp / "quit.txt") << "quit\n";
    const std::string kiosk = KIOSK_BIN;
    const std::string data = (tmp / "data").string();
    std::vector<Row> rows;

    // 1. Process start to first frame presented, and peak RSS, over `runs` runs
    //    of a script that is just `quit`.
    std::vector<double> first_ms, rss_mb;
    for (int i = 0; i < runs; ++i) {
        std::string stats = (tmp / "stats.json").string();
        std::int64_t t0 = monotonic_ns();
        pid_t pid = spawn({kiosk, "--headless", "--size", "1280x800", "--data-dir", data, "--script",
                           (tmp / "quit.txt").string(), "--stats", stats});
        Exit e = wait_child(pid);
        if (e.code != 0) {
            std::cerr << "kiosk_bench: kiosk exited " << e.code << "\n";
            return 1;
        }
        auto j = nlohmann::json::parse(std::ifstream(stats));
        first_ms.push_back(static_cast<double>(j["first_frame_monotonic_ns"].get<std::int64_t>() - t0) / 1e6);
        rss_mb.push_back(static_cast<double>(e.max_rss_kb) / 1024.0);
    }
    rows.push_back({"process start to first frame (headless 1280x800), median / p95",
                    fmt(median(first_ms)) + " / " + fmt(percentile(first_ms, 0.95)) + " ms", "≤ 120 ms median",
                    median(first_ms) <= 120});

    // 2. CPU per frame on the welcome screen: 300 frames, three runs.
    std::vector<double> frame_medians;
    for (int i = 0; i < 3; ++i) {
        std::string stats = (tmp / "frames.json").string();
        pid_t pid = spawn({kiosk, "--headless", "--size", "1280x800", "--data-dir", data, "--script",
                           (tmp / "quit.txt").string(), "--stats", stats, "--bench-frames", "300"});
        Exit e = wait_child(pid);
        if (e.code != 0) return 1;
        auto j = nlohmann::json::parse(std::ifstream(stats));
        frame_medians.push_back(median(j["frame_cpu_ms"].get<std::vector<double>>()));
        rss_mb.push_back(static_cast<double>(e.max_rss_kb) / 1024.0);
    }
    rows.push_back({"CPU per frame, welcome screen (headless 1280x800), median", fmt(median(frame_medians), 2) + " ms",
                    "≤ 4 ms", median(frame_medians) <= 4});

    // 3. Idle CPU over 10 s on the welcome screen: headless, and in a real
    //    window under Xvfb when it is installed.
    double window_rss = 0;
    auto idle = [&](const std::vector<std::string>& args, const std::vector<std::string>& env, double* rss) -> double {
        pid_t pid = spawn(args, env);
        std::this_thread::sleep_for(std::chrono::seconds(1));
        double c0 = cpu_seconds(pid);
        std::this_thread::sleep_for(std::chrono::seconds(10));
        double c1 = cpu_seconds(pid);
        kill(pid, SIGTERM);
        Exit e = wait_child(pid);
        *rss = static_cast<double>(e.max_rss_kb) / 1024.0;
        return (c1 - c0) / 10.0 * 100.0;
    };
    double headless_rss = 0;
    double idle_headless = idle({kiosk, "--headless", "--size", "1280x800", "--data-dir", data}, {}, &headless_rss);
    rss_mb.push_back(headless_rss);
    rows.push_back({"idle CPU on the welcome screen, headless, 10 s", fmt(idle_headless, 2) + " % of one core", "≤ 1 %",
                    idle_headless <= 1});
    if (fs::exists("/usr/bin/Xvfb")) {
        pid_t x = spawn({"/usr/bin/Xvfb", ":97", "-screen", "0", "1280x800x24", "-nolisten", "tcp"});
        std::this_thread::sleep_for(std::chrono::milliseconds(800));
        double idle_x = idle({kiosk, "--windowed", "--size", "1280x800", "--data-dir", data}, {"DISPLAY=:97"}, &window_rss);
        kill(x, SIGTERM);
        wait_child(x);
        rows.push_back({"idle CPU on the welcome screen, window under Xvfb, 10 s", fmt(idle_x, 2) + " % of one core",
                        "≤ 1 %", idle_x <= 1});
    }

    double peak = *std::max_element(rss_mb.begin(), rss_mb.end());
    rows.push_back({"peak RSS, headless (largest over all headless runs)", fmt(peak) + " MB", "≤ 80 MB", peak <= 80});
    if (window_rss > 0)
        rows.push_back({"peak RSS, window under Xvfb (Mesa's software OpenGL loaded by SDL)", fmt(window_rss) + " MB",
                        "≤ 80 MB", window_rss <= 80});

    std::ostringstream md;
    md << "Measured on " << machine() << ", " << runs << " start-up runs.\n\n";
    md << "| what | result | bar | |\n| --- | --- | --- | --- |\n";
    for (const auto& r : rows) md << "| " << r.what << " | " << r.figure << " | " << r.bar << " | " << (r.ok ? "ok" : "MISSED") << " |\n";
    std::cout << md.str();
    if (!out_file.empty()) std::ofstream(out_file) << "# Benchmark results\n\n" << md.str();
    fs::remove_all(tmp);
    return 0;
}
