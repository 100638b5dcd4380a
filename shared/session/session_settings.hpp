// Settings a resident chooses for their own session; forgotten at the end.
#pragma once

#include <string>

namespace kiosk {

struct SessionSettings {
    std::string lang = "nl";
    int text_scale_pct = 100;  // 100, 150 or 200
    bool high_contrast = false;
    bool read_aloud = false;
    int volume_pct = -1;  // the resident's own speech volume; -1: the staff's level
};

}  // namespace kiosk
