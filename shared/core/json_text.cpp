#include "core/json_text.hpp"

#include <algorithm>

namespace kiosk {

namespace {
// Calls on_open / on_close for each bracket outside strings; stops when one returns true.
template <typename Open, typename Close>
void scan(std::string_view text, Open on_open, Close on_close) {
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '{' || c == '[') {
            if (on_open(c)) return;
        } else if (c == '}' || c == ']') {
            if (on_close(c)) return;
        }
    }
}
}  // namespace

int json_depth(std::string_view text, int limit) {
    int depth = 0, deepest = 0;
    scan(
        text,
        [&](char) {
            deepest = std::max(deepest, ++depth);
            return limit >= 0 && deepest > limit;
        },
        [&](char) {
            --depth;
            return false;
        });
    return deepest;
}

bool json_object_closed(std::string_view text) {
    auto start = text.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos || text[start] != '{') return false;
    int depth = 0;
    bool closed = false;
    scan(
        text.substr(start),
        [&](char) {
            ++depth;
            return false;
        },
        [&](char) {
            closed = --depth == 0;
            return closed;
        });
    return closed;
}

}  // namespace kiosk
