#include "script_fonts.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>

#include "i18n/catalog.hpp"
#include "text/bidi.hpp"

namespace fs = std::filesystem;

namespace kiosk::ui {

namespace {

// What build_fonts always loads from the text faces (theme.cpp).
bool in_fixed_ranges(char32_t c) {
    return (c >= 0x20 && c <= 0x17F) || (c >= 0x2010 && c <= 0x205E) || c == 0x20AC || (c >= 0x2190 && c <= 0x2199) ||
           (c >= 0x2713 && c <= 0x2714);
}

// Consecutive code points as ImGui's 0-terminated range pairs.
std::vector<unsigned short> ranges_of(const std::vector<char32_t>& sorted) {
    std::vector<unsigned short> out;
    for (std::size_t i = 0; i < sorted.size();) {
        std::size_t j = i;
        while (j + 1 < sorted.size() && sorted[j + 1] == sorted[j] + 1) ++j;
        out.push_back(static_cast<unsigned short>(sorted[i]));
        out.push_back(static_cast<unsigned short>(sorted[j]));
        i = j + 1;
    }
    out.push_back(0);
    return out;
}

}  // namespace

std::vector<ScriptFontFiles> find_script_fonts(const std::string& assets_dir) {
    const fs::path system = "/usr/share/fonts/truetype/noto";
    auto pick = [&](const std::string& name) -> std::string {
        std::error_code ec;
        for (const fs::path& dir : {fs::path(assets_dir) / "fonts", system})
            if (fs::is_regular_file(dir / name, ec)) return (dir / name).string();
        return {};
    };
    std::vector<ScriptFontFiles> out;
    const std::vector<ScriptFontFiles> wanted{
        {"arabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf",
         {{0x0600, 0x06FF}, {0x0750, 0x077F}, {0x08A0, 0x08FF}, {0xFB50, 0xFDFF}, {0xFE70, 0xFEFF}},
         1.3f},  // Noto Sans Arabic's letters read smaller than Noto Sans at one size (1.15 was not enough)
        {"ethiopic", "NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf",
         {{0x1200, 0x139F}, {0x2D80, 0x2DDF}, {0xAB00, 0xAB2F}}, 1.0f},
    };
    for (const auto& w : wanted) {
        ScriptFontFiles f{w.script, pick(w.regular), pick(w.bold), w.blocks, w.scale};
        if (f.regular.empty()) continue;
        if (f.bold.empty()) f.bold = f.regular;
        out.push_back(std::move(f));
    }
    return out;
}

std::set<char32_t> content_code_points(const std::vector<questionnaire::Questionnaire>& catalog,
                                       const referrals::Catalogue& refs, const std::string& lang) {
    std::set<char32_t> used;
    auto wanted = [&](const std::string& l) { return lang.empty() || l == lang; };
    auto add = [&](const std::string& s) {
        for (char32_t c : text::drawn_code_points(s)) used.insert(c);
    };
    auto add_tr = [&](const questionnaire::Translatable& t) {
        add(t.base);
        for (const auto& [l, s] : t.translations)
            if (wanted(l)) add(s);
    };
    for (const auto& key : i18n::keys())
        for (const auto& l : i18n::languages())
            if (wanted(l.code)) {
                add(i18n::tr(key, l.code));
                for (const auto& form : i18n::plural_forms(key, l.code)) add(form);
            }
    for (const auto& l : i18n::languages()) add(l.name);
    std::function<void(const std::vector<questionnaire::Item>&)> items = [&](const std::vector<questionnaire::Item>& list) {
        for (const auto& it : list) {
            for (const auto* t : {&it.text, &it.scale_low, &it.scale_high, &it.sensitive_why}) add_tr(*t);
            add(it.prefix);
            for (const auto& o : it.options) add_tr(o.display);
            for (const auto& u : it.units) add_tr(u.display);
            items(it.children);
        }
    };
    for (const auto& q : catalog) {
        add_tr(q.title);
        add_tr(q.description);
        items(q.items);
    }
    std::vector<referrals::Offer> offers = refs.offers;
    if (refs.safety) offers.push_back(*refs.safety);
    for (const auto& o : offers) {
        for (const auto& [l, t] : o.name)
            if (wanted(l)) add(t);
        for (const auto& [l, t] : o.description)
            if (wanted(l)) add(t);
        for (const auto& [l, t] : o.name)
            if (wanted(l))
                for (const auto& line : referrals::contact_lines(o, l)) add(line);
    }
    return used;
}

std::vector<ScriptFont> script_fonts_for(const std::vector<ScriptFontFiles>& files, const std::set<char32_t>& used) {
    std::vector<ScriptFont> out;
    std::vector<char32_t> own;  // the text faces' glyphs beyond the fixed ranges
    std::vector<std::vector<char32_t>> per(files.size());
    for (char32_t c : used) {
        if (c > 0xFFFF || c < 0x20 || in_fixed_ranges(c)) continue;  // ImWchar is 16-bit in Debian's ImGui
        bool taken = false;
        for (std::size_t i = 0; i < files.size() && !taken; ++i)
            for (const auto& [lo, hi] : files[i].blocks)
                if (c >= lo && c <= hi) {
                    per[i].push_back(c);
                    taken = true;
                    break;
                }
        if (!taken) own.push_back(c);
    }
    out.push_back({"", "", ranges_of(own)});
    for (std::size_t i = 0; i < files.size(); ++i)
        out.push_back({files[i].regular, files[i].bold, ranges_of(per[i]), files[i].scale});
    return out;
}

bool same_script_fonts(const std::vector<ScriptFont>& a, const std::vector<ScriptFont>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const ScriptFont& x, const ScriptFont& y) {
        return x.regular == y.regular && x.bold == y.bold && x.ranges == y.ranges && x.scale == y.scale;
    });
}

std::vector<std::string> font_file_paths(const std::string& regular, const std::string& bold,
                                         const std::vector<std::string>& symbols,
                                         const std::vector<ScriptFontFiles>& scripts) {
    std::vector<std::string> paths{regular, bold};
    paths.insert(paths.end(), symbols.begin(), symbols.end());
    for (const auto& sc : scripts) paths.push_back(sc.regular), paths.push_back(sc.bold);
    return paths;
}

}  // namespace kiosk::ui
