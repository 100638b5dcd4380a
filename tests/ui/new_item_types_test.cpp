// The item types real published forms brought (issue 16) on the kiosk's own
// screens, headless, at 200 % text on the library's 1280x800 and a portrait
// 800x1280: a quantity's unit chosen by touch, open-choice's "Something else"
// typed on the keyboard. Every target big enough, every text readable.
// KIOSK_DOCS_SHOTS=<dir> keeps the screenshots (kiosk/docs/new-item-types/).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "test_support.hpp"
#include "ui_harness.hpp"

namespace fs = std::filesystem;
using namespace kiosk::test;

namespace {
// Content: our own SDC fixture (every new item type), with the shipped referrals and icons.
fs::path features_content(const TempDir& dir) {
    const fs::path content = dir / "content";
    fs::create_directories(content / "questionnaires");
    fs::copy(fs::path(KIOSK_SOURCE_DIR) / "assets" / "referrals", content / "referrals", fs::copy_options::recursive);
    fs::copy(fs::path(KIOSK_SOURCE_DIR) / "assets" / "icons", content / "icons", fs::copy_options::recursive);
    fs::copy_file(fs::path(KIOSK_TEST_DATA_DIR) / "questionnaires" / "sdc" / "features.json",
                  content / "questionnaires" / "features.json");
    return content;
}

// Runs `script` on the SDC fixture at `size` (200 % text, a 189 dpi screen so
// 9 mm is known), checks every dump in `dumps` for target size, contrast and
// glyphs, and keeps the `shots` for the docs when KIOSK_DOCS_SHOTS is set.
void run_features(const TempDir& dir, const std::string& size, const std::string& script,
                  std::initializer_list<const char*> dumps, std::initializer_list<const char*> shots) {
    const fs::path content = features_content(dir);
    auto r = run_kiosk_script(dir, script, size, {"--dpi", "189", "--content", content.string(), "--lang", "en"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const double nine_mm = 9.0 / 25.4 * 189;
    for (const char* dump : dumps) {
        INFO(dump);
        const auto ui = read_json(dir / dump);
        check_targets_and_contrast(ui, 4.5, nine_mm);
        CHECK(ui["missing_glyphs"].empty());
    }
    if (const char* docs = std::getenv("KIOSK_DOCS_SHOTS")) {
        fs::create_directories(docs);
        const std::string tag = size == "1280x800" ? "landscape" : "portrait";
        for (const char* shot : shots)
            fs::copy_file(dir / (std::string(shot) + ".png"), fs::path(docs) / (tag + "-200-" + shot + ".png"),
                          fs::copy_options::overwrite_existing);
    }
}
}  // namespace

TEST_CASE("a quantity's unit and open-choice's own words are answered by touch at 200 % in both orientations", "[ui]") {
    for (const std::string size : {"1280x800", "800x1280"}) {
        INFO(size);
        TempDir dir("new-types");
        const std::string script =
            "tap text-size.200\ntap start\ntap consent.agree\ntap next\ntap skip\n"
            "expect-screen keyboard\ntap unit.1\ntype 160\nexpect-text 160|  pound\nscreenshot quantity.png\ndump-ui quantity.json\n"
            "tap next\ntap skip\nexpect-screen question\nscreenshot open-choice.png\ndump-ui open-choice.json\n"
            "tap answer.other\nexpect-screen keyboard\ntype A goldfish\nscreenshot open-choice-own-words.png\ndump-ui own-words.json\n"
            "tap next\nexpect-screen keyboard\ntap back\nexpect-screen question\ndump-ui back.json\n"
            "tap back\ntap back\nexpect-screen keyboard\ndump-ui weight-again.json\n";
        run_features(dir, size, script, {"quantity.json", "open-choice.json", "own-words.json", "back.json"},
                     {"quantity", "open-choice", "open-choice-own-words"});
        auto q = read_json(dir / "quantity.json");
        REQUIRE(find_widget(q, "unit.0"));
        CHECK((*find_widget(q, "unit.0"))["label"] == "kg");
        CHECK((*find_widget(q, "unit.1"))["label"] == "pound");
        auto oc = read_json(dir / "open-choice.json");
        REQUIRE(find_widget(oc, "answer.other"));
        CHECK((*find_widget(oc, "answer.other"))["label"] == "Something else: type it yourself");
        // Back on the question: the own words are the answer, shown on the button.
        auto back = read_json(dir / "back.json");
        REQUIRE(find_widget(back, "answer.other"));
        CHECK((*find_widget(back, "answer.other"))["label"] == "Something else: A goldfish");
        // Back on the amount: still in pounds.
        auto again = read_json(dir / "weight-again.json");
        REQUIRE(find_widget(again, "unit.1"));
        CHECK((*find_widget(again, "unit.1"))["bg_rgb"] != (*find_widget(again, "unit.0"))["bg_rgb"]);
    }
}

TEST_CASE("a time, a date with a time and a decimal are typed by touch, with the format said before and after a mistake", "[ui]") {
    // The hint says what to type for a time ("like 21:30") before anything
    // is typed; a mistake says it again in red (it said "a date" for a time
    // before). Read aloud says the same sentence. Every target stays big
    // enough at 200 % in both orientations.
    for (const std::string size : {"1280x800", "800x1280"}) {
        INFO(size);
        TempDir dir("typed-formats");
        // intro, age (skip), weight (skip), height: 172,5 typed with the
        // decimal comma key, pet (skip), then the bedtime.
        const std::string script =
            "tap text-size.200\ntap start\ntap consent.agree\ntap next\ntap skip\nexpect-screen keyboard\ntap skip\n"
            "expect-text How tall are you\ntap key.1\ntap key.7\ntap key.2\ntap key.,\ntap key.5\nexpect-text 172,5\n"
            "screenshot decimal.png\ndump-ui decimal.json\ntap next\nexpect-screen question\ntap skip\n"
            "expect-text When do you go to bed\nexpect-text Type a time like 21:30.\nscreenshot time.png\ndump-ui time.json\n"
            "tap key.2\ntap key.5\ntap key.:\ntap key.0\ntap key.0\ntap next\nexpect-text Type a time like 21:30.\n"
            "expect-no-text Type a date like\ndump-ui time-refused.json\n"
            "tap key.backspace\ntap key.backspace\ntap key.backspace\ntap key.backspace\ntap key.backspace\n"
            "tap key.2\ntap key.2\ntap key.:\ntap key.3\ntap key.0\ntap next\n"
            "expect-text When did you last see a doctor\nexpect-text Type a date and time like 29-11-2026 14:30.\n"
            "screenshot date-time.png\ndump-ui date-time.json\n";
        run_features(dir, size, script, {"decimal.json", "time.json", "time-refused.json", "date-time.json"},
                     {"decimal", "time", "date-time"});
        // The refusal is the danger colour, the hint before it is not.
        auto colour_of = [&](const char* dump, const std::string& text) {
            const auto ui = read_json(dir / dump);
            for (const auto& t : ui["texts"])  // its first line, when it wraps
                if (t["text"].get<std::string>().rfind(text, 0) == 0) return t["text_rgb"];
            return nlohmann::json();
        };
        const std::string hint = "Type a time";
        REQUIRE_FALSE(colour_of("time.json", hint).is_null());
        REQUIRE_FALSE(colour_of("time-refused.json", hint).is_null());
        CHECK(colour_of("time.json", hint) != colour_of("time-refused.json", hint));
    }
}
