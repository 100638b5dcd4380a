// Crash safety: a child process finishes interviews in a loop and is killed
// with SIGKILL at random moments. Every finish it confirmed (it writes the uuid
// to a pipe only after finish() returned durable) must be on disk exactly once,
// and the database must pass integrity_check after every restart.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sqlite3.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "outbox_test_util.hpp"

using namespace kiosk;
using kiosk::test::TempDir;

namespace {

[[noreturn]] void child_loop(const std::filesystem::path& data_dir, int out_fd) {
    SystemClock clock;
    auto ob = Outbox::open(data_dir, clock);
    if (!ob) _exit(3);
    for (int i = 0;; ++i) {
        if (::write(out_fd, "B\n", 2) != 2) _exit(4);
        auto r = (*ob)->finish(test::response_with("crash-" + std::to_string(i)), test::sample_meta());
        if (!r || !r->durable) _exit(5);
        std::string line = r->uuid + "\n";
        if (::write(out_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(4);
    }
}

std::string read_all(int fd) {
    std::string s;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) s.append(buf, static_cast<std::size_t>(n));
    return s;
}

}  // namespace

TEST_CASE("crash: SIGKILL at random points over 500 finish-and-store cycles loses nothing and duplicates nothing",
          "[outbox][crash]") {
    TempDir tmp("crash");
    auto e = test::enroll_fresh(tmp.path());
    const auto db_path = e.data_dir / "outbox.sqlite";
    std::random_device rd;
    const unsigned seed = rd();
    INFO("random seed " << seed);
    std::mt19937 rng(seed);

    std::set<std::string> confirmed;
    std::size_t started = 0;
    int kills = 0;
    const auto t0 = std::chrono::steady_clock::now();
    double child_us = 0;  // time children ran, to estimate one finish
    while (confirmed.size() < 500 || kills < 100) {
        REQUIRE(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(150));
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::close(fds[0]);
            child_loop(e.data_dir, fds[1]);
        }
        ::close(fds[1]);
        // Random moment: wait for a random number (0-5) of confirmed finishes, so kills land in
        // start-up, in sealing, inside commits and between them, and the test always makes
        // progress however slow the disk is today.
        const int want = std::uniform_int_distribution<int>(0, 5)(rng);
        std::string out;
        auto count_confirmed = [&] {  // complete uuid lines so far
            int n = 0;
            std::size_t start = 0, nl;
            while ((nl = out.find('\n', start)) != std::string::npos) {
                n += nl - start == 36;
                start = nl + 1;
            }
            return n;
        };
        const auto wait_start = std::chrono::steady_clock::now();
        while (count_confirmed() < want && std::chrono::steady_clock::now() - wait_start < std::chrono::seconds(10)) {
            pollfd p{fds[0], POLLIN, 0};
            if (::poll(&p, 1, 100) > 0) {
                char buf[4096];
                ssize_t n = ::read(fds[0], buf, sizeof buf);
                if (n <= 0) break;  // child died on its own: caught below
                out.append(buf, static_cast<std::size_t>(n));
            }
        }
        // Then up to about two finishes' worth of time more (measured so far), so the kill lands
        // inside the next finish or two whether the disk syncs in 0.1 ms or 15 ms.
        const int finish_us = confirmed.empty() ? 5000 : static_cast<int>(child_us / static_cast<double>(confirmed.size()));
        std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, 2 * finish_us)(rng)));
        ::kill(pid, SIGKILL);
        child_us += std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - wait_start).count();
        int status = 0;
        ::waitpid(pid, &status, 0);
        out += read_all(fds[0]);
        ::close(fds[0]);
        REQUIRE(WIFSIGNALED(status));  // it did not stop on its own (an error exit would be a bug)
        ++kills;
        std::istringstream lines(out);
        std::string line;
        while (std::getline(lines, line)) {
            if (line == "B") ++started;
            else if (line.size() == 36) confirmed.insert(line);  // a partial last line is not a confirmation
        }

        // Restart: integrity_check straight on the file, before anything could repair it.
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(st) == SQLITE_ROW);
        std::string integrity = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        REQUIRE(integrity == "ok");
        std::map<std::string, int> present;
        if (sqlite3_prepare_v2(db, "SELECT uuid FROM envelopes", -1, &st, nullptr) == SQLITE_OK) {
            while (sqlite3_step(st) == SQLITE_ROW) ++present[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))];
            sqlite3_finalize(st);
        }
        sqlite3_close(db);
        std::size_t missing = 0, duplicated = 0;
        for (const auto& u : confirmed)
            if (present[u] != 1) ++(present[u] == 0 ? missing : duplicated);
        REQUIRE(missing == 0);
        REQUIRE(duplicated == 0);
        std::size_t rows = 0;
        for (const auto& [u, n] : present) rows += static_cast<std::size_t>(n);
        REQUIRE(rows <= started);  // no envelope appears that no finish started

        // And the app itself opens it without calling it corrupt.
        SystemClock clock;
        auto ob = Outbox::open(e.data_dir, clock);
        REQUIRE(ob.ok());
        for (const auto& n : (*ob)->notices()) CHECK(n.message.find("corrupt") == std::string::npos);
    }
    CHECK(kills >= 100);
    WARN("crash test: " << kills << " kills, " << confirmed.size() << " confirmed finishes, " << started
                        << " started");
}
