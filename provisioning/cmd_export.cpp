// `kioskctl export --db FILE --key ORGDIR --out DIR`: open every stored
// envelope with the org results key and write FHIR NDJSON + CSV per questionnaire.
#include <iostream>

#include "core/args.hpp"
#include "core/command.hpp"
#include "device/enrollment.hpp"
#include "endpoint/export.hpp"
#include "report/dates.hpp"

namespace {

const char* kUsage = "kioskctl export --db FILE --key ORGDIR --out DIR [--since DAY|TIME]";

const char* const kHelp =
    "Opens and verifies every envelope in the endpoint database with the org results key\n"
    "(ORGDIR/results.sk) and writes, per questionnaire, <id>.ndjson (one FHIR\n"
    "QuestionnaireResponse per line) and <id>.csv (one row per response, one column per\n"
    "item linkId); completions.csv: sessions that ended before \"Done\" (no answers).\n"
    "Envelopes that cannot be opened are listed in errors.csv. --since 2026-11-01 (or an\n"
    "RFC 3339 UTC time) exports only envelopes received from then on (incremental). It\n"
    "streams: memory stays flat however many envelopes there are.\n"
    "work-list/contact-requests.csv and .ndjson: the work list, one row per response that asks to be\n"
    "contacted or marks topics to talk about (how, the number or address, the topics).\n"
    "The output holds answers in clear: keep DIR as safe as the key.\n";

int run(const kiosk::ParsedArgs& args) {
    std::vector<std::string> missing;
    for (const char* f : {"--db", "--key", "--out"})
        if (!args.get(f)) missing.push_back(f);
    if (!missing.empty() || !args.positional.empty()) {
        for (auto& m : missing) std::cerr << "kioskctl export: missing " << m << "\n";
        if (!args.positional.empty()) std::cerr << "kioskctl export: unexpected argument " << args.positional[0] << "\n";
        return 2;
    }
    if (auto s = kiosk::endpoint::require_existing_db(*args.get("--db")); !s) {
        std::cerr << "kioskctl export: " << s.error().message << "\n";
        return 1;
    }
    kiosk::endpoint::ExportOptions options;
    if (auto since = args.get("--since")) {
        auto t = kiosk::report::parse_since(*since);
        if (!t) {
            std::cerr << "kioskctl export: --since " << *since << " is not a day (2026-11-01) or an RFC 3339 UTC time\n";
            return 2;
        }
        options.since_wall_ms = *t;
    }
    auto keys = kiosk::read_org_secret_keys(*args.get("--key"));
    if (!keys) {
        std::cerr << "kioskctl export: " << keys.error().message << "\n";
        return 1;
    }
    auto store = kiosk::endpoint::Store::open(*args.get("--db"));
    if (!store) {
        std::cerr << "kioskctl export: " << store.error().message << "\n";
        return 1;
    }
    auto summary = kiosk::endpoint::export_all(*store.value(), *keys, *args.get("--out"), options);
    if (!summary) {
        std::cerr << "kioskctl export: " << summary.error().message << "\n";
        return 1;
    }
    std::cout << "exported " << summary->exported << " response(s) to " << *args.get("--out") << "\n";
    for (const auto& [q, n] : summary->per_questionnaire) std::cout << "  " << q << ": " << n << "\n";
    if (summary->completions > 0)
        std::cout << "  sessions that ended before \"Done\" (completions.csv): " << summary->completions << "\n";
    std::cout << "contact requests: " << summary->contact_requests << " (work-list/contact-requests.csv)\n";
    if (summary->failed > 0) {
        std::cerr << "kioskctl export: " << summary->failed << " envelope(s) could not be opened; see "
                  << (std::filesystem::path(*args.get("--out")) / "errors.csv").string() << "\n";
        return 3;
    }
    return 0;
}

kiosk::CommandRegistrar reg("kioskctl", {.name = "export",
                                         .usage = kUsage,
                                         .summary = "decrypt stored envelopes to FHIR NDJSON and CSV",
                                         .value_flags = {"--db", "--key", "--out", "--since"},
                                         .help = kHelp,
                                         .body = run});

}  // namespace
