#include "print/cups_printer.hpp"

#include <cups/cups.h>

#include <cstdlib>
#include <cstring>

namespace kiosk::print {

namespace {

// The document's name, without a space: cupsd 2.4.2 (Debian 12) crashes
// (SIGSEGV) when it starts a job whose document-name has one; the job's
// title may (seen while writing the print test).
const char* const kDocumentName = "take-home-result.pdf";

std::string option(cups_dest_t* d, const char* name) {
    const char* v = cupsGetOption(name, d->num_options, d->options);
    return v ? v : "";
}

Printer describe(cups_dest_t* d) {
    Printer p;
    p.name = d->name;
    const std::string state = option(d, "printer-state");
    const std::string accepting = option(d, "printer-is-accepting-jobs");
    p.problem = problem_key(state.empty() ? 3 : std::atoi(state.c_str()), option(d, "printer-state-reasons"),
                            accepting != "false" && accepting != "0");
    return p;
}

}  // namespace

std::string problem_key(int printer_state, const std::string& reasons, bool accepting) {
    auto has = [&](const char* r) { return reasons.find(r) != std::string::npos; };
    // Errors first (a "-report" or "-warning" suffix is not a fault: jobs still print).
    auto error = [&](const char* r) { return has((std::string(r) + "-error").c_str()) || (printer_state == 5 && has(r)); };
    if (error("media-jam") || has("media-jam-error")) return "print.jam";
    if (error("media-empty") || error("media-needed") || has("media-empty-error") || has("media-needed-error"))
        return "print.paper";
    if (printer_state == 5 || !accepting || has("offline") || has("shutdown")) return "print.stopped";
    return "";
}

Result<Printer> find_printer(const std::string& wanted) {
    cups_dest_t* d = cupsGetNamedDest(CUPS_HTTP_DEFAULT, wanted.empty() ? nullptr : wanted.c_str(), nullptr);
    if (!d) {
        if (wanted.empty()) return make_error(std::string("no default printer (CUPS: ") + cupsLastErrorString() + ")");
        return make_error("no printer named " + wanted + " (CUPS: " + cupsLastErrorString() + ")");
    }
    Printer p = describe(d);
    cupsFreeDests(1, d);
    return p;
}

Result<int> submit_pdf(const std::string& printer, const std::string& pdf, const std::string& title) {
    int job = cupsCreateJob(CUPS_HTTP_DEFAULT, printer.c_str(), title.c_str(), 0, nullptr);
    if (job <= 0) return make_error(std::string("CUPS refused the job: ") + cupsLastErrorString());
    if (cupsStartDocument(CUPS_HTTP_DEFAULT, printer.c_str(), job, kDocumentName, CUPS_FORMAT_PDF, 1) != HTTP_STATUS_CONTINUE) {
        std::string why = cupsLastErrorString();
        cupsCancelJob2(CUPS_HTTP_DEFAULT, printer.c_str(), job, 0);
        return make_error("CUPS did not take the document: " + why);
    }
    if (cupsWriteRequestData(CUPS_HTTP_DEFAULT, pdf.data(), pdf.size()) != HTTP_STATUS_CONTINUE) {
        cupsFinishDocument(CUPS_HTTP_DEFAULT, printer.c_str());
        cupsCancelJob2(CUPS_HTTP_DEFAULT, printer.c_str(), job, 0);
        return make_error(std::string("sending the page to CUPS failed: ") + cupsLastErrorString());
    }
    if (cupsFinishDocument(CUPS_HTTP_DEFAULT, printer.c_str()) != IPP_STATUS_OK) {
        std::string why = cupsLastErrorString();
        cupsCancelJob2(CUPS_HTTP_DEFAULT, printer.c_str(), job, 0);
        return make_error("CUPS did not accept the page: " + why);
    }
    return job;
}

JobCheck check_job(const std::string& printer, int job) {
    JobCheck c;
    cups_job_t* jobs = nullptr;
    int n = cupsGetJobs2(CUPS_HTTP_DEFAULT, &jobs, printer.c_str(), 0, CUPS_WHICHJOBS_ALL);
    bool found = false;
    ipp_jstate_t state = IPP_JSTATE_PENDING;
    for (int i = 0; i < n; ++i)
        if (jobs[i].id == job) {
            found = true;
            state = jobs[i].state;
        }
    cupsFreeJobs(n, jobs);
    if (!found) {
        c.state = JobState::Failed;
        c.problem = "print.stopped";  // cupsd gone, or the job with it
        return c;
    }
    if (state == IPP_JSTATE_COMPLETED) {
        c.state = JobState::Printed;
        return c;
    }
    if (state == IPP_JSTATE_CANCELED || state == IPP_JSTATE_ABORTED) {
        c.state = JobState::Failed;
        c.problem = "print.stopped";
    }
    // Waiting, stopped or failed: what the printer says is the better reason.
    // A printer in trouble (stopped, jammed, out of paper) does not print
    // this job until staff act, and by then the resident has gone: failed.
    if (auto p = find_printer(printer); p && !p->problem.empty()) {
        c.state = JobState::Failed;
        c.problem = p->problem;
    } else if (!p) {
        c.state = JobState::Failed;
        c.problem = "print.stopped";
    } else if (state == IPP_JSTATE_STOPPED) {
        c.state = JobState::Failed;
        c.problem = "print.stopped";
    }
    return c;
}

void cancel_job(const std::string& printer, int job) { cupsCancelJob2(CUPS_HTTP_DEFAULT, printer.c_str(), job, 0); }

}  // namespace kiosk::print
