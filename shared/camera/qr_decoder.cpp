#include "camera/qr_decoder.hpp"

#include <zbar.h>

// In C++ the C interface lives in namespace zbar.
using namespace zbar;

namespace kiosk::camera {

QrDecoder::QrDecoder() {
    auto* s = zbar_image_scanner_create();
    zbar_image_scanner_set_config(s, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(s, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    scanner_ = s;
}

QrDecoder::~QrDecoder() { zbar_image_scanner_destroy(static_cast<zbar_image_scanner_t*>(scanner_)); }

std::optional<std::string> QrDecoder::decode(const GreyFrame& frame) {
    if (frame.width <= 0 || frame.height <= 0 ||
        frame.pixels.size() < static_cast<std::size_t>(frame.width) * static_cast<std::size_t>(frame.height))
        return std::nullopt;
    auto* scanner = static_cast<zbar_image_scanner_t*>(scanner_);
    zbar_image_t* image = zbar_image_create();
    zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(image, static_cast<unsigned>(frame.width), static_cast<unsigned>(frame.height));
    // zbar reads the caller's pixels in place (no cleanup handler: we own them).
    zbar_image_set_data(image, frame.pixels.data(), static_cast<unsigned long>(frame.width) * frame.height, nullptr);
    std::optional<std::string> text;
    if (zbar_scan_image(scanner, image) > 0) {
        for (const zbar_symbol_t* sym = zbar_image_first_symbol(image); sym; sym = zbar_symbol_next(sym)) {
            if (zbar_symbol_get_type(sym) != ZBAR_QRCODE) continue;
            const char* data = zbar_symbol_get_data(sym);
            text = std::string(data, zbar_symbol_get_data_length(sym));
            break;
        }
    }
    // Drop the results (zbar keeps them for the next image otherwise).
    zbar_image_scanner_recycle_image(scanner, image);
    zbar_image_destroy(image);
    return text;
}

}  // namespace kiosk::camera
