// The organisation's report: on a seeded database every figure in
// report.json is what the export holds (computed here again, independently,
// from the NDJSON and CSV files and the questionnaires' raw JSON); the page
// renders in headless Chromium with no console error; the benchmark file has
// no small cell, no free text and no identifier; the export streams and
// takes --since.
#include <catch2/catch.hpp>

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "crypto/envelope.hpp"
#include "device/enrollment.hpp"
#include "endpoint/store.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::test;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

const std::string kBase = "https://fhir.intake-kiosk.example/StructureDefinition/";
const std::vector<std::string> kDomains = {"body", "feelings", "meaning", "quality-of-life", "taking-part", "daily-life"};

// RFC 4180: quoted fields may hold commas, quotes and newlines.
std::vector<std::map<std::string, std::string>> read_csv(const fs::path& p) {
    const std::string s = read_file(p);
    std::vector<std::vector<std::string>> rows(1);
    std::string cell;
    bool quoted = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (quoted) {
            if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') cell += '"', ++i;
            else if (c == '"') quoted = false;
            else cell += c;
        } else if (c == '"') quoted = true;
        else if (c == ',') rows.back().push_back(cell), cell.clear();
        else if (c == '\n') {
            rows.back().push_back(cell);
            cell.clear();
            rows.emplace_back();
        } else cell += c;
    }
    if (rows.back().empty()) rows.pop_back();
    std::vector<std::map<std::string, std::string>> out;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        std::map<std::string, std::string> m;
        for (std::size_t c = 0; c < rows[0].size() && c < rows[r].size(); ++c) m[rows[0][c]] = rows[r][c];
        out.push_back(m);
    }
    return out;
}

// What the test needs of a questionnaire, read from its raw JSON (not our loader).
struct ItemDef {
    std::string type, domain;
    double lo = 0, hi = 10;
    std::map<std::string, double> ordinal;  // option code -> ordinalValue
};
struct QDef {
    std::string variant, purpose = "conversation";
    std::map<std::string, ItemDef> items;
};

std::map<std::string, QDef> raw_questionnaires() {
    std::map<std::string, QDef> out;
    for (const auto& e : fs::directory_iterator(fs::path(KIOSK_SOURCE_DIR) / "assets" / "questionnaires")) {
        if (e.path().extension() != ".json") continue;
        json q = json::parse(read_file(e.path()));
        QDef d;
        for (const auto& x : q.value("extension", json::array())) {
            if (x["url"] == kBase + "variant") d.variant = x["valueCode"].get<std::string>();
            if (x["url"] == kBase + "purpose") d.purpose = x["valueCode"].get<std::string>();
        }
        std::function<void(const json&)> walk = [&](const json& items) {
            for (const auto& it : items) {
                ItemDef def;
                def.type = it["type"].get<std::string>();
                for (const auto& x : it.value("extension", json::array())) {
                    const std::string url = x["url"];
                    if (url == kBase + "domain") def.domain = x["valueCode"].get<std::string>();
                    if (url.ends_with("/minValue")) def.lo = x["valueInteger"].get<double>();
                    if (url.ends_with("/maxValue")) def.hi = x["valueInteger"].get<double>();
                }
                for (const auto& o : it.value("answerOption", json::array()))
                    for (const auto& x : o.value("extension", json::array()))
                        if (x["url"].get<std::string>().ends_with("ordinalValue"))
                            def.ordinal[o["valueCoding"]["code"].get<std::string>()] = x["valueDecimal"].get<double>();
                d.items[it["linkId"].get<std::string>()] = def;
                if (it.contains("item")) walk(it["item"]);
            }
        };
        walk(q["item"]);
        out[q["id"].get<std::string>()] = d;
    }
    return out;
}

struct Response {
    std::string uuid, qid, authored, device, lang, case_ref;
    bool assisted = false, read_aloud = false;
    std::string text_pct;
    json r;
};

// Type-7 quartiles, mean, min, max and 10 bins, as the report documents them.
json dist(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    json j = {{"n", v.size()}};
    if (v.empty()) return j;
    auto q = [&](double p) {
        double h = (static_cast<double>(v.size()) - 1) * p;
        auto lo = static_cast<std::size_t>(std::floor(h));
        double frac = h - std::floor(h);
        return lo + 1 < v.size() ? v[lo] + frac * (v[lo + 1] - v[lo]) : v[lo];
    };
    double sum = 0;
    std::vector<std::int64_t> hist(10, 0);
    for (double x : v) sum += x, ++hist[static_cast<std::size_t>(std::clamp(static_cast<int>(std::floor(x)), 0, 9))];
    j["mean"] = sum / static_cast<double>(v.size());
    j["min"] = v.front();
    j["q1"] = q(0.25);
    j["median"] = q(0.5);
    j["q3"] = q(0.75);
    j["max"] = v.back();
    j["hist"] = hist;
    return j;
}

constexpr int kMinCell = 5;  // the report's small-cell threshold, as the page names it

// A count in report.json: the export's number, or left out as the report
// documents (small: 1 to 4 people; complement: hidden so that a small one
// cannot be worked out, checked in the small-cells test below).
void check_count(const json& obj, const std::string& field, std::int64_t want, const std::string& what) {
    INFO(what << "." << field << ": got " << obj.dump() << " want " << want);
    REQUIRE(obj.contains(field));
    if (obj[field].is_number()) {
        CHECK(obj[field].get<std::int64_t>() == want);
        CHECK((want == 0 || want >= kMinCell));
        return;
    }
    REQUIRE(obj[field].is_null());
    const std::string why = obj["suppressed"][field].get<std::string>();
    if (why == "small") CHECK((want > 0 && want < kMinCell));
    else CHECK(why == "complement");
}

void check_dist(const json& got, const json& want, const std::string& what) {
    INFO(what << ": got " << got.dump() << " want " << want.dump());
    check_count(got, "n", want["n"].get<std::int64_t>(), what);
    if (got["n"].is_null()) {
        CHECK(got.size() == 2);  // n and suppressed: no mean or quartile of a small group
        return;
    }
    for (const char* k : {"mean", "min", "q1", "median", "q3", "max"})
        if (want.contains(k)) CHECK(got[k].get<double>() == Approx(want[k].get<double>()).margin(1e-9));
    CHECK(!got.contains("hist"));  // the page draws no histogram: report.json has none
}

std::map<std::string, double> score(const QDef& d, const json& r) {
    std::map<std::string, std::vector<double>> dom;
    std::function<void(const json&)> walk = [&](const json& items) {
        for (const auto& it : items) {
            auto f = d.items.find(it["linkId"].get<std::string>());
            if (it.contains("answer") && f != d.items.end() && !f->second.domain.empty()) {
                double sum = 0;
                int n = 0;
                for (const auto& a : it["answer"]) {
                    if (a.contains("valueInteger") && f->second.type == "integer")
                        sum += (a["valueInteger"].get<double>() - f->second.lo) * 10 / (f->second.hi - f->second.lo), ++n;
                    else if (a.contains("valueCoding") && f->second.ordinal.count(a["valueCoding"]["code"].get<std::string>()))
                        sum += f->second.ordinal.at(a["valueCoding"]["code"].get<std::string>()), ++n;
                }
                if (n) dom[f->second.domain].push_back(sum / n);
            }
            if (it.contains("item")) walk(it["item"]);
        }
    };
    walk(r.value("item", json::array()));
    std::map<std::string, double> out;
    for (auto& [k, v] : dom) {
        double s = 0;
        for (double x : v) s += x;
        out[k] = s / static_cast<double>(v.size());
    }
    return out;
}

