// Questionnaire -> XLSForm workbook: the inverse of import.cpp for what our
// own questionnaires use. Columns come out in a fixed order and only when
// some row fills them, so the sheet a writer starts from stays readable.
#include "xlsform/export.hpp"

#include <cstdio>
#include <map>
#include <set>

#include "xlsform/languages.hpp"

namespace kiosk::xlsform {

namespace {

namespace q = kiosk::questionnaire;

const std::string kCodeSystemBase = "https://fhir.intake-kiosk.example/CodeSystem/";
const std::string kQuestionnaireBase = "https://fhir.intake-kiosk.example/Questionnaire/";

std::string number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return buf;
}

// Rows as header -> value, turned into a grid with the headers in order.
struct Grid {
    std::vector<std::string> order;  // every header that may appear, in sheet order
    std::vector<std::map<std::string, std::string>> rows;
    std::set<std::string> always;    // headers written even when empty

    Sheet sheet(const std::string& name) const {
        Sheet s;
        s.name = name;
        std::vector<std::string> used;
        for (const auto& h : order) {
            bool any = always.count(h) > 0;
            for (const auto& r : rows)
                if (auto it = r.find(h); it != r.end() && !it->second.empty()) any = true;
            if (any) used.push_back(h);
        }
        Row head;
        head.number = 1;
        head.cells = used;
        s.rows.push_back(head);
        int n = 2;
        for (const auto& r : rows) {
            Row row;
            row.number = n++;
            for (const auto& h : used) {
                auto it = r.find(h);
                row.cells.push_back(it == r.end() ? "" : it->second);
            }
            s.rows.push_back(std::move(row));
        }
        return s;
    }
};

class Exporter {
public:
    explicit Exporter(const q::Questionnaire& qq) : q_(qq) {
        langs_ = q_.all_languages();
        for (const auto& l : langs_) header_[l] = language_header(l);
        survey_.always = {"type", "name", "label::" + header_[q_.language]};
        for (const char* base : {"type", "name"}) survey_.order.push_back(base);
        for (const char* base : {"label", "hint"})
            for (const auto& l : langs_) survey_.order.push_back(std::string(base) + "::" + header_[l]);
        for (const char* base : {"required", "relevant", "constraint", "appearance", "parameters", "read_only", "default",
                                 "prefix", "domain", "pictogram", "consent_for"})
            survey_.order.push_back(base);
        for (const char* base : {"read_aloud", "scale_low", "scale_high", "sensitive_why"})
            for (const auto& l : langs_) survey_.order.push_back(std::string(base) + "::" + header_[l]);
        choices_.always = {"list_name", "name", "label::" + header_[q_.language]};
        choices_.order = {"list_name", "name"};
        for (const auto& l : langs_) choices_.order.push_back("label::" + header_[l]);
        for (const char* base : {"ordinal", "pictogram"}) choices_.order.push_back(base);
        for (const auto& l : langs_) choices_.order.push_back("read_aloud::" + header_[l]);
        choices_.order.push_back("system");
    }

    ExportResult run() {
        ExportResult r;
        if (!q_.variables.empty()) refuse("", "questionnaire variables (FHIRPath) have no XLSForm column");
        if (!q_.context_names.empty()) refuse("", "launch contexts have no XLSForm column");
        for (const auto& it : q_.items) item(it, true);
        r.book.sheets.push_back(survey_.sheet("survey"));
        if (!choices_.rows.empty()) r.book.sheets.push_back(choices_.sheet("choices"));
        r.book.sheets.push_back(settings());
        r.refused = std::move(refused_);
        return r;
    }

private:
    void refuse(const std::string& link, const std::string& why) {
        refused_.push_back((link.empty() ? std::string("questionnaire") : link) + ": " + why);
    }

    void texts(std::map<std::string, std::string>& row, const std::string& base, const q::Translatable& t) {
        if (t.empty()) return;
        row[base + "::" + header_[q_.language]] = t.base;
        for (const auto& [l, text] : t.translations) {
            if (!header_.count(l)) header_[l] = language_header(l);
            row[base + "::" + header_[l]] = text;
        }
    }

