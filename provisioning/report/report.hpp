// `kioskctl report`: what the organisation learns from the answers. From the
// facts (facts.hpp) it computes every figure once (report.json) and draws
// them into one self-contained HTML page (inline SVG, no script, no network,
// prints on A4), in Dutch or English. n is given everywhere, spread is shown
// (quartiles, not only means), no count of a small group is shown in any
// table or chart (small_cells.hpp), and each chart says in plain words what it
// does and does not show. Format and sections: provisioning/report/README.md.
#pragma once

#include <map>
#include <string>

#include "report/facts.hpp"

namespace kiosk::report {

inline constexpr const char* kReportSchema = "intake-kiosk-report/3";
// No count of fewer people than this (but more than none) is shown anywhere in
// the report; the rule and where it is applied: small_cells.hpp.
inline constexpr int kReportMinCell = 5;
// The page lists at most this many work-list entries (newest first); worklist.csv has all.
inline constexpr int kWorklistOnPage = 200;

struct ReportOptions {
    Period period;
    std::string lang = "nl";
    int min_cell = kReportMinCell;
};

// device id -> name, as the endpoint knows them.
using DeviceNames = std::map<std::string, std::string>;

Result<json> report_figures(const Facts& facts, const Catalogue& catalogue, const DeviceNames& devices,
                            const ReportOptions& options);
std::string report_html(const json& figures, const std::string& lang);
// Every work-list entry (the page shows the newest kWorklistOnPage).
Status write_worklist_csv(const Facts& facts, const std::filesystem::path& file);

// A few words in the page's language.
std::string tr(const std::string& key, const std::string& lang);
// Shared drawing helpers (also used by the benchmark comparison page).
std::string html_escape(const std::string& s);
std::string page_head(const std::string& title, const std::string& lang);
// A row whose distribution is suppressed says so ("fewer than min_cell" or "not shown").
std::string box_chart(const std::vector<std::pair<std::string, json>>& rows, const std::string& lang,
                      double lo = 0, double hi = 10, int min_cell = 10);
std::string bar_chart(const std::vector<std::pair<std::string, json>>& rows, const std::string& lang);
std::string fmt_num(double v, const std::string& lang, int decimals = 1);

}  // namespace kiosk::report
