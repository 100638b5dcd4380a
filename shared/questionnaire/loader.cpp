// How the loader works: the text is size- and depth-checked before
// nlohmann-json parses it (so hostile nesting cannot exhaust the stack), then
// one pass builds the model while checking each element's type and the
// subset, and a second pass checks what needs the whole tree (duplicate
// linkIds, enableWhen targets, translations). Every finding becomes a
// Problem; json exceptions are caught here and never leave the loader.
//
// Index of this file:
// [SECTION] extension URLs and known value sets
// [SECTION] Loader: problems and the top level
// [SECTION] Loader: typed accessors
// [SECTION] Loader: extensions and expressions
// [SECTION] Loader: codings, answer values and value sets
// [SECTION] Loader: items
// [SECTION] Loader: whole-tree checks
// [SECTION] public API
//
// Why this file is long: one Loader class reads a Questionnaire: every element reader
// is a member so each Problem carries the item's path, and the whole-tree checks
// share its Problem list, the contained value sets and the linkId index. Split into
// files, one piece of state would be spread behind an internal header; the sections
// below follow the reading order instead.
#include "questionnaire/loader.hpp"

#include "core/files.hpp"
#include "core/json_text.hpp"
#include "questionnaire/fhirpath.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace kiosk::questionnaire {
namespace {

using json = nlohmann::json;

// [SECTION] extension URLs and known value sets
constexpr const char* kMinValueUrl = "http://hl7.org/fhir/StructureDefinition/minValue";
constexpr const char* kMaxValueUrl = "http://hl7.org/fhir/StructureDefinition/maxValue";
constexpr const char* kItemControlUrl = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";
constexpr const char* kHiddenUrl = "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden";
constexpr const char* kUnitUrl = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit";
constexpr const char* kUnitOptionUrl = "http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption";
constexpr const char* kMaxDecimalPlacesUrl = "http://hl7.org/fhir/StructureDefinition/maxDecimalPlaces";
constexpr const char* kSdc = "http://hl7.org/fhir/uv/sdc/StructureDefinition/";
constexpr const char* kVariableUrl = "http://hl7.org/fhir/StructureDefinition/variable";
constexpr const char* kCqfExpressionUrl = "http://hl7.org/fhir/StructureDefinition/cqf-expression";
constexpr const char* kCqfCalculatedUrl = "http://hl7.org/fhir/StructureDefinition/cqf-calculatedValue";

// SDC extensions by their name after kSdc (or the older .../StructureDefinition/ base some forms use).
std::string sdc_name(const std::string& url) {
    for (const char* base : {kSdc, "http://hl7.org/fhir/StructureDefinition/"}) {
        std::string b = base;
        if (url.rfind(b, 0) == 0) {
            std::string name = url.substr(b.size());
            if (name.rfind("sdc-questionnaire-", 0) == 0) return name.substr(18);
        }
    }
    return "";
}

// FHIR core value sets whose content the R4 specification fixes, so the
// kiosk can expand them offline (any other answerValueSet must be contained).
struct KnownConcept {
    const char* system;
    const char* code;
    const char* display;
};
const std::map<std::string, std::vector<KnownConcept>>& known_value_sets() {
    static const std::map<std::string, std::vector<KnownConcept>> k = {
        {"http://hl7.org/fhir/ValueSet/yesnodontknow",
         {{"http://terminology.hl7.org/CodeSystem/v2-0136", "Y", "Yes"},
          {"http://terminology.hl7.org/CodeSystem/v2-0136", "N", "No"},
          {"http://terminology.hl7.org/CodeSystem/data-absent-reason", "asked-unknown", "Don't know"}}},
        {"http://hl7.org/fhir/ValueSet/administrative-gender",
         {{"http://hl7.org/fhir/administrative-gender", "male", "Male"},
          {"http://hl7.org/fhir/administrative-gender", "female", "Female"},
          {"http://hl7.org/fhir/administrative-gender", "other", "Other"},
          {"http://hl7.org/fhir/administrative-gender", "unknown", "Unknown"}}},
    };
    return k;
}

// A FHIR id made from a url's last segment or a file name: other characters become '-'.
std::string to_fhir_id(std::string s) {
    for (auto& c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') c = '-';
    if (s.size() > 64) s.resize(64);
    return s;
}
const std::set<std::string> kOrdinalUrls = {
    "http://hl7.org/fhir/StructureDefinition/ordinalValue",
    "http://hl7.org/fhir/StructureDefinition/questionnaire-ordinalValue",
    "http://hl7.org/fhir/StructureDefinition/itemWeight",
    "http://hl7.org/fhir/StructureDefinition/iso21090-CO-value",
};

const std::set<std::string> kQuestionnaireKeys = {
    "resourceType", "id", "meta", "language", "text", "contained", "extension", "modifierExtension",
    "url", "identifier", "version", "name", "title", "derivedFrom", "status", "experimental",
    "subjectType", "date", "publisher", "contact", "description", "useContext", "jurisdiction",
    "purpose", "copyright", "approvalDate", "lastReviewDate", "effectivePeriod", "code", "item"};
const std::set<std::string> kItemKeys = {
    "id", "extension", "modifierExtension", "linkId", "definition", "code", "prefix", "text", "type",
    "enableWhen", "enableBehavior", "required", "repeats", "readOnly", "maxLength", "answerValueSet",
    "answerOption", "initial", "item"};
const std::set<std::string> kVariants = {"full", "short", "easy", "youth", "child", "intake", "effect"};

// User-controlled text inside a message: bounded and on one line.
std::string quote(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (out.size() >= 60) {
            out += "...";
            break;
        }
        out += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
    }
    return "'" + out + "'";
}


bool fits_int32(const json& v) {
    if (v.is_number_unsigned()) return v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int32_t>::max());
    if (v.is_number_integer()) {
        auto i = v.get<std::int64_t>();
        return i >= std::numeric_limits<std::int32_t>::min() && i <= std::numeric_limits<std::int32_t>::max();
    }
    return false;
}

// [SECTION] Loader: problems and the top level
class Loader {
public:
    explicit Loader(std::string file) : file_(std::move(file)) {}

    std::vector<Problem> problems;
    std::vector<Problem> notes;

    void note(const std::string& link_id, const std::string& message) {
        if (notes.size() < 200) notes.push_back({file_, link_id, message});
    }

    void add(const std::string& link_id, const std::string& message) {
        // A broken file can produce thousands of findings; the first ones say enough.
        if (problems.size() < 200) problems.push_back({file_, link_id, message});
        else if (problems.size() == 200) problems.push_back({file_, "", "too many problems; stopped listing"});
    }

    std::optional<Questionnaire> load(const json& root) {
        root_ = &root;
        if (!root.is_object()) {
            add("", "not a JSON object");
            return std::nullopt;
        }
        auto rt = root.find("resourceType");
        if (rt == root.end() || !rt->is_string() || *rt != "Questionnaire") {
            add("", "resourceType must be \"Questionnaire\"");
            return std::nullopt;
        }
        Questionnaire q;
        check_keys(root, kQuestionnaireKeys, "");
        check_modifiers(root, "");
        if (root.contains("implicitRules")) add("", "implicitRules is not supported");

        if (auto id = str(root, "id", "")) q.id = *id;
        if (auto v = str(root, "url", "")) q.url = *v;
        auto is_fhir_id = [](const std::string& id) {
            return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
            });
        };
        if (!q.id.empty() && !is_fhir_id(q.id)) {
            // The id is the server's name for the resource; the response names the questionnaire by url|version.
            // A malformed one (a space, too long) is replaced as if it were absent.
            note("", "id " + quote(q.id) + " is not a FHIR id (letters, digits, '-', '.'; at most 64): the url's last segment or the file name is used instead");
            q.id.clear();
        }
        if (q.id.empty() && (!root.contains("id") || root["id"].is_string())) {
            // R4 makes id optional; published forms carry a url instead. Its last segment, else the file name.
            std::string seg = q.url;
            if (auto bar = seg.find('|'); bar != std::string::npos) seg.resize(bar);
            while (!seg.empty() && seg.back() == '/') seg.pop_back();
            if (auto slash = seg.rfind('/'); slash != std::string::npos) seg = seg.substr(slash + 1);
            q.id = to_fhir_id(seg);
            if (q.id.empty()) q.id = to_fhir_id(std::filesystem::path(file_).stem().string());
        }
        if (q.id.empty()) add("", "id is missing");
        else if (!is_fhir_id(q.id))
            add("", "id " + quote(q.id) + " is not a FHIR id (letters, digits, '-', '.'; at most 64)");
        if (auto v = str(root, "version", "")) q.version = *v;
        if (auto v = str(root, "name", "")) q.name = *v;
        if (auto v = str(root, "status", "")) q.status = *v;
        static const std::set<std::string> kStatus = {"draft", "active", "retired", "unknown"};
        if (q.status.empty() && !root.contains("status")) {
            // R4 requires it, but it says only where the form is in its publication life; it changes nothing asked.
            note("", "status is missing (R4 requires it): read as 'unknown'");
            q.status = "unknown";
        } else if (q.status.empty()) add("", "status is missing");
        else if (!kStatus.count(q.status)) add("", "status " + quote(q.status) + " is not a FHIR publication status");
        if (auto v = str(root, "language", "")) q.language = *v;
        else q.language = "en";  // FHIR samples often omit it; they are English
        base_lang_ = q.language;
        q.title = text(root, "title", "");
        q.description = text(root, "description", "");

        for (const auto& [url, ext] : extensions(root, "")) questionnaire_extension(q, url, *ext);

        read_contained(root);

        if (auto items = root.find("item"); items != root.end()) {
            if (!items->is_array()) add("", "item must be an array");
            else read_items(*items, q.items, 1, "", "");
        }
        if (q.items.empty() && problems.empty()) add("", "has no items");

        q.context_names = context_names_;
        check_tree(q);
        if (!problems.empty()) return std::nullopt;
        if (has_expressions_) q.source_json = root.dump();
        return q;
    }

