// Supplied ValueSets: reading a folder of them (what is expandable offline and
// what needs a terminology server), and copying the ones a questionnaire names
// into it as contained ValueSets.
//
// Index of this file:
// [SECTION] helpers
// [SECTION] reading one ValueSet file
// [SECTION] ValueSetLibrary
// [SECTION] embedding into a questionnaire
#include "questionnaire/value_sets.hpp"

#include "core/files.hpp"
#include "core/json_text.hpp"
#include "core/utc_time.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace kiosk::questionnaire {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// [SECTION] helpers

// User-controlled text inside a message: on one line, bounded (urls are shown whole up to 200).
std::string shown(const std::string& s, std::size_t max = 200) {
    std::string out;
    for (char c : s) {
        if (out.size() >= max) {
            out += "...";
            break;
        }
        out += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
    }
    return "'" + out + "'";
}

std::string string_of(const json& o, const char* key) {
    auto it = o.find(key);
    return (it != o.end() && it->is_string()) ? it->get<std::string>() : std::string();
}


// [SECTION] reading one ValueSet file

// One concept as an expansion.contains entry: system, code, display and what carries its translations and scores.
json contains_entry(const json& con, const std::string& system) {
    json e = json::object();
    e["system"] = system;
    e["code"] = con["code"];
    if (con.contains("display")) e["display"] = con["display"];
    for (const char* k : {"_display", "designation", "extension"})
        if (con.contains(k)) e[k] = con[k];
    return e;
}

// Why a concept cannot be offered ("" when it can).
std::string concept_problem(const json& c, const std::string& system) {
    if (!c.is_object()) return "a concept is not an object";
    if (!c.contains("code") || !c["code"].is_string() || c["code"].get<std::string>().empty())
        return "a concept of " + shown(system) + " has no code";
    const std::string code = c["code"].get<std::string>();
    if (!c.contains("display") || !c["display"].is_string() || c["display"].get<std::string>().empty())
        return "concept " + shown(code) + " of " + shown(system) + " has no display: a resident would see only a code";
    if (c.contains("designation") && !c["designation"].is_array()) return "concept " + shown(code) + ": designation must be an array";
    return "";
}

// The concepts of an expansion (nested contains flattened; abstract entries are headings, not answers).
std::string read_expansion(const json& exp, json& out) {
    if (!exp.is_object()) return "expansion must be an object";
    if (exp.contains("offset") && exp["offset"].is_number_integer() && exp["offset"].get<long long>() > 0)
        return "the expansion is a page (offset " + exp["offset"].dump() + "): expand it whole";
    auto it = exp.find("contains");
    if (it == exp.end() || !it->is_array()) return "the expansion has no contains list";
    std::string why;
    std::function<void(const json&, int)> walk = [&](const json& list, int depth) {
        for (const auto& c : list) {
            if (!why.empty()) return;
            if (depth > 8) {
                why = "the expansion nests deeper than 8 levels";
                return;
            }
            if (!c.is_object()) {
                why = "an expansion entry is not an object";
                return;
            }
            const bool abstract = c.contains("abstract") && c["abstract"] == true;
            if (!abstract) {
                const std::string system = string_of(c, "system");
                if (system.empty()) {
                    why = "expansion entry " + shown(string_of(c, "code")) + " has no system";
                    return;
                }
                if (auto p = concept_problem(c, system); !p.empty()) {
                    why = p;
                    return;
                }
                out.push_back(contains_entry(c, system));
            }
            if (c.contains("contains") && c["contains"].is_array()) walk(c["contains"], depth + 1);
        }
    };
    walk(*it, 0);
    if (!why.empty()) return why;
    if (exp.contains("total") && exp["total"].is_number_integer() && exp["total"].get<long long>() > static_cast<long long>(out.size()))
        return "the expansion holds " + std::to_string(out.size()) + " of its " + exp["total"].dump() +
               " concepts (a page): expand it whole";
    return "";
}