std::string ext(const json& r, const std::string& name) {
    for (const auto& e : r.value("extension", json::array()))
        if (e["url"] == kBase + name) {
            for (auto it = e.begin(); it != e.end(); ++it)
                if (it.key().rfind("value", 0) == 0) return it.value().is_string() ? it.value().get<std::string>() : it.value().dump();
        }
    return "";
}

std::string quarter(const std::string& day) {
    return day.substr(0, 4) + "-Q" + std::to_string((std::stoi(day.substr(5, 2)) - 1) / 3 + 1);
}

// The questionnaire family: the id without "-<variant>" (as shared/takehome/README.md says).
std::string family(const std::string& qid, const std::string& variant) {
    const std::string suffix = "-" + variant;
    return !variant.empty() && qid.size() > suffix.size() && qid.ends_with(suffix) ? qid.substr(0, qid.size() - suffix.size()) : qid;
}

// A previous result the resident brought (extension previous-result), read from the exported response.
struct Brought {
    bool present = false;
    std::string family, variant;
    std::map<std::string, double> scores;
};
Brought brought(const json& r) {
    Brought b;
    for (const auto& e : r.value("extension", json::array()))
        if (e["url"] == kBase + "previous-result") {
            b.present = true;
            for (const auto& p : e["extension"]) {
                const std::string url = p["url"];
                if (url == "family") b.family = p["valueCode"];
                else if (url == "variant") b.variant = p["valueCode"];
                else if (p.contains("valueInteger")) b.scores[url] = p["valueInteger"].get<double>();
            }
        }
    return b;
}

// Pairs over time as the report documents them, computed from the export:
// per questionnaire and source ("case_reference" / "brought_result") and
// domain, the first and latest score of each pair; people per source; brought
// results of another variant (not comparable).
struct Pairs {
    std::map<std::tuple<std::string, std::string, std::string>, std::vector<double>> change, first, latest;
    std::map<std::pair<std::string, std::string>, std::set<std::string>> people;  // (qid, source) -> latest uuid
    std::map<std::string, int> not_comparable;
};

// One seeded organisation for the tests below.
struct Seeded {
    TempDir dir{"report"};
    fs::path org = dir / "org", db = dir / "endpoint.sqlite", exp = dir / "export", rep = dir / "report";
    Seeded(int sessions, int sites) {
        REQUIRE(run(KIOSKCTL_BIN, {"org", "init", "--out", org.string()}).exit_code == 0);
        auto d = run(KIOSKCTL_BIN, {"demo-data", "--db", db.string(), "--org", org.string(), "--responses",
                                    std::to_string(sessions), "--sites", std::to_string(sites), "--months", "9", "--seed", "5"});
        INFO(d.err);
        REQUIRE(d.exit_code == 0);
    }
};

Pairs expected_pairs(const std::vector<Response>& resp, const std::map<std::string, QDef>& defs) {
    Pairs out;
    auto add = [&](const std::string& qid, const std::string& src, const std::string& uuid, const std::map<std::string, double>& a,
                   const std::map<std::string, double>& b) {
        for (const auto& [d, va] : a)
            if (b.count(d)) {
                out.change[{qid, src, d}].push_back(b.at(d) - va);
                out.first[{qid, src, d}].push_back(va);
                out.latest[{qid, src, d}].push_back(b.at(d));
                out.people[{qid, src}].insert(uuid);
            }
    };
    std::map<std::pair<std::string, std::string>, std::vector<const Response*>> cases;
    for (const auto& x : resp)
        if (!x.case_ref.empty()) cases[{x.qid, x.case_ref}].push_back(&x);
    for (auto& [k, v] : cases) {
        if (v.size() < 2) continue;
        std::stable_sort(v.begin(), v.end(), [](const Response* a, const Response* b) { return a->authored < b->authored; });
        add(k.first, "case_reference", v.back()->uuid, score(defs.at(k.first), v.front()->r), score(defs.at(k.first), v.back()->r));
    }
    for (const auto& x : resp) {
        const Brought b = brought(x.r);
        if (!b.present) continue;
        const std::string variant = defs.at(x.qid).variant;
        if (b.family != family(x.qid, variant) || b.variant != variant) {
            ++out.not_comparable[x.qid];
            continue;
        }
        // Already paired by its case reference: counted once, there.
        if (!x.case_ref.empty() && cases[{x.qid, x.case_ref}].size() >= 2) continue;
        add(x.qid, "brought_result", x.uuid, b.scores, score(defs.at(x.qid), x.r));
    }
    return out;
}

// The export read back: every response with its CSV columns.
std::vector<Response> read_export(const fs::path& exp) {
    std::vector<Response> resp;
    for (const auto& e : fs::directory_iterator(exp)) {
        if (e.path().extension() != ".ndjson") continue;
        const std::string qid = e.path().stem().string();
        std::map<std::string, std::map<std::string, std::string>> meta;
        for (auto& row : read_csv(exp / (qid + ".csv"))) meta[row["envelope_uuid"]] = row;
        std::ifstream in(e.path());
        std::string line;
        while (std::getline(in, line)) {
            Response x;
            x.r = json::parse(line);
            x.uuid = x.r["identifier"]["value"].get<std::string>().substr(9);
            x.qid = qid;
            x.authored = x.r["authored"].get<std::string>();
            auto& m = meta.at(x.uuid);
            x.device = m["device_id"];
            x.lang = m["language"];
            x.case_ref = m.count("case_reference") ? m["case_reference"] : "";
            x.assisted = m["assisted"] == "true";
            x.read_aloud = m["read_aloud"] == "true";
            x.text_pct = m["text_scale_pct"];
            resp.push_back(std::move(x));
        }
    }
    return resp;
}

