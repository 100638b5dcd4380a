// One typed field (session/text_field.hpp): what the keyboard, assist,
// contact and enroll screens type into.
#include <catch2/catch.hpp>

#include "session/text_field.hpp"

using namespace kiosk;

TEST_CASE("a field counts characters, not bytes, and takes a whole character back") {
    std::string f;
    bool shift = false;
    type_into(f, "caf\xC3\xA9 \xE2\x82\xAC", {6}, shift);  // "café €": 6 characters, 9 bytes
    CHECK(f == "caf\xC3\xA9 \xE2\x82\xAC");
    CHECK(char_count(f) == 6);
    type_into(f, "x", {6}, shift);  // full
    CHECK(char_count(f) == 6);
    erase_last_char(f);
    CHECK(f == "caf\xC3\xA9 ");
    erase_last_char(f);
    erase_last_char(f);
    CHECK(f == "caf");
    wipe_text(f);
    CHECK(f.empty());
    erase_last_char(f);  // nothing to take back
    CHECK(f.empty());
}

TEST_CASE("the capital key makes the next letter a capital, also an accented one, and newlines only where allowed") {
    std::string f;
    bool shift = true;
    type_into(f, "ab", {20}, shift);
    CHECK(f == "Ab");
    CHECK_FALSE(shift);
    shift = true;
    type_into(f, "\xC3\xA9", {20}, shift);  // é -> É
    CHECK(f == "Ab\xC3\x89");
    type_into(f, "\nc", {20}, shift);
    CHECK(f == "Ab\xC3\x89" "c");
    type_into(f, "\n", {20, true}, shift);
    CHECK(f.back() == '\n');
}

TEST_CASE("a paste is taken whole or not at all") {
    std::string f = "abc";
    CHECK(paste_into(f, "def", 6));
    CHECK(f == "abcdef");
    CHECK_FALSE(paste_into(f, "g", 6));
    CHECK(f == "abcdef");
}
