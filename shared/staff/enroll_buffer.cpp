#include "staff/enroll_buffer.hpp"

#include "core/json_text.hpp"
#include "session/text_field.hpp"

namespace kiosk::staff {

void EnrollBuffer::open() {
    wipe_text(text_);
    message_.clear();
    ok_ = false;
    submit_ = false;
}

void EnrollBuffer::type(std::string_view utf8) {
    if (ok_) return;
    (void)paste_into(text_, utf8, 64 * 1024);
    message_.clear();
}

std::optional<std::string> EnrollBuffer::take() {
    if (ok_ || text_.empty()) return std::nullopt;
    if (!submit_ && !json_object_closed(text_)) return std::nullopt;
    submit_ = false;
    std::string text = std::move(text_);
    text_.clear();
    return text;
}

void EnrollBuffer::result(bool ok, std::string message) {
    ok_ = ok;
    message_ = std::move(message);
}

void EnrollBuffer::cancel() {
    wipe_text(text_);
    text_.clear();
    message_.clear();
    submit_ = false;
}

}  // namespace kiosk::staff
