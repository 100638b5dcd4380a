#include "glyph_check.hpp"

#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <string>

#include "i18n/catalog.hpp"
#include "widgets.hpp"

namespace kiosk::ui {

int check_glyphs(const Fonts& fonts, const std::vector<questionnaire::Questionnaire>& catalog,
                 const referrals::Catalogue& refs) {
    std::map<unsigned, std::string> missing;  // code point -> first text it is in
    auto check = [&](const std::string& where, const std::string& t) {
        for (ImFont* font : {fonts.body, fonts.heading, fonts.large})
            for (unsigned c : missing_glyphs(t, font)) missing.emplace(c, where + ": " + t);
    };
    auto check_tr = [&](const std::string& where, const questionnaire::Translatable& t) {
        check(where, t.base);
        for (const auto& [lang, text] : t.translations) check(where + " (" + lang + ")", text);
    };
    std::size_t texts = 0;
    for (const auto& key : i18n::keys())
        for (const auto& l : i18n::languages()) {
            check("catalogue " + key + " (" + l.code + ")", i18n::tr(key, l.code));
            for (const auto& form : i18n::plural_forms(key, l.code)) check("catalogue " + key + " plural (" + l.code + ")", form);
            ++texts;
        }
    std::function<void(const std::string&, const std::vector<questionnaire::Item>&)> items =
        [&](const std::string& qid, const std::vector<questionnaire::Item>& list) {
            for (const auto& it : list) {
                const std::string where = qid + ":" + it.link_id;
                for (const auto* t : {&it.text, &it.scale_low, &it.scale_high, &it.sensitive_why}) check_tr(where, *t);
                check(where, it.prefix);
                for (const auto& o : it.options) check_tr(where + " option", o.display);
                texts += 5 + it.options.size();
                items(qid, it.children);
            }
        };
    for (const auto& qn : catalog) {
        check_tr(qn.id + " title", qn.title);
        check_tr(qn.id + " description", qn.description);
        items(qn.id, qn.items);
    }
    std::vector<referrals::Offer> offers = refs.offers;
    if (refs.safety) offers.push_back(*refs.safety);
    for (const auto& o : offers) {
        for (const auto& [lang, t] : o.name) check("referral " + o.id + " (" + lang + ")", t);
        for (const auto& [lang, t] : o.description) check("referral " + o.id + " (" + lang + ")", t);
        for (const char* lang : {"nl", "en"})
            for (const auto& line : referrals::contact_lines(o, lang)) check("referral " + o.id + " (" + lang + ")", line);
    }
    for (const auto& [c, where] : missing) {
        char cp[16];
        std::snprintf(cp, sizeof cp, "U+%04X", c);
        std::cerr << "kiosk: no glyph for " << cp << " in " << where << "\n";
    }
    std::cout << "checked " << texts << " texts: " << missing.size() << " characters without a glyph\n";
    return missing.empty() ? 0 : 3;
}

}  // namespace kiosk::ui
