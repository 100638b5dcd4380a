// Staff screen section "Sound and defaults": speech volume, headphones only,
// and the text size and read-aloud a new session starts with. Saved in
// <data_dir>/settings.json by the app (DeviceSettings).
#include <string>

#include "i18n/catalog.hpp"
#include "screens.hpp"

namespace kiosk::ui {

float draw_staff_sound(Frame& f, const KioskState& s, const StaffInfo& info, Events& ev, float x, float y, float w) {
    const auto& lang = s.lang();
    const DeviceSettings& d = s.device_settings();
    const float gap = f.fonts.px(16);
    const float h = min_target(f);
    auto width_of = [&](const std::string& label) {
        return std::max(h, text_width(f.fonts.body, label) + f.fonts.px(44));
    };
    y += text(f, i18n::tr("staff.sound", lang), x, y, w, f.fonts.large, f.pal.text, f.pal.background) + gap * 0.5f;
    if (!info.audio_problem.empty())
        y += text(f, i18n::fmt("staff.no-audio", lang, {{"e", info.audio_problem}}), x, y, w, f.fonts.body,
                  f.pal.danger_text, f.pal.background) + f.fonts.px(4);
    else if (!info.audio_device.empty())
        y += text(f, i18n::fmt("staff.audio-device", lang, {{"d", info.audio_device}}), x, y, w, f.fonts.body, f.pal.text,
                  f.pal.background) + f.fonts.px(4);

    // Volume: - 80% +
    const std::string& down = i18n::tr("staff.volume-down", lang);
    const std::string& up = i18n::tr("staff.volume-up", lang);
    float dw = width_of(down), uw = width_of(up);
    if (button(f, "staff.volume.down", down, {x, y, dw, h}))
        ev.emit(event::StaffVolume{-10});
    std::string vol = i18n::fmt("staff.volume", lang, {{"n", std::to_string(d.volume_pct)}});
    float vw = text_width(f.fonts.body, vol) + 2;
    text(f, vol, x + dw + gap, y + (h - f.fonts.body->FontSize * 1.25f) * 0.5f, vw, f.fonts.body, f.pal.text,
         f.pal.background);
    if (button(f, "staff.volume.up", up, {x + dw + gap + vw + gap, y, uw, h}))
        ev.emit(event::StaffVolume{10});
    y += h + gap;

    const std::string& hp = i18n::tr("staff.headphones", lang);
    float hh = button_height(f, hp, w, h);
    if (button(f, "staff.headphones", hp, {x, y, w, hh}, d.headphones_only ? ButtonStyle::Selected : ButtonStyle::Normal,
               "toggle"))
        ev.emit(event::StaffToggleHeadphones{});
    y += hh + gap;

    // Default text size: 100% 150% 200%
    const std::string& size_label = i18n::tr("staff.default-size", lang);
    y += text(f, size_label, x, y, w, f.fonts.body, f.pal.text, f.pal.background) + f.fonts.px(4);
    float bx = x;
    for (int pct : {100, 150, 200}) {
        std::string label = std::to_string(pct) + "%";
        float bw = width_of(label);
        if (button(f, "staff.default-size." + std::to_string(pct), label, {bx, y, bw, h},
                   d.default_text_scale_pct == pct ? ButtonStyle::Selected : ButtonStyle::Normal, "toggle"))
            ev.emit(event::StaffDefaultTextScale{pct});
        bx += bw + gap;
    }
    y += h + gap;

    const std::string& ra = i18n::tr("staff.default-read-aloud", lang);
    float rh = button_height(f, ra, w, h);
    if (button(f, "staff.default-read-aloud", ra, {x, y, w, rh},
               d.default_read_aloud ? ButtonStyle::Selected : ButtonStyle::Normal, "toggle"))
        ev.emit(event::StaffToggleDefaultReadAloud{});
    y += rh;
    return y;
}

}  // namespace kiosk::ui
