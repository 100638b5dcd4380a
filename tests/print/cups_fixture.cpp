#include "cups_fixture.hpp"

#include <catch2/catch.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <thread>

extern char** environ;

namespace kiosk::test {

namespace fs = std::filesystem;

// Catch2 v2 has no REQUIRE_MESSAGE: say why, then require.
#define REQUIRE_MESSAGE(cond, msg) \
    do {                            \
        INFO(msg);                  \
        REQUIRE(cond);              \
    } while (false)

namespace {

bool wait_for(const std::function<bool()>& ok, int timeout_ms) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < until) {
        if (ok()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return ok();
}

}  // namespace

CupsServer::CupsServer(const TempDir& dir) {
    REQUIRE_MESSAGE(geteuid() == 0, "the print tests start a real cupsd, which must run as root (CI runs as root)");
    REQUIRE_MESSAGE(fs::exists("/usr/sbin/cupsd"), "cupsd is missing: provisioning/dev/deps.sh installs cups");
    REQUIRE_MESSAGE(fs::exists("/usr/lib/cups/backend/cups-pdf"),
                    "the cups-pdf backend is missing: provisioning/dev/deps.sh installs printer-driver-cups-pdf");
    root_ = dir / "cups";
    pdf_ = dir / "pdf";
    socket_ = root_ / "cups.sock";
    for (const char* sub : {"etc/ppd", "spool", "cache", "state", "log"}) fs::create_directories(root_ / sub);
    // Filters run as lp: they need the way down and a temp dir of their own.
    fs::create_directories(root_ / "tmp");
    fs::create_directories(pdf_);
    fs::permissions(root_ / "tmp", fs::perms::all | fs::perms::sticky_bit);
    fs::permissions(pdf_, fs::perms::all | fs::perms::sticky_bit);
    const std::string r = root_.string();
    write_file(root_ / "etc/cups-files.conf",
               "ServerRoot " + r + "/etc\nRequestRoot " + r + "/spool\nTempDir " + r + "/tmp\nCacheDir " + r +
                   "/cache\nStateDir " + r + "/state\nAccessLog " + r + "/log/access_log\nErrorLog " + r +
                   "/log/error_log\nPageLog " + r + "/log/page_log\nPrintcap " + r + "/printcap\nSystemGroup root\n");
    write_file(root_ / "etc/cupsd.conf",
               "Listen " + socket_.string() +
                   "\nLogLevel info\nBrowsing No\nWebInterface No\nDefaultAuthType None\n"
                   // No copy of a page stays in the spool after its job ends (a kiosk's own cupsd
                   // should say the same); the history (job number, state, title) stays: the kiosk reads
                   // a job's end from it.
                   "PreserveJobFiles No\n"
                   "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
                   "<Policy default>\n  <Limit All>\n    Order deny,allow\n    Allow all\n  </Limit>\n</Policy>\n");
    uri_name_ = "kiosk-test-" + std::to_string(getpid()) + "-" + dir.path().filename().string();
    pdf_conf_ = fs::path("/etc/cups") / ("cups-pdf-" + uri_name_ + ".conf");
    write_file(pdf_conf_, "Out " + pdf_.string() + "\nAnonDirName " + pdf_.string() + "\nLabel 0\n");

    std::vector<std::string> args{"/usr/sbin/cupsd", "-f", "-c", (root_ / "etc/cupsd.conf").string(), "-s",
                                  (root_ / "etc/cups-files.conf").string()};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    const std::string out = (root_ / "log/cupsd.out").string();
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    int rc = posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    REQUIRE_MESSAGE(rc == 0, "cupsd could not be started: " << std::strerror(rc));
    setenv("CUPS_SERVER", socket_.c_str(), 1);
    const bool up = wait_for([&] {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return true;  // it ended: reported below
        }
        return fs::exists(socket_) && tool("/usr/bin/lpstat", {"-r"}).out.find("is running") != std::string::npos;
    }, 10000);
    INFO("cupsd's output and log:\n" << read_file(out) << log_tail());
    REQUIRE_MESSAGE(pid_ > 0, "cupsd exited at start");
    REQUIRE_MESSAGE(up, "cupsd did not answer on " << socket_ << " within 10 s");
}

CupsServer::~CupsServer() {
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        int status = 0;
        for (int i = 0; i < 100 && waitpid(pid_, &status, WNOHANG) == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (waitpid(pid_, &status, WNOHANG) == 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, &status, 0);
        }
    }
    std::error_code ec;
    fs::remove(pdf_conf_, ec);
    unsetenv("CUPS_SERVER");
}

RunResult CupsServer::tool(const std::string& program, const std::vector<std::string>& args) const {
    return run(program, args, {"CUPS_SERVER=" + socket_.string()});
}

void CupsServer::add_pdf_printer(const std::string& name) {
    // The poppler renderer keeps the page's text as text on the way through
    // PostScript (cups-filters' default, Ghostscript, turns it into outlines
    // here, and pdftotext would find nothing).
    auto r = tool("/usr/sbin/lpadmin", {"-p", name, "-E", "-v", "cups-pdf:/" + uri_name_, "-P",
                                       "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd", "-o",
                                       "pdftops-renderer-default=pdftops"});
    INFO(r.err << log_tail());
    REQUIRE(r.exit_code == 0);
    r = tool("/usr/sbin/lpadmin", {"-d", name});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
}

std::string CupsServer::log_tail() const {
    std::error_code ec;
    if (!fs::exists(root_ / "log/error_log", ec)) return "(no error_log)";
    std::string log = read_file(root_ / "log/error_log");
    return log.size() > 4000 ? log.substr(log.size() - 4000) : log;
}

fs::path wait_for_pdf(const fs::path& dir, int timeout_ms) {
    fs::path found;
    wait_for([&] {
        std::error_code ec;
        for (const auto& e : fs::recursive_directory_iterator(dir, ec))
            if (e.is_regular_file() && e.path().extension() == ".pdf" && e.file_size() > 0) {
                // cups-pdf writes in place: done when pdfinfo reads it whole.
                if (run("/usr/bin/pdfinfo", {e.path().string()}).exit_code == 0) {
                    found = e.path();
                    return true;
                }
            }
        return false;
    }, timeout_ms);
    return found;
}

}  // namespace kiosk::test
