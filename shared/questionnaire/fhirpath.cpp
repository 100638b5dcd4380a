// How the evaluator works: a hand-written lexer and a precedence-climbing
// parser (the operator table of the FHIRPath specification, section 6) build
// a small tree; compile() checks every function name against the subset.
// Evaluation walks the tree over collections of Val. Navigation follows FHIR
// JSON: arrays flatten, `value` finds the one value[x] and remembers its type
// (Coding, Quantity, decimal...), and a value read below a response item
// remembers that item's linkId so ordinal() can find the option it came from.
// Errors are values; nothing here throws out of evaluate().
//
// Index of this file:
// [SECTION] the tree
// [SECTION] lexer
// [SECTION] parser
// [SECTION] values
// [SECTION] evaluator: navigation
// [SECTION] evaluator: types and operators
// [SECTION] evaluator: functions
// [SECTION] public API
//
// Why this file is long: the lexer, the parser and the evaluator share the private
// tree (Node), the values and the function table, and the evaluator's call() is one
// dispatch over the supported FHIRPath subset. Split into files they would need an
// internal header that exposes all of that for no other reader; the sections below
// keep the parts apart instead.
#include "questionnaire/fhirpath.hpp"

#include "core/utf8.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <regex>

namespace kiosk::questionnaire::fhirpath {

using json = nlohmann::json;

// [SECTION] the tree
struct Node {
    enum class Kind { Literal, Empty, This, Index, Total, Var, Ident, Member, Call, Indexer, Binary, Unary, TypeOp };
    Kind kind = Kind::Literal;
    Val literal;                 // Literal
    std::string name;            // Var, Ident, Member, Call (function), Binary/Unary (operator), TypeOp (is/as), type name
    std::shared_ptr<const Node> target;  // Member/Call/Indexer/TypeOp: the expression left of '.', nullptr = $this
    std::vector<std::shared_ptr<const Node>> args;  // Call args; Binary: [lhs, rhs]; Indexer: [index]; Unary: [operand]
};
using NodeP = std::shared_ptr<const Node>;

namespace {

struct Fn {
    int min_args;
    int max_args;
};

const std::map<std::string, Fn>& functions() {
    static const std::map<std::string, Fn> k = {
        {"empty", {0, 0}},      {"exists", {0, 1}},     {"not", {0, 0}},         {"count", {0, 0}},
        {"first", {0, 0}},      {"last", {0, 0}},       {"tail", {0, 0}},        {"skip", {1, 1}},
        {"take", {1, 1}},       {"single", {0, 0}},     {"distinct", {0, 0}},    {"isDistinct", {0, 0}},
        {"where", {1, 1}},      {"select", {1, 1}},     {"repeat", {1, 1}},      {"all", {1, 1}},
        {"allTrue", {0, 0}},    {"anyTrue", {0, 0}},    {"allFalse", {0, 0}},    {"anyFalse", {0, 0}},
        {"iif", {2, 3}},        {"sum", {0, 1}},        {"min", {0, 1}},         {"max", {0, 1}},
        {"avg", {0, 1}},        {"power", {1, 1}},      {"round", {0, 1}},       {"ln", {0, 0}},
        {"log", {1, 1}},        {"exp", {0, 0}},        {"abs", {0, 0}},         {"ceiling", {0, 0}},
        {"floor", {0, 0}},      {"sqrt", {0, 0}},       {"truncate", {0, 0}},    {"toString", {0, 0}},
        {"toInteger", {0, 0}},  {"toDecimal", {0, 0}},  {"toBoolean", {0, 0}},   {"toDate", {0, 0}},
        {"toQuantity", {0, 1}}, {"substring", {1, 2}},  {"startsWith", {1, 1}},  {"endsWith", {1, 1}},
        {"contains", {1, 1}},   {"length", {0, 0}},     {"upper", {0, 0}},       {"lower", {0, 0}},
        {"replace", {2, 2}},    {"indexOf", {1, 1}},    {"join", {0, 1}},        {"trim", {0, 0}},
        {"matches", {1, 1}},    {"extension", {1, 1}},  {"hasValue", {0, 0}},    {"ordinal", {0, 0}},
        {"weight", {0, 0}},     {"answers", {0, 0}},    {"today", {0, 0}},       {"now", {0, 0}},
        {"union", {1, 1}},      {"combine", {1, 1}},    {"intersect", {1, 1}},   {"exclude", {1, 1}},
        {"children", {0, 0}},   {"descendants", {0, 0}}, {"trace", {1, 2}},      {"ofType", {1, 1}},
        {"is", {1, 1}},         {"as", {1, 1}},         {"convertsToInteger", {0, 0}}, {"convertsToDecimal", {0, 0}},
    };
    return k;
}

// Functions whose arguments are evaluated per input item (with $this), not once.
bool lazy_args(const std::string& f) {
    return f == "where" || f == "select" || f == "repeat" || f == "all" || f == "exists" || f == "iif" ||
           f == "ofType" || f == "is" || f == "as";
}

// [SECTION] lexer
struct Token {
    enum class Kind { End, Ident, String, Number, Date, Ext, Op } kind = Kind::End;
    std::string text;
    std::size_t pos = 0;
};

class Lexer {
public:
    explicit Lexer(const std::string& s) : s_(s) {}
    Result<std::vector<Token>> run() {
        std::vector<Token> out;
        while (true) {
            skip_space();
            Token t;
            t.pos = i_;
            if (i_ >= s_.size()) {
                out.push_back(t);
                return out;
            }
            char c = s_[i_];
            if (c == '\'') {
                auto str = quoted('\'');
                if (!str) return str.error();
                t.kind = Token::Kind::String;
                t.text = *str;
            } else if (c == '`') {
                auto str = quoted('`');
                if (!str) return str.error();
                t.kind = Token::Kind::Ident;
                t.text = *str;
            } else if (c == '%') {
                ++i_;
                t.kind = Token::Kind::Ext;
                if (i_ < s_.size() && (s_[i_] == '`' || s_[i_] == '\'')) {
                    auto str = quoted(s_[i_]);
                    if (!str) return str.error();
                    t.text = *str;
                } else {
                    t.text = ident();
                    if (t.text.empty()) return make_error("'%' without a name at position " + std::to_string(t.pos + 1));
                }
            } else if (c == '@') {
                ++i_;
                std::size_t from = i_;
                while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-' || s_[i_] == ':' ||
                                          s_[i_] == '.' || s_[i_] == '+' || s_[i_] == 'T' || s_[i_] == 'Z'))
                    ++i_;
                t.kind = Token::Kind::Date;
                t.text = s_.substr(from, i_ - from);
                if (t.text.empty()) return make_error("'@' without a date at position " + std::to_string(t.pos + 1));
            } else if (std::isdigit(static_cast<unsigned char>(c))) {
                std::size_t from = i_;
                while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
                if (i_ + 1 < s_.size() && s_[i_] == '.' && std::isdigit(static_cast<unsigned char>(s_[i_ + 1]))) {
                    ++i_;
                    while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
                }
                t.kind = Token::Kind::Number;
                t.text = s_.substr(from, i_ - from);
            } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$') {
                t.kind = Token::Kind::Ident;
                if (c == '$') {
                    ++i_;
                    t.text = "$" + ident();
                } else {
                    t.text = ident();
                }
            } else {
                static const char* two[] = {"<=", ">=", "!=", "!~"};
                t.kind = Token::Kind::Op;
                for (const char* op : two)
                    if (s_.compare(i_, 2, op) == 0) t.text = op;
                if (t.text.empty()) {
                    static const std::string one = ".[](),+-*/|&=~<>{}";
                    if (one.find(c) == std::string::npos)
                        return make_error("unexpected character '" + std::string(1, c) + "' at position " + std::to_string(i_ + 1));
                    t.text = std::string(1, c);
                }
                i_ += t.text.size();
            }
            out.push_back(t);
        }
    }

