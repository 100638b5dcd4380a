#include "ui_registry.hpp"

#include <nlohmann/json.hpp>

namespace kiosk::ui {

void Registry::begin_frame(std::string screen, int width, int height) {
    screen_ = std::move(screen);
    width_ = width;
    height_ = height;
    widgets_.clear();
    texts_.clear();
    figures_.clear();
    missing_.clear();
    view_bottom_ = static_cast<float>(height);
}

const WidgetRecord* Registry::find(const std::string& id_or_label) const {
    for (const auto& w : widgets_)
        if (w.id == id_or_label) return &w;
    for (const auto& w : widgets_)
        if (w.label == id_or_label) return &w;
    return nullptr;
}

bool Registry::shows_text(const std::string& needle) const {
    for (const auto& t : texts_)
        if (t.text.find(needle) != std::string::npos) return true;
    for (const auto& w : widgets_)
        if (w.label.find(needle) != std::string::npos) return true;
    return false;
}

static nlohmann::json rect_json(const Rect& r) {
    return {static_cast<int>(r.x), static_cast<int>(r.y), static_cast<int>(r.w), static_cast<int>(r.h)};
}

std::string Registry::to_json() const {
    nlohmann::json j;
    j["screen"] = screen_;
    j["size"] = {width_, height_};
    j["dpi"] = dpi_;  // 0 = not known
    j["min_target_px"] = min_target_px_;
    j["view"] = {0, static_cast<int>(view_bottom_)};  // scrolling content shows here; the action bar is below
    j["missing_glyphs"] = nlohmann::json::array();    // code points drawn without a glyph (shown as "?")
    for (unsigned c : missing_) j["missing_glyphs"].push_back(c);
    j["widgets"] = nlohmann::json::array();
    for (const auto& w : widgets_) {
        j["widgets"].push_back({{"id", w.id},
                                {"label", w.label},
                                {"kind", w.kind},
                                {"rect", rect_json(w.rect)},
                                {"text_rgb", w.text_rgb},
                                {"bg_rgb", w.bg_rgb},
                                {"enabled", w.enabled},
                                {"fixed", w.fixed}});
        if (!w.drawn.empty()) j["widgets"].back()["drawn"] = w.drawn;
    }
    j["texts"] = nlohmann::json::array();
    for (const auto& t : texts_) {
        j["texts"].push_back({{"text", t.text},
                              {"rect", rect_json(t.rect)},
                              {"text_rgb", t.text_rgb},
                              {"bg_rgb", t.bg_rgb}});
        if (!t.drawn.empty()) j["texts"].back()["drawn"] = t.drawn;
    }
    j["figures"] = nlohmann::json::array();
    for (const auto& f : figures_) j["figures"].push_back({{"id", f.id}, {"label", f.label}, {"rect", rect_json(f.rect)}});
    return j.dump(2);
}

}  // namespace kiosk::ui
