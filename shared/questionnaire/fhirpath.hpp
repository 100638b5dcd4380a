// A small FHIRPath evaluator: the documented subset (README.md beside this
// file) that SDC questionnaires use for calculatedExpression,
// initialExpression, enableWhenExpression and variables. It evaluates over
// JSON (the Questionnaire and the QuestionnaireResponse in progress); it never
// reaches a server. compile() refuses anything outside the subset with a
// message naming the part of the expression, so a questionnaire whose
// expressions we cannot run is refused at load time instead of computing
// something else.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace kiosk::questionnaire::fhirpath {

// One element of a collection: a JSON node (owned by a document that outlives
// the evaluation) or a value computed by the evaluator.
struct Val {
    enum class Kind { Node, Boolean, Integer, Decimal, String, Date, DateTime, Time, Quantity };
    Kind kind = Kind::Node;
    const nlohmann::json* node = nullptr;  // Kind::Node
    std::string type;                      // for a Node: FHIR type from a value[x] name ("Coding", "Quantity"), else ""
    bool b = false;
    std::int64_t i = 0;
    double d = 0;        // Decimal, Quantity value
    std::string s;       // String/Date/DateTime/Time text, Quantity unit
    std::string owner;   // linkId of the response item this came from ("" when none)

    static Val boolean(bool v) { Val x; x.kind = Kind::Boolean; x.b = v; return x; }
    static Val integer(std::int64_t v) { Val x; x.kind = Kind::Integer; x.i = v; return x; }
    static Val decimal(double v) { Val x; x.kind = Kind::Decimal; x.d = v; return x; }
    static Val string(std::string v) { Val x; x.kind = Kind::String; x.s = std::move(v); return x; }
    static Val quantity(double v, std::string unit) { Val x; x.kind = Kind::Quantity; x.d = v; x.s = std::move(unit); return x; }
};
using Collection = std::vector<Val>;

struct Node;  // the parsed expression (fhirpath.cpp)

struct Expression {
    std::string text;
    std::shared_ptr<const Node> root;
    std::set<std::string> variables;  // the %names it reads (without '%')
};

// Parses text; refuses syntax errors and functions outside the subset, naming the part.
Result<Expression> compile(const std::string& text);

// What an expression can see.
struct Env {
    const nlohmann::json* resource = nullptr;       // %resource: the QuestionnaireResponse in progress
    const nlohmann::json* questionnaire = nullptr;  // %questionnaire
    Collection context;                             // %context (and the starting focus)
    std::map<std::string, Collection> variables;    // named variables (and launch contexts, empty offline)
    std::string today;                              // today(): YYYY-MM-DD
    std::string now;                                // now(): YYYY-MM-DDThh:mm:ssZ
    // ordinal(): the ordinalValue of a Coding answered on item owner ("" = any item).
    std::function<std::optional<double>(const std::string& owner, const nlohmann::json& coding)> ordinal;
};

// Evaluates with focus as $this (usually env.context). Runtime errors (a
// function applied to a collection of several items, for instance) are
// Errors; an answer that is missing simply gives an empty collection.
Result<Collection> evaluate(const Expression& e, const Env& env, const Collection& focus);

// Helpers for callers.
std::optional<bool> as_boolean(const Collection& c);   // singleton boolean (or non-empty -> true rule)
std::optional<double> as_number(const Val& v);          // integer, decimal, quantity value
std::string to_string(const Val& v);                    // FHIRPath toString()

// The functions the subset has, by name (for documentation and tests).
const std::set<std::string>& supported_functions();

}  // namespace kiosk::questionnaire::fhirpath