private:
    const std::string& s_;
    std::size_t i_ = 0;

    void skip_space() {
        while (i_ < s_.size()) {
            if (std::isspace(static_cast<unsigned char>(s_[i_]))) {
                ++i_;
            } else if (s_.compare(i_, 2, "//") == 0) {
                while (i_ < s_.size() && s_[i_] != '\n') ++i_;
            } else if (s_.compare(i_, 2, "/*") == 0) {
                auto end = s_.find("*/", i_ + 2);
                i_ = end == std::string::npos ? s_.size() : end + 2;
            } else {
                break;
            }
        }
    }
    std::string ident() {
        std::size_t from = i_;
        while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) ++i_;
        return s_.substr(from, i_ - from);
    }
    Result<std::string> quoted(char q) {
        std::size_t start = i_;
        ++i_;
        std::string out;
        while (i_ < s_.size() && s_[i_] != q) {
            if (s_[i_] == '\\' && i_ + 1 < s_.size()) {
                char e = s_[++i_];
                switch (e) {
                    case 'n': out += '\n'; break;
                    case 't': out += '\t'; break;
                    case 'r': out += '\r'; break;
                    case 'f': out += '\f'; break;
                    case 'u':
                        if (i_ + 4 < s_.size()) {
                            unsigned cp = static_cast<unsigned>(std::stoul(s_.substr(i_ + 1, 4), nullptr, 16));
                            i_ += 4;
                            utf8::append(out, cp);
                        }
                        break;
                    default: out += e;
                }
                ++i_;
                continue;
            }
            out += s_[i_++];
        }
        if (i_ >= s_.size()) return make_error("unterminated " + std::string(1, q) + " at position " + std::to_string(start + 1));
        ++i_;
        return out;
    }
};

// [SECTION] parser
class Parser {
public:
    explicit Parser(std::vector<Token> toks) : t_(std::move(toks)) {}
    std::set<std::string> vars;

    Result<NodeP> parse_all() {
        auto e = expr(0);
        if (!e) return e;
        if (peek().kind != Token::Kind::End) return fail("unexpected '" + peek().text + "'");
        return e;
    }

private:
    std::vector<Token> t_;
    std::size_t p_ = 0;

    const Token& peek(std::size_t ahead = 0) const { return t_[std::min(p_ + ahead, t_.size() - 1)]; }
    Token take() { return t_[std::min(p_++, t_.size() - 1)]; }
    bool is_op(const std::string& op, std::size_t ahead = 0) const {
        const Token& t = peek(ahead);
        return t.kind == Token::Kind::Op && t.text == op;
    }
    Error fail(const std::string& m) const { return make_error(m + " at position " + std::to_string(peek().pos + 1)); }

    // Binary operator levels, lowest first.
    static int level(const Token& t) {
        static const std::map<std::string, int> ops = {
            {"implies", 1}, {"or", 2}, {"xor", 2}, {"and", 3}, {"in", 4}, {"contains", 4}, {"=", 5}, {"~", 5},
            {"!=", 5},      {"!~", 5}, {"<=", 6},  {"<", 6},   {">", 6},  {">=", 6},       {"|", 7}, {"is", 8},
            {"as", 8},      {"+", 9},  {"-", 9},   {"&", 9},   {"*", 10}, {"/", 10},       {"div", 10}, {"mod", 10}};
        if (t.kind != Token::Kind::Op && t.kind != Token::Kind::Ident) return 0;
        auto it = ops.find(t.text);
        if (it == ops.end()) return 0;
        if (t.kind == Token::Kind::Ident && !std::isalpha(static_cast<unsigned char>(t.text[0]))) return 0;
        if (t.kind == Token::Kind::Op && std::isalpha(static_cast<unsigned char>(t.text[0]))) return 0;
        return it->second;
    }

    Result<NodeP> expr(int min_level) {
        auto lhs = unary();
        if (!lhs) return lhs;
        NodeP left = *lhs;
        while (true) {
            int lv = level(peek());
            if (lv == 0 || lv < min_level) break;
            Token op = take();
            if (op.text == "is" || op.text == "as") {
                auto type = type_name();
                if (!type) return type.error();
                auto n = std::make_shared<Node>();
                n->kind = Node::Kind::TypeOp;
                n->name = op.text + ":" + *type;
                n->target = left;
                left = n;
                continue;
            }
            auto rhs = expr(lv + 1);
            if (!rhs) return rhs;
            auto n = std::make_shared<Node>();
            n->kind = Node::Kind::Binary;
            n->name = op.text;
            n->args = {left, *rhs};
            left = n;
        }
        return left;
    }

    Result<std::string> type_name() {
        if (peek().kind != Token::Kind::Ident) return fail("a type name is needed");
        std::string name = take().text;
        if (is_op(".") && peek(1).kind == Token::Kind::Ident) {
            take();
            name = take().text;  // System.String, FHIR.Quantity -> the bare name
        }
        return name;
    }

    Result<NodeP> unary() {
        if (is_op("+") || is_op("-")) {
            std::string op = take().text;
            auto e = unary();
            if (!e) return e;
            auto n = std::make_shared<Node>();
            n->kind = Node::Kind::Unary;
            n->name = op;
            n->args = {*e};
            return NodeP(n);
        }
        return postfix();
    }

    Result<NodeP> postfix() {
        auto t = term();
        if (!t) return t;
        NodeP cur = *t;
        while (true) {
            if (is_op(".")) {
                take();
                if (peek().kind != Token::Kind::Ident) return fail("a name is needed after '.'");
                auto inv = invocation(cur);
                if (!inv) return inv;
                cur = *inv;
            } else if (is_op("[")) {
                take();
                auto idx = expr(0);
                if (!idx) return idx;
                if (!is_op("]")) return fail("']' is missing");
                take();
                auto n = std::make_shared<Node>();
                n->kind = Node::Kind::Indexer;
                n->target = cur;
                n->args = {*idx};
                cur = n;
            } else {
                break;
            }
        }
        return cur;
    }

    // name or name(args) applied to target (nullptr = $this).
    Result<NodeP> invocation(NodeP target) {
        Token name = take();
        auto n = std::make_shared<Node>();
        n->target = target;
        n->name = name.text;
        if (is_op("(")) {
            take();
            n->kind = Node::Kind::Call;
            auto f = functions().find(name.text);
            if (f == functions().end()) return make_error("function '" + name.text + "()' is outside the supported FHIRPath subset");
            if (!is_op(")")) {
                while (true) {
                    if ((name.text == "ofType" || name.text == "is" || name.text == "as") && peek().kind == Token::Kind::Ident) {
                        auto type = type_name();
                        if (!type) return type.error();
                        auto lit = std::make_shared<Node>();
                        lit->kind = Node::Kind::Literal;
                        lit->literal = Val::string(*type);
                        n->args.push_back(lit);
                    } else {
                        auto a = expr(0);
                        if (!a) return a;
                        n->args.push_back(*a);
                    }
                    if (is_op(",")) {
                        take();
                        continue;
                    }
                    break;
                }
            }
            if (!is_op(")")) return fail("')' is missing after the arguments of " + name.text + "()");
            take();
            int argc = static_cast<int>(n->args.size());
            if (argc < f->second.min_args || argc > f->second.max_args)
                return make_error("function '" + name.text + "()' takes " + std::to_string(f->second.min_args) +
                                  (f->second.max_args != f->second.min_args ? "-" + std::to_string(f->second.max_args) : "") +
                                  " arguments, not " + std::to_string(argc));
            return NodeP(n);
        }
        if (name.text == "$this") n->kind = Node::Kind::This;
        else if (name.text == "$index") n->kind = Node::Kind::Index;
        else if (name.text == "$total") n->kind = Node::Kind::Total;
        else if (name.text[0] == '$') return make_error("'" + name.text + "' is not a FHIRPath name");
        else n->kind = target ? Node::Kind::Member : Node::Kind::Ident;
        return NodeP(n);
    }

