// kioskctl import-xlsform / export-xlsform: content writers work in a
// spreadsheet (XLSForm: ODK, KoboToolbox, SurveyCTO); the kiosk reads FHIR.
// The mapping lives in provisioning/xlsform/ (README.md there).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/args.hpp"
#include "core/command.hpp"
#include "questionnaire/loader.hpp"
#include "xlsform/export.hpp"
#include "xlsform/import.hpp"
#include "xlsform/xlsx.hpp"

namespace {

namespace fs = std::filesystem;
namespace x = kiosk::xlsform;

constexpr const char* kImportUsage = "kioskctl import-xlsform FORM.xlsx --out Q.json [--id ID] [--partial]";
constexpr const char* kExportUsage = "kioskctl export-xlsform Q.json --out FORM.xlsx";

const char* const kImportHelp =
    "Reads an XLSForm spreadsheet (survey, choices and settings sheets) and writes a FHIR R4\n"
    "Questionnaire in the kiosk's subset, checked by the same loader as `kioskctl check`.\n"
    "Every row it cannot take is printed as FORM.xlsx:sheet:ROW: what and why; rows taken\n"
    "differently from how ODK would show them are printed as note: FORM.xlsx:sheet:ROW: ...\n"
    "When any row is refused nothing is written and the exit code is 1, so a form never loses\n"
    "a question unnoticed. --partial writes what could be taken anyway (the refused rows are\n"
    "still listed; exit 0). --id sets the questionnaire id (default: settings form_id, else\n"
    "the file name). Our own columns and settings: provisioning/xlsform/README.md and\n"
    "assets/authoring/GUIDE.md.\n";

int import_cmd(const kiosk::ParsedArgs& args) {
    if (args.positional.size() != 1 || !args.has("--out")) {
        std::cerr << "kioskctl import-xlsform: give one FORM.xlsx and --out Q.json (see --help)\n";
        return 2;
    }
    const fs::path in = args.positional[0];
    const fs::path out = *args.get("--out");
    auto book = x::read_xlsx(in);
    if (!book) {
        std::cerr << book.error().message << "\n";
        return 1;
    }
    x::ImportOptions opt;
    opt.id = args.get_or("--id", "");
    opt.file_label = in.string();
    auto r = x::import_xlsform(*book, opt);
    for (const auto& n : r.notes) std::cerr << "note: " << x::format_finding(in.string(), n) << "\n";
    for (const auto& f : r.refused) std::cerr << x::format_finding(in.string(), f) << "\n";
    if (!r.ok() && !args.has("--partial")) {
        std::cerr << in.string() << ": " << r.refused.size() << " row(s) refused: nothing written (--partial writes the rest)\n";
        return 1;
    }
    // --partial: what is left must still load, or there is nothing to write.
    if (!r.ok()) {
        auto check = kiosk::questionnaire::load_questionnaire_json(r.questionnaire.dump(), out.string());
        if (!check.questionnaire || r.questionnaire["item"].empty()) {
            std::cerr << in.string() << ": what is left does not make a questionnaire the kiosk can load: nothing written\n";
            return 1;
        }
    }
    std::ofstream f(out, std::ios::binary | std::ios::trunc);
    f << r.questionnaire.dump(2) << "\n";
    f.close();
    if (!f) {
        std::cerr << out.string() << ": cannot write\n";
        return 1;
    }
    if (!args.has("--quiet")) {
        std::cout << out.string() << ": " << r.questionnaire["id"].get<std::string>() << " from " << in.string();
        if (!r.ok()) std::cout << " without the " << r.refused.size() << " refused row(s)";
        std::cout << "\n";
    }
    return 0;
}

const char* const kExportHelp =
    "Writes one of our questionnaires as an XLSForm spreadsheet that import-xlsform reads back\n"
    "into the same questionnaire (same linkIds, texts, translations, conditions, extensions),\n"
    "so an organisation can start from ours. What an XLSForm cannot hold (quantities, FHIRPath\n"
    "calculations, variables) is listed as Q.json:linkId: why, and then nothing is written (exit 1).\n";

int export_cmd(const kiosk::ParsedArgs& args) {
    if (args.positional.size() != 1 || !args.has("--out")) {
        std::cerr << "kioskctl export-xlsform: give one Q.json and --out FORM.xlsx (see --help)\n";
        return 2;
    }
    const fs::path in = args.positional[0];
    auto loaded = kiosk::questionnaire::load_questionnaire_file(in);
    if (!loaded.questionnaire) {
        for (const auto& p : loaded.problems) std::cerr << kiosk::questionnaire::format_problem(p) << "\n";
        return 1;
    }
    auto r = x::export_xlsform(*loaded.questionnaire);
    if (!r.ok()) {
        for (const auto& p : r.refused) std::cerr << in.string() << ":" << p << "\n";
        return 1;
    }
    auto st = x::write_xlsx(*args.get("--out"), r.book);
    if (!st) {
        std::cerr << st.error().message << "\n";
        return 1;
    }
    std::cout << *args.get("--out") << ": " << loaded.questionnaire->id << " as XLSForm\n";
    return 0;
}

kiosk::CommandRegistrar reg_import("kioskctl", {.name = "import-xlsform",
                                                .usage = kImportUsage,
                                                .summary = "an XLSForm spreadsheet into our FHIR subset, refusals per row",
                                                .value_flags = {"--out", "--id"},
                                                .switch_flags = {"--partial", "--quiet"},
                                                .help = kImportHelp,
                                                .body = import_cmd});
kiosk::CommandRegistrar reg_export("kioskctl", {.name = "export-xlsform",
                                                .usage = kExportUsage,
                                                .summary = "one of our questionnaires as an XLSForm spreadsheet (round trip)",
                                                .value_flags = {"--out"},
                                                .help = kExportHelp,
                                                .body = export_cmd});

}  // namespace