// Includes (and excludes) that list their concepts. Anything a terminology server would have to work out is refused.
std::string read_compose(const json& compose, json& out) {
    if (!compose.is_object() || !compose.contains("include") || !compose["include"].is_array())
        return "compose has no include list";
    auto needs_server = [](const json& inc, const char* what) -> std::string {
        if (!inc.is_object()) return std::string("an ") + what + " is not an object";
        const std::string system = string_of(inc, "system");
        if (inc.contains("valueSet"))
            return std::string("an ") + what + " imports another ValueSet " + shown(inc["valueSet"].dump()) +
                   ": expanding it needs a terminology server; supply the expansion instead";
        if (inc.contains("filter"))
            return std::string("an ") + what + " on " + shown(system) +
                   " has a filter: which codes it means needs a terminology server; supply the expansion ($expand) instead";
        if (system.empty()) return std::string("an ") + what + " has no system";
        if (!inc.contains("concept") || !inc["concept"].is_array() || inc["concept"].empty())
            return std::string("an ") + what + " takes all of code system " + shown(system) +
                   ": expanding it needs a terminology server; list its concepts or supply the expansion";
        return "";
    };
    std::set<std::pair<std::string, std::string>> excluded;
    if (compose.contains("exclude")) {
        if (!compose["exclude"].is_array()) return "compose.exclude must be an array";
        for (const auto& ex : compose["exclude"]) {
            if (auto p = needs_server(ex, "exclude"); !p.empty()) return p;
            for (const auto& c : ex["concept"])
                if (c.is_object()) excluded.emplace(string_of(ex, "system"), string_of(c, "code"));
        }
    }
    for (const auto& inc : compose["include"]) {
        if (auto p = needs_server(inc, "include"); !p.empty()) return p;
        const std::string system = string_of(inc, "system");
        for (const auto& c : inc["concept"]) {
            if (auto p = concept_problem(c, system); !p.empty()) return p;
            if (excluded.count({system, c["code"].get<std::string>()})) continue;
            out.push_back(contains_entry(c, system));
        }
    }
    return "";
}

// The file as a SuppliedValueSet, or why not.
std::string read_value_set(const fs::path& file, SuppliedValueSet& vs) {
    auto text = read_file_at_most(file, kMaxFileBytes);
    if (!text) return text.error().message;
    if (json_depth(*text, kMaxJsonDepth + 1) > kMaxJsonDepth) return "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    json j = json::parse(*text, nullptr, false);
    if (j.is_discarded()) return "not valid JSON";
    if (!j.is_object()) return "not a JSON object";
    const std::string rt = string_of(j, "resourceType");
    if (rt != "ValueSet")
        return "not a ValueSet (resourceType " + shown(rt.empty() ? "?" : rt) + "); save each ValueSet as its own file";
    vs.url = string_of(j, "url");
    if (vs.url.empty()) return "a ValueSet without url: answerValueSet names ValueSets by their url";
    if (vs.url.find('|') != std::string::npos) return "url " + shown(vs.url) + " has a '|': put the version in 'version'";
    vs.version = string_of(j, "version");
    vs.title = string_of(j, "title");
    if (vs.title.empty()) vs.title = string_of(j, "name");
    json contains = json::array();
    std::string expansion_time, why;
    if (j.contains("expansion")) {
        why = read_expansion(j["expansion"], contains);
        expansion_time = string_of(j["expansion"], "timestamp");
    } else if (j.contains("compose")) {
        why = read_compose(j["compose"], contains);
    } else {
        why = "has neither an expansion (what a terminology server's $expand returns) nor a compose that lists its concepts";
    }
    if (!why.empty()) return why;
    if (contains.empty()) return "lists no concepts";
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& c : contains)
        if (!seen.emplace(c["system"].get<std::string>(), c["code"].get<std::string>()).second)
            return "code " + shown(c["code"].get<std::string>()) + " of " + shown(c["system"].get<std::string>()) + " appears twice";

    json out = json::object();
    out["resourceType"] = "ValueSet";
    for (const char* k : {"url", "version", "name", "title", "status", "language", "_title"})
        if (j.contains(k)) out[k] = j[k];
    if (!out.contains("status")) out["status"] = "unknown";
    json exp = json::object();
    if (j.contains("expansion") && j["expansion"].contains("identifier")) exp["identifier"] = j["expansion"]["identifier"];
    if (expansion_time.empty()) {
        // Expanded here, from the listed concepts: now is when.
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
        expansion_time = rfc3339_ms(ms);
    }
    exp["timestamp"] = expansion_time;
    exp["total"] = contains.size();
    exp["contains"] = contains;
    out["expansion"] = exp;
    vs.concepts = contains.size();
    vs.expanded_json = out.dump();
    return "";
}

