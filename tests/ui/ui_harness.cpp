#include "ui_harness.hpp"

#include <stdexcept>

#include "content/translations.hpp"

#include <catch2/catch.hpp>

#include "a11y/contrast.hpp"

namespace kiosk::test {

nlohmann::json read_json(const std::filesystem::path& p) { return nlohmann::json::parse(read_file(p)); }

const nlohmann::json* find_widget(const nlohmann::json& dump, const std::string& id) {
    for (const auto& w : dump["widgets"])
        if (w["id"] == id) return &w;
    return nullptr;
}

void check_targets_and_contrast(const nlohmann::json& ui, double text_bar, double min_px) {
    using kiosk::a11y::contrast_ratio;
    auto rgb = [](const nlohmann::json& j) { return kiosk::a11y::Rgb{j[0].get<int>(), j[1].get<int>(), j[2].get<int>()}; };
    int W = ui["size"][0], H = ui["size"][1];
    auto on_screen = [&](const nlohmann::json& r) { return r[1].get<int>() + r[3].get<int>() > 0 && r[1].get<int>() < H; };
    for (const auto& w : ui["widgets"]) {
        INFO("widget " << w["id"] << " '" << w["label"] << "' on " << ui["screen"] << " at " << W << "x" << H);
        const auto& r = w["rect"];
        CHECK(r[3].get<double>() + 1 >= min_px);  // +1: rectangles are reported in whole pixels
        CHECK(r[2].get<double>() + 1 >= min_px);
        CHECK(r[0].get<int>() >= 0);
        CHECK(r[0].get<int>() + r[2].get<int>() <= W);
        if (w["kind"] != "hold") CHECK(contrast_ratio(rgb(w["text_rgb"]), rgb(w["bg_rgb"])) >= text_bar);
    }
    for (const auto& t : ui["texts"]) {
        INFO("text '" << t["text"] << "' on " << ui["screen"] << " at " << W << "x" << H);
        const auto& r = t["rect"];
        CHECK(r[0].get<int>() >= 0);
        CHECK(r[0].get<int>() + r[2].get<int>() <= W);
        CHECK(contrast_ratio(rgb(t["text_rgb"]), rgb(t["bg_rgb"])) >= text_bar);
    }
    // Spacing between what a finger can reach: the page's part is cut at
    // the top of the bottom action bar (content scrolls under it, unseen).
    const int view = ui.contains("view") ? ui["view"][1].get<int>() : H;
    auto visible = [&](const nlohmann::json& w) {
        nlohmann::json r = w["rect"];
        if (!w.value("fixed", false)) {
            int bottom = std::min(r[1].get<int>() + r[3].get<int>(), view);
            r[3] = bottom - r[1].get<int>();
        }
        return r;
    };
    const auto& ws = ui["widgets"];
    for (std::size_t i = 0; i < ws.size(); ++i)
        for (std::size_t j = i + 1; j < ws.size(); ++j) {
            const auto a = visible(ws[i]);
            const auto b = visible(ws[j]);
            if (a[3].get<int>() <= 0 || b[3].get<int>() <= 0) continue;
            if (!on_screen(a) || !on_screen(b)) continue;
            int gap_x = std::max(b[0].get<int>() - (a[0].get<int>() + a[2].get<int>()),
                                 a[0].get<int>() - (b[0].get<int>() + b[2].get<int>()));
            int gap_y = std::max(b[1].get<int>() - (a[1].get<int>() + a[3].get<int>()),
                                 a[1].get<int>() - (b[1].get<int>() + b[3].get<int>()));
            INFO(ws[i]["id"] << " vs " << ws[j]["id"] << " on " << ui["screen"]);
            CHECK(std::max(gap_x, gap_y) >= 8);
        }
}

std::vector<questionnaire::Questionnaire> shipped_questionnaires_translated() {
    auto all = shipped_questionnaires();
    const std::filesystem::path assets = std::filesystem::path(KIOSK_SOURCE_DIR) / "assets";
    for (auto& q : all) {
        // The file is named after the id for every shipped questionnaire.
        auto refused = content::apply_all(q, assets, "questionnaires/" + q.id + ".json");
        if (!refused.empty()) throw std::runtime_error("shipped translation refused: " + refused.front());
    }
    return all;
}

}  // namespace kiosk::test
