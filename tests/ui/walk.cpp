#include "walk.hpp"

#include <cstdio>
#include <set>

#include "core/clock.hpp"
#include "questionnaire/interview.hpp"
#include "session/kiosk_state.hpp"
#include "takehome/result_code.hpp"

namespace kiosk::test {

namespace q = questionnaire;

namespace {

bool keyboard_item(const q::Item& item) { return uses_keyboard(item); }

void themes_of(const q::Interview& iv, const std::vector<q::Item>& items, std::vector<std::string>& out) {
    for (const auto& item : items) {
        for (const auto& v : iv.answers(item.link_id))
            if (const auto* c = std::get_if<q::Coding>(&v))
                if (c->system.find("/CodeSystem/theme") != std::string::npos) out.push_back(c->code);
        themes_of(iv, item.children, out);
    }
}

void domains_of(const std::vector<q::Item>& items, std::set<std::string>& out) {
    for (const auto& item : items) {
        if (!item.domain.empty()) out.insert(item.domain);
        domains_of(item.children, out);
    }
}

}  // namespace

Walk plan_walk(const q::Questionnaire& qn, const referrals::Catalogue& refs, const WalkOptions& o) {
    Walk w;
    std::string& s = w.script;
    auto shot = [&](const std::string& screen) {
        ++w.screens;
        char n[16];
        std::snprintf(n, sizeof n, "%02d", w.screens);
        s += "expect-screen " + screen + "\n";
        if (!o.shots_prefix.empty()) {
            s += "screenshot " + o.shots_prefix + n + "-" + screen + ".png\n";
            s += "dump-ui " + o.shots_prefix + n + "-" + screen + ".json\n";
        }
        if (!o.dumps_prefix.empty()) s += "dump-ui " + o.dumps_prefix + n + "-" + screen + ".json\n";
    };
    s += o.preamble;
    if (!o.lang.empty() && o.lang != "nl") s += "tap lang." + o.lang + "\n";
    shot("welcome");
    s += "tap start\n";
    shot("choose");
    if (o.compare) {
        s += "tap compare\n";
        shot("scan");
        std::set<std::string> tagged;
        domains_of(qn.items, tagged);
        bool coded = tagged.size() == q::scoring_domains().size();
        if (coded) {
            takehome::ResultCode c{takehome::family_of(qn.id, qn.variant), qn.variant, qn.version, "2026-11-01",
                                   {5, 3, 8, std::nullopt, 6, 10}};
            s += "type " + takehome::encode(c) + "\nkey enter\n";
        } else {
            s += "tap back\n";
        }
        shot("choose");
    }
    s += "tap choose." + qn.id + "\n";
    shot("consent");
    s += "tap consent.agree\n";

    ManualClock clock;
    q::Interview iv(qn, clock, qn.supports_language(o.lang) ? o.lang : qn.language);
    int guard = 0;
    bool dialogs_done = false;
    while (!iv.is_finished() && ++guard < 500) {
        const q::Item* item = iv.current();
        if (!item->is_answerable()) {
            shot("question");
            s += "tap next\n";
            (void)iv.next();
            continue;
        }
        if (o.skip_body && item->domain == "body") {
            shot(keyboard_item(*item) ? "keyboard" : "question");
            s += "tap skip\n";
            (void)iv.skip();
            continue;
        }
        if (keyboard_item(*item)) {
            shot("keyboard");
            std::string typed = item->type == q::ItemType::Date ? "01-02-1990"
                                : (item->type == q::ItemType::Integer || item->type == q::ItemType::Decimal) ? "5"
                                                                                                            : "Anna";
            s += "type " + typed + "\ntap next\n";
            if (item->type == q::ItemType::Date) (void)iv.answer(q::Value{q::Date{"1990-02-01"}});
            else if (item->type == q::ItemType::Integer) (void)iv.answer(q::Value{std::int64_t{5}});
            else if (item->type == q::ItemType::Decimal) (void)iv.answer(q::Value{5.0});
            else (void)iv.answer(q::Value{typed});
            (void)iv.next();
            continue;
        }
        shot("question");
        if (o.dialogs && !dialogs_done) {
            dialogs_done = true;
            s += "tap help\n";
            shot("help");
            s += "tap help.close\ntap stop\n";
            shot("stop");
            s += "tap stop.no\nexpect-screen question\n";
        }
        s += "tap answer.0\n";
        switch (item->type) {
            case q::ItemType::Choice:
                if (item->repeats) {
                    (void)iv.toggle(item->options.front().value);
                    s += "tap next\n";
                } else {
                    (void)iv.answer(item->options.front().value);
                }
                break;
            case q::ItemType::Boolean: (void)iv.answer(q::Value{true}); break;
            default: (void)iv.answer(q::Value{static_cast<std::int64_t>(item->min_value.value_or(0))});
        }
        (void)iv.next();
    }
    shot("review");
    s += "tap review.done\n";
    auto scores = iv.scores();
    w.spider = scores.spider.has_value();
    if (w.spider) {
        shot("result");
        s += "tap next\n";
        shot("talk");
        s += o.talk ? "tap talk.yes\n" : "tap talk.no\n";
        if (o.talk) {  // how to talk: the desk needs no detail
            shot("contact-wish");
            s += "tap contact.desk\n";
        }
    }
    std::vector<std::string> themes;
    themes_of(iv, qn.items, themes);
    w.referrals = !referrals::match(refs, &scores, themes).empty();
    if (w.referrals) {
        shot("referrals");
        s += "tap next\n";
    }
    shot("thanks");
    s += "tap finish\n";
    s += "expect-screen welcome\n";
    return w;
}

}  // namespace kiosk::test
