// An XLSForm (survey, choices and settings sheets) into a FHIR R4
// Questionnaire in our subset (shared/questionnaire/README.md). What the
// subset cannot hold is refused row by row, never dropped: every refusal and
// note names the sheet and row. The result is run through the questionnaire
// loader before it counts as imported.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "xlsform/xlsx.hpp"

namespace kiosk::xlsform {

struct Finding {
    std::string sheet;  // as the workbook spells it ("survey", "SURVEY"); "" = the whole file
    int row = 0;        // spreadsheet row number; 0 = the sheet as a whole
    std::string message;
};

// "FORM.xlsx:survey:12: message" (or "FORM.xlsx:survey: ..." / "FORM.xlsx: ...").
std::string format_finding(const std::string& file, const Finding& f);

struct ImportOptions {
    std::string id;          // --id: overrides settings form_id and the file name
    std::string file_label;  // the file as the writer named it (messages, the default id)
};

struct ImportResult {
    nlohmann::ordered_json questionnaire;  // always built from what could be taken
    std::vector<Finding> refused;  // rows (or cells) the subset cannot hold
    std::vector<Finding> notes;    // taken, but not exactly as written (said, not hidden)
    bool ok() const { return refused.empty(); }
};

ImportResult import_xlsform(const Workbook& book, const ImportOptions& options);

}  // namespace kiosk::xlsform