// A FHIR id from a url's last segment: other characters become '-'.
std::string id_from_url(const std::string& url) {
    std::string seg = url;
    while (!seg.empty() && seg.back() == '/') seg.pop_back();
    if (auto slash = seg.rfind('/'); slash != std::string::npos) seg = seg.substr(slash + 1);
    std::string id = "vs-";
    for (char c : seg) id += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.') ? c : '-';
    if (id.size() > 60) id.resize(60);
    return id;
}

}  // namespace

// [SECTION] ValueSetLibrary

ValueSetLibrary ValueSetLibrary::read_dir(const fs::path& dir, std::vector<Problem>& problems) {
    ValueSetLibrary lib;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        problems.push_back({dir.string(), "", "not a folder of ValueSet files"});
        return lib;
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    if (files.empty()) problems.push_back({dir.string(), "", "no *.json ValueSet in this folder"});
    for (const auto& f : files) {
        SuppliedValueSet vs;
        vs.file = f.string();
        std::string why;
        try {
            why = read_value_set(f, vs);
        } catch (const std::exception& e) {  // nothing of a hostile file leaves as an exception
            why = std::string("unexpected JSON structure: ") + e.what();
        }
        if (!why.empty()) {
            problems.push_back({vs.file, "", why});
            continue;
        }
        auto twin = std::find_if(lib.sets.begin(), lib.sets.end(),
                                 [&](const SuppliedValueSet& o) { return o.url == vs.url && o.version == vs.version; });
        if (twin != lib.sets.end()) {
            problems.push_back({vs.file, "", "ValueSet " + shown(vs.url) + (vs.version.empty() ? "" : " version " + shown(vs.version)) +
                                                 " is also in " + twin->file});
            continue;
        }
        lib.sets.push_back(std::move(vs));
    }
    return lib;
}

const SuppliedValueSet* ValueSetLibrary::find(const std::string& canonical, std::string* why) const {
    const auto bar = canonical.find('|');
    const std::string url = canonical.substr(0, bar);
    const std::string version = bar == std::string::npos ? "" : canonical.substr(bar + 1);
    std::vector<const SuppliedValueSet*> fits;
    for (const auto& s : sets)
        if (s.url == url) fits.push_back(&s);
    if (why) why->clear();
    if (fits.empty()) return nullptr;
    if (!version.empty()) {
        for (const auto* s : fits)
            if (s->version == version) return s;
        if (why) {
            *why = "answerValueSet asks for version " + shown(version) + " of " + shown(url) + "; supplied:";
            for (const auto* s : fits) *why += " " + (s->version.empty() ? std::string("no version") : shown(s->version)) + " (" + s->file + ")";
        }
        return nullptr;
    }
    if (fits.size() > 1) {
        if (why) {
            *why = "several versions of " + shown(url) + " are supplied:";
            for (const auto* s : fits) *why += " " + (s->version.empty() ? std::string("no version") : shown(s->version)) + " (" + s->file + ")";
            *why += "; name one in answerValueSet as url|version, or supply one";
        }
        return nullptr;
    }
    return fits.front();
}

// [SECTION] embedding into a questionnaire

namespace {
EmbedResult embed(const std::string& text, const ValueSetLibrary& supplied, const std::string& file_label);
}  // namespace

