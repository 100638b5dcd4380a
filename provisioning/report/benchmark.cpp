#include "report/benchmark.hpp"

#include <functional>
#include <set>
#include <sstream>

#include "report/report.hpp"
#include "session/completion.hpp"
#include "core/clock.hpp"

namespace kiosk::report {

namespace {

using Row = std::vector<std::string>;

json count_cell(std::int64_t n) { return n >= kBenchmarkMinCell ? json(n) : json(nullptr); }

// Quartiles and mean of a cell with enough people; the histogram only when
// every bin has enough people (a hidden bin would otherwise follow from n).
json dist_cell(const Dist& d) {
    if (d.n < kBenchmarkMinCell) return {{"n", nullptr}, {"suppressed", true}};
    json j = {{"n", d.n}, {"mean", d.mean}, {"q1", d.q1}, {"median", d.median}, {"q3", d.q3}};
    bool all = true;
    for (auto b : d.hist) all = all && b >= kBenchmarkMinCell;
    j["hist"] = all ? json(d.hist) : json(nullptr);
    return j;
}

}  // namespace

json benchmark_figures(const Facts& f, const Catalogue& cat, const std::string& organisation) {
    json out = {{"schema", kBenchmarkSchema},
                {"organisation", organisation},
                {"made", utc_day(SystemClock().wall_ms())},
                {"min_cell", kBenchmarkMinCell}};
    json families = json::array();
    (void)f.query(
        "SELECT family, variant FROM (SELECT family, variant FROM resp UNION SELECT family, variant FROM comp) "
        "GROUP BY family, variant ORDER BY family, variant",
        {}, [&](const Row& fv) {
            // The questionnaire ids of this family and variant (one per version line).
            std::string any_qid;
            (void)f.query("SELECT qid FROM resp WHERE family=? AND variant=? LIMIT 1", {fv[0], fv[1]},
                          [&](const Row& r) { any_qid = r[0]; });
            json fam = {{"family", fv[0]}, {"variant", fv[1]}, {"purpose", purpose_of(cat.find(any_qid))}};
            json quarters = json::array();
            (void)f.query(
                "SELECT quarter FROM (SELECT quarter FROM resp WHERE family=?1 AND variant=?2 UNION "
                "SELECT quarter FROM comp WHERE family=?1 AND variant=?2) GROUP BY quarter ORDER BY quarter",
                {fv[0], fv[1]}, [&](const Row& qr) {
                    const std::vector<std::string> b = {fv[0], fv[1], qr[0]};
                    json qj = {{"quarter", qr[0]}};
                    const std::int64_t fin = f.count("SELECT COUNT(*) FROM resp WHERE family=? AND variant=? AND quarter=?", b);
                    const std::int64_t early =
                        f.count("SELECT COUNT(*) FROM comp WHERE family=? AND variant=? AND quarter=? AND reason IN ('idle','stop')", b);
                    qj["responses"] = count_cell(fin);
                    // Started = finished + stopped. Each shown only when neither it nor
                    // what it gives away by subtraction is a small cell.
                    const std::int64_t started = fin + early;
                    json comp = {{"started", count_cell(started)}};
                    const bool show_split = started >= kBenchmarkMinCell && fin >= kBenchmarkMinCell && early >= kBenchmarkMinCell;
                    comp["finished"] = show_split ? json(fin) : json(nullptr);
                    comp["stopped"] = show_split ? json(early) : json(nullptr);
                    comp["finished_share"] = show_split ? json(static_cast<double>(fin) / static_cast<double>(started)) : json(nullptr);
                    if (!show_split) qj["responses"] = nullptr;
                    qj["completion"] = comp;
                    json doms = json::array();
                    for (const auto& d : questionnaire::scoring_domains()) {
                        Dist dd = f.dist("SELECT s.value FROM score s JOIN resp r ON r.id=s.rid WHERE r.family=? AND "
                                         "r.variant=? AND r.quarter=? AND s.domain=? ORDER BY s.value",
                                         {fv[0], fv[1], qr[0], d});
                        if (dd.n == 0) continue;
                        json c = dist_cell(dd);
                        c["domain"] = d;
                        doms.push_back(c);
                    }
                    qj["domains"] = doms;
                    quarters.push_back(qj);
                });
            fam["quarters"] = quarters;
            json effect = json::array();
            // Case-reference pairs only: a brought result is rounded to whole
            // numbers and stays in the organisation's own report.
            for (const auto& d : questionnaire::scoring_domains()) {
                Dist ch = f.dist("SELECT change FROM pair WHERE family=? AND variant=? AND domain=? AND "
                                 "source='case_reference' ORDER BY change",
                                 {fv[0], fv[1], d});
                if (ch.n == 0) continue;
                json c = dist_cell(ch);
                c["hist"] = nullptr;  // change runs -10..10: the 0-10 bins do not apply
                c["domain"] = d;
                effect.push_back(c);
            }
            fam["effect"] = effect;
            families.push_back(fam);
        });
    out["families"] = families;
    return out;
}

Status check_benchmark(const json& file, const std::string& where) {
    if (!file.is_object() || file.value("schema", "") != kBenchmarkSchema)
        return make_error(where + ": not a benchmark file of schema " + kBenchmarkSchema);
    std::string problem;
    std::function<void(const json&, const std::string&)> walk = [&](const json& j, const std::string& path) {
        if (!problem.empty()) return;
        if (j.is_object())
            for (auto it = j.begin(); it != j.end(); ++it) walk(it.value(), path + "." + it.key());
        else if (j.is_array())
            for (std::size_t i = 0; i < j.size(); ++i) walk(j[i], path + "[" + std::to_string(i) + "]");
        else if (j.is_number_integer() && path.find("min_cell") == std::string::npos && j.get<std::int64_t>() < kBenchmarkMinCell)
            problem = path + " is a cell of fewer than " + std::to_string(kBenchmarkMinCell);
    };
    walk(file["families"], "families");
    if (!problem.empty()) return make_error(where + ": " + problem);
    return ok_status();
}

std::string compare_html(const std::vector<json>& files, const std::string& lang) {
    const bool en = lang == "en";
    std::ostringstream h;
    h << page_head(en ? "Organisations side by side" : "Organisaties naast elkaar", lang);
    h << "<h1>" << (en ? "Organisations side by side" : "Organisaties naast elkaar") << "</h1>\n<p class=\"note\">"
      << (en ? "Each organisation shared only totals: groups of fewer than 10 people are left out. The boxes show the "
               "middle half of the scores and the middle (median), per quarter. Differences between organisations can come "
               "from who they reach, not only from what they do."
             : "Elke organisatie deelde alleen totalen: groepen van minder dan 10 mensen staan er niet in. De blokken tonen "
               "de middelste helft van de scores en het midden (mediaan), per kwartaal. Verschillen tussen organisaties "
               "kunnen komen door wie ze bereiken, niet alleen door wat ze doen.")
      << "</p>\n";
    h << "<table><tr><th>" << (en ? "Organisation" : "Organisatie") << "</th><th>" << (en ? "Made" : "Gemaakt") << "</th></tr>\n";
    for (const auto& f : files)
        h << "<tr><td>" << html_escape(f.value("organisation", "?")) << "</td><td>" << html_escape(f.value("made", "")) << "</td></tr>\n";
    h << "</table>\n";
    // Every family/variant any file has, in order.
    std::set<std::pair<std::string, std::string>> fvs;
    for (const auto& f : files)
        for (const auto& fam : f["families"]) fvs.insert({fam["family"].get<std::string>(), fam["variant"].get<std::string>()});
    for (const auto& [family, variant] : fvs) {
        h << "<section><h2>" << html_escape(family) << " (" << html_escape(variant) << ")</h2>\n";
        // Completion table.
        h << "<table><tr><th>" << (en ? "Organisation" : "Organisatie") << "</th><th>" << (en ? "Quarter" : "Kwartaal")
          << "</th><th>" << (en ? "Started" : "Begonnen") << "</th><th>" << (en ? "Finished" : "Afgemaakt") << "</th></tr>\n";
        auto cell = [&](const json& v) {
            return v.is_null() ? std::string(en ? "fewer than 10" : "minder dan 10")
                   : v.is_number_float() ? fmt_num(100 * v.get<double>(), lang, 0) + " %"
                                         : std::to_string(v.get<std::int64_t>());
        };
        for (const auto& f : files)
            for (const auto& fam : f["families"])
                if (fam["family"] == family && fam["variant"] == variant)
                    for (const auto& qj : fam["quarters"])
                        h << "<tr><td>" << html_escape(f.value("organisation", "?")) << "</td><td>"
                          << html_escape(qj["quarter"].get<std::string>()) << "</td><td class=\"n\">"
                          << cell(qj["completion"]["started"]) << "</td><td class=\"n\">" << cell(qj["completion"]["finished_share"])
                          << "</td></tr>\n";
        h << "</table>\n";
        for (const auto& d : questionnaire::scoring_domains()) {
            std::vector<std::pair<std::string, json>> rows;
            for (const auto& f : files)
                for (const auto& fam : f["families"])
                    if (fam["family"] == family && fam["variant"] == variant)
                        for (const auto& qj : fam["quarters"])
                            for (const auto& c : qj["domains"])
                                if (c["domain"] == d) {
                                    json box = c;
                                    if (box.contains("q1")) box["min"] = box["q1"], box["max"] = box["q3"];
                                    rows.push_back({f.value("organisation", "?") + " " + qj["quarter"].get<std::string>(), box});
                                }
            if (rows.empty()) continue;
            h << "<h3>" << html_escape(tr("dom." + d, lang)) << "</h3>\n" << box_chart(rows, lang);
        }
        h << "</section>\n";
    }
    h << "</body>\n</html>\n";
    return h.str();
}

}  // namespace kiosk::report
