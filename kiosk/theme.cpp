#include "theme.hpp"

#include <imgui.h>

#include <fstream>
#include <iostream>
#include <iterator>

namespace kiosk::ui {

const Palette& palette(bool high_contrast) {
    static const Palette normal{
        .background = {247, 245, 240},
        .text = {26, 26, 26},
        .muted = {77, 77, 77},
        .primary_bg = {11, 87, 164},
        .primary_text = {255, 255, 255},
        .button_bg = {255, 255, 255},
        .button_text = {26, 26, 26},
        .button_border = {90, 90, 90},
        .selected_bg = {11, 87, 164},
        .selected_text = {255, 255, 255},
        .pressed_bg = {214, 226, 240},
        .danger_text = {163, 21, 21},
        .panel_bg = {233, 229, 220},
    };
    static const Palette high{
        .background = {0, 0, 0},
        .text = {255, 255, 255},
        .muted = {230, 230, 230},
        .primary_bg = {255, 221, 0},
        .primary_text = {0, 0, 0},
        .button_bg = {0, 0, 0},
        .button_text = {255, 255, 255},
        .button_border = {255, 255, 255},
        .selected_bg = {255, 221, 0},
        .selected_text = {0, 0, 0},
        .pressed_bg = {60, 60, 60},
        .danger_text = {255, 170, 170},
        .panel_bg = {30, 30, 30},
    };
    return high_contrast ? high : normal;
}

const unsigned short* symbol_ranges() {
    static const ImWchar ranges[] = {
        0x2190, 0x2199,  // arrows
        0x2713, 0x2714,  // check marks
        0,
    };
    return ranges;
}

void FontFiles::preload(const std::vector<std::string>& paths) {
    for (const auto& path : paths) {
        if (path.empty() || bytes_.count(path)) continue;
        std::ifstream in(path, std::ios::binary);
        std::vector<unsigned char> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (in.bad() || data.empty()) continue;
        bytes_.emplace(path, std::move(data));
    }
}

std::vector<unsigned char>* FontFiles::find(const std::string& path) {
    auto it = bytes_.find(path);
    return it == bytes_.end() ? nullptr : &it->second;
}

Fonts build_fonts(FontFiles& files, const std::string& regular, const std::string& bold, float ui_scale,
                  float text_scale, const std::vector<std::string>& symbols, const std::vector<ScriptFont>& scripts) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    // The atlas is as tall as its glyphs need, not rounded up to a power of
    // two (the renderer does not need one): up to half its memory otherwise.
    io.Fonts->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    static const ImWchar ranges[] = {
        0x0020, 0x00FF,  // Basic Latin + Latin-1 (é ë ï ü)
        0x0100, 0x017F,  // Latin Extended-A (names: ş ğ ł)
        0x2010, 0x205E,  // general punctuation (— ‘ ’ “ ” …)
        0x20AC, 0x20AC,  // €
        0,
    };
    ImFontConfig cfg;
    // One sample horizontally: the atlas builds 3x faster and text is never
    // drawn at sub-pixel offsets here.
    cfg.OversampleH = 1;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    Fonts f;
    f.ui_scale = ui_scale;
    f.text_scale = text_scale;
    float body = kBodyPx * ui_scale * text_scale;
    // Each face, then the symbol fonts merged into it: a glyph the face has
    // stays its own, a missing one comes from the first symbol font that has it.
    // The atlas reads the preloaded bytes and does not own them.
    cfg.FontDataOwnedByAtlas = false;
    auto add = [&](const std::string& file, float px, const ImFontConfig& c, const ImWchar* r) {
        if (std::vector<unsigned char>* data = files.find(file))
            return io.Fonts->AddFontFromMemoryTTF(data->data(), static_cast<int>(data->size()), px, &c, r);
        std::cerr << "kiosk: font " << file << " was not read at start: read now\n";
        ImFontConfig own = c;
        own.FontDataOwnedByAtlas = true;
        return io.Fonts->AddFontFromFileTTF(file.c_str(), px, &own, r);
    };
    auto face = [&](const std::string& file, float px, bool is_bold) {
        ImFont* font = add(file, px, cfg, ranges);
        ImFontConfig merge = cfg;
        merge.MergeMode = true;
        for (const auto& sc : scripts) {
            const std::string& own = is_bold ? sc.bold : sc.regular;
            if (sc.ranges.size() > 1)  // ImGui keeps the pointer until the atlas is built
                add(own.empty() ? file : own, px * sc.scale, merge, sc.ranges.data());
        }
        for (const auto& sym : symbols) add(sym, px, merge, symbol_ranges());
        return font;
    };
    f.body = face(regular, body, false);
    f.heading = face(bold, body * 1.5f, true);
    f.large = face(bold, body * 1.2f, true);
    io.Fonts->Build();
    // The glyphs are baked: the build's own data is not needed until the next one.
    io.Fonts->ClearInputData();
    return f;
}

}  // namespace kiosk::ui
