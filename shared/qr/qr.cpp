#include "qr/qr.hpp"

#include <qrencode.h>

namespace kiosk::qr {

Result<Matrix> encode(const std::string& text) {
    QRcode* code = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
    if (!code) return make_error("cannot make a QR code of " + std::to_string(text.size()) + " bytes");
    Matrix m;
    m.size = code->width;
    m.on.resize(static_cast<std::size_t>(m.size) * m.size);
    for (std::size_t i = 0; i < m.on.size(); ++i) m.on[i] = code->data[i] & 1;
    QRcode_free(code);
    return m;
}

}  // namespace kiosk::qr
