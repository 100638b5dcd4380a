// One typed field: what the on-screen keyboard, a USB keyboard or a USB
// scanner types into the keyboard screen, the contact detail, the assist
// setup's case reference and note, the enrollment paste and the scanned
// code. UTF-8 arrives in pieces; a one-shot capital key; a limit; and a
// field is wiped (sodium_memzero) when a character is taken back or the
// field is cleared, because what residents and staff type is a secret.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kiosk {

struct FieldRules {
    std::size_t max_chars = 500;  // in characters (UTF-8 code points), not bytes
    bool newlines = false;        // keep a typed newline (a text item); else it is dropped
};

// Appends utf8 one character at a time while the field holds fewer than
// max_chars. With shift on, the next letter appended is a capital (a-z, and
// the Latin-1 letters such as é -> É) and shift goes off.
void type_into(std::string& field, std::string_view utf8, const FieldRules& rules, bool& shift);
// A paste or a scanner's burst, taken whole while the field stays within
// max_bytes (else not at all). Returns whether it was taken.
bool paste_into(std::string& field, std::string_view text, std::size_t max_bytes);
// Takes the last character back (all of its bytes), wiping them.
void erase_last_char(std::string& field);
// Wipes and empties a secret string.
void wipe_text(std::string& s);
// Characters (UTF-8 code points) in s.
std::size_t char_count(std::string_view s);

}  // namespace kiosk
