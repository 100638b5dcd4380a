// `--valuesets DIR` on kioskctl check, fill, lint and pack build: the
// organisation's ValueSets for the canonical urls its questionnaires name
// (shared/questionnaire/value_sets.hpp), read once per command.
#pragma once

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "core/args.hpp"
#include "questionnaire/value_sets.hpp"

namespace kiosk::provisioning {

// The ValueSets in --valuesets DIR (nullopt without the flag). Each file that
// cannot be used is printed as "file: why" on stderr and *ok becomes false.
inline std::optional<questionnaire::ValueSetLibrary> supplied_value_sets(const ParsedArgs& args, bool* ok) {
    auto dir = args.get("--valuesets");
    if (!dir) return std::nullopt;
    std::vector<questionnaire::Problem> problems;
    auto lib = questionnaire::ValueSetLibrary::read_dir(*dir, problems);
    for (const auto& p : problems) std::cerr << questionnaire::format_problem(p) << "\n";
    if (!problems.empty() && ok) *ok = false;
    return lib;
}

// The loader, with the supplied ValueSets copied in when there are any.
// `embedded` (if given) gets the canonical urls copied in.
inline questionnaire::LoadResult load_with(const std::filesystem::path& file, const std::optional<questionnaire::ValueSetLibrary>& lib,
                                           std::vector<std::string>* embedded = nullptr) {
    return lib ? questionnaire::load_questionnaire_file(file, *lib, embedded) : questionnaire::load_questionnaire_file(file);
}

}  // namespace kiosk::provisioning
