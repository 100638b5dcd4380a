// --check-glyphs: every text the kiosk can show against the fonts it is
// drawn in.
#pragma once

#include <vector>

#include "questionnaire/model.hpp"
#include "referrals/referrals.hpp"
#include "theme.hpp"

namespace kiosk::ui {

// Every text the kiosk can show (its catalogue in every language, the
// organisation's overrides, every questionnaire and referral text in
// every translation) against the fonts at the size they are drawn in:
// one line per character without a glyph on stderr, a summary on stdout.
// 0: all present, 3: some missing.
int check_glyphs(const Fonts& fonts, const std::vector<questionnaire::Questionnaire>& catalog,
                 const referrals::Catalogue& refs);

}  // namespace kiosk::ui