// report.json's effect and effect_sources against what the export holds.
void check_effect(const json& fig, const Pairs& want, const std::map<std::string, QDef>& defs) {
    std::size_t cells = 0;
    for (const auto& e : fig["effect"]) {
        const std::string qid = e["questionnaire"], src = e["source"];
        CHECK(e["purpose"] == defs.at(qid).purpose);
        CHECK(e["rounded"] == (src == "brought_result"));
        for (const auto& d : e["domains"]) {
            const auto key = std::make_tuple(qid, src, d["domain"].get<std::string>());
            const std::string what = qid + "/" + src + "/" + std::get<2>(key);
            REQUIRE(want.change.count(key));
            check_count(d, "pairs", static_cast<std::int64_t>(want.change.at(key).size()), what);
            check_dist(d["change"], dist(want.change.at(key)), what + " change");
            check_dist(d["first"], dist(want.first.at(key)), what + " first");
            check_dist(d["latest"], dist(want.latest.at(key)), what + " latest");
            ++cells;
        }
    }
    CHECK(cells == want.change.size());
    std::set<std::string> qids;
    for (const auto& [k, v] : want.people) qids.insert(k.first);
    for (const auto& [k, v] : want.not_comparable) qids.insert(k);
    REQUIRE(fig["effect_sources"].size() == qids.size());
    for (const auto& e : fig["effect_sources"]) {
        const std::string qid = e["questionnaire"];
        CHECK(qids.count(qid));
        for (const char* src : {"case_reference", "brought_result"}) {
            auto it = want.people.find({qid, src});
            check_count(e, src, it == want.people.end() ? 0 : static_cast<std::int64_t>(it->second.size()), qid + " " + src);
        }
        check_count(e, "not_comparable", want.not_comparable.count(qid) ? want.not_comparable.at(qid) : 0, qid + " not comparable");
    }
}

}  // namespace

namespace {

// A test device enrolled in the endpoint database (v1: the test plays the
// device, so it holds the device's signing key); seal() stores an envelope of it.
struct PlantedDevice {
    Result<OrgPublicKeys> org;
    Result<EnrollmentBundle> b;
    Result<std::unique_ptr<endpoint::Store>> store;
    PlantedDevice(const fs::path& db, const fs::path& org_dir, const std::string& id, const std::string& name)
        : org(read_org_public_keys(org_dir)), b(make_error("no org")), store(endpoint::Store::open(db)) {
        REQUIRE(sodium_init() >= 0);
        REQUIRE(org);
        b = make_enrollment(*org, id, name, "", "", 1);
        REQUIRE(b);
        REQUIRE(store);
        endpoint::DeviceRecord rec;
        rec.id = b->device_id;
        rec.name = b->name;
        rec.signing_public_key = b->device_signing_public_key;
        REQUIRE(store.value()->add_device(rec, endpoint::token_hash(b->token)));
    }
    void seal(const std::string& plain, const std::string& created_at) {
        crypto::EnvelopeHeader h;
        h.uuid = crypto::uuid_v4();
        h.device_id = b->device_id;
        h.created_at = created_at;
        h.key_id = org->key_id;
        auto env = crypto::make_envelope(h, reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                                         org->results_public_key, b->device_signing_secret_key);
        REQUIRE(env);
        REQUIRE(store.value()->put_envelope(h.uuid, h.device_id, *env));
    }
};

}  // namespace

namespace {

// A device enrolled in the endpoint database whose envelopes the test seals
// itself: responses carrying planted markers.
// With neighbourhoods, the i-th intake also answers a choice item
// "neighbourhood" with neighbourhoods[i] (an organisation's own intake may ask it).
// not_used: that many completion records of staff who used a paper form instead of the intake.
void plant(const fs::path& db, const fs::path& org_dir, int count, const std::vector<std::string>& neighbourhoods = {},
           int not_used = 0) {
    PlantedDevice dev(db, org_dir, "kiosk-zebra0000marker", "Zebra marker site");
    for (int i = 0; i < count; ++i) {
        json r = {{"resourceType", "QuestionnaireResponse"},
                  {"language", "nl"},
                  {"questionnaire", "https://fhir.intake-kiosk.example/Questionnaire/intake|1.0.0"},
                  {"status", "completed"},
                  {"authored", "2026-06-1" + std::to_string(i % 10) + "T10:00:00.000Z"},
                  {"extension", json::array({{{"url", kBase + "case-reference"}, {"valueString", "ZQ-99887" + std::to_string(i)}},
                                             {{"url", kBase + "staff-note"}, {"valueString", "ZEBRA-NOTE"}}})},
                  {"item", json::array({{{"linkId", "question"}, {"answer", json::array({{{"valueString", "ZEBRA-FREE-TEXT"}}})}},
                                        {{"linkId", "name"}, {"answer", json::array({{{"valueString", "ZEBRA-NAME"}}})}},
                                        {{"linkId", "contact"}, {"answer", json::array({{{"valueCoding", {{"code", "phone"}}}}})}}})}};
        if (static_cast<std::size_t>(i) < neighbourhoods.size())
            r["item"].push_back({{"linkId", "neighbourhood"},
                                 {"answer", json::array({{{"valueCoding", {{"code", neighbourhoods[static_cast<std::size_t>(i)]}}}}})}});
        json meta = {{"questionnaire", "intake"}, {"version", "1.0.0"}, {"variant", "intake"}, {"language", "nl"},
                     {"duration_s", 60}, {"assisted", true}, {"kind", "finished"}};
        const std::string plain = json({{"response", r}, {"meta", meta}}).dump();
        dev.seal(plain, "2026-06-10T10:00:00.000Z");
    }
    for (int i = 0; i < not_used; ++i) {
        json rec = {{"resourceType", "Completion"}, {"questionnaire", "intake"}, {"version", "1.0.0"}, {"variant", "intake"},
                    {"language", "nl"}, {"step", 0}, {"steps", 12}, {"reason", "not-used"}, {"day", "2026-06-11"},
                    {"instead", "paper"}};
        json meta = {{"questionnaire", "intake"}, {"version", "1.0.0"}, {"variant", "intake"}, {"language", "nl"},
                     {"duration_s", 0}, {"assisted", true}, {"kind", "completion"}};
        const std::string plain = json({{"response", rec}, {"meta", meta}}).dump();
        dev.seal(plain, "2026-06-11T10:00:00.000Z");
    }
}

}  // namespace

namespace {

// Responses of howareyou-short/-full sealed by a test device, each carrying a
// result the resident brought of prev_variant (previous-result, whole
// numbers, as the kiosk writes it); with case_ref, two responses of that case.
struct BroughtSpec {
    std::string qid, variant, prev_variant;
    int count = 0;
    std::string case_ref;
};
void plant_brought(const fs::path& db, const fs::path& org_dir, const std::vector<BroughtSpec>& specs) {
    PlantedDevice dev(db, org_dir, "kiosk-carry0000marker", "Brought result site");
    int k = 0;
    for (const auto& sp : specs)
        for (int i = 0; i < sp.count; ++i, ++k) {
            auto answer = [](int v) { return json::array({{{"valueInteger", v}}}); };
            json r = {{"resourceType", "QuestionnaireResponse"},
                      {"language", "nl"},
                      {"questionnaire", "https://fhir.intake-kiosk.example/Questionnaire/" + sp.qid + "|1.0.0"},
                      {"status", "completed"},
                      {"authored", "2026-07-" + std::to_string(10 + i % 18) + "T1" + std::to_string(k % 10) + ":00:00.000Z"},
                      {"extension", json::array()},
                      {"item", json::array({{{"linkId", "body"},
                                             {"item", json::array({{{"linkId", "body-health"}, {"answer", answer(2 + (k * 3) % 9)}},
                                                                   {{"linkId", "body-energy"}, {"answer", answer(4 + k % 5)}}})}},
                                            {{"linkId", "feelings"},
                                             {"item", json::array({{{"linkId", "feel-calm"}, {"answer", answer(7 - k % 4)}}})}}})}};
            json parts = json::array({{{"url", "date"}, {"valueDate", "2026-04-01"}},
                                      {{"url", "family"}, {"valueCode", "howareyou"}},
                                      {{"url", "variant"}, {"valueCode", sp.prev_variant}},
                                      {{"url", "version"}, {"valueString", "1.0.0"}},
                                      {{"url", "body"}, {"valueInteger", 3 + k % 4}},
                                      {{"url", "feelings"}, {"valueInteger", 6}},
                                      {{"url", "meaning"}, {"valueInteger", 5}}});  // not asked this time: no pair
            if (!sp.case_ref.empty()) {
                r["extension"].push_back({{"url", kBase + "case-reference"}, {"valueString", sp.case_ref}});
                if (i == 0) parts = nullptr;  // the first visit of the case brought nothing
            }
            if (!parts.is_null()) r["extension"].push_back({{"url", kBase + "previous-result"}, {"extension", parts}});
            json meta = {{"questionnaire", sp.qid}, {"version", "1.0.0"}, {"variant", sp.variant}, {"language", "nl"},
                         {"duration_s", 60}, {"assisted", false}, {"kind", "finished"}};
            const std::string plain = json({{"response", r}, {"meta", meta}}).dump();
            dev.seal(plain, "2026-07-10T10:00:00.000Z");
        }
}

}  // namespace

