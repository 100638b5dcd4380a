// Index of this file:
// [SECTION] scores
// [SECTION] compare with last time
// [SECTION] questions
// [SECTION] dialogs

#include "session/screen_model.hpp"

#include <cmath>
#include <cstdio>
#include <map>

#include "core/utc_time.hpp"
#include "i18n/catalog.hpp"
#include "questionnaire/typed_answer.hpp"
#include "session/events.hpp"
#include "takehome/result_code.hpp"

namespace kiosk::model {

namespace q = questionnaire;

// [SECTION] scores

namespace {
// Tenths, truncated (with a little room for binary fractions: 6.0 stays 6).
long tenths(double v) { return static_cast<long>(std::floor(v * 10.0 + 1e-6)); }
}  // namespace

Band band(double score) {
    if (score < kLowBelow) return Band::Low;
    if (score < kGoodFrom) return Band::Fair;
    return Band::Good;
}

const char* band_key(Band b) {
    switch (b) {
        case Band::Low: return "result.low";
        case Band::Fair: return "result.mid";
        case Band::Good: return "result.high";
    }
    return "result.mid";
}

const char* band_face(Band b) {
    switch (b) {
        case Band::Low: return "face-2";
        case Band::Fair: return "face-3";
        case Band::Good: return "face-5";
    }
    return "face-3";
}

std::string score_number(double score, const std::string& lang) {
    long t = tenths(score);
    if (t % 10 == 0) return std::to_string(t / 10);
    return i18n::decimal(static_cast<double>(t) / 10.0, 1, lang);
}

std::string score_words(double score, const std::string& lang) {
    return i18n::fmt("score.of-ten", lang, {{"n", score_number(score, lang)}});
}

std::vector<DomainLine> result_lines(const q::Scores& scores, const std::string& lang) {
    std::vector<DomainLine> out;
    for (const auto& d : scores.domains) {
        DomainLine l;
        l.domain = d.domain;
        l.name = i18n::tr("domain." + d.domain, lang);
        l.score = d.average;
        if (!d.average) {
            l.sentence = i18n::fmt("result.none", lang, {{"domain", l.name}});
        } else {
            l.band = band(*d.average);
            l.face = band_face(*l.band);
            l.sentence = i18n::fmt(band_key(*l.band), lang, {{"domain", l.name}, {"score", score_words(*d.average, lang)}});
        }
        out.push_back(std::move(l));
    }
    return out;
}

std::string qr_payload(const KioskState& s) {
    if (!s.scores() || !s.interview() || s.declined() || s.stopped()) return "";
    // Only after a result screen: a questionnaire that tags a domain or two
    // but draws no chart (money-matters) showed no scores, so the thanks
    // screen must not offer to keep them (nor print them).
    if (!s.scores()->spider) return "";
    bool any = false;
    for (const auto& d : s.scores()->domains) any = any || d.average.has_value();
    if (!any) return "";
    const q::Questionnaire& qn = s.interview()->questionnaire();
    return takehome::encode(takehome::from_scores(*s.scores(), takehome::family_of(qn.id, qn.variant), qn.variant,
                                                  qn.version, utc_day(s.wall_ms())));
}

// [SECTION] compare with last time

std::string day_words(const std::string& iso, const std::string& lang) {
    int y = 0, m = 0, d = 0;
    if (std::sscanf(iso.c_str(), "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12) return iso;
    return std::to_string(d) + " " + i18n::tr("month." + std::to_string(m), lang) + " " + std::to_string(y);
}

std::string previous_ready(const KioskState& s, const std::string& lang) {
    if (!s.previous()) return "";
    return i18n::fmt("choose.previous-ready", lang, {{"date", day_words(s.previous()->day, lang)}});
}

std::optional<Comparison> comparison(const KioskState& s, const std::string& lang) {
    const auto& prev = s.previous();
    if (!prev || !s.scores() || !s.interview()) return std::nullopt;
    const q::Questionnaire& qn = s.interview()->questionnaire();
    Comparison c;
    c.heading = i18n::fmt("compare.title", lang, {{"date", day_words(prev->day, lang)}});
    c.comparable = takehome::family_of(qn.id, qn.variant) == prev->family && qn.variant == prev->variant;
    if (!c.comparable) {
        c.heading = i18n::fmt(addressed_key(s, "compare.title-other"), lang, {{"date", day_words(prev->day, lang)}});
        c.note = say(s, "compare.other-variant", lang);
        return c;
    }
    c.note = say(s, "compare.legend", lang);
    c.previous = prev->scores;
    // The same whole numbers the take-home code of today's result holds.
    const auto now = takehome::from_scores(*s.scores(), "", "", "", "").scores;
    const auto& domains = q::scoring_domains();
    for (std::size_t i = 0; i < domains.size() && i < now.size() && i < prev->scores.size(); ++i) {
        if (!s.scores()->find(domains[i])) continue;  // a domain this questionnaire does not ask
        const std::string name = i18n::tr("domain." + domains[i], lang);
        const auto& a = prev->scores[i];
        const auto& b = now[i];
        std::string line;
        if (!a || !b) line = i18n::fmt("compare.none", lang, {{"domain", name}});
        else {
            const char* key = *b > *a ? "compare.higher" : *b < *a ? "compare.lower" : "compare.same";
            line = i18n::fmt(key, lang, {{"domain", name}, {"then", std::to_string(*a)}, {"now", std::to_string(*b)}});
        }
        c.lines.push_back({domains[i], std::move(line)});
    }
    return c;
}

// [SECTION] questions

namespace {

struct Counter {
    const q::Interview& iv;
    std::map<std::string, const q::Item*> by_id;
    const q::Item* current;
    std::map<std::string, const q::Item*> consent_of;  // governed linkId -> its consent question
    int before = 0, total = 0;
    bool seen = false;

    void index(const std::vector<q::Item>& items) {
        for (const auto& i : items) {
            by_id[i.link_id] = &i;
            for (const auto& g : i.consent_for) consent_of[g] = &i;
            index(i.children);
        }
    }

    // On, or not yet ruled out: off only because a question it depends on
    // has not been answered (or skipped) yet.
    bool may_come(const q::Item& item, int depth = 0) const {
        if (iv.is_enabled(item.link_id)) return true;
        if (depth > 8) return false;
        // Governed by a consent question (`consent-for`) not answered yet: may come.
        if (auto c = consent_of.find(item.link_id); c != consent_of.end()) {
            const q::Item& consent = *c->second;
            bool open = iv.answers(consent.link_id).empty() && !iv.is_skipped(consent.link_id);
            if (open) {
                if (!may_come(consent, depth + 1)) return false;
                if (item.enable_when.empty()) return true;
            } else if (!iv.is_enabled(consent.link_id) || iv.answers(consent.link_id) != std::vector<q::Value>{q::Value{true}}) {
                return false;  // declined: it will not come
            }
        }
        for (const auto& e : item.enable_when) {
            auto it = by_id.find(e.question);
            if (it == by_id.end()) continue;
            const q::Item& dep = *it->second;
            bool open = iv.answers(dep.link_id).empty() && !iv.is_skipped(dep.link_id);
            if (open && may_come(dep, depth + 1)) return true;
        }
        return false;
    }

    void walk(const std::vector<q::Item>& items) {
        for (const auto& item : items) {
            bool on = iv.is_enabled(item.link_id);
            if (&item == current) seen = true;
            if (!on && (seen ? !may_come(item) : true)) continue;  // before the current one only what was asked counts
            if (item.is_answerable()) {
                ++total;
                if (!seen) ++before;
            }
            walk(item.children);
        }
    }
};

}  // namespace

Progress progress(const q::Interview& iv) {
    Counter c{iv, {}, iv.current(), {}};
    c.index(iv.questionnaire().items);
    c.walk(iv.questionnaire().items);
    Progress p;
    p.total = c.total;
    const q::Item* cur = iv.current();
    if (cur && cur->is_answerable()) p.n = std::min(c.before + 1, c.total);
    else if (!cur) p.n = c.total;
    return p;
}

std::string progress_text(const q::Interview& iv, const std::string& lang) {
    Progress p = progress(iv);
    if (p.n == 0 || p.total == 0) return i18n::tr("question.info", lang);
    return i18n::fmt("question.progress", lang, {{"n", std::to_string(p.n)}, {"total", std::to_string(p.total)}});
}

std::string answer_text(const q::Interview& iv, const q::Item& item, const std::string& lang) {
    if (iv.is_skipped(item.link_id)) return i18n::tr("review.skipped", lang);
    std::string answer;
    for (const auto& v : iv.answers(item.link_id)) {
        if (!answer.empty()) answer += ", ";
        if (const auto* b = std::get_if<bool>(&v)) answer += i18n::tr(*b ? "yes" : "no", lang);
        else if (const auto* d = std::get_if<double>(&v)) answer += i18n::decimal(*d, 1, lang);
        else answer += q::value_to_string(v, iv.language());
    }
    return answer.empty() ? "-" : answer;
}

KeyboardKind keyboard_kind(const q::Item& item) {
    bool digits = item.type == q::ItemType::Integer || item.type == q::ItemType::Decimal ||
                  item.type == q::ItemType::Quantity || item.type == q::ItemType::Time ||
                  item.type == q::ItemType::Date ||  // dateTime: letters (a space between date and time)
                  item.link_id.find("phone") != std::string::npos;
    return digits ? KeyboardKind::Digits : KeyboardKind::Letters;
}

const char* keyboard_hint_key(const q::Item& item) {
    const char* format = q::typed_format_key(item);
    return format ? format : "keyboard.hint";
}

// [SECTION] dialogs

std::string ui_lang(const KioskState& s) {
    if (const auto* iv = s.interview(); iv && i18n::is_supported(iv->language())) return iv->language();
    return s.lang();
}

std::optional<DialogModel> dialog_model(const KioskState& s) {
    const std::string lang = ui_lang(s);
    // In the questionnaire's register (u / je) and the easy variant's words.
    auto t = [&](const std::string& key) { return say(s, key, lang); };
    DialogModel m;
    switch (s.screen()) {
        case Screen::Consent:
            m.title = t("consent.title");
            m.paragraphs = {t("consent.body")};
            m.actions = {{"consent.agree", t("consent.agree"), Role::Primary},
                         {"consent.decline", t("consent.decline"), Role::Normal}};
            return m;
        case Screen::Talk:
            m.title = t("talk.title");
            m.paragraphs = {t("talk.body")};
            if (std::string marks = marks_line(s, lang); !marks.empty()) m.paragraphs.push_back(marks);
            m.actions = {{"talk.yes", t("talk.yes"), Role::Primary}, {"talk.no", t("talk.no"), Role::Normal}};
            return m;
        case Screen::ContactWish:
            if (s.contact_entry()) return std::nullopt;  // the keyboard for the detail (kiosk/screen_contact.cpp)
            m.title = t("contact.title");
            if (std::string marks = marks_line(s, lang); !marks.empty()) m.paragraphs.push_back(marks);
            // The ways are answers to the title's question, in the body; the bar
            // keeps help and stop only (kiosk/screen_flow.cpp draw_dialog).
            for (ContactWay w : contact_ways()) {
                std::string id = std::string("contact.") + contact_way_code(w);
                m.answers.push_back({id, t(id), Role::Normal});
            }
            return m;
        case Screen::Thanks:
            m.title = t(s.stopped() ? "stopped.title" : "thanks.title");
            // What will happen, in the organisation's words (session/contact_wish.hpp).
            if (s.stopped()) m.paragraphs = {t(s.stopped_after_send() ? "stopped.body-sent" : "stopped.body")};
            else m.paragraphs = thanks_lines(s, lang);
            if (!qr_payload(s).empty())
                m.paragraphs.push_back(t("thanks.qr"));
            // Print (shared/print/): where a printer is set up, once, again after a failure.
            if (!s.print_status().empty()) m.paragraphs.push_back(t(s.print_status()));
            m.actions.clear();
            if (s.printer_available() && !qr_payload(s).empty() && s.print_status() != "print.printing" &&
                s.print_status() != "print.done")
                m.actions.push_back({"print", t("print"), Role::Normal});
            m.actions.push_back({"finish", t("finish"), Role::Primary});
            m.stop_and_help = false;  // the end: nothing left to stop
            return m;
        case Screen::StillHere:
            m.title = t("still-here.title");
            m.paragraphs = {i18n::fmt(s.idle_pauses() ? "still-here.body-paused" : "still-here.body", lang,
                                      {{"n", std::to_string(s.still_here_seconds_left())}})};
            m.actions = {{"still-here", t("still-here.button"), Role::Primary}};
            m.stop_and_help = false;
            return m;
        case Screen::Paused:
            m.title = t("paused.title");
            m.paragraphs = {t("paused.body")};
            m.actions = {{"paused.done", t("paused.done"), Role::Primary}};
            m.stop_and_help = false;
            return m;
        case Screen::Stop:
            m.title = t("stop.title");
            m.paragraphs = {t(s.answers_sent() ? "stop.body-sent" : "stop.body")};
            m.actions = {{"stop.no", t("stop.no"), Role::Primary}, {"stop.yes", t("stop.yes"), Role::Normal}};
            m.stop_and_help = false;
            return m;
        case Screen::Help:
            m.title = t("help.title");
            m.paragraphs = {t("help.body")};
            m.actions = {{"help.close", t("help.close"), Role::Primary}};
            m.stop_and_help = false;
            return m;
        case Screen::Handover:
            m.title = t("handover.title");
            m.paragraphs = {t("handover.body")};
            m.actions = {{"handover.no", t("handover.no"), Role::Primary}, {"handover.yes", t("handover.yes"), Role::Normal}};
            m.stop_and_help = false;
            return m;
        default:
            return std::nullopt;
    }
}

bool activate(KioskState& s, const std::string& id) {
    // The ids and what they do are session/events.cpp's action_event().
    auto e = action_event(id);
    if (!e) return false;
    kiosk::apply(s, *e);
    return true;
}

}  // namespace kiosk::model
