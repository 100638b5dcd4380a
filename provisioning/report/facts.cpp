#include "report/facts.hpp"

#include <sqlite3.h>
#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "crypto/crypto.hpp"
#include "endpoint/export.hpp"
#include "questionnaire/loader.hpp"

namespace kiosk::report {

namespace fs = std::filesystem;
namespace q = questionnaire;

Result<Catalogue> load_catalogue(const fs::path& dir) {
    fs::path where = fs::exists(dir / "questionnaires") ? dir / "questionnaires" : dir;
    std::error_code ec;
    if (!fs::is_directory(where, ec)) return make_error("no questionnaire folder at " + where.string());
    Catalogue c;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(where, ec))
        if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        auto r = q::load_questionnaire_file(f);
        if (!r.questionnaire) continue;  // not a questionnaire we can read: its responses still count
        c.by_id[r.questionnaire->id] = std::move(*r.questionnaire);
    }
    return c;
}

std::string family_of(const std::string& id, const std::string& variant) {
    const std::string suffix = "-" + variant;
    if (!variant.empty() && id.size() > suffix.size() && id.compare(id.size() - suffix.size(), suffix.size(), suffix) == 0)
        return id.substr(0, id.size() - suffix.size());
    return id;
}

std::string purpose_of(const q::Questionnaire* qn) {
    return qn && qn->purpose == "measure" ? "measure" : "conversation";
}

namespace {

// Each answer of each item, by linkId (nested items included).
void walk_items(const json& items, const std::function<void(const std::string&, const json&)>& fn) {
    if (!items.is_array()) return;
    for (const auto& it : items) {
        if (!it.is_object()) continue;
        const std::string link = it.value("linkId", "");
        if (it.contains("answer") && it["answer"].is_array())
            for (const auto& a : it["answer"]) {
                fn(link, a);
                if (a.contains("item")) walk_items(a["item"], fn);
            }
        if (it.contains("item")) walk_items(it["item"], fn);
    }
}

std::optional<double> item_score(const q::Item& item, const json& answer) {
    if (answer.contains("valueInteger") && answer["valueInteger"].is_number() && item.type == q::ItemType::Integer) {
        double lo = item.min_value.value_or(0), hi = item.max_value.value_or(10);
        double v = answer["valueInteger"].get<double>();
        return hi > lo ? (v - lo) * 10.0 / (hi - lo) : 0.0;
    }
    if (answer.contains("valueCoding") && answer["valueCoding"].is_object()) {
        const std::string code = answer["valueCoding"].value("code", "");
        for (const auto& o : item.options)
            if (auto c = std::get_if<q::Coding>(&o.value); c && c->code == code && o.ordinal) return *o.ordinal;
    }
    return std::nullopt;
}

}  // namespace

std::map<std::string, double> domain_scores(const q::Questionnaire& qn, const json& response) {
    std::map<std::string, std::pair<double, int>> items;  // linkId -> (sum, n)
    walk_items(response.value("item", json::array()), [&](const std::string& link, const json& a) {
        const q::Item* it = qn.find(link);
        if (!it || it->domain.empty()) return;
        if (auto s = item_score(*it, a)) {
            items[link].first += *s;
            items[link].second += 1;
        }
    });
    std::map<std::string, std::pair<double, int>> dom;
    for (const auto& [link, sn] : items) {
        const q::Item* it = qn.find(link);
        dom[it->domain].first += sn.first / sn.second;
        dom[it->domain].second += 1;
    }
    std::map<std::string, double> out;
    for (const auto& [d, sn] : dom) out[d] = sn.first / sn.second;
    return out;
}

