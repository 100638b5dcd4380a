// Camera frames for the tests: a QR code as a binary PGM, as a camera would
// see a phone held up (the camera tests and the take-home tests' scan screen).
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "qr/qr.hpp"

namespace kiosk::test {

// What the frames show: a result code a resident took home, and a QR code of
// something else (a restaurant menu) that the scan screen must ignore.
inline const std::string kResultCodeText = "IK1 HOWAREYOU SHORT 1.0.0 20261101 57-86A";
inline const std::string kForeignQrText = "https://example.org/menu?table=7";

// A binary PGM: a QR code of `text` (8 px modules, a 4-module quiet zone) on
// a grey counter, as a camera would see a phone held up; or, with an empty
// text, the counter alone with some texture.
inline void write_pgm(const std::filesystem::path& path, const std::string& text, int width = 480, int height = 360) {
    std::vector<unsigned char> px(static_cast<std::size_t>(width * height));
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            px[static_cast<std::size_t>(y * width + x)] = static_cast<unsigned char>(120 + ((x / 7 + y / 5) % 3) * 20);
    if (!text.empty()) {
        auto m = qr::encode(text);
        REQUIRE(m);
        const int scale = 8, quiet = 4;
        const int side = (m->size + 2 * quiet) * scale;
        REQUIRE(side <= width);
        REQUIRE(side <= height);
        const int ox = (width - side) / 2, oy = (height - side) / 2;
        for (int y = 0; y < side; ++y)
            for (int x = 0; x < side; ++x) {
                int mx = x / scale - quiet, my = y / scale - quiet;
                bool dark = mx >= 0 && my >= 0 && mx < m->size && my < m->size && m->dark(mx, my);
                px[static_cast<std::size_t>((oy + y) * width + ox + x)] = dark ? 20 : 235;
            }
    }
    std::ofstream out(path, std::ios::binary);
    out << "P5\n" << width << " " << height << "\n255\n";
    out.write(reinterpret_cast<const char*>(px.data()), static_cast<std::streamsize>(px.size()));
    REQUIRE(out);
}

}  // namespace kiosk::test