    std::string ref(const std::string& link) const { return "${" + link + "}"; }

    // One enableWhen as an XLSForm condition.
    std::string condition(const q::Item& owner, const q::EnableWhen& e) {
        const q::Item* target = q_.find(e.question);
        const std::string op = q::operator_symbol(e.op);
        if (e.op == q::EnableOperator::Exists) {
            const bool want = std::holds_alternative<bool>(e.answer) && std::get<bool>(e.answer);
            return ref(e.question) + (want ? " != ''" : " = ''");
        }
        if (const auto* c = std::get_if<q::Coding>(&e.answer)) {
            if (c->code.find('\'') != std::string::npos) refuse(owner.link_id, "a code with a quote in it cannot be written in relevant");
            const bool multiple = target && target->repeats;
            if (e.op == q::EnableOperator::Equal)
                return multiple ? "selected(" + ref(e.question) + ", '" + c->code + "')" : ref(e.question) + " = '" + c->code + "'";
            if (e.op == q::EnableOperator::NotEqual)
                return multiple ? "not(selected(" + ref(e.question) + ", '" + c->code + "'))" : ref(e.question) + " != '" + c->code + "'";
            refuse(owner.link_id, "enableWhen '" + op + "' on a choice has no XLSForm form");
            return {};
        }
        if (const auto* b = std::get_if<bool>(&e.answer)) return ref(e.question) + " " + op + (*b ? " true()" : " false()");
        if (const auto* i = std::get_if<std::int64_t>(&e.answer)) return ref(e.question) + " " + op + " " + std::to_string(*i);
        if (const auto* d = std::get_if<double>(&e.answer)) return ref(e.question) + " " + op + " " + number(*d);
        if (const auto* s = std::get_if<std::string>(&e.answer)) {
            if (s->find('\'') != std::string::npos) refuse(owner.link_id, "a text with a quote in it cannot be written in relevant");
            return ref(e.question) + " " + op + " '" + *s + "'";
        }
        if (const auto* d = std::get_if<q::Date>(&e.answer)) return ref(e.question) + " " + op + " date('" + d->iso + "')";
        if (const auto* t = std::get_if<q::Time>(&e.answer)) return ref(e.question) + " " + op + " '" + t->iso + "'";
        if (const auto* t = std::get_if<q::DateTime>(&e.answer)) return ref(e.question) + " " + op + " '" + t->iso + "'";
        refuse(owner.link_id, "an enableWhen on a quantity has no XLSForm form");
        return {};
    }

    std::string relevant(const q::Item& it) {
        std::string s;
        for (const auto& e : it.enable_when) {
            if (!s.empty()) s += it.enable_behavior == q::EnableBehavior::Any ? " or " : " and ";
            s += condition(it, e);
        }
        return s;
    }

