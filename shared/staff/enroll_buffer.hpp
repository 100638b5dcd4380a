// The enrollment bundle on the staff screen's "Enroll this kiosk": a QR
// scanner types it, or a paste gives it whole. The text is a secret (it
// holds the device key and token): never drawn, wiped when the screen is
// left. KioskState holds one and says when the enroll screen shows.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kiosk::staff {

class EnrollBuffer {
public:
    // A fresh screen: nothing received, no message.
    void open();
    // Typed or pasted text (at most 64 KiB in all); ignored once enrolled.
    void type(std::string_view utf8);
    // Enter: hand over what was received even if it does not look whole.
    void enter() { submit_ = !text_.empty(); }
    // The bundle text once it looks like a whole JSON object (or Enter was
    // pressed); the buffer is empty afterwards. nullopt: not yet.
    std::optional<std::string> take();
    // The app applied (or refused) the bundle taken.
    void result(bool ok, std::string message);
    // The screen is left: the text wiped.
    void cancel();

    std::size_t received() const { return text_.size(); }
    const std::string& message() const { return message_; }
    bool ok() const { return ok_; }

private:
    std::string text_;
    std::string message_;
    bool ok_ = false;
    bool submit_ = false;
};

}  // namespace kiosk::staff
