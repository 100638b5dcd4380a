#include "questionnaire/typed_answer.hpp"

#include <string.h>  // explicit_bzero: this library links no libsodium (the sanitized engine test builds it alone)

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace kiosk::questionnaire {

namespace {

// Typed text is the resident's answer: copies are wiped when they die.
struct WipedString {
    std::string s;
    explicit WipedString(std::string_view v) : s(v) {}
    ~WipedString() {
        if (!s.empty()) explicit_bzero(s.data(), s.size());
    }
    WipedString(const WipedString&) = delete;
    WipedString& operator=(const WipedString&) = delete;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// What the resident meant: trailing spaces and newlines are dropped for
// every type (a text answer keeps its leading spaces).
std::string_view without_trailing(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.remove_suffix(1);
    return s;
}
std::string_view trimmed(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// A number as people type it: an optional sign, digits, and for a decimal
// one comma or point with digits around it ("72,5", "-3", ",5", "5,").
// Nothing else: no exponent, no hex, no "nan" or "inf", no thousands
// separators. Returns the text with a point for the comma, or "" when it is
// not such a number.
struct NumberText {
    bool ok = false;
    bool fraction = false;  // a comma or point was typed
};
NumberText scan_number(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t digits = 0, separators = 0;
    for (; i < s.size(); ++i) {
        if (is_digit(s[i])) ++digits;
        else if (s[i] == ',' || s[i] == '.') ++separators;
        else return {};
    }
    if (digits == 0 || separators > 1) return {};
    return {true, separators == 1};
}

}  // namespace

std::string parse_typed_time(std::string_view sv) {
    WipedString s(sv);
    int h = -1, m = -1;
    char sep = 0;
    if (std::sscanf(s.s.c_str(), "%d%c%d", &h, &sep, &m) == 3 && (sep == ':' || sep == '.')) {
    } else if (s.s.size() == 4 && std::all_of(s.s.begin(), s.s.end(), is_digit)) {
        h = (s.s[0] - '0') * 10 + (s.s[1] - '0');
        m = (s.s[2] - '0') * 10 + (s.s[3] - '0');
    } else {
        return "";
    }
    if (h < 0 || h > 23 || m < 0 || m > 59) return "";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d:00", h, m);
    return buf;
}

std::string parse_typed_date(std::string_view sv) {
    WipedString s(sv);
    int a = 0, b = 0, c = 0;
    char x = 0, y = 0;
    if (std::sscanf(s.s.c_str(), "%d%c%d%c%d", &a, &x, &b, &y, &c) != 5) return "";
    int d, m, yr;
    if (a > 31) yr = a, m = b, d = c;
    else d = a, m = b, yr = c;
    if (yr < 1900 || yr > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return "";
    // A day the month has (31-02 is not a date; 29-02 only in a leap year).
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (yr % 4 == 0 && yr % 100 != 0) || yr % 400 == 0;
    if (d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return "";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", yr, m, d);
    return is_valid_date(buf) ? buf : "";
}

std::string parse_typed_date_time(std::string_view s, std::int64_t wall_ms) {
    auto space = s.find_first_of(" T");
    if (space == std::string_view::npos) return "";
    std::string date = parse_typed_date(s.substr(0, space)), time = parse_typed_time(s.substr(space + 1));
    if (date.empty() || time.empty()) return "";
    std::time_t t = static_cast<std::time_t>(wall_ms / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    long off = tm.tm_gmtoff / 60;
    char zone[32];
    std::snprintf(zone, sizeof zone, "%c%02ld:%02ld", off < 0 ? '-' : '+', std::labs(off) / 60, std::labs(off) % 60);
    return date + "T" + time + zone;
}

const char* typed_format_key(const Item& item) {
    switch (item.type) {
        case ItemType::Date: return kTypedBadDate;
        case ItemType::Time: return kTypedBadTime;
        case ItemType::DateTime: return kTypedBadDateTime;
        default: return nullptr;
    }
}

Result<Value> typed_value(const Item& item, std::string_view typed, std::size_t unit, std::int64_t wall_ms) {
    if (without_trailing(typed).empty()) return make_error(kTypedEmpty);
    std::string_view text = trimmed(typed);  // numbers, dates and times
    switch (item.type) {
        case ItemType::Date: {
            std::string iso = parse_typed_date(text);
            if (iso.empty()) return make_error(kTypedBadDate);
            return Value{Date{iso}};
        }
        case ItemType::Time: {
            std::string iso = parse_typed_time(text);
            if (iso.empty()) return make_error(kTypedBadTime);
            return Value{Time{iso}};
        }
        case ItemType::DateTime: {
            std::string iso = parse_typed_date_time(text, wall_ms);
            if (iso.empty()) return make_error(kTypedBadDateTime);
            return Value{DateTime{iso}};
        }
        case ItemType::Integer: {
            NumberText n = scan_number(text);
            if (!n.ok) return make_error(kTypedBadNumber);
            if (n.fraction) return make_error(kTypedWholeNumber);  // "3.7" is not 3
            std::string_view digits = text.front() == '+' ? text.substr(1) : text;
            std::int64_t v = 0;
            auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
            if (ec != std::errc{} || end != digits.data() + digits.size()) return make_error(kTypedBadNumber);
            return Value{v};
        }
        case ItemType::Quantity:
        case ItemType::Decimal: {
            NumberText n = scan_number(text);
            if (!n.ok) return make_error(kTypedBadNumber);
            WipedString t(text.front() == '+' ? text.substr(1) : text);
            std::replace(t.s.begin(), t.s.end(), ',', '.');
            double d = 0;
            auto [end, ec] = std::from_chars(t.s.data(), t.s.data() + t.s.size(), d);
            if (ec != std::errc{} || end != t.s.data() + t.s.size() || !std::isfinite(d)) return make_error(kTypedBadNumber);
            if (item.type == ItemType::Quantity && unit < item.units.size()) {
                Quantity amount;  // in the unit chosen on screen
                amount.value = d;
                amount.code = item.units[unit].code;
                amount.unit = item.units[unit].display.base.empty() ? item.units[unit].code : item.units[unit].display.base;
                return Value{amount};
            }
            return Value{d};
        }
        default:
            return Value{std::string(without_trailing(typed))};
    }
}

}  // namespace kiosk::questionnaire
