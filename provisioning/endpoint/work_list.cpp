#include "endpoint/work_list.hpp"

#include "endpoint/export.hpp"

namespace kiosk::endpoint {

namespace {

using json = nlohmann::ordered_json;

const std::string kBase = "https://fhir.intake-kiosk.example/StructureDefinition/";

// The text of the response item with this linkId (searched through groups).
std::string item_text(const json& items, const std::string& link_id) {
    if (!items.is_array()) return "";
    for (const auto& it : items) {
        if (!it.is_object()) continue;
        if (it.value("linkId", "") == link_id) return it.value("text", "");
        if (it.contains("item")) {
            std::string t = item_text(it["item"], link_id);
            if (!t.empty()) return t;
        }
    }
    return "";
}

const char* kColumns[] = {"envelope_uuid", "device_id",     "received_at",    "authored",    "questionnaire",
                          "language",      "case_reference", "talk_wish",     "contact_wish", "contact_detail",
                          "marked_topics", "marked_questions"};

}  // namespace

WorkList::WorkList(const std::filesystem::path& out_dir)
    : csv_path_(out_dir / kDir / kCsvName), ndjson_path_(out_dir / kDir / kNdjsonName) {
    std::error_code ec;
    std::filesystem::create_directories(out_dir / kDir, ec);
    csv_.open(csv_path_, std::ios::trunc);
    ndjson_.open(ndjson_path_, std::ios::trunc);
    bool first = true;
    for (const char* c : kColumns) {
        csv_ << (first ? "" : ",") << c;
        first = false;
    }
    csv_ << "\n";
}

void WorkList::add(const std::string& uuid, const std::string& device_id, const std::string& received_at,
                   const json& response, const json& meta) {
    if (!response.contains("extension") || !response["extension"].is_array()) return;
    std::string talk, wish, detail, case_ref;
    std::vector<std::string> marks;
    for (const auto& e : response["extension"]) {
        if (!e.is_object()) continue;
        std::string url = e.value("url", "");
        if (url == kBase + "talk-wish" && e.contains("valueBoolean")) talk = e["valueBoolean"].get<bool>() ? "true" : "false";
        else if (url == kBase + "contact-wish") wish = e.value("valueCode", "");
        else if (url == kBase + "contact-detail") detail = e.value("valueString", "");
        else if (url == kBase + "talk-about") marks.push_back(e.value("valueString", ""));
        else if (url == kBase + "case-reference") case_ref = e.value("valueString", "");
    }
    if (talk != "true" && wish.empty() && marks.empty()) return;
    std::string questionnaire = meta.is_object() ? meta.value("questionnaire", "") : "";
    if (questionnaire.empty()) {
        std::string canon = response.value("questionnaire", "");
        canon = canon.substr(0, canon.find('|'));
        questionnaire = canon.substr(canon.rfind('/') + 1);
    }
    std::string language = meta.is_object() ? meta.value("language", "") : "";
    std::string topics, questions;
    json marked = json::array();
    for (const auto& id : marks) {
        std::string t = response.contains("item") ? item_text(response["item"], id) : "";
        topics += (topics.empty() ? "" : "; ") + id;
        questions += (questions.empty() ? "" : "; ") + t;
        marked.push_back({{"linkId", id}, {"text", t}});
    }
    const std::vector<std::pair<std::string, bool>> cells = {
        {uuid, false},      {device_id, true}, {received_at, false}, {response.value("authored", ""), false},
        {questionnaire, true}, {language, true}, {case_ref, true},   {talk, false},
        {wish, true},       {detail, true},    {topics, true},       {questions, true}};
    for (std::size_t i = 0; i < cells.size(); ++i) csv_ << (i ? "," : "") << csv_cell(cells[i].first, cells[i].second);
    csv_ << "\n";
    json row = {{"envelope_uuid", uuid}, {"device_id", device_id}, {"received_at", received_at},
                {"authored", response.value("authored", "")}, {"questionnaire", questionnaire}, {"language", language}};
    if (!case_ref.empty()) row["case_reference"] = case_ref;
    if (!talk.empty()) row["talk_wish"] = talk == "true";
    if (!wish.empty()) row["contact_wish"] = wish;
    if (!detail.empty()) row["contact_detail"] = detail;
    row["marked"] = marked;
    ndjson_ << row.dump() << "\n";
    ++rows_;
}

Status WorkList::close() {
    csv_.close();
    ndjson_.close();
    if (!csv_) return make_error("cannot write " + csv_path_.string());
    if (!ndjson_) return make_error("cannot write " + ndjson_path_.string());
    return ok_status();
}

}  // namespace kiosk::endpoint
