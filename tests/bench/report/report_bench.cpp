// report_bench: `kioskctl export` and `kioskctl report` on demo databases of
// 10,000, 100,000 and 1,000,000 responses (kioskctl demo-data): median wall
// time, CPU time and peak RSS over --runs runs, and whether memory stays flat
// (streaming: peak RSS at 1M at most 1.5x that at 10k). The databases are made
// once into build/bench-report-data/<n>/ (a million sessions take minutes) and
// reused while their made.json says they were made with the same parameters;
// --fresh makes them again. Writes its rows into RESULTS.md between the
// report-bench markers (after kiosk_bench has written the rest).
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

extern char** environ;
namespace fs = std::filesystem;
using json = nlohmann::json;

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

// The machine's 1-minute load average: wall times on a shared machine depend on it.
std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string a;
    in >> a;
    return a.empty() ? "?" : a;
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

// The median of each figure over several runs of the same command.
Run median_of(const std::vector<Run>& runs) {
    Run m;
    std::vector<double> s, c, r;
    for (const auto& x : runs) s.push_back(x.seconds), c.push_back(x.cpu_s), r.push_back(x.rss_mb);
    m.code = 0;
    for (const auto& x : runs)
        if (x.code != 0) m.code = x.code;
    m.seconds = median(s);
    m.cpu_s = median(c);
    m.rss_mb = median(r);
    return m;
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
    bool fresh = false;
    int runs = 3, runs_1m = 1;  // a run at a million takes many minutes
    fs::path work = REPORT_BENCH_DIR;
    std::string ctl = KIOSKCTL_BIN;
    const int sites = 6, months = 24, seed = 1;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--out" && i + 1 < argc) out_file = argv[++i];
        else if (a == "--dir" && i + 1 < argc) work = argv[++i];
        else if (a == "--fresh") fresh = true;
        else if (a == "--kioskctl" && i + 1 < argc) ctl = argv[++i];
        else if (a == "--runs" && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
        else if (a == "--runs-1m" && i + 1 < argc) runs_1m = std::max(1, std::atoi(argv[++i]));
        else if (a == "--sizes" && i + 1 < argc) {
            sizes.clear();
            std::stringstream ss(argv[++i]);
            std::string x;
            while (std::getline(ss, x, ',')) sizes.push_back(std::stol(x));
        } else {
            std::cout << "usage: report_bench [--out RESULTS.md] [--sizes 10000,100000,1000000] [--runs 3] [--runs-1m 1] [--dir DIR] [--fresh] [--kioskctl BIN]\n"
                         "DIR (default " REPORT_BENCH_DIR ") keeps one demo database per size (DIR/<n>/: org, db.sqlite,\n"
                         "made.json) and reuses it; --fresh makes them again\n";
            return a == "--help" ? 0 : 2;
        }
    }
    fs::create_directories(work);
    struct Size {
        long n;
        Run demo, exp, rep;
        bool made_now = false;
        int runs = 1;
        std::uintmax_t db_bytes = 0;
    };
    std::vector<Size> done;
    for (long n : sizes) {
        const fs::path dir = work / std::to_string(n);
        Size s{n, {}, {}, {}};
        const json want = {{"responses", n}, {"sites", sites}, {"months", months}, {"seed", seed}};
        json made;
        if (std::ifstream in(dir / "made.json"); in) made = json::parse(in, nullptr, false);
        const bool have = !fresh && made.is_object() && made.value("params", json()) == want &&
                          fs::exists(dir / "db.sqlite") && fs::exists(dir / "org" / "results.sk");
        if (have) {
            s.demo.code = 0;
            s.demo.seconds = made.value("seconds", 0.0);
            s.demo.cpu_s = made.value("cpu_s", 0.0);
            s.demo.rss_mb = made.value("rss_mb", 0.0);
        } else {
            fs::remove_all(dir);
            fs::create_directories(dir);
            if (run({ctl, "org", "init", "--out", (dir / "org").string()}).code != 0) return 1;
            std::cerr << "report_bench: making the demo database of " << thousands(n) << " responses (once)\n";
            s.demo = run({ctl, "demo-data", "--db", (dir / "db.sqlite").string(), "--org", (dir / "org").string(),
                          "--responses", std::to_string(n), "--sites", std::to_string(sites), "--months",
                          std::to_string(months), "--seed", std::to_string(seed)});
            if (s.demo.code != 0) return std::cerr << "report_bench: demo-data failed\n", 1;
            s.made_now = true;
            std::ofstream(dir / "made.json") << json{{"params", want}, {"seconds", s.demo.seconds},
                                                     {"cpu_s", s.demo.cpu_s}, {"rss_mb", s.demo.rss_mb}}.dump(1) << "\n";
        }
        s.db_bytes = fs::file_size(dir / "db.sqlite");
        std::vector<Run> exps, reps;
        s.runs = n >= 1'000'000 ? std::min(runs, runs_1m) : runs;
        for (int k = 0; k < s.runs; ++k) {
            fs::remove_all(dir / "export");
            fs::remove_all(dir / "report");
            exps.push_back(run({ctl, "export", "--db", (dir / "db.sqlite").string(), "--key", (dir / "org").string(), "--out",
                                (dir / "export").string()}));
            reps.push_back(run({ctl, "report", "--db", (dir / "db.sqlite").string(), "--key", (dir / "org").string(), "--out",
                                (dir / "report").string()}));
            if (exps.back().code != 0 || reps.back().code != 0)
                return std::cerr << "report_bench: export or report failed\n", 1;
            std::cerr << "report_bench: " << n << " run " << k + 1 << "/" << s.runs << ": export " << fmt(exps.back().seconds)
                      << " s (CPU " << fmt(exps.back().cpu_s) << " s) / " << fmt(exps.back().rss_mb) << " MB, report "
                      << fmt(reps.back().seconds) << " s (CPU " << fmt(reps.back().cpu_s) << " s) / "
                      << fmt(reps.back().rss_mb) << " MB\n";
        }
        fs::remove_all(dir / "export");  // the export of a million is gigabytes; the report is kept to look at
        s.exp = median_of(exps);
        s.rep = median_of(reps);
        std::cerr << "report_bench: " << n << ": demo-data " << fmt(s.demo.seconds) << " s (CPU " << fmt(s.demo.cpu_s)
                  << " s)" << (s.made_now ? "" : " (made earlier)") << ", db " << s.db_bytes / (1024 * 1024) << " MB\n";
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
        for (const auto& s : done) {
            if (s.n == 100'000) continue;
            md << "| export / report, " << thousands(s.n) << " responses (wall / CPU) | " << fmt(s.exp.seconds) << " s / "
               << fmt(s.exp.cpu_s) << " s; " << fmt(s.rep.seconds) << " s / " << fmt(s.rep.cpu_s) << " s | - | |\n";
        }
    }
    for (const auto& s : done)
        md << "| demo-data, " << thousands(s.n) << " responses, made once (wall / CPU / peak RSS) | " << fmt(s.demo.seconds)
           << " s / " << fmt(s.demo.cpu_s) << " s / " << fmt(s.demo.rss_mb) << " MB | - | |\n";
    md << "\nMedians over runs per size (";
    for (const auto& s : done) md << thousands(s.n) << ": " << s.runs << (&s == &done.back() ? "" : ", ");
    md << ") on " << std::thread::hardware_concurrency() << " cores, load average " << load_average() << " at the end. Demo databases by `kioskctl demo-data` (" << sites << " sites, " << months << " months, seed " << seed
       << "): ";
    for (const auto& s : done) md << thousands(s.n) << " = " << s.db_bytes / (1024 * 1024) << " MB; ";
    md << "made once into `build/" << work.filename().string() << "/` and reused.\n";
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
    return 0;
}
