// Index of this file:
// [SECTION] file names
// [SECTION] what a resident can be shown
// [SECTION] taps and typed values
// [SECTION] the planner
// [SECTION] public API

#include "preview/plan.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>
#include <set>

#include "core/clock.hpp"
#include "i18n/catalog.hpp"
#include "questionnaire/interview.hpp"
#include "session/kiosk_state.hpp"
#include "session/screen_model.hpp"

namespace kiosk::preview {

namespace q = questionnaire;

// [SECTION] file names
std::string file_safe(const std::string& s) {
    std::string out;
    for (char c : s) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
                  c == '_';
        out += ok ? c : '_';
    }
    if (out.size() > 60) out.resize(60);
    return out;
}

namespace {

// [SECTION] what a resident can be shown
// Every item a resident can be shown, with the groups around it (for enableWhen on a group).
struct Shown {
    const q::Item* item;
    std::vector<const q::Item*> chain;  // the item and its enclosing groups, innermost first
};

void collect(const std::vector<q::Item>& items, std::vector<const q::Item*> parents, bool hidden,
             std::vector<Shown>& out) {
    for (const auto& it : items) {
        const bool h = hidden || it.hidden;
        std::vector<const q::Item*> chain{&it};
        chain.insert(chain.end(), parents.rbegin(), parents.rend());
        if (it.type != q::ItemType::Group && !h && !it.is_computed()) out.push_back({&it, chain});
        auto next = parents;
        next.push_back(&it);
        collect(it.children, next, h, out);
    }
}

std::optional<double> number_of(const q::Value& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* qv = std::get_if<q::Quantity>(&v)) return qv->value;
    return std::nullopt;
}

std::optional<std::string> text_of(const q::Value& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* d = std::get_if<q::Date>(&v)) return d->iso;
    if (const auto* t = std::get_if<q::Time>(&v)) return t->iso;
    if (const auto* t = std::get_if<q::DateTime>(&v)) return t->iso;
    return std::nullopt;
}

// Whether the answers given to a question meet one enableWhen on it (as far
// as the planner needs to know: the real decision is the interview's).
bool meets(const q::EnableWhen& e, const std::vector<q::Value>& answers) {
    if (e.op == q::EnableOperator::Exists) {
        const bool* want = std::get_if<bool>(&e.answer);
        return (want ? *want : true) == !answers.empty();
    }
    if (answers.empty()) return false;
    if (e.op == q::EnableOperator::Equal)
        return std::any_of(answers.begin(), answers.end(), [&](const q::Value& a) { return q::values_equal(a, e.answer); });
    if (e.op == q::EnableOperator::NotEqual)
        return std::none_of(answers.begin(), answers.end(), [&](const q::Value& a) { return q::values_equal(a, e.answer); });
    for (const auto& a : answers) {
        int cmp = 0;
        if (auto x = number_of(a), y = number_of(e.answer); x && y) cmp = *x < *y ? -1 : (*x > *y ? 1 : 0);
        else if (auto s = text_of(a), t = text_of(e.answer); s && t) cmp = s->compare(*t) < 0 ? -1 : (*s == *t ? 0 : 1);
        else continue;
        switch (e.op) {
            case q::EnableOperator::Greater: if (cmp > 0) return true; break;
            case q::EnableOperator::Less: if (cmp < 0) return true; break;
            case q::EnableOperator::GreaterOrEqual: if (cmp >= 0) return true; break;
            case q::EnableOperator::LessOrEqual: if (cmp <= 0) return true; break;
            default: break;
        }
    }
    return false;
}

// [SECTION] taps and typed values
// One resident action: a tap on a widget id or typed text.
struct Step {
    bool type = false;
    std::string arg;  // widget id, or the text
};
using Candidate = std::vector<Step>;

// The tap behind a widget id, as the kiosk's screens turn it into a state call.
void tap_model(KioskState& s, const std::string& id) {
    s.touch();
    auto starts = [&](const char* p) { return id.rfind(p, 0) == 0; };
    if (id == "start") s.start();
    else if (starts("choose.")) s.choose(id.substr(7));
    else if (starts("lang.")) s.set_language(id.substr(5));
    else if (starts("text-size.")) s.set_text_scale(std::stoi(id.substr(10)));
    else if (id == "contrast.high") s.set_high_contrast(!s.session().high_contrast);
    else if (starts("answer.")) s.select_option(static_cast<std::size_t>(std::stoul(id.substr(7))));
    else if (id == "skip") s.skip();
    else if (id == "review.done") s.review_done();
    else if (id == "next") {
        switch (s.screen()) {
            case Screen::Result: s.result_next(); break;
            case Screen::Referrals: s.referrals_done(); break;
            default: s.next();
        }
    } else {
        (void)model::activate(s, id);
    }
}

