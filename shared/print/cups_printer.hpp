// Printing through CUPS (libcups): find the kiosk's printer, send it a PDF
// from memory, follow the job and say in one i18n key what went wrong.
// Every call talks to cupsd (a socket, sometimes the network): call them on
// the device service thread, never in a frame. libcups finds the server as
// every CUPS tool does (CUPS_SERVER, ~/.cups/client.conf, /run/cups/cups.sock).
#pragma once

#include <string>

#include "core/result.hpp"

namespace kiosk::print {

struct Printer {
    std::string name;
    // "" = it takes jobs now; else the i18n key of what is wrong
    // (print.stopped, print.jam, print.paper).
    std::string problem;
};

// The printer named `wanted` (staff's device setting "printer"), or with ""
// CUPS's default destination. An error when there is none (or no cupsd):
// the kiosk then offers no print button.
Result<Printer> find_printer(const std::string& wanted);

// Sends one PDF (the bytes) as a job; the job id. Nothing is written on the
// kiosk's own disk.
Result<int> submit_pdf(const std::string& printer, const std::string& pdf, const std::string& title);

enum class JobState { Waiting, Printed, Failed };
struct JobCheck {
    JobState state = JobState::Waiting;
    std::string problem;  // with Failed (or a Waiting job on a printer in trouble): an i18n key
};
// Where the job is now: printed, failed (aborted, cancelled, printer
// stopped, jammed, out of paper, gone), or still waiting.
JobCheck check_job(const std::string& printer, int job);

// A job that will not print now is taken back, so a later repair does not
// print one resident's result when another stands at the kiosk.
void cancel_job(const std::string& printer, int job);

// The i18n key for a printer's state (IPP printer-state 3/4/5) and its
// printer-state-reasons ("media-jam-error,paused"); "" when it can print.
std::string problem_key(int printer_state, const std::string& reasons, bool accepting);

}  // namespace kiosk::print
