// XLSForm -> FHIR Questionnaire. Three passes: read the sheets into rows with
// their texts per language (survey, choices, settings), build the item tree
// (groups, types, options, our columns), then translate relevant/calculation
// now that every name's type is known. The JSON is finally run through the
// questionnaire loader; what it refuses is reported on the row it came from.
#include "xlsform/import.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "questionnaire/fhirpath.hpp"
#include "questionnaire/loader.hpp"
#include "questionnaire/model.hpp"
#include "xlsform/expression.hpp"
#include "xlsform/languages.hpp"

namespace kiosk::xlsform {

namespace {

using json = nlohmann::ordered_json;
namespace q = kiosk::questionnaire;

const std::string kBase = q::kOurExtensionBase;
const std::string kCodeSystemBase = "https://fhir.intake-kiosk.example/CodeSystem/";
const std::string kQuestionnaireBase = "https://fhir.intake-kiosk.example/Questionnaire/";
const std::string kFhirExt = "http://hl7.org/fhir/StructureDefinition/";
const std::string kSdcExt = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-";

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(const std::string& s) {
    std::size_t a = s.find_first_not_of(" \t\r\n\xC2\xA0"), b = s.find_last_not_of(" \t\r\n");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

std::string quote(const std::string& s) { return "'" + s + "'"; }

// Texts of one kind (label, hint, ...) by language code; "" = the column without a language.
using Texts = std::map<std::string, std::string>;

struct Column {
    std::size_t index = 0;
    std::string base;  // lower case, spaces as '_' ("label", "list_name", "read_aloud")
    std::string lang;  // code, "" when the header has none
    std::string header;
};

struct Table {
    const Sheet* sheet = nullptr;
    std::vector<Column> columns;
    std::vector<const Row*> rows;  // data rows (after the header), blank ones left out
};

// Our own columns and XLSForm's that we read; others are said (a note) when they hold a value.
const std::set<std::string>& survey_known() {
    static const std::set<std::string> k{"type", "name", "label", "hint", "required", "relevant", "calculation",
                                         "constraint", "appearance", "read_only", "default", "parameters",
                                         "choice_filter", "required_message", "constraint_message", "guidance_hint",
                                         "repeat_count", "trigger", "media", "image", "audio", "video", "big-image",
                                         "domain", "pictogram", "read_aloud", "scale_low", "scale_high",
                                         "sensitive_why", "consent_for", "prefix"};
    return k;
}

std::string canonical_base(std::string b) {
    b = lower(trim(b));
    for (auto& c : b)
        if (c == ' ') c = '_';
    if (b == "readonly") b = "read_only";
    if (b == "list_name" || b == "listname") b = "list_name";
    if (b == "calculate") b = "calculation";
    if (b == "read-aloud") b = "read_aloud";
    if (b == "scale-low") b = "scale_low";
    if (b == "scale-high") b = "scale_high";
    if (b == "sensitive-why") b = "sensitive_why";
    if (b == "consent-for") b = "consent_for";
    if (b == "title") b = "form_title";
    if (b == "id_string") b = "form_id";
    return b;
}

class Importer {
public:
    Importer(const Workbook& book, const ImportOptions& opt) : book_(book), opt_(opt) {}

    ImportResult run() {
        survey_.sheet = book_.find("survey");
        if (!survey_.sheet) {
            refuse("", 0, "no 'survey' sheet: this is not an XLSForm (sheets: " + sheet_names() + ")");
            return finish(json::object());
        }
        read_table(survey_);
        if (const Sheet* c = book_.find("choices")) choices_.sheet = c, read_table(choices_);
        if (const Sheet* c = book_.find("external_choices")) external_.sheet = c, read_table(external_);
        if (const Sheet* s = book_.find("settings")) settings_.sheet = s, read_table(settings_);
        for (const char* other : {"entities", "osm"}) {
            if (const Sheet* s = book_.find(other); s && s->rows.size() > 1)
                note(s->name, 0, std::string("the '") + s->name + "' sheet is not read: " +
                                     (std::string(other) == "entities" ? "entities update a server's records, which a kiosk does not have"
                                                                       : "it serves only rows of a type we refuse (listed on those rows)"));
        }
        read_settings();
        read_choices(choices_, lists_);
        read_choices(external_, external_lists_);
        read_survey();
        json qj = build();
        note_unread_choice_columns();
        check_languages(qj);
        verify(qj);
        return finish(std::move(qj));
    }

private:
    // ---------------------------------------------------------------- findings
    void refuse(const std::string& sheet, int row, std::string msg) { refused_.push_back({sheet, row, std::move(msg)}); }
    void note(const std::string& sheet, int row, std::string msg) { notes_.push_back({sheet, row, std::move(msg)}); }
    const std::string& sname() const { return survey_.sheet->name; }

    std::string sheet_names() const {
        std::string s;
        for (const auto& sh : book_.sheets) s += (s.empty() ? "" : ", ") + sh.name;
        return s;
    }

    ImportResult finish(json qj) {
        ImportResult r;
        r.questionnaire = std::move(qj);
        auto by_place = [](const Finding& a, const Finding& b) {
            return std::tie(a.sheet, a.row) < std::tie(b.sheet, b.row);
        };
        std::stable_sort(refused_.begin(), refused_.end(), by_place);
        std::stable_sort(notes_.begin(), notes_.end(), by_place);
        r.refused = std::move(refused_);
        r.notes = std::move(notes_);
        return r;
    }

    // ---------------------------------------------------------------- tables
    void read_table(Table& t) {
        const auto& rows = t.sheet->rows;
        if (rows.empty()) return;
        const Row& header = rows.front();
        for (std::size_t i = 0; i < header.cells.size(); ++i) {
            const std::string h = trim(header.cells[i]);
            if (h.empty()) continue;
            Column c;
            c.index = i;
            c.header = h;
            std::string base = h, lang;
            if (auto p = h.find("::"); p != std::string::npos) {
                base = h.substr(0, p), lang = h.substr(p + 2);
            } else if (auto p1 = h.find(':'); p1 != std::string::npos) {
                base = h.substr(0, p1), lang = h.substr(p1 + 1);
            }
            c.base = canonical_base(base);
            if (c.base == "media" || c.base == "bind" || c.base == "instance" || c.base == "body") {
                // media::image[::lang], bind::x, instance::x: the part after :: is no language.
                if (c.base == "media") {
                    auto p = lang.find("::");
                    c.base = lower(trim(p == std::string::npos ? lang : lang.substr(0, p)));
                    if (c.base != "image" && c.base != "audio" && c.base != "video" && c.base != "big-image") c.base = "media";
                } else {
                    c.base = c.base + "::" + lang;
                }
                lang.clear();
            }
            lang = trim(lang);
            if (!lang.empty() && lower(lang) != "default") {
                auto code = language_code(lang);
                if (!code) {
                    refuse(t.sheet->name, header.number, "column " + quote(h) + ": " + quote(lang) +
                                                             " is not a language name we know; write it as 'Name (code)', e.g. 'Nederlands (nl)'");
                    continue;
                }
                c.lang = *code;
                if (std::find(langs_seen_.begin(), langs_seen_.end(), c.lang) == langs_seen_.end()) langs_seen_.push_back(c.lang);
                lang_headers_[c.lang] = lang;
            }
            t.columns.push_back(c);
        }
        for (std::size_t i = 1; i < rows.size(); ++i)
            if (!rows[i].blank()) t.rows.push_back(&rows[i]);
    }

    static std::string cell(const Table& t, const Row& r, const std::string& base) {
        for (const auto& c : t.columns)
            if (c.base == base && c.lang.empty()) return trim(r.at(c.index));
        return {};
    }
    static bool has_column(const Table& t, const std::string& base) {
        return std::any_of(t.columns.begin(), t.columns.end(), [&](const Column& c) { return c.base == base; });
    }
    // Every language column of base on row r; the plain column lands on "" and is resolved later.
    Texts texts(const Table& t, const Row& r, const std::string& base) {
        Texts out;
        for (const auto& c : t.columns) {
            if (c.base != base) continue;
            std::string v = r.at(c.index);
            // Keep the writer's line breaks, drop the spreadsheet's trailing spaces.
            while (!v.empty() && (v.back() == ' ' || v.back() == '\n' || v.back() == '\r')) v.pop_back();
            while (!v.empty() && (v.front() == ' ')) v.erase(v.begin());
            if (!v.empty()) out[c.lang] = v;
        }
        return out;
    }
    // The plain column is the default language; an explicit default-language column wins over it.
    Texts resolve(Texts t, const std::string& sheet, int row, const std::string& what) {
        auto plain = t.find("");
        if (plain == t.end()) return t;
        std::string v = plain->second;
        t.erase(plain);
        auto it = t.find(lang_);
        if (it == t.end()) t[lang_] = v;
        else if (it->second != v)
            note(sheet, row, what + ": the column without a language and the " + lang_ + " column differ; the " + lang_ + " one is used");
        return t;
    }

    // ---------------------------------------------------------------- settings
    void read_settings() {
        const Row* r = settings_.rows.empty() ? nullptr : settings_.rows.front();
        if (settings_.rows.size() > 1)
            note(settings_.sheet->name, settings_.rows[1]->number, "only the first row of settings is read");
        auto get = [&](const std::string& k) { return r ? cell(settings_, *r, k) : std::string(); };
        // The base language: default_language, else the first language a survey column names, else English.
        const std::string dl = get("default_language");
        if (!dl.empty()) {
            auto code = language_code(dl);
            if (!code) {
                refuse(settings_.sheet->name, r->number, "default_language " + quote(dl) + " is not a language we know; write e.g. 'Nederlands (nl)'");
                lang_ = "en";
            } else {
                lang_ = *code;
            }
        } else {
            for (const auto& c : survey_.columns)
                if (!c.lang.empty() && (c.base == "label" || c.base == "hint")) {
                    lang_ = c.lang;
                    break;
                }
            if (lang_.empty()) {
                lang_ = "en";
                if (std::any_of(survey_.columns.begin(), survey_.columns.end(), [](const Column& c) { return c.base == "label"; }))
                    note(survey_.sheet->name, 1, "no default_language in settings and no language on the label column: the texts are taken as English (en)");
            }
        }
        id_ = opt_.id;
        std::string from = "--id ";
        if (id_.empty()) id_ = get("form_id"), from = "form_id ";
        if (id_.empty()) id_ = std::filesystem::path(opt_.file_label).stem().string(), from = "the file name ";
        std::string clean;
        for (char c : id_) clean += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.') ? c : '-';
        if (clean.size() > 64) clean.resize(64);
        if (clean != id_)
            note(from == "form_id " ? settings_.sheet->name : "", from == "form_id " ? r->number : 0,
                 from + quote(id_) + " is not a FHIR id (letters, digits, '-', '.'): " + quote(clean) + " is used as the id");
        id_ = clean;
        if (r) {
            title_ = resolve(texts(settings_, *r, "form_title"), settings_.sheet->name, r->number, "form_title");
            description_ = resolve(texts(settings_, *r, "description"), settings_.sheet->name, r->number, "description");
            for (const auto& c : settings_.columns) {
                const std::string v = trim(r->at(c.index));
                if (v.empty()) continue;
                static const std::set<std::string> known{"form_id", "form_title", "version", "default_language", "variant",
                                                         "purpose", "minutes", "icon", "register", "name", "status", "url",
                                                         "description"};
                if (!known.count(c.base))
                    note(settings_.sheet->name, r->number, "setting " + quote(c.header) + " is not read (it changes nothing a kiosk asks)");
            }
        }
        version_ = get("version");
        variant_ = get("variant");
        purpose_ = get("purpose");
        icon_ = get("icon");
        register_ = get("register");
        name_ = get("name");
        status_ = get("status");
        url_ = get("url");
        minutes_ = get("minutes");
        if (title_.empty()) title_[lang_] = get("form_title").empty() ? id_ : get("form_title");
    }

    // ---------------------------------------------------------------- choices
    struct Choice {
        int row = 0;
        std::string name;
        Texts label, read_aloud;
        std::string pictogram;
        std::optional<double> ordinal;
        std::map<std::string, std::string> columns;  // every column without a language: what a choice_filter reads
    };
    struct List {
        std::string system;
        std::vector<Choice> choices;
    };

    // The choices sheet, or external_choices (select_one_external): the same columns.
    void read_choices(const Table& table, std::map<std::string, List>& lists) {
        if (!table.sheet) return;
        const std::string sh = table.sheet->name;
        std::set<std::string> said;
        for (const Row* r : table.rows) {
            const std::string list = cell(table, *r, "list_name");
            const std::string name = cell(table, *r, "name");
            if (list.empty()) {
                refuse(sh, r->number, "no list_name: this choice belongs to no list");
                continue;
            }
            if (name.empty()) {
                refuse(sh, r->number, "no name: a choice needs a name (the code the answer records)");
                continue;
            }
            List& l = lists[list];
            Choice c;
            c.row = r->number;
            c.name = name;
            c.label = resolve(texts(table, *r, "label"), sh, r->number, "label");
            c.read_aloud = resolve(texts(table, *r, "read_aloud"), sh, r->number, "read_aloud");
            if (!c.label.empty() && !c.label.count(lang_))
                note(sh, r->number, "no label in the default language (" + lang_ + "): the " + c.label.begin()->first +
                                        " one is shown in its place");
            c.pictogram = cell(table, *r, "pictogram");
            if (std::string o = cell(table, *r, "ordinal"); !o.empty()) {
                char* end = nullptr;
                double v = std::strtod(o.c_str(), &end);
                if (!end || *end || !std::isfinite(v)) refuse(sh, r->number, "ordinal " + quote(o) + " is not a number");
                else c.ordinal = v;
            }
            if (std::string sys = cell(table, *r, "system"); !sys.empty()) {
                if (!l.system.empty() && l.system != sys)
                    refuse(sh, r->number, "list " + quote(list) + " has two code systems (" + l.system + ", " + sys + ")");
                l.system = sys;
            }
            for (const auto& col : table.columns) {
                const std::string v = trim(r->at(col.index));
                if (v.empty()) continue;
                if (col.base == "image" || col.base == "audio" || col.base == "video" || col.base == "big-image" || col.base == "media") {
                    refuse(sh, r->number, "choice " + quote(name) + ": the " + col.header + " file " + quote(v) +
                                              " is not carried (a questionnaire holds no media); use the pictogram column with one of our icon names");
                } else if (!std::set<std::string>{"list_name", "name", "label", "read_aloud", "pictogram", "ordinal", "system"}.count(col.base) &&
                           said.insert(col.header).second) {
                    // Read by a choice_filter, else said once the survey is read (note_unread_choice_columns).
                    extra_columns_.push_back({sh, r->number, col.header, col.base});
                }
                if (col.lang.empty()) c.columns[col.base] = v;
            }
            if (std::any_of(l.choices.begin(), l.choices.end(), [&](const Choice& x) { return x.name == name; })) {
                refuse(sh, r->number, "list " + quote(list) + " has the name " + quote(name) + " twice");
                continue;
            }
            l.choices.push_back(std::move(c));
        }
        for (auto& [name, l] : lists)
            if (l.system.empty()) l.system = kCodeSystemBase + name;
    }

    // ---------------------------------------------------------------- survey
    struct Entry {
        int row = 0;
        std::string type;        // FHIR item type
        std::string xls_type;    // as written
        std::string link_id;
        Texts label, hint, read_aloud, scale_low, scale_high, sensitive_why;
        std::string list, domain, pictogram, consent_for, relevant, calculation, appearance, default_value, prefix;
        bool required = false, read_only = false, repeats = false, open = false, calculate = false;
        bool external = false;   // select_one_external: the list is on external_choices
        std::string choice_filter;
        std::optional<double> min, max;
        std::optional<int> max_length;
        std::string control;  // slider, radio-button, drop-down
        std::vector<std::size_t> children;
        bool refused = false;
    };

    void read_survey() {
        const std::string sh = sname();
        if (!has_column(survey_, "type")) {
            refuse(sh, survey_.sheet->rows.empty() ? 0 : survey_.sheet->rows.front().number, "no 'type' column in the header row");
            return;
        }
        struct Open {
            std::size_t entry;  // index into entries_, or npos for a refused repeat
            int row;
            bool repeat;
        };
        std::vector<Open> stack;
        std::set<std::string> names;
        int refused_repeat_depth = 0;
        for (const Row* r : survey_.rows) {
            const int rn = r->number;
            std::string type = lower(cell(survey_, *r, "type"));
            // Collapse runs of spaces: "select_one  yes_no".
            {
                std::string t;
                for (char c : type)
                    if (!(c == ' ' && (t.empty() || t.back() == ' '))) t += c;
                while (!t.empty() && t.back() == ' ') t.pop_back();
                type = t;
            }
            const std::string name = cell(survey_, *r, "name");
            if (type.empty()) {
                refuse(sh, rn, "no type" + (name.empty() ? std::string() : " for " + quote(name)));
                continue;
            }
            std::vector<std::string> words;
            for (std::size_t a = 0; a < type.size();) {
                std::size_t b = type.find(' ', a);
                words.push_back(type.substr(a, b == std::string::npos ? std::string::npos : b - a));
                a = b == std::string::npos ? type.size() : b + 1;
            }
            const std::string w0 = words[0];
            const std::string two = words.size() > 1 ? w0 + " " + words[1] : w0;
            const bool begin_group = two == "begin group" || w0 == "begin_group";
            const bool end_group = two == "end group" || w0 == "end_group";
            const bool begin_repeat = two == "begin repeat" || w0 == "begin_repeat";
            const bool end_repeat = two == "end repeat" || w0 == "end_repeat";
            if (refused_repeat_depth > 0) {
                if (begin_repeat || begin_group) ++refused_repeat_depth;
                if (end_repeat || end_group) {
                    --refused_repeat_depth;
                    if (refused_repeat_depth == 0) {
                        stack.pop_back();
                        continue;
                    }
                }
                refuse(sh, rn, std::string("inside the ") + (stack.back().repeat ? "repeat" : "group") + " that begins at row " +
                                   std::to_string(stack.back().row) + ": not taken with it");
                continue;
            }
            if (begin_repeat) {
                refuse(sh, rn, "begin repeat " + quote(name) +
                                   ": a repeat asks the same questions again and again (per child, per visit); a kiosk interview asks each question once. Ask for one, or make it a separate questionnaire");
                stack.push_back({std::string::npos, rn, true});
                refused_repeat_depth = 1;
                continue;
            }
            // The loader takes items 8 levels deep; deeper is refused here, before anything recurses over it.
            if (begin_group && stack.size() >= static_cast<std::size_t>(q::kMaxItemDepth) - 1) {
                refuse(sh, rn, "begin group " + quote(name) + ": groups nested more than " + std::to_string(q::kMaxItemDepth - 1) +
                                   " deep are not supported");
                stack.push_back({std::string::npos, rn, false});
                refused_repeat_depth = 1;
                continue;
            }
            if (end_group || end_repeat) {
                if (stack.empty() || stack.back().repeat != end_repeat) {
                    refuse(sh, rn, std::string(end_group ? "end group" : "end repeat") + " without its begin");
                    continue;
                }
                stack.pop_back();
                continue;
            }
            Entry e;
            e.row = rn;
            e.xls_type = type;
            e.link_id = name;
            if (!type_of(words, e)) {
                e.refused = true;
            }
            if (!begin_group && !e.refused && e.type.empty()) continue;  // metadata: noted, nothing to ask
            if (e.link_id.empty()) {
                if (begin_group) e.link_id = "group-" + std::to_string(rn);
                else if (!e.refused) {
                    refuse(sh, rn, "no name: every question needs a name (its linkId)");
                    e.refused = true;
                }
            }
            if (!e.link_id.empty() && !names.insert(e.link_id).second) {
                refuse(sh, rn, "the name " + quote(e.link_id) + " is used twice");
                e.refused = true;
            }
            if (begin_group) e.type = "group";
            read_columns(*r, e);
            const std::size_t idx = entries_.size();
            if (!e.refused && !e.link_id.empty()) by_name_[e.link_id] = idx;
            entries_.push_back(std::move(e));
            if (!stack.empty() && stack.back().entry != std::string::npos) entries_[stack.back().entry].children.push_back(idx);
            else if (stack.empty()) top_.push_back(idx);
            if (begin_group) stack.push_back({idx, rn, false});
        }
        for (const auto& o : stack)
            refuse(sh, o.row, std::string(o.repeat ? "begin repeat" : "begin group") + " without its end");
    }

    // Sets e.type (FHIR) from the XLSForm type; false when refused.
    bool type_of(const std::vector<std::string>& words, Entry& e) {
        const std::string sh = sname();
        const std::string& w = words[0];
        const std::string two = words.size() > 1 ? w + " " + words[1] : w;
        auto refuse_type = [&](const std::string& why) {
            refuse(sh, e.row, "type " + quote(e.xls_type) + ": " + why);
            return false;
        };
        if (two == "begin group" || w == "begin_group") return true;
        std::vector<std::string> rest(words.begin() + 1, words.end());
        std::string sel = w;
        if (two == "select one" || two == "select multiple") {
            sel = w + "_" + words[1];
            rest.assign(words.begin() + 2, words.end());
        } else if (words.size() >= 4 && w == "select" && words[1] == "all" && words[2] == "that" && words[3] == "apply") {
            sel = "select_multiple";
            rest.assign(words.begin() + 4, words.end());
        }
        if (sel == "select_one" || sel == "select_multiple") {
            if (rest.empty()) return refuse_type("names no choice list");
            e.list = rest[0];
            if (rest.size() > 1 && rest[1] == "or_other") e.open = true;
            else if (rest.size() > 1) return refuse_type(quote(rest[1]) + " after the list name is not something we know (or_other is)");
            e.type = e.open ? "open-choice" : "choice";
            e.repeats = sel == "select_multiple";
            if (!lists_.count(e.list))
                return refuse_type("the choices sheet has no list " + quote(e.list));
            return true;
        }
        static const std::map<std::string, std::string> simple{
            {"integer", "integer"}, {"int", "integer"},   {"decimal", "decimal"}, {"text", "string"},
            {"string", "string"},   {"date", "date"},     {"time", "time"},       {"datetime", "dateTime"},
            {"note", "display"}, {"boolean", "boolean"}, {"range", "integer"},
            {"calculate", "decimal"},
        };
        if (auto it = simple.find(w); it != simple.end() && words.size() == 1) {
            e.type = it->second;
            e.calculate = w == "calculate";
            if (w == "range") e.control = "slider";
            return true;
        }
        if (two == "phone number" || w == "phone_number" || w == "phone-number") {
            e.type = "string";
            note(sh, e.row, "type " + quote(e.xls_type) + " is asked as text: ODK checks that it holds digits only, the kiosk does not");
            return true;
        }
        static const std::set<std::string> metadata{"start", "end", "today", "deviceid", "subscriberid", "simserial",
                                                    "phonenumber", "username", "email", "audit", "start-geopoint",
                                                    "background-geopoint", "uri:deviceid", "uri:email", "uri:username"};
        if (metadata.count(w)) {
            note(sh, e.row, "metadata " + quote(e.xls_type) +
                                " is not recorded: nobody is asked it, and the kiosk records only when the answers were given (authored)");
            return true;  // type stays empty: nothing to ask
        }
        if (w == "geopoint" || w == "geotrace" || w == "geoshape" || w == "osm")
            return refuse_type("a place on a map needs GPS or a map, which a kiosk does not have; ask for the street or the neighbourhood in words");
        if (w == "image" || w == "audio" || w == "video" || w == "file" || w == "background-audio" || w == "barcode")
            return refuse_type("a kiosk takes no photos, recordings or files (and residents' faces must never be stored)");
        if (w == "select_one_external" || w == "select_multiple_external") {
            // pyxform: the choices are on the workbook's external_choices sheet (a CSV beside the form in ODK).
            if (!external_.sheet) return refuse_type("its choices come from a file outside the form, and this workbook has no external_choices sheet; put them on the choices sheet");
            if (rest.size() != 1) return refuse_type("names no choice list (or more than one word after the type)");
            e.list = rest[0];
            e.external = true;
            e.type = "choice";
            e.repeats = w == "select_multiple_external";
            if (!external_lists_.count(e.list)) return refuse_type("the external_choices sheet has no list " + quote(e.list));
            return true;
        }
        if (w == "select_one_from_file" || w == "select_multiple_from_file")
            return refuse_type("its choices come from a file outside the form; put them on the choices sheet");
        if (w == "rank") return refuse_type("ranking is not a question type our screens have");
        if (w == "acknowledge" || w == "trigger") return refuse_type("a tick that only says OK records nothing; use a note, or a boolean question");
        if (w == "hidden" || w == "xml-external" || w == "csv-external" || w == "start-geopoint")
            return refuse_type("it reads data from outside the form, which a kiosk does not have");
        return refuse_type("not an XLSForm type we know");
    }

    void read_columns(const Row& r, Entry& e) {
        const std::string sh = sname();
        e.label = resolve(texts(survey_, r, "label"), sh, r.number, "label");
        if (!e.label.empty() && !e.label.count(lang_))
            note(sh, r.number, "no label in the default language (" + lang_ + "): the " + e.label.begin()->first +
                                   " one is shown in its place");
        e.hint = resolve(texts(survey_, r, "hint"), sh, r.number, "hint");
        e.read_aloud = resolve(texts(survey_, r, "read_aloud"), sh, r.number, "read_aloud");
        e.scale_low = resolve(texts(survey_, r, "scale_low"), sh, r.number, "scale_low");
        e.scale_high = resolve(texts(survey_, r, "scale_high"), sh, r.number, "scale_high");
        e.sensitive_why = resolve(texts(survey_, r, "sensitive_why"), sh, r.number, "sensitive_why");
        e.domain = cell(survey_, r, "domain");
        e.pictogram = cell(survey_, r, "pictogram");
        e.consent_for = cell(survey_, r, "consent_for");
        e.relevant = cell(survey_, r, "relevant");
        e.calculation = cell(survey_, r, "calculation");
        e.appearance = lower(cell(survey_, r, "appearance"));
        e.default_value = cell(survey_, r, "default");
        e.prefix = cell(survey_, r, "prefix");
        if (e.refused) return;
        auto yes = [&](const std::string& col, bool& out) {
            const std::string v = lower(cell(survey_, r, col));
            if (v.empty() || v == "no" || v == "false" || v == "false()" || v == "0") out = false;
            else if (v == "yes" || v == "true" || v == "true()" || v == "1") out = true;
            else {
                refuse(sh, r.number, col + " " + quote(v) + ": only yes or no (a condition here is not supported; put it in relevant)");
                e.refused = true;
            }
        };
        yes("required", e.required);
        yes("read_only", e.read_only);
        for (const auto& [lang, text] : e.label)
            if (text.find("${") != std::string::npos) {
                refuse(sh, r.number, "the label shows an answer (" + text.substr(text.find("${"), text.find('}', text.find("${")) - text.find("${") + 1) +
                                         "): answers inside texts are not supported; write the text without it");
                e.refused = true;
                break;
            }
        for (const auto& col : survey_.columns) {
            const std::string v = trim(r.at(col.index));
            if (v.empty()) continue;
            if (col.base == "image" || col.base == "audio" || col.base == "video" || col.base == "big-image" || col.base == "media") {
                refuse(sh, r.number, "the " + col.header + " file " + quote(v) +
                                         " is not carried (a questionnaire holds no media); use the pictogram column with one of our icon names");
                e.refused = true;
            } else if (col.base == "choice_filter") {
                if (e.type != "choice" && e.type != "open-choice") {
                    refuse(sh, r.number, "choice_filter " + quote(v) + " on a question without choices");
                    e.refused = true;
                }
                e.choice_filter = v;
            } else if (col.base == "repeat_count" || col.base == "trigger") {
                refuse(sh, r.number, col.header + " " + quote(v) + " is not supported");
                e.refused = true;
            } else if (col.base == "required_message" || col.base == "constraint_message" || col.base == "guidance_hint") {
                note(sh, r.number, col.header + " is not shown: the kiosk says in its own words what is missing or out of range");
            } else if (!survey_known().count(col.base)) {
                note(sh, r.number, "column " + quote(col.header) + " is not read");
            }
        }
        if (e.type == "display" && e.required) {
            note(sh, r.number, "a note cannot be required: required is left out");
            e.required = false;
        }
        read_constraint(r, e);
        read_appearance(r, e);
        if (e.xls_type == "range") read_range(r, e);
        else if (std::string p = cell(survey_, r, "parameters"); !p.empty() && e.type != "group")
            note(sh, r.number, "parameters " + quote(p) + " are not read on this type");
    }

    void read_constraint(const Row& r, Entry& e) {
        const std::string c = cell(survey_, r, "constraint");
        if (c.empty() || e.refused) return;
        const std::string sh = sname();
        auto bad = [&](const std::string& why) {
            refuse(sh, r.number, "constraint " + quote(c) + ": " + why +
                                     " (we take '. >= N', '. <= N', '. > N', '. < N' on numbers, 'string-length(.) <= N' on text, joined by and)");
            e.refused = true;
        };
        auto parsed = parse_expression(c);
        if (!parsed) return bad(parsed.error().message);
        std::vector<const Expr*> parts;
        if ((*parsed)->kind == Expr::Kind::And)
            for (const auto& a : (*parsed)->args) parts.push_back(a.get());
        else
            parts.push_back(parsed->get());
        const bool whole = e.type == "integer";
        for (const Expr* p : parts) {
            if (p->kind != Expr::Kind::Compare) return bad("not a bound");
            const Expr* l = p->args[0].get();
            const Expr* rr = p->args[1].get();
            std::string op = p->op;
            if (l->kind == Expr::Kind::Number) {
                std::swap(l, rr);
                op = op == "<" ? ">" : op == ">" ? "<" : op == "<=" ? ">=" : op == ">=" ? "<=" : op;
            }
            if (rr->kind != Expr::Kind::Number && !(rr->kind == Expr::Kind::Negate && rr->args[0]->kind == Expr::Kind::Number))
                return bad("the bound is not a number");
            double n = std::strtod((rr->kind == Expr::Kind::Number ? rr->text : rr->args[0]->text).c_str(), nullptr);
            if (!std::isfinite(n) || std::fabs(n) > 1e15) return bad("the bound is out of range");
            if (rr->kind == Expr::Kind::Negate) n = -n;
            if (l->kind == Expr::Kind::Call && l->op == "string-length" && l->args.size() == 1 && l->args[0]->kind == Expr::Kind::Self) {
                if (e.type != "string" && e.type != "text") return bad("string-length on a question that is not text");
                if (op == "<=") e.max_length = static_cast<int>(n);
                else if (op == "<") e.max_length = static_cast<int>(n) - 1;
                else return bad("only an upper bound on the length");
                continue;
            }
            if (l->kind != Expr::Kind::Self) return bad("it is about something other than the answer itself ('.')");
            if (e.type != "integer" && e.type != "decimal") return bad("bounds only on integer and decimal questions");
            if ((op == ">" || op == "<") && !whole) return bad("a bound that excludes its own number on a decimal");
            if (op == ">=") e.min = n;
            else if (op == ">") e.min = n + 1;
            else if (op == "<=") e.max = n;
            else if (op == "<") e.max = n - 1;
            else return bad("'" + op + "' is not a bound");
        }
    }

    void read_appearance(const Row& r, Entry& e) {
        if (e.appearance.empty() || e.refused) return;
        const std::string sh = sname();
        for (std::size_t a = 0; a < e.appearance.size();) {
            std::size_t b = e.appearance.find(' ', a);
            const std::string w = e.appearance.substr(a, b == std::string::npos ? std::string::npos : b - a);
            a = b == std::string::npos ? e.appearance.size() : b + 1;
            if (w.empty()) continue;
            if (w == "multiline" && e.type == "string") e.type = "text";
            else if ((w == "minimal" || w == "drop-down") && (e.type == "choice" || e.type == "open-choice")) e.control = "drop-down";
            else if (w == "radio-button" && (e.type == "choice" || e.type == "open-choice")) e.control = "radio-button";
            else if (w == "slider" && (e.type == "integer" || e.type == "decimal")) e.control = "slider";
            else if (w == "field-list" && e.type == "group")
                note(sh, r.number, "appearance field-list: the kiosk shows one question per screen (groups become headings)");
            else
                note(sh, r.number, "appearance " + quote(w) + " is not used: our screens have their own layout");
        }
    }

    void read_range(const Row& r, Entry& e) {
        const std::string p = cell(survey_, r, "parameters");
        double start = 1, end = 10, step = 1;  // ODK's defaults
        for (std::size_t a = 0; a < p.size();) {
            std::size_t b = p.find_first_of(" ;,", a);
            const std::string kv = p.substr(a, b == std::string::npos ? std::string::npos : b - a);
            a = b == std::string::npos ? p.size() : b + 1;
            if (kv.empty()) continue;
            const auto eq = kv.find('=');
            const std::string k = lower(kv.substr(0, eq));
            const std::string v = eq == std::string::npos ? "" : kv.substr(eq + 1);
            char* endp = nullptr;
            const double d = std::strtod(v.c_str(), &endp);
            if (v.empty() || *endp) {
                refuse(sname(), r.number, "parameters " + quote(p) + ": " + quote(kv) + " is not name=number");
                e.refused = true;
                return;
            }
            if (k == "start") start = d;
            else if (k == "end") end = d;
            else if (k == "step") step = d;
            else note(sname(), r.number, "range parameter " + quote(k) + " is not used");
        }
        const bool whole = std::floor(start) == start && std::floor(end) == end && std::floor(step) == step;
        if (!whole) e.type = "decimal";
        if (step != 1 && whole)
            note(sname(), r.number, "range step " + std::to_string(static_cast<long long>(step)) + ": the kiosk's scale takes every whole number between start and end");
        e.min = std::min(start, end);
        e.max = std::max(start, end);
        e.control = "slider";
    }

    // ---------------------------------------------------------------- JSON
    std::vector<std::string> languages() const {
        std::vector<std::string> out;
        for (const auto& l : langs_seen_)
            if (l != lang_) out.push_back(l);
        return out;
    }

    // Sets key (and _key with translations) from texts; false when there is no text at all.
    void put_text(json& obj, const std::string& key, const Texts& t) const {
        auto base = t.find(lang_);
        std::string b = base == t.end() ? std::string() : base->second;
        json tr = json::array();
        for (const auto& l : languages()) {
            auto it = t.find(l);
            if (it == t.end()) continue;
            tr.push_back({{"url", q::kTranslationUrl},
                          {"extension", json::array({{{"url", "lang"}, {"valueCode", l}}, {{"url", "content"}, {"valueString", it->second}}})}});
        }
        if (b.empty() && tr.empty()) return;
        if (b.empty() && !t.empty()) b = t.begin()->second;  // no text in the base language: said by check_languages
        obj[key] = b;
        if (!tr.empty()) obj["_" + key] = {{"extension", tr}};
    }

    static json ext(const std::string& url, const std::string& kind, json value) {
        return json{{"url", url}, {kind, std::move(value)}};
    }
    json text_ext(const std::string& name, const Texts& t) const {
        json e{{"url", kBase + name}};
        put_text(e, "valueString", t);
        return e;
    }

    static Texts join_hint(Texts label, const Texts& hint) {
        for (const auto& [l, h] : hint) {
            auto& t = label[l];
            t = t.empty() ? h : t + "\n" + h;
        }
        return label;
    }

    json build() {
        json qj;
        qj["resourceType"] = "Questionnaire";
        qj["id"] = id_;
        json exts = json::array();
        for (const auto& l : languages()) exts.push_back(ext(kBase + "languages", "valueCode", l));
        if (!variant_.empty()) exts.push_back(ext(kBase + "variant", "valueCode", variant_));
        if (!purpose_.empty()) exts.push_back(ext(kBase + "purpose", "valueCode", purpose_));
        if (!minutes_.empty()) {
            char* end = nullptr;
            long m = std::strtol(minutes_.c_str(), &end, 10);
            if (*end) refuse(settings_.sheet->name, settings_.rows.front()->number, "minutes " + quote(minutes_) + " is not a whole number");
            else exts.push_back(ext(kBase + "minutes", "valueInteger", m));
        }
        if (!icon_.empty()) exts.push_back(ext(kBase + "icon", "valueString", icon_));
        if (!register_.empty()) exts.push_back(ext(kBase + "register", "valueCode", register_));
        if (!exts.empty()) qj["extension"] = exts;
        qj["url"] = url_.empty() ? kQuestionnaireBase + id_ : url_;
        qj["version"] = version_.empty() ? "1" : version_;
        std::string nm = name_;
        if (nm.empty()) {
            bool up = true;
            for (char c : id_) {
                if (!std::isalnum(static_cast<unsigned char>(c))) {
                    up = true;
                    continue;
                }
                nm += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
                up = false;
            }
            if (nm.empty() || std::isdigit(static_cast<unsigned char>(nm[0]))) nm = "Form" + nm;
        }
        qj["name"] = nm;
        put_text(qj, "title", title_);
        qj["status"] = status_.empty() ? "active" : status_;
        qj["language"] = lang_;
        put_text(qj, "description", description_);
        json items = json::array();
        for (std::size_t i : top_)
            if (auto it = item_json(i)) items.push_back(std::move(*it));
        qj["item"] = items;
        return qj;
    }

    // The rows inside a group that could not be taken: listed, not dropped silently.
    void refuse_children(const Entry& group) {
        for (std::size_t c : group.children) {
            const Entry& k = entries_[c];
            if (!k.refused) refuse(sname(), k.row, "inside the group " + quote(group.link_id) + " (row " + std::to_string(group.row) + "), which is refused");
            refuse_children(k);
        }
    }

    std::optional<json> item_json(std::size_t idx) {
        auto it = item_json_inner(idx);
        if (!it) {
            entries_[idx].refused = true;
            refuse_children(entries_[idx]);
        }
        return it;
    }

    std::optional<json> item_json_inner(std::size_t idx) {
        Entry& e = entries_[idx];
        if (e.refused) return std::nullopt;
        const std::string sh = sname();
        json it;
        it["linkId"] = e.link_id;
        if (!e.prefix.empty()) it["prefix"] = e.prefix;
        put_text(it, "text", join_hint(e.label, e.hint));
        if (!e.hint.empty() && e.type != "group")
            note(sh, e.row, "the hint is shown under the question, as part of its text");
        it["type"] = e.type;
        if (e.required) it["required"] = true;
        if (e.repeats) it["repeats"] = true;
        if (e.read_only) it["readOnly"] = true;
        if (e.max_length) it["maxLength"] = *e.max_length;
        if (!e.relevant.empty() && !relevant(e, it)) return std::nullopt;
        json exts = json::array();
        auto number = [&](double v) { return e.type == "integer" ? json(static_cast<long long>(v)) : json(v); };
        const std::string vk = e.type == "integer" ? "valueInteger" : "valueDecimal";
        if (e.min) exts.push_back(ext(kFhirExt + "minValue", vk, number(*e.min)));
        if (e.max) exts.push_back(ext(kFhirExt + "maxValue", vk, number(*e.max)));
        if (!e.control.empty())
            exts.push_back(ext(kFhirExt + "questionnaire-itemControl", "valueCodeableConcept",
                               json{{"coding", json::array({{{"system", "http://hl7.org/fhir/questionnaire-item-control"}, {"code", e.control}}})}}));
        if (!e.domain.empty()) exts.push_back(ext(kBase + "domain", "valueCode", e.domain));
        if (!e.pictogram.empty()) exts.push_back(ext(kBase + "pictogram", "valueString", e.pictogram));
        if (!e.read_aloud.empty()) exts.push_back(text_ext("read-aloud", e.read_aloud));
        if (!e.scale_low.empty()) exts.push_back(text_ext("scale-low", e.scale_low));
        if (!e.scale_high.empty()) exts.push_back(text_ext("scale-high", e.scale_high));
        if (!e.sensitive_why.empty()) exts.push_back(text_ext("sensitive-why", e.sensitive_why));
        for (const auto& id : split_words(e.consent_for)) exts.push_back(ext(kBase + "consent-for", "valueString", id));
        if (!e.calculation.empty()) {
            auto fp = calculation(e);
            if (!fp) {
                refuse(sh, e.row, "calculation " + quote(e.calculation) + ": " + fp.error().message);
                return std::nullopt;
            }
            exts.push_back(ext(kSdcExt + "calculatedExpression", "valueExpression",
                               json{{"language", "text/fhirpath"}, {"expression", *fp}}));
        } else if (e.calculate) {
            refuse(sh, e.row, "a calculate row without a calculation");
            return std::nullopt;
        }
        if (e.calculate) exts.push_back(ext(kFhirExt + "questionnaire-hidden", "valueBoolean", true));
        if (!exts.empty()) it["extension"] = exts;
        if (e.type == "choice" || e.type == "open-choice") {
            const List& l = list_of(e);
            json opts = json::array();
            std::set<std::string> initial = split_set(e.default_value);
            for (const auto& c : l.choices) {
                json coding{{"system", l.system}, {"code", c.name}};
                put_text(coding, "display", c.label);
                json o{{"valueCoding", coding}};
                json oe = json::array();
                if (c.ordinal) oe.push_back(ext(kFhirExt + "ordinalValue", "valueDecimal", *c.ordinal));
                if (!c.pictogram.empty()) oe.push_back(ext(kBase + "pictogram", "valueString", c.pictogram));
                if (!c.read_aloud.empty()) oe.push_back(text_ext("read-aloud", c.read_aloud));
                if (!oe.empty()) o["extension"] = oe;
                if (initial.erase(c.name)) o["initialSelected"] = true;
                opts.push_back(std::move(o));
            }
            if (opts.empty()) {
                refuse(sh, e.row, "list " + quote(e.list) + " on the choices sheet has no choices");
                return std::nullopt;
            }
            for (const auto& bad : initial) {
                refuse(sh, e.row, "default " + quote(bad) + " is not a choice of list " + quote(e.list));
                return std::nullopt;
            }
            it["answerOption"] = opts;
            if (!e.choice_filter.empty() && !choice_filter(e, l, it)) return std::nullopt;
        } else if (!e.default_value.empty()) {
            if (!initial_value(e, it)) return std::nullopt;
        }
        json kids = json::array();
        for (std::size_t c : e.children)
            if (auto k = item_json(c)) kids.push_back(std::move(*k));
        if (e.type == "group" && kids.empty()) {
            refuse(sh, e.row, "group " + quote(e.link_id) + " has nothing left to ask");
            return std::nullopt;
        }
        if (!kids.empty()) it["item"] = kids;
        link_rows_[e.link_id] = e.row;
        return it;
    }

    static std::vector<std::string> split_words(const std::string& s) {
        std::vector<std::string> out;
        std::string cur;
        for (char c : s + " ") {
            if (c == ' ' || c == ',' || c == ';') {
                if (!cur.empty()) out.push_back(cur);
                cur.clear();
            } else {
                cur += c;
            }
        }
        return out;
    }
    static std::set<std::string> split_set(const std::string& s) {
        auto v = split_words(s);
        return {v.begin(), v.end()};
    }

    bool initial_value(const Entry& e, json& it) {
        const std::string& v = e.default_value;
        auto bad = [&](const std::string& why) {
            refuse(sname(), e.row, "default " + quote(v) + ": " + why);
            return false;
        };
        if (v.find("${") != std::string::npos || v.find('(') != std::string::npos)
            return bad("a default computed from other answers or functions is not supported");
        json init;
        char* end = nullptr;
        if (e.type == "integer") {
            long long n = std::strtoll(v.c_str(), &end, 10);
            if (*end) return bad("not a whole number");
            init["valueInteger"] = n;
        } else if (e.type == "decimal") {
            double d = std::strtod(v.c_str(), &end);
            if (*end) return bad("not a number");
            init["valueDecimal"] = d;
        } else if (e.type == "string" || e.type == "text") {
            init["valueString"] = v;
        } else if (e.type == "date") {
            if (!q::is_valid_date(v)) return bad("not a date (YYYY-MM-DD)");
            init["valueDate"] = v;
        } else if (e.type == "time") {
            if (!q::is_valid_time(v)) return bad("not a time (hh:mm)");
            init["valueTime"] = v.size() == 5 ? v + ":00" : v;
        } else if (e.type == "boolean") {
            const std::string l = lower(v);
            if (l != "true" && l != "false" && l != "yes" && l != "no") return bad("not yes or no");
            init["valueBoolean"] = l == "true" || l == "yes";
        } else {
            return bad("not supported on this type");
        }
        it["initial"] = json::array({init});
        return true;
    }

    // ---------------------------------------------------------------- relevant
    const Entry* named(const std::string& n) const {
        auto it = by_name_.find(n);
        return it == by_name_.end() ? nullptr : &entries_[it->second];
    }

    // relevant -> enableWhen (+ enableBehavior). False (and refused) when it is not one of the simple forms.
    bool relevant(const Entry& e, json& it) {
        const std::string sh = sname();
        auto bad = [&](const std::string& why) {
            refuse(sh, e.row, "relevant " + quote(e.relevant) + ": " + why +
                                  " (we take ${q} = 'x', !=, >, <, >=, <=, selected(${q}, 'x'), not(selected(...)), ${q} != '' joined by and, or by or)");
            return false;
        };
        auto parsed = parse_expression(e.relevant);
        if (!parsed) return bad(parsed.error().message);
        const Expr& top = **parsed;
        std::vector<const Expr*> terms;
        std::string behavior;
        if (top.kind == Expr::Kind::Or || top.kind == Expr::Kind::And) {
            behavior = top.kind == Expr::Kind::Or ? "any" : "all";
            for (const auto& a : top.args) {
                if (a->kind == Expr::Kind::Or || a->kind == Expr::Kind::And) return bad("and and or mixed");
                terms.push_back(a.get());
            }
        } else {
            terms.push_back(&top);
        }
        json ew = json::array();
        for (const Expr* t : terms) {
            auto cond = condition(*t);
            if (!cond) return bad(cond.error().message);
            ew.push_back(*cond);
        }
        it["enableWhen"] = ew;
        if (ew.size() > 1) it["enableBehavior"] = behavior;
        return true;
    }

    Result<json> condition(const Expr& t) {
        // not(selected(${q}, 'x')) -> !=
        if (t.kind == Expr::Kind::Call && t.op == "not" && t.args.size() == 1 && t.args[0]->kind == Expr::Kind::Call &&
            t.args[0]->op == "selected") {
            auto c = selected(*t.args[0]);
            if (!c) return c;
            (*c)["operator"] = "!=";
            return c;
        }
        if (t.kind == Expr::Kind::Call && t.op == "selected") return selected(t);
        if (t.kind != Expr::Kind::Compare) return make_error(quote(to_text(t)) + " is not a comparison");
        const Expr* l = t.args[0].get();
        const Expr* r = t.args[1].get();
        std::string op = t.op;
        if (l->kind != Expr::Kind::Ref) {
            std::swap(l, r);
            op = op == "<" ? ">" : op == ">" ? "<" : op == "<=" ? ">=" : op == ">=" ? "<=" : op;
        }
        if (l->kind != Expr::Kind::Ref) return make_error(quote(to_text(t)) + " compares no ${name}");
        const Entry* target = named(l->text);
        if (!target) return make_error("${" + l->text + "} is no question of this form (or one that was refused)");
        if (!q_answerable(*target)) return make_error("${" + l->text + "} is not a question");
        json c{{"question", target->link_id}};
        // ${q} != '' : answered; ${q} = '' : not answered.
        if (r->kind == Expr::Kind::String && r->text.empty() && (op == "=" || op == "!=")) {
            c["operator"] = "exists";
            c["answerBoolean"] = op == "!=";
            return c;
        }
        c["operator"] = op;
        auto value = answer_value(*target, *r);
        if (!value) return value.error();
        const std::string kind = value->begin().key();
        if ((kind == "answerCoding" || kind == "answerBoolean" || kind == "answerString") && op != "=" && op != "!=")
            return make_error("'" + op + "' on ${" + l->text + "}, which is not a number or a date");
        c.update(*value);
        return c;
    }

    Result<json> selected(const Expr& t) {
        if (t.args.size() != 2 || t.args[0]->kind != Expr::Kind::Ref || t.args[1]->kind != Expr::Kind::String)
            return make_error(quote(to_text(t)) + ": selected needs ${q} and a choice name in quotes");
        const Entry* target = named(t.args[0]->text);
        if (!target) return make_error("${" + t.args[0]->text + "} is no question of this form (or one that was refused)");
        if (target->type != "choice" && target->type != "open-choice")
            return make_error("selected() on ${" + t.args[0]->text + "}, which is not a select question");
        json c{{"question", target->link_id}, {"operator", "="}};
        auto v = answer_value(*target, *t.args[1]);
        if (!v) return v.error();
        c.update(*v);
        return c;
    }

    static bool q_answerable(const Entry& e) { return e.type != "group" && e.type != "display"; }

    Result<json> answer_value(const Entry& target, const Expr& lit) {
        std::string text;
        bool is_number = false;
        if (lit.kind == Expr::Kind::String) text = lit.text;
        else if (lit.kind == Expr::Kind::Number) text = lit.text, is_number = true;
        else if (lit.kind == Expr::Kind::Negate && lit.args[0]->kind == Expr::Kind::Number) text = "-" + lit.args[0]->text, is_number = true;
        else if (lit.kind == Expr::Kind::Call && (lit.op == "true" || lit.op == "false") && lit.args.empty()) text = lit.op;
        else if (lit.kind == Expr::Kind::Call && lit.op == "date" && lit.args.size() == 1 && lit.args[0]->kind == Expr::Kind::String) text = lit.args[0]->text;
        else return make_error(quote(to_text(lit)) + " is not a value (a text in quotes, a number, true() or false())");
        const std::string& ty = target.type;
        char* end = nullptr;
        if (ty == "choice" || ty == "open-choice") {
            const List& l = list_of(target);
            if (!std::any_of(l.choices.begin(), l.choices.end(), [&](const Choice& c) { return c.name == text; }))
                return make_error(quote(text) + " is not a choice of list " + quote(target.list));
            return json{{"answerCoding", {{"system", l.system}, {"code", text}}}};
        }
        if (ty == "integer") {
            long long n = std::strtoll(text.c_str(), &end, 10);
            if (text.empty() || *end) return make_error(quote(text) + " is not a whole number");
            return json{{"answerInteger", n}};
        }
        if (ty == "decimal") {
            double d = std::strtod(text.c_str(), &end);
            if (text.empty() || *end) return make_error(quote(text) + " is not a number");
            return json{{"answerDecimal", d}};
        }
        if (ty == "boolean") {
            const std::string l = lower(text);
            if (l == "true" || l == "yes" || l == "1") return json{{"answerBoolean", true}};
            if (l == "false" || l == "no" || l == "0") return json{{"answerBoolean", false}};
            return make_error(quote(text) + " is not true or false");
        }
        if (ty == "string" || ty == "text") {
            if (is_number) return make_error("a number compared with a text question");
            return json{{"answerString", text}};
        }
        if (ty == "date") {
            if (!q::is_valid_date(text)) return make_error(quote(text) + " is not a date (YYYY-MM-DD)");
            return json{{"answerDate", text}};
        }
        if (ty == "time") {
            if (!q::is_valid_time(text)) return make_error(quote(text) + " is not a time (hh:mm)");
            return json{{"answerTime", text.size() == 5 ? text + ":00" : text}};
        }
        if (ty == "dateTime") {
            if (!q::is_valid_date_time(text)) return make_error(quote(text) + " is not a date and time");
            return json{{"answerDateTime", text}};
        }
        return make_error("a condition on a " + ty + " question");
    }

    // ---------------------------------------------------------------- choice_filter
    const List& list_of(const Entry& e) const { return e.external ? external_lists_.at(e.list) : lists_.at(e.list); }
    const Table& table_of(const Entry& e) const { return e.external ? external_ : choices_; }

    // A choice_filter, folded per choice: always offered, never offered, or offered while a FHIRPath holds.
    struct Folded {
        enum class K { True, False, Path } k = K::True;
        std::string text;
    };

    static Folded fold_join(bool is_and, std::vector<Folded> parts) {
        std::vector<std::string> texts;
        for (const auto& p : parts) {
            if (p.k == Folded::K::Path) texts.push_back(p.text);
            else if ((p.k == Folded::K::False) == is_and) return {p.k, ""};  // false and ..., true or ...
        }
        if (texts.empty()) return {is_and ? Folded::K::True : Folded::K::False, ""};
        if (texts.size() == 1) return {Folded::K::Path, texts[0]};
        std::string s;
        for (const auto& t : texts) s += (s.empty() ? "" : is_and ? " and " : " or ") + t;
        return {Folded::K::Path, "(" + s + ")"};
    }

    // The filter for one choice; refusals name the part.
    Result<Folded> fold(const Expr& x, const Entry& e, const Choice& c) {
        if (x.kind == Expr::Kind::And || x.kind == Expr::Kind::Or) {
            std::vector<Folded> parts;
            for (const auto& a : x.args) {
                auto f = fold(*a, e, c);
                if (!f) return f;
                parts.push_back(*f);
            }
            return fold_join(x.kind == Expr::Kind::And, std::move(parts));
        }
        if (x.kind != Expr::Kind::Compare || (x.op != "=" && x.op != "!="))
            return make_error(quote(to_text(x)) + " is not column = ${question} or column = 'text'");
        const Expr* col = x.args[0].get();
        const Expr* other = x.args[1].get();
        if (col->kind != Expr::Kind::Column) std::swap(col, other);
        if (col->kind != Expr::Kind::Column || other->kind == Expr::Kind::Column)
            return make_error(quote(to_text(x)) + " does not compare one column of the choices with ${question} or 'text'");
        const std::string base = canonical_base(col->text);
        const Table& t = table_of(e);
        if (!has_column(t, base) || std::any_of(t.columns.begin(), t.columns.end(), [&](const Column& k) { return k.base == base && !k.lang.empty(); }))
            return make_error("the " + t.sheet->name + " sheet has no column " + quote(col->text) + " (without a language)");
        filter_columns_.insert({t.sheet->name, base});
        auto cv = c.columns.find(base);
        const std::string v = cv == c.columns.end() ? "" : cv->second;
        const bool eq = x.op == "=";
        if (other->kind == Expr::Kind::String || other->kind == Expr::Kind::Number) {
            bool same = v == other->text;
            if (other->kind == Expr::Kind::Number) {  // XPath compares as numbers when one side is a number
                char* end = nullptr;
                const double d = std::strtod(v.c_str(), &end);
                same = !v.empty() && !*end && d == std::strtod(other->text.c_str(), nullptr);
            }
            return Folded{same == eq ? Folded::K::True : Folded::K::False, ""};
        }
        if (other->kind != Expr::Kind::Ref) return make_error(quote(to_text(*other)) + " is not ${question} or a text in quotes");
        const Entry* target = named(other->text);
        if (!target) return make_error("${" + other->text + "} is no question of this form (or one that was refused)");
        if (target == &e) return make_error("${" + other->text + "} is the question itself");
        std::string p = answer_path(target->link_id) + ".value";
        if ((target->type == "choice" || target->type == "open-choice") && !target->repeats) p += ".code";
        else if (target->type == "integer") p += ".toString()";
        else if (target->type != "string" && target->type != "text")
            return make_error("${" + other->text + "} is a " + target->xls_type + " question; a choice_filter compares with a select_one, text or integer answer");
        if (v.find('\'') != std::string::npos || v.find('\\') != std::string::npos)
            return make_error("the value " + quote(v) + " of choice " + quote(c.name) + " has a quote or backslash in it");
        // XPath compares texts: an unanswered question is ''.
        if (v.empty()) return Folded{Folded::K::Path, eq ? "(" + p + ").empty()" : "(" + p + ").exists()"};
        if (eq) return Folded{Folded::K::Path, "((" + p + ") = '" + v + "')"};
        return Folded{Folded::K::Path, "((" + p + ").empty() or (" + p + ") != '" + v + "')"};
    }

    // choice_filter -> SDC answerOptionsToggleExpression: the choices whose filter gives the same FHIRPath share
    // one toggle; a choice the filter always keeps is not listed (SDC: options no toggle names are offered).
    bool choice_filter(const Entry& e, const List& l, json& it) {
        const std::string sh = sname();
        auto bad = [&](const std::string& why) {
            refuse(sh, e.row, "choice_filter " + quote(e.choice_filter) + ": " + why +
                                  " (we take column = ${question}, column != ${question}, column = 'text', joined by and / or)");
            return false;
        };
        auto parsed = parse_expression(e.choice_filter, true);
        if (!parsed) return bad(parsed.error().message);
        std::vector<std::pair<std::string, std::vector<const Choice*>>> groups;  // FHIRPath -> its choices, in order
        for (const auto& c : l.choices) {
            auto f = fold(**parsed, e, c);
            if (!f) return bad(f.error().message);
            if (f->k == Folded::K::True) continue;
            const std::string text = f->k == Folded::K::False ? "false" : f->text;
            auto g = std::find_if(groups.begin(), groups.end(), [&](const auto& x) { return x.first == text; });
            if (g == groups.end()) groups.push_back({text, {&c}});
            else g->second.push_back(&c);
        }
        json exts = it.contains("extension") ? it["extension"] : json::array();
        for (const auto& [text, choices] : groups) {
            if (auto compiled = q::fhirpath::compile(text); !compiled) return bad("outside our FHIRPath subset: " + compiled.error().message);
            json sub = json::array();
            for (const Choice* c : choices) sub.push_back({{"url", "option"}, {"valueCoding", {{"system", l.system}, {"code", c->name}}}});
            sub.push_back({{"url", "expression"}, {"valueExpression", {{"language", "text/fhirpath"}, {"expression", text}}}});
            exts.push_back({{"url", kSdcExt + "answerOptionsToggleExpression"}, {"extension", sub}});
        }
        if (!exts.empty()) it["extension"] = exts;
        note_impossible_filter(e, **parsed, l);
        return true;
    }

    // A comparison with a select_one that none of the choices' values can meet (pyxform's
    // case_insensitivity form: YES_NO holds 'yes', ${q1}'s choices are n1-c and n2-c): said, not refused.
    void note_impossible_filter(const Entry& e, const Expr& x, const List& l) {
        if (x.kind == Expr::Kind::And || x.kind == Expr::Kind::Or) {
            for (const auto& a : x.args) note_impossible_filter(e, *a, l);
            return;
        }
        if (x.kind != Expr::Kind::Compare || x.op != "=") return;
        const Expr* col = x.args[0].get();
        const Expr* ref = x.args[1].get();
        if (col->kind != Expr::Kind::Column) std::swap(col, ref);
        if (col->kind != Expr::Kind::Column || ref->kind != Expr::Kind::Ref) return;
        const Entry* target = named(ref->text);
        if (!target || (target->type != "choice" && target->type != "open-choice") || target->repeats || target->type == "open-choice") return;
        const List& tl = list_of(*target);
        const std::string base = canonical_base(col->text);
        for (const auto& c : l.choices) {
            auto v = c.columns.find(base);
            const std::string value = v == c.columns.end() ? "" : v->second;
            if (std::any_of(tl.choices.begin(), tl.choices.end(), [&](const Choice& k) { return k.name == value; })) return;
        }
        note(sname(), e.row, "choice_filter: no value in column " + quote(col->text) + " of list " + quote(e.list) + " is a choice of ${" + ref->text +
                                 "} (list " + quote(target->list) + "), so " + quote(to_text(x)) +
                                 " never holds; when no choice is left, the question is not asked");
    }

    void note_unread_choice_columns() {
        for (const auto& c : extra_columns_)
            if (!filter_columns_.count({c.sheet, c.base}))
                note(c.sheet, c.row, "column " + quote(c.header) + " is not read (no choice_filter uses it)");
    }

    // ---------------------------------------------------------------- calculation
    std::string answer_path(const std::string& link_id) const {
        return "%resource.repeat(item).where(linkId='" + link_id + "').answer";
    }

    // XPath -> FHIRPath text; number: the context wants a number (arithmetic).
    Result<std::string> fp(const Expr& x, bool number) {
        switch (x.kind) {
            case Expr::Kind::Number:
                return x.text;
            case Expr::Kind::String: {
                if (x.text.find('\'') != std::string::npos || x.text.find('\\') != std::string::npos)
                    return make_error("a text with a quote or backslash in it");
                return "'" + x.text + "'";
            }
            case Expr::Kind::Self:
                return make_error("'.' (the item itself) in a calculation");
            case Expr::Kind::Ref: {
                const Entry* t = named(x.text);
                if (!t) return make_error("${" + x.text + "} is no question of this form (or one that was refused)");
                if (!q_answerable(*t)) return make_error("${" + x.text + "} is not a question");
                std::string p = answer_path(t->link_id) + ".value";
                if (t->type == "choice" || t->type == "open-choice") {
                    if (t->repeats) return make_error("${" + x.text + "} is a select_multiple: use count-selected() or selected()");
                    p += ".code";
                    if (number) p += ".toDecimal()";
                } else if (number && (t->type == "string" || t->type == "text")) {
                    p += ".toDecimal()";
                }
                return "(" + p + ")";
            }
            case Expr::Kind::Negate: {
                auto a = fp(*x.args[0], true);
                if (!a) return a;
                return "(-" + *a + ")";
            }
            case Expr::Kind::Arith: {
                auto a = fp(*x.args[0], true), b = fp(*x.args[1], true);
                if (!a) return a;
                if (!b) return b;
                const std::string op = x.op == "div" ? "/" : x.op;  // XPath div is FHIRPath's /
                return "(" + *a + " " + op + " " + *b + ")";
            }
            case Expr::Kind::Compare: {
                const bool num = x.args[0]->kind == Expr::Kind::Number || x.args[1]->kind == Expr::Kind::Number ||
                                 x.args[0]->kind == Expr::Kind::Arith || x.args[1]->kind == Expr::Kind::Arith;
                auto a = fp(*x.args[0], num), b = fp(*x.args[1], num);
                if (!a) return a;
                if (!b) return b;
                return "(" + *a + " " + x.op + " " + *b + ")";
            }
            case Expr::Kind::Or:
            case Expr::Kind::And: {
                std::string s;
                for (const auto& a : x.args) {
                    auto t = fp(*a, false);
                    if (!t) return t;
                    s += (s.empty() ? "" : x.kind == Expr::Kind::Or ? " or " : " and ") + *t;
                }
                return "(" + s + ")";
            }
            case Expr::Kind::Call:
                return call(x, number);
            case Expr::Kind::Column:
                return make_error("'" + x.text + "' (a path into the form's XML) is not an expression we read; write ${name}");
        }
        return make_error("unknown expression");
    }

    Result<std::string> call(const Expr& x, bool number) {
        const std::string& f = x.op;
        auto arg = [&](std::size_t i, bool num) { return fp(*x.args[i], num); };
        auto need = [&](std::size_t n) -> Result<Ok> {
            if (x.args.size() != n) return make_error(f + "() takes " + std::to_string(n) + " argument" + (n == 1 ? "" : "s"));
            return Ok{};
        };
        if ((f == "true" || f == "false" || f == "today" || f == "now") ) {
            if (auto n = need(0); !n) return n.error();
            return f == "true" || f == "false" ? f : f + "()";
        }
        if (f == "if") {
            if (auto n = need(3); !n) return n.error();
            auto c = arg(0, false), a = arg(1, number), b = arg(2, number);
            if (!c) return c;
            if (!a) return a;
            if (!b) return b;
            return "iif(" + *c + ", " + *a + ", " + *b + ")";
        }
        if (f == "round") {
            if (x.args.empty() || x.args.size() > 2) return make_error("round() takes 1 or 2 arguments");
            auto a = arg(0, true);
            if (!a) return a;
            std::string digits = "0";
            if (x.args.size() == 2) {
                if (x.args[1]->kind != Expr::Kind::Number) return make_error("round()'s digits must be a number");
                digits = x.args[1]->text;
            }
            return "(" + *a + ").round(" + digits + ")";
        }
        static const std::map<std::string, std::string> unary{{"int", "truncate()"}, {"number", "toDecimal()"},
                                                               {"string", "toString()"}, {"not", "not()"},
                                                               {"abs", "abs()"}, {"sqrt", "sqrt()"},
                                                               {"floor", "floor()"}, {"ceiling", "ceiling()"},
                                                               {"string-length", "length()"}, {"exp", "exp()"},
                                                               {"log", "ln()"}, {"boolean", "toBoolean()"}};
        if (auto it = unary.find(f); it != unary.end()) {
            if (auto n = need(1); !n) return n.error();
            const bool num = f != "string" && f != "not" && f != "string-length" && f != "boolean";
            auto a = arg(0, num);
            if (!a) return a;
            return "(" + *a + ")." + it->second;
        }
        if (f == "pow") {
            if (auto n = need(2); !n) return n.error();
            auto a = arg(0, true), b = arg(1, true);
            if (!a) return a;
            if (!b) return b;
            return "(" + *a + ").power(" + *b + ")";
        }
        if (f == "concat") {
            if (x.args.empty()) return make_error("concat() without arguments");
            std::string s;
            for (std::size_t i = 0; i < x.args.size(); ++i) {
                auto a = arg(i, false);
                if (!a) return a;
                s += (s.empty() ? "" : " & ") + *a;
            }
            return "(" + s + ")";
        }
        if (f == "coalesce") {
            if (auto n = need(2); !n) return n.error();
            auto a = arg(0, number), b = arg(1, number);
            if (!a) return a;
            if (!b) return b;
            return "iif(" + *a + ".exists(), " + *a + ", " + *b + ")";
        }
        if (f == "count-selected" || f == "selected") {
            if (x.args.empty() || x.args[0]->kind != Expr::Kind::Ref) return make_error(f + "() needs ${q} first");
            const Entry* t = named(x.args[0]->text);
            if (!t) return make_error("${" + x.args[0]->text + "} is no question of this form (or one that was refused)");
            if (t->type != "choice" && t->type != "open-choice") return make_error(f + "() on a question that is not a select");
            if (f == "count-selected") {
                if (auto n = need(1); !n) return n.error();
                return "(" + answer_path(t->link_id) + ".count())";
            }
            if (auto n = need(2); !n) return n.error();
            auto b = arg(1, false);
            if (!b) return b;
            return "(" + answer_path(t->link_id) + ".value.code contains " + *b + ")";
        }
        return make_error(f + "() is not a function we can compute");
    }

    Result<std::string> calculation(Entry& e) {
        auto parsed = parse_expression(e.calculation);
        if (!parsed) return parsed.error();
        const Expr& x = **parsed;
        const bool numeric_type = e.type == "integer" || e.type == "decimal";
        auto text = fp(x, numeric_type);
        if (!text) return text;
        // A calculate row's type follows what it computes.
        if (e.calculate) {
            if (x.kind == Expr::Kind::Compare || x.kind == Expr::Kind::And || x.kind == Expr::Kind::Or ||
                (x.kind == Expr::Kind::Call && (x.op == "selected" || x.op == "not" || x.op == "true" || x.op == "false")))
                e.type = "boolean";
            else if (x.kind == Expr::Kind::String || (x.kind == Expr::Kind::Call && (x.op == "concat" || x.op == "string")))
                e.type = "string";
            else if (x.kind == Expr::Kind::Call && (x.op == "today"))
                e.type = "date";
            else if (x.kind == Expr::Kind::Call && (x.op == "count-selected" || x.op == "int" || x.op == "string-length" || (x.op == "round" && x.args.size() == 1)))
                e.type = "integer";
            else
                e.type = "decimal";
        }
        auto compiled = q::fhirpath::compile(*text);
        if (!compiled) return make_error("outside our FHIRPath subset: " + compiled.error().message);
        return *text;
    }

    // ---------------------------------------------------------------- languages
    // A language the form has only partly (pyxform's own forms do this) is kept
    // where it is, but not claimed: the kiosk offers a language only when every
    // text has it.
    void check_languages(json& qj) {
        std::vector<std::string> keep;
        for (const auto& l : languages()) {
            std::vector<std::string> missing;
            auto look = [&](const json& obj, const std::string& key, const std::string& where) {
                if (!obj.contains(key)) return;
                bool found = false;
                if (obj.contains("_" + key))
                    for (const auto& tr : obj["_" + key]["extension"])
                        if (tr["extension"][0]["valueCode"] == l) found = true;
                if (!found) missing.push_back(where);
            };
            look(qj, "title", "the title");
            look(qj, "description", "the description");
            std::function<void(const json&)> walk = [&](const json& items) {
                for (const auto& it : items) {
                    look(it, "text", it["linkId"].get<std::string>());
                    for (const auto& x : it.value("extension", json::array()))
                        if (x.contains("valueString") && x["url"].get<std::string>().rfind(kBase, 0) == 0 &&
                            x["url"] != kBase + "pictogram" && x["url"] != kBase + "consent-for" && x["url"] != kBase + "icon")
                            look(x, "valueString", it["linkId"].get<std::string>() + " " + x["url"].get<std::string>().substr(kBase.size()));
                    for (const auto& o : it.value("answerOption", json::array())) {
                        look(o["valueCoding"], "display", it["linkId"].get<std::string>() + " option " + o["valueCoding"]["code"].get<std::string>());
                        for (const auto& x : o.value("extension", json::array()))
                            if (x["url"] == kBase + "read-aloud") look(x, "valueString", it["linkId"].get<std::string>() + " option read-aloud");
                    }
                    if (it.contains("item")) walk(it["item"]);
                }
            };
            walk(qj["item"]);
            if (missing.empty()) {
                keep.push_back(l);
            } else {
                note("", 0, "language " + l + " (" + lang_headers_[l] + ") is missing on " + std::to_string(missing.size()) +
                                " text(s), first " + missing.front() +
                                ": the translations are kept, but the kiosk will not offer " + l + " until every text has one");
            }
        }
        // Rewrite the languages extension with only the complete ones.
        if (qj.contains("extension")) {
            json exts = json::array();
            for (const auto& x : qj["extension"])
                if (x["url"] != kBase + "languages") exts.push_back(x);
            json out = json::array();
            for (const auto& l : keep) out.push_back(ext(kBase + "languages", "valueCode", l));
            for (const auto& x : exts) out.push_back(x);
            if (out.empty()) qj.erase("extension");
            else qj["extension"] = out;
        }
    }

    // ---------------------------------------------------------------- loader
    void verify(const json& qj) {
        auto r = q::load_questionnaire_json(qj.dump(), opt_.file_label);
        const std::string sh = sname();
        for (const auto& p : r.problems) {
            auto row = link_rows_.find(p.link_id);
            refuse(sh, row == link_rows_.end() ? 0 : row->second, p.message);
        }
        for (const auto& p : r.notes) {
            auto row = link_rows_.find(p.link_id);
            note(sh, row == link_rows_.end() ? 0 : row->second, p.message);
        }
    }

    const Workbook& book_;
    const ImportOptions& opt_;
    Table survey_, choices_, external_, settings_;
    std::vector<std::string> langs_seen_;
    std::map<std::string, std::string> lang_headers_;
    std::string lang_, id_, version_, variant_, purpose_, icon_, register_, name_, status_, url_, minutes_;
    Texts title_, description_;
    std::map<std::string, List> lists_, external_lists_;
    struct ExtraColumn {
        std::string sheet;
        int row;
        std::string header, base;
    };
    std::vector<ExtraColumn> extra_columns_;        // choices columns we do not map (a choice_filter may read them)
    std::set<std::pair<std::string, std::string>> filter_columns_;  // (sheet, base) a choice_filter read
    std::vector<Entry> entries_;
    std::vector<std::size_t> top_;
    std::map<std::string, std::size_t> by_name_;
    std::map<std::string, int> link_rows_;
    std::vector<Finding> refused_, notes_;
};

}  // namespace

std::string format_finding(const std::string& file, const Finding& f) {
    std::string s = file;
    if (!f.sheet.empty()) s += ":" + f.sheet;
    if (f.row > 0) s += ":" + std::to_string(f.row);
    return s + ": " + f.message;
}

ImportResult import_xlsform(const Workbook& book, const ImportOptions& options) {
    return Importer(book, options).run();
}

}  // namespace kiosk::xlsform
