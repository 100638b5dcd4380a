// The back office's work list in an export: one row per response in which
// the resident asked to be contacted or marked topics to talk about ("I want
// to talk about this"), with how (desk, phone, e-mail, visit, none) and the
// detail they typed, written beside the per-questionnaire files as
// work-list/contact-requests.csv and work-list/contact-requests.ndjson. Holds answers in clear,
// like the rest of the export.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace kiosk::endpoint {

class WorkList {
public:
    // Opens both files (truncating them) and writes the CSV header.
    explicit WorkList(const std::filesystem::path& out_dir);
    // Adds a row when the response carries a talk wish "yes", a contact wish
    // or marked topics (our extensions, shared/questionnaire/README.md).
    void add(const std::string& envelope_uuid, const std::string& device_id, const std::string& received_at,
             const nlohmann::ordered_json& response, const nlohmann::ordered_json& meta);
    Status close();
    int rows() const { return rows_; }
    std::vector<std::filesystem::path> files() const { return {csv_path_, ndjson_path_}; }

    // A folder of its own, so tools that read every *.ndjson of the export as
    // QuestionnaireResponses do not meet these rows.
    static constexpr const char* kDir = "work-list";
    static constexpr const char* kCsvName = "contact-requests.csv";
    static constexpr const char* kNdjsonName = "contact-requests.ndjson";

private:
    std::filesystem::path csv_path_, ndjson_path_;
    std::ofstream csv_, ndjson_;
    int rows_ = 0;
};

}  // namespace kiosk::endpoint
