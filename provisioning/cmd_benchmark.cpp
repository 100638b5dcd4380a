// `kioskctl benchmark --db DB --key ORGDIR --out FILE.json [--name ORG] [--content DIR]`:
// anonymised aggregates to share with the sector; `kioskctl benchmark compare A.json B.json... --out DIR`.
#include <fstream>
#include <iostream>

#include "bundled_assets.hpp"
#include "core/args.hpp"
#include "core/command.hpp"
#include "device/enrollment.hpp"
#include "endpoint/store.hpp"
#include "report/benchmark.hpp"

namespace fs = std::filesystem;

namespace {

const char* kUsage = "kioskctl benchmark --db DB --key ORGDIR --out FILE.json [--name ORGANISATION] [--content DIR]";
const char* kCompareUsage = "kioskctl benchmark compare A.json B.json... --out DIR [--lang nl|en]";

const char* const kHelp =
    "Writes anonymised aggregates (schema intake-kiosk-benchmark/1, provisioning/report/BENCHMARK.md)\n"
    "per questionnaire family, variant, domain and quarter: counts, quartiles, completion,\n"
    "change between measurements. Cells of fewer than 10 people are left out; no free text,\n"
    "no case references, no device ids. --name: how the organisation is called in the file.\n";

int run(const kiosk::ParsedArgs& args) {
    std::vector<std::string> bad;
    for (const char* f : {"--db", "--key", "--out"})
        if (!args.get(f)) bad.push_back(std::string("missing ") + f);
    if (!args.positional.empty()) bad.push_back("unexpected argument " + args.positional[0]);
    if (!bad.empty()) {
        for (const auto& b : bad) std::cerr << "kioskctl benchmark: " << b << "\n";
        return 2;
    }
    const fs::path db = *args.get("--db"), out = *args.get("--out");
    if (auto s = kiosk::endpoint::require_existing_db(db.string()); !s) {
        std::cerr << "kioskctl benchmark: " << s.error().message << "\n";
        return 1;
    }
    auto keys = kiosk::read_org_secret_keys(*args.get("--key"));
    if (!keys) {
        std::cerr << "kioskctl benchmark: " << keys.error().message << "\n";
        return 1;
    }
    auto cat = kiosk::report::load_catalogue(args.get_or("--content", kiosk::provisioning::bundled_assets_dir().string()));
    auto store = kiosk::endpoint::Store::open(db);
    if (!cat || !store) {
        std::cerr << "kioskctl benchmark: " << (!cat ? cat.error().message : store.error().message) << "\n";
        return 1;
    }
    const fs::path tmp = out.has_parent_path() ? out.parent_path() : fs::path(".");
    auto facts = kiosk::report::Facts::collect(*store.value(), *keys, *cat, {}, tmp);
    if (!facts) {
        std::cerr << "kioskctl benchmark: " << facts.error().message << "\n";
        return 1;
    }
    auto fig = kiosk::report::benchmark_figures(*facts.value(), *cat, args.get_or("--name", "organisation"));
    if (auto s = kiosk::report::check_benchmark(fig, out.string()); !s) {
        std::cerr << "kioskctl benchmark: refusing to write: " << s.error().message << "\n";
        return 1;
    }
    std::ofstream f(out, std::ios::trunc);
    f << fig.dump(1) << "\n";
    f.close();
    if (!f) {
        std::cerr << "kioskctl benchmark: cannot write " << out.string() << "\n";
        return 1;
    }
    std::cout << "benchmark aggregates of " << fig["families"].size() << " questionnaire famil(y/ies) written to "
              << out.string() << "\n";
    return 0;
}

const char* const kCompareHelp =
    "Puts several organisations' benchmark files side by side in DIR/index.html.\n";

int run_compare(const kiosk::ParsedArgs& args) {
    if (!args.get("--out") || args.positional.empty()) {
        if (!args.get("--out")) std::cerr << "kioskctl benchmark compare: missing --out\n";
        if (args.positional.empty()) std::cerr << "kioskctl benchmark compare: no benchmark files given\n";
        return 2;
    }
    std::vector<kiosk::report::json> files;
    for (const auto& p : args.positional) {
        std::ifstream in(p);
        auto j = kiosk::report::json::parse(in, nullptr, false);
        if (!in.good() && j.is_discarded()) {
            std::cerr << "kioskctl benchmark compare: cannot read " << p << "\n";
            return 1;
        }
        if (auto s = kiosk::report::check_benchmark(j, p); !s) {
            std::cerr << "kioskctl benchmark compare: " << s.error().message << "\n";
            return 1;
        }
        files.push_back(std::move(j));
    }
    const fs::path out = *args.get("--out");
    std::error_code ec;
    fs::create_directories(out, ec);
    std::ofstream html(out / "index.html", std::ios::trunc);
    html << kiosk::report::compare_html(files, args.get_or("--lang", "nl"));
    html.close();
    if (!html) {
        std::cerr << "kioskctl benchmark compare: cannot write " << (out / "index.html").string() << "\n";
        return 1;
    }
    std::cout << files.size() << " organisation(s) side by side in " << (out / "index.html").string() << "\n";
    return 0;
}

kiosk::CommandRegistrar reg("kioskctl", {.name = "benchmark",
                                         .usage = kUsage,
                                         .summary = "anonymised aggregates to share with the sector",
                                         .value_flags = {"--db", "--key", "--out", "--name", "--content"},
                                         .help = kHelp,
                                         .body = run});
kiosk::CommandRegistrar reg_compare("kioskctl", {.name = "benchmark compare",
                                                 .usage = kCompareUsage,
                                                 .summary = "several organisations side by side",
                                                 .value_flags = {"--out", "--lang"},
                                                 .help = kCompareHelp,
                                                 .body = run_compare});

}  // namespace
