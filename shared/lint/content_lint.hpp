// Content lint: checks the texts of a questionnaire against the writing rules
// in ../shared/CONTENT.md (sentence length, long words, "en/of", abbreviations,
// jargon, how the reader is addressed, a readability score per screen) and
// reports the numbers so writers can see what to fix. Works on the raw FHIR
// Questionnaire JSON, independent of the engine's loader. See README.md.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace kiosk::lint {

// Reading level a questionnaire is held to.
enum class Level { B1, A2 };

struct LevelRules {
    int max_sentence_words;  // shown texts: 15 (B1) or 12 (A2)
    int hard_cap_words;      // read-aloud texts may be longer, never over this (20)
    int max_word_syllables;  // 4
    double min_screen_score; // Flesch-Douma / Flesch reading ease: 60 (B1) or 70 (A2)
};
LevelRules rules_for(Level level);

// "easy" and "child" are A2; every other variant is B1.
Level level_for_variant(std::string_view variant);

// Syllables of one word. Dutch: vowel groups, where aa ee oo uu ie oe eu ui ei
// ij ou au (and ai, and the triples aai ooi oei eeu ieu) count once and a
// diaeresis (ë, ï, ...) starts a new syllable. English: runs of vowels (a e i
// o u y), minus a silent final "e". A number counts as one syllable. Any other
// language is counted like English.
int count_syllables(std::string_view word, std::string_view lang);

// A text split the way the lint sees it: sentences end at . ! ? or a line
// break; words are runs of letters or digits (inner ' and - kept, so
// "e-mailadres" is one word).
std::vector<std::string> split_sentences(std::string_view text);
std::vector<std::string> split_words(std::string_view sentence);

struct TextStats {
    int words = 0;
    int sentences = 0;
    int syllables = 0;
    int longest_sentence_words = 0;
};
// Adds a text to running totals (a screen is several texts taken together).
void add_text(TextStats& stats, std::string_view text, std::string_view lang);

// Dutch: Flesch-Douma, 206.835 - 0.93 * words/sentence - 77 * syllables/word.
// English (and others): Flesch reading ease, 206.835 - 1.015 * w/s - 84.6 * s/w.
double readability(const TextStats& stats, std::string_view lang);

// Whether the lint has a readability formula (and syllable rules, word
// lists) for a language: Dutch and English. For the others (ar, tr, pl, uk,
// ti) it checks sentence length only and says so (i18n "lint.no-readability").
bool has_readability_formula(std::string_view lang);

// Screens with fewer words than this get no score: the formula swings wildly
// on a two-word heading. Their words and sentences are still checked.
inline constexpr int kMinScoredWords = 6;

enum class TextKind { Shown, ReadAloud };

// Checks one text (sentence length, long words, "en/of", abbreviations,
// jargon, how the reader is addressed, tell-tale wording of existing
// instruments) and returns one message per problem.
// variant selects the expected address in Dutch: "je" for youth/child, "u"
// otherwise; empty skips that check.
std::vector<std::string> check_text(std::string_view text, std::string_view lang, Level level,
                                    TextKind kind = TextKind::Shown,
                                    std::string_view variant = {});

struct ScreenScore {
    std::string link_id;  // empty: the questionnaire's card (title and description)
    std::string lang;
    double score = 0;
    TextStats stats;
};

// Readability numbers of one questionnaire in one language.
struct LanguageSummary {
    std::string lang;
    int screens_scored = 0;
    double min_score = 0;
    std::string min_link_id;
    double median_score = 0;
    int longest_sentence_words = 0;
    std::string longest_link_id;
};

struct LintProblem {
    std::string file;
    std::string link_id;  // empty for the questionnaire itself (title, description)
    std::string message;
};

struct LintReport {
    std::string file;
    std::string id;
    std::string variant;
    Level level = Level::B1;
    int question_count = 0;  // items a resident answers (not groups, not display texts)
    std::vector<LintProblem> problems;
    std::vector<LanguageSummary> languages;
    // Every scored screen (at least kMinScoredWords words) per language, in
    // document order: what `kioskctl preview` puts beside each screenshot.
    std::vector<ScreenScore> screens;
};

// Lints a parsed Questionnaire. file names it in the report and problems.
LintReport lint_questionnaire(const nlohmann::json& questionnaire, const std::string& file);

// Reads and parses the file first; unreadable or invalid JSON is one problem.
LintReport lint_questionnaire_file(const std::filesystem::path& path);

// A translation file (translations/<lang>/<file>.json, content/translations.hpp):
// it reads, it has a text for every English text of its source (found
// beside it: <content>/<source>), and each translation keeps the sentence
// length of the source's level (A2 12 words, B1 15; 20 for read-aloud texts).
// No readability score: languages summarised with "no readability formula".
LintReport lint_translation_file(const std::filesystem::path& path);
// A JSON with "texts" and "source": a translation file, not a questionnaire.
bool looks_like_translation(const std::filesystem::path& path);

// "file:linkId: message", or "file: message" for the questionnaire itself
// (the same shape as the loader's problems).
std::string format_problem(const LintProblem& problem);

// One or more lines with the numbers per language, e.g.
// "intake.json (intake, B1, 12 questions) nl: Flesch-Douma min 64.0 (contact) median 82.5,
// longest sentence 13 words (consent)".
std::string format_summary(const LintReport& report);

}  // namespace kiosk::lint
