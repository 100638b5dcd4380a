// Export: where the org results key is, open and verify every envelope the
// endpoint stored and write the answers for analysis: per questionnaire a FHIR
// NDJSON file (one QuestionnaireResponse per line) and a CSV (one row per
// response, one column per item linkId). An envelope that cannot be opened or
// verified is listed in errors.csv and the export goes on. Everything streams:
// one envelope is in memory at a time, so memory stays flat from 10k to 1M
// responses (the CSV rows wait in a temporary file until the column set is known).
#pragma once

#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "device/enrollment.hpp"
#include "endpoint/store.hpp"

namespace kiosk::endpoint {

// One opened and verified envelope, as the export and the report read it.
struct OpenedEnvelope {
    const StoredEnvelope& stored;
    nlohmann::ordered_json& response;    // a QuestionnaireResponse, or a completion record (kind "completion")
    const nlohmann::ordered_json& meta;  // questionnaire, version, variant, language, duration_s, assisted, kind, ...
    std::string questionnaire;           // meta's id, else taken from response.questionnaire
    std::string kind;                    // finished|incomplete|paper|completion
};

// Opens every envelope received at or after since_wall_ms, in arrival order,
// checking the device signature. fn gets each one that opens; on_error each
// one that does not (with the reason). Errors only for the database itself.
Status for_each_opened(Store& store, const OrgSecretKeys& keys, Millis since_wall_ms,
                       const std::function<void(OpenedEnvelope&)>& fn,
                       const std::function<void(const StoredEnvelope&, const std::string& reason)>& on_error);

struct ExportOptions {
    Millis since_wall_ms = std::numeric_limits<Millis>::min();  // only envelopes received from then on
};

struct ExportSummary {
    int exported = 0;
    int completions = 0;                       // sessions that ended before "Done" (completions.csv)
    int contact_requests = 0;                  // rows in work-list/contact-requests.csv
    int failed = 0;                            // listed in errors.csv
    std::map<std::string, int> per_questionnaire;
    std::vector<std::filesystem::path> files;  // everything written
};

// Writes <out_dir>/<questionnaire>.ndjson, <questionnaire>.csv, completions.csv,
// errors.csv and the work list work-list/contact-requests.csv / .ndjson
// (endpoint/work_list.hpp). Errors only for problems with the output dir or the database itself.
Result<ExportSummary> export_all(Store& store, const OrgSecretKeys& keys, const std::filesystem::path& out_dir,
                                 const ExportOptions& options = {});

// completions.csv columns: one row per session that ended before "Done".
const std::vector<std::string>& completion_columns();

// CSV cell quoting (RFC 4180); a text cell starting with = + - @ gets a leading
// ' so spreadsheets do not run it as a formula.
std::string csv_cell(const std::string& value, bool is_text);

}  // namespace kiosk::endpoint
