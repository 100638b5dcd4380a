// UTF-8 written once (shared/core/utf8): what the text field, bidi, the
// content lint, FHIRPath's length() and the interview's maxLength count on.
#include <catch2/catch.hpp>

#include "core/utf8.hpp"

using namespace kiosk;

TEST_CASE("utf8 decodes one to four byte characters and encodes them back byte for byte") {
    const std::string s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";  // a é € 😀
    const std::u32string cps = utf8::decode(s);
    REQUIRE(cps.size() == 4);
    CHECK(cps[0] == U'a');
    CHECK(cps[1] == 0xE9);
    CHECK(cps[2] == 0x20AC);
    CHECK(cps[3] == 0x1F600);
    CHECK(utf8::encode(cps) == s);
    CHECK(utf8::decode_at(s, 1).size == 2);
    CHECK(utf8::decode_at(s, 3).size == 3);
    CHECK(utf8::decode_at(s, 6).size == 4);
    std::string out;
    utf8::append(out, 0x0627);  // Arabic alef
    CHECK(out == "\xD8\xA7");
}

TEST_CASE("utf8 turns a broken or cut sequence into U+FFFD one byte at a time") {
    // A stray continuation byte, a lead byte with no continuation, 0xFF, and a cut 3-byte sequence.
    const std::u32string cps = utf8::decode(std::string("\x80" "x" "\xC3" "y" "\xFF" "\xE2\x82", 7));
    REQUIRE(cps.size() == 7);
    CHECK(cps[0] == utf8::kReplacement);
    CHECK(cps[1] == U'x');
    CHECK(cps[2] == utf8::kReplacement);
    CHECK(cps[3] == U'y');
    CHECK(cps[4] == utf8::kReplacement);
    CHECK(cps[5] == utf8::kReplacement);
    CHECK(cps[6] == utf8::kReplacement);
    CHECK(utf8::decode("").empty());
}

TEST_CASE("utf8 counts characters, not bytes, and finds where the last one starts") {
    CHECK(utf8::length("") == 0);
    CHECK(utf8::length("abc") == 3);
    CHECK(utf8::length("\xC3\xA9t\xC3\xA9") == 3);           // été
    CHECK(utf8::length("\xF0\x9F\x98\x80!") == 2);
    CHECK(utf8::last_char_start("") == 0);
    CHECK(utf8::last_char_start("ab") == 1);
    CHECK(utf8::last_char_start("a\xE2\x82\xAC") == 1);      // a€: backspace removes 3 bytes
    CHECK(utf8::last_char_start("\xF0\x9F\x98\x80") == 0);
    CHECK(utf8::sequence_length('a') == 1);
    CHECK(utf8::sequence_length(0xC3) == 2);
    CHECK(utf8::sequence_length(0xE2) == 3);
    CHECK(utf8::sequence_length(0xF0) == 4);
    CHECK(utf8::sequence_length(0x80) == 0);
    CHECK(utf8::sequence_length(0xF8) == 0);
}

TEST_CASE("utf8 shortens a text between characters, never inside one") {
    using kiosk::utf8::shorten;
    CHECK(shorten("short", 10) == "short");
    CHECK(shorten("abcdefghijkl", 10) == "abcdefg...");
    // Arabic letters are two bytes each: a byte cut at 7 would split the fourth.
    const std::string arabic = "\xd8\xb3\xd8\xa4\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa4\xd8\xa7\xd9\x84";  // 8 letters
    const std::string cut = shorten(arabic, 6);
    CHECK(cut == arabic.substr(0, 6) + "...");  // 3 letters, 6 bytes
    CHECK(kiosk::utf8::encode(kiosk::utf8::decode(cut)) == cut);
    CHECK(shorten(arabic, 8) == arabic);
}
