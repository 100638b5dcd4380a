#include "core/printable.hpp"

#include <cstdio>

namespace kiosk {

namespace {

// Length of a valid UTF-8 sequence starting at text[i] that is not a C1
// control, or 0 when the byte must be escaped.
std::size_t safe_sequence(std::string_view t, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(t[k]); };
    const unsigned char c = b(i);
    if (c >= 0x20 && c < 0x7f) return 1;
    if (c < 0x80) return 0;
    std::size_t n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 0;
    if (n == 0 || i + n > t.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((b(i + k) & 0xc0) != 0x80) return 0;
    if (n == 2 && c == 0xc2 && b(i + 1) < 0xa0) return 0;  // U+0080..U+009F: C1 controls
    if (n == 3 && c == 0xe0 && b(i + 1) < 0xa0) return 0;  // overlong
    if (n == 3 && c == 0xed && b(i + 1) >= 0xa0) return 0;  // surrogates
    if (n == 4 && c == 0xf0 && b(i + 1) < 0x90) return 0;  // overlong
    if (n == 4 && c == 0xf4 && b(i + 1) >= 0x90) return 0;  // past U+10FFFF
    return n;
}

}  // namespace

std::string printable_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (std::size_t n = safe_sequence(text, i)) {
            out.append(text.substr(i, n));
            i += n;
            continue;
        }
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (c == '\r') out += "\\r";
        else {
            char buf[5];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
        ++i;
    }
    return out;
}

bool is_printable_text(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        std::size_t n = safe_sequence(text, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

}  // namespace kiosk