    // The choices list for an item's options: shared by items with the very same options.
    std::string list_for(const q::Item& it) {
        std::string key, system;
        for (const auto& o : it.options) {
            const auto* c = std::get_if<q::Coding>(&o.value);
            if (!c) {
                refuse(it.link_id, "options that are not codings (valueString, valueInteger, valueDate) have no XLSForm form");
                return {};
            }
            if (system.empty()) system = c->system;
            if (c->system != system) {
                refuse(it.link_id, "options from two code systems cannot share one choices list");
                return {};
            }
            key += c->system + "\x1f" + c->code + "\x1f" + c->display.base + "\x1f" + o.pictogram + "\x1f" +
                   (o.ordinal ? number(*o.ordinal) : "") + "\x1f" + o.read_aloud.base;
            for (const auto& [l, t] : c->display.translations) key += "\x1f" + l + "=" + t;
            for (const auto& [l, t] : o.read_aloud.translations) key += "\x1f" + l + "~" + t;
            key += "\x1e";
        }
        if (auto found = lists_.find(key); found != lists_.end()) return found->second;
        std::string name = system.substr(system.rfind('/') + 1);
        std::string clean;
        for (char ch : name) clean += (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_') ? ch : '_';
        if (clean.empty() || used_lists_.count(clean)) clean = it.link_id;
        used_lists_.insert(clean);
        lists_[key] = clean;
        for (const auto& o : it.options) {
            const auto& c = std::get<q::Coding>(o.value);
            std::map<std::string, std::string> row{{"list_name", clean}, {"name", c.code}};
            texts(row, "label", c.display);
            if (o.ordinal) row["ordinal"] = number(*o.ordinal);
            row["pictogram"] = o.pictogram;
            texts(row, "read_aloud", o.read_aloud);
            if (system != kCodeSystemBase + clean) row["system"] = system;
            choices_.rows.push_back(std::move(row));
        }
        return clean;
    }

    void item(const q::Item& it, bool under_group) {
        if (!under_group) {
            refuse(it.link_id, "an item under a question (not a group) has no XLSForm form");
            return;
        }
        std::map<std::string, std::string> row{{"name", it.link_id}};
        texts(row, "label", it.text);
        if (!it.enable_when.empty()) row["relevant"] = relevant(it);
        if (it.required) row["required"] = "yes";
        if (it.read_only) row["read_only"] = "yes";
        row["prefix"] = it.prefix;
        row["domain"] = it.domain;
        row["pictogram"] = it.pictogram;
        std::string consent;
        for (const auto& c : it.consent_for) consent += (consent.empty() ? "" : " ") + c;
        row["consent_for"] = consent;
        texts(row, "read_aloud", it.read_aloud);
        texts(row, "scale_low", it.scale_low);
        texts(row, "scale_high", it.scale_high);
        texts(row, "sensitive_why", it.sensitive_why);
        if (!it.calculated.empty()) refuse(it.link_id, "a FHIRPath calculatedExpression cannot be written back as an XLSForm calculation");
        if (!it.initial_expression.empty()) refuse(it.link_id, "initialExpression has no XLSForm form");
        if (!it.enable_when_expression.empty()) refuse(it.link_id, "enableWhenExpression has no XLSForm form");
        if (!it.variables.empty()) refuse(it.link_id, "item variables have no XLSForm form");
        if (!it.option_toggles.empty())
            refuse(it.link_id, "answerOptionsToggleExpression (options that follow earlier answers) is not written back as a choice_filter yet");
        if (it.hidden) refuse(it.link_id, "a hidden item has no XLSForm form");
        if (!it.units.empty()) refuse(it.link_id, "units have no XLSForm column");
        if (it.max_decimal_places) refuse(it.link_id, "maxDecimalPlaces has no XLSForm column");
        std::string constraint;
        auto bound = [&](const std::string& c) { constraint += (constraint.empty() ? "" : " and ") + c; };
        auto appearance = [&](const std::string& a) { row["appearance"] += (row["appearance"].empty() ? "" : " ") + a; };
        switch (it.type) {
            case q::ItemType::Group: {
                row["type"] = "begin group";
                survey_.rows.push_back(row);
                for (const auto& c : it.children) item(c, true);
                survey_.rows.push_back({{"type", "end group"}});
                return;
            }
            case q::ItemType::Display:
                row["type"] = "note";
                break;
            case q::ItemType::Boolean:
                row["type"] = "boolean";
                break;
            case q::ItemType::Choice:
            case q::ItemType::OpenChoice: {
                const std::string list = list_for(it);
                row["type"] = std::string(it.repeats ? "select_multiple " : "select_one ") + list +
                              (it.type == q::ItemType::OpenChoice ? " or_other" : "");
                std::string def;
                for (const auto& o : it.options)
                    if (o.initial_selected) def += (def.empty() ? "" : " ") + std::get<q::Coding>(o.value).code;
                row["default"] = def;
                if (it.control == q::ItemControl::RadioButton) appearance("radio-button");
                if (it.control == q::ItemControl::DropDown) appearance("minimal");
                break;
            }
            case q::ItemType::Integer:
            case q::ItemType::Decimal: {
                const bool integer = it.type == q::ItemType::Integer;
                if (integer && it.control == q::ItemControl::Slider && it.min_value && it.max_value) {
                    row["type"] = "range";
                    row["parameters"] = "start=" + number(*it.min_value) + " end=" + number(*it.max_value) + " step=1";
                } else {
                    row["type"] = integer ? "integer" : "decimal";
                    if (it.min_value) bound(". >= " + number(*it.min_value));
                    if (it.max_value) bound(". <= " + number(*it.max_value));
                    if (it.control == q::ItemControl::Slider) appearance("slider");
                }
                break;
            }
            case q::ItemType::String:
            case q::ItemType::Text:
                row["type"] = "text";
                if (it.type == q::ItemType::Text) appearance("multiline");
                if (it.max_length) bound("string-length(.) <= " + std::to_string(*it.max_length));
                break;
            case q::ItemType::Date:
                row["type"] = "date";
                break;
            case q::ItemType::Time:
                row["type"] = "time";
                break;
            case q::ItemType::DateTime:
                row["type"] = "datetime";
                break;
            case q::ItemType::Quantity:
                refuse(it.link_id, "a quantity (an amount with a unit) has no XLSForm type");
                return;
        }
        if (!it.has_options() && !it.initial.empty()) {
            const auto& v = it.initial.front();
            if (const auto* b = std::get_if<bool>(&v)) row["default"] = *b ? "true" : "false";
            else if (const auto* i = std::get_if<std::int64_t>(&v)) row["default"] = std::to_string(*i);
            else if (const auto* d = std::get_if<double>(&v)) row["default"] = number(*d);
            else if (const auto* s = std::get_if<std::string>(&v)) row["default"] = *s;
            else if (const auto* dt = std::get_if<q::Date>(&v)) row["default"] = dt->iso;
            else if (const auto* t = std::get_if<q::Time>(&v)) row["default"] = t->iso;
            else refuse(it.link_id, "this initial value has no XLSForm form");
            if (it.initial.size() > 1) refuse(it.link_id, "several initial values have no XLSForm form");
        }
        row["constraint"] = constraint;
        if (it.type != q::ItemType::Group && !it.children.empty())
            for (const auto& c : it.children) item(c, false);
        survey_.rows.push_back(std::move(row));
    }

    Sheet settings() {
        Grid g;
        std::map<std::string, std::string> row{{"form_id", q_.id}, {"form_title", q_.title.base}, {"version", q_.version},
                                               {"default_language", header_[q_.language]}, {"name", q_.name},
                                               {"status", q_.status}, {"variant", q_.variant}, {"purpose", q_.purpose},
                                               {"icon", q_.icon}, {"register", q_.address},
                                               {"description", q_.description.base}};
        if (q_.minutes) row["minutes"] = std::to_string(*q_.minutes);
        if (q_.url != kQuestionnaireBase + q_.id) row["url"] = q_.url;
        g.order = {"form_id", "form_title"};
        for (const auto& l : langs_)
            if (l != q_.language) g.order.push_back("form_title::" + header_[l]);
        for (const char* k : {"version", "default_language", "variant", "purpose", "minutes", "icon", "register", "name",
                              "status", "url", "description"})
            g.order.push_back(k);
        for (const auto& l : langs_)
            if (l != q_.language) g.order.push_back("description::" + header_[l]);
        for (const auto& [l, t] : q_.title.translations) row["form_title::" + header_[l]] = t;
        for (const auto& [l, t] : q_.description.translations) row["description::" + header_[l]] = t;
        g.always = {"form_id", "form_title", "version", "default_language"};
        g.rows.push_back(row);
        return g.sheet("settings");
    }

    const q::Questionnaire& q_;
    std::vector<std::string> langs_;
    std::map<std::string, std::string> header_;
    Grid survey_, choices_;
    std::map<std::string, std::string> lists_;  // options key -> list name
    std::set<std::string> used_lists_;
    std::vector<std::string> refused_;
};

}  // namespace

ExportResult export_xlsform(const questionnaire::Questionnaire& q) { return Exporter(q).run(); }

}  // namespace kiosk::xlsform
