// `kioskctl report --db DB --key ORGDIR --out DIR [--from D --to D] [--lang nl|en] [--content DIR]`:
// the organisation's report (index.html + report.json + worklist.csv).
#include <fstream>
#include <iostream>

#include "bundled_assets.hpp"
#include "core/args.hpp"
#include "core/command.hpp"
#include "device/enrollment.hpp"
#include "endpoint/store.hpp"
#include "report/dates.hpp"
#include "report/report.hpp"

namespace fs = std::filesystem;

namespace {

const char* kUsage =
    "kioskctl report --db DB --key ORGDIR --out DIR [--from YYYY-MM-DD --to YYYY-MM-DD] [--lang nl|en] [--content DIR]";

const char* const kHelp =
    "Opens every stored envelope with the org results key (streaming) and writes DIR/index.html\n"
    "(one self-contained page: inline SVG, no network, prints on A4), DIR/report.json (every\n"
    "figure the page shows) and DIR/worklist.csv (every contact request and talk wish).\n"
    "--from/--to: only answers of those days (inclusive). --lang: the page's language (nl).\n"
    "--content: where the questionnaires are (default: the bundled assets). The work list\n"
    "names cases: keep DIR as safe as the key.\n";

int run(const kiosk::ParsedArgs& args) {
    std::vector<std::string> bad;
    for (const char* f : {"--db", "--key", "--out"})
        if (!args.get(f)) bad.push_back(std::string("missing ") + f);
    if (!args.positional.empty()) bad.push_back("unexpected argument " + args.positional[0]);
    kiosk::report::ReportOptions o;
    o.lang = args.get_or("--lang", "nl");
    if (o.lang != "nl" && o.lang != "en") bad.push_back("--lang must be nl or en");
    o.period.from = args.get_or("--from", "");
    o.period.to = args.get_or("--to", "");
    for (const auto* d : {&o.period.from, &o.period.to})
        if (!d->empty() && !kiosk::report::is_day(*d)) bad.push_back(*d + " is not a day (YYYY-MM-DD)");
    if (!bad.empty()) {
        for (const auto& b : bad) std::cerr << "kioskctl report: " << b << "\n";
        return 2;
    }
    const fs::path db = *args.get("--db"), out = *args.get("--out");
    if (auto s = kiosk::endpoint::require_existing_db(db.string()); !s) {
        std::cerr << "kioskctl report: " << s.error().message << "\n";
        return 1;
    }
    auto keys = kiosk::read_org_secret_keys(*args.get("--key"));
    if (!keys) {
        std::cerr << "kioskctl report: " << keys.error().message << "\n";
        return 1;
    }
    auto cat = kiosk::report::load_catalogue(args.get_or("--content", kiosk::provisioning::bundled_assets_dir().string()));
    if (!cat) {
        std::cerr << "kioskctl report: " << cat.error().message << "\n";
        return 1;
    }
    auto store = kiosk::endpoint::Store::open(db);
    if (!store) {
        std::cerr << "kioskctl report: " << store.error().message << "\n";
        return 1;
    }
    kiosk::report::DeviceNames names;
    if (auto devs = store.value()->devices())
        for (const auto& d : *devs) names[d.id] = d.name;
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec) {
        std::cerr << "kioskctl report: cannot create " << out.string() << ": " << ec.message() << "\n";
        return 1;
    }
    auto facts = kiosk::report::Facts::collect(*store.value(), *keys, *cat, o.period, out);
    if (!facts) {
        std::cerr << "kioskctl report: " << facts.error().message << "\n";
        return 1;
    }
    auto fig = kiosk::report::report_figures(*facts.value(), *cat, names, o);
    if (!fig) {
        std::cerr << "kioskctl report: " << fig.error().message << "\n";
        return 1;
    }
    if (auto s = kiosk::report::write_worklist_csv(*facts.value(), out / "worklist.csv"); !s) {
        std::cerr << "kioskctl report: " << s.error().message << "\n";
        return 1;
    }
    std::ofstream(out / "report.json", std::ios::trunc) << fig->dump(1) << "\n";
    std::ofstream html(out / "index.html", std::ios::trunc);
    html << kiosk::report::report_html(*fig, o.lang);
    html.close();
    if (!html) {
        std::cerr << "kioskctl report: cannot write " << (out / "index.html").string() << "\n";
        return 1;
    }
    // The totals obey the small-cells rule too (null when 1-4): say so rather than print a count.
    const auto total = [&](const char* field) {
        const auto& v = (*fig)["totals"][field];
        return v.is_number() ? std::to_string(v.get<std::int64_t>())
                             : "fewer than " + std::to_string((*fig)["min_cell"].get<int>());
    };
    std::cout << "report of " << total("responses") << " response(s) and " << total("completion_records")
              << " early end(s) written to " << (out / "index.html").string() << "\n";
    if (facts.value()->failed() > 0) {
        std::cerr << "kioskctl report: " << facts.value()->failed() << " envelope(s) could not be opened and are not counted\n";
        return 3;
    }
    return 0;
}

kiosk::CommandRegistrar reg("kioskctl", {.name = "report",
                                         .usage = kUsage,
                                         .summary = "the organisation's report: index.html + report.json",
                                         .value_flags = {"--db", "--key", "--out", "--from", "--to", "--lang",
                                                         "--content"},
                                         .help = kHelp,
                                         .body = run});

}  // namespace
