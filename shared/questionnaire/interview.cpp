// How the interview works: the questionnaire is flattened once into document
// order. Because the loader only accepts enableWhen pointing at earlier items,
// one pass in document order settles which items are enabled: an item that
// turns disabled loses its answer before any later item looks at it. Steps
// are display items and editable questions; the cursor is an index into them.
#include "questionnaire/interview.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <functional>

#include <nlohmann/json.hpp>

namespace kiosk::questionnaire {
namespace {

using json = nlohmann::json;

constexpr const char* kSnapshotFormat = "intake-kiosk-interview/1";
constexpr const char* kDataAbsentReasonUrl = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
constexpr std::size_t kMaxTextAnswerBytes = 10000;

std::size_t utf8_length(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string rfc3339(Millis wall_ms) {
    std::time_t t = static_cast<std::time_t>(wall_ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::optional<double> as_number(const Value& v) {
    if (auto i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (auto d = std::get_if<double>(&v)) return *d;
    return std::nullopt;
}

// -1, 0, 1, or nullopt when the two cannot be ordered.
std::optional<int> compare(const Value& a, const Value& b) {
    if (auto x = as_number(a)) {
        auto y = as_number(b);
        if (!y) return std::nullopt;
        return *x < *y ? -1 : (*x > *y ? 1 : 0);
    }
    auto cmp_str = [](const std::string& x, const std::string& y) { return x < y ? -1 : (x > y ? 1 : 0); };
    if (auto x = std::get_if<Date>(&a)) {
        if (auto y = std::get_if<Date>(&b)) return cmp_str(x->iso, y->iso);
        return std::nullopt;
    }
    if (auto x = std::get_if<std::string>(&a)) {
        if (auto y = std::get_if<std::string>(&b)) return cmp_str(*x, *y);
        return std::nullopt;
    }
    return std::nullopt;
}

// An enableWhen answer coding without a system matches on code alone.
bool answer_matches(const Value& answer, const Value& wanted) {
    if (auto w = std::get_if<Coding>(&wanted)) {
        auto a = std::get_if<Coding>(&answer);
        return a && a->code == w->code && (w->system.empty() || w->system == a->system);
    }
    return values_equal(answer, wanted);
}

json value_to_snapshot(const Value& v) {
    struct V {
        json operator()(bool b) const { return {{"boolean", b}}; }
        json operator()(std::int64_t i) const { return {{"integer", i}}; }
        json operator()(double d) const { return {{"decimal", d}}; }
        json operator()(const std::string& s) const { return {{"string", s}}; }
        json operator()(const Date& d) const { return {{"date", d.iso}}; }
        json operator()(const Coding& c) const { return {{"coding", {{"system", c.system}, {"code", c.code}}}}; }
    };
    return std::visit(V{}, v);
}

std::optional<Value> value_from_snapshot(const json& j) {
    if (!j.is_object() || j.size() != 1) return std::nullopt;
    const std::string k = j.begin().key();
    const json& v = j.begin().value();
    if (k == "boolean" && v.is_boolean()) return Value{v.get<bool>()};
    if (k == "integer" && v.is_number_integer()) return Value{v.get<std::int64_t>()};
    if (k == "decimal" && v.is_number()) return Value{v.get<double>()};
    if (k == "string" && v.is_string()) return Value{v.get<std::string>()};
    if (k == "date" && v.is_string()) return Value{Date{v.get<std::string>()}};
    if (k == "coding" && v.is_object() && v.contains("code") && v["code"].is_string()) {
        Coding c;
        c.code = v["code"].get<std::string>();
        if (v.contains("system") && v["system"].is_string()) c.system = v["system"].get<std::string>();
        return Value{c};
    }
    return std::nullopt;
}

using ojson = nlohmann::ordered_json;

ojson value_to_fhir(const Value& v, const std::string& lang) {
    struct V {
        const std::string& lang;
        ojson operator()(bool b) const { return {{"valueBoolean", b}}; }
        ojson operator()(std::int64_t i) const { return {{"valueInteger", i}}; }
        ojson operator()(double d) const { return {{"valueDecimal", d}}; }
        ojson operator()(const std::string& s) const { return {{"valueString", s}}; }
        ojson operator()(const Date& d) const { return {{"valueDate", d.iso}}; }
        ojson operator()(const Coding& c) const {
            ojson coding = ojson::object();
            if (!c.system.empty()) coding["system"] = c.system;
            coding["code"] = c.code;
            const std::string& display = c.display.get(lang);
            if (!display.empty()) coding["display"] = display;
            return {{"valueCoding", coding}};
        }
    };
    return std::visit(V{lang}, v);
}

}  // namespace

const char* response_status_code(ResponseStatus s) {
    switch (s) {
        case ResponseStatus::Completed: return "completed";
        case ResponseStatus::InProgress: return "in-progress";
        case ResponseStatus::Stopped: return "stopped";
    }
    return "in-progress";
}

Interview::Interview(Questionnaire questionnaire, const Clock& clock, const std::string& lang)
    : q_(std::make_shared<const Questionnaire>(std::move(questionnaire))), clock_(&clock) {
    lang_ = (!lang.empty() && q_->supports_language(lang)) ? lang : q_->language;
    index(q_->items, nullptr);
    started_ms_ = clock_->now_ms();
    reevaluate();
    pos_ = 0;
    settle_forward();
}

void Interview::index(const std::vector<Item>& items, const Item* parent) {
    for (const auto& it : items) {
        order_.push_back(&it);
        if (parent) parent_[&it] = parent;
        by_id_[it.link_id] = &it;
        for (const auto& governed : it.consent_for) consent_of_[governed] = it.link_id;
        if (it.type == ItemType::Display || (it.is_answerable() && !it.read_only)) steps_.push_back(&it);
        index(it.children, &it);
    }
}

bool Interview::condition(const EnableWhen& e) const {
    auto st = state_.find(e.question);
    static const std::vector<Value> kNone;
    const std::vector<Value>& vals = st == state_.end() ? kNone : st->second.values;
    switch (e.op) {
        case EnableOperator::Exists: {
            auto want = std::get_if<bool>(&e.answer);
            return want && (!vals.empty()) == *want;
        }
        case EnableOperator::Equal:
            return std::any_of(vals.begin(), vals.end(), [&](const Value& v) { return answer_matches(v, e.answer); });
        case EnableOperator::NotEqual:
            // True when no answer equals it, so also when there is no answer (as FHIR R5 spells out).
            return std::none_of(vals.begin(), vals.end(), [&](const Value& v) { return answer_matches(v, e.answer); });
        default: break;
    }
    return std::any_of(vals.begin(), vals.end(), [&](const Value& v) {
        auto c = compare(v, e.answer);
        if (!c) return false;
        switch (e.op) {
            case EnableOperator::Greater: return *c > 0;
            case EnableOperator::Less: return *c < 0;
            case EnableOperator::GreaterOrEqual: return *c >= 0;
            case EnableOperator::LessOrEqual: return *c <= 0;
            default: return false;
        }
    });
}

void Interview::reevaluate() {
    for (const Item* it : order_) {
        bool en = true;
        if (auto p = parent_.find(it); p != parent_.end()) en = enabled_[p->second->link_id];
        if (en && !it->enable_when.empty()) {
            if (it->enable_behavior == EnableBehavior::All)
                en = std::all_of(it->enable_when.begin(), it->enable_when.end(), [&](const EnableWhen& e) { return condition(e); });
            else
                en = std::any_of(it->enable_when.begin(), it->enable_when.end(), [&](const EnableWhen& e) { return condition(e); });
        }
        if (en) en = allowed(*it);
        enabled_[it->link_id] = en;
        if (!en) {
            state_.erase(it->link_id);  // answers of a disabled item are dropped
        } else if (it->is_answerable() && !it->initial.empty() && !state_.count(it->link_id)) {
            state_[it->link_id].values = it->initial;
        }
    }
}

// Beside enableWhen: an item a consent question governs is enabled only
// after a "yes" to it (the consent comes earlier, so one pass in document
// order settles it), and an item staff switched off is never enabled.
bool Interview::allowed(const Item& item) const {
    if (excluded_.count(item.link_id)) return false;
    auto c = consent_of_.find(item.link_id);
    if (c == consent_of_.end()) return true;
    auto st = state_.find(c->second);
    if (st == state_.end() || st->second.skipped) return false;
    return std::any_of(st->second.values.begin(), st->second.values.end(), [](const Value& v) {
        const bool* b = std::get_if<bool>(&v);
        return b && *b;
    });
}

void Interview::set_excluded(std::set<std::string> link_ids) {
    excluded_ = std::move(link_ids);
    reevaluate();
    settle_forward();
}

bool Interview::consent_declined() const {
    for (const Item* it : order_) {
        if (it->consent_for.empty() || !is_enabled(it->link_id)) continue;
        const auto& a = answers(it->link_id);
        bool yes = !a.empty() && std::holds_alternative<bool>(a.front()) && std::get<bool>(a.front());
        if (!yes) return true;
    }
    return false;
}

bool Interview::step_enabled(std::size_t i) const {
    auto it = enabled_.find(steps_[i]->link_id);
    return it != enabled_.end() && it->second;
}

void Interview::settle_forward() {
    while (pos_ < steps_.size() && !step_enabled(pos_)) ++pos_;
}

const Item* Interview::current() const { return pos_ < steps_.size() ? steps_[pos_] : nullptr; }

std::vector<const Item*> Interview::current_groups() const {
    std::vector<const Item*> out;
    const Item* it = current();
    while (it) {
        auto p = parent_.find(it);
        if (p == parent_.end()) break;
        out.insert(out.begin(), p->second);
        it = p->second;
    }
    return out;
}

bool Interview::is_finished() const { return pos_ >= steps_.size(); }

Progress Interview::progress() const {
    Progress p;
    for (const Item* it : order_) {
        if (!it->is_answerable() || it->read_only || !is_enabled(it->link_id)) continue;
        ++p.total_enabled;
        auto st = state_.find(it->link_id);
        if (st == state_.end()) continue;
        if (st->second.skipped) {
            ++p.answered;
            ++p.skipped;
        } else if (!st->second.values.empty()) {
            ++p.answered;
        }
    }
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        if (!step_enabled(i)) continue;
        ++p.steps;
        if (i <= pos_) ++p.position;
    }
    if (is_finished()) p.position = p.steps + 1;
    return p;
}

const Item* Interview::answerable_current(Status& why) const {
    const Item* it = current();
    if (!it) {
        why = make_error("the interview is finished");
        return nullptr;
    }
    if (!it->is_answerable()) {
        why = make_error("step " + it->link_id + " is information, not a question");
        return nullptr;
    }
    return it;
}

Status Interview::check_value(const Item& item, const Value& v) const {
    auto bad = [&](const std::string& m) { return Status(make_error(item.link_id + ": " + m)); };
    auto in_bounds = [&](double d) {
        return (!item.min_value || d >= *item.min_value) && (!item.max_value || d <= *item.max_value);
    };
    switch (item.type) {
        case ItemType::Boolean:
            if (!std::holds_alternative<bool>(v)) return bad("needs yes or no");
            break;
        case ItemType::Integer:
            if (!std::holds_alternative<std::int64_t>(v)) return bad("needs a whole number");
            if (!in_bounds(static_cast<double>(std::get<std::int64_t>(v)))) return bad("number outside the scale");
            break;
        case ItemType::Decimal: {
            auto d = as_number(v);
            if (!d || !std::isfinite(*d)) return bad("needs a number");
            if (!in_bounds(*d)) return bad("number outside the allowed range");
            break;
        }
        case ItemType::String:
        case ItemType::Text: {
            auto s = std::get_if<std::string>(&v);
            if (!s) return bad("needs a text");
            if (s->empty()) return bad("an empty text is no answer");
            if (s->size() > kMaxTextAnswerBytes || (item.max_length && utf8_length(*s) > static_cast<std::size_t>(*item.max_length)))
                return bad("text is too long");
            break;
        }
        case ItemType::Date: {
            auto d = std::get_if<Date>(&v);
            if (!d || !is_valid_date(d->iso)) return bad("needs a date like 2026-11-29");
            break;
        }
        case ItemType::Choice: {
            bool ok = std::any_of(item.options.begin(), item.options.end(),
                                  [&](const AnswerOption& o) { return answer_matches(o.value, v); });
            if (!ok) return bad("not one of the options");
            break;
        }
        default: return bad("takes no answer");
    }
    return ok_status();
}

Status Interview::set_values(std::vector<Value> values) {
    Status why = ok_status();
    const Item* it = answerable_current(why);
    if (!it) return why;
    if (values.size() > 1 && !it->repeats) return make_error(it->link_id + ": takes one answer");
    std::vector<Value> normalized;
    for (auto& v : values) {
        if (auto s = check_value(*it, v); !s.ok()) return s;
        Value n = v;
        if (it->type == ItemType::Decimal) n = *as_number(v);
        if (it->type == ItemType::Choice)  // store the option itself (with its displays)
            for (const auto& o : it->options)
                if (answer_matches(o.value, v)) n = o.value;
        if (std::none_of(normalized.begin(), normalized.end(), [&](const Value& x) { return values_equal(x, n); }))
            normalized.push_back(n);
    }
    State& st = state_[it->link_id];
    st.values = std::move(normalized);
    st.skipped = false;
    reevaluate();
    settle_forward();
    return ok_status();
}

Status Interview::answer(const Value& v) { return set_values({v}); }
Status Interview::answer_all(const std::vector<Value>& values) { return set_values(values); }

Status Interview::toggle(const Value& v) {
    Status why = ok_status();
    const Item* it = answerable_current(why);
    if (!it) return why;
    std::vector<Value> vals = answers(it->link_id);
    auto found = std::find_if(vals.begin(), vals.end(), [&](const Value& x) { return answer_matches(x, v); });
    if (found != vals.end()) {
        vals.erase(found);
        return set_values(vals);
    }
    if (!it->repeats) return set_values({v});
    vals.push_back(v);
    return set_values(vals);
}

Status Interview::clear() { return set_values({}); }

Status Interview::skip() {
    Status why = ok_status();
    const Item* it = answerable_current(why);
    if (!it) return why;
    State& st = state_[it->link_id];
    st.values.clear();
    st.skipped = true;
    reevaluate();
    ++pos_;
    settle_forward();
    return ok_status();
}

bool Interview::can_go_next() const {
    const Item* it = current();
    if (!it) return false;
    if (!it->is_answerable() || !it->required) return true;
    auto st = state_.find(it->link_id);
    return st != state_.end() && (st->second.skipped || !st->second.values.empty());
}

Status Interview::next() {
    if (is_finished()) return make_error("the interview is finished");
    if (!can_go_next()) return make_error(current()->link_id + ": an answer is needed (or skip it)");
    ++pos_;
    settle_forward();
    return ok_status();
}

bool Interview::can_go_back() const {
    for (std::size_t i = std::min(pos_, steps_.size()); i-- > 0;)
        if (step_enabled(i)) return true;
    return false;
}

Status Interview::back() {
    for (std::size_t i = std::min(pos_, steps_.size()); i-- > 0;)
        if (step_enabled(i)) {
            pos_ = i;
            return ok_status();
        }
    return make_error("already at the first step");
}

void Interview::restart() {
    pos_ = 0;
    settle_forward();
}

bool Interview::is_enabled(const std::string& link_id) const {
    auto it = enabled_.find(link_id);
    return it != enabled_.end() && it->second;
}

bool Interview::is_skipped(const std::string& link_id) const {
    auto it = state_.find(link_id);
    return it != state_.end() && it->second.skipped;
}

const std::vector<Value>& Interview::answers(const std::string& link_id) const {
    static const std::vector<Value> kNone;
    auto it = state_.find(link_id);
    return it == state_.end() ? kNone : it->second.values;
}

bool Interview::is_selected(const std::string& link_id, const Value& v) const {
    const auto& vals = answers(link_id);
    return std::any_of(vals.begin(), vals.end(), [&](const Value& x) { return answer_matches(x, v); });
}

std::vector<std::string> Interview::missing_required() const {
    std::vector<std::string> out;
    for (const Item* it : order_) {
        if (!it->required || !it->is_answerable() || it->read_only || !is_enabled(it->link_id)) continue;
        auto st = state_.find(it->link_id);
        if (st == state_.end() || (!st->second.skipped && st->second.values.empty())) out.push_back(it->link_id);
    }
    return out;
}

Status Interview::set_language(const std::string& lang) {
    if (!q_->supports_language(lang))
        return make_error("questionnaire " + q_->id + " is not available in language '" + lang + "'");
    lang_ = lang;
    return ok_status();
}

Millis Interview::elapsed_ms() const { return clock_->now_ms() - started_ms_; }

std::string Interview::snapshot() const {
    json items = json::object();
    for (const auto& [id, st] : state_) {
        if (st.skipped) {
            items[id] = {{"skipped", true}};
            continue;
        }
        json vals = json::array();
        for (const auto& v : st.values) vals.push_back(value_to_snapshot(v));
        items[id] = {{"answers", vals}};
    }
    json s = {{"format", kSnapshotFormat},
              {"questionnaire", q_->id},
              {"version", q_->version},
              {"language", lang_},
              {"position", current() ? current()->link_id : ""},
              {"elapsed_ms", elapsed_ms()},
              {"items", items}};
    return s.dump();
}

Result<Interview> Interview::restore(Questionnaire questionnaire, const Clock& clock, const std::string& snapshot) {
    json s;
    try {
        s = json::parse(snapshot);
    } catch (const json::exception&) {
        return make_error("paused interview: not valid JSON");
    }
    auto field = [&](const char* k) -> std::string {
        return s.is_object() && s.contains(k) && s[k].is_string() ? s[k].get<std::string>() : std::string("\x01");
    };
    if (field("format") != kSnapshotFormat) return make_error("paused interview: unknown format");
    if (field("questionnaire") != questionnaire.id || field("version") != questionnaire.version)
        return make_error("paused interview belongs to another questionnaire or version");
    if (!s.contains("items") || !s["items"].is_object() || !s.contains("elapsed_ms") || !s["elapsed_ms"].is_number_integer())
        return make_error("paused interview: items or elapsed_ms missing");

    Interview iv(std::move(questionnaire), clock, field("language"));
    if (iv.lang_ != field("language")) return make_error("paused interview: language not offered");
    const json& items = s["items"];
    for (auto it = items.begin(); it != items.end(); ++it)
        if (!iv.by_id_.count(it.key())) return make_error("paused interview names an item this questionnaire does not have");
    // Replay in document order so enableWhen sees earlier answers first.
    for (const Item* item : iv.order_) {
        auto e = items.find(item->link_id);
        if (e == items.end()) continue;
        if (!item->is_answerable() || !iv.is_enabled(item->link_id) || !e->is_object())
            return make_error("paused interview does not fit the questionnaire at " + item->link_id);
        State st;
        if (e->contains("skipped") && (*e)["skipped"] == true) {
            st.skipped = true;
        } else if (e->contains("answers") && (*e)["answers"].is_array()) {
            for (const auto& jv : (*e)["answers"]) {
                auto v = value_from_snapshot(jv);
                if (!v || !iv.check_value(*item, *v).ok())
                    return make_error("paused interview has an invalid answer at " + item->link_id);
                for (const auto& o : item->options)  // take the option's displays
                    if (answer_matches(o.value, *v)) v = o.value;
                st.values.push_back(*v);
            }
            if (st.values.size() > 1 && !item->repeats)
                return make_error("paused interview has several answers at " + item->link_id);
        } else {
            return make_error("paused interview does not fit the questionnaire at " + item->link_id);
        }
        iv.state_[item->link_id] = std::move(st);
        iv.reevaluate();
    }
    const std::string pos = field("position");
    iv.pos_ = iv.steps_.size();
    if (!pos.empty()) {
        auto found = std::find_if(iv.steps_.begin(), iv.steps_.end(), [&](const Item* x) { return x->link_id == pos; });
        if (found == iv.steps_.end()) return make_error("paused interview: position is not a step");
        iv.pos_ = static_cast<std::size_t>(found - iv.steps_.begin());
        iv.settle_forward();
    }
    Millis elapsed = s["elapsed_ms"].get<Millis>();
    if (elapsed < 0) elapsed = 0;
    iv.started_ms_ = clock.now_ms() - elapsed;
    return iv;
}

std::string Interview::response_json(ResponseStatus status) const {
    std::function<ojson(const std::vector<Item>&)> build = [&](const std::vector<Item>& items) {
        ojson out = ojson::array();
        for (const auto& it : items) {
            if (!is_enabled(it.link_id) || it.type == ItemType::Display) continue;
            ojson node = {{"linkId", it.link_id}};
            if (!it.text.get(lang_).empty()) node["text"] = it.text.get(lang_);
            if (it.type == ItemType::Group) {
                ojson children = build(it.children);
                if (children.empty()) continue;
                node["item"] = children;
                out.push_back(node);
                continue;
            }
            auto st = state_.find(it.link_id);
            if (st == state_.end()) continue;
            if (st->second.skipped) {
                // Asked, and the resident chose "I'd rather not say": no answer, marked as declined.
                node["extension"] = ojson::array({ojson{{"url", kDataAbsentReasonUrl}, {"valueCode", "asked-declined"}}});
                out.push_back(node);
                continue;
            }
            if (st->second.values.empty()) continue;
            ojson answers = ojson::array();
            for (const auto& v : st->second.values) answers.push_back(value_to_fhir(v, lang_));
            node["answer"] = answers;
            out.push_back(node);
        }
        return out;
    };
    ojson r = {{"resourceType", "QuestionnaireResponse"},
              {"language", lang_},
              {"questionnaire", q_->canonical()},
              {"status", response_status_code(status)},
              {"authored", rfc3339(clock_->wall_ms())}};
    ojson items = build(q_->items);
    if (!items.empty()) r["item"] = items;
    return r.dump(2);
}

Scores Interview::scores() const {
    Scores out;
    std::map<std::string, DomainScore> by;
    std::map<std::string, double> sums;
    for (const Item* it : order_) {
        if (it->domain.empty()) continue;
        DomainScore& d = by[it->domain];
        d.domain = it->domain;
        if (!is_enabled(it->link_id)) continue;
        ++d.total;
        auto st = state_.find(it->link_id);
        if (st == state_.end()) continue;
        if (st->second.skipped) {
            ++d.skipped;
            continue;
        }
        double sum = 0;
        int n = 0;
        for (const auto& v : st->second.values) {
            if (auto i = std::get_if<std::int64_t>(&v); i && it->type == ItemType::Integer) {
                double lo = it->min_value.value_or(0), hi = it->max_value.value_or(10);
                // A 0-10 scale scores as is; another range is stretched onto 0-10.
                sum += (hi > lo) ? (static_cast<double>(*i) - lo) * 10.0 / (hi - lo) : 0.0;
                ++n;
            } else {
                for (const auto& o : it->options)
                    if (o.ordinal && answer_matches(o.value, v)) {
                        sum += *o.ordinal;
                        ++n;
                        break;
                    }
            }
        }
        if (n == 0) continue;
        out.items[it->link_id] = sum / n;
        sums[it->domain] += sum / n;
        ++d.items;
    }
    for (const auto& name : scoring_domains()) {
        auto f = by.find(name);
        if (f == by.end()) continue;
        DomainScore d = f->second;
        if (d.items > 0) d.average = sums[name] / d.items;
        out.domains.push_back(d);
    }
    if (out.domains.size() == scoring_domains().size()) {
        std::vector<SpiderAxis> axes;
        for (const auto& d : out.domains) axes.push_back({d.domain, d.average, d.items});
        out.spider = axes;
    }
    return out;
}

Value auto_answer(const Item& item, const Clock& clock) {
    switch (item.type) {
        case ItemType::Choice:
            if (!item.options.empty()) return item.options.front().value;
            break;
        case ItemType::Boolean: return true;
        case ItemType::Integer: return static_cast<std::int64_t>(std::ceil(item.min_value.value_or(0)));
        case ItemType::Decimal: return item.min_value.value_or(0.0);
        case ItemType::String:
        case ItemType::Text: {
            std::string s = "test";
            if (item.max_length && *item.max_length < 4) s.resize(static_cast<std::size_t>(*item.max_length));
            return s;
        }
        case ItemType::Date: {
            std::time_t t = static_cast<std::time_t>(clock.wall_ms() / 1000);
            std::tm tm{};
            gmtime_r(&t, &tm);
            char buf[16];
            std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
            return Date{buf};
        }
        default: break;
    }
    return false;
}

}  // namespace kiosk::questionnaire
