// The thanks screen's `print` (issue 18): the app's side of shared/print/.
// Every CUPS call and the PDF itself happen on the device service thread
// (DeviceService::post), never in a frame: the frame only builds the page's
// strings (print::page_from) and reads back an i18n key.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "session/kiosk_state.hpp"

namespace kiosk {

class DeviceService;

class Printing {
public:
    // `wake` is called from the worker when there is news for the screen.
    Printing(DeviceService& store, std::function<void()> wake);
    ~Printing();  // stops following a job (the worker drops it; CUPS prints on)

    // After a frame's events: asks the worker whether a printer is set up
    // (at start and between residents), hands a `print` request to it, and
    // brings its answers into the state. True when the screen must redraw.
    bool update(KioskState& s);

    struct Shared;

private:
    DeviceService& store_;
    std::shared_ptr<Shared> sh_;
    bool probed_ = false;
    Screen last_screen_ = Screen::Welcome;
    int visit_ = 0;  // a visit to the thanks screen: news of an older one is dropped
};

}  // namespace kiosk
