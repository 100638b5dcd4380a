// UTF-8, written once: decoding to code points, encoding, counting characters
// and finding the last one (a backspace). Lenient like a text field must be:
// a byte that does not start a complete sequence decodes to U+FFFD and moves
// on by one byte, so no input can stop a loop. (core/printable.hpp is the
// strict check for text shown on a terminal.)
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kiosk::utf8 {

constexpr char32_t kReplacement = 0xFFFD;

// A continuation byte (10xxxxxx): never the start of a character.
constexpr bool is_continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

// The sequence length a lead byte announces: 1 (ASCII), 2, 3 or 4; 0 for a
// continuation byte or a byte that starts nothing (0xF8..0xFF).
constexpr std::size_t sequence_length(unsigned char lead) {
    return lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
}

// One code point decoded at a byte offset and the bytes it took (at least 1).
struct Decoded {
    char32_t code_point = kReplacement;
    std::size_t size = 1;
};
// Decodes the character starting at s[i] (i < s.size()); a broken or cut
// sequence gives {U+FFFD, 1}.
Decoded decode_at(std::string_view s, std::size_t i);

// The whole text as code points.
std::u32string decode(std::string_view s);
// Appends one code point (up to U+10FFFF) as UTF-8.
void append(std::string& out, char32_t code_point);
std::string encode(std::u32string_view code_points);

// Characters (code points) in s: the bytes that are not continuations.
std::size_t length(std::string_view s);
// Byte offset where the last character of s starts (0 for an empty s): what
// a backspace removes is s.substr(last_char_start(s)).
std::size_t last_char_start(std::string_view s);
// s when it has at most max_chars characters, else its first max_chars - 3
// characters and "...": cut between characters, never inside one (a byte cut
// leaves a broken letter in Arabic, Cyrillic or an accented word).
std::string shorten(std::string_view s, std::size_t max_chars);

}  // namespace kiosk::utf8