    Result<NodeP> term() {
        const Token& t = peek();
        auto lit = [&](Val v) {
            auto n = std::make_shared<Node>();
            n->kind = Node::Kind::Literal;
            n->literal = std::move(v);
            return NodeP(n);
        };
        switch (t.kind) {
            case Token::Kind::End: return fail("the expression ends too early");
            case Token::Kind::String: return lit(Val::string(take().text));
            case Token::Kind::Number: {
                std::string num = take().text;
                Val v;
                if (num.find('.') != std::string::npos) v = Val::decimal(std::strtod(num.c_str(), nullptr));
                else {
                    errno = 0;
                    long long x = std::strtoll(num.c_str(), nullptr, 10);
                    if (errno) return make_error("number " + num + " is too large");
                    v = Val::integer(x);
                }
                // A quantity literal: 4 'kg', 3 days.
                if (peek().kind == Token::Kind::String) {
                    v = Val::quantity(*as_number(v), take().text);
                } else if (peek().kind == Token::Kind::Ident) {
                    static const std::set<std::string> cal = {"year", "years", "month", "months", "week", "weeks", "day", "days",
                                                              "hour", "hours", "minute", "minutes", "second", "seconds"};
                    if (cal.count(peek().text)) v = Val::quantity(*as_number(v), take().text);
                }
                return lit(v);
            }
            case Token::Kind::Date: {
                std::string d = take().text;
                Val v;
                if (d[0] == 'T') {
                    v.kind = Val::Kind::Time;
                    v.s = d.substr(1);
                } else if (d.find('T') != std::string::npos) {
                    v.kind = Val::Kind::DateTime;
                    v.s = d;
                    if (v.s.back() == 'T') v.s.pop_back();
                } else {
                    v.kind = Val::Kind::Date;
                    v.s = d;
                }
                return lit(v);
            }
            case Token::Kind::Ext: {
                auto n = std::make_shared<Node>();
                n->kind = Node::Kind::Var;
                n->name = take().text;
                vars.insert(n->name);
                return NodeP(n);
            }
            case Token::Kind::Ident: {
                if (t.text == "true" || t.text == "false") return lit(Val::boolean(take().text == "true"));
                return invocation(nullptr);
            }
            case Token::Kind::Op:
                if (t.text == "(") {
                    take();
                    auto e = expr(0);
                    if (!e) return e;
                    if (!is_op(")")) return fail("')' is missing");
                    take();
                    return e;
                }
                if (t.text == "{") {
                    take();
                    if (!is_op("}")) return fail("only the empty collection {} is supported");
                    take();
                    auto n = std::make_shared<Node>();
                    n->kind = Node::Kind::Empty;
                    return NodeP(n);
                }
                return fail("unexpected '" + t.text + "'");
        }
        return fail("unexpected token");
    }
};

// [SECTION] values
Val from_json(const json& j, const std::string& type, const std::string& owner) {
    Val v;
    v.owner = owner;
    if (j.is_boolean()) {
        v.kind = Val::Kind::Boolean;
        v.b = j.get<bool>();
    } else if (j.is_number_integer() && type != "Decimal") {
        v.kind = Val::Kind::Integer;
        v.i = j.get<std::int64_t>();
    } else if (j.is_number()) {
        v.kind = Val::Kind::Decimal;
        v.d = j.get<double>();
    } else if (j.is_string()) {
        v.kind = type == "Date" ? Val::Kind::Date : type == "DateTime" ? Val::Kind::DateTime : type == "Time" ? Val::Kind::Time : Val::Kind::String;
        v.s = j.get<std::string>();
    } else {
        v.kind = Val::Kind::Node;
        v.node = &j;
        v.type = type;
    }
    return v;
}

bool is_number(const Val& v) { return v.kind == Val::Kind::Integer || v.kind == Val::Kind::Decimal; }
bool is_text(const Val& v) {
    return v.kind == Val::Kind::String || v.kind == Val::Kind::Date || v.kind == Val::Kind::DateTime || v.kind == Val::Kind::Time;
}

// A Quantity node (valueQuantity) as a Quantity value; other values unchanged.
Val normalize(const Val& v) {
    if (v.kind == Val::Kind::Node && v.node && v.node->is_object() &&
        (v.type == "Quantity" || (v.node->contains("value") && (*v.node)["value"].is_number() &&
                                  (v.node->contains("unit") || v.node->contains("code"))))) {
        const json& q = *v.node;
        if (!q.contains("value") || !q["value"].is_number()) return v;
        std::string unit = q.contains("code") && q["code"].is_string() ? q["code"].get<std::string>()
                           : q.contains("unit") && q["unit"].is_string() ? q["unit"].get<std::string>() : "";
        Val out = Val::quantity(q["value"].get<double>(), unit);
        out.owner = v.owner;
        return out;
    }
    return v;
}

std::string format_decimal(double d) {
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f", d);
        return buf;
    }
    char buf[64];
    for (int prec = 1; prec <= 17; ++prec) {
        std::snprintf(buf, sizeof buf, "%.*g", prec, d);
        if (std::strtod(buf, nullptr) == d) break;
    }
    return buf;
}

std::optional<bool> equal(const Val& a0, const Val& b0) {
    Val a = normalize(a0), b = normalize(b0);
    if (is_number(a) && is_number(b)) return *as_number(a) == *as_number(b);
    if (a.kind == Val::Kind::Quantity && b.kind == Val::Kind::Quantity) return a.s == b.s && a.d == b.d;
    if (is_text(a) && is_text(b)) {
        if (a.kind != b.kind && a.kind != Val::Kind::String && b.kind != Val::Kind::String && a.s.size() != b.s.size())
            return std::nullopt;  // a date and a dateTime of another precision
        return a.s == b.s;
    }
    if (a.kind == Val::Kind::Boolean && b.kind == Val::Kind::Boolean) return a.b == b.b;
    if (a.kind == Val::Kind::Node && b.kind == Val::Kind::Node) return *a.node == *b.node;
    return false;
}

