// Finds a QR code in a grey frame with libzbar (Debian libzbar-dev) and
// returns its text. Nothing else is looked for: no other bar code kinds.
#pragma once

#include <optional>
#include <string>

#include "camera/frame_source.hpp"

namespace kiosk::camera {

class QrDecoder {
public:
    QrDecoder();
    ~QrDecoder();
    QrDecoder(const QrDecoder&) = delete;
    QrDecoder& operator=(const QrDecoder&) = delete;

    // The text of the first QR code zbar finds in the frame, or nullopt when
    // there is none (or the frame is empty).
    std::optional<std::string> decode(const GreyFrame& frame);

private:
    void* scanner_ = nullptr;  // zbar_image_scanner_t
};

}  // namespace kiosk::camera
