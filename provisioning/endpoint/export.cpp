#include "endpoint/export.hpp"

#include <algorithm>
#include <fstream>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "crypto/envelope.hpp"
#include "endpoint/work_list.hpp"
#include "questionnaire/model.hpp"

namespace kiosk::endpoint {

namespace {

using json = nlohmann::ordered_json;

std::string safe_file_stem(const std::string& id) {
    std::string s;
    for (char c : id)
        s += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
    if (s.empty() || s[0] == '.') s = "unknown" + s;
    return s;
}

// One answer as a cell; text marks free text (formula guard applies).
std::pair<std::string, bool> answer_text(const json& a) {
    for (auto it = a.begin(); it != a.end(); ++it) {
        const std::string& k = it.key();
        if (k.rfind("value", 0) != 0) continue;
        const json& v = it.value();
        if (k == "valueCoding") {
            if (v.contains("code") && v["code"].is_string()) return {v["code"].get<std::string>(), false};
            if (v.contains("display") && v["display"].is_string()) return {v["display"].get<std::string>(), true};
            return {v.dump(), true};
        }
        if (k == "valueQuantity" && v.contains("value")) return {v["value"].dump(), false};
        if (k == "valueReference" && v.contains("reference")) return {v["reference"].get<std::string>(), true};
        if (v.is_string()) return {v.get<std::string>(), k == "valueString" || k == "valueUri"};
        if (v.is_boolean()) return {v.get<bool>() ? "true" : "false", false};
        if (v.is_number()) return {v.dump(), false};
        return {v.dump(), true};
    }
    return {"", false};
}

struct Row {
    std::map<std::string, std::pair<std::string, bool>> cells;  // column -> (text, is_text)
};

void collect_items(const json& items, Row& row, std::vector<std::string>& columns, std::set<std::string>& known) {
    if (!items.is_array()) return;
    for (const auto& item : items) {
        if (!item.is_object()) continue;
        const std::string link = item.value("linkId", "");
        if (item.contains("answer") && item["answer"].is_array() && !link.empty()) {
            std::string joined;
            bool text = false;
            for (const auto& a : item["answer"]) {
                auto [t, is_text] = answer_text(a);
                joined += (joined.empty() ? "" : "|") + t;
                text = text || is_text;
                if (a.contains("item")) collect_items(a["item"], row, columns, known);
            }
            if (known.insert(link).second) columns.push_back(link);
            row.cells[link] = {joined, text};
        }
        if (item.contains("item")) collect_items(item["item"], row, columns, known);
    }
}

// Per questionnaire: the NDJSON file, the column set seen so far and the CSV
// rows parked in a temporary file until that set is complete.
struct PerQuestionnaire {
    std::ofstream ndjson;
    std::ofstream rows;  // one JSON object per line: column -> [text, is_text]
    std::filesystem::path rows_path;
    std::vector<std::string> columns;
    std::set<std::string> known;
    std::set<std::string> staff_seen;
};

const std::vector<std::string> kFixedColumns = {"envelope_uuid", "device_id", "received_at", "authored",
                                                "status", "questionnaire_version", "language", "kind",
                                                "assisted", "duration_s", "read_aloud", "text_scale_pct"};
// Only when some response of the questionnaire carries them (staff-started interviews).
const std::vector<std::string> kStaffColumns = {"case_reference", "filled_in_together", "paper_entry", "staff_note"};
// Only when some response of the questionnaire carries a previous result
// (extension previous-result: the resident compared with last time).
const std::vector<std::string>& previous_columns() {
    static const std::vector<std::string> cols = [] {
        std::vector<std::string> c{"previous_date", "previous_variant", "previous_version"};
        for (const auto& d : questionnaire::scoring_domains()) c.push_back("previous_" + d);
        return c;
    }();
    return cols;
}

// Our staff extensions on the response (shared/questionnaire/README.md) as CSV
// columns; the interview state a paused draft carried is left out of the
// export (it only repeats the answers).
void staff_columns(json& response, Row& row) {
    if (!response.contains("extension") || !response["extension"].is_array()) return;
    const std::string base = "https://fhir.intake-kiosk.example/StructureDefinition/";
    json kept = json::array();
    for (auto& e : response["extension"]) {
        std::string url = e.is_object() ? e.value("url", "") : "";
        if (url == base + "interview-state") continue;
        if (url == base + "case-reference") row.cells["case_reference"] = {e.value("valueString", ""), true};
        else if (url == base + "staff-note") row.cells["staff_note"] = {e.value("valueString", ""), true};
        else if (url == base + "filled-in-together")
            row.cells["filled_in_together"] = {e.value("valueBoolean", false) ? "true" : "false", false};
        else if (url == base + "paper-entry")
            row.cells["paper_entry"] = {e.value("valueBoolean", false) ? "true" : "false", false};
        else if (url == base + "previous-result" && e.contains("extension") && e["extension"].is_array()) {
            // The result the resident brought (take-home code): date, variant,
            // version and the whole-number score per domain.
            for (const auto& part : e["extension"]) {
                if (!part.is_object()) continue;
                const std::string name = part.value("url", "");
                std::string col = name == "date" ? "previous_date" : name == "variant" ? "previous_variant"
                                  : name == "version" ? "previous_version" : "";
                for (const auto& d : questionnaire::scoring_domains())
                    if (name == d) col = "previous_" + d;
                if (col.empty()) continue;
                if (part.contains("valueInteger") && part["valueInteger"].is_number_integer())
                    row.cells[col] = {std::to_string(part["valueInteger"].get<int>()), false};
                else
                    for (const char* k : {"valueDate", "valueCode", "valueString"})
                        if (part.contains(k) && part[k].is_string()) row.cells[col] = {part[k].get<std::string>(), true};
            }
        }
        kept.push_back(std::move(e));
    }
    if (kept.empty()) response.erase("extension");
    else response["extension"] = std::move(kept);
}

}  // namespace

std::string csv_cell(const std::string& value, bool is_text) {
    std::string v = value;
    if (is_text && !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v = "'" + v;
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string out = "\"";
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

const std::vector<std::string>& completion_columns() {
    static const std::vector<std::string> k{"envelope_uuid", "device_id", "day", "questionnaire", "version",
                                            "variant", "language", "step", "steps", "reason", "assisted"};
    return k;
}

Status for_each_opened(Store& store, const OrgSecretKeys& keys, Millis since_wall_ms,
                       const std::function<void(OpenedEnvelope&)>& fn,
                       const std::function<void(const StoredEnvelope&, const std::string& reason)>& on_error) {
    std::map<std::string, std::optional<DeviceRecord>> devices;
    return store.for_each_envelope_since(since_wall_ms, [&](const StoredEnvelope& e) {
        auto dit = devices.find(e.device_id);
        if (dit == devices.end()) {
            auto d = store.device_by_id(e.device_id);
            dit = devices.emplace(e.device_id, d.ok() ? d.value() : std::nullopt).first;
        }
        if (!dit->second) {
            on_error(e, "device not enrolled in this database: signature cannot be checked");
            return true;
        }
        auto plain = crypto::open_envelope(e.bytes, keys.pub.results_public_key, keys.results_secret_key,
                                           &dit->second->signing_public_key);
        if (!plain.ok()) {
            on_error(e, plain.error().message);
            return true;
        }
        json doc = json::parse(crypto::as_view(plain.value()), nullptr, false);
        if (doc.is_discarded() || !doc.is_object() || !doc.contains("response") || !doc["response"].is_object()) {
            on_error(e, "opened, but the content is not a response document");
            return true;
        }
        if (auto bound = crypto::check_bound_uuid(doc, e.uuid); !bound.ok()) {
            on_error(e, bound.error().message);
            return true;
        }
        json& response = doc["response"];
        const json meta = doc.contains("meta") && doc["meta"].is_object() ? doc["meta"] : json::object();
        std::string qid = meta.value("questionnaire", "");
        if (qid.empty()) {
            std::string canon = response.value("questionnaire", "unknown");
            canon = canon.substr(0, canon.find('|'));
            qid = canon.substr(canon.rfind('/') + 1);
        }
        OpenedEnvelope opened{e, response, meta, qid, meta.value("kind", "finished")};
        fn(opened);
        return true;
    });
}

Result<ExportSummary> export_all(Store& store, const OrgSecretKeys& keys, const std::filesystem::path& out_dir,
                                 const ExportOptions& options) {
    std::error_code ec;
    std::filesystem::create_directories(out_dir, ec);
    if (ec) return make_error("cannot create export dir " + out_dir.string() + ": " + ec.message());
    ExportSummary summary;
    std::map<std::string, std::unique_ptr<PerQuestionnaire>> groups;

    const auto errors_path = out_dir / "errors.csv";
    std::ofstream errors(errors_path, std::ios::trunc);
    if (!errors) return make_error("cannot write " + errors_path.string());
    errors << "envelope_uuid,device_id,received_at,reason\n";
    summary.files.push_back(errors_path);
    const auto completions_path = out_dir / "completions.csv";
    std::ofstream completions(completions_path, std::ios::trunc);
    if (!completions) return make_error("cannot write " + completions_path.string());
    for (std::size_t i = 0; i < completion_columns().size(); ++i)
        completions << (i ? "," : "") << completion_columns()[i];
    completions << "\n";
    summary.files.push_back(completions_path);
    WorkList work(out_dir);  // contact requests and marked topics for the back office

    auto text = [](const json& j, const char* k) {
        if (!j.contains(k)) return std::string();
        return j[k].is_string() ? j[k].get<std::string>() : j[k].dump();
    };
    Status walked = for_each_opened(
        store, keys, options.since_wall_ms,
        [&](OpenedEnvelope& o) {
            const StoredEnvelope& e = o.stored;
            json& response = o.response;
            if (o.kind == "completion") {
                // A session that ended before "Done": counted, never answers.
                completions << csv_cell(e.uuid, false) << "," << csv_cell(e.device_id, true);
                for (const char* k : {"day", "questionnaire", "version", "variant", "language", "step", "steps",
                                      "reason"})
                    completions << "," << csv_cell(text(response, k), true);
                completions << "," << (o.meta.value("assisted", false) ? "true" : "false") << "\n";
                ++summary.completions;
                return;
            }
            const std::string stem = safe_file_stem(o.questionnaire);
            auto& group = groups[stem];
            if (!group) {
                group = std::make_unique<PerQuestionnaire>();
                const auto path = out_dir / (stem + ".ndjson");
                group->ndjson.open(path, std::ios::trunc);
                group->rows_path = out_dir / ("." + stem + ".csv.rows");
                group->rows.open(group->rows_path, std::ios::trunc);
                summary.files.push_back(path);
                summary.files.push_back(out_dir / (stem + ".csv"));
            }
            Row row;
            staff_columns(response, row);
            work.add(e.uuid, e.device_id, crypto::rfc3339_utc(e.received_at), response, o.meta);
            if (!response.contains("identifier"))
                response["identifier"] = {{"system", "urn:ietf:rfc:3986"}, {"value", "urn:uuid:" + e.uuid}};
            group->ndjson << response.dump() << "\n";
            const json& meta = o.meta;
            row.cells["envelope_uuid"] = {e.uuid, false};
            row.cells["device_id"] = {e.device_id, true};
            row.cells["received_at"] = {crypto::rfc3339_utc(e.received_at), false};
            row.cells["authored"] = {text(response, "authored"), false};
            row.cells["status"] = {text(response, "status"), false};
            row.cells["questionnaire_version"] = {text(meta, "version"), true};
            row.cells["language"] = {text(meta, "language"), true};
            row.cells["kind"] = {text(meta, "kind"), true};
            row.cells["assisted"] = {text(meta, "assisted"), false};
            row.cells["duration_s"] = {text(meta, "duration_s"), false};
            row.cells["read_aloud"] = {text(meta, "read_aloud"), false};
            row.cells["text_scale_pct"] = {text(meta, "text_scale_pct"), false};
            if (response.contains("item")) collect_items(response["item"], row, group->columns, group->known);
            json line = json::object();
            for (const auto& [col, cell] : row.cells) {
                line[col] = json::array({cell.first, cell.second});
                if (std::find(kStaffColumns.begin(), kStaffColumns.end(), col) != kStaffColumns.end() ||
                    std::find(previous_columns().begin(), previous_columns().end(), col) != previous_columns().end())
                    group->staff_seen.insert(col);
            }
            group->rows << line.dump() << "\n";
            ++summary.exported;
            ++summary.per_questionnaire[o.questionnaire];
        },
        [&](const StoredEnvelope& e, const std::string& reason) {
            errors << csv_cell(e.uuid, true) << "," << csv_cell(e.device_id, true) << ","
                   << crypto::rfc3339_utc(e.received_at) << "," << csv_cell(reason, true) << "\n";
            ++summary.failed;
        });
    if (!walked.ok()) return walked.error();

    for (auto& [stem, g] : groups) {
        g->ndjson.close();
        if (!g->ndjson) return make_error("cannot write " + (out_dir / (stem + ".ndjson")).string());
        g->rows.close();
        if (!g->rows) return make_error("cannot write " + g->rows_path.string());
        const auto path = out_dir / (stem + ".csv");
        std::ofstream csv(path, std::ios::trunc);
        std::vector<std::string> cols = kFixedColumns;
        for (const auto& c : kStaffColumns)
            if (g->staff_seen.count(c)) cols.push_back(c);
        for (const auto& c : previous_columns())
            if (g->staff_seen.count(c)) cols.push_back(c);
        for (const auto& c : g->columns)
            if (std::find(cols.begin(), cols.end(), c) == cols.end()) cols.push_back(c);
        for (std::size_t i = 0; i < cols.size(); ++i) csv << (i ? "," : "") << csv_cell(cols[i], true);
        csv << "\n";
        std::ifstream rows(g->rows_path);
        std::string line;
        while (std::getline(rows, line)) {
            json cells = json::parse(line, nullptr, false);
            for (std::size_t i = 0; i < cols.size(); ++i) {
                csv << (i ? "," : "");
                if (cells.is_object() && cells.contains(cols[i])) {
                    const json& c = cells[cols[i]];
                    csv << csv_cell(c[0].get<std::string>(), c[1].get<bool>());
                }
            }
            csv << "\n";
        }
        rows.close();
        std::filesystem::remove(g->rows_path, ec);
        if (!csv) return make_error("cannot write " + path.string());
    }
    completions.close();
    if (!completions) return make_error("cannot write " + completions_path.string());
    errors.close();
    if (!errors) return make_error("cannot write " + errors_path.string());
    if (auto st = work.close(); !st.ok()) return st.error();
    for (const auto& p : work.files()) summary.files.push_back(p);
    summary.contact_requests = work.rows();
    return summary;
}

}  // namespace kiosk::endpoint
