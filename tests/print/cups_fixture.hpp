// A real cupsd for one test: its own ServerRoot, spool, logs and a unix
// socket under the test's directory, started as root (cupsd drops to lp for
// filters), with a cups-pdf virtual printer that writes into the test's
// directory. CUPS_SERVER points libcups (ours and the kiosk's) at it.
//
// cups-pdf reads its settings from /etc/cups only (compiled in): for the
// device URI cups-pdf:/<name> it reads /etc/cups/cups-pdf-<name>.conf. The
// fixture writes that file with `Out <test dir>/pdf` under a name unique to
// the test and removes it again when the test ends.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

#include "test_support.hpp"

namespace kiosk::test {

class CupsServer {
public:
    // Starts cupsd under dir/cups and waits until it answers; REQUIREs
    // success (the reason, with cupsd's log, when it cannot start).
    explicit CupsServer(const TempDir& dir);
    ~CupsServer();  // stops cupsd, removes the cups-pdf conf, unsets CUPS_SERVER
    CupsServer(const CupsServer&) = delete;
    CupsServer& operator=(const CupsServer&) = delete;

    // Adds the cups-pdf printer `name` and makes it the default destination.
    void add_pdf_printer(const std::string& name);
    // Runs a CUPS tool (lpstat, cupsdisable, ...) against this server.
    RunResult tool(const std::string& program, const std::vector<std::string>& args) const;
    // Where cups-pdf writes the printed PDFs.
    const std::filesystem::path& pdf_dir() const { return pdf_; }
    const std::filesystem::path& socket() const { return socket_; }
    std::string log_tail() const;

private:
    std::filesystem::path root_, pdf_, socket_, pdf_conf_;
    std::string uri_name_;
    pid_t pid_ = -1;
};

// Waits (at most timeout_ms) for a *.pdf in dir that cups-pdf has finished; its path or "".
std::filesystem::path wait_for_pdf(const std::filesystem::path& dir, int timeout_ms);

}  // namespace kiosk::test
