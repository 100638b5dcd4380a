// kioskctl lint PATH...: checks questionnaires before they can reach a
// resident. Each file goes through the engine's loader (structure, subset,
// translations) and the content lint (plain language, CONTENT.md); a folder
// means every *.json file in it. Problems go to stderr as file:linkId: message,
// the readability numbers per questionnaire to stdout.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "core/utc_time.hpp"
#include "core/args.hpp"
#include "core/command.hpp"
#include "crypto/crypto.hpp"
#include "core/files.hpp"
#include "lint/content_lint.hpp"
#include "pack/pack.hpp"
#include "questionnaire/loader.hpp"
#include "supplied_value_sets.hpp"
#include "referrals/referrals.hpp"

namespace {

namespace fs = std::filesystem;

const char* kUsage = "kioskctl lint PATH... [--quiet] [--valuesets DIR]";

// A content pack (*.pack): its questionnaires go to a scratch folder and are
// linted under the name PACK:questionnaires/NAME.json.
bool add_pack(const fs::path& p, const fs::path& scratch, std::vector<fs::path>& files,
              std::vector<std::string>& labels) {
    auto bytes = kiosk::read_whole_file(p);
    if (!bytes) {
        std::cerr << bytes.error().message << "\n";
        return false;
    }
    auto pack = kiosk::pack::parse(*bytes, p.string());
    if (!pack) {
        std::cerr << pack.error().message << "\n";
        return false;
    }
    std::error_code ec;
    fs::path dir = scratch / kiosk::crypto::random_hex(4);
    fs::create_directories(dir, ec);
    bool found = false;
    for (const auto& [path, data] : pack->files) {
        if (path.rfind("questionnaires/", 0) != 0 || !kiosk::pack::check_path(path)) continue;
        fs::path out = dir / fs::path(path).filename();
        if (!kiosk::write_file_atomic(out, data, 0600)) continue;
        files.push_back(out);
        labels.push_back(p.string() + ":" + path);
        found = true;
    }
    if (!found) std::cerr << p << ": no questionnaire in this pack\n";
    return found;
}

const char* const kHelp =
    "Checks questionnaire files (or every *.json in a folder, or the questionnaires in a\n"
    "content pack *.pack) with the loader and\n"
    "the content lint (../shared/CONTENT.md). A referral catalogue (a JSON with \"offers\")\n"
    "is checked for Dutch and English texts, a pictogram, a way to reach each offer and\n"
    "the date it was last checked (older than six months: a warning). A translation file\n"
    "(translations/<lang>/<file>.json) is checked against its source file: a text for every\n"
    "English text, and sentence length (no readability formula for ar, tr, pl, uk, ti).\n"
    "Prints file:linkId: message per\n"
    "problem on stderr and the readability numbers per questionnaire on stdout\n"
    "(--quiet: problems only). --valuesets DIR: the organisation's ValueSets for answerValueSet\n"
    "urls a questionnaire does not contain (as `kioskctl check --valuesets`).\n"
    "Exit 0 when clean, 1 when any problem is found.\n";

int run(const kiosk::ParsedArgs& args) {
    if (args.positional.empty()) {
        std::cerr << "kioskctl lint: give at least one questionnaire file or folder (see --help)\n";
        return 2;
    }

    std::vector<fs::path> files;
    std::vector<std::string> labels;  // what to call each file in messages
    bool trouble = false;
    bool sets_ok = true;
    const auto supplied = kiosk::provisioning::supplied_value_sets(args, &sets_ok);
    if (!sets_ok) trouble = true;
    std::error_code scratch_ec;
    const fs::path scratch = fs::temp_directory_path(scratch_ec) / ("kioskctl-lint-" + kiosk::crypto::random_hex(6));
    for (const auto& p : args.positional) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::vector<fs::path> found;
            for (const auto& entry : fs::directory_iterator(p, ec)) {
                if (entry.is_regular_file() && entry.path().extension() == ".json") {
                    found.push_back(entry.path());
                }
            }
            if (ec) {
                std::cerr << p << ": cannot list the folder: " << ec.message() << "\n";
                trouble = true;
            }
            std::sort(found.begin(), found.end());
            if (found.empty() && !ec) {
                std::cerr << p << ": no *.json questionnaire in this folder\n";
                trouble = true;
            }
            files.insert(files.end(), found.begin(), found.end());
            for (const auto& f : found) labels.push_back(f.string());
        } else if (fs::exists(p, ec) && fs::path(p).extension() == ".pack") {
            if (!add_pack(p, scratch, files, labels)) trouble = true;
        } else if (fs::exists(p, ec)) {
            files.emplace_back(p);
            labels.push_back(p);
        } else {
            std::cerr << p << ": no such file or folder\n";
            trouble = true;
        }
    }

    std::size_t problem_count = 0;
    std::size_t files_with_problems = 0;
    // A referral catalogue (a JSON with "offers") gets its own checks; an offer
    // not checked for six months is a warning, not a failure.
    const std::string today = kiosk::utc_day(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    for (std::size_t i = 0; i < files.size(); ++i) {
        const std::size_t before = problem_count;
        const fs::path& file = files[i];
        if (kiosk::referrals::looks_like_catalogue(file)) {
            fs::path icons = file.parent_path().parent_path() / "icons";
            std::error_code iec;
            auto r = kiosk::referrals::lint_catalogue(file, today, fs::is_directory(icons, iec) ? icons : fs::path());
            for (const auto& p : r.problems) std::cerr << p << "\n";
            for (const auto& w : r.warnings) std::cerr << "warning: " << w << "\n";
            problem_count += r.problems.size();
            if (problem_count > before) ++files_with_problems;
            if (!args.has("--quiet")) std::cout << labels[i] << ": referral catalogue\n";
            continue;
        }
        // A translation file (translations/<lang>/<file>.json): complete
        // against its source, and sentence length in its language.
        if (kiosk::lint::looks_like_translation(file)) {
            auto report = kiosk::lint::lint_translation_file(file);
            report.file = labels[i];
            for (auto problem : report.problems) {
                if (problem.file == file.string()) problem.file = labels[i];
                std::cerr << kiosk::lint::format_problem(problem) << "\n";
            }
            problem_count += report.problems.size();
            if (problem_count > before) ++files_with_problems;
            if (!args.has("--quiet")) std::cout << labels[i] << ": translation\n" << kiosk::lint::format_summary(report);
            continue;
        }
        auto loaded = kiosk::provisioning::load_with(file, supplied);
        for (auto problem : loaded.problems) {
            if (problem.file == file.string()) problem.file = labels[i];
            std::cerr << kiosk::questionnaire::format_problem(problem) << "\n";
        }
        problem_count += loaded.problems.size();
        // Our own content is held to R4: what the loader merely tolerates in forms we did not write is a problem here.
        for (auto problem : loaded.notes) {
            if (problem.file == file.string()) problem.file = labels[i];
            std::cerr << kiosk::questionnaire::format_problem(problem) << "\n";
        }
        problem_count += loaded.notes.size();

        auto report = kiosk::lint::lint_questionnaire_file(file);
        if (report.file == file.string()) report.file = labels[i];
        for (auto problem : report.problems) {
            if (problem.file == file.string()) problem.file = labels[i];
            std::cerr << kiosk::lint::format_problem(problem) << "\n";
        }
        problem_count += report.problems.size();
        if (problem_count > before) ++files_with_problems;
        if (!args.has("--quiet")) std::cout << kiosk::lint::format_summary(report);
    }
    if (problem_count > 0) {
        // The files that have problems, not the files checked.
        std::cerr << "kioskctl lint: " << problem_count << " problem" << (problem_count == 1 ? "" : "s")
                  << " in " << files_with_problems << " of " << files.size() << " file" << (files.size() == 1 ? "" : "s") << "\n";
    }
    fs::remove_all(scratch, scratch_ec);
    return (trouble || problem_count > 0) ? 1 : 0;
}

kiosk::CommandRegistrar reg("kioskctl", {.name = "lint",
                                         .usage = kUsage,
                                         .summary = "check questionnaires: loader and plain-language content lint",
                                         .value_flags = {"--valuesets"},
                                         .switch_flags = {"--quiet"},
                                         .help = kHelp,
                                         .body = run});

}  // namespace
