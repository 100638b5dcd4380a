#include "xlsform/expression.hpp"

#include <cctype>

namespace kiosk::xlsform {

namespace {

struct Token {
    enum class T { End, Ref, Number, String, Name, Op, LParen, RParen, Comma, Dot } t = T::End;
    std::string s;
};

Result<std::vector<Token>> tokenize(const std::string& in) {
    std::vector<Token> out;
    std::size_t i = 0;
    auto name_char = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == ':' || c == '.' ||
               static_cast<unsigned char>(c) >= 0x80;
    };
    while (i < in.size()) {
        const char c = in[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == '$' && i + 1 < in.size() && in[i + 1] == '{') {
            std::size_t end = in.find('}', i);
            if (end == std::string::npos) return make_error("'${' without its '}'");
            out.push_back({Token::T::Ref, in.substr(i + 2, end - i - 2)});
            i = end + 1;
        } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                   (c == '.' && i + 1 < in.size() && std::isdigit(static_cast<unsigned char>(in[i + 1])))) {
            std::size_t j = i;
            while (j < in.size() && (std::isdigit(static_cast<unsigned char>(in[j])) || in[j] == '.')) ++j;
            out.push_back({Token::T::Number, in.substr(i, j - i)});
            i = j;
        } else if (c == '\'' || c == '"') {
            std::size_t end = in.find(c, i + 1);
            if (end == std::string::npos) return make_error(std::string("a text in ") + c + " without its closing " + c);
            out.push_back({Token::T::String, in.substr(i + 1, end - i - 1)});
            i = end + 1;
        } else if (c == '(') {
            out.push_back({Token::T::LParen, "("}), ++i;
        } else if (c == ')') {
            out.push_back({Token::T::RParen, ")"}), ++i;
        } else if (c == ',') {
            out.push_back({Token::T::Comma, ","}), ++i;
        } else if (c == '!' && i + 1 < in.size() && in[i + 1] == '=') {
            out.push_back({Token::T::Op, "!="}), i += 2;
        } else if ((c == '<' || c == '>') && i + 1 < in.size() && in[i + 1] == '=') {
            out.push_back({Token::T::Op, std::string(1, c) + "="}), i += 2;
        } else if (c == '=' || c == '<' || c == '>' || c == '+' || c == '-' || c == '*') {
            out.push_back({Token::T::Op, std::string(1, c)}), ++i;
        } else if (c == '.' && (i + 1 >= in.size() || in[i + 1] != '.')) {
            out.push_back({Token::T::Dot, "."}), ++i;
        } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            std::size_t j = i;
            while (j < in.size() && name_char(in[j])) ++j;
            std::string w = in.substr(i, j - i);
            if (w == "and" || w == "or" || w == "div" || w == "mod") out.push_back({Token::T::Op, w});
            else out.push_back({Token::T::Name, w});
            i = j;
        } else {
            return make_error(std::string("'") + c + "' is not part of the expressions we read");
        }
    }
    out.push_back({Token::T::End, ""});
    return out;
}

class Parser {
public:
    Parser(std::vector<Token> t, bool columns) : t_(std::move(t)), columns_(columns) {}

    Result<std::unique_ptr<Expr>> parse() {
        auto e = binary(0);
        if (!e) return e;
        if (peek().t != Token::T::End) return make_error("unexpected '" + peek().s + "'");
        return e;
    }

private:
    const Token& peek() const { return t_[pos_]; }
    const Token& take() { return t_[pos_ < t_.size() - 1 ? pos_++ : pos_]; }

    static int level(const std::string& op) {
        if (op == "or") return 1;
        if (op == "and") return 2;
        if (op == "=" || op == "!=") return 3;
        if (op == "<" || op == ">" || op == "<=" || op == ">=") return 4;
        if (op == "+" || op == "-") return 5;
        if (op == "*" || op == "div" || op == "mod") return 6;
        return 0;
    }

    // Nesting is bounded: a cell of 30,000 '(' must not exhaust the stack.
    static constexpr int kMaxDepth = 64;

