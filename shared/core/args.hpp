// A small command-line parser shared by our tools: declared flags only, so an
// unknown flag is an error that names it.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace kiosk {

struct ParsedArgs {
    std::map<std::string, std::string> values;  // "--out" -> "x"
    std::set<std::string> switches;             // "--auto"
    std::vector<std::string> positional;

    bool has(const std::string& flag) const { return switches.count(flag) || values.count(flag); }
    std::optional<std::string> get(const std::string& flag) const {
        auto it = values.find(flag);
        if (it == values.end()) return std::nullopt;
        return it->second;
    }
    std::string get_or(const std::string& flag, const std::string& fallback) const {
        auto v = get(flag);
        return v ? *v : fallback;
    }
};

// value_flags take one value ("--out FILE" or "--out=FILE"); switch_flags
// take none. "--help"/"-h" is always accepted as a switch.
Result<ParsedArgs> parse_args(const std::vector<std::string>& args,
                              const std::set<std::string>& value_flags,
                              const std::set<std::string>& switch_flags);

// "1280x800" -> 1280, 800; false for anything else or a size outside
// 320..7680 (the kiosk's --size and kioskctl preview's).
bool parse_size(const std::string& s, int& w, int& h);

}  // namespace kiosk
