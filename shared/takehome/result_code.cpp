#include "takehome/result_code.hpp"

#include "questionnaire/model.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>

namespace kiosk::takehome {

namespace q = questionnaire;

namespace {

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// A word of the code: letters, digits, '.', '-' (all in the QR alphanumeric set).
bool word_ok(std::string_view w) {
    if (w.empty() || w.size() > 40) return false;
    for (char c : w)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-')) return false;
    return true;
}

char mark(const std::optional<int>& s) {
    if (!s) return '-';
    if (*s >= 10) return 'A';
    return static_cast<char>('0' + std::max(0, *s));
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

std::string family_of(const std::string& id, const std::string& variant) {
    const std::string suffix = "-" + variant;
    if (!variant.empty() && id.size() > suffix.size() && id.compare(id.size() - suffix.size(), suffix.size(), suffix) == 0)
        return id.substr(0, id.size() - suffix.size());
    return id;
}

ResultCode from_scores(const q::Scores& scores, std::string family, std::string variant, std::string version,
                       std::string day) {
    ResultCode c{std::move(family), std::move(variant), std::move(version), std::move(day), {}};
    for (const auto& name : q::scoring_domains()) {
        const auto* d = scores.find(name);
        if (d && d->average) c.scores.push_back(static_cast<int>(std::lround(std::clamp(*d->average, 0.0, 10.0))));
        else c.scores.push_back(std::nullopt);
    }
    return c;
}

std::string encode(const ResultCode& c) {
    std::string day;
    for (char ch : c.day)
        if (ch != '-') day += ch;
    std::string marks;
    for (const auto& s : c.scores) marks += mark(s);
    return "IK" + std::to_string(kCodeVersion) + " " + upper(c.family) + " " + upper(c.variant.empty() ? "-" : c.variant) +
           " " + upper(c.version.empty() ? "-" : c.version) + " " + day + " " + marks;
}

Result<ResultCode> decode(std::string_view text) {
    // A scanner may add a newline or spaces; lower-case input is accepted.
    std::string t(text);
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.erase(t.begin());
    t = upper(t);
    std::istringstream in(t);
    std::vector<std::string> w;
    for (std::string x; in >> x;) w.push_back(x);
    if (w.empty() || w[0].size() < 3 || w[0].size() > 5 || w[0].compare(0, 2, "IK") != 0)
        return make_error("this is not a result code of this kiosk (it should start with IK1)");
    for (std::size_t i = 2; i < w[0].size(); ++i)
        if (!std::isdigit(static_cast<unsigned char>(w[0][i])))
            return make_error("this is not a result code of this kiosk (it should start with IK1)");
    if (std::stoi(w[0].substr(2)) != kCodeVersion)
        return make_error("result code version " + w[0].substr(2) + " is not one this kiosk reads (it reads version " +
                          std::to_string(kCodeVersion) + ")");
    if (w.size() != 6)
        return make_error("a result code has 6 parts (IK1, questionnaire, variant, version, date, scores); this one has " +
                          std::to_string(w.size()));
    for (int i = 1; i <= 3; ++i)
        if (!word_ok(w[static_cast<std::size_t>(i)]))
            return make_error("part " + std::to_string(i + 1) + " of the result code ('" + w[static_cast<std::size_t>(i)] +
                              "') has characters a result code never holds");
    const std::string& d = w[4];
    bool digits = d.size() == 8;
    for (char ch : d) digits = digits && std::isdigit(static_cast<unsigned char>(ch));
    if (!digits) return make_error("the date of the result code ('" + d + "') is not a date written YYYYMMDD");
    int y = std::stoi(d.substr(0, 4)), m = std::stoi(d.substr(4, 2)), dd = std::stoi(d.substr(6, 2));
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 2000 || m < 1 || m > 12 || dd < 1 || dd > kDays[m - 1] + (m == 2 && leap(y) ? 1 : 0))
        return make_error("the date of the result code ('" + d + "') is not a real date");
    const std::string& marks = w[5];
    if (marks.size() != q::scoring_domains().size())
        return make_error("the scores of the result code ('" + marks + "') should have " +
                          std::to_string(q::scoring_domains().size()) + " marks, one per domain");
    ResultCode c;
    c.family = lower(w[1]);
    c.variant = w[2] == "-" ? "" : lower(w[2]);
    c.version = w[3] == "-" ? "" : lower(w[3]);
    c.day = d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2);
    for (char ch : marks) {
        if (ch == '-') c.scores.push_back(std::nullopt);
        else if (ch == 'A') c.scores.push_back(10);
        else if (ch >= '0' && ch <= '9') c.scores.push_back(ch - '0');
        else
            return make_error(std::string("the scores of the result code ('") + marks + "') hold '" + ch +
                              "': a score is 0-9, A for 10, or - for none");
    }
    bool any = false;
    for (const auto& s : c.scores) any = any || s.has_value();
    if (!any) return make_error("the result code holds no score at all");
    return c;
}

}  // namespace kiosk::takehome
