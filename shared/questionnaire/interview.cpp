// How the interview works: the questionnaire is flattened once into document
// order. After every change, passes in document order decide which items are
// enabled (an item that turns disabled loses its answer) and compute the
// calculated items, until a pass changes nothing: enableWhen may point at a
// later item (the loader refuses circles), and a computed value may open an
// item. Expressions see a QuestionnaireResponse built from the answers of
// that moment. Steps are display items and editable questions that are neither
// hidden nor calculated; the cursor is an index into them.
//
// Index of this file:
// [SECTION] value helpers
// [SECTION] expressions: one pass over the answers
// [SECTION] construction and enablement
// [SECTION] steps and progress
// [SECTION] answers and navigation
// [SECTION] snapshot and FHIR response
// [SECTION] scores and automatic answers
//
// Why this file is long: Interview's members (enablement passes, answer checks,
// navigation, snapshot, FHIR response, scores) all work on one flattened item index
// and one answer map, and the expression pass (Pass, Compiled) is private to them. If
// it grows, the snapshot and response writers are the part that could leave first
// (they only read the answers).
#include "questionnaire/interview.hpp"

#include "core/utc_time.hpp"
#include "core/utf8.hpp"
#include "questionnaire/fhirpath.hpp"

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

// [SECTION] value helpers
std::optional<double> as_number(const Value& v) {
    if (auto i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (auto d = std::get_if<double>(&v)) return *d;
    if (auto q = std::get_if<Quantity>(&v)) return q->value;
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
    if (auto x = std::get_if<Time>(&a)) {
        if (auto y = std::get_if<Time>(&b)) return cmp_str(x->iso, y->iso);
        return std::nullopt;
    }
    if (auto x = std::get_if<DateTime>(&a)) {
        if (auto y = std::get_if<DateTime>(&b)) return cmp_str(x->iso, y->iso);
        if (auto y = std::get_if<Date>(&b)) return cmp_str(x->iso.substr(0, y->iso.size()), y->iso);
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
        json operator()(const Quantity& q) const {
            return {{"quantity", {{"value", q.value}, {"unit", q.unit}, {"system", q.system}, {"code", q.code}}}};
        }
        json operator()(const Time& t) const { return {{"time", t.iso}}; }
        json operator()(const DateTime& t) const { return {{"dateTime", t.iso}}; }
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
    if (k == "time" && v.is_string()) return Value{Time{v.get<std::string>()}};
    if (k == "dateTime" && v.is_string()) return Value{DateTime{v.get<std::string>()}};
    if (k == "quantity" && v.is_object() && v.contains("value") && v["value"].is_number()) {
        Quantity q;
        q.value = v["value"].get<double>();
        for (auto [key, field] : {std::pair{"unit", &q.unit}, std::pair{"system", &q.system}, std::pair{"code", &q.code}})
            if (v.contains(key) && v[key].is_string()) *field = v[key].get<std::string>();
        return Value{q};
    }
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
        ojson operator()(const Quantity& q) const {
            ojson o = {{"value", q.value}};
            if (!q.unit.empty()) o["unit"] = q.unit;
            if (!q.system.empty()) o["system"] = q.system;
            if (!q.code.empty()) o["code"] = q.code;
            return {{"valueQuantity", o}};
        }
        ojson operator()(const Time& t) const { return {{"valueTime", t.iso}}; }
        ojson operator()(const DateTime& t) const { return {{"valueDateTime", t.iso}}; }
    };
    return std::visit(V{lang}, v);
}

// Decimal places of d as written (at most 12 looked at).
int decimal_places(double d) {
    for (int p = 0; p <= 12; ++p) {
        double k = std::pow(10.0, p);
        if (std::fabs(std::round(d * k) - d * k) < 1e-6) return p;
    }
    return 13;
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

// [SECTION] expressions: one pass over the answers
// The questionnaire's expressions, compiled once per Interview.
struct Interview::Compiled {
    struct ItemExprs {
        std::optional<fhirpath::Expression> calculated, initial, enable_when;
        std::vector<std::pair<std::string, fhirpath::Expression>> variables;
        // answerOptionsToggleExpression: indices into the item's options, and the expression that offers them.
        std::vector<std::pair<std::vector<std::size_t>, fhirpath::Expression>> toggles;
    };
    std::vector<std::pair<std::string, fhirpath::Expression>> root_variables;
    std::map<const Item*, ItemExprs> items;
    std::shared_ptr<const json> questionnaire_json;
    std::vector<ExpressionProblem> problems;  // did not compile (the loader refuses those; kept for safety)
};

// One round of expression evaluation over the answers of this moment: the
// response as JSON (every item, answers where there are any), the variables
// in scope per item, and the values the expressions give.
struct Pass {
    const Interview& iv;
    const Interview::Compiled& c;
    json doc;
    std::map<std::string, const json*> nodes;  // linkId -> its item in doc
    std::map<const Item*, std::map<std::string, fhirpath::Collection>> scopes;
    std::map<std::string, fhirpath::Collection> root_scope;
    std::vector<ExpressionProblem>& problems;

    Pass(const Interview& interview, const Interview::Compiled& compiled, std::vector<ExpressionProblem>& out)
        : iv(interview), c(compiled), problems(out) {
        doc = {{"resourceType", "QuestionnaireResponse"}, {"status", "in-progress"}, {"questionnaire", iv.q_->canonical()}};
        doc["item"] = build(iv.q_->items);
        index(doc);
        fhirpath::Env env = base_env();
        env.context = {node_val(&doc)};
        for (const auto& name : iv.q_->context_names) root_scope[name] = {};
        for (const auto& [name, e] : c.root_variables) {
            env.variables = root_scope;
            root_scope[name] = run(e, env, "");
        }
    }

    json build(const std::vector<Item>& items) const {
        json out = json::array();
        for (const auto& it : items) {
            if (it.type == ItemType::Display) continue;
            json node = {{"linkId", it.link_id}};
            if (!it.text.base.empty()) node["text"] = it.text.get(iv.lang_);
            if (it.type == ItemType::Group) {
                node["item"] = build(it.children);
            } else {
                json answers = json::array();
                auto st = iv.state_.find(it.link_id);
                if (st != iv.state_.end())
                    for (const auto& v : st->second.values) answers.push_back(json::parse(value_to_fhir(v, iv.lang_).dump()));
                if (!answers.empty()) {
                    if (!it.children.empty()) answers[0]["item"] = build(it.children);
                    node["answer"] = answers;
                }
            }
            out.push_back(node);
        }
        return out;
    }

    void index(const json& node) {
        if (node.is_object()) {
            if (node.contains("linkId") && node["linkId"].is_string()) nodes[node["linkId"].get<std::string>()] = &node;
            for (const char* k : {"item", "answer"})
                if (node.contains(k) && node[k].is_array())
                    for (const auto& c2 : node[k]) index(c2);
        }
    }

    static fhirpath::Val node_val(const json* j) {
        fhirpath::Val v;
        v.kind = fhirpath::Val::Kind::Node;
        v.node = j;
        return v;
    }

    fhirpath::Env base_env() const {
        fhirpath::Env env;
        env.resource = &doc;
        env.questionnaire = c.questionnaire_json.get();
        env.today = format_utc(iv.clock_->wall_ms(), "%Y-%m-%d");
        env.now = format_utc(iv.clock_->wall_ms(), "%Y-%m-%dT%H:%M:%SZ");
        const Interview* self = &iv;
        env.ordinal = [self](const std::string& owner, const json& coding) -> std::optional<double> {
            std::string code = coding.contains("code") && coding["code"].is_string() ? coding["code"].get<std::string>() : "";
            std::string system = coding.contains("system") && coding["system"].is_string() ? coding["system"].get<std::string>() : "";
            if (code.empty()) return std::nullopt;
            auto search = [&](const Item& it) -> std::optional<double> {
                for (const auto& o : it.options)
                    if (auto oc = std::get_if<Coding>(&o.value); oc && oc->code == code && (system.empty() || oc->system == system))
                        return o.ordinal;
                return std::nullopt;
            };
            if (auto f = self->by_id_.find(owner); f != self->by_id_.end()) return search(*f->second);
            for (const Item* it : self->order_)
                if (auto d = search(*it)) return d;
            return std::nullopt;
        };
        return env;
    }

    fhirpath::Collection run(const fhirpath::Expression& e, const fhirpath::Env& env, const std::string& link) {
        auto r = fhirpath::evaluate(e, env, env.context);
        if (!r) {
            problems.push_back({link, r.error().message + " in " + e.text.substr(0, 80)});
            return {};
        }
        return *r;
    }

    // Variables visible at item (its own and those of the items around it).
    const std::map<std::string, fhirpath::Collection>& scope(const Item* item) {
        if (auto f = scopes.find(item); f != scopes.end()) return f->second;
        auto p = iv.parent_.find(item);
        std::map<std::string, fhirpath::Collection> vars = p == iv.parent_.end() ? root_scope : scope(p->second);
        if (auto ce = c.items.find(item); ce != c.items.end() && !ce->second.variables.empty()) {
            fhirpath::Env env = base_env();
            env.context = context_of(item);
            for (const auto& [name, e] : ce->second.variables) {
                env.variables = vars;
                vars[name] = run(e, env, item->link_id);
            }
        }
        return scopes[item] = std::move(vars);
    }

    fhirpath::Collection context_of(const Item* item) const {
        auto n = nodes.find(item->link_id);
        if (n == nodes.end()) return {};
        return {node_val(n->second)};
    }

    fhirpath::Collection eval(const Item* item, const fhirpath::Expression& e) {
        fhirpath::Env env = base_env();
        env.context = context_of(item);
        env.variables = scope(item);
        return run(e, env, item->link_id);
    }
};

namespace {

// A FHIRPath result as answers of item (nothing when it does not fit).
std::vector<Value> to_values(const Item& item, const fhirpath::Collection& c) {
    std::vector<Value> out;
    for (const auto& v0 : c) {
        fhirpath::Val v = v0;
        std::optional<double> num = fhirpath::as_number(v);
        if (v.kind == fhirpath::Val::Kind::Node && v.node && v.node->is_object() && v.node->contains("value") &&
            (*v.node)["value"].is_number())
            num = (*v.node)["value"].get<double>();  // a Quantity node
        switch (item.type) {
            case ItemType::Boolean:
                if (v.kind == fhirpath::Val::Kind::Boolean) out.push_back(v.b);
                break;
            case ItemType::Integer:
                if (num && std::isfinite(*num)) out.push_back(static_cast<std::int64_t>(std::llround(*num)));
                break;
            case ItemType::Decimal:
                if (num && std::isfinite(*num)) out.push_back(*num);
                break;
            case ItemType::Quantity:
                if (num && std::isfinite(*num)) {
                    Quantity q;
                    q.value = *num;
                    if (!item.units.empty()) {
                        q.system = item.units[0].system;
                        q.code = item.units[0].code;
                        q.unit = item.units[0].display.base.empty() ? item.units[0].code : item.units[0].display.base;
                    } else if (v.kind == fhirpath::Val::Kind::Quantity && v.s != "1") {
                        q.unit = q.code = v.s;
                        q.system = "http://unitsofmeasure.org";
                    }
                    out.push_back(q);
                }
                break;
            case ItemType::String:
            case ItemType::Text: {
                std::string s = fhirpath::to_string(v);
                if (!s.empty()) out.push_back(s);
                break;
            }
            case ItemType::Date:
                if (v.kind == fhirpath::Val::Kind::Date || v.kind == fhirpath::Val::Kind::String || v.kind == fhirpath::Val::Kind::DateTime) {
                    std::string d = v.s.substr(0, std::min<std::size_t>(10, v.s.size()));
                    if (is_valid_date(d)) out.push_back(Date{d});
                }
                break;
            case ItemType::DateTime:
                if (is_valid_date_time(v.s)) out.push_back(DateTime{v.s});
                break;
            case ItemType::Time:
                if (is_valid_time(v.s)) out.push_back(Time{v.s.size() == 5 ? v.s + ":00" : v.s});
                break;
            case ItemType::Choice:
            case ItemType::OpenChoice: {
                std::string code;
                if (v.kind == fhirpath::Val::Kind::Node && v.node && v.node->is_object() && v.node->contains("code") &&
                    (*v.node)["code"].is_string())
                    code = (*v.node)["code"].get<std::string>();
                else if (v.kind != fhirpath::Val::Kind::Node)
                    code = fhirpath::to_string(v);
                bool found = false;
                for (const auto& o : item.options) {
                    if (auto oc = std::get_if<Coding>(&o.value); oc && oc->code == code) found = true;
                    else if (value_to_string(o.value) == code) found = true;
                    if (found) {
                        out.push_back(o.value);
                        break;
                    }
                }
                if (!found && item.type == ItemType::OpenChoice && !code.empty()) out.push_back(code);
                break;
            }
            default: break;
        }
    }
    if (out.size() > 1 && !item.repeats) out.resize(1);
    return out;
}

}  // namespace

// [SECTION] construction and enablement
Interview::Interview(Questionnaire questionnaire, const Clock& clock, const std::string& lang)
    : q_(std::make_shared<const Questionnaire>(std::move(questionnaire))), clock_(&clock) {
    lang_ = (!lang.empty() && q_->supports_language(lang)) ? lang : q_->language;
    index(q_->items, nullptr, false);
    // Compile the expressions (the loader has checked them already).
    bool any = !q_->variables.empty();
    for (const Item* it : order_)
        any = any || !it->calculated.empty() || !it->initial_expression.empty() || !it->enable_when_expression.empty() ||
              !it->variables.empty() || !it->option_toggles.empty();
    if (any) {
        auto c = std::make_shared<Compiled>();
        auto compile = [&](const Expression& e, const std::string& link) -> std::optional<fhirpath::Expression> {
            if (e.empty()) return std::nullopt;
            auto r = fhirpath::compile(e.text);
            if (!r) {
                c->problems.push_back({link, r.error().message});
                return std::nullopt;
            }
            return *r;
        };
        for (const auto& v : q_->variables)
            if (auto e = compile(v.expression, "")) c->root_variables.emplace_back(v.name, *e);
        for (const Item* it : order_) {
            Compiled::ItemExprs ex;
            ex.calculated = compile(it->calculated, it->link_id);
            ex.initial = compile(it->initial_expression, it->link_id);
            ex.enable_when = compile(it->enable_when_expression, it->link_id);
            for (const auto& v : it->variables)
                if (auto e = compile(v.expression, it->link_id)) ex.variables.emplace_back(v.name, *e);
            for (const auto& t : it->option_toggles) {
                std::vector<std::size_t> idx;
                for (const auto& v : t.options)
                    for (std::size_t n = 0; n < it->options.size(); ++n)
                        if (values_equal(it->options[n].value, v)) idx.push_back(n);
                if (auto e = compile(t.expression, it->link_id)) ex.toggles.emplace_back(std::move(idx), *e);
            }
            if (ex.calculated || ex.initial || ex.enable_when || !ex.variables.empty() || !ex.toggles.empty())
                c->items[it] = std::move(ex);
        }
        if (!q_->source_json.empty()) {
            try {
                c->questionnaire_json = std::make_shared<const json>(json::parse(q_->source_json));
            } catch (const json::exception&) {
            }
        }
        compiled_ = c;
    }
    started_ms_ = clock_->now_ms();
    reevaluate();
    pos_ = 0;
    settle_forward();
}

void Interview::index(const std::vector<Item>& items, const Item* parent, bool hidden) {
    for (const auto& it : items) {
        order_.push_back(&it);
        if (parent) parent_[&it] = parent;
        by_id_[it.link_id] = &it;
        for (const auto& governed : it.consent_for) consent_of_[governed] = it.link_id;
        const bool h = hidden || it.hidden;
        hidden_[it.link_id] = h;
        if (!h && it.calculated.empty() && (it.type == ItemType::Display || (it.is_answerable() && !it.read_only)))
            steps_.push_back(&it);
        index(it.children, &it, h);
    }
}

bool Interview::is_computed(const std::string& link_id) const {
    auto it = by_id_.find(link_id);
    return it != by_id_.end() && !it->second->calculated.empty();
}

bool Interview::is_hidden(const std::string& link_id) const {
    auto it = hidden_.find(link_id);
    return it != hidden_.end() && it->second;
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
    expression_problems_.clear();
    if (compiled_) expression_problems_ = compiled_->problems;
    // Passes until nothing changes. Without circles (the loader refuses them) this takes at most
    // as many passes as the longest chain of conditions; the bound guards against expressions that flip.
    const std::size_t max_rounds = order_.size() + 2;
    for (std::size_t round = 0; round < max_rounds; ++round) {
        bool changed = false;
        std::vector<ExpressionProblem> problems = compiled_ ? compiled_->problems : std::vector<ExpressionProblem>{};
        std::optional<Pass> pass;
        if (compiled_) pass.emplace(*this, *compiled_, problems);
        auto exprs = [&](const Item* it) -> const Compiled::ItemExprs* {
            if (!compiled_) return nullptr;
            auto f = compiled_->items.find(it);
            return f == compiled_->items.end() ? nullptr : &f->second;
        };
        for (const Item* it : order_) {
            // ---- is this item enabled? ----
            bool en = true;
            if (auto p = parent_.find(it); p != parent_.end()) {
                en = enabled_[p->second->link_id];
                // Items under a question are asked only when it has an answer (they go inside that answer).
                if (en && p->second->is_answerable()) {
                    auto ps = state_.find(p->second->link_id);
                    en = ps != state_.end() && !ps->second.values.empty();
                }
            }
            if (en && !it->enable_when.empty()) {
                if (it->enable_behavior == EnableBehavior::All)
                    en = std::all_of(it->enable_when.begin(), it->enable_when.end(), [&](const EnableWhen& e) { return condition(e); });
                else
                    en = std::any_of(it->enable_when.begin(), it->enable_when.end(), [&](const EnableWhen& e) { return condition(e); });
            }
            const auto* ex = exprs(it);
            if (en && ex && ex->enable_when) {
                auto r = fhirpath::as_boolean(pass->eval(it, *ex->enable_when));
                en = r && *r;  // empty (an unanswered input) means not enabled
            }
            if (en) en = allowed(*it);  // consent given, not switched off by staff
            // ---- which of its options are offered (answerOptionsToggleExpression) ----
            if (en && ex && !ex->toggles.empty()) {
                std::set<std::size_t> off;
                for (const auto& [idx, e] : ex->toggles) {
                    auto r = fhirpath::as_boolean(pass->eval(it, e));
                    if (!(r && *r))  // empty (an unanswered input) means not offered, as SDC says
                        off.insert(idx.begin(), idx.end());
                }
                auto& was_off = options_off_[it->link_id];
                if (was_off != off) {
                    was_off = off;
                    changed = true;
                }
                // A choice with nothing left to choose from is not asked (only "skip" could be offered).
                if (it->type == ItemType::Choice && off.size() >= it->options.size()) en = false;
                // An answer whose option is no longer offered is dropped: nothing half-valid reaches the response.
                if (auto st = state_.find(it->link_id); en && st != state_.end() && !off.empty()) {
                    auto& vals = st->second.values;
                    const auto before = vals.size();
                    vals.erase(std::remove_if(vals.begin(), vals.end(),
                                              [&](const Value& v) {
                                                  for (std::size_t n : off)
                                                      if (answer_matches(v, it->options[n].value)) return true;
                                                  return false;
                                              }),
                               vals.end());
                    if (vals.size() != before) {
                        changed = true;
                        if (vals.empty() && !st->second.skipped) state_.erase(st);
                    }
                }
            }
            // ---- its values ----
            auto was = enabled_.find(it->link_id);
            if (was == enabled_.end() || was->second != en) changed = true;
            enabled_[it->link_id] = en;
            if (!en) {
                if (state_.erase(it->link_id)) changed = true;  // answers of a disabled item are dropped
                initial_done_.erase(it->link_id);
                continue;
            }
            if (!it->is_answerable()) continue;
            if (ex && ex->calculated) {
                std::vector<Value> vals = to_values(*it, pass->eval(it, *ex->calculated));
                auto st = state_.find(it->link_id);
                const std::vector<Value> none;
                const auto& old = st == state_.end() ? none : st->second.values;
                bool same = old.size() == vals.size() &&
                            std::equal(old.begin(), old.end(), vals.begin(), [](const Value& a, const Value& b) { return values_equal(a, b); });
                if (!same) {
                    changed = true;
                    if (vals.empty()) state_.erase(it->link_id);
                    else state_[it->link_id] = State{vals, false};
                }
                continue;
            }
            if (!it->initial.empty() && !state_.count(it->link_id)) {
                state_[it->link_id].values = it->initial;
                changed = true;
            } else if (ex && ex->initial && !state_.count(it->link_id) && !initial_done_[it->link_id]) {
                initial_done_[it->link_id] = true;
                std::vector<Value> vals = to_values(*it, pass->eval(it, *ex->initial));
                if (!vals.empty()) {
                    state_[it->link_id].values = vals;
                    changed = true;
                }
            }
        }
        expression_problems_ = std::move(problems);
        if (!changed) return;
    }
    expression_problems_.push_back({"", "the calculated values did not settle; the last ones are kept"});
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

// [SECTION] steps and progress
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
        if (p->second->type == ItemType::Group) out.insert(out.begin(), p->second);
        it = p->second;
    }
    return out;
}

bool Interview::is_finished() const { return pos_ >= steps_.size(); }

Progress Interview::progress() const {
    Progress p;
    for (const Item* it : order_) {
        if (!it->is_answerable() || !is_enabled(it->link_id)) continue;
        if (!it->calculated.empty()) {
            ++p.computed;
            continue;
        }
        if (is_hidden(it->link_id)) {
            ++p.hidden;
            continue;
        }
        if (it->read_only) continue;
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

// [SECTION] answers and navigation
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
            auto d = std::holds_alternative<Quantity>(v) ? std::nullopt : as_number(v);
            if (!d || !std::isfinite(*d)) return bad("needs a number");
            if (!in_bounds(*d)) return bad("number outside the allowed range");
            if (item.max_decimal_places && decimal_places(*d) > *item.max_decimal_places)
                return bad("at most " + std::to_string(*item.max_decimal_places) + " decimals");
            break;
        }
        case ItemType::Quantity: {
            auto d = as_number(v);
            if (!d || !std::isfinite(*d)) return bad("needs an amount");
            if (!in_bounds(*d)) return bad("amount outside the allowed range");
            if (item.max_decimal_places && decimal_places(*d) > *item.max_decimal_places)
                return bad("at most " + std::to_string(*item.max_decimal_places) + " decimals");
            if (auto q = std::get_if<Quantity>(&v); q && !item.units.empty()) {
                bool known = std::any_of(item.units.begin(), item.units.end(), [&](const Coding& u) {
                    return (!q->code.empty() && u.code == q->code) || (q->code.empty() && (u.display.base == q->unit || u.code == q->unit));
                });
                if (!known) return bad("not one of the units of this question");
            }
            break;
        }
        case ItemType::Time: {
            auto t = std::get_if<Time>(&v);
            if (!t || !is_valid_time(t->iso)) return bad("needs a time like 14:30");
            break;
        }
        case ItemType::DateTime: {
            auto t = std::get_if<DateTime>(&v);
            if (!t || !is_valid_date_time(t->iso)) return bad("needs a date and time like 2026-11-29T14:30:00+01:00");
            break;
        }
        case ItemType::OpenChoice: {
            if (auto s = std::get_if<std::string>(&v)) {
                bool option = std::any_of(item.options.begin(), item.options.end(), [&](const AnswerOption& o) { return answer_matches(o.value, v); });
                if (option) break;
                if (s->empty()) return bad("an empty text is no answer");
                if (s->size() > kMaxTextAnswerBytes) return bad("text is too long");
                break;  // the resident's own words ("other")
            }
            bool ok = std::any_of(item.options.begin(), item.options.end(), [&](const AnswerOption& o) { return answer_matches(o.value, v); });
            if (!ok) return bad("not one of the options (type your own answer as text)");
            if (!option_value_offered(item, v)) return bad("that option is not offered with the answers given so far");
            break;
        }
        case ItemType::String:
        case ItemType::Text: {
            auto s = std::get_if<std::string>(&v);
            if (!s) return bad("needs a text");
            if (s->empty()) return bad("an empty text is no answer");
            if (s->size() > kMaxTextAnswerBytes || (item.max_length && utf8::length(*s) > static_cast<std::size_t>(*item.max_length)))
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
            if (!option_value_offered(item, v)) return bad("that option is not offered with the answers given so far");
            break;
        }
        default: return bad("takes no answer");
    }
    return ok_status();
}

