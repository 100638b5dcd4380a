// How the content lint reads texts: a small UTF-8 decoder that folds accented
// Latin letters to their base letter (remembering a diaeresis, which starts a
// new syllable in Dutch), word and sentence splitting by punctuation, and a
// walk over the Questionnaire JSON that collects every text per language and
// per screen. The JSON is read defensively: the loader reports structural
// errors, the lint only skips what it cannot read.
//
// Index of this file:
// [SECTION] UTF-8 and letters
// [SECTION] checks
// [SECTION] public: counting
// [SECTION] walking a Questionnaire
//
// Why this file is long: the counting (letters, syllables, words, sentences), the
// text checks and the walk over a Questionnaire are one pipeline whose private
// helpers are shared between the stages; the public counting functions are tested on
// their own through content_lint.hpp. The UTF-8 section is the part that could move
// out (a shared core/utf8).
#include "i18n/catalog.hpp"
#include "lint/content_lint.hpp"

#include "core/json_text.hpp"
#include "core/utf8.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iomanip>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

namespace kiosk::lint {
namespace {

using nlohmann::json;

const std::string kOurExtension = "https://fhir.intake-kiosk.example/StructureDefinition/";
const std::string kTranslation = "http://hl7.org/fhir/StructureDefinition/translation";
const std::string kQuestionnaireLink;  // empty: the questionnaire itself (title, description)

// [SECTION] UTF-8 and letters

struct CodePoint {
    std::uint32_t cp;
    std::size_t begin;  // byte offset in the source
    std::size_t end;
};

std::vector<CodePoint> decode_utf8(std::string_view s) {
    std::vector<CodePoint> out;
    for (std::size_t i = 0; i < s.size();) {
        const utf8::Decoded d = utf8::decode_at(s, i);
        out.push_back({static_cast<std::uint32_t>(d.code_point), i, i + d.size});
        i += d.size;
    }
    return out;
}

// A letter folded to lower-case ASCII; diaeresis marks ë ï ö ü ä.
struct Letter {
    char c = 0;
    bool diaeresis = false;
    bool upper = false;
};

// Latin-1 Supplement and a few of Latin Extended-A: enough for Dutch, English
// and the loan words they use.
bool fold_letter(std::uint32_t cp, Letter& out) {
    if (cp < 0x80) {
        char c = static_cast<char>(cp);
        if (c >= 'a' && c <= 'z') {
            out = {c, false, false};
            return true;
        }
        if (c >= 'A' && c <= 'Z') {
            out = {static_cast<char>(c - 'A' + 'a'), false, true};
            return true;
        }
        return false;
    }
    if (cp >= 0xC0 && cp <= 0xFF && cp != 0xD7 && cp != 0xF7) {
        bool upper = cp < 0xE0;
        std::uint32_t low = upper ? cp + 0x20 : cp;
        char base = 0;
        bool diaeresis = false;
        switch (low) {
            case 0xE0: case 0xE1: case 0xE2: case 0xE3: case 0xE5: base = 'a'; break;
            case 0xE4: base = 'a'; diaeresis = true; break;
            case 0xE6: base = 'a'; break;
            case 0xE7: base = 'c'; break;
            case 0xE8: case 0xE9: case 0xEA: base = 'e'; break;
            case 0xEB: base = 'e'; diaeresis = true; break;
            case 0xEC: case 0xED: case 0xEE: base = 'i'; break;
            case 0xEF: base = 'i'; diaeresis = true; break;
            case 0xF1: base = 'n'; break;
            case 0xF2: case 0xF3: case 0xF4: case 0xF5: case 0xF8: base = 'o'; break;
            case 0xF6: base = 'o'; diaeresis = true; break;
            case 0xF9: case 0xFA: case 0xFB: base = 'u'; break;
            case 0xFC: base = 'u'; diaeresis = true; break;
            case 0xFD: case 0xFF: base = 'y'; break;
            default: base = 'x'; break;  // ð, þ, ß: consonants for our purposes
        }
        out = {base, diaeresis, upper};
        return true;
    }
    if (cp >= 0x100 && cp <= 0x24F) {  // Latin Extended-A/B: a letter, vowel-ness unknown
        out = {'x', false, false};
        return true;
    }
    return false;
}

bool is_digit(std::uint32_t cp) { return cp >= '0' && cp <= '9'; }

bool is_word_char(std::uint32_t cp) {
    Letter l;
    return is_digit(cp) || fold_letter(cp, l);
}

bool is_inner_joiner(std::uint32_t cp) {
    return cp == '\'' || cp == '-' || cp == 0x2019 /* ’ */ || cp == 0x2010 /* ‐ */;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

// The folded letters of a word (digits and joiners dropped).
std::vector<Letter> letters_of(std::string_view word) {
    std::vector<Letter> out;
    for (const auto& cp : decode_utf8(word)) {
        Letter l;
        if (fold_letter(cp.cp, l)) out.push_back(l);
    }
    return out;
}

std::string folded(std::string_view word) {
    std::string out;
    for (const auto& l : letters_of(word)) out += l.c;
    return out;
}

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

// A "y" at the start of a word before a vowel is a consonant (yoga, you).
bool vowel_at(const std::vector<Letter>& w, std::size_t i) {
    if (!is_vowel(w[i].c)) return false;
    if (w[i].c == 'y' && i == 0 && w.size() > 1 && is_vowel(w[1].c)) return false;
    return true;
}

int syllables_nl(const std::vector<Letter>& w) {
    static const std::array<const char*, 5> kTriples = {"aai", "ooi", "oei", "eeu", "ieu"};
    static const std::array<const char*, 13> kPairs = {"aa", "ee", "oo", "uu", "ie", "oe", "eu",
                                                       "ui", "ei", "ij", "ou", "au", "ai"};
    int count = 0;
    std::size_t i = 0;
    auto matches = [&](const char* group, std::size_t at) {
        std::size_t n = std::char_traits<char>::length(group);
        if (at + n > w.size()) return false;
        for (std::size_t k = 0; k < n; ++k) {
            if (w[at + k].c != group[k]) return false;
            if (k > 0 && w[at + k].diaeresis) return false;  // ë, ï: a new syllable starts
        }
        return true;
    };
    while (i < w.size()) {
        if (!vowel_at(w, i)) {
            ++i;
            continue;
        }
        std::size_t step = 1;
        for (const char* t : kTriples) {
            if (matches(t, i)) {
                step = 3;
                break;
            }
        }
        if (step == 1) {
            for (const char* p : kPairs) {
                if (matches(p, i)) {
                    step = 2;
                    break;
                }
            }
        }
        ++count;
        i += step;
    }
    return count;
}

int syllables_en(const std::vector<Letter>& w) {
    int groups = 0;
    bool in_group = false;
    for (std::size_t i = 0; i < w.size(); ++i) {
        bool v = vowel_at(w, i);
        if (v && !in_group) ++groups;
        in_group = v;
    }
    // A final "e" after a consonant is silent (make, house), except in "-le"
    // after a consonant (table, people).
    std::size_t n = w.size();
    if (groups > 1 && n >= 2 && w[n - 1].c == 'e' && !is_vowel(w[n - 2].c)) {
        bool consonant_le = w[n - 2].c == 'l' && n >= 3 && !is_vowel(w[n - 3].c);
        if (!consonant_le) --groups;
    }
    return groups;
}

// [SECTION] checks

std::string quote_start(std::string_view sentence) {
    auto words = split_words(sentence);
    std::string out = "\"";
    for (std::size_t i = 0; i < words.size() && i < 6; ++i) out += (i ? " " : "") + words[i];
    if (words.size() > 6) out += " ...";
    return out + "\"";
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

bool is_dutch(std::string_view lang) { return lang == "nl" || starts_with(lang, "nl-"); }
}  // namespace

bool has_readability_formula(std::string_view lang) {
    return is_dutch(lang) || lang == "en" || starts_with(lang, "en-");
}

namespace {

std::string_view level_name(Level level) { return level == Level::A2 ? "A2" : "B1"; }

std::string format_score(double v) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(1) << v;
    return out.str();
}

// Words that mean nothing to many residents unless the text explains them.
const std::vector<std::string>& jargon(std::string_view lang) {
    static const std::vector<std::string> nl = {"participatie", "zelfredzaam", "mantelzorg",
                                                "respijtzorg", "hulpvraag", "zorgvrager",
                                                "indicatie", "keukentafelgesprek"};
    static const std::vector<std::string> en = {"participation", "self-reliance", "self-reliant",
                                                "informal care", "respite", "care needs"};
    return is_dutch(lang) ? nl : en;
}

bool has_explanation(const std::string& lower, std::string_view lang) {
    static const std::vector<std::string> nl = {"betekent", "dat heet", "heet ook", "noemen we",
                                                "bedoelen we", "wil zeggen", "("};
    static const std::vector<std::string> en = {"means", "is called", "we mean", "that is,",
                                                "("};
    for (const auto& m : is_dutch(lang) ? nl : en) {
        if (lower.find(m) != std::string::npos) return true;
    }
    return false;
}

const std::vector<std::string>& abbreviations() {
    static const std::vector<std::string> list = {
        "bijv.", "bv.", "evt.", "enz.", "etc.", "ca.", "nr.", "tel.", "incl.", "excl.",
        "max.", "min.", "vs.", "m.a.w.", "approx.", "e.g.", "i.e.", "no.", "wmo", "ggz",
        "ggd", "uwv", "aow", "svb"};
    return list;
}

// Tell-tale fragments of existing instruments (PHQ-9, GAD-7, the Positive
// Health dialogue tool). We write our own sentences; this catches a slip, it
// is no proof of originality. Compared on lower-case letters and spaces only.
const std::vector<std::string>& copied_phrases() {
    static const std::vector<std::string> list = {
        "little interest or pleasure in doing things", "feeling down depressed or hopeless",
        "trouble falling or staying asleep", "feeling tired or having little energy",
        "poor appetite or overeating", "feeling nervous anxious or on edge",
        "not being able to stop or control worrying", "worrying too much about different things",
        "over the last 2 weeks how often", "ik voel me gezond", "ik voel me fit",
        "ik zit goed in mijn vel", "ik heb zin in elke nieuwe dag", "ik heb een zinvol leven",
        "ik kan voor mezelf zorgen", "ik heb controle over mijn leven"};
    return list;
}

std::string letters_and_spaces(std::string_view text) {
    std::string out;
    for (const auto& w : split_words(text)) {
        if (!out.empty()) out += ' ';
        out += lower_ascii(w);
    }
    return out;
}

// "o.a.", "d.w.z.": letters each followed by a dot.
bool dotted_abbreviation(std::string_view token) {
    if (token.size() < 4) return false;
    for (std::size_t i = 0; i < token.size(); i += 2) {
        if (i + 1 >= token.size()) return false;
        char c = token[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) || token[i + 1] != '.') return false;
    }
    return true;
}

}  // namespace

// [SECTION] public: counting

LevelRules rules_for(Level level) {
    if (level == Level::A2) return {12, 20, 4, 70.0};
    return {15, 20, 4, 60.0};
}

Level level_for_variant(std::string_view variant) {
    return (variant == "easy" || variant == "child") ? Level::A2 : Level::B1;
}

int count_syllables(std::string_view word, std::string_view lang) {
    auto letters = letters_of(word);
    if (letters.empty()) {
        // A number ("112", "10"): one unit of reading.
        for (char c : word) {
            if (c >= '0' && c <= '9') return 1;
        }
        return 0;
    }
    int n = is_dutch(lang) ? syllables_nl(letters) : syllables_en(letters);
    return std::max(n, 1);  // "'s", "t": still a word the reader reads
}

std::vector<std::string> split_words(std::string_view sentence) {
    std::vector<std::string> words;
    auto cps = decode_utf8(sentence);
    std::size_t i = 0;
    while (i < cps.size()) {
        if (!is_word_char(cps[i].cp)) {
            ++i;
            continue;
        }
        std::size_t j = i + 1;
        while (j < cps.size()) {
            if (is_word_char(cps[j].cp)) {
                ++j;
            } else if (is_inner_joiner(cps[j].cp) && j + 1 < cps.size() &&
                       is_word_char(cps[j + 1].cp)) {
                j += 2;
            } else {
                break;
            }
        }
        words.emplace_back(sentence.substr(cps[i].begin, cps[j - 1].end - cps[i].begin));
        i = j;
    }
    return words;
}

std::vector<std::string> split_sentences(std::string_view text) {
    std::vector<std::string> out;
    auto cps = decode_utf8(text);
    std::size_t start = 0;  // byte offset
    auto flush = [&](std::size_t end) {
        if (end > start) {
            std::string s(text.substr(start, end - start));
            if (!split_words(s).empty()) {
                auto first = s.find_first_not_of(" \t\r\n");
                auto last = s.find_last_not_of(" \t\r\n");
                out.push_back(s.substr(first, last - first + 1));
            }
        }
    };
    for (std::size_t i = 0; i < cps.size(); ++i) {
        std::uint32_t cp = cps[i].cp;
        if (cp == '\n') {
            flush(cps[i].begin);
            start = cps[i].end;
            continue;
        }
        bool terminal = cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 /* … */;
        if (!terminal) continue;
        // "2.5" and "e.g" are not sentence ends: only punctuation followed by
        // a space, a closing mark or the end of the text is.
        std::size_t k = i + 1;
        while (k < cps.size() && (cps[k].cp == '.' || cps[k].cp == '!' || cps[k].cp == '?' ||
                                  cps[k].cp == '"' || cps[k].cp == ')' || cps[k].cp == 0x201D)) {
            ++k;
        }
        if (k == cps.size() || cps[k].cp == ' ' || cps[k].cp == '\n' || cps[k].cp == '\t') {
            flush(cps[k - 1].end);
            start = cps[k - 1].end;
            i = k - 1;
        }
    }
    flush(text.size());
    return out;
}

void add_text(TextStats& stats, std::string_view text, std::string_view lang) {
    for (const auto& sentence : split_sentences(text)) {
        auto words = split_words(sentence);
        if (words.empty()) continue;
        stats.sentences += 1;
        stats.words += static_cast<int>(words.size());
        for (const auto& w : words) stats.syllables += count_syllables(w, lang);
        stats.longest_sentence_words =
            std::max(stats.longest_sentence_words, static_cast<int>(words.size()));
    }
}

double readability(const TextStats& stats, std::string_view lang) {
    if (stats.words == 0 || stats.sentences == 0) return 0.0;
    double wps = static_cast<double>(stats.words) / stats.sentences;
    double spw = static_cast<double>(stats.syllables) / stats.words;
    if (is_dutch(lang)) return 206.835 - 0.93 * wps - 77.0 * spw;
    return 206.835 - 1.015 * wps - 84.6 * spw;
}

std::vector<std::string> check_text(std::string_view text, std::string_view lang, Level level,
                                    TextKind kind, std::string_view variant) {
    std::vector<std::string> problems;
    const LevelRules rules = rules_for(level);
    const int limit = kind == TextKind::ReadAloud ? rules.hard_cap_words : rules.max_sentence_words;
    const std::string lower = lower_ascii(text);

    for (const auto& sentence : split_sentences(text)) {
        int n = static_cast<int>(split_words(sentence).size());
        if (n > limit) {
            std::ostringstream m;
            m << "sentence has " << n << " words (at most " << limit;
            if (kind == TextKind::ReadAloud) {
                m << " when read aloud";
            } else {
                m << " for " << level_name(level);
            }
            m << "): " << quote_start(sentence);
            problems.push_back(m.str());
        }
    }

    // Languages without a readability formula of ours (ar, tr, pl, uk, ti):
    // only what can be checked without knowing the language, the length of
    // each sentence. Syllables, word lists and the address are Dutch/English.
    if (!has_readability_formula(lang)) return problems;

    std::vector<std::string> seen;
    for (const auto& word : split_words(text)) {
        int s = count_syllables(word, lang);
        if (s > rules.max_word_syllables &&
            std::find(seen.begin(), seen.end(), word) == seen.end()) {
            seen.push_back(word);
            problems.push_back("word \"" + word + "\" has " + std::to_string(s) +
                               " syllables (at most " + std::to_string(rules.max_word_syllables) +
                               "); use a shorter word or split the sentence");
        }
        auto letters = letters_of(word);
        bool all_upper = letters.size() >= 2 &&
                         std::all_of(letters.begin(), letters.end(), [](const Letter& l) { return l.upper; });
        if (all_upper) problems.push_back("abbreviation \"" + word + "\": write it out");
    }

    for (const char* both : {"en/of", "en / of", "and/or", "and / or", "of/en"}) {
        if (lower.find(both) != std::string::npos) {
            problems.push_back(std::string("\"") + both + "\": ask one thing at a time, or say \"" +
                               (is_dutch(lang) ? "of" : "or") + "\"");
            break;
        }
    }

    // Abbreviations are looked for in the raw tokens, before the dots are
    // taken as sentence ends.
    std::istringstream tokens{std::string(text)};
    std::string token;
    while (tokens >> token) {
        while (!token.empty() && (token.front() == '(' || token.front() == '"')) token.erase(0, 1);
        while (!token.empty() &&
               (token.back() == ',' || token.back() == ')' || token.back() == '"' ||
                token.back() == ':' || token.back() == ';')) {
            token.pop_back();
        }
        std::string lt = lower_ascii(token);
        const auto& list = abbreviations();
        bool listed = std::find(list.begin(), list.end(), lt) != list.end();
        // All-capitals words ("GGD") are already reported by the word loop above.
        bool has_lower = std::any_of(token.begin(), token.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        if ((listed && (has_lower || token.find('.') != std::string::npos)) || dotted_abbreviation(token)) {
            problems.push_back("abbreviation \"" + token + "\": write it out");
        }
    }

    for (const auto& term : jargon(lang)) {
        bool found = false;
        if (term.find(' ') != std::string::npos) {
            found = lower.find(term) != std::string::npos;
        } else {
            for (const auto& w : split_words(text)) {
                if (starts_with(folded(w), term)) found = true;
            }
        }
        if (found && !has_explanation(lower, lang)) {
            problems.push_back("jargon \"" + term +
                               "\" without an explanation: say in the same text what it means");
        }
    }

    const std::string plain = letters_and_spaces(text);
    for (const auto& phrase : copied_phrases()) {
        if (plain.find(phrase) != std::string::npos) {
            problems.push_back("\"" + phrase +
                               "\" is the wording of an existing instrument: write your own sentence");
        }
    }

    if (is_dutch(lang) && !variant.empty()) {
        // A declared register ("je" / "u") or else what the variant implies.
        bool informal = variant == "youth" || variant == "child" || variant == "je";
        static const std::vector<std::string> je = {"je", "jij", "jou", "jouw", "jezelf", "jullie"};
        static const std::vector<std::string> u = {"u", "uw", "uzelf"};
        const auto& wrong = informal ? u : je;
        for (const auto& w : split_words(text)) {
            std::string f = folded(w);
            if (std::find(wrong.begin(), wrong.end(), f) != wrong.end()) {
                problems.push_back("\"" + w + "\": this variant says " +
                                   (informal ? "\"je\" to the reader, not \"u\""
                                             : "\"u\" to the reader, not \"je\""));
                break;
            }
        }
    }
    return problems;
}

// [SECTION] walking a Questionnaire

namespace {

struct LangText {
    std::string lang;
    std::string text;
};

// A primitive string and its translations ("text" + "_text").
std::vector<LangText> texts_of(const json& parent, const std::string& key,
                               const std::string& base_lang) {
    std::vector<LangText> out;
    if (!parent.is_object()) return out;
    auto it = parent.find(key);
    if (it != parent.end() && it->is_string()) out.push_back({base_lang, it->get<std::string>()});
    auto ext = parent.find("_" + key);
    if (ext == parent.end() || !ext->is_object()) return out;
    auto list = ext->find("extension");
    if (list == ext->end() || !list->is_array()) return out;
    for (const auto& e : *list) {
        if (!e.is_object() || e.value("url", json()) != json(kTranslation)) continue;
        auto parts = e.find("extension");
        if (parts == e.end() || !parts->is_array()) continue;
        std::string lang, content;
        for (const auto& p : *parts) {
            if (!p.is_object()) continue;
            if (p.value("url", json()) == json("lang") && p.contains("valueCode") &&
                p["valueCode"].is_string()) {
                lang = p["valueCode"].get<std::string>();
            }
            if (p.value("url", json()) == json("content") && p.contains("valueString") &&
                p["valueString"].is_string()) {
                content = p["valueString"].get<std::string>();
            }
        }
        if (!lang.empty()) out.push_back({lang, content});
    }
    return out;
}

// Our extension by short name ("read-aloud"), or nullptr.
const json* our_extension(const json& element, const std::string& name) {
    if (!element.is_object()) return nullptr;
    auto list = element.find("extension");
    if (list == element.end() || !list->is_array()) return nullptr;
    for (const auto& e : *list) {
        if (e.is_object() && e.value("url", json()) == json(kOurExtension + name)) return &e;
    }
    return nullptr;
}

// Topics CONTENT.md asks to treat gently: the question must say why we ask.
// A word stem, or two words that must both occur ("veilig" + "thuis").
std::string sensitive_topic(std::string_view text) {
    static const std::vector<std::pair<std::string, std::string>> topics = {
        {"schuld", ""}, {"geweld", ""}, {"seks", ""}, {"mishandel", ""}, {"misbruik", ""},
        {"veilig", "thuis"}, {"debt", ""}, {"violen", ""}, {"sex", ""}, {"abuse", ""}, {"safe", "home"}};
    std::vector<std::string> words;
    for (const auto& w : split_words(text)) words.push_back(folded(w));
    auto has_stem = [&](const std::string& stem) {
        return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return starts_with(w, stem); });
    };
    for (const auto& [first, second] : topics) {
        if (has_stem(first) && (second.empty() || has_stem(second))) {
            return second.empty() ? first : first + " ... " + second;
        }
    }
    return {};
}

struct Screen {
    std::string link_id;
    std::map<std::string, TextStats> stats;  // per language
};

struct Walker {
    std::string file;
    std::string base_lang;
    std::string variant;
    Level level;
    LintReport& report;
    std::vector<Screen> screens;
    std::map<std::string, std::pair<int, std::string>> longest;  // lang -> words, linkId
    std::string address;  // the declared register ("u" / "je"); "" = follow the variant

