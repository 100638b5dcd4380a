// .xlsx as text grids: libzip opens the container, libxml2 parses each part
// (no network, no entity expansion, its own limits on depth and size), and
// this file walks SpreadsheetML: workbook.xml -> its relationships -> each
// worksheet's <sheetData>, with sharedStrings.xml for the text cells.
#include "xlsform/xlsx.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>

namespace kiosk::xlsform {

namespace {

constexpr const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

struct ZipCloser {
    void operator()(zip_t* z) const { zip_discard(z); }
};
struct DocFreer {
    void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using Doc = std::unique_ptr<xmlDoc, DocFreer>;

// One part of the archive, or nullopt when it is not there.
Result<std::optional<std::string>> read_part(zip_t* z, const std::string& name, const std::string& label) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(z, name.c_str(), 0, &st) != 0) return std::optional<std::string>{};
    if ((st.valid & ZIP_STAT_SIZE) && st.size > kMaxPartBytes)
        return make_error(label + ": part " + name + " is larger than " + std::to_string(kMaxPartBytes >> 20) + " MiB");
    zip_file_t* f = zip_fopen(z, name.c_str(), 0);
    if (!f) return make_error(label + ": cannot open part " + name + ": " + zip_strerror(z));
    std::string out;
    char buf[65536];
    for (;;) {
        zip_int64_t n = zip_fread(f, buf, sizeof buf);
        if (n < 0) {
            std::string why = zip_file_strerror(f);
            zip_fclose(f);
            return make_error(label + ": cannot read part " + name + ": " + why);
        }
        if (n == 0) break;
        out.append(buf, static_cast<std::size_t>(n));
        if (out.size() > kMaxPartBytes) {
            zip_fclose(f);
            return make_error(label + ": part " + name + " is larger than " + std::to_string(kMaxPartBytes >> 20) + " MiB");
        }
    }
    zip_fclose(f);
    return std::optional<std::string>{std::move(out)};
}

Result<Doc> parse_xml(const std::string& text, const std::string& what) {
    // NONET: never fetch anything; no NOENT: entities are not substituted (no billion laughs).
    xmlDoc* d = xmlReadMemory(text.data(), static_cast<int>(text.size()), what.c_str(), nullptr,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!d) {
        const xmlError* e = xmlGetLastError();
        std::string why = e && e->message ? e->message : "not XML";
        while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
        return make_error(what + ": " + why);
    }
    return Doc(d);
}

bool is(const xmlNode* n, const char* local) {
    return n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST local) == 0;
}

std::string attr(const xmlNode* n, const char* name, const char* ns = nullptr) {
    xmlChar* v = ns ? xmlGetNsProp(const_cast<xmlNode*>(n), BAD_CAST name, BAD_CAST ns)
                    : xmlGetProp(const_cast<xmlNode*>(n), BAD_CAST name);
    if (!v) return {};
    std::string s(reinterpret_cast<const char*>(v));
    xmlFree(v);
    return s;
}

const xmlNode* child(const xmlNode* n, const char* local) {
    for (const xmlNode* c = n ? n->children : nullptr; c; c = c->next)
        if (is(c, local)) return c;
    return nullptr;
}

std::string text_of(const xmlNode* n) {
    if (!n) return {};
    xmlChar* v = xmlNodeGetContent(const_cast<xmlNode*>(n));
    if (!v) return {};
    std::string s(reinterpret_cast<const char*>(v));
    xmlFree(v);
    return s;
}

// A shared string or inline string: its <t> runs, without phonetic guides (<rPh>).
std::string rich_text(const xmlNode* si) {
    std::string out;
    for (const xmlNode* c = si->children; c; c = c->next) {
        if (is(c, "t")) out += text_of(c);
        else if (is(c, "r")) out += text_of(child(c, "t"));
    }
    return out;
}