std::string number_text(double d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", d);
    return buf;
}

// What a resident might type for an item: one plain value within its bounds,
// then the values its enableWhen dependants ask about (and one either side).
std::vector<std::string> typed_values(const q::Item& item, const std::vector<const q::EnableWhen*>& wanted) {
    std::vector<std::string> out;
    auto add = [&](const std::string& t) {
        if (!t.empty() && std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
    };
    switch (item.type) {
        case q::ItemType::Date: add("01-02-1990"); break;
        case q::ItemType::Time: add("14:30"); break;
        case q::ItemType::DateTime: add("01-02-2026 14:30"); break;
        case q::ItemType::Integer:
        case q::ItemType::Decimal:
        case q::ItemType::Quantity: {
            double v = item.min_value.value_or(5);
            if (item.max_value && v > *item.max_value) v = *item.max_value;
            add(number_text(v));
            break;
        }
        default: add("Anna");
    }
    for (const auto* e : wanted) {
        if (e->op == q::EnableOperator::Exists) continue;
        if (auto n = number_of(e->answer)) {
            double step = item.type == q::ItemType::Integer ? 1 : 0.5;
            add(number_text(*n));
            add(number_text(*n + step));
            add(number_text(*n - step));
        } else if (auto t = text_of(e->answer)) {
            add(*t);
        }
    }
    return out;
}

// [SECTION] the planner
class Planner {
public:
    Planner(const std::vector<q::Questionnaire>& catalog, const std::string& id, const referrals::Catalogue& refs,
            const PlanOptions& o)
        : id_(id), o_(o) {
        state_.emplace(clock_, options(o), nullptr);
        state_->set_catalog(catalog);
        state_->set_referrals(refs);
        for (const auto& qn : catalog)
            if (qn.id == id) collect(qn.items, {}, false, shown_);
        for (const auto& s : shown_) plan_.items.push_back(s.item->link_id);
    }

    Plan run() {
        for (int walk = 1; walk <= o_.max_walks && (walk == 1 || covered_.size() < shown_.size()); ++walk) {
            walk_ = walk;
            // A walk that shows nothing new is taken back (the kiosk never plays it).
            const KioskState state = *state_;
            const Plan plan = plan_;
            const auto covered = covered_;
            const auto screens = shot_screens_;
            const auto offers = offer_sets_;
            const std::size_t scored = scored_;
            plan_.script += "# walk " + std::to_string(walk) + "\n";
            if (!one_walk()) break;
            if (walk > 1 && covered_.size() == covered.size()) {
                state_.emplace(state);  // (the clock ran on; nothing is planned after this)
                plan_ = plan;
                covered_ = covered;
                shot_screens_ = screens;
                offer_sets_ = offers;
                scored_ = scored;
                break;
            }
            ++plan_.walks;
        }
        for (const auto& s : shown_)
            if (!covered_.count(s.item->link_id)) plan_.unreached.push_back(s.item->link_id);
        plan_.script += "quit\n";
        return std::move(plan_);
    }

private:
    static KioskOptions options(const PlanOptions& o) {
        KioskOptions k;
        k.default_lang = o.default_lang;
        return k;
    }

    void settle() {
        // As the kiosk's script runner: time moves only to a deadline that is
        // near (the confirmation of a chosen answer), never to the idle warning.
        for (int i = 0; i < 4; ++i) {
            Millis d = state_->next_deadline(), now = clock_.now_ms();
            if (d < 0 || d - now > 1000) break;
            clock_.advance(std::max<Millis>(0, d - now));
            state_->tick();
        }
    }

    void tap(const std::string& id) {
        plan_.script += "tap " + id + "\n";
        tap_model(*state_, id);
        state_->tick();
        settle();
    }

    void type(const std::string& text) {
        plan_.script += "type " + text + "\n";
        state_->touch();
        state_->type_text(text);
        state_->tick();
    }

    void shot(const std::string& link_id = "") {
        const std::string screen = screen_name(state_->screen());
        char n[16];
        std::snprintf(n, sizeof n, "%02zu", plan_.shots.size() + 1);
        std::string file = std::string(n) + "-" + screen;
        if (!link_id.empty()) file += "-" + file_safe(link_id);
        plan_.script += "expect-screen " + screen + "\nscreenshot-page " + file + ".png\ndump-ui " + file + ".json\n";
        plan_.shots.push_back({file, screen, link_id, walk_});
    }

    bool once(Screen s) { return shot_screens_.insert(s).second; }

    // The enableWhen conditions of items not shown yet that ask about this item.
    std::vector<const q::EnableWhen*> wanted_of(const q::Item& x) const {
        std::vector<const q::EnableWhen*> out;
        for (const auto& s : shown_) {
            if (covered_.count(s.item->link_id)) continue;
            for (const auto* c : s.chain)
                for (const auto& e : c->enable_when)
                    if (e.question == x.link_id) out.push_back(&e);
        }
        return out;
    }

    std::vector<Candidate> candidates(const q::Item& item) const {
        std::vector<Candidate> out;
        if (!item.is_answerable() || item.read_only) return {{{false, "next"}}};
        auto wanted = wanted_of(item);
        if (uses_keyboard(item)) {
            for (const auto& t : typed_values(item, wanted)) out.push_back({{true, t}, {false, "next"}});
        } else if (item.type == q::ItemType::Boolean) {
            out.push_back({{false, "answer.0"}});
            out.push_back({{false, "answer.1"}});
        } else if (item.type == q::ItemType::Integer) {
            const int points = static_cast<int>(item.max_value.value_or(10) - item.min_value.value_or(0)) + 1;
            for (int n = 0; n < points; ++n) out.push_back({{false, "answer." + std::to_string(n)}});
            spread(out, points);
        } else if (item.has_options()) {
            for (std::size_t n = 0; n < item.options.size(); ++n) {
                if (state_->interview() && !state_->interview()->is_option_offered(item.link_id, n)) continue;  // not on screen
                Candidate c{{false, "answer." + std::to_string(n)}};
                if (item.repeats) c.push_back({false, "next"});
                out.push_back(c);
            }
            if (item.repeats) {  // every option an item not shown yet asks for, together
                Candidate all;
                for (std::size_t n = 0; n < item.options.size(); ++n)
                    if (std::any_of(wanted.begin(), wanted.end(),
                                    [&](const q::EnableWhen* e) { return q::values_equal(e->answer, item.options[n].value); }))
                        all.push_back({false, "answer." + std::to_string(n)});
                if (all.size() > 1) {
                    all.push_back({false, "next"});
                    out.push_back(all);
                }
            }
            const bool scored = !item.options.empty() && std::all_of(item.options.begin(), item.options.end(),
                                                                     [](const q::AnswerOption& o) { return o.ordinal.has_value(); });
            if (scored && !item.repeats) spread(out, static_cast<int>(item.options.size()));
        }
        out.push_back({{false, "skip"}});
        return out;
    }

    // Scored answers (scale points, faces) when nothing else decides: spread
    // over the scale, so the result screen shows a web with some low and some
    // high parts (and the referrals low answers bring) rather than a dot.
    void spread(std::vector<Candidate>& out, int points) const {
        static const double kSpread[] = {0.2, 0.5, 0.8, 0.0, 0.6, 0.9, 0.3, 0.7, 1.0, 0.4};
        if (points < 2) return;
        const auto p = static_cast<std::size_t>(kSpread[scored_ % 10] * (points - 1) + 0.5);
        std::rotate(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(p), out.begin() + p + 1);
    }

    // How much a candidate answer opens up: items not shown yet that it turns
    // on (most), and conditions about this item it meets (a step towards
    // items that need several answers). -1: the kiosk would not take it.
    int score(const Candidate& c, const q::Item& item) const {
        KioskState copy = *state_;
        for (const auto& s : c) {
            if (s.type) copy.type_text(s.arg);
            else tap_model(copy, s.arg);
        }
        const q::Interview* iv = copy.interview();
        if (!iv || !copy.keyboard_error().empty()) return -1;
        if (item.is_answerable() && iv->answers(item.link_id).empty() && !iv->is_skipped(item.link_id)) return -1;
        int points = 0;
        for (const auto& s : shown_) {
            if (covered_.count(s.item->link_id) || s.item->link_id == item.link_id) continue;
            if (iv->is_enabled(s.item->link_id)) points += 100;
            for (const auto* ch : s.chain)
                for (const auto& e : ch->enable_when)
                    if (e.question == item.link_id && meets(e, iv->answers(item.link_id))) points += 1;
        }
        return points;
    }

    // Answers the current question the way that opens up the most, and moves on.
    bool answer(const q::Item& item) {
        auto cands = candidates(item);
        int best = -1;
        std::size_t pick = 0;
        for (std::size_t i = 0; i < cands.size(); ++i) {
            int s = score(cands[i], item);
            if (s > best) best = s, pick = i;  // ties keep the earlier, plainer answer
        }
        if (best < 0) {
            plan_.problems.push_back("walk " + std::to_string(walk_) + ": no answer the kiosk takes for " + item.link_id);
            return false;
        }
        for (const auto& s : cands[pick]) {
            if (s.type) type(s.arg);
            else tap(s.arg);
        }
        if (item.is_answerable()) ++scored_;
        return true;
    }

    // One session from the welcome screen to "finish" (false: stopped early).
    bool one_walk() {
        bool started = false;
        for (int guard = 0; guard < 3000; ++guard) {
            const Screen sc = state_->screen();
            switch (sc) {
                case Screen::Welcome:
                    if (started) return true;
                    started = true;
                    if (!o_.lang.empty() && state_->lang() != o_.lang) tap("lang." + o_.lang);
                    if (state_->session().text_scale_pct != o_.text_size_pct) tap("text-size." + std::to_string(o_.text_size_pct));
                    if (state_->session().high_contrast != o_.high_contrast) tap("contrast.high");
                    if (once(sc)) shot();
                    tap("start");
                    break;
                case Screen::Choose:
                    if (once(sc)) shot();
                    tap("choose." + id_);
                    break;
                case Screen::Consent:
                    if (once(sc)) shot();
                    tap("consent.agree");
                    break;
                case Screen::Question:
                case Screen::Keyboard: {
                    const q::Item* item = state_->interview() ? state_->interview()->current() : nullptr;
                    if (!item) return stuck(sc);
                    if (covered_.insert(item->link_id).second) shot(item->link_id);
                    const std::string was = item->link_id;
                    if (!answer(*item)) return false;
                    const q::Item* now = state_->interview() ? state_->interview()->current() : nullptr;
                    if (now && now->link_id == was && state_->screen() == sc && !state_->confirming()) return stuck(sc);
                    break;
                }
                case Screen::Review:
                    if (once(sc)) shot();
                    tap("review.done");
                    break;
                case Screen::Result:
                    if (once(sc)) shot();
                    tap("next");
                    break;
                case Screen::Talk: {
                    // The first walk says yes, so the contact-wish screen is shown too.
                    const bool first = once(sc);
                    if (first) shot();
                    tap(first ? "talk.yes" : "talk.no");
                    break;
                }
                case Screen::ContactWish:
                    if (once(sc)) shot();
                    tap("contact.desk");
                    break;
                case Screen::Referrals: {
                    std::string ids;
                    for (const auto& of : state_->offers()) ids += of.id + " ";
                    if (offer_sets_.insert(ids).second) shot();
                    tap("next");
                    break;
                }
                case Screen::Thanks:
                    if (once(sc)) shot();
                    tap("finish");
                    break;
                default:
                    return stuck(sc);
            }
        }
        plan_.problems.push_back("walk " + std::to_string(walk_) + ": did not end");
        return false;
    }

    bool stuck(Screen sc) {
        std::string where = screen_name(sc);
        if (state_->interview() && state_->interview()->current()) where += " (" + state_->interview()->current()->link_id + ")";
        plan_.problems.push_back("walk " + std::to_string(walk_) + ": cannot go on from screen " + where);
        return false;
    }

    std::string id_;
    PlanOptions o_;
    ManualClock clock_;
    std::optional<KioskState> state_;  // optional: a walk that shows nothing new is undone
    std::vector<Shown> shown_;
    std::set<std::string> covered_;
    std::set<Screen> shot_screens_;
    std::set<std::string> offer_sets_;
    int walk_ = 1;
    std::size_t scored_ = 0;  // answers given so far (where the spread is)
    Plan plan_;
};

}  // namespace

// [SECTION] public API
Plan plan(const std::vector<q::Questionnaire>& catalog, const std::string& id, const referrals::Catalogue& refs,
          const PlanOptions& o) {
    return Planner(catalog, id, refs, o).run();
}

}  // namespace kiosk::preview
