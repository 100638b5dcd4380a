// Questionnaire and referral texts in the new languages (issue 21):
// assets/translations/<lang>/<file>.json, keyed by the English text exactly as
// the source file has it (format: ../notes or the project README,
// "Translations"):
//   {"language": "ar", "translation-status": "draft",
//    "source": "questionnaires/howareyou-short.json",
//    "texts": {"<English text>": "<translation>", ...}}
// questionnaires/<name>.json is translated by translations/<lang>/<name>.json,
// referrals/<name>.json by translations/<lang>/referrals-<name>.json.
// Merged into the loaded model as translations, so everything downstream (the
// screens, read-aloud, the response's item texts, the glyph check) sees them
// like the FHIR translation extensions. A file that misses one English text
// of its source is refused as a whole, naming the file and the text: a
// resident never gets a questionnaire half in another language.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "questionnaire/loader.hpp"
#include "questionnaire/model.hpp"
#include "referrals/referrals.hpp"

namespace kiosk::content {

struct TranslationFile {
    std::string label;   // "translations/ar/howareyou-short.json"
    std::string lang;    // "ar"
    std::string status;  // "draft" | "reviewed"
    std::string source;  // "questionnaires/howareyou-short.json"
    std::map<std::string, std::string> texts;  // English text -> translation
};

// Reads and checks the shape of one file (language, status, source, texts);
// `label` is how errors name it.
Result<TranslationFile> read_translation_file(const std::filesystem::path& file, const std::string& label);

// The translation files in content_dir for one source file ("questionnaires/x.json",
// "referrals/y.json"), in language order; a file that does not read is a problem.
struct Found {
    std::vector<TranslationFile> files;
    std::vector<std::string> problems;  // "translations/ar/x.json: ..."
};
Found find_translations(const std::filesystem::path& content_dir, const std::string& source);

// Merges one file into a questionnaire: every text with an English version
// (title, description, item text, option display, read-aloud, scale words,
// sensitive-why, units) gets the translation. On success the language is
// claimed (Questionnaire::languages) and its status recorded
// (Questionnaire::translation_status). Problems (nothing merged then) name the
// file and the English text missing ("translations/ar/x.json:q1: no translation
// of \"How are you?\"").
std::vector<questionnaire::Problem> apply(questionnaire::Questionnaire& q, const TranslationFile& t);
// The same for a referral catalogue: name, description, address and note of
// every offer (and the safety line) that have an "en" text.
std::vector<std::string> apply(referrals::Catalogue& c, const TranslationFile& t);

// find_translations + apply for every file: what the kiosk and the pack check
// call for each questionnaire or catalogue they load. Problems are one line each.
std::vector<std::string> apply_all(questionnaire::Questionnaire& q, const std::filesystem::path& content_dir,
                                   const std::string& source);
std::vector<std::string> apply_all(referrals::Catalogue& c, const std::filesystem::path& content_dir,
                                   const std::string& source);

// Every translations/<lang>/*.json in content_dir whose source file is
// missing, one line each (a stale or misnamed file).
std::vector<std::string> orphan_translations(const std::filesystem::path& content_dir);

}  // namespace kiosk::content
