// Index of this file:
// [SECTION] reading the catalogue
// [SECTION] dates
// [SECTION] offers and matching
// [SECTION] contact texts and speech
// [SECTION] catalogue lint

#include "referrals/referrals.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "i18n/catalog.hpp"

namespace kiosk::referrals {

using json = nlohmann::json;

namespace {

// [SECTION] reading the catalogue
const std::vector<std::string>& week() {
    static const std::vector<std::string> k{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    return k;
}

// The day's name in `lang` (the kiosk's catalogue: referral.day.<code>).
std::string day_name(const std::string& code, const std::string& lang) {
    if (std::find(week().begin(), week().end(), code) == week().end()) return {};
    return i18n::tr("referral.day." + code, lang);
}

// A text field: {"nl": ..., "en": ...} or one string for every language.
Texts texts(const json& o, const char* key) {
    if (!o.contains(key)) return {};
    const json& v = o.at(key);
    if (v.is_string()) return {{"nl", v.get<std::string>()}};
    return v.get<Texts>();
}

Offer read_offer(const json& o) {
    Offer offer;
    offer.id = o.at("id").get<std::string>();
    offer.name = o.at("name").get<Texts>();
    offer.description = texts(o, "description");
    offer.address = texts(o, "address");
    offer.note = texts(o, "note");
    offer.phone = o.value("phone", "");
    offer.icon = o.value("icon", "");
    offer.checked = o.value("checked", "");
    offer.domains = o.value("domains", std::vector<std::string>{});
    offer.themes = o.value("themes", std::vector<std::string>{});
    offer.items = o.value("items", std::vector<std::string>{});
    if (o.contains("hours"))
        for (const auto& h : o.at("hours")) {
            Hours hours;
            hours.days = h.at("days").get<std::vector<std::string>>();
            hours.from = h.value("from", "");
            hours.to = h.value("to", "");
            offer.hours.push_back(std::move(hours));
        }
    return offer;
}

// "9:00" -> "9", "9:30" -> "9.30" (Dutch) / "9:30" (English); "" stays "".
std::string time_text(const std::string& t, const std::string& lang) {
    auto colon = t.find(':');
    if (colon == std::string::npos) return t;
    std::string h = t.substr(0, colon), m = t.substr(colon + 1);
    while (h.size() > 1 && h[0] == '0') h.erase(0, 1);
    if (lang == "nl") return m == "00" ? h : h + "." + m;
    return h + ":" + m;
}

// Days in words: a run of three or more in week order is "from X to Y".
std::string days_text(const std::vector<std::string>& days, const std::string& lang) {
    std::vector<int> idx;
    for (const auto& d : days) {
        auto it = std::find(week().begin(), week().end(), d);
        if (it != week().end()) idx.push_back(static_cast<int>(it - week().begin()));
    }
    std::sort(idx.begin(), idx.end());
    idx.erase(std::unique(idx.begin(), idx.end()), idx.end());
    if (idx.size() == 7) return i18n::tr("referral.every-day", lang);
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < idx.size();) {
        std::size_t j = i;
        while (j + 1 < idx.size() && idx[j + 1] == idx[j] + 1) ++j;
        if (j - i >= 2) {
            parts.push_back(i18n::fmt("referral.days-range", lang,
                                      {{"a", day_name(week()[idx[i]], lang)}, {"b", day_name(week()[idx[j]], lang)}}));
        } else {
            for (std::size_t k = i; k <= j; ++k) parts.push_back(day_name(week()[idx[k]], lang));
        }
        i = j + 1;
    }
    // "a, b and c": the last two joined by the language's "and".
    std::string out;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) out += (i > 0 ? ", " : "") + parts[i];
    if (parts.size() == 1) return parts[0];
    if (parts.size() > 1) out = i18n::fmt("referral.and", lang, {{"a", out}, {"b", parts.back()}});
    return out;
}

// [SECTION] dates
int days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int>(doe) - 719468;
}

bool parse_iso(const std::string& s, int& y, int& m, int& d) {
    return s.size() == 10 && std::sscanf(s.c_str(), "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 && m <= 12 && d >= 1 &&
           d <= 31;
}

// More than six calendar months before today (or not a date).
bool older_than_six_months(const std::string& checked, const std::string& today) {
    int y, m, d, ty, tm, td;
    if (!parse_iso(checked, y, m, d)) return true;
    if (!parse_iso(today, ty, tm, td)) return false;
    m += 6;
    if (m > 12) {
        m -= 12;
        ++y;
    }
    return days_from_civil(ty, static_cast<unsigned>(tm), static_cast<unsigned>(td)) >
           days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(std::min(d, 28)));
}

}  // namespace

