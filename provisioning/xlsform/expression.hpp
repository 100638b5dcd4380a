// XLSForm expressions (`relevant`, `calculation`, `constraint`) are XPath 1.0
// with ${name} references. We parse the small part forms use and turn it into
// what our FHIR subset has: enableWhen conditions, or FHIRPath text (checked
// by shared/questionnaire's compiler afterwards). Anything else is refused
// with a message that names the part.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace kiosk::xlsform {

struct Expr {
    // Column: a bare name, read only in a choice_filter (a column of the choice being filtered).
    enum class Kind { Or, And, Compare, Arith, Negate, Number, String, Ref, Self, Call, Column } kind = Kind::Number;
    std::string op;    // Compare: = != < > <= >=; Arith: + - * div mod; Call: the function name
    std::string text;  // Number/String: the literal; Ref, Column: the name
    std::vector<std::unique_ptr<Expr>> args;
};

// columns: a bare name is a Column (choice_filter); otherwise it is refused as a path into the XML.
Result<std::unique_ptr<Expr>> parse_expression(const std::string& text, bool columns = false);

// Back to XLSForm text (for messages and tests).
std::string to_text(const Expr& e);

}  // namespace kiosk::xlsform
