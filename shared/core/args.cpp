#include "core/args.hpp"

namespace kiosk {

Result<ParsedArgs> parse_args(const std::vector<std::string>& args,
                              const std::set<std::string>& value_flags,
                              const std::set<std::string>& switch_flags) {
    ParsedArgs out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") {
            out.switches.insert("--help");
            continue;
        }
        if (a.size() > 1 && a[0] == '-' && a != "-") {
            std::string flag = a, value;
            bool inline_value = false;
            if (auto eq = a.find('='); eq != std::string::npos && a.rfind("--", 0) == 0) {
                flag = a.substr(0, eq);
                value = a.substr(eq + 1);
                inline_value = true;
            }
            if (value_flags.count(flag)) {
                if (!inline_value) {
                    if (i + 1 >= args.size())
                        return make_error("option " + flag + " needs a value");
                    value = args[++i];
                }
                out.values[flag] = value;
            } else if (switch_flags.count(flag) && !inline_value) {
                out.switches.insert(flag);
            } else {
                return make_error("unknown option " + a + " (see --help)");
            }
            continue;
        }
        out.positional.push_back(a);
    }
    return out;
}

bool parse_size(const std::string& s, int& w, int& h) {
    auto x = s.find('x');
    if (x == std::string::npos) return false;
    try {
        std::size_t a = 0, b = 0;
        w = std::stoi(s.substr(0, x), &a);
        h = std::stoi(s.substr(x + 1), &b);
        if (a != x || b != s.size() - x - 1) return false;
    } catch (...) {
        return false;
    }
    return w >= 320 && h >= 320 && w <= 7680 && h <= 7680;
}

}  // namespace kiosk
