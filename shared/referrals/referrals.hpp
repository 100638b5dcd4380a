// The local referral catalogue (content: assets/referrals/*.json) and the
// matching of offers to a resident's low-scoring domains and chosen intake
// themes. The match happens on the device and is shown only to this resident.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "questionnaire/scoring.hpp"

namespace kiosk::referrals {

struct Offer {
    std::string id;
    std::map<std::string, std::string> name;         // lang -> text
    std::map<std::string, std::string> description;  // lang -> one line
    std::string contact;                             // phone, address or opening hours (not translated)
    std::vector<std::string> domains;                // scoring domains it helps with
    std::vector<std::string> themes;                 // intake theme codes it helps with

    const std::string& text(const std::map<std::string, std::string>& m, const std::string& lang) const;
};

struct Catalogue {
    std::string town;
    std::vector<Offer> offers;
};

// Reads a catalogue; the error names the file and what is wrong.
Result<Catalogue> load_catalogue(const std::filesystem::path& file);

// A domain whose average is below this counts as "could be better".
inline constexpr double kLowScore = 6.0;

// Offers for the domains scoring below kLowScore (lowest first) and for the
// chosen themes, without duplicates, at most `limit`.
std::vector<Offer> match(const Catalogue& catalogue, const questionnaire::Scores* scores,
                         const std::vector<std::string>& themes, std::size_t limit = 3);

}  // namespace kiosk::referrals