TEST_CASE("a resident's brought previous result is paired like with like only, rounded, small groups hidden") {
    Seeded s(0, 1);
    plant_brought(s.db, s.org,
                  {{"howareyou-short", "short", "short", 12, ""},   // twelve pairs: shown
                   {"howareyou-full", "full", "short", 6, ""},      // another variant: not comparable, never paired
                   {"howareyou-full", "full", "full", 3, ""},       // three pairs: too few to show
                   {"howareyou-short", "short", "short", 2, "CR-7"}});  // paired by case, not twice
    auto ex = run(KIOSKCTL_BIN, {"export", "--db", s.db.string(), "--key", s.org.string(), "--out", s.exp.string()});
    INFO(ex.err);
    REQUIRE(ex.exit_code == 0);
    const auto resp = read_export(s.exp);
    REQUIRE(resp.size() == 23);
    const auto defs = raw_questionnaires();
    const Pairs want = expected_pairs(resp, defs);
    for (const char* lang : {"en", "nl"}) {
        const fs::path out = s.rep / lang;
        auto rp = run(KIOSKCTL_BIN, {"report", "--db", s.db.string(), "--key", s.org.string(), "--out", out.string(), "--lang", lang});
        INFO(rp.err);
        REQUIRE(rp.exit_code == 0);
        const json fig = json::parse(read_file(out / "report.json"));
        check_effect(fig, want, defs);

        // What a reader sees, by hand: short has 12 brought pairs and 1 by case (hidden);
        // full has 6 not comparable and 3 brought pairs (hidden), no full-vs-short pair anywhere.
        std::map<std::string, json> src;
        for (const auto& e : fig["effect_sources"]) src[e["questionnaire"]] = e;
        CHECK(src.at("howareyou-short")["brought_result"] == 12);
        CHECK(src.at("howareyou-short")["case_reference"].is_null());
        CHECK(src.at("howareyou-short")["suppressed"]["case_reference"] == "small");
        CHECK(src.at("howareyou-short")["not_comparable"] == 0);
        CHECK(src.at("howareyou-full")["not_comparable"] == 6);
        CHECK(src.at("howareyou-full")["brought_result"].is_null());
        CHECK(src.at("howareyou-full")["suppressed"]["brought_result"] == "small");
        bool short_brought = false;
        for (const auto& e : fig["effect"]) {
            if (e["questionnaire"] == "howareyou-full")
                for (const auto& d : e["domains"]) {
                    CHECK(d["pairs"].is_null());  // 3 people: no mean, no quartile
                    CHECK(d["change"].size() == 2);
                }
            if (e["questionnaire"] == "howareyou-short" && e["source"] == "brought_result") {
                short_brought = true;
                CHECK(e["rounded"] == true);
                std::set<std::string> doms;
                for (const auto& d : e["domains"]) doms.insert(d["domain"]);
                CHECK(doms == std::set<std::string>{"body", "feelings"});  // meaning was brought, not asked again
            }
        }
        CHECK(short_brought);

        const std::string html = read_file(out / "index.html");
        if (std::string(lang) == "en") {
            CHECK(html.find("12 pairs from a resident who brought their previous result") != std::string::npos);
            CHECK(html.find("Brought a result of another form: 6 (not comparable, not counted)") != std::string::npos);
            CHECK(html.find("not comparable") != std::string::npos);
            CHECK(html.find("The change is therefore approximate") != std::string::npos);
        } else {
            CHECK(html.find("12 paren van iemand die de vorige uitslag meebracht") != std::string::npos);
            CHECK(html.find("Uitslag van een andere vorm meegebracht: 6 (niet te vergelijken") != std::string::npos);
            CHECK(html.find("niet te vergelijken") != std::string::npos);
            CHECK(html.find("De verandering is daarom bij benadering") != std::string::npos);
        }
    }
}

