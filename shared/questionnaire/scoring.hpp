// Scoring: per-domain averages on a 0-10 scale from the items' domain tags,
// ignoring skipped and unanswered items, and the six-point spider chart model
// of the "How are you doing?" family (the UI draws it).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::questionnaire {

struct DomainScore {
    std::string domain;            // body, feelings, ...
    std::optional<double> average; // 0-10; nullopt when no answer fed it
    int items = 0;                 // answered items that fed the average
    int skipped = 0;               // enabled items of this domain that were skipped
    int total = 0;                 // enabled items tagged with this domain
};

struct SpiderAxis {
    std::string domain;
    std::optional<double> value;  // 0-10, nullopt = no data (draw as a gap)
    int items = 0;
};

struct Scores {
    std::vector<DomainScore> domains;  // domains that occur, in scoring_domains() order
    // Set when the questionnaire tags all six domains: one axis per domain in
    // scoring_domains() order.
    std::optional<std::vector<SpiderAxis>> spider;
    // Each answered item with a domain tag, on 0-10 (linkId -> score): a single
    // very low answer can call for help that the domain's average hides.
    std::map<std::string, double> items;

    const DomainScore* find(const std::string& domain) const {
        for (const auto& d : domains)
            if (d.domain == domain) return &d;
        return nullptr;
    }
};

}  // namespace kiosk::questionnaire