// A quantity answer in one of the item's units, with that unit's system, code and display.
static Value normalize_quantity(const Item& item, const Value& v) {
    Quantity q;
    if (auto given = std::get_if<Quantity>(&v)) q = *given;
    else q.value = *as_number(v);
    const Coding* unit = nullptr;
    for (const auto& u : item.units)
        if ((!q.code.empty() && u.code == q.code) || (q.code.empty() && !q.unit.empty() && (u.display.base == q.unit || u.code == q.unit))) unit = &u;
    if (!unit && q.code.empty() && q.unit.empty() && !item.units.empty()) unit = &item.units.front();
    if (unit) {
        q.system = unit->system;
        q.code = unit->code;
        q.unit = unit->display.base.empty() ? unit->code : unit->display.base;
    }
    return q;
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
        if (it->type == ItemType::Time && std::get<Time>(v).iso.size() == 5) n = Time{std::get<Time>(v).iso + ":00"};
        if (it->type == ItemType::Quantity) n = normalize_quantity(*it, v);
        if (it->has_options())  // store the option itself (with its displays)
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

bool Interview::is_option_offered(const std::string& link_id, std::size_t n) const {
    auto it = options_off_.find(link_id);
    return it == options_off_.end() || !it->second.count(n);
}

std::vector<std::size_t> Interview::offered_options(const Item& item) const {
    std::vector<std::size_t> out;
    for (std::size_t n = 0; n < item.options.size(); ++n)
        if (is_option_offered(item.link_id, n)) out.push_back(n);
    return out;
}

bool Interview::option_value_offered(const Item& item, const Value& v) const {
    for (std::size_t n = 0; n < item.options.size(); ++n)
        if (answer_matches(item.options[n].value, v)) return is_option_offered(item.link_id, n);
    return true;  // not an option (an open-choice's own words)
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
        if (!it->required || !it->is_answerable() || it->read_only || !is_enabled(it->link_id) || is_hidden(it->link_id) ||
            !it->calculated.empty())
            continue;
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

// [SECTION] snapshot and FHIR response
std::string Interview::snapshot() const {
    json items = json::object();
    for (const auto& [id, st] : state_) {
        if (is_computed(id)) continue;  // computed again from the answers on restore
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
        if (!iv.by_id_.count(it.key()) || iv.is_computed(it.key()))
            return make_error("paused interview names an item this questionnaire does not have");
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
            if (!it.children.empty()) {
                // Items under a question belong inside its answer (R4: QuestionnaireResponse.item.answer.item).
                ojson children = build(it.children);
                if (!children.empty()) answers[0]["item"] = children;
            }
            node["answer"] = answers;
            out.push_back(node);
        }
        return out;
    };
    ojson r = {{"resourceType", "QuestionnaireResponse"},
              {"language", lang_},
              {"questionnaire", q_->canonical()},
              {"status", response_status_code(status)},
              {"authored", format_utc(clock_->wall_ms(), "%Y-%m-%dT%H:%M:%SZ")}};
    ojson items = build(q_->items);
    if (!items.empty()) r["item"] = items;
    return r.dump(2);
}

// [SECTION] scores and automatic answers
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

Value auto_answer(const Interview& iv, const Item& item, const Clock& clock) {
    if (item.has_options()) {
        auto offered = iv.offered_options(item);
        if (!offered.empty()) return item.options[offered.front()].value;
    }
    return auto_answer(item, clock);
}

Value auto_answer(const Item& item, const Clock& clock) {
    switch (item.type) {
        case ItemType::Choice:
            if (!item.options.empty()) return item.options.front().value;
            break;
        case ItemType::OpenChoice:
            if (!item.options.empty()) return item.options.front().value;
            return std::string("test");
        case ItemType::Boolean: return true;
        case ItemType::Integer: return static_cast<std::int64_t>(std::ceil(item.min_value.value_or(0)));
        case ItemType::Decimal: return item.min_value.value_or(0.0);
        case ItemType::Quantity: {
            Quantity q;
            q.value = item.min_value.value_or(0.0);
            if (!item.units.empty()) {
                q.system = item.units[0].system;
                q.code = item.units[0].code;
                q.unit = item.units[0].display.base.empty() ? item.units[0].code : item.units[0].display.base;
            }
            return q;
        }
        case ItemType::Time: return Time{"12:00:00"};
        case ItemType::DateTime: return DateTime{format_utc(clock.wall_ms(), "%Y-%m-%dT%H:%M:%SZ")};
        case ItemType::String:
        case ItemType::Text: {
            std::string s = "test";
            if (item.max_length && *item.max_length < 4) s.resize(static_cast<std::size_t>(*item.max_length));
            return s;
        }
        case ItemType::Date: return Date{utc_day(clock.wall_ms())};
        default: break;
    }
    return false;
}

}  // namespace kiosk::questionnaire
