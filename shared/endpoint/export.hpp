// Export: where the org results key is, open and verify every envelope the
// endpoint stored and write the answers for analysis: per questionnaire a FHIR
// NDJSON file (one QuestionnaireResponse per line) and a CSV (one row per
// response, one column per item linkId). An envelope that cannot be opened or
// verified is listed in errors.csv and the export goes on.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "device/enrollment.hpp"
#include "endpoint/store.hpp"

namespace kiosk::endpoint {

struct ExportSummary {
    int exported = 0;
    int failed = 0;                            // listed in errors.csv
    std::map<std::string, int> per_questionnaire;
    int contact_requests = 0;                  // rows in contact-requests.csv (the work list)
    std::vector<std::filesystem::path> files;  // everything written
};

// Writes <out_dir>/<questionnaire>.ndjson, <questionnaire>.csv, errors.csv and
// the work list work-list/contact-requests.csv / .ndjson (endpoint/work_list.hpp).
// Errors only for problems with the output dir or the database itself.
Result<ExportSummary> export_all(Store& store, const OrgSecretKeys& keys, const std::filesystem::path& out_dir);

// CSV cell quoting (RFC 4180); a text cell starting with = + - @ gets a leading
// ' so spreadsheets do not run it as a formula.
std::string csv_cell(const std::string& value, bool is_text);

}  // namespace kiosk::endpoint
