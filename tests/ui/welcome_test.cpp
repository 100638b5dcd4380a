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

TEST_CASE("starting with the English flag shows English") {
    TempDir dir("lang-en");
    auto r = run_kiosk_script(dir, "expect-text Welcome\ndump-ui ui.json\n", "1280x800", {"--lang", "en"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK((*find_widget(read_json(dir / "ui.json"), "start"))["label"] == "Start");
}

static void check_targets_and_contrast(const nlohmann::json& ui, double text_bar) {
    using kiosk::a11y::contrast_ratio;
    auto rgb = [](const nlohmann::json& j) { return kiosk::a11y::Rgb{j[0].get<int>(), j[1].get<int>(), j[2].get<int>()}; };
    int W = ui["size"][0], H = ui["size"][1];
    for (const auto& w : ui["widgets"]) {
        INFO("widget " << w["id"] << " on " << ui["screen"] << " at " << W << "x" << H);
        const auto& r = w["rect"];
        CHECK(r[3].get<int>() >= 64);
        CHECK(r[2].get<int>() >= 64);
        CHECK(r[0].get<int>() >= 0);
        CHECK(r[1].get<int>() >= 0);
        CHECK(r[0].get<int>() + r[2].get<int>() <= W);
        CHECK(r[1].get<int>() + r[3].get<int>() <= H);
        if (w["kind"] != "hold") CHECK(contrast_ratio(rgb(w["text_rgb"]), rgb(w["bg_rgb"])) >= text_bar);
    }
    for (const auto& t : ui["texts"]) {
        INFO("text '" << t["text"] << "' on " << ui["screen"] << " at " << W << "x" << H);
        const auto& r = t["rect"];
        CHECK(r[0].get<int>() >= 0);
        CHECK(r[1].get<int>() >= 0);
        CHECK(r[0].get<int>() + r[2].get<int>() <= W);
        CHECK(r[1].get<int>() + r[3].get<int>() <= H);
        CHECK(contrast_ratio(rgb(t["text_rgb"]), rgb(t["bg_rgb"])) >= text_bar);
    }
    // Targets at least 8 px apart: no two interactive rectangles closer.
    const auto& ws = ui["widgets"];
    for (std::size_t i = 0; i < ws.size(); ++i)
        for (std::size_t j = i + 1; j < ws.size(); ++j) {
            const auto& a = ws[i]["rect"];
            const auto& b = ws[j]["rect"];
            int gap_x = std::max(b[0].get<int>() - (a[0].get<int>() + a[2].get<int>()),
                                 a[0].get<int>() - (b[0].get<int>() + b[2].get<int>()));
            int gap_y = std::max(b[1].get<int>() - (a[1].get<int>() + a[3].get<int>()),
                                 a[1].get<int>() - (b[1].get<int>() + b[3].get<int>()));
            INFO(ws[i]["id"] << " vs " << ws[j]["id"]);
            CHECK(std::max(gap_x, gap_y) >= 8);
        }
}

TEST_CASE("welcome and PIN screens meet target size and contrast at every size, text scale and theme") {
    for (std::string size : {"1280x800", "1920x1080", "800x1280"}) {
        for (int pct : {100, 150, 200}) {
            for (bool hc : {false, true}) {
                TempDir dir("a11y");
                std::string script = "tap text-size." + std::to_string(pct) + "\n";
                if (hc) script += "tap contrast.high\n";
                script += "dump-ui welcome.json\nhold staff.corner 3s\nexpect-screen pin\ndump-ui pin.json\n";
                auto r = run_kiosk_script(dir, script, size);
                INFO(size << " " << pct << "% hc=" << hc << ": " << r.err);
                REQUIRE(r.exit_code == 0);
                check_targets_and_contrast(read_json(dir / "welcome.json"), hc ? 7.0 : 4.5);
                check_targets_and_contrast(read_json(dir / "pin.json"), hc ? 7.0 : 4.5);
            }
        }
    }
}
