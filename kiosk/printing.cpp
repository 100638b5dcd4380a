#include "printing.hpp"

#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "print/cups_printer.hpp"
#include "print/result_page.hpp"
#include "device/service.hpp"

namespace kiosk {

namespace {
// How often the worker asks CUPS about a job, and how long it waits for it.
constexpr auto kPoll = std::chrono::milliseconds(200);
constexpr auto kGiveUp = std::chrono::seconds(60);
}  // namespace

struct Printing::Shared {
    std::mutex mu;
    std::optional<bool> available;  // the latest probe's answer, not yet taken
    int status_visit = -1;          // the thanks visit `status` belongs to
    std::string status;             // i18n key, "" = nothing new
    std::atomic<bool> closing{false};
    std::function<void()> wake;

    void report_available(bool yes) {
        {
            std::lock_guard<std::mutex> lock(mu);
            available = yes;
        }
        if (wake) wake();
    }
    void report(int visit, std::string key) {
        {
            std::lock_guard<std::mutex> lock(mu);
            status_visit = visit;
            status = std::move(key);
        }
        if (wake) wake();
    }
};

namespace {

void log(const std::string& line) { std::cerr << "kiosk: print: " + line + "\n"; }

// One look at the job, on the worker; again a moment later (posted anew, so
// the worker's other small work goes in between) until it is printed, fails
// or takes too long.
void follow(std::shared_ptr<Printing::Shared> sh, DeviceService* store, std::string printer, int job, int visit,
            std::chrono::steady_clock::time_point give_up) {
    if (sh->closing) return;
    auto c = print::check_job(printer, job);
    if (c.state == print::JobState::Printed) {
        log("job " + std::to_string(job) + " on " + printer + " printed");
        return sh->report(visit, "print.done");
    }
    if (c.state == print::JobState::Failed || std::chrono::steady_clock::now() > give_up) {
        print::cancel_job(printer, job);  // not later, for whoever stands here then
        const std::string key = c.problem.empty() ? "print.stopped" : c.problem;
        log("job " + std::to_string(job) + " on " + printer + " did not print (" + key + "), cancelled");
        return sh->report(visit, key);
    }
    std::this_thread::sleep_for(kPoll);
    store->post([sh, store, printer, job, visit, give_up] { follow(sh, store, printer, job, visit, give_up); });
}

}  // namespace

Printing::Printing(DeviceService& store, std::function<void()> wake) : store_(store), sh_(std::make_shared<Shared>()) {
    sh_->wake = std::move(wake);
}

Printing::~Printing() { sh_->closing = true; }

bool Printing::update(KioskState& s) {
    bool changed = false;
    const Screen now = s.screen();
    // Whether a printer is set up: at start, and again between residents
    // (staff may have plugged one in or taken it away).
    if (!probed_ || (now == Screen::Welcome && last_screen_ != Screen::Welcome)) {
        probed_ = true;
        store_.post([sh = sh_, wanted = s.device_settings().printer] {
            auto p = print::find_printer(wanted);
            // Said once, and again only when it changes: the probe runs
            // between every two residents (this runs on the device service only).
            static std::string said;
            const std::string now_said = p ? std::string() : p.error().message + "; the thanks screen offers no print";
            if (now_said != said && !now_said.empty()) log(now_said);
            said = now_said;
            sh->report_available(static_cast<bool>(p));
        });
    }
    if (now != last_screen_ && last_screen_ == Screen::Thanks) ++visit_;
    last_screen_ = now;
    {
        std::lock_guard<std::mutex> lock(sh_->mu);
        if (sh_->available) {
            if (*sh_->available != s.printer_available()) changed = true;
            s.set_printer_available(*sh_->available);
            sh_->available.reset();
        }
        if (!sh_->status.empty()) {
            if (sh_->status_visit == visit_ && now == Screen::Thanks) {
                s.set_print_status(sh_->status);
                changed = true;
            }
            sh_->status.clear();
        }
    }
    if (!s.take_print_request() || now != Screen::Thanks) return changed;
    auto page = print::page_from(s);
    if (!page) return changed;
    s.set_print_status("print.printing");
    store_.post([sh = sh_, store = &store_, page = std::move(*page), wanted = s.device_settings().printer, visit = visit_] {
        auto p = print::find_printer(wanted);
        if (!p) {
            log(p.error().message);
            return sh->report(visit, "print.missing");
        }
        if (!p->problem.empty()) {
            log(p->name + " cannot print now (" + p->problem + ")");
            return sh->report(visit, p->problem);
        }
        auto pdf = print::render_pdf(page);
        if (!pdf) {
            log(pdf.error().message);
            return sh->report(visit, "print.stopped");
        }
        auto job = print::submit_pdf(p->name, *pdf, page.title);
        if (!job) {
            log(job.error().message);
            return sh->report(visit, "print.stopped");
        }
        log("job " + std::to_string(*job) + " sent to " + p->name + " (" + std::to_string(pdf->size()) + " bytes)");
        follow(sh, store, p->name, *job, visit, std::chrono::steady_clock::now() + kGiveUp);
    });
    return true;
}

}  // namespace kiosk
