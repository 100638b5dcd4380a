// The pictograms in assets/icons/: every name the questionnaires' icon list
// (assets/icons/ICONS.md) and the kiosk's own buttons need exists, is a
// 128 x 128 RGBA PNG on a white tile with dark, high-contrast drawing, and
// `kioskdev make-icons` (which drew them) can draw them again.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#include <stb/stb_image.h>
#pragma GCC diagnostic pop

#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kIcons = fs::path(KIOSK_SOURCE_DIR) / "assets" / "icons";

// Buttons of the kiosk itself, on top of what ICONS.md lists for content.
const std::vector<std::string> kUiIcons = {"speaker", "text-size", "contrast", "back",
                                           "next",    "skip",      "globe"};

std::set<std::string> needed_icons() {
    std::set<std::string> names(kUiIcons.begin(), kUiIcons.end());
    std::ifstream f(kIcons / "ICONS.md");
    std::string line;
    std::regex item(R"(^- `([a-z0-9-]+)`)");
    std::smatch m;
    while (std::getline(f, line))
        if (std::regex_search(line, m, item)) names.insert(m[1]);
    return names;
}

// WCAG relative luminance of an sRGB colour.
double luminance(const unsigned char* p) {
    auto lin = [](unsigned char c) {
        double v = c / 255.0;
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * lin(p[0]) + 0.7152 * lin(p[1]) + 0.0722 * lin(p[2]);
}

}  // namespace

TEST_CASE("every icon the content and the kiosk use is a 128x128 picture on a white tile") {
    auto names = needed_icons();
    REQUIRE(names.size() > kUiIcons.size());  // ICONS.md was read
    for (const auto& name : names) {
        INFO("assets/icons/" << name << ".png");
        auto path = kIcons / (name + ".png");
        REQUIRE(fs::exists(path));
        int w = 0, h = 0, n = 0;
        unsigned char* px = stbi_load(path.c_str(), &w, &h, &n, 4);
        REQUIRE(px != nullptr);
        CHECK(w == 128);
        CHECK(h == 128);
        CHECK(n == 4);
        // Corners are transparent (a rounded tile), the middle is opaque.
        CHECK(px[3] == 0);
        CHECK(px[(64 * 128 + 64) * 4 + 3] == 255);
        // Enough of the picture is dark enough to stand out from the white
        // tile at >= 3:1 (WCAG non-text contrast): the drawing's ink lines.
        std::size_t opaque = 0, ink = 0;
        for (int i = 0; i < w * h; ++i) {
            const unsigned char* p = px + i * 4;
            if (p[3] < 250) continue;
            ++opaque;
            if ((1.0 + 0.05) / (luminance(p) + 0.05) >= 3.0) ++ink;
        }
        CHECK(opaque > 0.85 * w * h);
        CHECK(ink > 0.04 * w * h);
        stbi_image_free(px);
    }
}

TEST_CASE("kioskdev make-icons draws every needed icon again") {
    kiosk::test::TempDir dir("icons");
    auto r = kiosk::test::run(KIOSKDEV_BIN, {"make-icons", "--out", dir.path().string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    for (const auto& name : needed_icons()) {
        INFO(name);
        CHECK(fs::exists(dir / (name + ".png")));
    }
    // The committed PNGs are what the generator draws now (drawing is plain
    // float arithmetic, identical across our build types): a changed design
    // that was not regenerated shows up here.
    for (const auto& e : fs::directory_iterator(dir.path())) {
        auto committed = kIcons / e.path().filename();
        INFO(committed.string() << " is stale or missing: run kioskdev make-icons --out assets/icons");
        REQUIRE(fs::exists(committed));
        CHECK(kiosk::test::read_file(committed) == kiosk::test::read_file(e.path()));
    }
    r = kiosk::test::run(KIOSKDEV_BIN, {"make-icons", "--out", dir.path().string(), "no-such-icon"});
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("'no-such-icon'") != std::string::npos);
}
