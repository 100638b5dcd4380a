// Facts: what the report and the sector benchmark count, taken from every
// opened envelope once, streaming, into a temporary SQLite file (so memory
// stays flat however many responses there are; sorting and pairing happen on
// disk). One row per response, per domain score, per answered scale and
// choice, per completion record, per work-list entry. The file holds answers
// in clear: it lives beside the output and is deleted when Facts goes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "core/sqlite.hpp"
#include "device/enrollment.hpp"
#include "endpoint/store.hpp"
#include "questionnaire/model.hpp"

namespace kiosk::report {

using json = nlohmann::ordered_json;

// The questionnaire definitions the report reads domains, steps and purpose from.
struct Catalogue {
    std::map<std::string, questionnaire::Questionnaire> by_id;
    const questionnaire::Questionnaire* find(const std::string& id) const {
        auto it = by_id.find(id);
        return it == by_id.end() ? nullptr : &it->second;
    }
};
// Every *.json questionnaire in dir (or dir/questionnaires when that exists).
Result<Catalogue> load_catalogue(const std::filesystem::path& dir);

// The family a questionnaire belongs to: its id without the variant suffix
// ("howareyou-short" -> "howareyou"); the id itself when there is none.
std::string family_of(const std::string& id, const std::string& variant);
// "measure" or "conversation" (the default when the questionnaire does not say).
std::string purpose_of(const questionnaire::Questionnaire* q);

// Per-domain averages of one response, scored as the kiosk scores it
// (questionnaire/interview.cpp): 0-10 scales as is, other ranges stretched,
// choices by ordinalValue; skipped items do not count.
std::map<std::string, double> domain_scores(const questionnaire::Questionnaire& q, const json& response);

// Our extension base (shared/questionnaire/README.md).
inline constexpr const char* kExt = "https://fhir.intake-kiosk.example/StructureDefinition/";

struct Period {
    std::string from, to;  // YYYY-MM-DD, inclusive; "" = open
    bool contains(const std::string& day) const {
        return (from.empty() || day >= from) && (to.empty() || day <= to);
    }
};

// A five-number summary with mean and a 10-bin histogram (0-1, ..., 9-10;
// 10 goes in the last bin). Quartiles by linear interpolation between order
// statistics (h = (n-1)p, as R's type 7 and numpy's default).
struct Dist {
    std::int64_t n = 0;
    double mean = 0, min = 0, q1 = 0, median = 0, q3 = 0, max = 0;
    std::vector<std::int64_t> hist = std::vector<std::int64_t>(10, 0);
};
Dist summarize(const std::vector<double>& sorted_values);

class Facts {
public:
    // Opens every envelope in the store (verified), keeps those of the period.
    static Result<std::unique_ptr<Facts>> collect(endpoint::Store& store, const OrgSecretKeys& keys,
                                                  const Catalogue& catalogue, const Period& period,
                                                  const std::filesystem::path& tmp_dir);
    ~Facts();
    Facts(const Facts&) = delete;
    Facts& operator=(const Facts&) = delete;

    sqlite3* db() const { return db_.get(); }
    std::int64_t failed() const { return failed_; }
    // Runs sql (with text binds) and calls row(columns as text) per row.
    Status query(const std::string& sql, const std::vector<std::string>& binds,
                 const std::function<void(const std::vector<std::string>&)>& row) const;
    std::int64_t count(const std::string& sql, const std::vector<std::string>& binds = {}) const;
    // Distribution of the first column of sql (which must ORDER BY it), streamed.
    Dist dist(const std::string& sql, const std::vector<std::string>& binds = {}) const;

private:
    Facts() = default;
    sql::Db db_;
    std::filesystem::path path_;
    std::int64_t failed_ = 0;
};

}  // namespace kiosk::report
