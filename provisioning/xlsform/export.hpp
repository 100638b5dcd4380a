// One of our questionnaires (as the loader reads it) written as an XLSForm
// workbook that import_xlsform reads back into the same questionnaire:
// survey, choices and settings sheets with a `::Name (code)` column per
// language and our own columns (domain, pictogram, read_aloud, ...). What an
// XLSForm cannot say (quantity items, FHIRPath calculations, variables) is
// refused item by item rather than written wrongly.
#pragma once

#include <string>
#include <vector>

#include "questionnaire/model.hpp"
#include "xlsform/xlsx.hpp"

namespace kiosk::xlsform {

struct ExportResult {
    Workbook book;
    std::vector<std::string> refused;  // "linkId: what and why"
    bool ok() const { return refused.empty(); }
};

ExportResult export_xlsform(const questionnaire::Questionnaire& q);

}  // namespace kiosk::xlsform
