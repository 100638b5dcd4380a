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

TEST_CASE("a quantity's unit and open-choice's own words are answered by touch at 200 % in both orientations", "[ui]") {
    for (const std::string size : {"1280x800", "800x1280"}) {
        INFO(size);
        TempDir dir("new-types");
        // Content: our own SDC fixture, with the shipped referrals and icons.
        const fs::path content = dir / "content";
        fs::create_directories(content / "questionnaires");
        fs::copy(fs::path(KIOSK_SOURCE_DIR) / "assets" / "referrals", content / "referrals", fs::copy_options::recursive);
        fs::copy(fs::path(KIOSK_SOURCE_DIR) / "assets" / "icons", content / "icons", fs::copy_options::recursive);
        fs::copy_file(fs::path(KIOSK_TEST_DATA_DIR) / "questionnaires" / "sdc" / "features.json", content / "questionnaires" / "features.json");
        const std::string script =
            "tap text-size.200\ntap start\ntap consent.agree\ntap next\ntap skip\n"
            "expect-screen keyboard\ntap unit.1\ntype 160\nexpect-text 160|  pound\nscreenshot quantity.png\ndump-ui quantity.json\n"
            "tap next\ntap skip\nexpect-screen question\nscreenshot open-choice.png\ndump-ui open-choice.json\n"
            "tap answer.other\nexpect-screen keyboard\ntype A goldfish\nscreenshot open-choice-own-words.png\ndump-ui own-words.json\n"
            "tap next\nexpect-screen keyboard\ntap back\nexpect-screen question\ndump-ui back.json\n"
            "tap back\ntap back\nexpect-screen keyboard\ndump-ui weight-again.json\n";
        auto r = run_kiosk_script(dir, script, size, {"--dpi", "189", "--content", content.string(), "--lang", "en"});
        INFO(r.out << r.err);
        REQUIRE(r.exit_code == 0);
        const double nine_mm = 9.0 / 25.4 * 189;
        for (const char* dump : {"quantity.json", "open-choice.json", "own-words.json", "back.json"})
            check_targets_and_contrast(read_json(dir / dump), 4.5, nine_mm);
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
        if (const char* docs = std::getenv("KIOSK_DOCS_SHOTS")) {
            fs::create_directories(docs);
            const std::string tag = size == "1280x800" ? "landscape" : "portrait";
            for (const char* shot : {"quantity", "open-choice", "open-choice-own-words"})
                fs::copy_file(dir / (std::string(shot) + ".png"), fs::path(docs) / (tag + "-200-" + shot + ".png"), fs::copy_options::overwrite_existing);
        }
    }
}
