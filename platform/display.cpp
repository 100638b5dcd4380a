#include "display.hpp"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace kiosk::platform {

Result<std::unique_ptr<Display>> Display::open(const DisplayOptions& o) {
    std::unique_ptr<Display> d(new Display());
    d->headless_ = o.headless;
    d->width_ = o.width;
    d->height_ = o.height;

    // We handle SIGTERM/SIGINT ourselves: SDL would turn them into a quit
    // event, which the kiosk (rightly) ignores.
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    if (o.headless) {
        // No video subsystem at all: nothing needs a display.
        if (SDL_Init(SDL_INIT_EVENTS) != 0)
            return make_error(std::string("cannot start SDL: ") + SDL_GetError());
        d->surface_ = SDL_CreateRGBSurfaceWithFormat(0, o.width, o.height, 32, SDL_PIXELFORMAT_ABGR8888);
        if (!d->surface_) return make_error(std::string("cannot create surface: ") + SDL_GetError());
        d->renderer_ = SDL_CreateSoftwareRenderer(d->surface_);
        if (!d->renderer_) return make_error(std::string("cannot create software renderer: ") + SDL_GetError());
    } else {
        if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
            return make_error(std::string("no display available (") + SDL_GetError() +
                              "); use --headless");
        Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
        if (o.windowed) flags |= SDL_WINDOW_RESIZABLE;
        else flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
        d->window_ = SDL_CreateWindow(o.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                      o.width, o.height, flags);
        if (!d->window_) return make_error(std::string("cannot open a window: ") + SDL_GetError());
        d->renderer_ = SDL_CreateRenderer(d->window_, -1, SDL_RENDERER_PRESENTVSYNC);
        if (!d->renderer_) d->renderer_ = SDL_CreateRenderer(d->window_, -1, SDL_RENDERER_SOFTWARE);
        if (!d->renderer_) return make_error(std::string("cannot create renderer: ") + SDL_GetError());
        SDL_GetRendererOutputSize(d->renderer_, &d->width_, &d->height_);
    }

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing of a session is written to disk
    io.LogFilename = nullptr;
    if (!o.headless) ImGui_ImplSDL2_InitForSDLRenderer(d->window_);
    ImGui_ImplSDLRenderer_Init(d->renderer_);
    // The backend makes its font texture on its first frame when it has
    // none: let it make one now from ImGui's small built-in font, so it never
    // builds (or replaces) ours; reload_fonts() uploads the kiosk's atlas.
    ImGui_ImplSDLRenderer_CreateFontsTexture();
    io.Fonts->Clear();
    return d;
}

Display::~Display() {
    drop_fonts_texture();
    if (ImGui::GetCurrentContext()) {
        ImGui_ImplSDLRenderer_Shutdown();
        if (!headless_) ImGui_ImplSDL2_Shutdown();
        ImGui::DestroyContext();
    }
    if (renderer_) SDL_DestroyRenderer(renderer_);
    if (surface_) SDL_FreeSurface(surface_);
    if (window_) SDL_DestroyWindow(window_);
    SDL_Quit();
}

bool Display::process_event(const SDL_Event& e) {
    if (headless_) return false;
    ImGui_ImplSDL2_ProcessEvent(&e);
    if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
        int w = 0, h = 0;
        SDL_GetRendererOutputSize(renderer_, &w, &h);
        bool changed = w != width_ || h != height_;
        width_ = w;
        height_ = h;
        return changed;
    }
    return false;
}

void Display::new_frame(float delta_seconds) {
    ImGui_ImplSDLRenderer_NewFrame();
    if (!headless_) ImGui_ImplSDL2_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(width_), static_cast<float>(height_));
    io.DisplayFramebufferScale = ImVec2(1, 1);
    io.DeltaTime = delta_seconds > 0 ? delta_seconds : 1.0f / 60.0f;
}

void Display::render_and_present(unsigned char r, unsigned char g, unsigned char b) {
    ImGui::Render();
    if (!rasterize_) return;
    // The background is a clear, not an ImGui window fill: the software
    // renderer clears with a memset-like fill but rasterises a full-screen
    // ImGui quad as two large triangles, which costs several ms per frame.
    SDL_SetRenderDrawColor(renderer_, r, g, b, 255);
    SDL_RenderClear(renderer_);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    SDL_RenderPresent(renderer_);
}

void Display::drop_fonts_texture() {
    if (!font_texture_) return;
    ImGui::GetIO().Fonts->SetTexID(nullptr);
    SDL_DestroyTexture(font_texture_);
    font_texture_ = nullptr;
}

// The font texture is ours, not the backend's: the backend would ask the
// atlas for four bytes a pixel and keep ImGui's copy beside the renderer's.
// Here the one-byte pixels go to the texture a strip at a time, then ImGui's
// copy is freed: at most five bytes a pixel at once, four after (the Arabic
// atlas at 200 % text on 1920x1080 is 2048x1700: 14 MB instead of 31 MB).
void Display::reload_fonts() {
    drop_fonts_texture();
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    unsigned char* alpha = nullptr;
    int w = 0, h = 0;
    atlas->GetTexDataAsAlpha8(&alpha, &w, &h);
    font_texture_ = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC, w, h);
    if (!font_texture_) {
        SDL_Log("cannot create the font texture (%dx%d): %s", w, h, SDL_GetError());
        return;
    }
    constexpr int kStrip = 64;
    std::vector<std::uint32_t> strip(static_cast<size_t>(w) * kStrip);
    for (int y0 = 0; y0 < h; y0 += kStrip) {
        const int rows = std::min(kStrip, h - y0);
        const unsigned char* src = alpha + static_cast<size_t>(y0) * w;
        for (size_t i = 0; i < static_cast<size_t>(w) * rows; ++i) strip[i] = IM_COL32(255, 255, 255, src[i]);
        SDL_Rect r{0, y0, w, rows};
        SDL_UpdateTexture(font_texture_, &r, strip.data(), w * 4);
    }
    SDL_SetTextureBlendMode(font_texture_, SDL_BLENDMODE_BLEND);
    atlas->SetTexID(static_cast<ImTextureID>(font_texture_));
    atlas->ClearTexData();
}

float Display::dpi() const {
    if (headless_ || !window_) return 0;
    float ddpi = 0;
    if (SDL_GetDisplayDPI(SDL_GetWindowDisplayIndex(window_), &ddpi, nullptr, nullptr) != 0) return 0;
    return ddpi;
}

void* Display::texture_from_rgba(int w, int h, const unsigned char* rgba) {
    if (!rgba || w <= 0 || h <= 0) return nullptr;
    SDL_Texture* tex = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STATIC, w, h);
    if (tex) {
        SDL_UpdateTexture(tex, nullptr, rgba, w * 4);
        SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
        SDL_SetTextureScaleMode(tex, SDL_ScaleModeLinear);
    }
    return tex;
}

Status Display::save_png(const std::string& path) const {
    if (surface_) {
        if (!stbi_write_png(path.c_str(), surface_->w, surface_->h, 4, surface_->pixels, surface_->pitch))
            return make_error("cannot write screenshot " + path);
        return ok_status();
    }
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width_) * height_ * 4);
    if (SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_ABGR8888, pixels.data(), width_ * 4) != 0)
        return make_error(std::string("cannot read the screen: ") + SDL_GetError());
    if (!stbi_write_png(path.c_str(), width_, height_, 4, pixels.data(), width_ * 4))
        return make_error("cannot write screenshot " + path);
    return ok_status();
}

}  // namespace kiosk::platform
