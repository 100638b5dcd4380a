// Translation files for the tests: every English text of a questionnaire and
// a Polish file that puts "PL " before each (tests/content and tests/pack).
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "questionnaire/loader.hpp"
#include "questionnaire/model.hpp"

namespace kiosk::test {


// Every English text of a loaded questionnaire (what a translation must cover).
inline std::vector<std::string> english_texts(const questionnaire::Questionnaire& qn) {
    std::vector<std::string> out;
    auto one = [&](const questionnaire::Translatable& t) {
        auto it = t.translations.find("en");
        if (it != t.translations.end() && !it->second.empty()) out.push_back(it->second);
    };
    std::function<void(const std::vector<questionnaire::Item>&)> items = [&](const std::vector<questionnaire::Item>& list) {
        for (const auto& it : list) {
            for (const auto* t : {&it.text, &it.read_aloud, &it.scale_low, &it.scale_high, &it.sensitive_why}) one(*t);
            for (const auto& o : it.options) {
                one(o.display);
                one(o.read_aloud);
            }
            items(it.children);
        }
    };
    one(qn.title);
    one(qn.description);
    items(qn.items);
    return out;
}

// A content folder with satisfaction.json and a Polish file that puts "PL " before each English text.
inline nlohmann::json polish_file(const questionnaire::Questionnaire& qn) {
    nlohmann::json texts = nlohmann::json::object();
    for (const auto& en : english_texts(qn)) texts[en] = "PL " + en;
    return {{"language", "pl"}, {"translation-status", "draft"}, {"source", "questionnaires/satisfaction.json"},
            {"texts", texts}};
}

inline questionnaire::Questionnaire load_satisfaction(const std::filesystem::path& dir) {
    auto r = questionnaire::load_questionnaire_file(dir / "questionnaires/satisfaction.json");
    REQUIRE(r.questionnaire);
    return *r.questionnaire;
}

inline void content_with_satisfaction(const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir / "questionnaires");
    std::filesystem::copy_file(std::filesystem::path(KIOSK_SOURCE_DIR) / "assets/questionnaires/satisfaction.json",
                  dir / "questionnaires/satisfaction.json");
}

}  // namespace kiosk::test
