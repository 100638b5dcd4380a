// The welcome screen, headless: what a resident sees first.
#include <catch2/catch.hpp>
#include <stb_image.h>

#include <set>

#include "a11y/contrast.hpp"
#include "ui_harness.hpp"

using namespace kiosk::test;

TEST_CASE("the welcome screen renders headless as a non-blank PNG with its texts") {
    TempDir dir("welcome");
    auto r = run_kiosk_script(dir, "screenshot out.png\ndump-ui ui.json\nquit\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);

    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load((dir / "out.png").c_str(), &w, &h, &n, 4);
    REQUIRE(px != nullptr);
    CHECK(w == 1280);
    CHECK(h == 800);
    std::set<unsigned> colours;
    for (int i = 0; i < w * h; i += 97) {
        unsigned c = static_cast<unsigned>(px[i * 4]) << 16 | static_cast<unsigned>(px[i * 4 + 1]) << 8 | px[i * 4 + 2];
        colours.insert(c);
    }
    stbi_image_free(px);
    CHECK(colours.size() > 10);  // text and buttons, not one flat colour

    auto ui = read_json(dir / "ui.json");
    CHECK(ui["screen"] == "welcome");
    CHECK(ui["size"] == nlohmann::json({1280, 800}));
    for (const char* id : {"start", "lang.nl", "lang.en"}) {
        const auto* wdg = find_widget(ui, id);
        REQUIRE(wdg);
        CHECK((*wdg)["rect"].size() == 4);
        CHECK((*wdg)["rect"][2].get<int>() > 0);
        CHECK((*wdg)["text_rgb"].size() == 3);
        CHECK((*wdg)["bg_rgb"].size() == 3);
    }
    CHECK((*find_widget(ui, "start"))["label"] == "Beginnen");
    bool has_title = false;
    for (const auto& t : ui["texts"]) has_title |= t["text"] == "Welkom";
    CHECK(has_title);
}

TEST_CASE("the language switch turns the welcome screen into English and back") {
    TempDir dir("lang");
    auto r = run_kiosk_script(dir,
                              "expect-text Welkom\n"
                              "tap lang.en\nexpect-text Welcome\nexpect-no-text Welkom\n"
                              "tap Nederlands\nexpect-text Welkom\nquit\n");
    INFO(r.err);
    CHECK(r.exit_code == 0);
}

TEST_CASE("switching through every language mid-questionnaire draws every glyph of each") {
    // The atlas is kept when a language needs the same glyphs (Dutch,
    // English, Turkish, Polish) and rebuilt when not: either way nothing is
    // drawn without its glyph, on the welcome screen and in a question.
    TempDir dir("lang-glyphs");
    std::string script = "tap start\ntap choose.howareyou-short\ntap consent.agree\ntap next\ntap next\n";
    std::vector<std::string> dumps;
    for (const char* lang : {"en", "tr", "pl", "uk", "ar", "ti", "nl", "en", "ar", "pl"}) {
        dumps.push_back(std::string("q-") + std::to_string(dumps.size()) + "-" + lang + ".json");
        script += std::string("tap lang.") + lang + "\nexpect-screen question\ndump-ui " + dumps.back() + "\n";
    }
    auto r = run_kiosk_script(dir, script + "quit\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    for (const auto& d : dumps) {
        INFO(d);
        const auto ui = read_json(dir / d);
        CHECK(ui["missing_glyphs"].empty());
        CHECK(find_widget(ui, "answer.5"));
    }
}

TEST_CASE("starting with the English flag shows English") {
    TempDir dir("lang-en");
    auto r = run_kiosk_script(dir, "expect-text Welcome\ndump-ui ui.json\n", "1280x800", {"--lang", "en"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK((*find_widget(read_json(dir / "ui.json"), "start"))["label"] == "Start");
}

TEST_CASE("welcome and PIN and staff and still-here screens meet target size and contrast at every size and text scale and theme") {
    for (std::string size : {"1280x800", "1920x1080", "800x1280"}) {
        for (int pct : {100, 150, 200}) {
            for (bool hc : {false, true}) {
                TempDir dir("a11y");
                std::string script = "tap text-size." + std::to_string(pct) + "\n";
                if (hc) script += "tap contrast.high\n";
                script += "dump-ui welcome.json\nhold staff.corner 3s\nexpect-screen pin\ndump-ui pin.json\n"
                          "tap pin.1\ntap pin.2\ntap pin.3\ntap pin.4\ntap pin.ok\nexpect-screen staff\ndump-ui staff.json\n"
                          "tap staff.back\ntap start\ntap choose.howareyou-short\nadvance 91s\n"
                          "expect-screen still-here\ndump-ui still-here.json\n";
                auto r = run_kiosk_script(dir, script, size);
                INFO(size << " " << pct << "% hc=" << hc << ": " << r.err);
                REQUIRE(r.exit_code == 0);
                check_targets_and_contrast(read_json(dir / "welcome.json"), hc ? 7.0 : 4.5);
                for (const char* screen : {"pin.json", "staff.json", "still-here.json"})
                    check_targets_and_contrast(read_json(dir / screen), hc ? 7.0 : 4.5);
            }
        }
    }
}