private:
    std::string file_;
    std::map<std::string, const json*> contained_;  // contained ValueSets by id
    std::map<std::string, const json*> contained_by_url_;  // and by canonical url (without |version)
    std::string base_lang_;  // the questionnaire's language (a ValueSet designation in it is the option's text)
    std::size_t item_count_ = 0;
    const json* root_ = nullptr;
    std::map<std::string, fhirpath::Expression> answer_expressions_;  // by linkId, until the item's options are read
    std::vector<std::string> context_names_;  // launchContext, assembleContext, x-fhir-query variables
    bool has_expressions_ = false;

    // [SECTION] Loader: typed accessors
    // absent -> nullopt, wrong type -> Problem
    std::optional<std::string> str(const json& o, const char* key, const std::string& link) {
        auto it = o.find(key);
        if (it == o.end()) return std::nullopt;
        if (!it->is_string()) {
            add(link, std::string(key) + " must be a string");
            return std::nullopt;
        }
        return it->get<std::string>();
    }
    std::optional<bool> boolean(const json& o, const char* key, const std::string& link) {
        auto it = o.find(key);
        if (it == o.end()) return std::nullopt;
        if (!it->is_boolean()) {
            add(link, std::string(key) + " must be true or false");
            return std::nullopt;
        }
        return it->get<bool>();
    }
    std::optional<std::int64_t> integer(const json& o, const char* key, const std::string& link) {
        auto it = o.find(key);
        if (it == o.end()) return std::nullopt;
        if (!fits_int32(*it)) {
            add(link, std::string(key) + " must be a whole number");
            return std::nullopt;
        }
        return it->get<std::int64_t>();
    }

    void check_keys(const json& o, const std::set<std::string>& allowed, const std::string& link) {
        for (auto it = o.begin(); it != o.end(); ++it) {
            const std::string& k = it.key();
            std::string bare = (!k.empty() && k[0] == '_') ? k.substr(1) : k;
            if (!allowed.count(bare)) add(link, "element " + quote(k) + " is not supported");
        }
    }

    void check_modifiers(const json& o, const std::string& link) {
        auto it = o.find("modifierExtension");
        if (it == o.end()) return;
        if (!it->is_array()) {
            add(link, "modifierExtension must be an array");
            return;
        }
        for (const auto& m : *it) {
            std::string url = (m.is_object() && m.contains("url") && m["url"].is_string()) ? m["url"].get<std::string>() : "?";
            add(link, "unknown modifierExtension " + quote(url) + " makes the questionnaire unusable");
        }
    }

    // [SECTION] Loader: extensions and expressions
    // The extensions of an element as (url, node); malformed ones become Problems.
    std::vector<std::pair<std::string, const json*>> extensions(const json& o, const std::string& link) {
        std::vector<std::pair<std::string, const json*>> out;
        auto it = o.find("extension");
        if (it == o.end()) return out;
        if (!it->is_array()) {
            add(link, "extension must be an array");
            return out;
        }
        for (const auto& e : *it) {
            if (!e.is_object() || !e.contains("url") || !e["url"].is_string()) {
                add(link, "an extension without a url");
                continue;
            }
            out.emplace_back(e["url"].get<std::string>(), &e);
        }
        return out;
    }

    // A string element with its translations from "_key".
    Translatable text(const json& o, const std::string& key, const std::string& link) {
        Translatable t;
        if (auto v = str(o, key.c_str(), link)) t.base = *v;
        auto u = o.find("_" + key);
        if (u == o.end()) return t;
        if (!u->is_object()) {
            add(link, "_" + key + " must be an object");
            return t;
        }
        for (const auto& [url, ext] : extensions(*u, link)) {
            if (url != kTranslationUrl) continue;  // other extensions on text (rendering-xhtml...) are hints we ignore
            std::string lang, content;
            bool has_lang = false, has_content = false;
            for (const auto& [sub, node] : extensions(*ext, link)) {
                if (sub == "lang" && node->contains("valueCode") && (*node)["valueCode"].is_string()) {
                    lang = (*node)["valueCode"].get<std::string>();
                    has_lang = true;
                } else if (sub == "content" && node->contains("valueString") && (*node)["valueString"].is_string()) {
                    content = (*node)["valueString"].get<std::string>();
                    has_content = true;
                }
            }
            if (!has_lang || !has_content || lang.empty()) {
                add(link, "translation of " + key + " needs a lang (valueCode) and a content (valueString)");
                continue;
            }
            if (t.translations.count(lang)) add(link, "two " + quote(lang) + " translations of " + key);
            t.translations[lang] = content;
        }
        return t;
    }

    static std::string ours(const std::string& url) {
        std::string base = kOurExtensionBase;
        return url.rfind(base, 0) == 0 ? url.substr(base.size()) : "";
    }

    std::optional<std::string> ext_string(const json& ext, const char* key, const std::string& link, const std::string& name) {
        auto it = ext.find(key);
        if (it == ext.end() || !it->is_string() || it->get<std::string>().empty()) {
            add(link, "extension " + name + " needs a non-empty " + key);
            return std::nullopt;
        }
        return it->get<std::string>();
    }

    // An SDC Expression (valueExpression) as our Expression; refusals name what is wrong.
    // Returns nullopt for an expression we leave alone (x-fhir-query: a server query; its name is then a context).
    std::optional<Expression> expression(const json& ext, const std::string& link, const std::string& what, std::string* name = nullptr) {
        auto ve = ext.find("valueExpression");
        if (ve == ext.end() || !ve->is_object()) {
            add(link, what + " needs a valueExpression");
            return std::nullopt;
        }
        std::string lang = ve->contains("language") && (*ve)["language"].is_string() ? (*ve)["language"].get<std::string>() : "";
        std::string text = ve->contains("expression") && (*ve)["expression"].is_string() ? (*ve)["expression"].get<std::string>() : "";
        if (name) *name = ve->contains("name") && (*ve)["name"].is_string() ? (*ve)["name"].get<std::string>() : "";
        if (lang == "application/x-fhir-query") {
            if (name && !name->empty()) context_names_.push_back(*name);
            else add(link, what + ": an x-fhir-query needs a server; the kiosk works offline");
            return std::nullopt;
        }
        if (lang != "text/fhirpath") {
            add(link, what + " in " + quote(lang.empty() ? "?" : lang) + ": only text/fhirpath expressions can run on the kiosk");
            return std::nullopt;
        }
        if (text.empty()) {
            add(link, what + " has no expression");
            return std::nullopt;
        }
        auto compiled = fhirpath::compile(text);
        if (!compiled) {
            add(link, what + " " + quote(text) + ": " + compiled.error().message);
            return std::nullopt;
        }
        has_expressions_ = true;
        expressions_.push_back({link, what, *compiled});
        return Expression{text};
    }
    struct SeenExpression {
        std::string link;
        std::string what;
        fhirpath::Expression compiled;
    };
    std::vector<SeenExpression> expressions_;
    std::vector<std::pair<std::string, std::string>> variable_names_;  // (linkId or "", name), to check %names

    void variable(std::vector<Variable>& out, const json& ext, const std::string& link) {
        std::string name;
        auto e = expression(ext, link, "variable", &name);
        if (!e) return;
        if (name.empty()) {
            add(link, "a variable without a name");
            return;
        }
        out.push_back({name, *e});
        variable_names_.emplace_back(link, name);
    }

    // SDC answerOptionsToggleExpression: one or more `option` (value[x]) and one `expression`. Which item
    // options they name is checked once the item's options are read (check_option_toggles).
    void option_toggle(Item& item, const json& ext, const std::string& link) {
        const std::string what = "answerOptionsToggleExpression";
        OptionToggle t;
        int expressions = 0;
        bool ok = true;
        for (const auto& [sub, node] : extensions(ext, link)) {
            if (sub == "option") {
                if (auto v = one_value(*node, "value", link, "answerOptionsToggleExpression option")) t.options.push_back(*v);
                else ok = false;
            } else if (sub == "expression") {
                ++expressions;
                if (auto e = expression(*node, link, what)) t.expression = *e;
                else ok = false;
            }
        }
        if (t.options.empty()) add(link, what + " names no option"), ok = false;
        if (expressions != 1) add(link, what + " needs exactly one expression"), ok = false;
        if (ok) item.option_toggles.push_back(std::move(t));
    }

    // Every option a toggle names must be one of the item's options (stored as that option's value), and
    // in one toggle only: two expressions for one option would leave open which one decides.
    void check_option_toggles(Item& item, const std::string& link) {
        if (item.option_toggles.empty()) return;
        if (!item.has_options()) {
            add(link, "answerOptionsToggleExpression is only for choice and open-choice items");
            return;
        }
        std::set<std::size_t> seen;
        for (auto& t : item.option_toggles)
            for (auto& v : t.options) {
                std::size_t found = item.options.size();
                for (std::size_t i = 0; i < item.options.size() && found == item.options.size(); ++i) {
                    const Value& o = item.options[i].value;
                    const Coding* a = std::get_if<Coding>(&v);
                    const Coding* b = std::get_if<Coding>(&o);
                    if (a && b ? (a->code == b->code && (a->system.empty() || a->system == b->system)) : values_equal(v, o)) found = i;
                }
                if (found == item.options.size()) {
                    add(link, "answerOptionsToggleExpression names option " + quote(value_to_string(v)) + ", which the item does not have");
                    continue;
                }
                if (!seen.insert(found).second)
                    add(link, "answerOptionsToggleExpression names option " + quote(value_to_string(v)) + " twice");
                v = item.options[found].value;
            }
    }

    void questionnaire_extension(Questionnaire& q, const std::string& url, const json& ext) {
        if (url == kVariableUrl) return variable(q.variables, ext, "");
        std::string sdc = sdc_name(url);
        if (sdc == "launchContext") {
            // A record the form would be pre-filled from (the patient...): a kiosk has none, so it reads as empty.
            for (const auto& [sub, node] : extensions(ext, "")) {
                if (sub != "name") continue;
                if (node->contains("valueCoding") && (*node)["valueCoding"].is_object() && (*node)["valueCoding"].contains("code") &&
                    (*node)["valueCoding"]["code"].is_string())
                    context_names_.push_back((*node)["valueCoding"]["code"].get<std::string>());
                else if (node->contains("valueId") && (*node)["valueId"].is_string())
                    context_names_.push_back((*node)["valueId"].get<std::string>());
            }
            return;
        }
        if (sdc == "assembleContext") {
            if (ext.contains("valueString") && ext["valueString"].is_string()) context_names_.push_back(ext["valueString"].get<std::string>());
            return;
        }
        std::string name = ours(url);
        if (name.empty()) return;  // FHIR: an extension we do not know is ignored
        if (name == "languages") {
            if (auto v = ext_string(ext, "valueCode", "", name)) q.languages.push_back(*v);
        } else if (name == "variant") {
            if (auto v = ext_string(ext, "valueCode", "", name)) {
                if (!kVariants.count(*v)) add("", "variant " + quote(*v) + " is not one of full, short, easy, youth, child, intake, effect");
                q.variant = *v;
            }
        } else if (name == "minutes") {
            auto v = integer(ext, "valueInteger", "");
            if (!v || *v <= 0 || *v > 600) add("", "extension minutes needs a valueInteger from 1 to 600");
            else q.minutes = static_cast<int>(*v);
        } else if (name == "icon") {
            if (auto v = ext_string(ext, "valueString", "", name)) q.icon = *v;
        } else if (name == "register") {
            if (auto v = ext_string(ext, "valueCode", "", name)) {
                if (*v != "u" && *v != "je") add("", "register " + quote(*v) + " is not one of u, je");
                else if (!q.address.empty()) add("", "register is declared twice");
                q.address = *v;
            }
        } else if (name == "purpose") {
            if (auto v = ext_string(ext, "valueCode", "", name)) {
                if (*v != "measure" && *v != "conversation")
                    add("", "purpose " + quote(*v) + " is not one of measure, conversation");
                q.purpose = *v;
            }
        } else {
            add("", "extension " + quote(name) + " of ours is unknown on a Questionnaire");
        }
    }

    std::optional<Coding> unit_coding(const json& ext, const std::string& link) {
        auto c = ext.find("valueCoding");
        if (c == ext.end()) {
            add(link, "a unit needs a valueCoding");
            return std::nullopt;
        }
        if (!c->is_object()) {
            add(link, "a unit needs a Coding object");
            return std::nullopt;
        }
        Coding u;  // a unit may be a display alone ("mmHg" without a UCUM code)
        if (auto v = str(*c, "system", link)) u.system = *v;
        if (auto v = str(*c, "code", link)) u.code = *v;
        u.display = text(*c, "display", link);
        if (u.code.empty() && u.display.base.empty()) {
            add(link, "a unit needs a code or a display");
            return std::nullopt;
        }
        return u;
    }

    void item_extension(Item& item, const std::string& url, const json& ext, const std::string& link) {
        if (url == kHiddenUrl) {
            if (!ext.contains("valueBoolean") || !ext["valueBoolean"].is_boolean()) add(link, "questionnaire-hidden needs a valueBoolean");
            else item.hidden = ext["valueBoolean"].get<bool>();
            return;
        }
        if (url == kUnitUrl || url == kUnitOptionUrl) {
            if (auto c = unit_coding(ext, link)) item.units.push_back(*c);
            return;
        }
        if (url == kMaxDecimalPlacesUrl) {
            auto v = integer(ext, "valueInteger", link);
            if (!v || *v < 0) add(link, "maxDecimalPlaces needs a valueInteger of 0 or more");
            else item.max_decimal_places = static_cast<int>(*v);
            return;
        }
        if (url == kVariableUrl) return variable(item.variables, ext, link);
        if (url == kCqfExpressionUrl || url == kCqfCalculatedUrl) {
            add(link, "a CQL expression (" + quote(url.substr(url.rfind('/') + 1)) + ") cannot run on the kiosk");
            return;
        }
        if (std::string sdc = sdc_name(url); !sdc.empty()) {
            if (sdc == "calculatedExpression") {
                if (auto e = expression(ext, link, "calculatedExpression")) item.calculated = *e;
            } else if (sdc == "initialExpression") {
                if (!ext.contains("valueExpression") && ext.contains("valueString")) {
                    // Not valid SDC (an Expression is required). Guessing what the text means would be making
                    // up a value; a start value missing changes nothing that is asked (launch contexts are empty offline too).
                    note(link, "initialExpression has a valueString, not a valueExpression (not valid SDC): ignored, the item starts empty");
                } else if (auto e = expression(ext, link, "initialExpression")) {
                    item.initial_expression = *e;
                }
            } else if (sdc == "enableWhenExpression") {
                if (auto e = expression(ext, link, "enableWhenExpression")) item.enable_when_expression = *e;
            } else if (sdc == "answerOptionsToggleExpression") {
                option_toggle(item, ext, link);
            } else if (sdc == "answerExpression") {
                // Simple ones only: the options come from the questionnaire itself, so they are the same for
                // every resident and are read once, here. Options that follow the answers are refused.
                if (auto e = expression(ext, link, "answerExpression")) {
                    auto compiled = fhirpath::compile(e->text);
                    std::set<std::string> reads = compiled ? compiled->variables : std::set<std::string>{};
                    reads.erase("questionnaire");
                    const bool clock = e->text.find("today()") != std::string::npos || e->text.find("now()") != std::string::npos;
                    if (!reads.empty() || clock)
                        add(link, "answerExpression " + quote(e->text) + " reads " + (clock ? std::string("the clock") : "%" + *reads.begin()) +
                                      ": answer options computed while filling in are outside what the kiosk runs (only options read from %questionnaire)");
                    else if (compiled)
                        answer_expressions_[link] = *compiled;
                }
            }
            // Other SDC extensions (extraction, population context, rendering) change nothing that is asked.
            return;
        }
        if (url == kMinValueUrl || url == kMaxValueUrl) {
            const char* which = url == kMinValueUrl ? "minValue" : "maxValue";
            std::optional<double> v;
            if (ext.contains("valueInteger") && fits_int32(ext["valueInteger"])) v = ext["valueInteger"].get<double>();
            else if (ext.contains("valueDecimal") && ext["valueDecimal"].is_number()) v = ext["valueDecimal"].get<double>();
            else if (ext.contains("valueQuantity") && ext["valueQuantity"].is_object() && ext["valueQuantity"].contains("value") &&
                     ext["valueQuantity"]["value"].is_number())
                v = ext["valueQuantity"]["value"].get<double>();
            else if (ext.contains("valueDate") || ext.contains("valueDateTime") || ext.contains("valueTime"))
                return;  // bounds on dates: the kiosk's date entry does not use them
            if (!v) {
                add(link, std::string(which) + " needs a valueInteger or valueDecimal");
                return;
            }
            (url == kMinValueUrl ? item.min_value : item.max_value) = v;
            return;
        }
        if (url == kItemControlUrl) {
            auto cc = ext.find("valueCodeableConcept");
            if (cc == ext.end() || !cc->is_object()) {
                add(link, "itemControl needs a valueCodeableConcept");
                return;
            }
            auto codings = cc->find("coding");
            if (codings == cc->end() || !codings->is_array()) return;
            for (const auto& c : *codings) {
                if (!c.is_object() || !c.contains("code") || !c["code"].is_string()) continue;
                auto code = c["code"].get<std::string>();
                if (code == "slider") item.control = ItemControl::Slider;
                else if (code == "radio-button") item.control = ItemControl::RadioButton;
                else if (code == "drop-down") item.control = ItemControl::DropDown;
                // other controls are rendering hints we do not have; ignored
            }
            return;
        }
        std::string name = ours(url);
        if (name.empty()) return;
        if (name == "domain") {
            if (auto v = ext_string(ext, "valueCode", link, name)) {
                const auto& domains = scoring_domains();
                if (std::find(domains.begin(), domains.end(), *v) == domains.end())
                    add(link, "domain " + quote(*v) + " is not one of body, feelings, meaning, quality-of-life, taking-part, daily-life");
                item.domain = *v;
            }
        } else if (name == "pictogram") {
            if (auto v = ext_string(ext, "valueString", link, name)) item.pictogram = *v;
        } else if (name == "consent-for") {
            if (auto v = ext_string(ext, "valueString", link, name)) item.consent_for.push_back(*v);
        } else if (name == "read-aloud" || name == "scale-low" || name == "scale-high" || name == "sensitive-why") {
            if (!ext_string(ext, "valueString", link, name)) return;
            Translatable t = text(ext, "valueString", link);
            if (name == "read-aloud") item.read_aloud = t;
            else if (name == "scale-low") item.scale_low = t;
            else if (name == "scale-high") item.scale_high = t;
            else item.sensitive_why = t;
        } else {
            add(link, "extension " + quote(name) + " of ours is unknown on an item");
        }
    }

    void option_extensions(AnswerOption& opt, const json& o, const std::string& link) {
        for (const auto& [url, ext] : extensions(o, link)) {
            if (kOrdinalUrls.count(url)) {
                const json& e = *ext;
                if (e.contains("valueDecimal") && e["valueDecimal"].is_number()) opt.ordinal = e["valueDecimal"].get<double>();
                else if (e.contains("valueInteger") && e["valueInteger"].is_number_integer()) opt.ordinal = e["valueInteger"].get<double>();
                else add(link, "ordinalValue needs a valueDecimal");
                continue;
            }
            std::string name = ours(url);
            if (name.empty()) continue;
            if (name == "pictogram") {
                if (auto v = ext_string(*ext, "valueString", link, name)) opt.pictogram = *v;
            } else if (name == "read-aloud") {
                if (ext_string(*ext, "valueString", link, name)) opt.read_aloud = text(*ext, "valueString", link);
            } else {
                add(link, "extension " + quote(name) + " of ours is unknown on an answer option");
            }
        }
    }

    // [SECTION] Loader: codings, answer values and value sets
    std::optional<Coding> coding(const json& c, const std::string& link, const char* what) {
        if (!c.is_object()) {
            add(link, std::string(what) + " must be a Coding object");
            return std::nullopt;
        }
        Coding out;
        if (auto v = str(c, "system", link)) out.system = *v;
        if (auto v = str(c, "code", link)) out.code = *v;
        out.display = text(c, "display", link);
        if (out.code.empty()) {
            add(link, std::string(what) + " has no code");
            return std::nullopt;
        }
        return out;
    }

    // The one value[x] of an answerOption / initial / enableWhen answer[x].
    std::optional<Value> one_value(const json& o, const std::string& prefix, const std::string& link, const char* what,
                                   Translatable* display = nullptr) {
        std::vector<std::string> found;
        for (auto it = o.begin(); it != o.end(); ++it)
            if (it.key().rfind(prefix, 0) == 0 && it.key().size() > prefix.size() &&
                std::isupper(static_cast<unsigned char>(it.key()[prefix.size()])))
                found.push_back(it.key());
        if (found.size() != 1) {
            add(link, std::string(what) + " needs exactly one " + prefix + "[x]");
            return std::nullopt;
        }
        const std::string kind = found[0].substr(prefix.size());
        const json& v = o[found[0]];
        if (kind == "Coding") {
            auto c = coding(v, link, what);
            if (!c) return std::nullopt;
            if (display) *display = c->display;
            return Value{*c};
        }
        if (kind == "String") {
            if (!v.is_string() || v.get<std::string>().empty()) {
                add(link, std::string(what) + " " + found[0] + " must be a non-empty string");
                return std::nullopt;
            }
            if (display) *display = text(o, found[0], link);
            return Value{v.get<std::string>()};
        }
        if (kind == "Integer") {
            if (!fits_int32(v)) {
                add(link, std::string(what) + " " + found[0] + " must be a whole number");
                return std::nullopt;
            }
            if (display) display->base = std::to_string(v.get<std::int64_t>());
            return Value{v.get<std::int64_t>()};
        }
        if (kind == "Decimal") {
            if (!v.is_number()) {
                add(link, std::string(what) + " " + found[0] + " must be a number");
                return std::nullopt;
            }
            return Value{v.get<double>()};
        }
        if (kind == "Date") {
            if (!v.is_string() || !is_valid_date(v.get<std::string>())) {
                add(link, std::string(what) + " " + found[0] + " must be a date like 2026-11-29");
                return std::nullopt;
            }
            if (display) display->base = v.get<std::string>();
            return Value{Date{v.get<std::string>()}};
        }
        if (kind == "Time") {
            if (!v.is_string() || !is_valid_time(v.get<std::string>())) {
                add(link, std::string(what) + " " + found[0] + " must be a time like 14:30:00");
                return std::nullopt;
            }
            std::string t = v.get<std::string>();
            if (t.size() == 5) t += ":00";
            return Value{Time{t}};
        }
        if (kind == "DateTime") {
            if (!v.is_string() || !is_valid_date_time(v.get<std::string>())) {
                add(link, std::string(what) + " " + found[0] + " must be a dateTime like 2026-11-29T14:30:00+01:00");
                return std::nullopt;
            }
            return Value{DateTime{v.get<std::string>()}};
        }
        if (kind == "Quantity") {
            if (!v.is_object() || !v.contains("value") || !v["value"].is_number()) {
                add(link, std::string(what) + " " + found[0] + " needs a number in value");
                return std::nullopt;
            }
            Quantity q;
            q.value = v["value"].get<double>();
            if (auto u = str(v, "unit", link)) q.unit = *u;
            if (auto u = str(v, "system", link)) q.system = *u;
            if (auto u = str(v, "code", link)) q.code = *u;
            return Value{q};
        }
        if (kind == "Boolean") {
            if (!v.is_boolean()) {
                add(link, std::string(what) + " " + found[0] + " must be true or false");
                return std::nullopt;
            }
            return Value{v.get<bool>()};
        }
        add(link, std::string(what) + " " + found[0] + " is not supported");
        return std::nullopt;
    }

    void read_contained(const json& root) {
        auto it = root.find("contained");
        if (it == root.end()) return;
        if (!it->is_array()) {
            add("", "contained must be an array");
            return;
        }
        for (const auto& r : *it) {
            if (!r.is_object() || !r.contains("id") || !r["id"].is_string()) continue;
            if (r.contains("resourceType") && r["resourceType"] == "ValueSet") {
                contained_[r["id"].get<std::string>()] = &r;
                if (r.contains("url") && r["url"].is_string()) contained_by_url_[r["url"].get<std::string>()] = &r;
            }
        }
    }

    std::vector<AnswerOption> value_set_options(const std::string& ref, const std::string& link) {
        std::vector<AnswerOption> out;
        const json* found = nullptr;
        if (!ref.empty() && ref[0] == '#') {
            auto it = contained_.find(ref.substr(1));
            if (it == contained_.end()) {
                add(link, "answerValueSet " + quote(ref) + " names no contained ValueSet");
                return out;
            }
            found = it->second;
        } else {
            const auto bar = ref.find('|');
            std::string canonical = ref.substr(0, bar);
            if (auto it = contained_by_url_.find(canonical); it != contained_by_url_.end()) {
                found = it->second;
                // url|version names one version; a contained ValueSet of another version is not it.
                const std::string asked = bar == std::string::npos ? "" : ref.substr(bar + 1);
                const std::string has = found->contains("version") && (*found)["version"].is_string() ? (*found)["version"].get<std::string>() : "";
                if (!asked.empty() && !has.empty() && asked != has) {
                    add(link, "answerValueSet " + quote(ref) + " asks for version " + quote(asked) + ", the contained ValueSet is version " + quote(has));
                    return out;
                }
            } else if (auto k = known_value_sets().find(canonical); k != known_value_sets().end()) {
                for (const auto& c : k->second) {
                    AnswerOption opt;
                    Coding cd;
                    cd.system = c.system;
                    cd.code = c.code;
                    cd.display.base = c.display;
                    opt.display = cd.display;
                    opt.value = cd;
                    out.push_back(std::move(opt));
                }
                return out;
            } else {
                // The whole url (bounded): the organisation needs it to supply the ValueSet.
                std::string url;
                for (char c : ref.substr(0, 300)) url += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
                add(link, "answerValueSet '" + url + "' is not in the questionnaire: it needs a terminology server, and the kiosk works offline; "
                          "supply that ValueSet (its expansion, or its concepts listed) in a folder with --valuesets DIR "
                          "(kioskctl check, fill, lint, preview, pack build): the pack then carries it");
                return out;
            }
        }
        const json& vs = *found;
        bool whole_system = false;
        auto concept_option = [&](const json& c, const std::string& system) {
            if (!c.is_object()) return;
            AnswerOption opt;
            Coding cd;
            cd.system = system;
            if (auto s = str(c, "system", link)) cd.system = *s;
            if (auto v = str(c, "code", link)) cd.code = *v;
            cd.display = text(c, "display", link);
            if (cd.code.empty()) {
                add(link, "a concept of ValueSet " + quote(ref) + " has no code");
                return;
            }
            designations(c, cd.display, link);
            opt.display = cd.display;
            opt.value = cd;
            option_extensions(opt, c, link);
            out.push_back(std::move(opt));
        };
        if (vs.contains("expansion") && vs["expansion"].is_object() && vs["expansion"].contains("contains") &&
            vs["expansion"]["contains"].is_array()) {
            for (const auto& c : vs["expansion"]["contains"]) concept_option(c, "");
        } else if (vs.contains("compose") && vs["compose"].is_object() && vs["compose"].contains("include") &&
                   vs["compose"]["include"].is_array()) {
            for (const auto& inc : vs["compose"]["include"]) {
                if (!inc.is_object() || !inc.contains("concept") || !inc["concept"].is_array()) {
                    add(link, "ValueSet " + quote(ref) + " includes a whole code system: expanding it needs a terminology server (list its concepts)");
                    whole_system = true;
                    continue;
                }
                std::string system = inc.contains("system") && inc["system"].is_string() ? inc["system"].get<std::string>() : "";
                for (const auto& c : inc["concept"]) concept_option(c, system);
            }
        }
        if (out.empty() && !whole_system) add(link, "ValueSet " + quote(ref) + " lists no concepts");
        return out;
    }

    // A concept's designations by language (use absent or 'display'; synonyms and fully specified names are not
    // what a resident is shown): one in the questionnaire's language is the option's text, the others are its
    // translations where _display gives none. Languages by their primary subtag ("nl-NL" -> "nl").
    void designations(const json& c, Translatable& display, const std::string& link) {
        auto it = c.find("designation");
        if (it == c.end()) return;
        if (!it->is_array()) {
            add(link, "designation must be an array");
            return;
        }
        auto primary = [](std::string l) {
            if (auto dash = l.find('-'); dash != std::string::npos) l.resize(dash);
            for (auto& ch : l) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            return l;
        };
        const std::string base = primary(base_lang_);
        std::set<std::string> seen;
        for (const auto& d : *it) {
            if (!d.is_object() || !d.contains("language") || !d["language"].is_string() || !d.contains("value") || !d["value"].is_string() ||
                d["value"].get<std::string>().empty())
                continue;
            if (d.contains("use")) {
                const json& use = d["use"];
                if (!use.is_object() || !use.contains("code") || use["code"] != "display") continue;
            }
            const std::string lang = primary(d["language"].get<std::string>());
            if (lang.empty() || !seen.insert(lang).second) continue;
            if (lang == base) display.base = d["value"].get<std::string>();
            else if (!display.translations.count(lang)) display.translations[lang] = d["value"].get<std::string>();
        }
    }

    // The options an answerExpression gives over the questionnaire alone: Codings (or concepts with a code), strings,
    // integers, dates. Anything else, or nothing, is refused.
    std::vector<AnswerOption> expression_options(const fhirpath::Expression& e, const std::string& link) {
        std::vector<AnswerOption> out;
        fhirpath::Env env;
        env.questionnaire = root_;
        auto r = fhirpath::evaluate(e, env, {});
        if (!r) {
            add(link, "answerExpression " + quote(e.text) + ": " + r.error().message);
            return out;
        }
        for (const auto& v : *r) {
            AnswerOption opt;
            if (v.kind == fhirpath::Val::Kind::Node && v.node && v.node->is_object() && v.node->contains("code") &&
                (*v.node)["code"].is_string()) {
                Coding c;
                c.code = (*v.node)["code"].get<std::string>();
                if (v.node->contains("system") && (*v.node)["system"].is_string()) c.system = (*v.node)["system"].get<std::string>();
                c.display = text(*v.node, "display", link);
                if (c.display.base.empty()) c.display.base = c.code;
                opt.display = c.display;
                opt.value = c;
                option_extensions(opt, *v.node, link);
            } else if (v.kind == fhirpath::Val::Kind::String || (v.kind == fhirpath::Val::Kind::Node && v.node && v.node->is_string())) {
                std::string t = v.kind == fhirpath::Val::Kind::String ? v.s : v.node->get<std::string>();
                if (t.empty()) continue;
                opt.display.base = t;
                opt.value = t;
            } else if (v.kind == fhirpath::Val::Kind::Integer || (v.kind == fhirpath::Val::Kind::Node && v.node && v.node->is_number_integer())) {
                std::int64_t n = v.kind == fhirpath::Val::Kind::Integer ? v.i : v.node->get<std::int64_t>();
                opt.display.base = std::to_string(n);
                opt.value = n;
            } else if (v.kind == fhirpath::Val::Kind::Date) {
                opt.display.base = v.s;
                opt.value = Date{v.s};
            } else {
                add(link, "answerExpression " + quote(e.text) + " gives a value that is not a Coding, string, integer or date");
                return {};
            }
            out.push_back(std::move(opt));
        }
        if (out.empty()) add(link, "answerExpression " + quote(e.text) + " gives no answer options");
        return out;
    }

    // [SECTION] Loader: items
    static std::optional<ItemType> parse_type(const std::string& t) {
        static const std::map<std::string, ItemType> k = {
            {"group", ItemType::Group},     {"display", ItemType::Display}, {"choice", ItemType::Choice},
            {"boolean", ItemType::Boolean}, {"integer", ItemType::Integer}, {"decimal", ItemType::Decimal},
            {"string", ItemType::String},   {"text", ItemType::Text},       {"date", ItemType::Date},
            {"open-choice", ItemType::OpenChoice}, {"quantity", ItemType::Quantity}, {"time", ItemType::Time},
            {"dateTime", ItemType::DateTime}};
        auto it = k.find(t);
        if (it == k.end()) return std::nullopt;
        return it->second;
    }

    void read_items(const json& arr, std::vector<Item>& out, int depth, const std::string& path, const std::string& parent_link) {
        if (depth > kMaxItemDepth) {
            add(parent_link, "items nested deeper than " + std::to_string(kMaxItemDepth) + " levels");
            return;
        }
        int n = 0;
        for (const auto& node : arr) {
            ++n;
            std::string pos = path.empty() ? std::to_string(n) : path + "." + std::to_string(n);
            if (++item_count_ > kMaxItems) {
                add("", "more than " + std::to_string(kMaxItems) + " items");
                return;
            }
            if (!node.is_object()) {
                add("#" + pos, "item " + pos + " is not an object");
                continue;
            }
            Item item;
            auto lid = node.find("linkId");
            if (lid == node.end() || !lid->is_string() || lid->get<std::string>().empty()) {
                add("#" + pos, "item " + pos + " has no linkId (a non-empty string)");
                item.link_id = "#" + pos;
            } else {
                item.link_id = lid->get<std::string>();
                if (item.link_id.size() > 255) add(item.link_id.substr(0, 40) + "...", "linkId longer than 255 characters");
            }
            read_item(node, item, depth, pos);
            out.push_back(std::move(item));
        }
    }

    void read_item(const json& given, Item& item, int depth, const std::string& pos) {
        const std::string& link = item.link_id;
        // STU3's `option` (same shape as R4's answerOption) still sits in forms converted to R4 by hand.
        json converted;
        const json* np = &given;
        if (given.contains("option") && !given.contains("answerOption") && !given.contains("answerValueSet") && given["option"].is_array()) {
            converted = given;
            converted["answerOption"] = std::move(converted["option"]);
            converted.erase("option");
            np = &converted;
            note(link, "element 'option' is STU3 (R4 calls it answerOption): read as answerOption");
        }
        const json& node = *np;
        check_keys(node, kItemKeys, link);
        check_modifiers(node, link);

        auto type = str(node, "type", link);
        if (!type) {
            if (!node.contains("type")) add(link, "type is missing");
            return;
        }
        auto t = parse_type(*type);
        if (!t) {
            if (*type == "attachment") add(link, "item type 'attachment' (a file or photo) cannot be answered on the kiosk");
            else if (*type == "reference") add(link, "item type 'reference' needs a FHIR server to pick a record from; the kiosk works offline");
            else if (*type == "url") add(link, "item type 'url' (a web address) is not asked on the kiosk");
            else
                add(link, "item type " + quote(*type) +
                              " is not supported (group, display, choice, open-choice, boolean, integer, decimal, quantity, string, text, date, time, dateTime)");
            return;
        }
        item.type = *t;
        item.text = text(node, "text", link);
        item.prefix = str(node, "prefix", link).value_or("");
        item.required = boolean(node, "required", link).value_or(false);
        item.repeats = boolean(node, "repeats", link).value_or(false);
        item.read_only = boolean(node, "readOnly", link).value_or(false);
        if (auto m = integer(node, "maxLength", link)) {
            if (*m <= 0) add(link, "maxLength must be positive");
            else item.max_length = static_cast<int>(*m);
        }
        for (const auto& [url, ext] : extensions(node, link)) item_extension(item, url, *ext, link);

        const bool answerable = item.is_answerable();
        if (item.type == ItemType::Display) {
            for (const char* k : {"required", "repeats"})  // "required": false says nothing and is common
                if (node.contains(k) && node[k] != false) add(link, std::string("a display item cannot have ") + k);
            for (const char* k : {"initial", "answerOption", "answerValueSet", "maxLength"})
                if (node.contains(k)) add(link, std::string("a display item cannot have ") + k);
            if (!item.calculated.empty() || !item.initial_expression.empty())
                add(link, "a display item cannot have a calculated or initial expression");
        }
        if (item.type == ItemType::Group) {
            for (const char* k : {"readOnly", "initial", "answerOption", "answerValueSet", "maxLength"})
                if (node.contains(k)) add(link, std::string("a group cannot have ") + k);
        }
        if (answerable && item.text.empty() && !item.read_only && !item.hidden && item.calculated.empty()) {
            // R4 makes text optional; a resident needs words. The code's display, else the answer list's title.
            if (auto codes = node.find("code"); codes != node.end() && codes->is_array())
                for (const auto& c : *codes)
                    if (c.is_object() && c.contains("display") && c["display"].is_string() && item.text.base.empty())
                        item.text.base = c["display"].get<std::string>();
            if (item.text.base.empty() && node.contains("answerValueSet") && node["answerValueSet"].is_string()) {
                const std::string ref = node["answerValueSet"].get<std::string>();
                const json* vs = nullptr;
                if (!ref.empty() && ref[0] == '#' && contained_.count(ref.substr(1))) vs = contained_[ref.substr(1)];
                else if (contained_by_url_.count(ref.substr(0, ref.find('|')))) vs = contained_by_url_[ref.substr(0, ref.find('|'))];
                if (vs)
                    for (const char* k : {"title", "name"})
                        if (vs->contains(k) && (*vs)[k].is_string() && item.text.base.empty()) item.text.base = (*vs)[k].get<std::string>();
            }
            if (item.text.base.empty() && node.contains("code") && node["code"].is_array() && !node["code"].empty() &&
                node["code"][0].is_object() && node["code"][0].contains("code") && node["code"][0]["code"].is_string())
                item.text.base = node["code"][0]["code"].get<std::string>();  // the last resort: the code itself
            if (item.text.base.empty()) add(link, "a question without text (and no code to show instead)");
        }
        if (item.type == ItemType::Display && !node.contains("text")) add(link, "a display item without text");
        if (item.max_length && item.type != ItemType::String && item.type != ItemType::Text)
            add(link, "maxLength is only for string and text items");
        // repeats: several selections on choice/open-choice; any other item (or group) is asked once,
        // which is a valid answer to a repeating item.

        // Options
        bool has_opts = node.contains("answerOption"), has_vs = node.contains("answerValueSet");
        if ((has_opts || has_vs) && !item.has_options() && answerable)
            add(link, "answer options are only supported on choice and open-choice items");
        if (has_opts && has_vs) add(link, "cannot have both answerOption and answerValueSet");
        if (has_opts) {
            const json& opts = node["answerOption"];
            if (!opts.is_array()) add(link, "answerOption must be an array");
            else {
                for (const auto& o : opts) {
                    if (!o.is_object()) {
                        add(link, "an answerOption is not an object");
                        continue;
                    }
                    AnswerOption opt;
                    auto v = one_value(o, "value", link, "answerOption", &opt.display);
                    if (!v) continue;
                    if (std::holds_alternative<bool>(*v) || std::holds_alternative<double>(*v) ||
                        std::holds_alternative<Quantity>(*v) || std::holds_alternative<DateTime>(*v)) {
                        add(link, "answerOption value must be valueCoding, valueString, valueInteger, valueDate or valueTime");
                        continue;
                    }
                    opt.value = *v;
                    option_extensions(opt, o, link);
                    if (auto sel = boolean(o, "initialSelected", link); sel && *sel) {
                        opt.initial_selected = true;
                        item.initial.push_back(opt.value);
                    }
                    item.options.push_back(std::move(opt));
                }
            }
        } else if (has_vs) {
            if (auto ref = str(node, "answerValueSet", link)) item.options = value_set_options(*ref, link);
        }
        if (auto ae = answer_expressions_.find(link); ae != answer_expressions_.end()) {
            if (has_opts || has_vs) add(link, "cannot have answerExpression beside answerOption or answerValueSet");
            else if (!item.has_options()) add(link, "answerExpression is only for choice and open-choice items");
            else item.options = expression_options(ae->second, link);
            has_opts = true;  // it has its options (or a refusal said why not)
        }
        if (item.type == ItemType::Choice && !has_opts && !has_vs && item.calculated.empty() && !item.hidden) {
            // Valid R4 (no invariant asks for options), but there is nothing to choose from: never asked, like a
            // hidden item (its initial, if any, goes into the response). Asking it would offer only "skip".
            note(link, "a choice item without answerOption or answerValueSet has nothing to choose from: not asked");
            item.hidden = true;
        }
        for (std::size_t i = 0; i < item.options.size(); ++i)
            for (std::size_t j = 0; j < i; ++j)
                if (values_equal(item.options[i].value, item.options[j].value))
                    add(link, "answer option " + quote(value_to_string(item.options[i].value)) + " appears twice");
        check_option_toggles(item, link);

        // initial
        if (auto it = node.find("initial"); it != node.end() && answerable) {
            if (has_opts) add(link, "use answerOption.initialSelected instead of initial when there are answerOptions");
            else if (!it->is_array()) add(link, "initial must be an array");
            else
                for (const auto& i : *it) {
                    if (!i.is_object()) {
                        add(link, "an initial value is not an object");
                        continue;
                    }
                    if (item.type == ItemType::Quantity && i.contains("valueQuantity") && i["valueQuantity"].is_object() &&
                        !i["valueQuantity"].contains("value")) {
                        // A unit without an amount: the unit to offer first, not an answer.
                        Coding u;
                        const json& qv = i["valueQuantity"];
                        if (qv.contains("system") && qv["system"].is_string()) u.system = qv["system"].get<std::string>();
                        if (qv.contains("code") && qv["code"].is_string()) u.code = qv["code"].get<std::string>();
                        if (qv.contains("unit") && qv["unit"].is_string()) u.display.base = qv["unit"].get<std::string>();
                        auto same = std::find_if(item.units.begin(), item.units.end(), [&](const Coding& c) { return c == u; });
                        if (same != item.units.end()) std::rotate(item.units.begin(), same, same + 1);
                        continue;
                    }
                    if (auto v = one_value(i, "value", link, "initial")) item.initial.push_back(*v);
                }
        }
        if (item.initial.size() > 1 && !item.repeats) add(link, "several initial values on an item that does not repeat");

        // enableWhen
        if (auto it = node.find("enableWhen"); it != node.end()) {
            if (!it->is_array()) add(link, "enableWhen must be an array");
            else
                for (const auto& ew : *it) {
                    if (!ew.is_object()) {
                        add(link, "an enableWhen is not an object");
                        continue;
                    }
                    EnableWhen e;
                    e.question = str(ew, "question", link).value_or("");
                    if (e.question.empty()) {
                        add(link, "enableWhen without a question");
                        continue;
                    }
                    auto op = str(ew, "operator", link).value_or("");
                    static const std::map<std::string, EnableOperator> kOps = {
                        {"exists", EnableOperator::Exists}, {"=", EnableOperator::Equal},
                        {"!=", EnableOperator::NotEqual},   {">", EnableOperator::Greater},
                        {"<", EnableOperator::Less},        {">=", EnableOperator::GreaterOrEqual},
                        {"<=", EnableOperator::LessOrEqual}};
                    auto o = kOps.find(op);
                    if (o == kOps.end()) {
                        add(link, "enableWhen operator " + quote(op) + " is not one of exists, =, !=, >, <, >=, <=");
                        continue;
                    }
                    e.op = o->second;
                    auto v = one_value(ew, "answer", link, "enableWhen");
                    if (!v) continue;
                    if (e.op == EnableOperator::Exists && !std::holds_alternative<bool>(*v)) {
                        add(link, "enableWhen 'exists' needs answerBoolean");
                        continue;
                    }
                    e.answer = *v;
                    item.enable_when.push_back(std::move(e));
                }
        }
        if (auto b = str(node, "enableBehavior", link)) {
            if (*b == "all") item.enable_behavior = EnableBehavior::All;
            else if (*b == "any") item.enable_behavior = EnableBehavior::Any;
            else add(link, "enableBehavior must be 'all' or 'any'");
        }  // absent: all conditions must hold (R4 requires it with several; forms that leave it out mean "all")

        // Bounds and scoring
        if (item.type == ItemType::Integer) {
            // Without both bounds it is a count (age, number of children), asked on the number pad.
            if (!item.domain.empty() && (!item.min_value || !item.max_value))
                add(link, "scores in a domain, so an integer item needs minValue and maxValue");
            for (auto b : {item.min_value, item.max_value})
                if (b && *b != std::floor(*b)) add(link, "bounds of an integer item must be whole numbers");
        }
        if (item.min_value && item.max_value && *item.min_value > *item.max_value)
            add(link, "minValue is larger than maxValue");
        if ((item.min_value || item.max_value) && item.type != ItemType::Integer && item.type != ItemType::Decimal &&
            item.type != ItemType::Quantity)
            add(link, "minValue/maxValue are only for integer, decimal and quantity items");
        if (item.max_decimal_places && item.type != ItemType::Decimal && item.type != ItemType::Quantity)
            add(link, "maxDecimalPlaces is only for decimal and quantity items");
        if (!item.calculated.empty() && !answerable) add(link, "a calculatedExpression needs an item that holds an answer");
        if (!item.calculated.empty() && !item.initial.empty()) add(link, "a calculated item cannot also have an initial value");
        if (!item.domain.empty()) {
            if (item.type == ItemType::Choice) {
                for (const auto& o : item.options)
                    if (!o.ordinal || *o.ordinal < 0 || *o.ordinal > 10) {
                        add(link, "scores in a domain, so every option needs an ordinalValue from 0 to 10");
                        break;
                    }
            } else if (item.type != ItemType::Integer) {
                add(link, "only integer and choice items can score in a domain");
            }
        }
        if (!item.sensitive_why.empty() && item.required) add(link, "a sensitive question must not be required");
        if (item.control == ItemControl::Slider && item.type != ItemType::Integer && item.type != ItemType::Decimal)
            add(link, "a slider is only for integer and decimal items");

        // Children
        if (auto it = node.find("item"); it != node.end()) {
            if (!it->is_array()) add(link, "item must be an array");
            else if (item.type == ItemType::Display) add(link, "a display item cannot have nested items");
            else read_items(*it, item.children, depth + 1, pos, link);  // under a group, or under a question (asked after it)
        }
        if (item.type == ItemType::Group && item.children.empty() && !node.contains("item"))
            add(link, "a group without items");
    }

    // [SECTION] Loader: whole-tree checks
    void check_tree(const Questionnaire& q) {
        std::vector<const Item*> order;
        std::map<std::string, std::string> parent_of;  // linkId -> enclosing item's linkId
        std::function<void(const std::vector<Item>&, const Item*)> walk = [&](const std::vector<Item>& items, const Item* parent) {
            for (const auto& it : items) {
                order.push_back(&it);
                if (parent) parent_of[it.link_id] = parent->link_id;
                walk(it.children, &it);
            }
        };
        walk(q.items, nullptr);
        std::map<std::string, std::size_t> index;
        for (std::size_t i = 0; i < order.size(); ++i) {
            const auto& id = order[i]->link_id;
            if (id.rfind("#", 0) == 0) continue;  // already reported as missing
            if (!index.emplace(id, i).second) add(id, "duplicate linkId");
        }
        for (std::size_t i = 0; i < order.size(); ++i) {
            const Item& item = *order[i];
            for (const auto& e : item.enable_when) check_enable_when(item, e, i, order, index);
        }
        check_consent(order, index);
        check_cycles(order, index, parent_of);
        check_expression_names(q, parent_of);
        // Translations for every claimed language.
        for (const auto& lang : q.languages) {
            if (lang == q.language) continue;
            auto need = [&](const Translatable& t, const std::string& link, const std::string& what) {
                if (!t.base.empty() && !t.has(lang)) add(link, "no " + quote(lang) + " translation of " + what);
            };
            need(q.title, "", "title");
            need(q.description, "", "description");
            for (const Item* it : order) {
                need(it->text, it->link_id, "text");
                need(it->read_aloud, it->link_id, "read-aloud");
                need(it->scale_low, it->link_id, "scale-low");
                need(it->scale_high, it->link_id, "scale-high");
                need(it->sensitive_why, it->link_id, "sensitive-why");
                for (const auto& o : it->options) {
                    std::string which = "option " + quote(value_to_string(o.value));
                    // Integer and date options show their value; only text needs translating.
                    if (std::holds_alternative<Coding>(o.value) || std::holds_alternative<std::string>(o.value))
                        need(o.display, it->link_id, which);
                    need(o.read_aloud, it->link_id, which + " read-aloud");
                }
            }
        }
    }

    // A consent question comes before everything it governs, and "no" must
    // be able to keep those items out: so it is a yes/no question, what it
    // names exists and comes later, and no item answers to two consents.
    void check_consent(const std::vector<const Item*>& order, const std::map<std::string, std::size_t>& index) {
        std::map<std::string, std::string> governed_by;
        for (std::size_t i = 0; i < order.size(); ++i) {
            const Item& item = *order[i];
            if (item.consent_for.empty()) continue;
            const std::string& link = item.link_id;
            if (item.type != ItemType::Boolean) add(link, "consent-for is only for a yes/no (boolean) question");
            if (item.read_only) add(link, "a consent question cannot be read-only");
            if (!item.initial.empty()) add(link, "a consent question cannot have an initial answer: the resident gives it");
            for (const auto& target : item.consent_for) {
                auto it = index.find(target);
                if (it == index.end()) {
                    add(link, "consent-for names " + quote(target) + ", which is not a linkId here");
                    continue;
                }
                if (it->second <= i) {
                    add(link, "consent-for names " + quote(target) + ", which does not come after the consent question");
                    continue;
                }
                auto [g, fresh] = governed_by.emplace(target, link);
                if (!fresh) add(link, "consent-for names " + quote(target) + ", which consent " + quote(g->second) + " governs already");
            }
        }
    }

    // enableWhen may point at a later item (the interview settles to a fixed point), but not in a circle:
    // an item depends on the items its enableWhen names and on the item it sits under.
    void check_cycles(const std::vector<const Item*>& order, const std::map<std::string, std::size_t>& index,
                      const std::map<std::string, std::string>& parent_of) {
        std::vector<std::vector<std::size_t>> deps(order.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            for (const auto& e : order[i]->enable_when)
                if (auto t = index.find(e.question); t != index.end()) deps[i].push_back(t->second);
            if (auto p = parent_of.find(order[i]->link_id); p != parent_of.end())
                if (auto t = index.find(p->second); t != index.end()) deps[i].push_back(t->second);
        }
        std::vector<int> state(order.size(), 0);  // 0 new, 1 on the stack, 2 done
        std::vector<std::size_t> stack;
        bool reported = false;
        std::function<void(std::size_t)> visit = [&](std::size_t i) {
            state[i] = 1;
            stack.push_back(i);
            for (std::size_t d : deps[i]) {
                if (reported) break;
                if (state[d] == 1) {
                    std::string path;
                    auto from = std::find(stack.begin(), stack.end(), d);
                    for (auto it = from; it != stack.end(); ++it) path += order[*it]->link_id + " -> ";
                    path += order[d]->link_id;
                    add(order[d]->link_id, "enableWhen conditions go round in a circle: " + quote(path));
                    reported = true;
                } else if (state[d] == 0) {
                    visit(d);
                }
            }
            stack.pop_back();
            state[i] = 2;
        };
        for (std::size_t i = 0; i < order.size() && !reported; ++i)
            if (state[i] == 0) visit(i);
    }

    // Every %name an expression reads must be defined where it is used.
    void check_expression_names(const Questionnaire& q, const std::map<std::string, std::string>& parent_of) {
        static const std::set<std::string> builtin = {"resource", "rootResource", "questionnaire", "context", "ucum", "sct", "loinc"};
        for (const auto& e : expressions_) {
            std::set<std::string> visible(builtin.begin(), builtin.end());
            visible.insert(q.context_names.begin(), q.context_names.end());
            std::set<std::string> chain{""};
            for (std::string l = e.link; !l.empty();) {
                chain.insert(l);
                auto p = parent_of.find(l);
                l = p == parent_of.end() ? "" : p->second;
            }
            for (const auto& [where, name] : variable_names_)
                if (chain.count(where)) visible.insert(name);
            for (const auto& v : e.compiled.variables)
                if (!visible.count(v))
                    add(e.link, e.what + " reads %" + v + ", which no variable or launch context defines here");
        }
    }

    void check_enable_when(const Item& item, const EnableWhen& e, std::size_t /*pos*/, const std::vector<const Item*>& order,
                           const std::map<std::string, std::size_t>& index) {
        const std::string& link = item.link_id;
        auto it = index.find(e.question);
        if (it == index.end()) {
            add(link, "enableWhen points at " + quote(e.question) + ", which is not a linkId here");
            return;
        }
        const Item& target = *order[it->second];
        if (!target.is_answerable()) {
            add(link, "enableWhen points at " + quote(e.question) + ", which is a " + item_type_name(target.type) + " and has no answer");
            return;
        }
        if (e.op == EnableOperator::Exists) return;
        const bool ordered = e.op != EnableOperator::Equal && e.op != EnableOperator::NotEqual;
        auto bad = [&](const std::string& why) {
            add(link, "enableWhen on " + quote(e.question) + " (" + item_type_name(target.type) + "): " + why);
        };
        const Value& a = e.answer;
        switch (target.type) {
            case ItemType::Boolean:
                if (!std::holds_alternative<bool>(a)) bad("needs answerBoolean");
                else if (ordered) bad(std::string("operator ") + operator_symbol(e.op) + " makes no sense for yes/no");
                break;
            case ItemType::Integer:
            case ItemType::Decimal:
                if (!std::holds_alternative<std::int64_t>(a) && !std::holds_alternative<double>(a))
                    bad("needs answerInteger or answerDecimal");
                break;
            case ItemType::Date:
                if (!std::holds_alternative<Date>(a)) bad("needs answerDate");
                break;
            case ItemType::DateTime:
                if (!std::holds_alternative<DateTime>(a) && !std::holds_alternative<Date>(a)) bad("needs answerDateTime");
                break;
            case ItemType::Time:
                if (!std::holds_alternative<Time>(a)) bad("needs answerTime");
                break;
            case ItemType::Quantity:
                if (!std::holds_alternative<Quantity>(a) && !std::holds_alternative<std::int64_t>(a) && !std::holds_alternative<double>(a))
                    bad("needs answerQuantity");
                break;
            case ItemType::String:
            case ItemType::Text:
                if (!std::holds_alternative<std::string>(a)) bad("needs answerString");
                break;
            case ItemType::OpenChoice:
                if (std::holds_alternative<std::string>(a)) break;  // the resident's own words
                [[fallthrough]];
            case ItemType::Choice: {
                if (target.options.empty()) break;  // its missing options are reported already
                bool found = false, same_kind = false;
                for (const auto& o : target.options) {
                    if (o.value.index() == a.index()) same_kind = true;
                    if (auto c = std::get_if<Coding>(&a); c && std::holds_alternative<Coding>(o.value)) {
                        const auto& oc = std::get<Coding>(o.value);
                        // Matched on code: with another system the condition simply never holds (FHIR compares
                        // system and code), which is what the form says; a code no option has is a mistake.
                        if (oc.code == c->code) found = true;
                    } else if (values_equal(o.value, a)) {
                        found = true;
                    }
                }
                if (!same_kind) bad("answer has the wrong type for the options");
                else if (std::holds_alternative<Coding>(a) && ordered)
                    bad(std::string("operator ") + operator_symbol(e.op) + " makes no sense for a coded choice");
                else if (!found && !ordered) bad("answer " + quote(value_to_string(a)) + " is not one of its options");
                break;
            }
            default: break;
        }
    }
};

}  // namespace

