// A content folder (the bundled assets, --content, or an installed pack's
// content/current) read once into a value the UI takes whole: the
// organisation's wording and settings, every questionnaire in the order the
// choose screen offers them, and every referral catalogue. Reading it touches
// the disk and parses every file, so the device service does it off the UI
// thread (shared/device/service.hpp); the UI swaps the result in a frame.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "i18n/catalog.hpp"
#include "pack/pack.hpp"
#include "questionnaire/model.hpp"
#include "referrals/referrals.hpp"

namespace kiosk::pack {

// A pictogram decoded to RGBA (8 bits a channel), ready for a texture: the
// PNG is read and decoded with the content, so drawing never touches the disk.
struct Image {
    int width = 0, height = 0;
    std::vector<unsigned char> rgba;  // width * height * 4
};

struct LoadedContent {
    std::filesystem::path dir;
    std::string version;  // dir_version(dir), "" for bundled assets or a folder without a manifest
    // translations/<lang>.json; empty (the kiosk's own texts) when they do not read.
    i18n::Overrides translations;
    // settings.json; nullopt when it does not read (the built-in settings apply).
    std::optional<ContentSettings> settings;
    // questionnaires/*.json that loaded, in choose-screen order (questionnaire_order()).
    std::vector<questionnaire::Questionnaire> questionnaires;
    // referrals/*.json, every catalogue that loaded, merged (merge_catalogues()).
    referrals::Catalogue referrals;
    // icons/<name>.png by name: the content's own, then the bundled assets'
    // for the names it has not (a pack may carry a few icons of its own).
    std::map<std::string, Image> icons;
    // What was refused or fell back, one line each, in the order found (for
    // the log; the app prefixes "kiosk: "). Never a resident's answer.
    std::vector<std::string> log;
};

// The choose screen's order: the family's short and easy versions first
// (long questionnaires lose people), then the rest. Ids not listed follow in
// file-name order.
const std::vector<std::string>& questionnaire_order();

// Sorts by questionnaire_order(), keeping the given order among equals.
void order_questionnaires(std::vector<questionnaire::Questionnaire>& list,
                          const std::vector<std::string>& order = questionnaire_order());

// Several catalogues as one, in the order given: the first one's town,
// safety line and safety rule (a later safety line only when none came
// before); offers in order, an id already present is skipped with a log line.
referrals::Catalogue merge_catalogues(std::vector<referrals::Catalogue> catalogues, std::vector<std::string>* log = nullptr);

// Reads everything; never fails as a whole (a file that does not load is left
// out and logged, as the kiosk always did).
// `fallback_icons` is the bundled assets folder whose icons/ fill in the names
// `dir` has no icon for ("" = none).
LoadedContent load_content_dir(const std::filesystem::path& dir, const std::filesystem::path& fallback_icons = {});

// The icons/*.png of `dir` decoded, added to `into` for names not there yet;
// a file that does not decode is left out and logged.
void load_icons(const std::filesystem::path& dir, std::map<std::string, Image>& into, std::vector<std::string>& log);

}  // namespace kiosk::pack
