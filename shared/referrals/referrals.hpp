// The local referral catalogue (content: assets/referrals/*.json) and the
// matching of offers to a resident's low-scoring domains, low single answers
// and chosen intake themes. The match happens on the device and is shown only
// to this resident. Each offer says how to reach it in words a screen shows
// and words read-aloud can say (days written out, phone numbers digit by
// digit), carries a pictogram and the date it was last checked.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "questionnaire/scoring.hpp"

namespace kiosk::referrals {

using Texts = std::map<std::string, std::string>;  // lang -> text

// Opening times: some days (mon..sun), from-to ("9:00", "17:00"); to may be
// empty (a start time only, "woensdag om 14 uur").
struct Hours {
    std::vector<std::string> days;  // "mon", "tue", ... in week order
    std::string from, to;           // "H:MM" or "HH:MM"
};

struct Offer {
    std::string id;
    Texts name;         // lang -> text
    Texts description;  // lang -> one line
    Texts address;      // where (a street, a building); may be empty
    std::string phone;  // as written, "0123 456 789"; may be empty
    std::vector<Hours> hours;
    Texts note;         // one more line ("Bel een dag van tevoren."); may be empty
    std::string icon;   // pictogram name (assets/icons/<icon>.png)
    std::string checked;  // ISO date the offer was last checked with the provider
    std::vector<std::string> domains;  // scoring domains it helps with
    std::vector<std::string> themes;   // intake theme codes it helps with
    std::vector<std::string> items;    // linkIds of single answers that call for it when low
    bool safety = false;               // the safety line (shown first when it applies)

    const std::string& text(const Texts& m, const std::string& lang) const;
};

// When the safety line applies: a domain whose average is below `below`.
struct SafetyWhen {
    std::string domain = "feelings";
    double below = 3.0;
};

struct Catalogue {
    std::string town;
    std::vector<Offer> offers;
    std::optional<Offer> safety;  // the safety line (113 / 112), from content
    SafetyWhen safety_when;
};

// Reads a catalogue; the error names the file and what is wrong.
Result<Catalogue> load_catalogue(const std::filesystem::path& file);

// A domain average or a single answer below this counts as "could be better"
// and calls for an offer.
inline constexpr double kLowScore = 6.0;

// Offers for the chosen themes, the domains scoring below kLowScore (lowest
// first) and single answers below it (scores.items, for the offers that name
// them), without duplicates, at most `limit`; the safety line first (not
// counted in the limit) when its domain is below its own bar.
std::vector<Offer> match(const Catalogue& catalogue, const questionnaire::Scores* scores,
                         const std::vector<std::string>& themes, std::size_t limit = 3);

// The lines the referral card shows under the description: the address, the
// days and times written out ("maandag tot en met vrijdag, van 9 tot 17
// uur"), the phone number as written, the note. Dutch and English; another
// language gets the English words.
std::vector<std::string> contact_lines(const Offer& offer, const std::string& lang);
// What read-aloud says for the same: the phone number digit by digit in
// groups ("0 1 2 3, 4 5 6, 7 8 9"), the rest as on screen.
std::string contact_speech(const Offer& offer, const std::string& lang);
// "maandag tot en met vrijdag, van 9 tot 17 uur" / "Monday to Friday, from 9:00 to 17:00".
std::string hours_text(const Hours& hours, const std::string& lang);
// "0 1 2 3, 4 5 6, 7 8 9": digits with spaces, groups as written.
std::string phone_speech(const std::string& phone);

// Offers (the safety line too) whose `checked` date is more than six months
// before today (an ISO date, "2026-12-01") or missing: local directories go
// stale within months. Ids in catalogue order.
std::vector<std::string> stale_offers(const Catalogue& catalogue, const std::string& today_iso);

// Checks a catalogue file the way `kioskctl lint` does: it loads, every offer
// has a Dutch and an English name and description (and address and note when
// present), an icon that exists in icons_dir (when given), a checked date, and
// days from mon..sun. Problems as "file:offer: message"; warnings (an offer
// older than six months) do not fail the lint.
struct CatalogueLint {
    std::vector<std::string> problems;
    std::vector<std::string> warnings;
};
CatalogueLint lint_catalogue(const std::filesystem::path& file, const std::string& today_iso,
                             const std::filesystem::path& icons_dir = {});

// A file is a referral catalogue (not a questionnaire) when its JSON has "offers".
bool looks_like_catalogue(const std::filesystem::path& file);

}  // namespace kiosk::referrals
