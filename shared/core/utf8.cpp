#include "core/utf8.hpp"

namespace kiosk::utf8 {

Decoded decode_at(std::string_view s, std::size_t i) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t len = sequence_length(b);
    if (len == 0 || i + len > s.size()) return {};
    if (len == 1) return {b, 1};
    char32_t c = len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < len; ++k) {
        const auto cb = static_cast<unsigned char>(s[i + k]);
        if (!is_continuation(cb)) return {};
        c = (c << 6) | (cb & 0x3F);
    }
    return {c, len};
}

std::u32string decode(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const Decoded d = decode_at(s, i);
        out.push_back(d.code_point);
        i += d.size;
    }
    return out;
}

void append(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

std::string encode(std::u32string_view code_points) {
    std::string out;
    out.reserve(code_points.size());
    for (char32_t c : code_points) append(out, c);
    return out;
}

std::size_t length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += !is_continuation(c);
    return n;
}

std::size_t last_char_start(std::string_view s) {
    if (s.empty()) return 0;
    std::size_t i = s.size() - 1;
    while (i > 0 && is_continuation(static_cast<unsigned char>(s[i]))) --i;
    return i;
}

std::string shorten(std::string_view s, std::size_t max_chars) {
    if (length(s) <= max_chars) return std::string(s);
    const std::size_t keep = max_chars > 3 ? max_chars - 3 : 0;
    std::size_t i = 0;
    for (std::size_t n = 0; n < keep && i < s.size(); ++n) i += decode_at(s, i).size;
    return std::string(s.substr(0, i)) + "...";
}

}  // namespace kiosk::utf8
