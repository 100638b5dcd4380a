// kioskctl lint PATH...: checks questionnaires before they can reach a
// resident. Each file goes through the engine's loader (structure, subset,
// translations) and the content lint (plain language, CONTENT.md); a folder
// means every *.json file in it. Problems go to stderr as file:linkId: message,
// the readability numbers per questionnaire to stdout.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "core/args.hpp"
#include "core/command.hpp"
#include "lint/content_lint.hpp"
#include "questionnaire/loader.hpp"

namespace {

namespace fs = std::filesystem;

const char* kUsage = "kioskctl lint PATH...";

int run(const std::vector<std::string>& argv) {
    auto args = kiosk::parse_args(argv, {}, {"--quiet"});
    if (!args) {
        std::cerr << "kioskctl lint: " << args.error().message << "\n";
        return 2;
    }
    if (args->has("--help")) {
        std::cout << "usage: " << kUsage << " [--quiet]\n"
                  << "Checks questionnaire files (or every *.json in a folder) with the loader and\n"
                  << "the content lint (../shared/CONTENT.md). Prints file:linkId: message per\n"
                  << "problem on stderr and the readability numbers per questionnaire on stdout\n"
                  << "(--quiet: problems only). Exit 0 when clean, 1 when any problem is found.\n";
        return 0;
    }
    if (args->positional.empty()) {
        std::cerr << "kioskctl lint: give at least one questionnaire file or folder (see --help)\n";
        return 2;
    }

    std::vector<fs::path> files;
    bool trouble = false;
    for (const auto& p : args->positional) {
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
        } else if (fs::exists(p, ec)) {
            files.emplace_back(p);
        } else {
            std::cerr << p << ": no such file or folder\n";
            trouble = true;
        }
    }

    std::size_t problem_count = 0;
    for (const auto& file : files) {
        auto loaded = kiosk::questionnaire::load_questionnaire_file(file);
        for (const auto& problem : loaded.problems) {
            std::cerr << kiosk::questionnaire::format_problem(problem) << "\n";
        }
        problem_count += loaded.problems.size();

        auto report = kiosk::lint::lint_questionnaire_file(file);
        for (const auto& problem : report.problems) {
            std::cerr << kiosk::lint::format_problem(problem) << "\n";
        }
        problem_count += report.problems.size();
        if (!args->has("--quiet")) std::cout << kiosk::lint::format_summary(report);
    }
    if (problem_count > 0) {
        std::cerr << "kioskctl lint: " << problem_count << " problem" << (problem_count == 1 ? "" : "s")
                  << " in " << files.size() << " file" << (files.size() == 1 ? "" : "s") << "\n";
    }
    return (trouble || problem_count > 0) ? 1 : 0;
}

kiosk::CommandRegistrar reg("kioskctl", {"lint", kUsage,
                                         "check questionnaires: loader and plain-language content lint",
                                         [](const std::vector<std::string>& a) { return run(a); }});

}  // namespace
