#include "pack/content_dir.hpp"

#include <algorithm>
#include <set>

#include <stb_image.h>

#include "content/translations.hpp"
#include "questionnaire/loader.hpp"

namespace kiosk::pack {

namespace fs = std::filesystem;

namespace {

// The *.json files of dir/sub, sorted by name (the order is the same on every device).
std::vector<fs::path> json_files(const fs::path& dir, const char* sub) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir / sub, ec))
        if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

const std::vector<std::string>& questionnaire_order() {
    static const std::vector<std::string> order{"howareyou-short", "howareyou-easy", "intake",
                                                "howareyou-full",  "howareyou-youth", "howareyou-child",
                                                "money-matters",   "caring"};
    return order;
}

void order_questionnaires(std::vector<questionnaire::Questionnaire>& list, const std::vector<std::string>& order) {
    auto rank = [&](const questionnaire::Questionnaire& q) {
        auto it = std::find(order.begin(), order.end(), q.id);
        return it == order.end() ? order.size() : static_cast<std::size_t>(it - order.begin());
    };
    std::stable_sort(list.begin(), list.end(), [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
}

referrals::Catalogue merge_catalogues(std::vector<referrals::Catalogue> catalogues, std::vector<std::string>* log) {
    referrals::Catalogue out;
    if (catalogues.empty()) return out;
    out = std::move(catalogues.front());
    std::set<std::string> ids;
    for (const auto& o : out.offers) ids.insert(o.id);
    for (std::size_t i = 1; i < catalogues.size(); ++i) {
        auto& c = catalogues[i];
        for (auto& o : c.offers) {
            if (!ids.insert(o.id).second) {
                if (log) log->push_back("referral offer '" + o.id + "' is in two catalogues: the first is kept");
                continue;
            }
            out.offers.push_back(std::move(o));
        }
        if (!out.safety && c.safety) {
            out.safety = std::move(c.safety);
            out.safety_when = c.safety_when;
        }
        if (out.town.empty()) out.town = c.town;
    }
    return out;
}

void load_icons(const fs::path& dir, std::map<std::string, Image>& into, std::vector<std::string>& log) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir / "icons", ec))
        if (e.path().extension() == ".png") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        const std::string name = file.stem().string();
        if (into.count(name)) continue;
        int w = 0, h = 0, n = 0;
        unsigned char* px = stbi_load(file.string().c_str(), &w, &h, &n, 4);
        if (!px) {
            log.push_back("icon " + file.string() + " does not read as a PNG (" +
                          (stbi_failure_reason() ? stbi_failure_reason() : "unknown") + "): left out");
            continue;
        }
        Image img;
        img.width = w;
        img.height = h;
        img.rgba.assign(px, px + static_cast<std::size_t>(w) * h * 4);
        stbi_image_free(px);
        into.emplace(name, std::move(img));
    }
}

LoadedContent load_content_dir(const fs::path& dir, const fs::path& fallback_icons) {
    LoadedContent out;
    out.dir = dir;
    out.version = dir_version(dir).value_or("");
    // The organisation's wording and settings that came with the content
    // (checked before install; a problem here keeps our own and is logged).
    if (auto words = read_translations(dir)) out.translations = std::move(*words);
    else out.log.push_back(words.error().message + " (using the kiosk's own texts)");
    if (auto cs = read_content_settings(dir)) out.settings = std::move(*cs);
    else out.log.push_back(cs.error().message + " (using the built-in settings)");
    // Questionnaires that do not load never reach a resident; staff see why.
    for (const auto& file : json_files(dir, "questionnaires")) {
        auto r = questionnaire::load_questionnaire_file(file);
        if (r.questionnaire)  // its texts in the new languages (translations/<lang>/); a refused file is left out
            for (const auto& p : content::apply_all(*r.questionnaire, dir, "questionnaires/" + file.filename().string()))
                out.log.push_back("refused " + p);
        if (r.questionnaire) out.questionnaires.push_back(std::move(*r.questionnaire));
        for (const auto& p : r.problems) out.log.push_back("refused " + questionnaire::format_problem(p));
    }
    order_questionnaires(out.questionnaires);
    std::vector<referrals::Catalogue> catalogues;
    for (const auto& path : json_files(dir, "referrals")) {
        auto c = referrals::load_catalogue(path);
        if (!c) {
            out.log.push_back(c.error().message);
            continue;
        }
        for (const auto& p : content::apply_all(*c, dir, "referrals/" + path.filename().string()))
            out.log.push_back("refused " + p);
        catalogues.push_back(std::move(*c));
    }
    out.referrals = merge_catalogues(std::move(catalogues), &out.log);
    load_icons(dir, out.icons, out.log);
    if (!fallback_icons.empty() && fallback_icons != dir) load_icons(fallback_icons, out.icons, out.log);
    return out;
}

}  // namespace kiosk::pack