namespace {

// Streams sorted values into a Dist when n is known beforehand.
struct DistBuilder {
    explicit DistBuilder(std::int64_t n) {
        d.n = n;
        for (double p : {0.25, 0.5, 0.75}) {
            double h = static_cast<double>(n - 1) * p;
            pos.push_back(h);
        }
    }
    void add(double v) {
        if (i == 0) d.min = v;
        d.max = v;
        sum += v;
        int bin = std::clamp(static_cast<int>(std::floor(v)), 0, 9);
        ++d.hist[static_cast<std::size_t>(bin)];
        for (std::size_t k = 0; k < 3; ++k) {
            const double h = pos[k];
            const auto lo = static_cast<std::int64_t>(std::floor(h));
            if (i == lo) at_lo[k] = v;
            if (i == lo + 1 || (i == lo && h == static_cast<double>(lo))) at_hi[k] = v;
        }
        ++i;
    }
    Dist finish() {
        if (d.n == 0) return d;
        d.mean = sum / static_cast<double>(d.n);
        double* q[3] = {&d.q1, &d.median, &d.q3};
        for (std::size_t k = 0; k < 3; ++k) {
            double frac = pos[k] - std::floor(pos[k]);
            *q[k] = at_lo[k] + frac * (at_hi[k] - at_lo[k]);
        }
        return d;
    }
    Dist d;
    std::vector<double> pos;
    double at_lo[3] = {0, 0, 0}, at_hi[3] = {0, 0, 0};
    double sum = 0;
    std::int64_t i = 0;
};

using sql::Stmt;

const char* kSchema = R"SQL(
PRAGMA journal_mode=OFF;
PRAGMA synchronous=OFF;
PRAGMA temp_store=FILE;
PRAGMA cache_size=-4000;
CREATE TABLE resp(id INTEGER PRIMARY KEY, uuid TEXT, qid TEXT, family TEXT, variant TEXT, version TEXT,
  lang TEXT, device TEXT, day TEXT, month TEXT, quarter TEXT, kind TEXT, assisted INT, read_aloud INT,
  text_pct INT, case_ref TEXT, authored TEXT, talk_wish INT);
CREATE TABLE score(rid INT, qid TEXT, domain TEXT, value REAL);
CREATE TABLE num(rid INT, qid TEXT, link TEXT, value REAL);
CREATE TABLE choice(rid INT, qid TEXT, link TEXT, code TEXT);
CREATE TABLE comp(uuid TEXT, qid TEXT, family TEXT, variant TEXT, lang TEXT, device TEXT, step INT, steps INT,
  reason TEXT, day TEXT, quarter TEXT, assisted INT, instead TEXT);
CREATE TABLE work(rid INT, uuid TEXT, day TEXT, qid TEXT, case_ref TEXT, why TEXT, contact TEXT,
  urgency TEXT, talk_about TEXT);
CREATE TABLE pair(qid TEXT, family TEXT, variant TEXT, domain TEXT, first REAL, latest REAL, change REAL,
  quarter TEXT, source TEXT, rid INT);
CREATE TABLE brought(rid INT, qid TEXT, family TEXT, variant TEXT, domain TEXT, first REAL, latest REAL, quarter TEXT);
CREATE TABLE notcomp(rid INT, qid TEXT, variant TEXT, prev_variant TEXT);
)SQL";

const char* kIndexes = R"SQL(
CREATE INDEX score_i ON score(qid, domain, value);
CREATE INDEX score_rid ON score(rid);
CREATE INDEX num_i ON num(qid, link, value);
CREATE INDEX resp_case ON resp(qid, case_ref, authored, id);
CREATE INDEX pair_i ON pair(qid, source, domain, change);
)SQL";

std::string quarter_of(const std::string& day) {
    if (day.size() < 7) return "";
    int m = std::atoi(day.substr(5, 2).c_str());
    return day.substr(0, 4) + "-Q" + std::to_string((m - 1) / 3 + 1);
}

std::string ext_value(const json& r, const std::string& name, const char* key) {
    if (!r.contains("extension") || !r["extension"].is_array()) return "";
    for (const auto& e : r["extension"])
        if (e.is_object() && e.value("url", "") == std::string(kExt) + name && e.contains(key)) {
            const json& v = e[key];
            return v.is_string() ? v.get<std::string>() : v.dump();
        }
    return "";
}

// Our extension previous-result (shared/questionnaire/README.md): family,
// variant and the whole-number score per domain of the result brought.
struct Previous {
    std::string family, variant;
    std::map<std::string, double> scores;
};
std::optional<Previous> previous_result(const json& r) {
    if (!r.contains("extension") || !r["extension"].is_array()) return std::nullopt;
    for (const auto& e : r["extension"]) {
        if (!e.is_object() || e.value("url", "") != std::string(kExt) + "previous-result" || !e.contains("extension") ||
            !e["extension"].is_array())
            continue;
        Previous p;
        const auto& domains = q::scoring_domains();
        for (const auto& part : e["extension"]) {
            if (!part.is_object()) continue;
            const std::string url = part.value("url", "");
            if (url == "family" && part.contains("valueCode") && part["valueCode"].is_string()) p.family = part["valueCode"];
            else if (url == "variant" && part.contains("valueCode") && part["valueCode"].is_string()) p.variant = part["valueCode"];
            else if (std::find(domains.begin(), domains.end(), url) != domains.end() && part.contains("valueInteger") &&
                     part["valueInteger"].is_number())
                p.scores[url] = part["valueInteger"].get<double>();
        }
        return p;
    }
    return std::nullopt;
}

}  // namespace

