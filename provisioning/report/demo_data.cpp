#include "report/demo_data.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

#include "crypto/crypto.hpp"
#include "crypto/envelope.hpp"
#include "questionnaire/interview.hpp"
#include "report/facts.hpp"
#include "session/completion.hpp"

namespace kiosk::report {

namespace q = questionnaire;

namespace {

// The interview reads time from a Clock; demo sessions happen in the past.
class DemoClock final : public Clock {
public:
    Millis now_ms() const override { return now; }
    Millis wall_ms() const override { return wall; }
    Millis now = 0, wall = 0;
};

struct Person {
    std::string qid;
    std::string case_ref;
    std::array<double, 6> level{};  // per scoring domain, 0-10
    int visits = 0;
};

struct Site {
    std::string id, name;
    crypto::SecureBytes sk = crypto::SecureBytes(crypto_sign_SECRETKEYBYTES);
    crypto::Bytes pk = crypto::Bytes(crypto_sign_PUBLICKEYBYTES);
};

const char* kSiteNames[] = {"Bibliotheek Centrum", "Buurthuis De Linde", "Wijkcentrum Noord", "Huisbezoek (tablet)",
                            "Gezondheidscentrum Oost", "Bibliotheek Zuid", "Buurthuis Het Anker", "Stadsloket"};

int domain_index(const std::string& d) {
    const auto& ds = q::scoring_domains();
    for (std::size_t i = 0; i < ds.size(); ++i)
        if (ds[i] == d) return static_cast<int>(i);
    return 0;
}

}  // namespace

Result<DemoSummary> make_demo_data(const std::filesystem::path& db_path, const std::filesystem::path& org_dir,
                                   const Catalogue& catalogue, const DemoOptions& o) {
    if (sodium_init() < 0) return make_error("libsodium failed to initialise");
    auto org = read_org_public_keys(org_dir);
    if (!org) return org.error();
    if (o.sessions < 0 || o.sites < 1 || o.months < 1) return make_error("--responses, --sites and --months must be positive");
    // Which questionnaires, how often (as a walk-in desk sees them).
    const std::vector<std::pair<std::string, double>> mix = {
        {"howareyou-short", 0.20}, {"howareyou-full", 0.07}, {"howareyou-easy", 0.12}, {"howareyou-youth", 0.05},
        {"howareyou-child", 0.03}, {"intake", 0.20},         {"money-matters", 0.10}, {"caring", 0.05},
        {"satisfaction", 0.12},    {"satisfaction-easy", 0.06}};
    std::vector<const q::Questionnaire*> qs;
    std::vector<double> weights;
    for (const auto& [id, w] : mix)
        if (auto qn = catalogue.find(id)) qs.push_back(qn), weights.push_back(w);
    if (qs.empty()) return make_error("no shipped questionnaire found for the demo (see --content)");

    DemoClock store_clock;
    auto store = endpoint::Store::open(db_path, &store_clock);
    if (!store) return store.error();

    DemoSummary sum;
    std::vector<Site> sites(static_cast<std::size_t>(o.sites));
    for (int k = 0; k < o.sites; ++k) {
        Site& s = sites[static_cast<std::size_t>(k)];
        // Deterministic device keys per seed and site, so a second run on the
        // same database adds to the same demo devices.
        std::string label = "intake-kiosk demo site " + std::to_string(o.seed) + "/" + std::to_string(k);
        unsigned char seed[crypto_sign_SEEDBYTES];
        crypto_generichash(seed, sizeof seed, reinterpret_cast<const unsigned char*>(label.data()), label.size(), nullptr, 0);
        crypto_sign_seed_keypair(s.pk.data(), s.sk.data(), seed);
        sodium_memzero(seed, sizeof seed);
        char hex[17];
        sodium_bin2hex(hex, sizeof hex, s.pk.data(), 8);
        s.id = std::string("demo-") + hex;
        s.name = std::string(kSiteNames[k % 8]) + (k >= 8 ? " " + std::to_string(k / 8 + 1) : "");
        auto existing = store.value()->device_by_id(s.id);
        if (!existing) return existing.error();
        if (!existing->has_value()) {
            endpoint::DeviceRecord rec;
            rec.id = s.id;
            rec.name = s.name;
            rec.signing_public_key = s.pk;
            if (auto st = store.value()->add_device(rec, endpoint::token_hash(crypto::random_token())); !st) return st.error();
        }
        ++sum.devices;
    }

    std::mt19937_64 rng(o.seed);
    std::uniform_real_distribution<double> u01(0, 1);
    std::normal_distribution<double> noise(0, 1);
    std::discrete_distribution<std::size_t> pick_q(weights.begin(), weights.end());
    // Who brings their previous result: drawn apart, so the rest of the demo
    // stays what it was for a seed.
    std::mt19937_64 brings(o.seed ^ 0x7a6b5c4d3e2f1a09ULL);
    std::vector<double> site_w;
    for (int k = 0; k < o.sites; ++k) site_w.push_back(1.0 / (1 + 0.5 * k));  // the first site is the busiest
    std::discrete_distribution<std::size_t> pick_site(site_w.begin(), site_w.end());

    const Millis end = o.end_wall_ms ? o.end_wall_ms : SystemClock().wall_ms();
    const Millis span = static_cast<Millis>(o.months) * 30LL * 24 * 3600 * 1000;
    const Millis start = end - span;
    std::vector<Person> people;  // those with a case reference, who may come back
    DemoClock clock;

    std::vector<endpoint::Store::NewEnvelope> batch;
    auto flush = [&]() -> Status {
        if (batch.empty()) return ok_status();
        store_clock.wall = clock.wall + 60'000;  // received a minute after the last one in the batch
        auto r = store.value()->put_envelopes(batch);
        batch.clear();
        if (!r) return r.error();
        return ok_status();
    };
    auto seal = [&](const Site& site, const std::string& response, const nlohmann::json& meta) -> Status {
        std::string plain = "{\"response\":" + response + ",\"meta\":" + meta.dump() + "}";
        crypto::EnvelopeHeader h;
        h.uuid = crypto::uuid_v4();
        h.device_id = site.id;
        h.created_at = crypto::rfc3339_utc(clock.wall);
        h.key_id = org->key_id;
        auto env = crypto::make_envelope(h, reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                                         org->results_public_key, site.sk);
        sodium_memzero(plain.data(), plain.size());
        if (!env) return env.error();
        batch.push_back({h.uuid, site.id, std::move(env.value())});
        return ok_status();
    };

    for (std::int64_t i = 0; i < o.sessions; ++i) {
        // Sessions in time order, spread over the months, during opening hours.
        Millis t = start + static_cast<Millis>((static_cast<double>(i) + u01(rng)) / static_cast<double>(o.sessions) *
                                               static_cast<double>(span));
        t = t - t % (24LL * 3600 * 1000) + (9 + static_cast<Millis>(u01(rng) * 8)) * 3600'000 +
            static_cast<Millis>(u01(rng) * 3600'000);
        // Envelopes arrive the day they are sealed: one bulk transaction per day.
        const Millis day_ms = 24LL * 3600 * 1000;
        if (!batch.empty() && (std::min(t, end) / day_ms != clock.wall / day_ms || batch.size() >= 2000))
            if (auto s = flush(); !s) return s.error();
        clock.wall = std::min(t, end);
        clock.now = 0;
        const Site& site = sites[pick_site(rng)];

        // Someone who comes back (same case reference, same questionnaire), or someone new.
        Person fresh;
        Person* p = &fresh;
        const bool returning = !people.empty() && u01(rng) < 0.3;
        if (returning) p = &people[static_cast<std::size_t>(u01(rng) * static_cast<double>(people.size()))];
        else {
            fresh.qid = qs[pick_q(rng)]->id;
            for (auto& l : fresh.level) l = std::clamp(5.2 + 1.9 * noise(rng), 0.0, 10.0);
            const bool with_staff = u01(rng) < 0.3;
            if (with_staff) {
                char ref[16];
                std::snprintf(ref, sizeof ref, "DM-%06llu", static_cast<unsigned long long>(people.size() + 1));
                fresh.case_ref = ref;
                people.push_back(fresh);
                p = &people.back();
            }
        }
        const q::Questionnaire* qn = catalogue.find(p->qid);
        if (!qn) continue;
        if (p->visits > 0)  // a little better on average after each visit, with real spread
            for (auto& l : p->level) l = std::clamp(l + 0.35 + 0.9 * noise(rng), 0.0, 10.0);
        ++p->visits;

        std::string lang = qn->supports_language("en") && u01(rng) < 0.2 ? "en" : qn->language;
        q::Interview iv(*qn, clock, lang);
        const double r_end = u01(rng);
        const bool declined = r_end < 0.04;
        const bool ends_early = !declined && r_end < 0.14;
        const int stop_after = ends_early ? 1 + static_cast<int>(std::pow(u01(rng), 1.5) * iv.progress().steps * 0.9) : -1;
        int step = 0;
        bool talk_wish_seen = false;
        while (!declined && iv.current() && step != stop_after) {
            const q::Item& it = *iv.current();
            clock.now += 4000 + static_cast<Millis>(u01(rng) * 12000);
            ++step;
            if (it.type == q::ItemType::Display) {
                (void)iv.next();
                continue;
            }
            if (u01(rng) < 0.04) {
                (void)iv.skip();
                continue;
            }
            const double level = it.domain.empty() ? 5 + 2 * noise(rng) : p->level[static_cast<std::size_t>(domain_index(it.domain))];
            Status st = ok_status();
            switch (it.type) {
                case q::ItemType::Integer: {
                    double lo = it.min_value.value_or(0), hi = it.max_value.value_or(10);
                    double v = lo + (level + 1.2 * noise(rng)) * (hi - lo) / 10.0;
                    st = iv.answer(static_cast<std::int64_t>(std::clamp(std::round(v), lo, hi)));
                    break;
                }
                case q::ItemType::Choice: {
                    if (it.options.empty()) break;
                    if (it.repeats) {
                        int k = 1 + static_cast<int>(u01(rng) * 3);
                        for (int j = 0; j < k; ++j)
                            (void)iv.toggle(it.options[static_cast<std::size_t>(u01(rng) * it.options.size())].value);
                        break;
                    }
                    std::size_t idx = static_cast<std::size_t>(u01(rng) * it.options.size());
                    if (!it.domain.empty() && it.options.front().ordinal) {
                        double best = 1e9;
                        const double want = level + 1.2 * noise(rng);
                        for (std::size_t j = 0; j < it.options.size(); ++j)
                            if (it.options[j].ordinal && std::abs(*it.options[j].ordinal - want) < best)
                                best = std::abs(*it.options[j].ordinal - want), idx = j;
                    }
                    st = iv.answer(it.options[idx].value);
                    break;
                }
                case q::ItemType::Boolean: st = iv.answer(u01(rng) < 0.9); break;
                case q::ItemType::String:
                    st = iv.answer(std::string(it.link_id == "phone" ? "0612345678"
                                              : it.link_id == "email" ? "demo@example.org"
                                                                      : "Demo"));
                    break;
                case q::ItemType::Text:
                    if (u01(rng) < 0.5) st = iv.answer(std::string("Dit is een voorbeeld."));
                    break;
                default: st = iv.answer(q::auto_answer(it, clock)); break;
            }
            if (!st.ok()) (void)iv.skip();
            else (void)iv.next();
            talk_wish_seen = true;
        }
        const bool finished = !declined && !ends_early && iv.is_finished();
        const std::string day = utc_day(clock.wall);
        nlohmann::json meta = {{"questionnaire", qn->id}, {"version", qn->version}, {"variant", qn->variant},
                               {"language", iv.language()}, {"assisted", !p->case_ref.empty()}};
        if (!finished) {
            CompletionRecord c;
            c.questionnaire = qn->id;
            c.version = qn->version;
            c.variant = qn->variant;
            c.language = iv.language();
            c.reason = declined ? "decline" : (u01(rng) < 0.6 ? "idle" : "stop");
            const auto pr = iv.progress();
            c.step = declined ? 0 : std::min(pr.position, pr.steps);
            c.steps = pr.steps;
            c.day = day;
            meta["duration_s"] = 0;
            meta["kind"] = kCompletionKind;
            if (auto s = seal(site, completion_json(c), meta); !s) return s.error();
            ++sum.completions;
            continue;
        }
        auto r = nlohmann::ordered_json::parse(iv.response_json(q::ResponseStatus::Completed));
        auto& ext = r["extension"];
        const std::string base = kExt;
        if (talk_wish_seen && qn->variant != "intake" && !qn->id.starts_with("satisfaction")) {
            const bool talk = u01(rng) < 0.25;
            ext.push_back({{"url", base + "talk-wish"}, {"valueBoolean", talk}});
            if (talk) {
                static const char* ways[] = {"desk", "phone", "email", "visit", "none"};
                ext.push_back({{"url", base + "contact-wish"}, {"valueCode", ways[static_cast<int>(u01(rng) * 5)]}});
            }
            // Now and then a question marked "I want to talk about this".
            if (u01(rng) < 0.08)
                for (const auto& it : qn->items) {
                    const q::Item* first = &it;
                    while (!first->children.empty()) first = &first->children.front();
                    if (first->is_answerable()) {
                        ext.push_back({{"url", base + "talk-about"}, {"valueString", first->link_id}});
                        break;
                    }
                }
        }
        if (!p->case_ref.empty()) {
            ext.push_back({{"url", base + "case-reference"}, {"valueString", p->case_ref}});
            ext.push_back({{"url", base + "filled-in-together"}, {"valueBoolean", u01(rng) < 0.7}});
        }
        // A walk-in resident (no case reference) of a questionnaire with
        // domain scores who scanned the take-home code of an earlier result
        // (shared/takehome/README.md): the kiosk seals it as our extension
        // previous-result, whole numbers, as KioskState::add_previous_extension
        // writes it. Now and then it is of another variant of the family (short
        // vs full), which the report must not pair.
        if (p->case_ref.empty() && !qn->variant.empty() && u01(brings) < 0.3) {
            const auto now = domain_scores(*qn, r);
            if (!now.empty()) {
                std::string prev_variant = qn->variant;
                if (u01(brings) < 0.12) {
                    for (const auto* other : qs)
                        if (other->variant != qn->variant && family_of(other->id, other->variant) == family_of(qn->id, qn->variant))
                            prev_variant = other->variant;
                }
                const Millis weeks = (4 + static_cast<Millis>(u01(brings) * 20)) * 7LL * 24 * 3600 * 1000;
                nlohmann::ordered_json parts = nlohmann::ordered_json::array();
                parts.push_back({{"url", "date"}, {"valueDate", utc_day(clock.wall - weeks)}});
                parts.push_back({{"url", "family"}, {"valueCode", family_of(qn->id, qn->variant)}});
                parts.push_back({{"url", "variant"}, {"valueCode", prev_variant}});
                parts.push_back({{"url", "version"}, {"valueString", qn->version}});
                for (const auto& d : q::scoring_domains())
                    if (auto it = now.find(d); it != now.end()) {
                        // A little worse last time, on average, with real spread.
                        const double before = it->second - 0.4 + 1.1 * std::normal_distribution<double>(0, 1)(brings);
                        parts.push_back({{"url", d}, {"valueInteger", static_cast<int>(std::lround(std::clamp(before, 0.0, 10.0)))}});
                    }
                ext.push_back({{"url", base + "previous-result"}, {"extension", parts}});
                ++sum.brought;
            }
        }
        if (ext.empty()) r.erase("extension");
        const double ts = u01(rng);
        meta["duration_s"] = clock.now / 1000;
        meta["kind"] = "finished";
        meta["read_aloud"] = qn->variant == "easy" ? u01(rng) < 0.5 : u01(rng) < 0.1;
        meta["text_scale_pct"] = ts < 0.7 ? 100 : ts < 0.9 ? 150 : 200;
        if (auto s = seal(site, r.dump(), meta); !s) return s.error();
        ++sum.responses;
    }
    if (auto s = flush(); !s) return s.error();
    return sum;
}

}  // namespace kiosk::report
