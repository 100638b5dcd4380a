// The questionnaire model: what the loader builds from FHIR R4 Questionnaire
// JSON and what the interview and the kiosk UI read. Plain data, no JSON, no
// UI. The supported FHIR subset is described in README.md beside this file.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace kiosk::questionnaire {

// A text in the questionnaire's base language plus translations (FHIR
// translation extension). get() falls back to the base text.
struct Translatable {
    std::string base;
    std::map<std::string, std::string> translations;  // lang -> text

    const std::string& get(const std::string& lang) const {
        auto it = translations.find(lang);
        return it == translations.end() ? base : it->second;
    }
    bool empty() const { return base.empty() && translations.empty(); }
    bool has(const std::string& lang) const { return translations.count(lang) > 0; }
};

// A FHIR date ("2026", "2026-11", "2026-11-29"), kept as its ISO text.
// ISO dates of the same precision compare correctly as strings.
struct Date {
    std::string iso;
    bool operator==(const Date& o) const { return iso == o.iso; }
};

// A FHIR time ("14:30" or "14:30:00"), kept as its ISO text (hh:mm:ss in answers).
struct Time {
    std::string iso;
    bool operator==(const Time& o) const { return iso == o.iso; }
};

// A FHIR dateTime ("2026-11-29T14:30:00+01:00"; the kiosk writes local time with its offset).
struct DateTime {
    std::string iso;
    bool operator==(const DateTime& o) const { return iso == o.iso; }
};

// A FHIR Quantity answer: an amount with a UCUM unit.
struct Quantity {
    double value = 0;
    std::string unit;    // what is shown ("kg")
    std::string system;  // "http://unitsofmeasure.org" when coded
    std::string code;    // UCUM code ("kg", "[lb_av]")
    // The same amount in the same unit (on code when both have one).
    bool operator==(const Quantity& o) const {
        return value == o.value && (code.empty() || o.code.empty() ? unit == o.unit : code == o.code);
    }
};

struct Coding {
    std::string system;
    std::string code;
    Translatable display;
    // Two codings are the same answer when system and code match.
    bool operator==(const Coding& o) const { return system == o.system && code == o.code; }
};

// One answer value. Which alternative an item takes follows its type:
// boolean -> bool, integer -> int64, decimal -> double, string/text -> string,
// date -> Date, time -> Time, dateTime -> DateTime, quantity -> Quantity,
// choice -> Coding (or string/int64/Date when the options are
// valueString/valueInteger/valueDate), open-choice -> an option's value or a
// string (the resident's own words, "other").
using Value = std::variant<bool, std::int64_t, double, std::string, Date, Coding, Quantity, Time, DateTime>;

bool values_equal(const Value& a, const Value& b);
// FHIR date syntax: YYYY, YYYY-MM or YYYY-MM-DD (month 01-12, day 01-31).
bool is_valid_date(const std::string& iso);
// FHIR time: hh:mm:ss (hh 00-23, mm/ss 00-59); hh:mm is accepted and means hh:mm:00.
bool is_valid_time(const std::string& iso);
// FHIR dateTime: a date (YYYY, YYYY-MM, YYYY-MM-DD) or YYYY-MM-DDThh:mm:ss(.fff) with Z or +hh:mm.
bool is_valid_date_time(const std::string& iso);
// Short text for logs of structure (never of a resident's answers) and tests.
std::string value_to_string(const Value& v, const std::string& lang = "");

enum class ItemType { Group, Display, Choice, Boolean, Integer, Decimal, String, Text, Date, OpenChoice, Quantity, Time, DateTime };
const char* item_type_name(ItemType t);  // the FHIR code: "group", "choice", ...

enum class ItemControl { None, Slider, RadioButton, DropDown };

struct AnswerOption {
    Value value;               // Coding, std::string, std::int64_t or Date
    Translatable display;      // Coding.display, or the string option's text (with translations)
    std::string pictogram;     // icon name, "" when none
    Translatable read_aloud;   // what read-aloud says when it differs from display; empty when not
    std::optional<double> ordinal;  // ordinalValue: the score of this choice (0-10)
    bool initial_selected = false;  // answerOption.initialSelected
};

enum class EnableOperator { Exists, Equal, NotEqual, Greater, Less, GreaterOrEqual, LessOrEqual };
const char* operator_symbol(EnableOperator op);  // "exists", "=", "!=", ">", "<", ">=", "<="

struct EnableWhen {
    std::string question;     // linkId of the item whose answer decides
    EnableOperator op = EnableOperator::Exists;
    Value answer;             // for Exists: bool (true = must have an answer)
};

enum class EnableBehavior { All, Any };

// A FHIRPath expression (SDC Expression, language text/fhirpath), kept as text;
// the loader has checked that it compiles and stays in the subset.
struct Expression {
    std::string text;
    bool empty() const { return text.empty(); }
};

