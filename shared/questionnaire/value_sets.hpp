// ValueSets an organisation supplies for the canonical urls its questionnaires
// name in answerValueSet (`kioskctl check|fill|lint|pack build --valuesets DIR`).
// The kiosk works offline and never asks a terminology server: what a server's
// `$expand` would return (or a ValueSet that lists its concepts) is read from a
// folder here, and copied into the questionnaire as a contained ValueSet, so a
// pack is self-contained and the device loads it as it is. README.md
// ("ValueSets supplied by the organisation") has the rules.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "questionnaire/loader.hpp"

namespace kiosk::questionnaire {

// One supplied ValueSet, read and expanded.
struct SuppliedValueSet {
    std::string file;     // where it came from (messages name it)
    std::string url;      // canonical url, without |version
    std::string version;  // "" when the file has none
    std::string title;    // title, else name ("" when neither)
    std::size_t concepts = 0;
    // The resource as it goes into a questionnaire's `contained`: the source's
    // metadata and an `expansion.contains` list (system, code, display,
    // _display, designation, extension per concept), without `id`.
    std::string expanded_json;
};

struct ValueSetLibrary {
    std::vector<SuppliedValueSet> sets;

    // Every *.json file directly in dir (other files are ignored). A file that is
    // not a ValueSet the kiosk can expand offline (a filter, a whole code system,
    // an imported ValueSet, a paged expansion, a concept without code or display,
    // the same url and version twice) is left out with a Problem {file, "", why}.
    static ValueSetLibrary read_dir(const std::filesystem::path& dir, std::vector<Problem>& problems);

    // The supplied set for an answerValueSet canonical (url or url|version);
    // nullptr with *why set when several versions fit or the one asked for is
    // not there (why stays empty when the url is not supplied at all).
    const SuppliedValueSet* find(const std::string& canonical, std::string* why) const;
};

struct EmbedResult {
    std::string json_text;                 // the questionnaire, with the used sets contained (unchanged when none)
    std::vector<std::string> embedded;     // canonical urls copied in, in first-use order
    std::vector<Problem> problems;         // {questionnaire file, linkId, why} (a version that does not fit)
};

// Copies every supplied ValueSet the questionnaire's items name by canonical
// url (and that the questionnaire does not contain itself) into `contained`
// and points those items at it ('#id'). Text that is too large, too deep or
// not JSON comes back unchanged: the loader says why.
EmbedResult embed_value_sets(const std::string& questionnaire_json, const ValueSetLibrary& supplied, const std::string& file_label);

// load_questionnaire_file() after embed_value_sets(): the questionnaire as a
// pack built with these ValueSets would carry it. `embedded` (if given) gets
// the canonical urls copied in.
LoadResult load_questionnaire_file(const std::filesystem::path& file, const ValueSetLibrary& supplied,
                                   std::vector<std::string>* embedded = nullptr);

}  // namespace kiosk::questionnaire
