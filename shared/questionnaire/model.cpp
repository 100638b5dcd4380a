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
        std::string operator()(const Time& t) const { return t.iso; }
        std::string operator()(const DateTime& t) const { return t.iso; }
        std::string operator()(const Quantity& q) const {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%g", q.value);
            return std::string(buf) + (q.unit.empty() ? (q.code.empty() ? "" : " " + q.code) : " " + q.unit);
        }
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

bool is_valid_time(const std::string& s) {
    auto two = [&](std::size_t at, int max) {
        if (s.size() < at + 2 || s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9') return false;
        return (s[at] - '0') * 10 + (s[at + 1] - '0') <= max;
    };
    if (s.size() == 5) return two(0, 23) && s[2] == ':' && two(3, 59);
    if (s.size() == 8) return two(0, 23) && s[2] == ':' && two(3, 59) && s[5] == ':' && two(6, 59);
    return false;
}

bool is_valid_date_time(const std::string& s) {
    auto t = s.find('T');
    if (t == std::string::npos) return is_valid_date(s);
    if (t != 10 || !is_valid_date(s.substr(0, 10))) return false;
    std::string rest = s.substr(11);
    std::string zone;
    if (!rest.empty() && rest.back() == 'Z') {
        zone = "Z";
        rest.pop_back();
    } else if (rest.size() > 6 && (rest[rest.size() - 6] == '+' || rest[rest.size() - 6] == '-')) {
        zone = rest.substr(rest.size() - 6);
        rest = rest.substr(0, rest.size() - 6);
        if (!is_valid_time(zone.substr(1)) || zone.substr(1).size() != 5) return false;
    } else {
        return false;  // FHIR: a dateTime with a time needs a time zone
    }
    if (rest.size() > 8 && rest[8] == '.') {
        for (std::size_t i = 9; i < rest.size(); ++i)
            if (rest[i] < '0' || rest[i] > '9') return false;
        if (rest.size() == 9) return false;
        rest = rest.substr(0, 8);
    }
    return rest.size() == 8 && is_valid_time(rest);
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
        case ItemType::OpenChoice: return "open-choice";
        case ItemType::Quantity: return "quantity";
        case ItemType::Time: return "time";
        case ItemType::DateTime: return "dateTime";
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
