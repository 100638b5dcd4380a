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

struct Coding {
    std::string system;
    std::string code;
    Translatable display;
    // Two codings are the same answer when system and code match.
    bool operator==(const Coding& o) const { return system == o.system && code == o.code; }
};

// One answer value. Which alternative an item takes follows its type:
// boolean -> bool, integer -> int64, decimal -> double, string/text -> string,
// date -> Date, choice -> Coding (or string/int64/Date when the options are
// valueString/valueInteger/valueDate).
using Value = std::variant<bool, std::int64_t, double, std::string, Date, Coding>;

bool values_equal(const Value& a, const Value& b);
// FHIR date syntax: YYYY, YYYY-MM or YYYY-MM-DD (month 01-12, day 01-31).
bool is_valid_date(const std::string& iso);
// Short text for logs of structure (never of a resident's answers) and tests.
std::string value_to_string(const Value& v, const std::string& lang = "");

enum class ItemType { Group, Display, Choice, Boolean, Integer, Decimal, String, Text, Date };
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
    std::vector<Item> children;

    bool is_answerable() const { return type != ItemType::Group && type != ItemType::Display; }
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
    std::string variant;                  // full|short|easy|youth|child|intake|effect ("" when absent)
    std::optional<int> minutes;
    std::string icon;
    // How the questionnaire addresses the reader in Dutch: "u" or "je" (our
    // `register` extension); the result, talk and thanks screens follow it.
    // "" when not declared (the screens say "u").
    std::string address;
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