TEST_CASE("every figure in report.json is what the export holds") {
    Seeded s(900, 7);
    plant(s.db, s.org, 3);  // one more site, too small to show
    auto ex = run(KIOSKCTL_BIN, {"export", "--db", s.db.string(), "--key", s.org.string(), "--out", s.exp.string()});
    INFO(ex.err);
    REQUIRE(ex.exit_code == 0);
    auto rp = run(KIOSKCTL_BIN, {"report", "--db", s.db.string(), "--key", s.org.string(), "--out", s.rep.string(), "--lang", "en"});
    INFO(rp.err);
    REQUIRE(rp.exit_code == 0);
    const json fig = json::parse(read_file(s.rep / "report.json"));
    const auto defs = raw_questionnaires();

    // The export, read back.
    const std::vector<Response> resp = read_export(s.exp);
    const auto comps = read_csv(s.exp / "completions.csv");
    REQUIRE(resp.size() > 600);
    REQUIRE(comps.size() > 60);

    CHECK(fig["schema"] == "intake-kiosk-report/3");
    CHECK(fig["min_cell"] == kMinCell);
    CHECK(fig["totals"]["responses"] == resp.size());
    CHECK(fig["totals"]["completion_records"] == comps.size());
    CHECK(fig["totals"]["unreadable"] == 0);

    SECTION("responses per questionnaire, month and site, small sites suppressed") {
        std::map<std::string, int> per_q, per_m, per_s;
        for (const auto& x : resp) ++per_q[x.qid], ++per_m[x.authored.substr(0, 7)], ++per_s[x.device];
        REQUIRE(fig["responses"]["per_questionnaire"].size() == per_q.size());
        for (const auto& r : fig["responses"]["per_questionnaire"])
            check_count(r, "n", per_q.at(r["questionnaire"].get<std::string>()), r["questionnaire"].get<std::string>());
        REQUIRE(fig["responses"]["per_month"].size() == per_m.size());
        for (const auto& r : fig["responses"]["per_month"]) check_count(r, "n", per_m.at(r["month"].get<std::string>()), "month");
        REQUIRE(fig["responses"]["per_site"].size() == per_s.size());
        int suppressed = 0;
        for (const auto& r : fig["responses"]["per_site"]) {
            check_count(r, "n", per_s.at(r["device_id"].get<std::string>()), r["device_id"].get<std::string>());
            suppressed += r["n"].is_null();
        }
        CHECK(per_s.size() == 8);
        CHECK(suppressed >= 2);  // the planted site of 3, and one more so it cannot be worked out from the total
    }

    SECTION("completion: started, finished and where people stop, per questionnaire and language") {
        struct C {
            int fin = 0, idle = 0, stop = 0, decline = 0;
            std::map<int, int> at;
        };
        std::map<std::pair<std::string, std::string>, C> want;
        std::map<std::string, std::map<int, int>> at_step;
        for (const auto& x : resp) ++want[{x.qid, x.lang}].fin;
        for (const auto& c : comps) {
            auto& w = want[{c.at("questionnaire"), c.at("language")}];
            const std::string why = c.at("reason");
            if (why == "idle") ++w.idle;
            if (why == "stop") ++w.stop;
            if (why == "decline") ++w.decline;
            if (why != "decline") ++at_step[c.at("questionnaire")][std::stoi(c.at("step"))];
            CHECK(c.at("day").size() == 10);
        }
        REQUIRE(fig["completion"].size() == want.size());
        for (const auto& c : fig["completion"]) {
            const auto& w = want.at({c["questionnaire"].get<std::string>(), c["language"].get<std::string>()});
            const std::string what = c["questionnaire"].get<std::string>() + "/" + c["language"].get<std::string>();
            check_count(c, "finished", w.fin, what);
            check_count(c, "idle", w.idle, what);
            check_count(c, "stop", w.stop, what);
            check_count(c, "decline", w.decline, what);
            check_count(c, "started", w.fin + w.idle + w.stop, what);
        }
        // Where people stop: per questionnaire, all languages together (as the page shows it).
        std::map<std::string, std::map<int, int>> got_steps;
        for (const auto& e : fig["completion_steps"]) {
            const std::string qid = e["questionnaire"].get<std::string>();
            REQUIRE(at_step.count(qid));
            for (const auto& a : e["stopped_at"]) {
                check_count(a, "n", at_step[qid][a["step"].get<int>()], qid + " step");
                got_steps[qid][a["step"].get<int>()] = 1;
            }
            CHECK(got_steps[qid].size() == at_step[qid].size());
        }
        CHECK(got_steps.size() == at_step.size());
    }

    SECTION("domain scores: the whole distribution per questionnaire and domain") {
        std::map<std::pair<std::string, std::string>, std::vector<double>> want;
        for (const auto& x : resp)
            for (const auto& [d, v] : score(defs.at(x.qid), x.r)) want[{x.qid, d}].push_back(v);
        REQUIRE(fig["scores"].size() == want.size());
        for (const auto& sc : fig["scores"]) {
            CHECK(sc["purpose"] == defs.at(sc["questionnaire"].get<std::string>()).purpose);
            CHECK(sc["variant"] == defs.at(sc["questionnaire"].get<std::string>()).variant);
            check_dist(sc["dist"], dist(want.at({sc["questionnaire"].get<std::string>(), sc["domain"].get<std::string>()})),
                       sc["questionnaire"].get<std::string>() + "/" + sc["domain"].get<std::string>());
        }
    }

    SECTION("intake: themes, urgency and contact counted as chosen") {
        std::map<std::string, std::map<std::string, int>> want;
        int n = 0;
        for (const auto& x : resp) {
            if (x.qid != "intake") continue;
            ++n;
            for (const auto& it : x.r["item"])
                for (const auto& a : it.value("answer", json::array()))
                    if (a.contains("valueCoding")) ++want[it["linkId"].get<std::string>()][a["valueCoding"]["code"].get<std::string>()];
        }
        check_count(fig["intake"], "n", n, "intake");
        for (const char* link : {"themes", "urgency", "contact"}) {
            std::set<std::string> got;
            for (const auto& c : fig["intake"][link]) {
                check_count(c, "n", want[link][c["code"].get<std::string>()], std::string(link) + "/" + c["code"].get<std::string>());
                got.insert(c["code"].get<std::string>());
            }
            CHECK(got.size() == want[link].size());
        }
    }

    SECTION("effect over time: first and latest measurement, by case reference and by a result brought along") {
        const Pairs want = expected_pairs(resp, defs);
        // The demo has both sources, and brought results of another variant.
        std::size_t by_case = 0, by_brought = 0;
        for (const auto& [k, v] : want.people) (k.second == "case_reference" ? by_case : by_brought) += v.size();
        REQUIRE(by_case > 0);
        REQUIRE(by_brought > 0);
        REQUIRE(!want.not_comparable.empty());
        check_effect(fig, want, defs);
    }

    SECTION("how people filled in, satisfaction over time and the work list") {
        int easy = 0, aloud = 0, assisted = 0, work = 0;
        std::map<std::string, int> sizes, langs;
        std::map<std::tuple<std::string, std::string, std::string>, std::vector<double>> sat;
        for (const auto& x : resp) {
            const auto& d = defs.at(x.qid);
            easy += d.variant == "easy" || d.variant == "child";
            aloud += x.read_aloud;
            assisted += x.assisted;
            ++sizes[x.text_pct];
            ++langs[x.lang];
            if (x.qid.rfind("satisfaction", 0) == 0)
                for (const auto& it : x.r["item"])
                    for (const auto& a : it.value("answer", json::array())) {
                        const auto& def = d.items.at(it["linkId"].get<std::string>());
                        double v = a.contains("valueInteger") ? a["valueInteger"].get<double>()
                                                              : def.ordinal.at(a["valueCoding"]["code"].get<std::string>());
                        sat[{x.qid, it["linkId"].get<std::string>(), quarter(x.authored.substr(0, 10))}].push_back(v);
                    }
            bool contact = false;
            if (x.qid == "intake")
                for (const auto& it : x.r["item"])
                    if (it["linkId"] == "contact" && it.contains("answer")) contact = true;
            const std::string wish = ext(x.r, "contact-wish");
            const bool marked = !ext(x.r, "talk-about").empty();
            work += contact || ext(x.r, "talk-wish") == "true" || (!wish.empty() && wish != "none") || marked;
        }
        const json& how = fig["how"];
        check_count(how, "n", static_cast<std::int64_t>(resp.size()), "how");
        check_count(how, "easy", easy, "how");
        check_count(how, "read_aloud", aloud, "how");
        check_count(how, "assisted", assisted, "how");
        check_count(how, "alone", static_cast<std::int64_t>(resp.size()) - assisted, "how");
        REQUIRE(how["text_size"].size() == sizes.size());
        for (const auto& t : how["text_size"]) check_count(t, "n", sizes.at(t["code"].get<std::string>()), "text size");
        REQUIRE(how["language"].size() == langs.size());
        for (const auto& l : how["language"]) check_count(l, "n", langs.at(l["code"].get<std::string>()), "language");
        REQUIRE(fig["satisfaction"].size() == sat.size());
        for (const auto& sc : fig["satisfaction"])
            check_dist(sc["dist"], dist(sat.at({sc["questionnaire"].get<std::string>(), sc["link"].get<std::string>(), sc["quarter"].get<std::string>()})),
                       sc["link"].get<std::string>() + " " + sc["quarter"].get<std::string>());
        CHECK(fig["worklist"]["n"] == work);
        CHECK(fig["worklist"]["items"].size() == static_cast<std::size_t>(std::min(work, 200)));
        CHECK(read_csv(s.rep / "worklist.csv").size() == static_cast<std::size_t>(work));
    }

    SECTION("the page is one self-contained file that says n and what a change does not prove") {
        const std::string html = read_file(s.rep / "index.html");
        CHECK(html.find("<script") == std::string::npos);
        CHECK(html.find("src=") == std::string::npos);
        CHECK(html.find("href=") == std::string::npos);
        CHECK(html.find("url(") == std::string::npos);
        CHECK(html.find("@page { size: A4") != std::string::npos);
        CHECK(html.find("<svg") != std::string::npos);
        CHECK(html.find("is not proof that the help worked") != std::string::npos);
        CHECK(html.find("conversation starter: the change is not an effect measurement") != std::string::npos);
        CHECK(html.find("measuring instrument: the change is an effect measurement") != std::string::npos);
        CHECK(html.find("n = ") != std::string::npos);
    }
}

