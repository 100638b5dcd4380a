// The window the kiosk draws into: a real SDL window (full-screen or
// windowed) or, headless, an off-screen surface with SDL's software renderer.
// Owns the Dear ImGui context and its SDL backends.
#pragma once

#include <memory>
#include <string>

#include "core/result.hpp"

struct SDL_Window;
struct SDL_Renderer;
struct SDL_Surface;
struct SDL_Texture;
union SDL_Event;

namespace kiosk::platform {

struct DisplayOptions {
    bool headless = false;
    bool windowed = false;
    int width = 1280;
    int height = 800;
    std::string title = "Kiosk";
};

class Display {
public:
    static Result<std::unique_ptr<Display>> open(const DisplayOptions& options);
    ~Display();
    Display(const Display&) = delete;
    Display& operator=(const Display&) = delete;

    bool headless() const { return headless_; }
    int width() const { return width_; }
    int height() const { return height_; }
    // The display's diagonal DPI as SDL reports it; 0 headless or unknown.
    float dpi() const;

    // Feeds one SDL event to ImGui (window mode). Returns true if it changed
    // the size of the drawable area.
    bool process_event(const SDL_Event& e);

    // Starts an ImGui frame: backend new-frame, display size, delta time.
    void new_frame(float delta_seconds);
    // Fills the screen with `rgb`, renders ImGui's draw data over it and
    // presents it.
    void render_and_present(unsigned char r, unsigned char g, unsigned char b);
    // Headless only: false skips the rasteriser (the frame's draw data is
    // still built), for scripts that read dump-ui and never take a
    // screenshot. A screenshot then shows the last rasterised frame.
    void set_rasterize(bool on) { rasterize_ = on || !headless_; }

    // Re-uploads the font atlas after fonts were rebuilt (text size change).
    void reload_fonts();
    // Frees the font texture before a rebuild, so the old and the new atlas
    // are never held at once; reload_fonts() makes the new one.
    void drop_fonts_texture();

    // Loads a PNG as a texture for ImGui (ImTextureID); nullptr when the file
    // is missing or unreadable. Textures live as long as the display.
    // A texture from pixels already decoded (RGBA, 8 bits a channel; shared/pack's
    // content load decodes the PNGs off the UI thread): no disk, a copy only.
    void* texture_from_rgba(int width, int height, const unsigned char* rgba);

    // Writes what was last presented as a PNG.
    Status save_png(const std::string& path) const;

private:
    Display() = default;
    bool rasterize_ = true;
    bool headless_ = false;
    int width_ = 0, height_ = 0;
    SDL_Window* window_ = nullptr;
    SDL_Renderer* renderer_ = nullptr;
    SDL_Surface* surface_ = nullptr;
    SDL_Texture* font_texture_ = nullptr;
};

}  // namespace kiosk::platform
