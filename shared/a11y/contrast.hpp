// WCAG colour maths, shared by the theme (to pick colours) and the tests
// (to check every text run and control that dump-ui reports).
#pragma once

#include <array>

namespace kiosk::a11y {

using Rgb = std::array<int, 3>;  // 0-255 sRGB

// WCAG 2.x relative luminance (0 = black, 1 = white).
double relative_luminance(const Rgb& c);

// Contrast ratio between two colours, from 1:1 to 21:1.
double contrast_ratio(const Rgb& a, const Rgb& b);

}  // namespace kiosk::a11y