TEST_CASE("no group of fewer than 5 people shows in any table or chart of the report") {
    // Few sessions over many sites and months, and a site of 3: most groups are small.
    Seeded s(150, 7);
    plant(s.db, s.org, 3);
    for (const char* lang : {"en", "nl"}) {
        const fs::path out = s.rep / lang;
        auto rp = run(KIOSKCTL_BIN, {"report", "--db", s.db.string(), "--key", s.org.string(), "--out", out.string(), "--lang", lang});
        INFO(rp.err);
        REQUIRE(rp.exit_code == 0);
        const json fig = json::parse(read_file(out / "report.json"));
        REQUIRE(fig["min_cell"] == kMinCell);

        // report.json: every count (any integer but a step number or the
        // threshold) is 0 or at least 5; a left-out one is null and says why.
        // The work list is not a statistic: it lists each entry for staff.
        int small = 0, complement = 0, counts = 0;
        std::function<void(const json&, const std::string&)> walk = [&](const json& v, const std::string& path) {
            if (v.is_object()) {
                for (auto it = v.begin(); it != v.end(); ++it) {
                    const std::string key = it.key(), p = path + "/" + key;
                    if (p == "/worklist" || p == "/min_cell" || p == "/totals/unreadable" || key == "step" || key == "steps" ||
                        key == "suppressed")
                        continue;
                    if (it.value().is_null()) {
                        INFO(p);
                        REQUIRE(v.contains("suppressed"));
                        const std::string why = v["suppressed"].value(key, "");
                        CHECK((why == "small" || why == "complement"));
                        (why == "small" ? small : complement) += 1;
                    } else walk(it.value(), p);
                }
            } else if (v.is_array()) {
                for (std::size_t i = 0; i < v.size(); ++i) walk(v[i], path + "/" + std::to_string(i));
            } else if (v.is_number_integer()) {
                INFO(path << " = " << v.get<std::int64_t>());
                CHECK((v.get<std::int64_t>() == 0 || v.get<std::int64_t>() >= kMinCell));
                ++counts;
            }
        };
        walk(fig, "");
        CHECK(counts > 50);
        CHECK(small > 20);      // the seed does make small groups...
        CHECK(complement > 0);  // ...and some that the totals would give away

        // Nothing small can be worked out from a total: what the shown parts
        // leave of a shown whole is 0 or at least 5 people.
        auto left = [&](const json& whole, const char* wf, const json& parts, const char* pf, const std::string& what) {
            if (!whole[wf].is_number()) return;
            std::int64_t rest = whole[wf].get<std::int64_t>();
            for (const auto& p : parts)
                if (p[pf].is_number()) rest -= p[pf].get<std::int64_t>();
            INFO(what << ": " << rest << " left of " << whole[wf]);
            CHECK((rest == 0 || rest >= kMinCell));
        };
        left(fig["totals"], "responses", fig["responses"]["per_questionnaire"], "n", "per questionnaire");
        left(fig["totals"], "responses", fig["responses"]["per_month"], "n", "per month");
        left(fig["totals"], "responses", fig["responses"]["per_site"], "n", "per site");
        left(fig["how"], "n", fig["how"]["text_size"], "n", "text size");
        left(fig["how"], "n", fig["how"]["language"], "n", "language");
        left(fig["how"], "n", json::array({fig["how"]}), "assisted", "assisted");
        left(fig["how"], "n", json::array({fig["how"]}), "easy", "easy");
        for (const auto& c : fig["completion"]) {
            json parts = json::array();
            for (const char* k : {"finished", "idle", "stop"}) parts.push_back({{"x", c[k]}});
            left(c, "started", parts, "x", "completion " + c["questionnaire"].get<std::string>());
        }
        for (const auto& r : fig["responses"]["per_questionnaire"]) {
            json rows = json::array();
            for (const auto& c : fig["completion"])
                if (c["questionnaire"] == r["questionnaire"]) rows.push_back(c);
            left(r, "n", rows, "finished", "finished per language of " + r["questionnaire"].get<std::string>());
        }
        bool planted_hidden = false;
        for (const auto& site : fig["responses"]["per_site"])
            if (site["name"] == "Zebra marker site") planted_hidden = site["n"].is_null() && site["suppressed"]["n"] == "small";
        CHECK(planted_hidden);

        // index.html: the same, for every number the page prints as a count:
        // table cells, the figure beside a bar, "n = ". The work list (last) is left out.
        std::string html = read_file(out / "index.html");
        const auto wl = html.find("<section id=\"worklist\"");
        REQUIRE(wl != std::string::npos);
        html = html.substr(0, wl);
        int printed = 0;
        for (const char* pattern : {R"(<td class="n">(\d+))", R"(<text x="[0-9.]+" y="[0-9.]+">(\d+)</text>)", R"(n = (\d+))"}) {
            const std::regex re(pattern);
            for (auto it = std::sregex_iterator(html.begin(), html.end(), re); it != std::sregex_iterator(); ++it) {
                const long v = std::stol((*it)[1].str());
                INFO(lang << ": " << it->str());
                CHECK((v == 0 || v >= kMinCell));
                ++printed;
            }
        }
        CHECK(printed > 50);
        // No share of a small group ("2 (100 %)"): a percentage only beside a shown count.
        CHECK(!std::regex_search(html, std::regex(R"(<span class="hidden">[^<]*</span> \()")));
        // The threshold is named on the page, and the cells say it.
        const std::string rule = std::string(lang) == "en" ? "Groups of 1 to 4 people are not shown anywhere in this report"
                                                           : "Groepen van 1 tot en met 4 mensen tonen we nergens in dit verslag";
        CHECK(html.find(rule) != std::string::npos);
        CHECK(html.find(std::string(lang) == "en" ? "fewer than 5" : "minder dan 5") != std::string::npos);
        CHECK(html.find(std::string(lang) == "en" ? "not shown" : "niet getoond") != std::string::npos);
    }
}

