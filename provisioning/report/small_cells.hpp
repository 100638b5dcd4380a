// Small cells: the one rule for every count of people the report shows.
//
//  1. A count of 1 to min_cell - 1 people (kReportMinCell = 5) is not shown:
//     "fewer than 5" on the page, null in report.json ("small"). Zero is
//     shown: it is no one, so it points at no one.
//  2. Counts that add up (a whole and its parts: the sites and the total,
//     started = finished + idle + stop + other) are declared as a relation.
//     Whenever the shown counts would give away a small group by adding and
//     subtracting (one hidden part, or hidden parts that together are 1 to
//     min_cell - 1 people), the smallest shown part of that relation is hidden
//     too ("complement": "not shown" on the page, null in report.json), until
//     nothing small can be worked out.
//
// Every table and chart of the report takes its numbers from here
// (report.cpp); the work list is not a statistic (it lists each entry for the
// staff who act on it) and is the one exception.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kiosk::report {

class SmallCells {
public:
    using json = nlohmann::ordered_json;
    using Id = std::size_t;

    explicit SmallCells(int min_cell) : min_cell_(min_cell) {}

    // A count shown at out[parent][field]. is_dist: parent is a distribution
    // (n, mean, quartiles...) that goes as a whole when n is hidden.
    Id shown(std::int64_t n, std::string parent, std::string field = "n", bool is_dist = false);
    // A count the report does not show but that is a part of a relation (the
    // people who did not use the easy variant: n - easy). Working it out is
    // harmless unless it is small.
    Id unshown(std::int64_t n);
    // total is the sum of parts.
    void relation(Id total, std::vector<Id> parts);

    // Applies both rules and writes the result into out: hidden counts become
    // null and their object gets "suppressed": {field: "small"|"complement"}
    // (a hidden distribution keeps only n and suppressed).
    void apply(json& out);

private:
    struct Cell {
        std::int64_t n = 0;
        std::string parent, field;
        bool on_page = true, is_dist = false;
        const char* hidden = nullptr;  // nullptr, "small" or "complement"
    };
    // Cells a reader can know: the shown ones and whatever the relations give away.
    std::vector<bool> known() const;
    int min_cell_;
    std::vector<Cell> cells_;
    struct Relation {
        Id total;
        std::vector<Id> parts;
    };
    std::vector<Relation> relations_;
    // Hides the smallest shown part of r (the total only when no part is left); false when nothing is left.
    bool hide_one(const Relation& r);
    bool small(std::int64_t n) const { return n > 0 && n < min_cell_; }
};

}  // namespace kiosk::report
