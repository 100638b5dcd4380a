// `kioskctl demo-data --db DB --org ORGDIR --responses N [--sites S] [--months M] [--seed X] [--content DIR]`:
// realistic synthetic sessions sealed like a kiosk seals them, for demos, tests and benchmarks.
#include <iostream>

#include "bundled_assets.hpp"
#include "core/args.hpp"
#include "core/command.hpp"
#include "report/demo_data.hpp"

namespace {

const char* kUsage =
    "kioskctl demo-data --db DB --org ORGDIR --responses N [--sites S] [--months M] [--seed X] [--content DIR]";

const char* const kHelp =
    "Adds N synthetic sessions to the endpoint database: answers made up by running the real\n"
    "interview engine over the shipped questionnaires, sealed to the org results key and\n"
    "signed by one demo device per site (S, default 3), spread over the last M months\n"
    "(default 12). About 1 in 7 ends early (a completion record), 3 in 10 come back with\n"
    "the same case reference, some ask to talk. Same --seed, same answers.\n";

int run(const kiosk::ParsedArgs& args) {
    std::vector<std::string> bad;
    for (const char* f : {"--db", "--org", "--responses"})
        if (!args.get(f)) bad.push_back(std::string("missing ") + f);
    kiosk::report::DemoOptions o;
    try {
        if (auto v = args.get("--responses")) o.sessions = std::stoll(*v);
        if (auto v = args.get("--sites")) o.sites = std::stoi(*v);
        if (auto v = args.get("--months")) o.months = std::stoi(*v);
        if (auto v = args.get("--seed")) o.seed = std::stoull(*v);
    } catch (...) {
        bad.push_back("--responses, --sites, --months and --seed take whole numbers");
    }
    if (!bad.empty()) {
        for (const auto& b : bad) std::cerr << "kioskctl demo-data: " << b << "\n";
        return 2;
    }
    auto cat = kiosk::report::load_catalogue(args.get_or("--content", kiosk::provisioning::bundled_assets_dir().string()));
    if (!cat) {
        std::cerr << "kioskctl demo-data: " << cat.error().message << "\n";
        return 1;
    }
    auto sum = kiosk::report::make_demo_data(*args.get("--db"), *args.get("--org"), *cat, o);
    if (!sum) {
        std::cerr << "kioskctl demo-data: " << sum.error().message << "\n";
        return 1;
    }
    std::cout << "demo data: " << sum->responses << " response(s) and " << sum->completions
              << " early end(s) from " << sum->devices << " site(s) in " << *args.get("--db") << "; " << sum->brought
              << " response(s) with a previous result brought along\n";
    return 0;
}

kiosk::CommandRegistrar reg("kioskctl", {.name = "demo-data",
                                         .usage = kUsage,
                                         .summary = "synthetic sessions for demos, tests and benchmarks",
                                         .value_flags = {"--db", "--org", "--responses", "--sites", "--months",
                                                         "--seed", "--content"},
                                         .help = kHelp,
                                         .body = run});

}  // namespace
