// kioskctl fill: runs the interview engine without a screen over one
// questionnaire, with scripted (--answers) or automatic (--auto) answers, and
// writes the FHIR QuestionnaireResponse. Used by content writers and by the
// FHIR validator test.
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/args.hpp"
#include "core/clock.hpp"
#include "core/command.hpp"
#include "questionnaire/interview.hpp"
#include "questionnaire/loader.hpp"
#include "supplied_value_sets.hpp"

namespace {

namespace q = kiosk::questionnaire;
using json = nlohmann::json;

constexpr const char* kUsage = "kioskctl fill Q.json (--auto | --answers A.json) [--lang L] [--valuesets DIR] --out R.json";

// One scripted answer (a code, a number, a string, a boolean, a date) as the item's value.
kiosk::Result<q::Value> one_value(const q::Item& item, const json& j) {
    auto expected = [&](const std::string& what) { return kiosk::make_error("expected " + what); };
    switch (item.type) {
        case q::ItemType::Boolean:
            if (!j.is_boolean()) return expected("true or false");
            return q::Value{j.get<bool>()};
        case q::ItemType::Integer:
            if (!j.is_number_integer()) return expected("a whole number");
            return q::Value{j.get<std::int64_t>()};
        case q::ItemType::Decimal:
            if (!j.is_number()) return expected("a number");
            return q::Value{j.get<double>()};
        case q::ItemType::String:
        case q::ItemType::Text:
            if (!j.is_string()) return expected("a text");
            return q::Value{j.get<std::string>()};
        case q::ItemType::Date:
            if (!j.is_string()) return expected("a date like 2026-11-29");
            return q::Value{q::Date{j.get<std::string>()}};
        case q::ItemType::Time:
            if (!j.is_string()) return expected("a time like 14:30");
            return q::Value{q::Time{j.get<std::string>()}};
        case q::ItemType::DateTime:
            if (!j.is_string()) return expected("a date and time like 2026-11-29T14:30:00+01:00");
            return q::Value{q::DateTime{j.get<std::string>()}};
        case q::ItemType::Quantity: {
            // 72.5 (in the first unit) or {"value": 160, "unit": "[lb_av]"} (a unit code or display)
            if (j.is_number()) return q::Value{j.get<double>()};
            if (!j.is_object() || !j.contains("value") || !j["value"].is_number()) return expected("a number or {\"value\": N, \"unit\": U}");
            q::Quantity qu;
            qu.value = j["value"].get<double>();
            if (j.contains("unit") && j["unit"].is_string()) {
                const std::string u = j["unit"].get<std::string>();
                for (const auto& unit : item.units)
                    if (unit.code == u || unit.display.base == u) qu.code = unit.code;
                if (qu.code.empty()) qu.unit = u;
            }
            return q::Value{qu};
        }
        case q::ItemType::OpenChoice:
        case q::ItemType::Choice:
            for (const auto& o : item.options) {
                if (auto c = std::get_if<q::Coding>(&o.value); c && j.is_string() && c->code == j.get<std::string>()) return o.value;
                if (auto s = std::get_if<std::string>(&o.value); s && j.is_string() && *s == j.get<std::string>()) return o.value;
                if (auto d = std::get_if<q::Date>(&o.value); d && j.is_string() && d->iso == j.get<std::string>()) return o.value;
                if (auto i = std::get_if<std::int64_t>(&o.value); i && j.is_number_integer() && *i == j.get<std::int64_t>()) return o.value;
            }
            if (item.type == q::ItemType::OpenChoice && j.is_string()) return q::Value{j.get<std::string>()};  // own words
            return expected("one of the option codes");
        default: break;
    }
    return kiosk::make_error("this item takes no answer");
}

const char* const kHelp =
    "Runs the interview over Q.json and writes the FHIR QuestionnaireResponse to R.json.\n"
    "--auto answers every enabled question (first option, lowest number, today, \"test\", yes);\n"
    "  hidden and calculated items are never answered: calculated ones are computed.\n"
    "--answers A.json maps linkId to a value: a code, a number, a string, true/false, a date;\n"
    "  a list for several choices; null for \"I'd rather not say\". Questions it leaves out\n"
    "  stay unanswered (refused when required).\n"
    "--valuesets DIR: the organisation's ValueSets for answerValueSet urls the form does not\n"
    "  contain (as `kioskctl check --valuesets`); their concepts are the options.\n";

int run(const kiosk::ParsedArgs& args) {
    bool bad = false;
    auto out = args.get("--out");
    auto answers_file = args.get("--answers");
    const bool auto_mode = args.has("--auto");
    if (args.positional.size() != 1) std::cerr << "kioskctl fill: give exactly one questionnaire file\n", bad = true;
    if (!out) std::cerr << "kioskctl fill: --out R.json is required\n", bad = true;
    if (auto_mode == answers_file.has_value()) std::cerr << "kioskctl fill: give either --auto or --answers A.json\n", bad = true;
    if (bad) return 2;

    bool sets_ok = true;
    const auto supplied = kiosk::provisioning::supplied_value_sets(args, &sets_ok);
    if (!sets_ok) return 1;
    auto loaded = kiosk::provisioning::load_with(args.positional[0], supplied);
    for (const auto& n : loaded.notes) std::cerr << "note: " << q::format_problem(n) << "\n";  // accepted, said (README)
    if (!loaded.questionnaire) {
        for (const auto& p : loaded.problems) std::cerr << q::format_problem(p) << "\n";
        return 1;
    }
    const q::Questionnaire& questionnaire = *loaded.questionnaire;

    json answers = json::object();
    if (answers_file) {
        std::ifstream in(*answers_file, std::ios::binary);
        if (!in) {
            std::cerr << *answers_file << ": cannot open\n";
            return 1;
        }
        try {
            answers = json::parse(in);
        } catch (const json::exception&) {
            std::cerr << *answers_file << ": not valid JSON\n";
            return 1;
        }
        if (!answers.is_object()) {
            std::cerr << *answers_file << ": must be a JSON object {linkId: value}\n";
            return 1;
        }
        for (auto it = answers.begin(); it != answers.end(); ++it) {
            const q::Item* item = questionnaire.find(it.key());
            if (!item || !item->is_answerable() || item->read_only) {
                std::cerr << *answers_file << ":" << it.key() << ": no such question in " << args.positional[0] << "\n";
                bad = true;
            } else if (!item->calculated.empty()) {
                std::cerr << *answers_file << ":" << it.key() << ": is calculated, not asked; leave it out\n";
                bad = true;
            }
        }
        if (bad) return 1;
    }

    kiosk::SystemClock clock;
    q::Interview iv(questionnaire, clock);
    if (auto lang = args.get("--lang")) {
        if (auto s = iv.set_language(*lang); !s.ok()) {
            std::cerr << "kioskctl fill: " << s.error().message << "\n";
            return 1;
        }
    }

    const std::string label = answers_file.value_or("--auto");
    std::set<std::string> used;
    // Each step moves forward, so the loop ends; the bound guards against a bug.
    for (std::size_t guard = 0; !iv.is_finished() && guard < 100000; ++guard) {
        const q::Item* item = iv.current();
        kiosk::Status s = kiosk::ok_status();
        if (!item->is_answerable()) {
            s = iv.next();
        } else if (auto a = answers.find(item->link_id); a != answers.end()) {
            used.insert(item->link_id);
            if (a->is_null()) {
                s = iv.skip();
            } else {
                std::vector<q::Value> values;
                for (const auto& j : (a->is_array() ? *a : json::array({*a}))) {
                    auto v = one_value(*item, j);
                    if (!v) {
                        std::cerr << label << ":" << item->link_id << ": " << v.error().message << "\n";
                        return 1;
                    }
                    values.push_back(*v);
                }
                s = iv.answer_all(values);
                if (s.ok()) s = iv.next();
            }
        } else if (auto_mode) {
            s = iv.answer(q::auto_answer(iv, *item, clock));
            if (s.ok()) s = iv.next();
        } else if (iv.can_go_next()) {
            s = iv.next();
        } else {
            std::cerr << label << ":" << item->link_id << ": no answer for a required question\n";
            return 1;
        }
        if (!s.ok()) {
            std::cerr << label << ": " << s.error().message << "\n";
            return 1;
        }
    }
    for (auto it = answers.begin(); it != answers.end(); ++it)
        if (!used.count(it.key())) {
            std::cerr << label << ":" << it.key()
                      << (iv.is_hidden(it.key()) ? ": is hidden, never asked\n" : ": answer given, but the question is not asked (enableWhen)\n");
            bad = true;
        }
    if (bad) return 1;

    std::ofstream o(*out, std::ios::binary | std::ios::trunc);
    o << iv.response_json(q::ResponseStatus::Completed) << "\n";
    o.close();
    if (!o) {
        std::cerr << *out << ": cannot write\n";
        return 1;
    }
    auto p = iv.progress();
    for (const auto& e : iv.expression_problems())
        std::cerr << args.positional[0] << (e.link_id.empty() ? "" : ":" + e.link_id) << ": expression gave no value: " << e.message << "\n";
    std::cout << "wrote " << *out << ": " << p.answered - p.skipped << " answered, " << p.skipped << " skipped, "
              << p.total_enabled << " asked, " << p.computed << " computed, " << p.hidden << " hidden\n";
    return 0;
}

kiosk::CommandRegistrar reg("kioskctl", {.name = "fill",
                                         .usage = kUsage,
                                         .summary = "run a questionnaire without a screen and write the QuestionnaireResponse",
                                         .value_flags = {"--answers", "--lang", "--out", "--valuesets"},
                                         .switch_flags = {"--auto"},
                                         .help = kHelp,
                                         .body = run});

}  // namespace
