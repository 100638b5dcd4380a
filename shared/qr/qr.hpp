// QR codes (libqrencode) for the thank-you screen: the resident may scan
// their own scores with their phone. The caller decides what goes in; the
// kiosk puts scores only, never a name or anything that leads back to them.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"

namespace kiosk::qr {

struct Matrix {
    int size = 0;                   // modules per side
    std::vector<unsigned char> on;  // size*size, 1 = dark module
    bool dark(int x, int y) const { return on[static_cast<std::size_t>(y * size + x)] != 0; }
};

Result<Matrix> encode(const std::string& text);

}  // namespace kiosk::qr
