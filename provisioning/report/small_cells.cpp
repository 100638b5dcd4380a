#include "report/small_cells.hpp"

#include <algorithm>

namespace kiosk::report {

SmallCells::Id SmallCells::shown(std::int64_t n, std::string parent, std::string field, bool is_dist) {
    Cell c;
    c.n = n;
    c.parent = std::move(parent);
    c.field = std::move(field);
    c.is_dist = is_dist;
    if (small(n)) c.hidden = "small";
    cells_.push_back(std::move(c));
    return cells_.size() - 1;
}

SmallCells::Id SmallCells::unshown(std::int64_t n) {
    Cell c;
    c.n = n;
    c.on_page = false;
    cells_.push_back(std::move(c));
    return cells_.size() - 1;
}

void SmallCells::relation(Id total, std::vector<Id> parts) {
    if (!parts.empty()) relations_.push_back({total, std::move(parts)});
}

std::vector<bool> SmallCells::known() const {
    std::vector<bool> k(cells_.size());
    for (std::size_t i = 0; i < cells_.size(); ++i) k[i] = cells_[i].on_page && !cells_[i].hidden;
    // A relation with one unknown count gives it away; repeat until nothing changes.
    for (bool changed = true; changed;) {
        changed = false;
        for (const auto& r : relations_) {
            std::size_t unknown = !k[r.total], which = r.total;
            for (Id id : r.parts)
                if (!k[id]) ++unknown, which = id;
            if (unknown == 1) k[which] = true, changed = true;
        }
    }
    return k;
}

bool SmallCells::hide_one(const Relation& r) {
    Id best = cells_.size();
    for (Id o : r.parts)
        if (cells_[o].on_page && !cells_[o].hidden && (best == cells_.size() || cells_[o].n < cells_[best].n)) best = o;
    if (best == cells_.size() && cells_[r.total].on_page && !cells_[r.total].hidden) best = r.total;
    if (best == cells_.size()) return false;
    cells_[best].hidden = "complement";
    return true;
}

void SmallCells::apply(json& out) {
    // Rule 1 was applied as the cells came in. Rule 2: until nothing small can
    // be worked out, hide one more count per leak found.
    for (bool leak = true; leak;) {
        leak = false;
        const std::vector<bool> k = known();
        for (const auto& r : relations_) {
            // The hidden parts of a known total add up to a group: not a small one.
            if (!k[r.total]) continue;
            std::int64_t sum = 0;
            for (Id id : r.parts)
                if (!k[id]) sum += cells_[id].n;
            if (small(sum) && hide_one(r)) {
                leak = true;
                break;
            }
        }
        if (leak) continue;
        // A small count worked out some other way (e.g. as a total): hide a part
        // of a relation that gives it away.
        for (Id id = 0; id < cells_.size() && !leak; ++id) {
            const Cell& c = cells_[id];
            if (!k[id] || !small(c.n) || (c.on_page && !c.hidden)) continue;
            for (const auto& r : relations_) {
                const bool in = r.total == id || std::find(r.parts.begin(), r.parts.end(), id) != r.parts.end();
                if (in && hide_one(r)) {
                    leak = true;
                    break;
                }
            }
        }
    }
    // A count hidden only to protect another, that the rest gives away anyway,
    // hides nothing: show it (what a reader can work out stays the same).
    {
        const std::vector<bool> k = known();
        for (std::size_t i = 0; i < cells_.size(); ++i)
            if (k[i] && cells_[i].hidden && std::string(cells_[i].hidden) == "complement") cells_[i].hidden = nullptr;
    }
    for (const auto& c : cells_) {
        if (!c.on_page || !c.hidden) continue;
        json& obj = out[json::json_pointer(c.parent)];
        if (c.is_dist) obj = json{{"n", nullptr}};
        else obj[c.field] = nullptr;
        obj["suppressed"][c.field] = c.hidden;
    }
}

}  // namespace kiosk::report
