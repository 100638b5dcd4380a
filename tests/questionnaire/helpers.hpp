// Shared helpers of the questionnaire tests: loading fixtures and building
// small questionnaires inline.
#pragma once

#include <filesystem>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "questionnaire/loader.hpp"

namespace kiosk::questionnaire::testing {

inline std::filesystem::path fixtures() { return std::filesystem::path(KIOSK_TEST_DATA_DIR) / "questionnaires"; }

// The response item with this linkId, searched through groups; null when absent.
inline nlohmann::json find_item(const nlohmann::json& items, const std::string& link_id) {
    for (const auto& it : items) {
        if (it["linkId"] == link_id) return it;
        if (it.contains("item")) {
            nlohmann::json found = find_item(it["item"], link_id);
            if (!found.is_null()) return found;
        }
    }
    return nullptr;
}

inline std::string problems_text(const LoadResult& r) {
    std::string out;
    for (const auto& p : r.problems) out += format_problem(p) + "\n";
    return out;
}

inline Questionnaire load_ok_file(const std::filesystem::path& p) {
    auto r = load_questionnaire_file(p);
    INFO(problems_text(r));
    REQUIRE(r.questionnaire.has_value());
    return *r.questionnaire;
}

// A questionnaire around the given items (a JSON array text), base language nl, no translations.
inline std::string wrap(const std::string& items, const std::string& extra = "") {
    return R"({"resourceType": "Questionnaire", "id": "t", "url": "https://fhir.intake-kiosk.example/Questionnaire/t",
               "version": "2.0.0", "status": "active", "language": "nl", )" +
           extra + R"("item": )" + items + "}";
}

inline Questionnaire load_ok(const std::string& json) {
    auto r = load_questionnaire_json(json, "inline.json");
    INFO(problems_text(r));
    REQUIRE(r.questionnaire.has_value());
    return *r.questionnaire;
}

}  // namespace kiosk::questionnaire::testing
