// Our extensions are gathered as data and written into a response in one
// pass (questionnaire/response_extensions.hpp), in the order they were added.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "questionnaire/model.hpp"
#include "questionnaire/response_extensions.hpp"

using namespace kiosk::questionnaire;

TEST_CASE("extensions are appended in the order added, and none leaves the response as it was") {
    const std::string base = kOurExtensionBase;
    std::string response = R"({"resourceType":"QuestionnaireResponse","status":"completed"})";
    const std::string before = response;
    ResponseExtensions none;
    none.write_into(response);
    CHECK(response == before);

    ResponseExtensions ext;
    ext.add_bool("talk-wish", true);
    ext.add_code("contact-wish", "phone");
    ext.add_string("contact-detail", "0612345678");
    ext.add_parts("previous-result", {ResponseExtensions::part_date("date", "2026-11-01"),
                                      ResponseExtensions::part_integer("body", 5)});
    ext.write_into(response);
    auto j = nlohmann::json::parse(response);
    REQUIRE(j["extension"].size() == 4);
    CHECK(j["extension"][0] == nlohmann::json{{"url", base + "talk-wish"}, {"valueBoolean", true}});
    CHECK(j["extension"][1] == nlohmann::json{{"url", base + "contact-wish"}, {"valueCode", "phone"}});
    CHECK(j["extension"][2]["valueString"] == "0612345678");
    CHECK(j["extension"][3]["url"] == base + "previous-result");
    CHECK(j["extension"][3]["extension"][0] == nlohmann::json{{"url", "date"}, {"valueDate", "2026-11-01"}});
    CHECK(j["extension"][3]["extension"][1] == nlohmann::json{{"url", "body"}, {"valueInteger", 5}});
    CHECK(j["status"] == "completed");  // the rest untouched

    ext.clear();
    CHECK(ext.empty());
}