    Result<std::unique_ptr<Expr>> binary(int min_level) {
        if (++depth_ > kMaxDepth) return make_error("nested more than " + std::to_string(kMaxDepth) + " deep");
        struct Leave {
            int& d;
            ~Leave() { --d; }
        } leave{depth_};
        auto left = unary();
        if (!left) return left;
        std::unique_ptr<Expr> l = std::move(*left);
        while (peek().t == Token::T::Op && level(peek().s) > min_level) {
            const std::string op = take().s;
            auto right = binary(level(op));
            if (!right) return right;
            auto e = std::make_unique<Expr>();
            const int lv = level(op);
            e->kind = lv == 1 ? Expr::Kind::Or : lv == 2 ? Expr::Kind::And : lv <= 4 ? Expr::Kind::Compare : Expr::Kind::Arith;
            e->op = op;
            // Flatten a or b or c into one node.
            if ((e->kind == Expr::Kind::Or || e->kind == Expr::Kind::And) && l->kind == e->kind) {
                l->args.push_back(std::move(*right));
                continue;
            }
            e->args.push_back(std::move(l));
            e->args.push_back(std::move(*right));
            l = std::move(e);
        }
        return l;
    }

    Result<std::unique_ptr<Expr>> unary() {
        if (peek().t == Token::T::Op && peek().s == "-") {
            take();
            if (++depth_ > kMaxDepth) return make_error("nested more than " + std::to_string(kMaxDepth) + " deep");
            struct Leave {
                int& d;
                ~Leave() { --d; }
            } leave{depth_};
            auto inner = unary();
            if (!inner) return inner;
            auto e = std::make_unique<Expr>();
            e->kind = Expr::Kind::Negate;
            e->args.push_back(std::move(*inner));
            return e;
        }
        return primary();
    }

    Result<std::unique_ptr<Expr>> primary() {
        const Token tok = take();
        auto e = std::make_unique<Expr>();
        switch (tok.t) {
            case Token::T::Ref:
                e->kind = Expr::Kind::Ref, e->text = tok.s;
                return e;
            case Token::T::Number:
                e->kind = Expr::Kind::Number, e->text = tok.s;
                return e;
            case Token::T::String:
                e->kind = Expr::Kind::String, e->text = tok.s;
                return e;
            case Token::T::Dot:
                e->kind = Expr::Kind::Self;
                return e;
            case Token::T::LParen: {
                auto inner = binary(0);
                if (!inner) return inner;
                if (take().t != Token::T::RParen) return make_error("'(' without its ')'");
                return inner;
            }
            case Token::T::Name: {
                if (columns_ && peek().t != Token::T::LParen) {
                    e->kind = Expr::Kind::Column, e->text = tok.s;
                    return e;
                }
                if (peek().t != Token::T::LParen) return make_error("'" + tok.s + "' (a path into the form's XML) is not an expression we read; write ${name}");
                take();
                e->kind = Expr::Kind::Call, e->op = tok.s;
                if (peek().t == Token::T::RParen) {
                    take();
                    return e;
                }
                for (;;) {
                    auto a = binary(0);
                    if (!a) return a;
                    e->args.push_back(std::move(*a));
                    const Token sep = take();
                    if (sep.t == Token::T::RParen) break;
                    if (sep.t != Token::T::Comma) return make_error("expected ',' or ')' in " + tok.s + "(...)");
                }
                return e;
            }
            default:
                return make_error(tok.s.empty() ? std::string("the expression ends too early") : "unexpected '" + tok.s + "'");
        }
    }

    std::vector<Token> t_;
    std::size_t pos_ = 0;
    int depth_ = 0;
    bool columns_ = false;
};

}  // namespace

Result<std::unique_ptr<Expr>> parse_expression(const std::string& text, bool columns) {
    auto toks = tokenize(text);
    if (!toks) return toks.error();
    return Parser(std::move(*toks), columns).parse();
}

std::string to_text(const Expr& e) {
    switch (e.kind) {
        case Expr::Kind::Or:
        case Expr::Kind::And: {
            std::string s;
            for (const auto& a : e.args) s += (s.empty() ? "" : e.kind == Expr::Kind::Or ? " or " : " and ") + to_text(*a);
            return s;
        }
        case Expr::Kind::Compare:
        case Expr::Kind::Arith:
            return to_text(*e.args[0]) + " " + e.op + " " + to_text(*e.args[1]);
        case Expr::Kind::Negate:
            return "-" + to_text(*e.args[0]);
        case Expr::Kind::Number:
            return e.text;
        case Expr::Kind::String:
            return "'" + e.text + "'";
        case Expr::Kind::Ref:
            return "${" + e.text + "}";
        case Expr::Kind::Column:
            return e.text;
        case Expr::Kind::Self:
            return ".";
        case Expr::Kind::Call: {
            std::string s = e.op + "(";
            for (std::size_t i = 0; i < e.args.size(); ++i) s += (i ? ", " : "") + to_text(*e.args[i]);
            return s + ")";
        }
    }
    return {};
}

}  // namespace kiosk::xlsform
