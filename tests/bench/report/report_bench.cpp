// report_bench: `kioskctl export` and `kioskctl report` on demo databases of
// 10,000, 100,000 and 1,000,000 responses (kioskctl demo-data): wall time and
// peak RSS of each run, and whether memory stays flat (streaming: peak RSS at
// 1M at most 1.5x that at 10k). Writes its rows into RESULTS.md between the
// report-bench markers (after kiosk_bench has written the rest).
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;
namespace fs = std::filesystem;

namespace {

struct Run {
    int code = -1;
    double seconds = 0;
    double cpu_s = 0;  // user + system: less dependent on what else the machine runs
    double rss_mb = 0;
};

Run run(const std::vector<std::string>& argv) {
    std::vector<std::string> copy = argv;
    std::vector<char*> a;
    for (auto& s : copy) a.push_back(s.data());
    a.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    auto t0 = std::chrono::steady_clock::now();
    pid_t pid = -1;
    Run r;
    if (posix_spawn(&pid, a[0], &fa, nullptr, a.data(), environ) != 0) return r;
    posix_spawn_file_actions_destroy(&fa);
    int status = 0;
    rusage ru{};
    wait4(pid, &status, 0, &ru);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.rss_mb = static_cast<double>(ru.ru_maxrss) / 1024.0;
    r.cpu_s = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
              static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    return r;
}

std::string fmt(double v, int prec = 1) {
    char b[64];
    std::snprintf(b, sizeof b, "%.*f", prec, v);
    return b;
}

std::string thousands(long n) {
    std::string s = std::to_string(n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<long> sizes = {10'000, 100'000, 1'000'000};
    std::string out_file;
    bool reuse = false;
    fs::path work = fs::temp_directory_path() / ("report-bench-" + std::to_string(getpid()));
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--out" && i + 1 < argc) out_file = argv[++i];
        else if (a == "--dir" && i + 1 < argc) work = argv[++i];
        else if (a == "--reuse") reuse = true;
        else if (a == "--sizes" && i + 1 < argc) {
            sizes.clear();
            std::stringstream ss(argv[++i]);
            std::string x;
            while (std::getline(ss, x, ',')) sizes.push_back(std::stol(x));
        } else {
            std::cout << "usage: report_bench [--out RESULTS.md] [--sizes 10000,100000,1000000] [--dir WORKDIR] [--reuse]\n"
                         "--reuse: keep WORKDIR/<n>/ (org + db.sqlite) from an earlier run instead of making it again\n";
            return a == "--help" ? 0 : 2;
        }
    }
    const std::string ctl = KIOSKCTL_BIN;
    fs::create_directories(work);
    struct Size {
        long n;
        Run demo, exp, rep;
        std::uintmax_t db_bytes = 0;
    };
    std::vector<Size> done;
    for (long n : sizes) {
        const fs::path dir = work / std::to_string(n);
        Size s{n, {}, {}, {}};
        const bool have = reuse && fs::exists(dir / "db.sqlite") && fs::exists(dir / "org" / "results.sk");
        if (!have) {
            fs::remove_all(dir);
            fs::create_directories(dir);
            if (run({ctl, "org", "init", "--out", (dir / "org").string()}).code != 0) return 1;
            s.demo = run({ctl, "demo-data", "--db", (dir / "db.sqlite").string(), "--org", (dir / "org").string(),
                          "--responses", std::to_string(n), "--sites", "6", "--months", "24", "--seed", "1"});
            if (s.demo.code != 0) return std::cerr << "report_bench: demo-data failed\n", 1;
        }
        fs::remove_all(dir / "export");
        fs::remove_all(dir / "report");
        s.db_bytes = fs::file_size(dir / "db.sqlite");
        s.exp = run({ctl, "export", "--db", (dir / "db.sqlite").string(), "--key", (dir / "org").string(), "--out",
                     (dir / "export").string()});
        s.rep = run({ctl, "report", "--db", (dir / "db.sqlite").string(), "--key", (dir / "org").string(), "--out",
                     (dir / "report").string()});
        if (s.exp.code != 0 || s.rep.code != 0) return std::cerr << "report_bench: export or report failed\n", 1;
        std::cerr << "report_bench: " << n << ": demo-data " << fmt(s.demo.seconds) << " s, export " << fmt(s.exp.seconds)
                  << " s (CPU " << fmt(s.exp.cpu_s) << " s) / " << fmt(s.exp.rss_mb) << " MB, report " << fmt(s.rep.seconds)
                  << " s (CPU " << fmt(s.rep.cpu_s) << " s) / " << fmt(s.rep.rss_mb)
                  << " MB, db " << s.db_bytes / (1024 * 1024) << " MB\n";
        if (!reuse) fs::remove_all(dir);  // a million envelopes take gigabytes
        else fs::remove_all(dir / "export");
        done.push_back(s);
    }
    std::ostringstream md;
    md << "| what | result | bar | |\n| --- | --- | --- | --- |\n";
    for (const auto& s : done) {
        if (s.n != 100'000 && done.size() > 1) continue;
        md << "| export, " << thousands(s.n) << " responses (wall / CPU / peak RSS) | " << fmt(s.exp.seconds) << " s / "
           << fmt(s.exp.cpu_s) << " s / " << fmt(s.exp.rss_mb) << " MB | ≤ 60 s | " << (s.exp.seconds <= 60 ? "ok" : "MISSED")
           << " |\n";
        md << "| report, " << thousands(s.n) << " responses (wall / CPU / peak RSS) | " << fmt(s.rep.seconds) << " s / "
           << fmt(s.rep.cpu_s) << " s / " << fmt(s.rep.rss_mb) << " MB | ≤ 60 s | " << (s.rep.seconds <= 60 ? "ok" : "MISSED")
           << " |\n";
    }
    if (done.size() > 1) {
        for (int which = 0; which < 2; ++which) {
            std::string what = which == 0 ? "export" : "report", figures, counts;
            for (const auto& s : done) {
                const Run& r = which == 0 ? s.exp : s.rep;
                figures += (figures.empty() ? "" : " / ") + fmt(r.rss_mb);
                counts += (counts.empty() ? "" : " vs ") + (s.n >= 1'000'000 ? std::to_string(s.n / 1'000'000) + "M"
                                                                                : std::to_string(s.n / 1000) + "k");
            }
            const double first = which == 0 ? done.front().exp.rss_mb : done.front().rep.rss_mb;
            const double last = which == 0 ? done.back().exp.rss_mb : done.back().rep.rss_mb;
            const double ratio = last / first;
            md << "| " << what << " peak RSS at " << counts << " responses | " << figures << " MB (" << fmt(ratio, 2)
               << "x) | ≤ 1.5x (streaming) | " << (ratio <= 1.5 ? "ok" : "MISSED") << " |\n";
        }
    }
    md << "\nDemo databases made by `kioskctl demo-data` (6 sites, 24 months, seed 1): ";
    for (const auto& s : done)
        md << thousands(s.n) << (s.demo.code == 0 ? " in " + fmt(s.demo.seconds, 0) + " s" : " (made earlier)") << " ("
           << s.db_bytes / (1024 * 1024) << " MB); ";
    md << "on " << std::thread::hardware_concurrency() << " cores.\n";
    std::cout << md.str();
    if (!out_file.empty()) {
        std::string old;
        {
            std::ifstream in(out_file);
            std::stringstream ss;
            ss << in.rdbuf();
            old = ss.str();
        }
        const std::string start = "<!-- report-bench:start -->", end = "<!-- report-bench:end -->";
        const std::string block = start + "\n\n## Export and report (report_bench)\n\n" + md.str() + "\n" + end;
        auto a = old.find(start), b = old.find(end);
        if (a != std::string::npos && b != std::string::npos) old.replace(a, b + end.size() - a, block);
        else old += "\n" + block + "\n";
        std::ofstream(out_file) << old;
    }
    if (!reuse) fs::remove_all(work);
    return 0;
}