    void check(const std::string& link_id, const std::string& field, const LangText& t,
               TextKind kind, Screen* screen) {
        for (auto& m : check_text(t.text, t.lang, level, kind, address.empty() ? variant : address)) {
            report.problems.push_back({file, link_id, "[" + t.lang + "] " + field + ": " + m});
        }
        if (screen) {
            TextStats one;
            add_text(one, t.text, t.lang);
            add_text(screen->stats[t.lang], t.text, t.lang);
            auto& best = longest[t.lang];
            if (one.longest_sentence_words > best.first) best = {one.longest_sentence_words, link_id};
        }
    }

    void check_all(const std::string& link_id, const std::string& field,
                   const std::vector<LangText>& texts, TextKind kind, Screen* screen) {
        for (const auto& t : texts) check(link_id, field, t, kind, screen);
    }

    void check_extension(const json& element, const std::string& name, const std::string& link_id,
                         const std::string& field, TextKind kind, Screen* screen) {
        if (const json* e = our_extension(element, name)) {
            check_all(link_id, field, texts_of(*e, "valueString", base_lang), kind, screen);
        }
    }

    void walk_items(const json& items, int depth) {
        if (!items.is_array() || depth > 64) return;
        for (const auto& item : items) walk_item(item, depth);
    }

    void walk_item(const json& item, int depth) {
        if (!item.is_object()) return;
        std::string link_id = item.value("linkId", json("?")).is_string()
                                  ? item.value("linkId", std::string("?"))
                                  : std::string("?");
        std::string type = item.contains("type") && item["type"].is_string()
                               ? item["type"].get<std::string>()
                               : std::string();
        if (type != "group" && type != "display") report.question_count += 1;

        Screen screen{link_id, {}};
        check_all(link_id, "text", texts_of(item, "text", base_lang), TextKind::Shown, &screen);
        check_extension(item, "scale-low", link_id, "scale-low", TextKind::Shown, &screen);
        check_extension(item, "scale-high", link_id, "scale-high", TextKind::Shown, &screen);
        check_extension(item, "sensitive-why", link_id, "sensitive-why", TextKind::Shown, &screen);
        check_extension(item, "read-aloud", link_id, "read-aloud", TextKind::ReadAloud, nullptr);

        if (type == "integer" && (!our_extension(item, "scale-low") || !our_extension(item, "scale-high"))) {
            report.problems.push_back({file, link_id,
                                       "a scale must say in words what its ends mean (scale-low and scale-high)"});
        }
        if (variant == "easy" && type != "group" && type != "display" && !our_extension(item, "pictogram")) {
            report.problems.push_back({file, link_id, "the easy variant shows one pictogram per question; add one"});
        }
        if (item.value("required", json(false)) == json(true)) {
            report.problems.push_back(
                {file, link_id, "required: every question can be skipped (\"I'd rather not say\")"});
        }
        if (!our_extension(item, "sensitive-why") && type != "group" && type != "display") {
            for (const auto& t : texts_of(item, "text", base_lang)) {
                std::string topic = sensitive_topic(t.text);
                if (!topic.empty()) {
                    report.problems.push_back({file, link_id,
                                               "[" + t.lang + "] a sensitive topic (\"" + topic +
                                                   "\"): add sensitive-why to say why we ask"});
                    break;
                }
            }
        }

        if (auto opts = item.find("answerOption"); opts != item.end() && opts->is_array()) {
            int n = 0;
            for (const auto& opt : *opts) {
                std::string field = "option " + std::to_string(n++);
                if (!opt.is_object()) continue;
                if (auto c = opt.find("valueCoding"); c != opt.end()) {
                    check_all(link_id, field, texts_of(*c, "display", base_lang), TextKind::Shown,
                              &screen);
                }
                check_all(link_id, field, texts_of(opt, "valueString", base_lang), TextKind::Shown,
                          &screen);
                check_extension(opt, "read-aloud", link_id, field + " read-aloud",
                                TextKind::ReadAloud, nullptr);
            }
        }
        screens.push_back(std::move(screen));
        if (auto sub = item.find("item"); sub != item.end()) walk_items(*sub, depth + 1);
    }
};

constexpr std::size_t kMaxFileBytes = 4 * 1024 * 1024;
constexpr int kMaxJsonDepth = 64;


double median(std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

}  // namespace

LintReport lint_questionnaire(const json& q, const std::string& file) {
    LintReport report;
    report.file = file;
    if (!q.is_object()) {
        report.problems.push_back({file, kQuestionnaireLink, "not a JSON object"});
        return report;
    }
    report.id = q.contains("id") && q["id"].is_string() ? q["id"].get<std::string>() : "";
    if (const json* v = our_extension(q, "variant"); v && v->contains("valueCode") &&
                                                     (*v)["valueCode"].is_string()) {
        report.variant = (*v)["valueCode"].get<std::string>();
    }
    report.level = level_for_variant(report.variant);
    // As the loader: a questionnaire without language is English (published samples are).
    std::string base_lang =
        q.contains("language") && q["language"].is_string() ? q["language"].get<std::string>() : "en";

    Walker w{file, base_lang, report.variant, report.level, report, {}, {}, {}};
    // A questionnaire declares how it addresses the reader (CONTENT.md); the
    // screens around it follow the declaration, so it must be there and true.
    if (const json* r = our_extension(q, "register"); r && r->contains("valueCode") && (*r)["valueCode"].is_string())
        w.address = (*r)["valueCode"].get<std::string>();
    else if (base_lang == "nl")
        report.problems.push_back({file, kQuestionnaireLink, "no register: declare \"u\" or \"je\" (extension register)"});
    Screen card{kQuestionnaireLink, {}};  // the choose screen shows title and description together
    w.check_all(kQuestionnaireLink, "title", texts_of(q, "title", base_lang), TextKind::Shown, &card);
    w.check_all(kQuestionnaireLink, "description", texts_of(q, "description", base_lang),
                TextKind::Shown, &card);
    w.screens.push_back(std::move(card));
    if (q.contains("item")) w.walk_items(q["item"], 0);

    const LevelRules rules = rules_for(report.level);
    std::map<std::string, std::vector<double>> scores;
    for (const auto& screen : w.screens) {
        for (const auto& [lang, stats] : screen.stats) {
            if (stats.words < kMinScoredWords || !has_readability_formula(lang)) continue;
            double score = readability(stats, lang);
            scores[lang].push_back(score);
            report.screens.push_back({screen.link_id, lang, score, stats});
            if (score < rules.min_screen_score) {
                std::string name = is_dutch(lang) ? "Flesch-Douma" : "Flesch reading ease";
                report.problems.push_back(
                    {file, screen.link_id,
                     "[" + lang + "] " + name + " " + format_score(score) + " for this screen (at least " +
                         format_score(rules.min_screen_score) + " for " + std::string(level_name(report.level)) +
                         "): use shorter words or shorter sentences"});
            }
        }
    }
    // Languages in a stable order: the base language first.
    std::vector<std::string> langs;
    for (const auto& [lang, _] : w.longest) {
        if (lang == base_lang) langs.insert(langs.begin(), lang);
        else langs.push_back(lang);
    }
    for (const auto& lang : langs) {
        LanguageSummary s;
        s.lang = lang;
        s.longest_sentence_words = w.longest[lang].first;
        s.longest_link_id = w.longest[lang].second;
        const auto& v = scores[lang];
        s.screens_scored = static_cast<int>(v.size());
        s.median_score = median(v);
        s.min_score = v.empty() ? 0.0 : *std::min_element(v.begin(), v.end());
        for (const auto& screen : w.screens) {
            auto it = screen.stats.find(lang);
            if (it != screen.stats.end() && it->second.words >= kMinScoredWords &&
                readability(it->second, lang) == s.min_score) {
                s.min_link_id = screen.link_id;
                break;
            }
        }
        report.languages.push_back(s);
    }
    return report;
}

LintReport lint_questionnaire_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        LintReport r;
        r.file = path.string();
        r.problems.push_back({path.string(), kQuestionnaireLink, "cannot read the file"});
        return r;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    const std::string text = buf.str();
    // Same bounds as the loader: nlohmann's parser recurses, so a hostile
    // file nested a million levels deep must not reach it.
    if (text.size() > kMaxFileBytes || json_depth(text) > kMaxJsonDepth) {
        LintReport r;
        r.file = path.string();
        r.problems.push_back({path.string(), kQuestionnaireLink, "too large or too deeply nested to check"});
        return r;
    }
    json q = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (q.is_discarded()) {
        LintReport r;
        r.file = path.string();
        r.problems.push_back({path.string(), kQuestionnaireLink, "not valid JSON"});
        return r;
    }
    return lint_questionnaire(q, path.string());
}