Dist summarize(const std::vector<double>& sorted) {
    DistBuilder b(static_cast<std::int64_t>(sorted.size()));
    for (double v : sorted) b.add(v);
    return b.finish();
}

Facts::~Facts() {
    db_.close();  // before the file goes
    std::error_code ec;
    if (!path_.empty()) fs::remove(path_, ec);
}

Status Facts::query(const std::string& sql, const std::vector<std::string>& binds,
                    const std::function<void(const std::vector<std::string>&)>& row) const {
    Stmt st(db_, sql);
    if (!st) return make_error("report query: " + db_.errmsg());
    for (std::size_t i = 0; i < binds.size(); ++i) st.bind(static_cast<int>(i + 1), binds[i]);
    int rc;
    std::vector<std::string> cols;
    while ((rc = st.step()) == SQLITE_ROW) {
        int n = st.column_count();
        cols.assign(static_cast<std::size_t>(n), "");
        for (int i = 0; i < n; ++i) cols[static_cast<std::size_t>(i)] = st.col_text(i);
        row(cols);
    }
    if (rc != SQLITE_DONE) return make_error("report query: " + db_.errmsg());
    return ok_status();
}

std::int64_t Facts::count(const std::string& sql, const std::vector<std::string>& binds) const {
    std::int64_t n = 0;
    (void)query(sql, binds, [&](const std::vector<std::string>& r) { n = std::atoll(r[0].c_str()); });
    return n;
}

Dist Facts::dist(const std::string& sql, const std::vector<std::string>& binds) const {
    DistBuilder b(count("SELECT COUNT(*) FROM (" + sql + ")", binds));
    Stmt st(db_, sql);
    for (std::size_t i = 0; i < binds.size(); ++i) st.bind(static_cast<int>(i + 1), binds[i]);
    while (st.step() == SQLITE_ROW) b.add(st.col_double(0));
    return b.finish();
}