// "xl/" + "worksheets/sheet1.xml", or an absolute "/xl/..." target.
std::string resolve(const std::string& base_dir, const std::string& target) {
    if (!target.empty() && target[0] == '/') return target.substr(1);
    std::string path = base_dir + target;
    // Fold "a/../b" (rare, but allowed by OPC).
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t slash = path.find('/', start);
        std::string part = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        if (part == "..") {
            if (!parts.empty()) parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
    return out;
}

// Relationships of a part: id -> (type, resolved target).
Result<std::map<std::string, std::pair<std::string, std::string>>> relationships(zip_t* z, const std::string& part,
                                                                               const std::string& label) {
    const std::size_t slash = part.rfind('/');
    const std::string dir = slash == std::string::npos ? "" : part.substr(0, slash + 1);
    const std::string rels = dir + "_rels/" + part.substr(slash == std::string::npos ? 0 : slash + 1) + ".rels";
    std::map<std::string, std::pair<std::string, std::string>> out;
    auto text = read_part(z, rels, label);
    if (!text) return text.error();
    if (!*text) return out;
    auto doc = parse_xml(**text, label + ": " + rels);
    if (!doc) return doc.error();
    for (const xmlNode* r = xmlDocGetRootElement(doc->get())->children; r; r = r->next)
        if (is(r, "Relationship")) out[attr(r, "Id")] = {attr(r, "Type"), resolve(dir, attr(r, "Target"))};
    return out;
}

// "B12" -> column 1; -1 when not a cell reference.
int column_of(const std::string& ref) {
    int col = 0;
    std::size_t i = 0;
    while (i < ref.size() && std::isalpha(static_cast<unsigned char>(ref[i]))) {
        col = col * 26 + (std::toupper(static_cast<unsigned char>(ref[i])) - 'A' + 1);
        if (col > 16384) return -1;
        ++i;
    }
    return i == 0 ? -1 : col - 1;
}

Result<Sheet> read_sheet(const xmlNode* root, const std::vector<std::string>& shared, const std::string& name,
                         const std::string& label) {
    Sheet sheet;
    sheet.name = name;
    const xmlNode* data = child(root, "sheetData");
    int next_row = 1;
    for (const xmlNode* r = data ? data->children : nullptr; r; r = r->next) {
        if (!is(r, "row")) continue;
        Row row;
        const std::string rn = attr(r, "r");
        row.number = rn.empty() ? next_row : std::atoi(rn.c_str());
        if (row.number < 1 || row.number > kMaxRows)
            return make_error(label + ": sheet " + name + " has a row numbered " + rn + " (at most " + std::to_string(kMaxRows) + ")");
        next_row = row.number + 1;
        int next_col = 0;
        for (const xmlNode* c = r->children; c; c = c->next) {
            if (!is(c, "c")) continue;
            const std::string ref = attr(c, "r");
            int col = ref.empty() ? next_col : column_of(ref);
            if (col < 0 || col >= kMaxColumns)
                return make_error(label + ": sheet " + name + " row " + std::to_string(row.number) + ": cell " + ref +
                                  " is beyond column " + std::to_string(kMaxColumns));
            next_col = col + 1;
            const std::string t = attr(c, "t");
            std::string value;
            if (t == "inlineStr") {
                if (const xmlNode* is_node = child(c, "is")) value = rich_text(is_node);
            } else if (const xmlNode* v = child(c, "v")) {
                value = text_of(v);
                if (t == "s") {
                    const long idx = std::strtol(value.c_str(), nullptr, 10);
                    if (idx < 0 || static_cast<std::size_t>(idx) >= shared.size())
                        return make_error(label + ": sheet " + name + " cell " + ref + " names shared string " + value +
                                          ", which the workbook does not have");
                    value = shared[static_cast<std::size_t>(idx)];
                } else if (t == "b") {
                    value = value == "1" ? "TRUE" : "FALSE";
                } else if (t == "e") {
                    value.clear();  // #N/A and friends: no value
                }
            }
            if (value.empty()) continue;
            if (row.cells.size() <= static_cast<std::size_t>(col)) row.cells.resize(static_cast<std::size_t>(col) + 1);
            row.cells[static_cast<std::size_t>(col)] = std::move(value);
        }
        if (!row.cells.empty()) sheet.rows.push_back(std::move(row));
    }
    return sheet;
}

}  // namespace

bool Row::blank() const {
    return std::all_of(cells.begin(), cells.end(), [](const std::string& c) {
        return std::all_of(c.begin(), c.end(), [](unsigned char ch) { return std::isspace(ch); });
    });
}

const Sheet* Workbook::find(const std::string& name) const {
    for (const auto& s : sheets)
        if (lower(s.name) == lower(name)) return &s;
    return nullptr;
}

