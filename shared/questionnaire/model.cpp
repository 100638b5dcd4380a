// Small helpers of the questionnaire model.
#include "questionnaire/model.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>

namespace kiosk::questionnaire {

bool values_equal(const Value& a, const Value& b) {
    if (a.index() != b.index()) {
        // An integer and a decimal of the same amount are the same answer.
        auto num = [](const Value& v) -> std::optional<double> {
            if (auto i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
            if (auto d = std::get_if<double>(&v)) return *d;
            return std::nullopt;
        };
        auto na = num(a), nb = num(b);
        return na && nb && *na == *nb;
    }
    return std::visit(
        [&](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            return x == std::get<T>(b);
        },
        a);
}

std::string value_to_string(const Value& v, const std::string& lang) {
    struct V {
        const std::string& lang;
        std::string operator()(bool b) const { return b ? "true" : "false"; }
        std::string operator()(std::int64_t i) const { return std::to_string(i); }
        std::string operator()(double d) const {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%g", d);
            return buf;
        }
        std::string operator()(const std::string& s) const { return s; }
        std::string operator()(const Date& d) const { return d.iso; }
        std::string operator()(const Coding& c) const {
            return lang.empty() ? c.code : c.display.get(lang);
        }
    };
    return std::visit(V{lang}, v);
}

bool is_valid_date(const std::string& s) {
    auto digits = [&](std::size_t from, std::size_t n) {
        if (s.size() < from + n) return false;
        for (std::size_t i = from; i < from + n; ++i)
            if (s[i] < '0' || s[i] > '9') return false;
        return true;
    };
    auto month_ok = [&] { return s.substr(5, 2) >= "01" && s.substr(5, 2) <= "12"; };
    if (s.size() == 4) return digits(0, 4);
    if (s.size() == 7) return digits(0, 4) && s[4] == '-' && digits(5, 2) && month_ok();
    if (s.size() == 10)
        return digits(0, 4) && s[4] == '-' && digits(5, 2) && s[7] == '-' && digits(8, 2) && month_ok() &&
               s.substr(8, 2) >= "01" && s.substr(8, 2) <= "31";
    return false;
}

const char* item_type_name(ItemType t) {
    switch (t) {
        case ItemType::Group: return "group";
        case ItemType::Display: return "display";
        case ItemType::Choice: return "choice";
        case ItemType::Boolean: return "boolean";
        case ItemType::Integer: return "integer";
        case ItemType::Decimal: return "decimal";
        case ItemType::String: return "string";
        case ItemType::Text: return "text";
        case ItemType::Date: return "date";
    }
    return "?";
}

const char* operator_symbol(EnableOperator op) {
    switch (op) {
        case EnableOperator::Exists: return "exists";
        case EnableOperator::Equal: return "=";
        case EnableOperator::NotEqual: return "!=";
        case EnableOperator::Greater: return ">";
        case EnableOperator::Less: return "<";
        case EnableOperator::GreaterOrEqual: return ">=";
        case EnableOperator::LessOrEqual: return "<=";
    }
    return "?";
}

std::vector<std::string> Questionnaire::all_languages() const {
    std::vector<std::string> out{language};
    for (const auto& l : languages)
        if (std::find(out.begin(), out.end(), l) == out.end()) out.push_back(l);
    return out;
}

bool Questionnaire::supports_language(const std::string& lang) const {
    auto all = all_languages();
    return std::find(all.begin(), all.end(), lang) != all.end();
}

const Item* Questionnaire::find(const std::string& link_id) const {
    std::function<const Item*(const std::vector<Item>&)> walk = [&](const std::vector<Item>& items) -> const Item* {
        for (const auto& it : items) {
            if (it.link_id == link_id) return &it;
            if (auto* c = walk(it.children)) return c;
        }
        return nullptr;
    };
    return walk(items);
}

std::string Questionnaire::canonical() const {
    std::string base = url.empty() ? "Questionnaire/" + id : url;
    return version.empty() ? base : base + "|" + version;
}

}  // namespace kiosk::questionnaire
