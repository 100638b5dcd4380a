// kioskctl check Q.json...: the loader alone, for questionnaires we did not
// write (published instruments an organisation brings): will it load, what
// will be asked, what is computed, what is hidden. No plain-language style
// rules here; `kioskctl lint` keeps those for our own content.
#include <algorithm>
#include <filesystem>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "core/args.hpp"
#include "core/command.hpp"
#include "core/utf8.hpp"
#include "questionnaire/loader.hpp"
#include "supplied_value_sets.hpp"

namespace {

namespace fs = std::filesystem;
namespace q = kiosk::questionnaire;

constexpr const char* kUsage = "kioskctl check Q.json... [--items] [--valuesets DIR]";

struct Counts {
    int asked = 0, computed = 0, hidden = 0, read_only = 0, info = 0;
    std::vector<std::string> computed_ids;
    std::vector<std::string> toggled_ids;  // answerOptionsToggleExpression: options offered by earlier answers
};

// How many of the item's options an answerOptionsToggleExpression switches.
std::size_t toggled_options(const q::Item& it) {
    std::size_t n = 0;
    for (const auto& t : it.option_toggles) n += t.options.size();
    return n;
}

// What the interview will do with item: the same rules as Interview (hidden and calculated are never steps).
const char* role(const q::Item& it, bool hidden) {
    if (!it.calculated.empty()) return "computed";
    if (hidden || it.hidden) return "hidden";
    if (it.type == q::ItemType::Group) return "group";
    if (it.type == q::ItemType::Display) return "info";
    if (it.read_only) return "read-only";
    return "asked";
}

void walk(const std::vector<q::Item>& items, bool hidden, int depth, Counts& c, bool list, const std::string& lang) {
    for (const auto& it : items) {
        const bool h = hidden || it.hidden;
        const std::string r = role(it, hidden);
        if (r == "computed") {
            ++c.computed;
            c.computed_ids.push_back(it.link_id);
        } else if (r == "hidden") {
            if (it.is_answerable()) ++c.hidden;
        } else if (r == "info") {
            ++c.info;
        } else if (r == "read-only") {
            ++c.read_only;
        } else if (r == "asked") {
            ++c.asked;
        }
        if (!it.option_toggles.empty()) c.toggled_ids.push_back(it.link_id);
        if (list) {
            std::string text = it.text.get(lang);
            text = kiosk::utf8::shorten(text, 60);
            std::cout << "  " << std::string(static_cast<std::size_t>(depth) * 2, ' ') << it.link_id << "  "
                      << q::item_type_name(it.type) << "  " << r;
            if (!it.calculated.empty()) std::cout << "  = " << it.calculated.text.substr(0, 60);
            if (!it.option_toggles.empty())
                std::cout << "  options: " << toggled_options(it) << " of " << it.options.size() << " offered by "
                          << it.option_toggles.size() << " toggle expression" << (it.option_toggles.size() == 1 ? "" : "s");
            if (!text.empty()) std::cout << "  \"" << text << "\"";
            std::cout << "\n";
        }
        walk(it.children, h, depth + 1, c, list, lang);
    }
}

const char* const kHelp =
    "Runs the questionnaire loader only (no plain-language rules: those are `kioskctl lint`,\n"
    "for our own content) over each file, or every *.json in a folder. Prints one line per\n"
    "questionnaire that loads (how many questions are asked, computed, hidden) and\n"
    "file:linkId: reason per refusal on stderr, and 'note: file:linkId: ...' for what is not\n"
    "valid R4 but accepted because it changes nothing asked. --items lists every item and its role.\n"
    "--valuesets DIR: the organisation's FHIR ValueSets (*.json, each with its url and an\n"
    "  expansion.contains list or compose.include concepts) for answerValueSet urls the form\n"
    "  does not contain; each one used is copied in, as `pack build --valuesets` does.\n"
    "Exit 0 when every file loads, 1 when any is refused.\n";

int run(const kiosk::ParsedArgs& args) {
    if (args.positional.empty()) {
        std::cerr << "kioskctl check: give at least one questionnaire file or folder (see --help)\n";
        return 2;
    }
    std::vector<fs::path> files;
    bool trouble = false;
    for (const auto& p : args.positional) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::vector<fs::path> found;
            for (const auto& e : fs::directory_iterator(p, ec))
                if (e.is_regular_file() && e.path().extension() == ".json") found.push_back(e.path());
            std::sort(found.begin(), found.end());
            if (found.empty()) {
                std::cerr << p << ": no *.json questionnaire in this folder\n";
                trouble = true;
            }
            files.insert(files.end(), found.begin(), found.end());
        } else {
            files.emplace_back(p);
        }
    }
    bool sets_ok = true;
    const auto supplied = kiosk::provisioning::supplied_value_sets(args, &sets_ok);
    if (!sets_ok) trouble = true;
    int refused = 0, with_supplied = 0;
    for (const auto& f : files) {
        std::vector<std::string> used;
        auto r = kiosk::provisioning::load_with(f, supplied, &used);
        // What the loader accepted although it is not valid R4/SDC (it changes nothing asked): said, not hidden.
        for (const auto& n : r.notes) std::cerr << "note: " << q::format_problem(n) << "\n";
        if (!r.questionnaire) {
            ++refused;
            for (const auto& p : r.problems) std::cerr << q::format_problem(p) << "\n";
            continue;
        }
        const q::Questionnaire& qq = *r.questionnaire;
        Counts c;
        if (args.has("--items")) std::cout << f.string() << ":\n";
        walk(qq.items, false, 0, c, args.has("--items"), qq.language);
        std::cout << f.string() << ": loads as " << qq.id << " (" << qq.language << "): " << c.asked << " asked, " << c.computed
                  << " computed, " << c.hidden << " hidden, " << c.read_only << " read-only, " << c.info << " info";
        if (!c.computed_ids.empty()) {
            std::cout << "; computed:";
            for (const auto& id : c.computed_ids) std::cout << " " << id;
        }
        if (!c.toggled_ids.empty()) {
            std::cout << "; options that follow earlier answers:";
            for (const auto& id : c.toggled_ids) std::cout << " " << id;
        }
        if (!used.empty()) {
            ++with_supplied;
            std::cout << "; supplied ValueSets:";
            for (const auto& u : used) std::cout << " " << u;
        }
        std::cout << "\n";
    }
    if (files.size() > 1) {
        std::cout << files.size() - static_cast<std::size_t>(refused) << " of " << files.size() << " questionnaires load";
        if (supplied) std::cout << " (" << with_supplied << " with supplied ValueSets)";
        std::cout << "\n";
    }
    return (trouble || refused > 0) ? 1 : 0;
}

kiosk::CommandRegistrar reg("kioskctl", {.name = "check",
                                         .usage = kUsage,
                                         .summary = "will a questionnaire load? the loader only, no style rules",
                                         .value_flags = {"--valuesets"},
                                         .switch_flags = {"--items"},
                                         .help = kHelp,
                                         .body = run});

}  // namespace
