#include "referrals/referrals.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

namespace kiosk::referrals {

const std::string& Offer::text(const std::map<std::string, std::string>& m, const std::string& lang) const {
    static const std::string empty;
    if (auto it = m.find(lang); it != m.end()) return it->second;
    if (auto it = m.find("nl"); it != m.end()) return it->second;
    return m.empty() ? empty : m.begin()->second;
}

Result<Catalogue> load_catalogue(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) return make_error(file.string() + ": cannot read the referral catalogue");
    try {
        auto j = nlohmann::json::parse(in);
        Catalogue c;
        c.town = j.value("town", "");
        int n = 0;
        for (const auto& o : j.at("offers")) {
            ++n;
            Offer offer;
            offer.id = o.at("id").get<std::string>();
            offer.name = o.at("name").get<std::map<std::string, std::string>>();
            offer.description = o.value("description", std::map<std::string, std::string>{});
            offer.contact = o.value("contact", "");
            offer.domains = o.value("domains", std::vector<std::string>{});
            offer.themes = o.value("themes", std::vector<std::string>{});
            if (offer.name.count("nl") == 0)
                return make_error(file.string() + ": offer " + offer.id + " has no Dutch name");
            c.offers.push_back(std::move(offer));
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
    std::set<std::string> taken;
    auto take = [&](const Offer& o) {
        if (out.size() < limit && taken.insert(o.id).second) out.push_back(o);
    };
    for (const auto& t : themes)
        for (const auto& o : catalogue.offers)
            if (std::find(o.themes.begin(), o.themes.end(), t) != o.themes.end()) take(o);
    for (const auto& [avg, domain] : low)
        for (const auto& o : catalogue.offers)
            if (std::find(o.domains.begin(), o.domains.end(), domain) != o.domains.end()) take(o);
    return out;
}

}  // namespace kiosk::referrals