TEST_CASE("a report of a handful of responses is written and its summary line does not print the small count") {
    // A kiosk that has sent 2 responses (make run's demo sends 1): the totals are small cells too.
    Seeded s(0, 1);
    plant(s.db, s.org, 2);
    auto rp = run(KIOSKCTL_BIN, {"report", "--db", s.db.string(), "--key", s.org.string(), "--out", s.rep.string(), "--lang", "en"});
    INFO(rp.out << rp.err);
    REQUIRE(rp.exit_code == 0);
    CHECK(rp.out.find("report of fewer than 5 response(s)") != std::string::npos);
    CHECK(fs::exists(s.rep / "index.html"));
    const json fig = json::parse(read_file(s.rep / "report.json"));
    CHECK(fig["totals"]["responses"].is_null());
    CHECK(fig["totals"]["suppressed"]["responses"] == "small");
}

TEST_CASE("per neighbourhood: counted only where the intake asks it, small neighbourhoods hidden") {
    Seeded s(60, 2);
    std::vector<std::string> wijk;
    for (int i = 0; i < 15; ++i) wijk.push_back(i < 7 ? "noord" : i < 13 ? "oost" : "zuid");  // 7, 6 and 2 people
    plant(s.db, s.org, 15, wijk);

    // The shipped intake does not ask it: the report says so and counts
    // nothing, even though these envelopes carry such an answer.
    auto rp = run(KIOSKCTL_BIN, {"report", "--db", s.db.string(), "--key", s.org.string(), "--out", (s.rep / "a").string(), "--lang", "en"});
    INFO(rp.err);
    REQUIRE(rp.exit_code == 0);
    json fig = json::parse(read_file(s.rep / "a" / "report.json"));
    CHECK(fig["neighbourhood"]["asked"] == false);
    CHECK(fig["neighbourhood"]["groups"].empty());
    CHECK(read_file(s.rep / "a" / "index.html").find("The intake does not ask for the neighbourhood") != std::string::npos);

    // An organisation whose intake asks it (a choice item "neighbourhood").
    TempDir content("report-content");
    for (const auto& e : fs::directory_iterator(fs::path(KIOSK_SOURCE_DIR) / "assets" / "questionnaires"))
        if (e.path().extension() == ".json") fs::copy_file(e.path(), content / e.path().filename().string());
    json intake = json::parse(read_file(content / "intake.json"));
    auto en = [](const std::string& text) {
        return json{{"extension", json::array({{{"url", "http://hl7.org/fhir/StructureDefinition/translation"},
                                                {"extension", json::array({{{"url", "lang"}, {"valueCode", "en"}},
                                                                           {{"url", "content"}, {"valueString", text}}})}}})}};
    };
    json item = {{"linkId", "neighbourhood"}, {"type", "choice"}, {"text", "In welke wijk woont u?"},
                 {"_text", en("Which part of town do you live in?")}, {"answerOption", json::array()}};
    for (const char* c : {"noord", "oost", "zuid"})
        item["answerOption"].push_back(
            {{"valueCoding", {{"system", "https://example.org/wijk"}, {"code", c}, {"display", c}, {"_display", en(c)}}}});
    intake["item"].insert(intake["item"].begin() + 2, item);
    write_file(content / "intake.json", intake.dump());
    rp = run(KIOSKCTL_BIN, {"report", "--db", s.db.string(), "--key", s.org.string(), "--out", (s.rep / "b").string(), "--lang", "en",
                            "--content", content.path().string()});
    INFO(rp.err);
    REQUIRE(rp.exit_code == 0);
    fig = json::parse(read_file(s.rep / "b" / "report.json"));
    CHECK(fig["neighbourhood"]["asked"] == true);
    std::map<std::string, json> got;
    for (const auto& g : fig["neighbourhood"]["groups"]) got[g["code"].get<std::string>()] = g;
    REQUIRE(got.size() == 3);
    CHECK(got["noord"]["n"] == 7);
    CHECK(got["oost"]["n"] == 6);
    CHECK(got["zuid"]["n"].is_null());
    CHECK(got["zuid"]["suppressed"]["n"] == "small");
    const std::string html = read_file(s.rep / "b" / "index.html");
    const auto sec = html.find("<section id=\"neighbourhood\"");
    REQUIRE(sec != std::string::npos);
    const std::string part = html.substr(sec, html.find("</section>", sec) - sec);
    CHECK(part.find(">zuid</text><text x=\"310\" y=\"") != std::string::npos);
    CHECK(part.find("fewer than 5") != std::string::npos);
    CHECK(part.find(">2</text>") == std::string::npos);
}

TEST_CASE("a questionnaire staff did not use is counted apart from started, with what they used instead") {
    Seeded s(200, 2);
    plant(s.db, s.org, 0, {}, 6);  // six intakes staff did not use: a paper form instead
    auto rp = run(KIOSKCTL_BIN, {"report", "--db", s.db.string(), "--key", s.org.string(), "--out", s.rep.string(), "--lang", "en"});
    INFO(rp.err);
    REQUIRE(rp.exit_code == 0);
    const json fig = json::parse(read_file(s.rep / "report.json"));
    CHECK(fig["completion_columns"]["not_used"] == true);
    const json* row = nullptr;
    for (const auto& c : fig["completion"])
        if (c["questionnaire"] == "intake" && c["language"] == "nl") row = &c;
    REQUIRE(row);
    INFO(row->dump());
    CHECK((*row)["not_used"] == 6);
    // Not used is not started: started is still finished + idle + stop.
    std::int64_t parts = 0;
    bool all_shown = (*row)["started"].is_number();
    for (const char* k : {"finished", "idle", "stop"})
        if ((*row)[k].is_number()) parts += (*row)[k].get<std::int64_t>();
        else all_shown = false;
    if (all_shown) CHECK((*row)["started"] == parts);
    REQUIRE(fig["not_used_instead"].size() == 1);
    CHECK(fig["not_used_instead"][0]["questionnaire"] == "intake");
    CHECK(fig["not_used_instead"][0]["instead"] == "paper");
    CHECK(fig["not_used_instead"][0]["n"] == 6);
    const std::string html = read_file(s.rep / "index.html");
    CHECK(html.find("Not used (staff)") != std::string::npos);
    CHECK(html.find("What staff used instead of the questionnaire") != std::string::npos);
    CHECK(html.find("A paper form") != std::string::npos);
}

