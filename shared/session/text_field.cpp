#include "session/text_field.hpp"

#include <sodium.h>

#include "core/utf8.hpp"

namespace kiosk {

void wipe_text(std::string& s) {
    if (!s.empty()) sodium_memzero(s.data(), s.size());
    s.clear();
}

std::size_t char_count(std::string_view s) {
    return utf8::length(s);
}

void erase_last_char(std::string& s) {
    if (s.empty()) return;
    const std::size_t i = utf8::last_char_start(s);
    sodium_memzero(s.data() + i, s.size() - i);
    s.resize(i);
}

void type_into(std::string& field, std::string_view utf8, const FieldRules& rules, bool& shift) {
    std::size_t chars = char_count(field);
    for (std::size_t i = 0; i < utf8.size();) {
        unsigned char c = static_cast<unsigned char>(utf8[i]);
        std::size_t len = utf8::sequence_length(c);
        if (len == 0) len = 1;  // a stray byte goes in alone
        if ((c != '\n' || rules.newlines) && chars < rules.max_chars) {
            std::string piece(utf8.substr(i, len));
            if (shift) {
                if (len == 1 && c >= 'a' && c <= 'z') piece[0] = static_cast<char>(c - 32);
                // Latin-1 lower-case letters are two bytes C3 A0-BE (but C3 B7 is ÷); upper case is C3 80-9E.
                else if (len == 2 && c == 0xC3 && piece.size() == 2 && static_cast<unsigned char>(piece[1]) >= 0xA0 &&
                         static_cast<unsigned char>(piece[1]) != 0xB7)
                    piece[1] = static_cast<char>(static_cast<unsigned char>(piece[1]) - 0x20);
                shift = false;
            }
            field += piece;
            ++chars;
        }
        i += len;
    }
}

bool paste_into(std::string& field, std::string_view text, std::size_t max_bytes) {
    if (field.size() + text.size() > max_bytes) return false;
    field += text;
    return true;
}

}  // namespace kiosk