EmbedResult embed_value_sets(const std::string& text, const ValueSetLibrary& supplied, const std::string& file_label) {
    try {
        return embed(text, supplied, file_label);
    } catch (const std::exception&) {
        EmbedResult r;  // a structure the walk did not expect: unchanged, the loader says what is wrong
        r.json_text = text;
        return r;
    }
}

namespace {
EmbedResult embed(const std::string& text, const ValueSetLibrary& supplied, const std::string& file_label) {
    EmbedResult r;
    r.json_text = text;
    if (supplied.sets.empty() || text.size() > kMaxFileBytes || json_depth(text, kMaxJsonDepth + 1) > kMaxJsonDepth) return r;
    json q = json::parse(text, nullptr, false);
    if (q.is_discarded() || !q.is_object() || !q.contains("item") || !q["item"].is_array()) return r;
    if (q.contains("contained") && !q["contained"].is_array()) return r;  // the loader refuses it

    // What the questionnaire holds itself: contained ids, and contained ValueSets by url (they win).
    std::set<std::string> ids, contained_urls;
    if (q.contains("contained"))
        for (const auto& c : q["contained"]) {
            if (!c.is_object()) continue;
            if (c.contains("id") && c["id"].is_string()) ids.insert(c["id"].get<std::string>());
            if (string_of(c, "resourceType") == "ValueSet" && !string_of(c, "url").empty()) contained_urls.insert(string_of(c, "url"));
        }
    std::map<const SuppliedValueSet*, std::string> id_of;
    json added = json::array();
    std::function<void(json&)> walk = [&](json& items) {
        if (!items.is_array()) return;
        for (auto& it : items) {
            if (!it.is_object()) continue;
            if (it.contains("answerValueSet") && it["answerValueSet"].is_string()) {
                const std::string ref = it["answerValueSet"].get<std::string>();
                if (!ref.empty() && ref[0] != '#' && !contained_urls.count(ref.substr(0, ref.find('|')))) {
                    std::string why;
                    if (const auto* vs = supplied.find(ref, &why)) {
                        auto [pos, fresh] = id_of.emplace(vs, "");
                        if (fresh) {
                            std::string base = id_from_url(vs->url), id = base;
                            for (int n = 2; ids.count(id); ++n) id = base + "-" + std::to_string(n);
                            ids.insert(id);
                            pos->second = id;
                            json res = json::parse(vs->expanded_json);
                            json with_id = {{"resourceType", "ValueSet"}, {"id", id}};
                            for (auto e = res.begin(); e != res.end(); ++e)
                                if (e.key() != "resourceType") with_id[e.key()] = e.value();
                            added.push_back(std::move(with_id));
                            r.embedded.push_back(vs->url + (vs->version.empty() ? "" : "|" + vs->version));
                        }
                        it["answerValueSet"] = "#" + pos->second;
                    } else if (!why.empty()) {
                        r.problems.push_back({file_label, string_of(it, "linkId"), why});
                    }
                }
            }
            if (it.contains("item")) walk(it["item"]);
        }
    };
    walk(q["item"]);
    if (added.empty()) return r;
    if (!q.contains("contained")) q["contained"] = json::array();
    for (auto& a : added) q["contained"].push_back(std::move(a));
    r.json_text = q.dump(2) + "\n";
    return r;
}
}  // namespace

LoadResult load_questionnaire_file(const fs::path& file, const ValueSetLibrary& supplied, std::vector<std::string>* embedded) {
    auto text = read_file_at_most(file, kMaxFileBytes);
    if (!text) {
        LoadResult r;
        r.problems.push_back({file.string(), "", text.error().message});
        return r;
    }
    auto e = embed_value_sets(*text, supplied, file.string());
    if (embedded) *embedded = e.embedded;
    LoadResult r = load_questionnaire_json(e.json_text, file.string());
    if (!e.problems.empty()) {
        r.questionnaire.reset();
        r.problems.insert(r.problems.begin(), e.problems.begin(), e.problems.end());
    }
    return r;
}

}  // namespace kiosk::questionnaire