Result<std::unique_ptr<Facts>> Facts::collect(endpoint::Store& store, const OrgSecretKeys& keys,
                                              const Catalogue& catalogue, const Period& period,
                                              const fs::path& tmp_dir) {
    std::unique_ptr<Facts> f(new Facts());
    std::error_code ec;
    fs::create_directories(tmp_dir, ec);
    unsigned char rnd[8];
    randombytes_buf(rnd, sizeof rnd);
    std::string hex;
    for (unsigned char c : rnd) hex += "0123456789abcdef"[c >> 4], hex += "0123456789abcdef"[c & 15];
    f->path_ = tmp_dir / (".report-facts-" + hex + ".sqlite");
    if (!f->db_.open(f->path_.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE).ok())
        return make_error("cannot create " + f->path_.string());
    fs::permissions(f->path_, fs::perms::owner_read | fs::perms::owner_write, ec);
    if (sqlite3_exec(f->db_.get(), kSchema, nullptr, nullptr, nullptr) != SQLITE_OK)
        return make_error(std::string("report facts: ") + sqlite3_errmsg(f->db_.get()));
    sqlite3_exec(f->db_.get(), "BEGIN", nullptr, nullptr, nullptr);
    Stmt resp(f->db_,
              "INSERT INTO resp(uuid,qid,family,variant,version,lang,device,day,month,quarter,kind,assisted,"
              "read_aloud,text_pct,case_ref,authored,talk_wish) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    Stmt score(f->db_, "INSERT INTO score VALUES(?,?,?,?)");
    Stmt num(f->db_, "INSERT INTO num VALUES(?,?,?,?)");
    Stmt choice(f->db_, "INSERT INTO choice VALUES(?,?,?,?)");
    Stmt comp(f->db_, "INSERT INTO comp VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)");
    Stmt work(f->db_, "INSERT INTO work VALUES(?,?,?,?,?,?,?,?,?)");
    Stmt brought(f->db_, "INSERT INTO brought VALUES(?,?,?,?,?,?,?,?)");
    Stmt notcomp(f->db_, "INSERT INTO notcomp VALUES(?,?,?,?)");
    for (const Stmt* st : {&resp, &score, &num, &choice, &comp, &work, &brought, &notcomp})
        if (!*st) return make_error("report facts: " + st->prepared().message);

    Status walked = endpoint::for_each_opened(
        store, keys, std::numeric_limits<Millis>::min(),
        [&](endpoint::OpenedEnvelope& o) {
            const json& r = o.response;
            const json& m = o.meta;
            const std::string variant = m.value("variant", "");
            const std::string family = family_of(o.questionnaire, variant);
            const std::string device = o.stored.device_id;
            if (o.kind == "completion") {
                const std::string day = r.value("day", "");
                if (!period.contains(day)) return;
                comp.bind(1, o.stored.uuid).bind(2, o.questionnaire).bind(3, family).bind(4, variant);
                comp.bind(5, r.value("language", "")).bind(6, device);
                comp.bind(7, r.value("step", std::int64_t{0})).bind(8, r.value("steps", std::int64_t{0}));
                comp.bind(9, r.value("reason", "")).bind(10, day).bind(11, quarter_of(day));
                comp.bind(12, std::int64_t{m.value("assisted", false) ? 1 : 0});
                // Staff saying what they used instead of a questionnaire: reason
                // "not-used" with one fixed word (kNotUsedInstead, shared/outbox/README.md).
                const auto instead = r.find("instead");
                comp.bind(13, instead != r.end() && instead->is_string() ? instead->get<std::string>() : std::string()).run();
                return;
            }
            const std::string authored = r.value("authored", "");
            const std::string day = authored.substr(0, 10);
            if (!period.contains(day)) return;
            const std::string case_ref = ext_value(r, "case-reference", "valueString");
            const std::string talk = ext_value(r, "talk-wish", "valueBoolean");
            resp.bind(1, o.stored.uuid).bind(2, o.questionnaire).bind(3, family).bind(4, variant);
            resp.bind(5, m.value("version", "")).bind(6, m.value("language", r.value("language", ""))).bind(7, device);
            resp.bind(8, day).bind(9, day.substr(0, 7)).bind(10, quarter_of(day)).bind(11, o.kind);
            resp.bind(12, std::int64_t{m.value("assisted", false) ? 1 : 0});
            resp.bind(13, std::int64_t{m.value("read_aloud", false) ? 1 : 0});
            // Older envelopes do not say: counted as "not known", not as 100 %.
            if (m.contains("text_scale_pct") && m["text_scale_pct"].is_number_integer())
                resp.bind(14, m["text_scale_pct"].get<std::int64_t>());
            else
                resp.bind(14, std::string());
            resp.bind(15, case_ref).bind(16, authored).bind(17, std::int64_t{talk == "true" ? 1 : talk == "false" ? 0 : -1});
            resp.run();
            const std::int64_t rid = sqlite3_last_insert_rowid(f->db_.get());
            const q::Questionnaire* qn = catalogue.find(o.questionnaire);
            std::map<std::string, double> scores;
            if (qn) scores = domain_scores(*qn, r);
            for (const auto& [d, v] : scores) score.bind(1, rid).bind(2, o.questionnaire).bind(3, d).bind_double(4, v).run();
            // A result the resident brought (extension previous-result): a pair
            // of like with like only, same family and variant; another variant
            // (short vs full) is counted as not comparable, never paired.
            if (auto prev = previous_result(r)) {
                if (prev->family != family || prev->variant != variant) {
                    notcomp.bind(1, rid).bind(2, o.questionnaire).bind(3, variant).bind(4, prev->variant).run();
                } else {
                    for (const auto& [d, before] : prev->scores)
                        if (auto it = scores.find(d); it != scores.end())
                            brought.bind(1, rid).bind(2, o.questionnaire).bind(3, family).bind(4, variant).bind(5, d)
                                .bind_double(6, before).bind_double(7, it->second).bind(8, quarter_of(day)).run();
                }
            }
            std::string contact, urgency;
            std::vector<std::string> talk_about;
            walk_items(r.value("item", json::array()), [&](const std::string& link, const json& a) {
                if (a.contains("valueInteger") && a["valueInteger"].is_number())
                    num.bind(1, rid).bind(2, o.questionnaire).bind(3, link).bind_double(4, a["valueInteger"].get<double>()).run();
                if (a.contains("valueCoding") && a["valueCoding"].is_object()) {
                    const std::string code = a["valueCoding"].value("code", "");
                    choice.bind(1, rid).bind(2, o.questionnaire).bind(3, link).bind(4, code).run();
                    // A face scale counts like a 0-10 scale: its option's ordinalValue.
                    if (const q::Item* it = qn ? qn->find(link) : nullptr)
                        for (const auto& opt : it->options)
                            if (auto c = std::get_if<q::Coding>(&opt.value); c && c->code == code && opt.ordinal)
                                num.bind(1, rid).bind(2, o.questionnaire).bind(3, link).bind_double(4, *opt.ordinal).run();
                    if (link == "contact") contact = code;
                    if (link == "urgency") urgency = code;
                }
            });
            // The questions marked "I want to talk about this" (one talk-about
            // extension per marked linkId) and the contact wish (shared/questionnaire/README.md).
            for (const auto& e : r.value("extension", json::array()))
                if (e.is_object() && e.value("url", "") == std::string(kExt) + "talk-about" && e.contains("valueString") &&
                    e["valueString"].is_string())
                    talk_about.push_back(e["valueString"].get<std::string>());
            const std::string wish = ext_value(r, "contact-wish", "valueCode");
            std::string why;
            if (family == "intake" && !contact.empty()) why = "intake";
            if (talk == "true") why = why.empty() ? "talk" : why + "+talk";
            if (!wish.empty() && wish != "none") {
                why = why.empty() ? "contact" : why + "+contact";
                contact = wish;
            }
            if (!talk_about.empty() && why.empty()) why = "talk";
            if (!why.empty()) {
                std::string about;
                for (const auto& l : talk_about) about += (about.empty() ? "" : " ") + l;
                work.bind(1, rid).bind(2, o.stored.uuid).bind(3, day).bind(4, o.questionnaire).bind(5, case_ref);
                work.bind(6, why).bind(7, contact).bind(8, urgency).bind(9, about).run();
            }
        },
        [&](const endpoint::StoredEnvelope&, const std::string&) { ++f->failed_; });
    if (!walked.ok()) return walked.error();
    if (sqlite3_exec(f->db_.get(), "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK ||
        sqlite3_exec(f->db_.get(), kIndexes, nullptr, nullptr, nullptr) != SQLITE_OK)
        return make_error(std::string("report facts: ") + sqlite3_errmsg(f->db_.get()));

    // Pairs: per case reference and questionnaire (like with like: one id is
    // one variant), the first and the latest measurement.
    sqlite3_exec(f->db_.get(), "BEGIN", nullptr, nullptr, nullptr);
    Stmt ins(f->db_,
             "INSERT INTO pair SELECT a.qid, r.family, r.variant, a.domain, a.value, b.value, b.value - a.value, r.quarter, "
             "'case_reference', b.rid FROM score a JOIN score b ON b.rid = ? AND b.domain = a.domain JOIN resp r ON r.id = b.rid WHERE a.rid = ?");
    if (!ins) return make_error("report pairs: " + ins.prepared().message);
    std::string cur_q, cur_case, first_id, last_id;
    std::int64_t in_group = 0;
    auto flush = [&] {
        if (in_group >= 2)
            ins.bind(1, static_cast<std::int64_t>(std::atoll(last_id.c_str())))
                .bind(2, static_cast<std::int64_t>(std::atoll(first_id.c_str())))
                .run();
    };
    Status paired = f->query(
        "SELECT qid, case_ref, id FROM resp WHERE case_ref <> '' ORDER BY qid, case_ref, authored, id", {},
        [&](const std::vector<std::string>& row) {
            if (row[0] != cur_q || row[1] != cur_case) {
                flush();
                cur_q = row[0];
                cur_case = row[1];
                first_id = row[2];
                in_group = 0;
            }
            last_id = row[2];
            ++in_group;
        });
    flush();
    // Brought results: one pair per response (previous = first, this one =
    // latest), unless the response's case reference already pairs the person
    // (two or more measurements of this questionnaire): counted once, by case.
    if (paired.ok() &&
        sqlite3_exec(f->db_.get(),
                     "INSERT INTO pair SELECT b.qid, b.family, b.variant, b.domain, b.first, b.latest, b.latest - b.first, "
                     "b.quarter, 'brought_result', b.rid FROM brought b JOIN resp r ON r.id = b.rid WHERE r.case_ref = '' "
                     "OR (SELECT COUNT(*) FROM resp c WHERE c.qid = r.qid AND c.case_ref = r.case_ref) < 2",
                     nullptr, nullptr, nullptr) != SQLITE_OK)
        paired = make_error(std::string("report pairs: ") + sqlite3_errmsg(f->db_.get()));
    sqlite3_exec(f->db_.get(), "COMMIT", nullptr, nullptr, nullptr);
    if (!paired.ok()) return paired.error();
    return f;
}

}  // namespace kiosk::report