Result<Workbook> read_xlsx(const std::filesystem::path& file) {
    const std::string label = file.string();
    int err = 0;
    std::unique_ptr<zip_t, ZipCloser> z(zip_open(file.c_str(), ZIP_RDONLY, &err));
    if (!z) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, err);
        std::string why = zip_error_strerror(&ze);
        zip_error_fini(&ze);
        return make_error(label + ": not an .xlsx workbook (" + why + ")");
    }
    // The package's root relationships say where the workbook is (xl/workbook.xml by convention).
    std::string workbook_part = "xl/workbook.xml";
    auto root_rels = relationships(z.get(), "", label);
    if (!root_rels) return root_rels.error();
    for (const auto& [id, rel] : *root_rels)
        if (rel.first.size() >= 14 && rel.first.compare(rel.first.size() - 14, 14, "officeDocument") == 0) workbook_part = rel.second;
    auto wb_text = read_part(z.get(), workbook_part, label);
    if (!wb_text) return wb_text.error();
    if (!*wb_text) return make_error(label + ": no workbook part (" + workbook_part + "): not an .xlsx spreadsheet");
    auto wb_doc = parse_xml(**wb_text, label + ": " + workbook_part);
    if (!wb_doc) return wb_doc.error();
    auto rels = relationships(z.get(), workbook_part, label);
    if (!rels) return rels.error();

    std::vector<std::string> shared;
    std::string shared_part;
    for (const auto& [id, rel] : *rels)
        if (rel.first.size() >= 13 && rel.first.compare(rel.first.size() - 13, 13, "sharedStrings") == 0) shared_part = rel.second;
    if (!shared_part.empty()) {
        auto ss_text = read_part(z.get(), shared_part, label);
        if (!ss_text) return ss_text.error();
        if (*ss_text) {
            auto ss_doc = parse_xml(**ss_text, label + ": " + shared_part);
            if (!ss_doc) return ss_doc.error();
            for (const xmlNode* si = xmlDocGetRootElement(ss_doc->get())->children; si; si = si->next)
                if (is(si, "si")) shared.push_back(rich_text(si));
        }
    }

    Workbook book;
    const xmlNode* sheets = child(xmlDocGetRootElement(wb_doc->get()), "sheets");
    for (const xmlNode* s = sheets ? sheets->children : nullptr; s; s = s->next) {
        if (!is(s, "sheet")) continue;
        const std::string name = attr(s, "name");
        const std::string rid = attr(s, "id", kRelNs);
        auto it = rels->find(rid);
        if (it == rels->end()) return make_error(label + ": sheet " + name + " has no part in the workbook's relationships");
        if (it->second.first.find("/worksheet") == std::string::npos) continue;  // a chart sheet: no cells
        auto text = read_part(z.get(), it->second.second, label);
        if (!text) return text.error();
        if (!*text) return make_error(label + ": sheet " + name + ": part " + it->second.second + " is missing");
        auto doc = parse_xml(**text, label + ": " + it->second.second);
        if (!doc) return doc.error();
        const xmlNode* root = xmlDocGetRootElement(doc->get());
        if (!root || !is(root, "worksheet") || !root->ns || xmlStrcmp(root->ns->href, BAD_CAST kMainNs) != 0)
            return make_error(label + ": sheet " + name + " is not a SpreadsheetML worksheet");
        auto sheet = read_sheet(root, shared, name, label);
        if (!sheet) return sheet.error();
        book.sheets.push_back(std::move(*sheet));
    }
    if (book.sheets.empty()) return make_error(label + ": the workbook has no sheets");
    return book;
}

Status write_xlsx(const std::filesystem::path& file, const Workbook& book) {
    lxw_workbook* wb = workbook_new(file.c_str());
    if (!wb) return make_error(file.string() + ": cannot create the workbook");
    lxw_format* header = workbook_add_format(wb);
    format_set_bold(header);
    format_set_bg_color(header, 0xDDEBF7);
    lxw_format* wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    for (const auto& sheet : book.sheets) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.name.c_str());
        if (!ws) {
            workbook_close(wb);
            return make_error(file.string() + ": cannot add sheet " + sheet.name);
        }
        std::size_t cols = 0;
        for (const auto& row : sheet.rows) cols = std::max(cols, row.cells.size());
        for (std::size_t c = 0; c < cols; ++c) {
            // Text columns (labels, hints) wide and wrapped; short code columns narrow.
            std::size_t longest = 8;
            for (const auto& row : sheet.rows) longest = std::max(longest, std::min<std::size_t>(row.at(c).size(), 60));
            worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), static_cast<double>(longest) + 2,
                                 longest >= 40 ? wrap : nullptr);
        }
        for (const auto& row : sheet.rows) {
            for (std::size_t c = 0; c < row.cells.size(); ++c) {
                if (row.cells[c].empty()) continue;
                lxw_error e = worksheet_write_string(ws, static_cast<lxw_row_t>(row.number - 1), static_cast<lxw_col_t>(c),
                                                     row.cells[c].c_str(), row.number == 1 ? header : nullptr);
                if (e != LXW_NO_ERROR) {
                    workbook_close(wb);
                    return make_error(file.string() + ": sheet " + sheet.name + " row " + std::to_string(row.number) + ": " +
                                      lxw_strerror(e));
                }
            }
        }
        worksheet_freeze_panes(ws, 1, 0);
    }
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) return make_error(file.string() + ": " + lxw_strerror(e));
    return ok_status();
}

}  // namespace kiosk::xlsform