std::string format_problem(const LintProblem& p) {
    if (p.link_id.empty()) return p.file + ": " + p.message;
    return p.file + ":" + p.link_id + ": " + p.message;
}

std::string format_summary(const LintReport& r) {
    std::ostringstream out;
    out << r.file << ": " << (r.id.empty() ? "?" : r.id) << " ("
        << (r.variant.empty() ? "no variant" : r.variant) << ", " << level_name(r.level) << ", "
        << r.question_count << " questions)\n";
    const double bar = rules_for(r.level).min_screen_score;
    for (const auto& s : r.languages) {
        if (!has_readability_formula(s.lang)) {
            out << "  " << s.lang << ": " << i18n::fmt("lint.no-readability", "en", {{"lang", s.lang}})
                << " Longest sentence " << s.longest_sentence_words << " words ("
                << (s.longest_link_id.empty() ? "title" : s.longest_link_id) << ")\n";
            continue;
        }
        out << "  " << s.lang << ": " << (is_dutch(s.lang) ? "Flesch-Douma" : "Flesch reading ease");
        if (s.screens_scored > 0) {
            out << " min " << format_score(s.min_score) << " ("
                << (s.min_link_id.empty() ? "title" : s.min_link_id) << "), median "
                << format_score(s.median_score) << " over " << s.screens_scored
                << " screens (bar " << format_score(bar) << ")";
        } else {
            out << ": no screen long enough to score";
        }
        out << "; longest sentence " << s.longest_sentence_words << " words ("
            << (s.longest_link_id.empty() ? "title" : s.longest_link_id) << ")\n";
    }
    return out.str();
}

}  // namespace kiosk::lint