std::string lower_trim(const std::string& s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

bool equivalent(const Val& a0, const Val& b0) {
    Val a = normalize(a0), b = normalize(b0);
    if (a.kind == Val::Kind::String && b.kind == Val::Kind::String) return lower_trim(a.s) == lower_trim(b.s);
    if (is_number(a) && is_number(b)) {
        double x = *as_number(a), y = *as_number(b);
        return std::fabs(x - y) < 1e-8 * std::max(1.0, std::fabs(x));
    }
    auto e = equal(a, b);
    return e && *e;
}

// -1, 0, 1 or nullopt (not comparable).
std::optional<int> compare(const Val& a0, const Val& b0) {
    Val a = normalize(a0), b = normalize(b0);
    auto sign = [](auto x, auto y) { return x < y ? -1 : (x > y ? 1 : 0); };
    if (is_number(a) && is_number(b)) return sign(*as_number(a), *as_number(b));
    if (a.kind == Val::Kind::Quantity && b.kind == Val::Kind::Quantity && a.s == b.s) return sign(a.d, b.d);
    if (is_text(a) && is_text(b)) {
        if (a.kind != b.kind && a.kind != Val::Kind::String && b.kind != Val::Kind::String) {
            // date vs dateTime: compare on the common precision when one is a prefix-length of the other
            std::size_t n = std::min(a.s.size(), b.s.size());
            int c = a.s.compare(0, n, b.s, 0, n);
            if (c != 0) return c < 0 ? -1 : 1;
            if (a.s.size() != b.s.size()) return std::nullopt;
            return 0;
        }
        int c = a.s.compare(b.s);
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    return std::nullopt;
}

// UCUM units a kiosk meets for body measurements: factor to the base unit of the dimension.
struct Unit {
    std::string dim;
    double factor;
};
std::optional<Unit> ucum(const std::string& u) {
    static const std::map<std::string, Unit> k = {
        {"kg", {"mass", 1}},          {"g", {"mass", 0.001}},       {"[lb_av]", {"mass", 0.45359237}},
        {"lb", {"mass", 0.45359237}}, {"lbs", {"mass", 0.45359237}}, {"[oz_av]", {"mass", 0.028349523125}},
        {"m", {"length", 1}},         {"cm", {"length", 0.01}},     {"mm", {"length", 0.001}},
        {"[in_i]", {"length", 0.0254}}, {"in", {"length", 0.0254}}, {"[ft_i]", {"length", 0.3048}},
        {"ft", {"length", 0.3048}}};
    auto it = k.find(u);
    if (it == k.end()) return std::nullopt;
    return it->second;
}

struct Frame {
    const Collection* this_ = nullptr;
    std::int64_t index = 0;
    const Collection* total = nullptr;
};

// [SECTION] evaluator: navigation
struct Evaluator {
    const Env& env;
    int depth = 0;

    using R = Result<Collection>;

    static Error err(const std::string& m) { return make_error(m); }

    Collection member(const Collection& in, const std::string& name) {
        Collection out;
        for (const auto& v : in) {
            if (v.kind == Val::Kind::Quantity) {  // a computed quantity (toQuantity, arithmetic)
                if (name == "value") out.push_back(Val::decimal(v.d));
                else if (name == "unit" || name == "code") out.push_back(Val::string(v.s));
                continue;
            }
            if (v.kind != Val::Kind::Node || !v.node || !v.node->is_object()) continue;
            const json& o = *v.node;
            std::string owner = (o.contains("linkId") && o["linkId"].is_string()) ? o["linkId"].get<std::string>() : v.owner;
            const json* found = nullptr;
            std::string type;
            if (auto it = o.find(name); it != o.end()) {
                found = &*it;
            } else {
                // a choice element: value -> valueCoding, effective -> effectiveDateTime
                for (auto it2 = o.begin(); it2 != o.end(); ++it2) {
                    const std::string& k = it2.key();
                    if (k.size() > name.size() && k.compare(0, name.size(), name) == 0 &&
                        std::isupper(static_cast<unsigned char>(k[name.size()]))) {
                        found = &it2.value();
                        type = k.substr(name.size());
                        break;
                    }
                }
            }
            if (!found) continue;
            if (found->is_array()) {
                for (const auto& e : *found) out.push_back(from_json(e, type, owner));
            } else if (!found->is_null()) {
                out.push_back(from_json(*found, type, owner));
            }
        }
        return out;
    }

    void children_of(const Val& v, Collection& out) {
        if (v.kind != Val::Kind::Node || !v.node) return;
        const json& o = *v.node;
        std::string owner = (o.is_object() && o.contains("linkId") && o["linkId"].is_string()) ? o["linkId"].get<std::string>() : v.owner;
        auto add = [&](const json& e, const std::string& type) {
            if (e.is_array()) {
                for (const auto& x : e) out.push_back(from_json(x, type, owner));
            } else {
                out.push_back(from_json(e, type, owner));
            }
        };
        if (o.is_object()) {
            for (auto it = o.begin(); it != o.end(); ++it) {
                if (it.key() == "resourceType") continue;
                add(it.value(), "");
            }
        }
    }

    std::optional<bool> truth(const Collection& c, std::string& why) {
        if (c.empty()) return std::nullopt;
        if (c.size() > 1) {
            why = "a condition gave several values";
            return std::nullopt;
        }
        if (c[0].kind == Val::Kind::Boolean) return c[0].b;
        return true;  // a single non-boolean item counts as true
    }

    R eval(const NodeP& n, const Frame& f) {
        if (++depth > 200) return err("expression nested too deeply");
        auto r = eval_inner(n, f);
        --depth;
        return r;
    }

    R focus_of(const Node& n, const Frame& f) {
        if (n.target) return eval(n.target, f);
        return *f.this_;
    }

    R eval_inner(const NodeP& np, const Frame& f) {
        const Node& n = *np;
        switch (n.kind) {
            case Node::Kind::Literal: return Collection{n.literal};
            case Node::Kind::Empty: return Collection{};
            case Node::Kind::This: return *f.this_;
            case Node::Kind::Index: return Collection{Val::integer(f.index)};
            case Node::Kind::Total: return f.total ? *f.total : Collection{};
            case Node::Kind::Var: {
                if (n.name == "resource" || n.name == "rootResource") {
                    if (!env.resource) return Collection{};
                    return Collection{from_json(*env.resource, "", "")};
                }
                if (n.name == "questionnaire") {
                    if (!env.questionnaire) return Collection{};
                    return Collection{from_json(*env.questionnaire, "", "")};
                }
                if (n.name == "context") return env.context;
                if (n.name == "ucum") return Collection{Val::string("http://unitsofmeasure.org")};
                if (n.name == "sct") return Collection{Val::string("http://snomed.info/sct")};
                if (n.name == "loinc") return Collection{Val::string("http://loinc.org")};
                auto it = env.variables.find(n.name);
                if (it == env.variables.end()) return err("%" + n.name + " is not defined");
                return it->second;
            }
            case Node::Kind::Ident: {
                // A type name at the start (Patient.name, QuestionnaireResponse.item) is the focus itself.
                if (std::isupper(static_cast<unsigned char>(n.name[0]))) {
                    Collection out;
                    for (const auto& v : *f.this_)
                        if (v.kind == Val::Kind::Node && v.node->is_object() && v.node->contains("resourceType") &&
                            (*v.node)["resourceType"] == n.name)
                            out.push_back(v);
                    if (!out.empty()) return out;
                }
                return member(*f.this_, n.name);
            }
            case Node::Kind::Member: {
                auto in = eval(n.target, f);
                if (!in) return in;
                return member(*in, n.name);
            }
            case Node::Kind::Indexer: {
                auto in = eval(n.target, f);
                if (!in) return in;
                auto idx = eval(n.args[0], f);
                if (!idx) return idx;
                if (idx->size() != 1 || (*idx)[0].kind != Val::Kind::Integer) return err("an index must be one whole number");
                std::int64_t i = (*idx)[0].i;
                if (i < 0 || i >= static_cast<std::int64_t>(in->size())) return Collection{};
                return Collection{(*in)[static_cast<std::size_t>(i)]};
            }
            case Node::Kind::Unary: {
                auto in = eval(n.args[0], f);
                if (!in) return in;
                if (n.name == "+") return in;
                Collection out;
                for (auto v : *in) {
                    v = normalize(v);
                    if (v.kind == Val::Kind::Integer) v.i = -v.i;
                    else if (v.kind == Val::Kind::Decimal || v.kind == Val::Kind::Quantity) v.d = -v.d;
                    else return err("cannot negate a non-number");
                    out.push_back(v);
                }
                return out;
            }
            case Node::Kind::TypeOp: {
                auto in = eval(n.target, f);
                if (!in) return in;
                auto colon = n.name.find(':');
                std::string op = n.name.substr(0, colon), type = n.name.substr(colon + 1);
                return type_op(op, type, *in);
            }
            case Node::Kind::Binary: return binary(n, f);
            case Node::Kind::Call: return call(n, f);
        }
        return err("unknown expression");
    }

    // [SECTION] evaluator: types and operators
    static bool has_type(const Val& v0, const std::string& t) {
        std::string lt = t;
        std::transform(lt.begin(), lt.end(), lt.begin(), [](unsigned char c) { return std::tolower(c); });
        Val v = normalize(v0);
        switch (v.kind) {
            case Val::Kind::Boolean: return lt == "boolean";
            case Val::Kind::Integer: return lt == "integer";
            case Val::Kind::Decimal: return lt == "decimal";
            case Val::Kind::String: return lt == "string" || lt == "code" || lt == "uri";
            case Val::Kind::Date: return lt == "date";
            case Val::Kind::DateTime: return lt == "datetime";
            case Val::Kind::Time: return lt == "time";
            case Val::Kind::Quantity: return lt == "quantity";
            case Val::Kind::Node: {
                std::string vt = v.type;
                std::transform(vt.begin(), vt.end(), vt.begin(), [](unsigned char c) { return std::tolower(c); });
                if (!vt.empty()) return vt == lt;
                if (v.node->is_object() && v.node->contains("resourceType") && (*v.node)["resourceType"].is_string()) {
                    std::string rt = (*v.node)["resourceType"].get<std::string>();
                    std::transform(rt.begin(), rt.end(), rt.begin(), [](unsigned char c) { return std::tolower(c); });
                    return rt == lt;
                }
                return false;
            }
        }
        return false;
    }

    R type_op(const std::string& op, const std::string& type, const Collection& in) {
        if (op == "is") {
            if (in.empty()) return Collection{};
            if (in.size() > 1) return err("'is' needs a single item");
            return Collection{Val::boolean(has_type(in[0], type))};
        }
        Collection out;  // as / ofType
        for (const auto& v : in)
            if (has_type(v, type)) out.push_back(v);
        if (op == "as" && in.size() > 1) return err("'as' needs a single item");
        return out;
    }

    R binary(const Node& n, const Frame& f) {
        const std::string& op = n.name;
        auto l = eval(n.args[0], f);
        if (!l) return l;
        // Short-circuit where the result is already known.
        if (op == "and" || op == "or" || op == "implies" || op == "xor") {
            std::string why;
            auto a = truth(*l, why);
            if (!why.empty()) return err(why);
            if (op == "and" && a && !*a) return Collection{Val::boolean(false)};
            if (op == "or" && a && *a) return Collection{Val::boolean(true)};
            if (op == "implies" && a && !*a) return Collection{Val::boolean(true)};
            auto r = eval(n.args[1], f);
            if (!r) return r;
            auto b = truth(*r, why);
            if (!why.empty()) return err(why);
            std::optional<bool> res;
            if (op == "and") res = (b && !*b) ? std::optional<bool>(false) : (a && b) ? std::optional<bool>(true) : std::nullopt;
            else if (op == "or") res = (b && *b) ? std::optional<bool>(true) : (a && b) ? std::optional<bool>(false) : std::nullopt;
            else if (op == "xor") res = (a && b) ? std::optional<bool>(*a != *b) : std::nullopt;
            else res = (b && *b) ? std::optional<bool>(true) : (a && b) ? std::optional<bool>(!*a || *b) : std::nullopt;
            if (!res) return Collection{};
            return Collection{Val::boolean(*res)};
        }
        auto r = eval(n.args[1], f);
        if (!r) return r;
        const Collection& a = *l;
        const Collection& b = *r;
        if (op == "|") {
            Collection out;
            for (const auto* c : {&a, &b})
                for (const auto& v : *c)
                    if (std::none_of(out.begin(), out.end(), [&](const Val& x) { auto e = equal(x, v); return e && *e; }))
                        out.push_back(v);
            return out;
        }
        if (op == "=" || op == "!=") {
            if (a.empty() || b.empty()) return Collection{};
            bool eq = a.size() == b.size();
            for (std::size_t i = 0; eq && i < a.size(); ++i) {
                auto e = equal(a[i], b[i]);
                if (!e) return Collection{};
                eq = *e;
            }
            return Collection{Val::boolean(op == "=" ? eq : !eq)};
        }
        if (op == "~" || op == "!~") {
            bool eq = a.size() == b.size();
            for (std::size_t i = 0; eq && i < a.size(); ++i) eq = equivalent(a[i], b[i]);
            return Collection{Val::boolean(op == "~" ? eq : !eq)};
        }
        if (op == "in" || op == "contains") {
            const Collection& item = op == "in" ? a : b;
            const Collection& coll = op == "in" ? b : a;
            if (item.empty()) return Collection{};
            if (item.size() > 1) return err("'" + op + "' needs a single item");
            bool found = std::any_of(coll.begin(), coll.end(), [&](const Val& x) { auto e = equal(x, item[0]); return e && *e; });
            return Collection{Val::boolean(found)};
        }
        if (op == "&") {
            auto text = [&](const Collection& c) -> Result<std::string> {
                if (c.empty()) return std::string();
                if (c.size() > 1) return make_error("'&' needs single items");
                return to_string(c[0]);
            };
            auto x = text(a);
            if (!x) return x.error();
            auto y = text(b);
            if (!y) return y.error();
            return Collection{Val::string(*x + *y)};
        }
        if (a.empty() || b.empty()) return Collection{};
        if (a.size() > 1 || b.size() > 1) return err("'" + op + "' needs single items, got " + std::to_string(std::max(a.size(), b.size())));
        Val x = normalize(a[0]), y = normalize(b[0]);
        if (op == "<" || op == ">" || op == "<=" || op == ">=") {
            auto c = compare(x, y);
            if (!c) {
                if ((is_text(x) && is_text(y))) return Collection{};
                return err("cannot compare these values with " + op);
            }
            bool res = op == "<" ? *c < 0 : op == ">" ? *c > 0 : op == "<=" ? *c <= 0 : *c >= 0;
            return Collection{Val::boolean(res)};
        }
        return arithmetic(op, x, y);
    }

    R arithmetic(const std::string& op, const Val& x, const Val& y) {
        if (op == "+" && x.kind == Val::Kind::String && y.kind == Val::Kind::String) return Collection{Val::string(x.s + y.s)};
        if (x.kind == Val::Kind::Quantity || y.kind == Val::Kind::Quantity) {
            if (x.kind == Val::Kind::Quantity && y.kind == Val::Kind::Quantity) {
                if (x.s != y.s) return err("quantities in different units ('" + x.s + "', '" + y.s + "')");
                if (op == "+") return Collection{Val::quantity(x.d + y.d, x.s)};
                if (op == "-") return Collection{Val::quantity(x.d - y.d, x.s)};
                if (op == "/" && y.d != 0) return Collection{Val::decimal(x.d / y.d)};
                return err("'" + op + "' on two quantities is outside the subset");
            }
            if (x.kind == Val::Kind::Quantity && is_number(y)) {
                double k = *as_number(y);
                if (op == "*") return Collection{Val::quantity(x.d * k, x.s)};
                if (op == "/") return k == 0 ? Collection{} : Collection{Val::quantity(x.d / k, x.s)};
            }
            if (is_number(x) && y.kind == Val::Kind::Quantity && op == "*") return Collection{Val::quantity(*as_number(x) * y.d, y.s)};
            return err("'" + op + "' on a quantity and this value is outside the subset");
        }
        if (!is_number(x) || !is_number(y)) return err("'" + op + "' needs numbers");
        const bool ints = x.kind == Val::Kind::Integer && y.kind == Val::Kind::Integer;
        double a = *as_number(x), b = *as_number(y);
        if (op == "+") return ints ? Collection{Val::integer(x.i + y.i)} : Collection{Val::decimal(a + b)};
        if (op == "-") return ints ? Collection{Val::integer(x.i - y.i)} : Collection{Val::decimal(a - b)};
        if (op == "*") return ints ? Collection{Val::integer(x.i * y.i)} : Collection{Val::decimal(a * b)};
        if (op == "/") return b == 0 ? Collection{} : Collection{Val::decimal(a / b)};
        if (op == "div") {
            if (b == 0) return Collection{};
            return Collection{Val::integer(static_cast<std::int64_t>(std::trunc(a / b)))};
        }
        if (op == "mod") {
            if (b == 0) return Collection{};
            if (ints) return Collection{Val::integer(x.i % y.i)};
            return Collection{Val::decimal(std::fmod(a, b))};
        }
        return err("unknown operator " + op);
    }

    // [SECTION] evaluator: functions
    // Evaluates argument k once (not per item), with the outer $this.
    R arg(const Node& n, std::size_t k, const Frame& outer) { return eval(n.args[k], outer); }

    static R single_number(const Collection& in, const std::string& fn, std::optional<double>& out) {
        out.reset();
        if (in.empty()) return Collection{};
        if (in.size() > 1) return make_error(fn + "() needs a single number, got " + std::to_string(in.size()) + " values");
        Val v = normalize(in[0]);
        auto d = as_number(v);
        if (!d) return make_error(fn + "() needs a number");
        out = d;
        return Collection{v};
    }

    R call(const Node& n, const Frame& outer) {
        const std::string& fn = n.name;
        if (fn == "today") return Collection{[&] { Val v; v.kind = Val::Kind::Date; v.s = env.today; return v; }()};
        if (fn == "now") return Collection{[&] { Val v; v.kind = Val::Kind::DateTime; v.s = env.now; return v; }()};
        if (fn == "iif") {
            auto in = focus_of(n, outer);
            if (!in) return in;
            auto c = eval(n.args[0], outer);
            if (!c) return c;
            std::string why;
            auto t = truth(*c, why);
            if (!why.empty()) return err(why);
            if (t && *t) return eval(n.args[1], outer);
            if (n.args.size() > 2) return eval(n.args[2], outer);
            return Collection{};
        }
        auto inr = focus_of(n, outer);
        if (!inr) return inr;
        const Collection in = std::move(*inr);

        if (lazy_args(fn)) {
            if (fn == "ofType" || fn == "is" || fn == "as") {
                const std::string& type = n.args[0]->literal.s;
                return type_op(fn == "ofType" ? "as" : fn, type, in);
            }
            if (fn == "exists" && n.args.empty()) return Collection{Val::boolean(!in.empty())};
            Collection out;
            auto per_item = [&](const Collection& items, auto&& body) -> Result<Ok> {
                for (std::size_t i = 0; i < items.size(); ++i) {
                    Collection one{items[i]};
                    Frame fr{&one, static_cast<std::int64_t>(i), nullptr};
                    auto r = eval(n.args[0], fr);
                    if (!r) return r.error();
                    auto s = body(items[i], *r);
                    if (!s) return s;
                }
                return Ok{};
            };
            if (fn == "where" || fn == "exists" || fn == "all") {
                bool all = true;
                auto s = per_item(in, [&](const Val& v, const Collection& r) -> Result<Ok> {
                    std::string why;
                    auto t = truth(r, why);
                    if (!why.empty()) return make_error(why);
                    if (t && *t) out.push_back(v);
                    else all = false;
                    return Ok{};
                });
                if (!s) return s.error();
                if (fn == "where") return out;
                if (fn == "exists") return Collection{Val::boolean(!out.empty())};
                return Collection{Val::boolean(all)};
            }
            if (fn == "select") {
                auto s = per_item(in, [&](const Val&, const Collection& r) -> Result<Ok> {
                    out.insert(out.end(), r.begin(), r.end());
                    return Ok{};
                });
                if (!s) return s.error();
                return out;
            }
            if (fn == "repeat") {
                Collection frontier = in;
                for (int rounds = 0; !frontier.empty(); ++rounds) {
                    if (rounds > 64) return err("repeat() does not end");
                    Collection next;
                    auto s = per_item(frontier, [&](const Val&, const Collection& r) -> Result<Ok> {
                        for (const auto& v : r) {
                            bool seen = std::any_of(out.begin(), out.end(), [&](const Val& x) {
                                return x.kind == Val::Kind::Node && v.kind == Val::Kind::Node ? x.node == v.node : false;
                            });
                            if (!seen) {
                                out.push_back(v);
                                next.push_back(v);
                            }
                        }
                        return Ok{};
                    });
                    if (!s) return s.error();
                    frontier = std::move(next);
                }
                return out;
            }
        }

        auto num_arg = [&](std::size_t k) -> Result<std::optional<double>> {
            auto a = arg(n, k, outer);
            if (!a) return a.error();
            if (a->empty()) return std::optional<double>();
            if (a->size() > 1) return make_error(fn + "() needs a single number as argument");
            auto d = as_number(normalize((*a)[0]));
            if (!d) return make_error(fn + "() needs a number as argument");
            return d;
        };
        auto str_arg = [&](std::size_t k) -> Result<std::optional<std::string>> {
            auto a = arg(n, k, outer);
            if (!a) return a.error();
            if (a->empty()) return std::optional<std::string>();
            if (a->size() > 1) return make_error(fn + "() needs a single text as argument");
            return std::optional<std::string>(to_string((*a)[0]));
        };
        auto single_text = [&](std::optional<std::string>& s) -> Result<Ok> {
            s.reset();
            if (in.empty()) return Ok{};
            if (in.size() > 1) return make_error(fn + "() needs a single text, got " + std::to_string(in.size()) + " values");
            if (in[0].kind == Val::Kind::Node) return make_error(fn + "() needs a text");
            s = to_string(in[0]);
            return Ok{};
        };

        if (fn == "empty") return Collection{Val::boolean(in.empty())};
        if (fn == "count") return Collection{Val::integer(static_cast<std::int64_t>(in.size()))};
        if (fn == "not") {
            std::string why;
            auto t = truth(in, why);
            if (!why.empty()) return err(why);
            if (!t) return Collection{};
            return Collection{Val::boolean(!*t)};
        }
        if (fn == "first") return in.empty() ? Collection{} : Collection{in.front()};
        if (fn == "last") return in.empty() ? Collection{} : Collection{in.back()};
        if (fn == "tail") return in.size() <= 1 ? Collection{} : Collection(in.begin() + 1, in.end());
        if (fn == "single") {
            if (in.size() > 1) return err("single() got several values");
            return in;
        }
        if (fn == "skip" || fn == "take") {
            auto k = num_arg(0);
            if (!k) return k.error();
            if (!*k) return Collection{};
            std::size_t m = static_cast<std::size_t>(std::max(0.0, **k));
            if (fn == "skip") return m >= in.size() ? Collection{} : Collection(in.begin() + static_cast<std::ptrdiff_t>(m), in.end());
            return Collection(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(std::min(m, in.size())));
        }
        if (fn == "distinct" || fn == "isDistinct") {
            Collection out;
            for (const auto& v : in)
                if (std::none_of(out.begin(), out.end(), [&](const Val& x) { auto e = equal(x, v); return e && *e; })) out.push_back(v);
            if (fn == "distinct") return out;
            return Collection{Val::boolean(out.size() == in.size())};
        }
        if (fn == "allTrue" || fn == "anyTrue" || fn == "allFalse" || fn == "anyFalse") {
            bool want = fn == "allTrue" || fn == "anyTrue";
            bool every = fn == "allTrue" || fn == "allFalse";
            bool res = every;
            for (const auto& v : in) {
                if (v.kind != Val::Kind::Boolean) return err(fn + "() needs booleans");
                if (every && v.b != want) res = false;
                if (!every && v.b == want) res = true;
            }
            return Collection{Val::boolean(res)};
        }
        if (fn == "union" || fn == "combine" || fn == "intersect" || fn == "exclude") {
            auto other = arg(n, 0, outer);
            if (!other) return other;
            auto contains = [](const Collection& c, const Val& v) {
                return std::any_of(c.begin(), c.end(), [&](const Val& x) { auto e = equal(x, v); return e && *e; });
            };
            Collection out;
            if (fn == "combine") {
                out = in;
                out.insert(out.end(), other->begin(), other->end());
                return out;
            }
            if (fn == "union") {
                const Collection* both[] = {&in, &*other};
                for (const Collection* c : both)
                    for (const auto& v : *c)
                        if (!contains(out, v)) out.push_back(v);
                return out;
            }
            for (const auto& v : in)
                if (contains(*other, v) == (fn == "intersect") && (fn == "exclude" || !contains(out, v))) out.push_back(v);
            return out;
        }
        if ((fn == "sum" || fn == "min" || fn == "max" || fn == "avg") && n.args.size() == 1) {
            // sum(expr): the older SDC spelling of select(expr).sum()
            Collection projected;
            for (std::size_t i = 0; i < in.size(); ++i) {
                Collection one{in[i]};
                Frame fr{&one, static_cast<std::int64_t>(i), nullptr};
                auto r = eval(n.args[0], fr);
                if (!r) return r;
                projected.insert(projected.end(), r->begin(), r->end());
            }
            auto copy = std::make_shared<Node>(n);
            copy->args.clear();
            copy->target = nullptr;
            Frame fr{&projected, 0, nullptr};
            return call(*copy, fr);
        }
        if (fn == "sum" || fn == "min" || fn == "max" || fn == "avg") {
            if (in.empty()) return fn == "sum" ? Collection{Val::integer(0)} : Collection{};
            bool ints = true;
            std::string unit;
            bool quantity = false;
            std::vector<double> xs;
            for (const auto& v0 : in) {
                Val v = normalize(v0);
                if (v.kind == Val::Kind::Quantity) {
                    if (quantity && unit != v.s) return err(fn + "() over quantities in different units");
                    quantity = true;
                    unit = v.s;
                    ints = false;
                } else if (!is_number(v)) {
                    return err(fn + "() needs numbers");
                }
                if (v.kind != Val::Kind::Integer) ints = false;
                xs.push_back(*as_number(v));
            }
            double res = 0;
            if (fn == "sum" || fn == "avg") {
                for (double x : xs) res += x;
                if (fn == "avg") {
                    res /= static_cast<double>(xs.size());
                    ints = false;
                }
            } else {
                res = fn == "min" ? *std::min_element(xs.begin(), xs.end()) : *std::max_element(xs.begin(), xs.end());
            }
            if (quantity) return Collection{Val::quantity(res, unit)};
            if (ints) return Collection{Val::integer(static_cast<std::int64_t>(res))};
            return Collection{Val::decimal(res)};
        }
        if (fn == "power" || fn == "round" || fn == "ln" || fn == "log" || fn == "exp" || fn == "abs" || fn == "ceiling" ||
            fn == "floor" || fn == "sqrt" || fn == "truncate") {
            std::optional<double> x;
            auto s = single_number(in, fn, x);
            if (!s) return s;
            if (!x) return Collection{};
            const Val& v = (*s)[0];
            const bool is_int = v.kind == Val::Kind::Integer;
            auto dec = [&](double d) -> Collection {
                if (!std::isfinite(d)) return Collection{};
                if (v.kind == Val::Kind::Quantity) return Collection{Val::quantity(d, v.s)};
                return Collection{Val::decimal(d)};
            };
            if (fn == "power") {
                auto e = num_arg(0);
                if (!e) return e.error();
                if (!*e) return Collection{};
                double r = std::pow(*x, **e);
                if (is_int && **e >= 0 && **e == std::floor(**e) && std::fabs(r) < 9e15)
                    return Collection{Val::integer(static_cast<std::int64_t>(r))};
                return dec(r);
            }
            if (fn == "round") {
                double p = 0;
                if (!n.args.empty()) {
                    auto e = num_arg(0);
                    if (!e) return e.error();
                    if (*e) p = **e;
                }
                if (p < 0) return err("round() needs a precision of 0 or more");
                double k = std::pow(10.0, p);
                // Round half away from zero (as fhirpath.js and LHC-Forms do).
                double r = std::round(*x * k) / k;
                if (p == 0 && is_int) return Collection{v};
                return dec(r);
            }
            if (fn == "ln") return *x <= 0 ? Collection{} : dec(std::log(*x));
            if (fn == "log") {
                auto b = num_arg(0);
                if (!b) return b.error();
                if (!*b || **b <= 0 || **b == 1 || *x <= 0) return Collection{};
                return dec(std::log(*x) / std::log(**b));
            }
            if (fn == "exp") return dec(std::exp(*x));
            if (fn == "sqrt") return *x < 0 ? Collection{} : dec(std::sqrt(*x));
            if (fn == "abs") {
                if (is_int) return Collection{Val::integer(v.i < 0 ? -v.i : v.i)};
                return dec(std::fabs(*x));
            }
            double r = fn == "ceiling" ? std::ceil(*x) : fn == "floor" ? std::floor(*x) : std::trunc(*x);
            return Collection{Val::integer(static_cast<std::int64_t>(r))};
        }
        if (fn == "toString") {
            if (in.empty()) return Collection{};
            if (in.size() > 1) return err("toString() needs a single value");
            if (in[0].kind == Val::Kind::Node && normalize(in[0]).kind == Val::Kind::Node) return Collection{};
            return Collection{Val::string(to_string(normalize(in[0])))};
        }
        if (fn == "toInteger" || fn == "convertsToInteger") {
            if (in.empty()) return Collection{};
            if (in.size() > 1) return err(fn + "() needs a single value");
            const Val& v = in[0];
            std::optional<std::int64_t> r;
            if (v.kind == Val::Kind::Integer) r = v.i;
            else if (v.kind == Val::Kind::Boolean) r = v.b ? 1 : 0;
            else if (v.kind == Val::Kind::String) {
                static const std::regex re("^[+-]?[0-9]+$");
                if (std::regex_match(v.s, re) && v.s.size() < 19) r = std::stoll(v.s);
            }
            if (fn == "convertsToInteger") return Collection{Val::boolean(r.has_value())};
            if (!r) return Collection{};
            return Collection{Val::integer(*r)};
        }
        if (fn == "toDecimal" || fn == "convertsToDecimal") {
            if (in.empty()) return Collection{};
            if (in.size() > 1) return err(fn + "() needs a single value");
            const Val& v = in[0];
            std::optional<double> r;
            if (is_number(v)) r = *as_number(v);
            else if (v.kind == Val::Kind::Boolean) r = v.b ? 1.0 : 0.0;
            else if (v.kind == Val::Kind::String) {
                static const std::regex re("^[+-]?[0-9]+(\\.[0-9]+)?$");
                if (std::regex_match(v.s, re)) r = std::strtod(v.s.c_str(), nullptr);
            }
            if (fn == "convertsToDecimal") return Collection{Val::boolean(r.has_value())};
            if (!r) return Collection{};
            return Collection{Val::decimal(*r)};
        }
        if (fn == "toBoolean") {
            if (in.empty()) return Collection{};
            if (in.size() > 1) return err("toBoolean() needs a single value");
            const Val& v = in[0];
            if (v.kind == Val::Kind::Boolean) return in;
            std::string s = v.kind == Val::Kind::String ? lower_trim(v.s) : is_number(v) ? format_decimal(*as_number(v)) : "";
            if (s == "true" || s == "t" || s == "yes" || s == "y" || s == "1" || s == "1.0") return Collection{Val::boolean(true)};
            if (s == "false" || s == "f" || s == "no" || s == "n" || s == "0" || s == "0.0") return Collection{Val::boolean(false)};
            return Collection{};
        }
        if (fn == "toDate") {
            if (in.empty()) return Collection{};
            if (in.size() > 1) return err("toDate() needs a single value");
            if (!is_text(in[0])) return Collection{};
            Val v;
            v.kind = Val::Kind::Date;
            v.s = in[0].s.substr(0, std::min<std::size_t>(10, in[0].s.find('T')));
            static const std::regex re("^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$");
            if (!std::regex_match(v.s, re)) return Collection{};
            return Collection{v};
        }
        if (fn == "toQuantity") {
            if (in.empty()) return Collection{};
            if (in.size() > 1) return err("toQuantity() needs a single value");
            Val v = normalize(in[0]);
            if (is_number(v)) v = Val::quantity(*as_number(v), "1");
            if (v.kind != Val::Kind::Quantity) return Collection{};
            if (n.args.empty()) return Collection{v};
            auto u = str_arg(0);
            if (!u) return u.error();
            if (!*u) return Collection{};
            if (**u == v.s) return Collection{v};
            auto from = ucum(v.s), to = ucum(**u);
            if (!from || !to || from->dim != to->dim) return Collection{};  // not convertible (or a unit we do not know)
            return Collection{Val::quantity(v.d * from->factor / to->factor, **u)};
        }
        if (fn == "length" || fn == "upper" || fn == "lower" || fn == "trim" || fn == "substring" || fn == "startsWith" ||
            fn == "endsWith" || fn == "contains" || fn == "replace" || fn == "indexOf" || fn == "matches") {
            std::optional<std::string> s;
            if (auto st = single_text(s); !st) return st.error();
            if (!s) return Collection{};
            if (fn == "length") {
                return Collection{Val::integer(static_cast<std::int64_t>(utf8::length(*s)))};
            }
            if (fn == "upper" || fn == "lower") {
                std::string out = *s;
                for (auto& c : out) c = static_cast<char>(fn == "upper" ? std::toupper(static_cast<unsigned char>(c)) : std::tolower(static_cast<unsigned char>(c)));
                return Collection{Val::string(out)};
            }
            if (fn == "trim") {
                auto b = s->find_first_not_of(" \t\r\n");
                auto e = s->find_last_not_of(" \t\r\n");
                return Collection{Val::string(b == std::string::npos ? "" : s->substr(b, e - b + 1))};
            }
            if (fn == "substring") {
                auto start = num_arg(0);
                if (!start) return start.error();
                if (!*start) return Collection{};
                auto st = static_cast<std::int64_t>(**start);
                if (st < 0 || st >= static_cast<std::int64_t>(s->size())) return Collection{};
                std::size_t len = std::string::npos;
                if (n.args.size() > 1) {
                    auto l = num_arg(1);
                    if (!l) return l.error();
                    if (*l) len = static_cast<std::size_t>(std::max(0.0, **l));
                }
                return Collection{Val::string(s->substr(static_cast<std::size_t>(st), len))};
            }
            auto other = str_arg(0);
            if (!other) return other.error();
            if (!*other) return Collection{};
            const std::string& o = **other;
            if (fn == "startsWith") return Collection{Val::boolean(s->rfind(o, 0) == 0)};
            if (fn == "endsWith") return Collection{Val::boolean(s->size() >= o.size() && s->compare(s->size() - o.size(), o.size(), o) == 0)};
            if (fn == "contains") return Collection{Val::boolean(s->find(o) != std::string::npos)};
            if (fn == "indexOf") {
                auto p = s->find(o);
                return Collection{Val::integer(p == std::string::npos ? -1 : static_cast<std::int64_t>(p))};
            }
            if (fn == "matches") {
                try {
                    return Collection{Val::boolean(std::regex_search(*s, std::regex(o, std::regex::ECMAScript)))};
                } catch (const std::regex_error&) {
                    return err("matches(): not a valid regular expression");
                }
            }
            // replace
            auto with = str_arg(1);
            if (!with) return with.error();
            if (!*with) return Collection{};
            std::string out;
            if (o.empty()) {
                for (char c : *s) out += **with + c;
                out += **with;
            } else {
                std::size_t p = 0;
                while (true) {
                    auto q = s->find(o, p);
                    if (q == std::string::npos) {
                        out += s->substr(p);
                        break;
                    }
                    out += s->substr(p, q - p) + **with;
                    p = q + o.size();
                }
            }
            return Collection{Val::string(out)};
        }
        if (fn == "join") {
            std::string sep;
            if (!n.args.empty()) {
                auto a = str_arg(0);
                if (!a) return a.error();
                if (*a) sep = **a;
            }
            std::string out;
            for (std::size_t i = 0; i < in.size(); ++i) out += (i ? sep : "") + to_string(in[i]);
            return Collection{Val::string(out)};
        }
        if (fn == "extension") {
            auto url = str_arg(0);
            if (!url) return url.error();
            Collection out;
            if (!*url) return out;
            for (const auto& e : member(in, "extension"))
                if (e.kind == Val::Kind::Node && e.node->is_object() && e.node->contains("url") && (*e.node)["url"] == **url)
                    out.push_back(e);
            return out;
        }
        if (fn == "hasValue") {
            return Collection{Val::boolean(in.size() == 1 && in[0].kind != Val::Kind::Node)};
        }
        if (fn == "ordinal" || fn == "weight") {
            Collection out;
            for (const auto& v : in) {
                if (v.kind != Val::Kind::Node || !v.node->is_object() || !env.ordinal) continue;
                if (auto d = env.ordinal(v.owner, *v.node)) out.push_back(Val::decimal(*d));
            }
            return out;
        }
        if (fn == "answers") {
            // SDC: every answer in the items below the focus (through groups and nested answers).
            Collection out;
            std::function<void(const json&, const std::string&)> walk = [&](const json& node, const std::string& owner) {
                if (!node.is_object()) return;
                std::string me = node.contains("linkId") && node["linkId"].is_string() ? node["linkId"].get<std::string>() : owner;
                if (auto a = node.find("answer"); a != node.end() && a->is_array())
                    for (const auto& ans : *a) {
                        out.push_back(from_json(ans, "", me));
                        walk(ans, me);
                    }
                if (auto it = node.find("item"); it != node.end() && it->is_array())
                    for (const auto& c : *it) walk(c, me);
            };
            for (const auto& v : in)
                if (v.kind == Val::Kind::Node) walk(*v.node, v.owner);
            return out;
        }
        if (fn == "children" || fn == "descendants") {
            Collection out;
            Collection frontier = in;
            for (int rounds = 0; !frontier.empty() && rounds < 64; ++rounds) {
                Collection next;
                for (const auto& v : frontier) children_of(v, next);
                out.insert(out.end(), next.begin(), next.end());
                if (fn == "children") break;
                frontier = std::move(next);
            }
            return out;
        }
        if (fn == "trace") return in;
        return err("function '" + fn + "()' is outside the supported FHIRPath subset");
    }
};

}  // namespace

// [SECTION] public API
Result<Expression> compile(const std::string& text) {
    if (text.size() > 20000) return make_error("expression longer than 20000 characters");
    Lexer lx(text);
    auto toks = lx.run();
    if (!toks) return toks.error();
    Parser p(std::move(*toks));
    auto root = p.parse_all();
    if (!root) return root.error();
    Expression e;
    e.text = text;
    e.root = *root;
    e.variables = p.vars;
    return e;
}

Result<Collection> evaluate(const Expression& e, const Env& env, const Collection& focus) {
    if (!e.root) return make_error("expression not compiled");
    Evaluator ev{env};
    Frame f{&focus, 0, nullptr};
    try {
        return ev.eval(e.root, f);
    } catch (const std::exception& ex) {
        return make_error(std::string("expression failed: ") + ex.what());
    }
}

std::optional<bool> as_boolean(const Collection& c) {
    if (c.size() != 1) return std::nullopt;
    if (c[0].kind == Val::Kind::Boolean) return c[0].b;
    return true;
}

std::optional<double> as_number(const Val& v) {
    switch (v.kind) {
        case Val::Kind::Integer: return static_cast<double>(v.i);
        case Val::Kind::Decimal:
        case Val::Kind::Quantity: return v.d;
        default: return std::nullopt;
    }
}

std::string to_string(const Val& v0) {
    Val v = normalize(v0);
    switch (v.kind) {
        case Val::Kind::Boolean: return v.b ? "true" : "false";
        case Val::Kind::Integer: return std::to_string(v.i);
        case Val::Kind::Decimal: return format_decimal(v.d);
        case Val::Kind::Quantity: return format_decimal(v.d) + " '" + v.s + "'";
        case Val::Kind::String:
        case Val::Kind::Date:
        case Val::Kind::DateTime:
        case Val::Kind::Time: return v.s;
        case Val::Kind::Node:
            if (v.node && v.node->is_string()) return v.node->get<std::string>();
            return "";
    }
    return "";
}

const std::set<std::string>& supported_functions() {
    static const std::set<std::string> k = [] {
        std::set<std::string> s;
        for (const auto& [name, fn] : functions()) s.insert(name);
        return s;
    }();
    return k;
}

}  // namespace kiosk::questionnaire::fhirpath