// [SECTION] public API
LoadResult load_questionnaire_json(const std::string& json_text, const std::string& file_label) {
    LoadResult result;
    Loader loader(file_label);
    if (json_text.size() > kMaxFileBytes) {
        loader.add("", "larger than " + std::to_string(kMaxFileBytes / (1024 * 1024)) + " MiB");
        result.problems = std::move(loader.problems);
        return result;
    }
    if (json_depth(json_text, kMaxJsonDepth) > kMaxJsonDepth) {
        loader.add("", "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
        result.problems = std::move(loader.problems);
        return result;
    }
    try {
        json root = json::parse(json_text);
        result.questionnaire = loader.load(root);
    } catch (const json::parse_error& e) {
        std::string what = e.what();
        // "[json.exception.parse_error.101] parse error at line 3, ..." -> "not valid JSON: parse error at line 3, ..."
        if (auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
        // "; last read: '...'" would echo raw (maybe invalid) bytes of the file
        if (auto p = what.find("; last read"); p != std::string::npos) what = what.substr(0, p);
        loader.add("", "not valid JSON: " + what);
    } catch (const json::exception& e) {
        loader.add("", std::string("unexpected JSON structure: ") + e.what());
    } catch (const std::exception& e) {
        loader.add("", std::string("could not load: ") + e.what());
    }
    result.problems = std::move(loader.problems);
    result.notes = std::move(loader.notes);
    if (!result.problems.empty()) result.questionnaire.reset();
    return result;
}

LoadResult load_questionnaire_file(const std::filesystem::path& file) {
    const std::string label = file.string();
    auto fail = [&](const std::string& msg) {
        LoadResult r;
        r.problems.push_back({label, "", msg});
        return r;
    };
    auto text = read_file_at_most(file, kMaxFileBytes);
    if (!text) return fail(text.error().message);
    return load_questionnaire_json(*text, label);
}

std::string format_problem(const Problem& p) {
    if (p.link_id.empty()) return p.file + ": " + p.message;
    return p.file + ":" + p.link_id + ": " + p.message;
}

}  // namespace kiosk::questionnaire
