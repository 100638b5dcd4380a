// shared/text/bidi: logical text to visual lines, checked against FriBidi's
// own one-call answer (fribidi_log2vis: bidi algorithm, mirroring, Arabic
// joining and shaping) and against forms read off the Unicode tables by hand.
#include <catch2/catch.hpp>
#include <fribidi.h>

#include <algorithm>
#include <sstream>

#include "text/bidi.hpp"

using kiosk::text::Direction;
using kiosk::text::to_u32;
using kiosk::text::to_utf8;
using kiosk::text::visual;
using kiosk::text::visual_lines;

namespace {

bool is_mark(char32_t c) { return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x06D6 && c <= 0x06ED); }

// FriBidi's own visual string for one line, minus what is never drawn
// (the filler a lam-alef ligature leaves, bidi marks, joiners), and with
// each Arabic mark before its letter rather than after it (log2vis always
// reorders marks after their base; we draw them before it, see bidi.cpp).
std::string oracle(const std::string& line, Direction dir) {
    std::u32string in = to_u32(line);
    std::u32string out(in.size(), 0);
    FriBidiParType base = dir == Direction::Rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
    REQUIRE(fribidi_log2vis(reinterpret_cast<const FriBidiChar*>(in.data()), static_cast<FriBidiStrIndex>(in.size()),
                            &base, reinterpret_cast<FriBidiChar*>(out.data()), nullptr, nullptr, nullptr) > 0);
    out.erase(std::remove_if(out.begin(), out.end(),
                             [](char32_t c) {
                                 return c == 0xFEFF || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
                                        (c >= 0x2066 && c <= 0x2069) || c == 0x061C;
                             }),
              out.end());
    for (std::size_t i = 1; i < out.size(); ++i) {
        if (!is_mark(out[i]) || is_mark(out[i - 1])) continue;
        std::size_t j = i;
        while (j < out.size() && is_mark(out[j])) ++j;
        std::rotate(out.begin() + static_cast<std::ptrdiff_t>(i - 1), out.begin() + static_cast<std::ptrdiff_t>(i),
                    out.begin() + static_cast<std::ptrdiff_t>(j));  // base, marks -> marks, base
        i = j;
    }
    return to_utf8(out);
}

std::vector<std::string> words(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> w;
    for (std::string x; in >> x;) w.push_back(x);
    return w;
}

float one_per_char(char32_t) { return 1.0f; }

const std::string kArabicSentence =
    "مرحبا بكم في الكشك. أجيبوا عن بعض الأسئلة القصيرة عن حياتكم اليومية، ثم تحدثوا مع موظف إذا أردتم ذلك.";

}  // namespace

TEST_CASE("an Arabic word is joined and drawn right to left: the forms of the Unicode tables") {
    // سلام: seen initial (FEB3), lam + alef as one ligature, final (FEFC),
    // meem isolated (FEE1, an alef never joins to what follows); drawn
    // right to left, so meem comes first from the left.
    CHECK(to_u32(visual("سلام", Direction::Rtl)) == std::u32string{0xFEE1, 0xFEFC, 0xFEB3});
    // كتاب: kaf initial, teh medial, alef final, beh isolated.
    CHECK(to_u32(visual("كتاب", Direction::Rtl)) == std::u32string{0xFE8F, 0xFE8E, 0xFE98, 0xFEDB});
}

TEST_CASE("single lines are what FriBidi itself makes of them") {
    const std::vector<std::pair<std::string, Direction>> cases{
        {kArabicSentence, Direction::Rtl},
        {"اتصلوا بالرقم 113 أو 0800-0113 في أي وقت", Direction::Rtl},   // numbers keep their order
        {"اسم المنظمة: Buurtteam Voorbeeldstad (الحي)", Direction::Rtl},  // a Latin name, mirrored brackets
        {"السؤال 4 من 17", Direction::Rtl},
        {"Taal: العربية, 4 van 17", Direction::Ltr},
        {"لا بأس، لا إله", Direction::Rtl},  // lam-alef ligatures with hamza and kasra forms
        {"أفضّل ألّا أقول، أهلًا وسهلًا", Direction::Rtl},  // shadda and tanween marks
        {"Hoe gaat het met u?", Direction::Ltr},
        {"Hoe gaat het met u?", Direction::Rtl},
    };
    for (const auto& [s, dir] : cases) {
        INFO(s);
        CHECK(visual(s, dir) == oracle(s, dir));
    }
}

