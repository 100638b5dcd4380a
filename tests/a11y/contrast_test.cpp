// WCAG colour maths (shared/a11y): the numbers every contrast check in the
// UI tests relies on, checked against WCAG 2.x's own reference values.
#include <catch2/catch.hpp>

#include "a11y/contrast.hpp"

using kiosk::a11y::contrast_ratio;
using kiosk::a11y::relative_luminance;

TEST_CASE("relative luminance follows WCAG 2.x: black 0, white 1, mid grey about 0.216") {
    CHECK(relative_luminance({0, 0, 0}) == Approx(0.0));
    CHECK(relative_luminance({255, 255, 255}) == Approx(1.0));
    CHECK(relative_luminance({128, 128, 128}) == Approx(0.2158).margin(0.001));
    // Green weighs most, blue least (0.7152 / 0.2126 / 0.0722).
    CHECK(relative_luminance({0, 255, 0}) == Approx(0.7152).margin(1e-4));
    CHECK(relative_luminance({255, 0, 0}) == Approx(0.2126).margin(1e-4));
    CHECK(relative_luminance({0, 0, 255}) == Approx(0.0722).margin(1e-4));
}

TEST_CASE("contrast ratio: 21:1 black on white, symmetric, and the 4.5:1 boundary where WCAG puts it") {
    CHECK(contrast_ratio({0, 0, 0}, {255, 255, 255}) == Approx(21.0));
    CHECK(contrast_ratio({255, 255, 255}, {0, 0, 0}) == Approx(21.0));
    CHECK(contrast_ratio({10, 20, 30}, {10, 20, 30}) == Approx(1.0));
    // #767676 on white is the commonly cited lightest grey that passes AA (4.54:1); #777777 fails (4.48:1).
    CHECK(contrast_ratio({0x76, 0x76, 0x76}, {255, 255, 255}) >= 4.5);
    CHECK(contrast_ratio({0x77, 0x77, 0x77}, {255, 255, 255}) < 4.5);
}

TEST_CASE("contrast ratios follow WCAG") {
    CHECK(contrast_ratio({0, 0, 0}, {255, 255, 255}) == Approx(21.0));
    CHECK(contrast_ratio({119, 119, 119}, {255, 255, 255}) == Approx(4.48).epsilon(0.01));
}