// [SECTION] offers and matching
const std::string& Offer::text(const Texts& m, const std::string& lang) const {
    static const std::string empty;
    if (auto it = m.find(lang); it != m.end()) return it->second;
    if (auto it = m.find("en"); it != m.end() && lang != "nl") return it->second;
    if (auto it = m.find("nl"); it != m.end()) return it->second;
    return m.empty() ? empty : m.begin()->second;
}

Result<Catalogue> load_catalogue(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) return make_error(file.string() + ": cannot read the referral catalogue");
    try {
        auto j = json::parse(in);
        Catalogue c;
        c.town = j.value("town", "");
        for (const auto& o : j.at("offers")) {
            Offer offer = read_offer(o);
            if (offer.name.count("nl") == 0)
                return make_error(file.string() + ": offer " + offer.id + " has no Dutch name");
            c.offers.push_back(std::move(offer));
        }
        if (j.contains("safety")) {
            const json& s = j.at("safety");
            Offer offer = read_offer(s);
            offer.safety = true;
            if (s.contains("when")) {
                c.safety_when.domain = s["when"].value("domain", "feelings");
                c.safety_when.below = s["when"].value("below", 3.0);
            }
            c.safety = std::move(offer);
        }
        return c;
    } catch (const std::exception& e) {
        return make_error(file.string() + ": not a referral catalogue (" + e.what() + ")");
    }
}

std::vector<Offer> match(const Catalogue& catalogue, const questionnaire::Scores* scores,
                         const std::vector<std::string>& themes, std::size_t limit) {
    std::vector<std::pair<double, std::string>> low;  // (average, domain)
    if (scores)
        for (const auto& d : scores->domains)
            if (d.average && *d.average < kLowScore) low.emplace_back(*d.average, d.domain);
    std::sort(low.begin(), low.end());

    std::vector<Offer> out;
    if (catalogue.safety && scores)
        if (const auto* d = scores->find(catalogue.safety_when.domain); d && d->average && *d->average < catalogue.safety_when.below)
            out.push_back(*catalogue.safety);
    const std::size_t cap = limit + out.size();
    std::set<std::string> taken;
    auto take = [&](const Offer& o) {
        if (out.size() < cap && taken.insert(o.id).second) out.push_back(o);
    };
    for (const auto& t : themes)
        for (const auto& o : catalogue.offers)
            if (std::find(o.themes.begin(), o.themes.end(), t) != o.themes.end()) take(o);
    // A single very low answer (money 1 of 10) calls for its offer even when
    // the domain's average hides it; lowest answers first.
    if (scores) {
        std::vector<std::pair<double, std::string>> items;
        for (const auto& [id, v] : scores->items)
            if (v < kLowScore) items.emplace_back(v, id);
        std::sort(items.begin(), items.end());
        for (const auto& [v, id] : items)
            for (const auto& o : catalogue.offers)
                if (std::find(o.items.begin(), o.items.end(), id) != o.items.end()) take(o);
    }
    for (const auto& [avg, domain] : low)
        for (const auto& o : catalogue.offers)
            if (std::find(o.domains.begin(), o.domains.end(), domain) != o.domains.end()) take(o);
    return out;
}

// [SECTION] contact texts and speech
std::string hours_text(const Hours& h, const std::string& lang) {
    std::string days = days_text(h.days, lang);
    std::string from = time_text(h.from, lang), to = time_text(h.to, lang);
    if ((from == "0" || from == "0:00") && (to == "24" || to == "24:00"))
        return i18n::fmt("referral.day-and-night", lang, {{"days", days}});
    if (!from.empty() && !to.empty())
        return i18n::fmt("referral.hours-range", lang, {{"days", days}, {"from", from}, {"to", to}});
    if (!from.empty()) return i18n::fmt("referral.hours-at", lang, {{"days", days}, {"from", from}});
    return days;
}

std::string phone_speech(const std::string& phone) {
    std::string out;
    bool group_open = false;
    for (char c : phone) {
        if (c >= '0' && c <= '9') {
            if (!out.empty()) out += group_open ? " " : ", ";
            out += c;
            group_open = true;
        } else if (c == '+') {
            if (!out.empty()) out += ", ";
            out += "plus";
            group_open = true;
        } else {
            group_open = false;
        }
    }
    return out;
}