TEST_CASE("numbers and Latin names keep their reading order inside Arabic") {
    const std::string v = visual("اتصلوا بالرقم 113 أو اسألوا Buurtteam Zuid", Direction::Rtl);
    CHECK(v.find("113") != std::string::npos);
    CHECK(v.find("Buurtteam Zuid") != std::string::npos);
    // Read right to left, 113 comes first, so it is drawn to the right of the name.
    CHECK(v.find("Buurtteam Zuid") < v.find("113"));
}

TEST_CASE("a long Arabic paragraph is wrapped on the logical text, then each line is reordered") {
    const float width = 30;
    const auto lines = visual_lines(kArabicSentence, Direction::Rtl, width, one_per_char);
    REQUIRE(lines.size() >= 3);
    // Every line fits, and the lines are the sentence's words in order, line
    // by line: each line is FriBidi's visual of the next run of logical words.
    const auto w = words(kArabicSentence);
    std::size_t next = 0;
    for (const auto& line : lines) {
        INFO(line);
        CHECK(to_u32(line).size() <= static_cast<std::size_t>(width));
        bool found = false;
        std::string logical;
        for (std::size_t k = next; k < w.size() && !found; ++k) {
            logical += (k > next ? " " : "") + w[k];
            if (oracle(logical, Direction::Rtl) == line) {
                found = true;
                next = k + 1;
            }
        }
        CHECK(found);
    }
    CHECK(next == w.size());
    // The first words of the sentence are on the first line (top), at its right end.
    CHECK(lines.front().find(visual(w[0], Direction::Rtl)) + visual(w[0], Direction::Rtl).size() == lines.front().size());
}

TEST_CASE("explicit newlines start paragraphs, and a word wider than the line is broken") {
    auto lines = visual_lines("سلام\n\nكتاب", Direction::Rtl, 100, one_per_char);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == visual("سلام", Direction::Rtl));
    CHECK(lines[1].empty());
    CHECK(lines[2] == visual("كتاب", Direction::Rtl));
    auto broken = visual_lines("abcdefgh", Direction::Ltr, 3, one_per_char);
    CHECK(broken == std::vector<std::string>{"abc", "def", "gh"});
}

TEST_CASE("only right-to-left text needs the bidi path: Cyrillic, Ethiopic, Turkish and Polish do not") {
    CHECK(kiosk::text::needs_bidi("مرحبا"));
    CHECK(kiosk::text::needs_bidi("Welkom, مرحبا"));
    CHECK_FALSE(kiosk::text::needs_bidi("Як ви почуваєтеся?"));
    CHECK_FALSE(kiosk::text::needs_bidi("ከመይ ኣሎኹም?"));
    CHECK_FALSE(kiosk::text::needs_bidi("Nasılsınız? Şimdi, ğ ı İ"));
    CHECK_FALSE(kiosk::text::needs_bidi("Jak się Pan czuje? żółć"));
    CHECK_FALSE(kiosk::text::needs_bidi("Hoe gaat het — één “twee” €"));
    // And drawn as they are.
    CHECK(visual("Як ви почуваєтеся?", Direction::Ltr) == "Як ви почуваєтеся?");
    CHECK(visual("ከመይ ኣሎኹም?", Direction::Ltr) == "ከመይ ኣሎኹም?");
}

TEST_CASE("the glyphs Arabic text needs are its presentation forms, not the letters as typed") {
    const auto cps = kiosk::text::drawn_code_points("سلام كتاب");
    CHECK(std::find(cps.begin(), cps.end(), char32_t{0xFEFC}) != cps.end());  // lam-alef final
    CHECK(std::find(cps.begin(), cps.end(), char32_t{0x0644}) == cps.end());  // no bare lam left
    CHECK(std::find(cps.begin(), cps.end(), char32_t{0xFEFF}) == cps.end());  // the filler is never drawn
}

TEST_CASE("a mark is drawn before its letter, so a mark without advance lands on it") {
    // أفضّل: shadda (U+0651) on dad. Drawn left to right: lam, shadda, dad, feh, alef.
    const auto v = to_u32(visual("أفضّل", Direction::Rtl));
    REQUIRE(v.size() == 5);
    CHECK(v[1] == 0x0651);
    CHECK(v[2] == 0xFEC0);  // dad medial
}