TEST_CASE("the report page renders in headless Chromium with no console error") {
    Seeded s(400, 3);
    for (const char* lang : {"nl", "en"}) {
        const fs::path out = s.rep / lang;
        auto rp = run(KIOSKCTL_BIN, {"report", "--db", s.db.string(), "--key", s.org.string(), "--out", out.string(), "--lang", lang});
        INFO(rp.err);
        REQUIRE(rp.exit_code == 0);
        const fs::path shot = fs::path(KIOSK_TEST_TMP_DIR).parent_path() / "screens" / (std::string("report-") + lang + ".png");
        fs::create_directories(shot.parent_path());
        fs::remove(shot);
        TempDir profile("report-chromium");
        auto c = run("/usr/bin/chromium",
                     {"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile.path().string(),
                      "--enable-logging=stderr", "--v=0", "--window-size=1000,2600", "--screenshot=" + shot.string(),
                      "file://" + (out / "index.html").string()});
        INFO(c.err);
        REQUIRE(c.exit_code == 0);
        REQUIRE(fs::exists(shot));
        CHECK(fs::file_size(shot) > 50'000);  // a page with charts, not a blank one
        // Chromium logs page console messages as "CONSOLE(...)" lines; an
        // uncaught error or a blocked load would show there.
        CHECK(c.err.find("CONSOLE") == std::string::npos);
        CHECK(c.err.find("Uncaught") == std::string::npos);
        CHECK(c.err.find("net::ERR") == std::string::npos);
    }
}


TEST_CASE("the benchmark file has no cell under 10, no free text and no identifier") {
    Seeded s(1500, 4);
    plant(s.db, s.org, 12);
    const fs::path a = s.dir / "a.json", b = s.dir / "b.json";
    auto bm = run(KIOSKCTL_BIN, {"benchmark", "--db", s.db.string(), "--key", s.org.string(), "--out", a.string(), "--name", "Org A"});
    INFO(bm.err);
    REQUIRE(bm.exit_code == 0);
    const std::string text = read_file(a);
    const json j = json::parse(text);
    CHECK(j["schema"] == "intake-kiosk-benchmark/1");
    CHECK(j["min_cell"] == 10);
    // Planted markers and every identifier the database holds.
    std::vector<std::string> markers = {"ZEBRA", "ZQ-99887", "kiosk-zebra", "DM-0", "demo-", "marker site", "voorbeeld",
                                        "example.org", "0612345678", "urn:uuid", "Bibliotheek", "Buurthuis"};
    auto store = endpoint::Store::open(s.db);
    REQUIRE(store);
    REQUIRE(store.value()->for_each_envelope([&](const endpoint::StoredEnvelope& e) {
        markers.push_back(e.uuid);
        return markers.size() < 400;
    }));
    for (const auto& m : markers) {
        INFO(m);
        CHECK(text.find(m) == std::string::npos);
    }
    // Every count in the file: at least 10 (or left out as null).
    int numbers = 0, nulls = 0;
    std::function<void(const json&, const std::string&)> walk = [&](const json& v, const std::string& path) {
        if (v.is_object())
            for (auto it = v.begin(); it != v.end(); ++it) walk(it.value(), path + "." + it.key());
        else if (v.is_array())
            for (const auto& x : v) walk(x, path + "[]");
        else if (v.is_number_integer()) {
            INFO(path);
            CHECK(v.get<std::int64_t>() >= 10);
            ++numbers;
        } else if (v.is_null()) ++nulls;
        else if (v.is_string()) {
            // Only names, codes and quarters: no free text.
            INFO(path << " = " << v.get<std::string>());
            CHECK(v.get<std::string>().size() <= 40);
        }
    };
    walk(j["families"], "families");
    CHECK(numbers > 50);
    CHECK(nulls > 0);  // the 12 planted intakes of one site do make some cells small
    // Minimum and maximum are one person's score: never in the file.
    CHECK(text.find("\"min\"") == std::string::npos);
    CHECK(text.find("\"max\"") == std::string::npos);

    // A second organisation, side by side.
    Seeded other(1200, 2);
    REQUIRE(run(KIOSKCTL_BIN, {"benchmark", "--db", other.db.string(), "--key", other.org.string(), "--out", b.string(),
                               "--name", "Org B"}).exit_code == 0);
    auto cmp = run(KIOSKCTL_BIN, {"benchmark", "compare", a.string(), b.string(), "--out", (s.dir / "cmp").string(), "--lang", "en"});
    INFO(cmp.err);
    REQUIRE(cmp.exit_code == 0);
    const std::string page = read_file(s.dir / "cmp" / "index.html");
    CHECK(page.find("Org A") != std::string::npos);
    CHECK(page.find("Org B") != std::string::npos);
    CHECK(page.find("<svg") != std::string::npos);
    // A file with a small cell is refused.
    json bad = j;
    bad["families"][0]["quarters"][0]["responses"] = 3;
    write_file(s.dir / "bad.json", bad.dump());
    auto refused = run(KIOSKCTL_BIN, {"benchmark", "compare", a.string(), (s.dir / "bad.json").string(), "--out", (s.dir / "cmp2").string()});
    CHECK(refused.exit_code != 0);
    CHECK(refused.err.find("fewer than 10") != std::string::npos);
}

TEST_CASE("export --since exports only what arrived from then on, and completions go to completions.csv") {
    Seeded s(500, 2);
    auto all = run(KIOSKCTL_BIN, {"export", "--db", s.db.string(), "--key", s.org.string(), "--out", (s.dir / "all").string()});
    REQUIRE(all.exit_code == 0);
    std::vector<std::string> received;
    for (const auto& e : fs::directory_iterator(s.dir / "all"))
        if (e.path().extension() == ".csv" && e.path().filename() != "errors.csv" && e.path().filename() != "completions.csv")
            for (auto& row : read_csv(e.path())) received.push_back(row["received_at"]);
    std::sort(received.begin(), received.end());
    REQUIRE(received.size() > 300);
    const std::string since = received[received.size() / 2].substr(0, 10);
    const auto later = static_cast<std::size_t>(
        std::count_if(received.begin(), received.end(), [&](const std::string& r) { return r.substr(0, 10) >= since; }));
    auto part = run(KIOSKCTL_BIN, {"export", "--db", s.db.string(), "--key", s.org.string(), "--out", (s.dir / "part").string(),
                                   "--since", since});
    INFO(part.err);
    REQUIRE(part.exit_code == 0);
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(s.dir / "part"))
        if (e.path().extension() == ".ndjson") {
            std::ifstream in(e.path());
            std::string line;
            while (std::getline(in, line)) ++n;
        }
    CHECK(n == later);
    CHECK(n < received.size());
    // No temporary row files are left beside the export.
    for (const auto& e : fs::directory_iterator(s.dir / "part")) CHECK(e.path().filename().string()[0] != '.');
    auto bad = run(KIOSKCTL_BIN, {"export", "--db", s.db.string(), "--key", s.org.string(), "--out", (s.dir / "x").string(),
                                  "--since", "yesterday"});
    CHECK(bad.exit_code == 2);
    // Completion records are never in a questionnaire's NDJSON.
    for (const auto& e : fs::directory_iterator(s.dir / "all"))
        if (e.path().extension() == ".ndjson") CHECK(read_file(e.path()).find("\"reason\"") == std::string::npos);
    CHECK(read_csv(s.dir / "all" / "completions.csv").size() > 20);
}
