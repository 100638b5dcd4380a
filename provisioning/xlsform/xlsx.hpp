// Reading and writing .xlsx workbooks as plain grids of text cells: what an
// XLSForm is. Reading uses libzip (the ZIP container: deflate, zip64, CRCs)
// and libxml2 (the XML parts); we only interpret SpreadsheetML's workbook,
// relationships, shared strings and cells. Writing uses libxlsxwriter.
// No UI, no questionnaire knowledge here.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace kiosk::xlsform {

struct Row {
    int number = 0;                  // the spreadsheet's row number (1 = first)
    std::vector<std::string> cells;  // by column, A = 0; missing cells are ""
    const std::string& at(std::size_t col) const {
        static const std::string kEmpty;
        return col < cells.size() ? cells[col] : kEmpty;
    }
    bool blank() const;
};

struct Sheet {
    std::string name;
    std::vector<Row> rows;  // only rows that have a cell
};

struct Workbook {
    std::vector<Sheet> sheets;  // in workbook order
    // The sheet whose name matches case-insensitively, or nullptr.
    const Sheet* find(const std::string& name) const;
};

// Limits on hostile input: a questionnaire's spreadsheet is small.
inline constexpr std::size_t kMaxPartBytes = 32u * 1024 * 1024;  // one XML part, uncompressed
inline constexpr int kMaxRows = 20000;
inline constexpr int kMaxColumns = 500;

// Every sheet with every cell as text (numbers as written in the file,
// booleans as TRUE/FALSE). Errors name the file and the part.
Result<Workbook> read_xlsx(const std::filesystem::path& file);

// Writes sheets of text cells; the first row of each sheet is drawn bold and
// frozen (a header). Overwrites file.
Status write_xlsx(const std::filesystem::path& file, const Workbook& book);

}  // namespace kiosk::xlsform
