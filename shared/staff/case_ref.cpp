#include "staff/case_ref.hpp"

#include <cctype>

namespace kiosk::staff {

bool passes_eleven_test(const std::string& in) {
    std::string d = in.size() == 8 ? "0" + in : in;
    if (d.size() != 9) return false;
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += (9 - i) * (d[static_cast<std::size_t>(i)] - '0');
    sum -= d[8] - '0';
    return sum % 11 == 0 && d != "000000000";
}

std::string check_case_reference(std::string& ref) {
    while (!ref.empty() && std::isspace(static_cast<unsigned char>(ref.back()))) ref.pop_back();
    while (!ref.empty() && std::isspace(static_cast<unsigned char>(ref.front()))) ref.erase(0, 1);
    if (ref.empty()) return "";
    // Any run of digits, ignoring the separators people write a BSN with.
    std::string digits;
    auto check_run = [&] {
        bool bsn = (digits.size() == 9 || digits.size() == 8) && passes_eleven_test(digits);
        digits.clear();
        return bsn;
    };
    for (char c : ref) {
        if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
        else if (c == '.' || c == ' ') continue;
        else if (check_run()) return "assist.case-bsn";
    }
    if (check_run()) return "assist.case-bsn";
    for (char& c : ref) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    // 2-4 letters, a dash, 3-10 digits.
    std::size_t i = 0;
    while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') ++i;
    if (i < 2 || i > 4 || i >= ref.size() || ref[i] != '-') return "assist.case-format";
    std::size_t n = ref.size() - i - 1;
    if (n < 3 || n > 10) return "assist.case-format";
    for (std::size_t k = i + 1; k < ref.size(); ++k)
        if (!std::isdigit(static_cast<unsigned char>(ref[k]))) return "assist.case-format";
    return "";
}

}  // namespace kiosk::staff