std::vector<std::string> contact_lines(const Offer& o, const std::string& lang) {
    std::vector<std::string> out;
    if (!o.address.empty()) out.push_back(o.text(o.address, lang));
    for (const auto& h : o.hours) out.push_back(hours_text(h, lang));
    if (!o.phone.empty()) out.push_back(i18n::fmt("referral.phone", lang, {{"n", o.phone}}));
    if (!o.note.empty()) out.push_back(o.text(o.note, lang));
    return out;
}

std::string contact_speech(const Offer& o, const std::string& lang) {
    std::string out;
    auto add = [&](const std::string& s) {
        if (s.empty()) return;
        if (!out.empty()) out += ". ";
        out += s;
    };
    if (!o.address.empty()) add(o.text(o.address, lang));
    for (const auto& h : o.hours) add(hours_text(h, lang));
    if (!o.phone.empty()) add(i18n::fmt("referral.phone", lang, {{"n", phone_speech(o.phone)}}));
    if (!o.note.empty()) add(o.text(o.note, lang));
    return out;
}

// [SECTION] catalogue lint
std::vector<std::string> stale_offers(const Catalogue& c, const std::string& today) {
    std::vector<std::string> out;
    if (c.safety && older_than_six_months(c.safety->checked, today)) out.push_back(c.safety->id);
    for (const auto& o : c.offers)
        if (older_than_six_months(o.checked, today)) out.push_back(o.id);
    return out;
}

bool looks_like_catalogue(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) return false;
    auto j = json::parse(in, nullptr, false);
    return j.is_object() && j.contains("offers") && !j.contains("resourceType");
}

CatalogueLint lint_catalogue(const std::filesystem::path& file, const std::string& today,
                             const std::filesystem::path& icons_dir) {
    CatalogueLint r;
    auto c = load_catalogue(file);
    if (!c) {
        r.problems.push_back(c.error().message);
        return r;
    }
    std::vector<const Offer*> all;
    if (c->safety) all.push_back(&*c->safety);
    for (const auto& o : c->offers) all.push_back(&o);
    std::set<std::string> ids;
    for (const Offer* o : all) {
        const std::string at = file.string() + ":" + o->id + ": ";
        if (!ids.insert(o->id).second) r.problems.push_back(at + "two offers with this id");
        auto both = [&](const Texts& t, const char* what, bool required) {
            if (t.empty() && !required) return;
            for (const char* lang : {"nl", "en"})
                if (!t.count(lang) || t.at(lang).empty())
                    r.problems.push_back(at + "no " + lang + " text for " + what);
        };
        both(o->name, "name", true);
        both(o->description, "description", true);
        both(o->address, "address", false);
        both(o->note, "note", false);
        if (o->icon.empty()) r.problems.push_back(at + "no icon (a pictogram per offer)");
        else if (!icons_dir.empty() && !std::filesystem::exists(icons_dir / (o->icon + ".png")))
            r.problems.push_back(at + "icon '" + o->icon + "' is not in " + icons_dir.string());
        if (o->address.empty() && o->phone.empty() && o->hours.empty())
            r.problems.push_back(at + "no way to reach it (address, phone or hours)");
        for (char ch : o->phone)
            if (!((ch >= '0' && ch <= '9') || ch == ' ' || ch == '-' || ch == '+')) {
                r.problems.push_back(at + "phone '" + o->phone + "' has more than digits, spaces, - and +");
                break;
            }
        for (const auto& h : o->hours)
            for (const auto& d : h.days)
                if (std::find(week().begin(), week().end(), d) == week().end())
                    r.problems.push_back(at + "day '" + d + "' is not one of mon tue wed thu fri sat sun");
        int y, m, d;
        if (o->checked.empty()) r.problems.push_back(at + "no 'checked' date (when the offer was last checked)");
        else if (!parse_iso(o->checked, y, m, d)) r.problems.push_back(at + "checked '" + o->checked + "' is not a date like 2026-11-30");
        else if (older_than_six_months(o->checked, today))
            r.warnings.push_back(at + "last checked " + o->checked + ", more than six months ago: check it with the provider");
    }
    return r;
}

}  // namespace kiosk::referrals
