// Fonts for the scripts beyond Latin (issue 21): Arabic and Ethiopic faces
// from Noto, merged into the text faces with only the glyphs the content
// uses, so the atlas (and memory) grows with the content, not with the fonts.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "questionnaire/model.hpp"
#include "referrals/referrals.hpp"
#include "theme.hpp"

namespace kiosk::ui {

// The regular and bold file of one script's face.
struct ScriptFontFiles {
    std::string script;  // "arabic", "ethiopic"
    std::string regular, bold;
    std::vector<std::pair<unsigned, unsigned>> blocks;  // the code points it is merged for
    float scale = 1.0f;  // its size against the text face
};

// Noto Sans Arabic and Noto Sans Ethiopic from `assets_dir`/fonts, else
// Debian's fonts-noto-core; a script whose files are missing is left out
// (--check-glyphs then names its characters).
std::vector<ScriptFontFiles> find_script_fonts(const std::string& assets_dir);

// Every code point the kiosk can draw from its texts in `lang` (the
// catalogue with the organisation's overrides, every questionnaire and
// referral text in that language or its base language), and every
// language's own name (the language buttons), after shaping (Arabic as its
// presentation forms). An empty `lang`: every language (--check-glyphs).
std::set<char32_t> content_code_points(const std::vector<questionnaire::Questionnaire>& catalog,
                                       const referrals::Catalogue& referrals, const std::string& lang);

// Whether two script_fonts_for() results build the same atlas (then a
// language switch or a new pack keeps it).
bool same_script_fonts(const std::vector<ScriptFont>& a, const std::vector<ScriptFont>& b);

// Every font file build_fonts can be given: the text faces, the symbol
// fonts and each script's faces (for FontFiles::preload).
std::vector<std::string> font_file_paths(const std::string& regular, const std::string& bold,
                                         const std::vector<std::string>& symbols,
                                         const std::vector<ScriptFontFiles>& scripts);

// What build_fonts merges: the text faces' own glyphs the fixed ranges miss
// (Cyrillic, Latin Extended-B, ...), then each script face with the used
// code points of its blocks.
std::vector<ScriptFont> script_fonts_for(const std::vector<ScriptFontFiles>& files, const std::set<char32_t>& used);

}  // namespace kiosk::ui