// SDC answerOptionsToggleExpression: the listed options are offered only while
// the expression is true (empty counts as false); options no toggle lists are
// always offered. The options are the item's own option values.
struct OptionToggle {
    std::vector<Value> options;
    Expression expression;
};

// An SDC variable: a name the expressions below it can read as %name.
struct Variable {
    std::string name;
    Expression expression;
};

struct Item {
    std::string link_id;
    ItemType type = ItemType::Display;
    Translatable text;
    std::string prefix;
    std::vector<AnswerOption> options;  // from answerOption or a contained ValueSet
    std::optional<double> min_value;    // minValue extension (integer/decimal)
    std::optional<double> max_value;    // maxValue extension
    std::string domain;                 // scoring domain ("" = does not score)
    std::string pictogram;              // icon name, "" when none
    Translatable read_aloud;            // empty when the shown text is read
    Translatable scale_low;             // words for the low end of a scale
    Translatable scale_high;            // words for the high end
    Translatable sensitive_why;         // why we ask a sensitive question
    bool required = false;
    bool repeats = false;               // for choice: several selections allowed
    bool read_only = false;
    std::optional<int> max_length;      // string/text
    std::vector<Value> initial;         // initial values (incl. initialSelected options)
    std::vector<EnableWhen> enable_when;
    EnableBehavior enable_behavior = EnableBehavior::All;
    ItemControl control = ItemControl::None;
    // A consent question (boolean, our `consent-for` extension): the linkIds
    // of the later items it governs. Unless it is answered "yes" they are
    // neither asked nor written into the response.
    std::vector<std::string> consent_for;
    bool hidden = false;                // questionnaire-hidden: never asked, never answered by the resident
    std::optional<int> max_decimal_places;  // maxDecimalPlaces (decimal/quantity)
    std::vector<Coding> units;          // quantity: unitOption (or the one questionnaire-unit); decimal/integer: the shown unit
    Expression calculated;              // calculatedExpression: computed, never asked
    Expression initial_expression;      // initialExpression: a starting value, evaluated once
    Expression enable_when_expression;  // enableWhenExpression: together with enableWhen (all of them must hold)
    std::vector<Variable> variables;    // variable: visible to this item's expressions and those below it
    std::vector<OptionToggle> option_toggles;  // answerOptionsToggleExpression: options offered while an expression holds
    std::vector<Item> children;

    bool is_answerable() const { return type != ItemType::Group && type != ItemType::Display; }
    // Choice-like: answers come from options (open-choice also takes the resident's own text).
    bool has_options() const { return type == ItemType::Choice || type == ItemType::OpenChoice; }
    // Never a step of the interview: computed or hidden.
    bool is_computed() const { return !calculated.empty(); }
};

struct Questionnaire {
    std::string id;       // family-variant, e.g. "howareyou-short"
    std::string url;
    std::string version;
    std::string status;   // FHIR publication status
    std::string name;
    Translatable title;
    Translatable description;
    std::string language = "nl";          // base language of every text
    std::vector<std::string> languages;   // claimed languages besides the base one
    // Languages merged from translation files (content/translations.hpp):
    // lang -> "draft" (not yet read by a native speaker) or "reviewed".
    std::map<std::string, std::string> translation_status;
    std::string variant;                  // full|short|easy|youth|child|intake|effect ("" when absent)
    std::optional<int> minutes;
    // What the organisation may conclude from it: "measure" (a measuring
    // instrument: the report shows change over time as effect) or
    // "conversation" (a conversation starter: change is shown, never called
    // an effect). "" when absent, which the report treats as a conversation starter.
    std::string purpose;
    std::string icon;
    // How the questionnaire addresses the reader in Dutch: "u" or "je" (our
    // `register` extension); the result, talk and thanks screens follow it.
    // "" when not declared (the screens say "u").
    std::string address;
    std::vector<Variable> variables;      // Questionnaire-level SDC variables (%name in every expression)
    std::vector<std::string> context_names;  // launchContext / assembleContext / x-fhir-query names: empty on a kiosk
    std::string source_json;              // the Questionnaire as loaded (for %questionnaire); only when it has expressions
    std::vector<Item> items;

    // Base language first, then the claimed ones.
    std::vector<std::string> all_languages() const;
    bool supports_language(const std::string& lang) const;
    // Depth-first search; nullptr when no item has that linkId.
    const Item* find(const std::string& link_id) const;
    // "url|version" (or url alone when there is no version).
    std::string canonical() const;
};

// Scoring domains of the six-domain "How are you doing?" family, in chart order.
inline const std::vector<std::string>& scoring_domains() {
    static const std::vector<std::string> k{"body", "feelings", "meaning", "quality-of-life",
                                            "taking-part", "daily-life"};
    return k;
}

// Extension URLs.
inline constexpr const char* kOurExtensionBase = "https://fhir.intake-kiosk.example/StructureDefinition/";
inline constexpr const char* kTranslationUrl = "http://hl7.org/fhir/StructureDefinition/translation";

}  // namespace kiosk::questionnaire
