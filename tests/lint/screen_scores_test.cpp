// The per-screen readability numbers `kioskctl preview` puts beside each
// screenshot agree with the summary `kioskctl lint` prints.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "lint/content_lint.hpp"

namespace fs = std::filesystem;
using namespace kiosk::lint;

TEST_CASE("the lint's per-screen scores give the summary's lowest screen and count, per language") {
    int files = 0;
    for (const auto& e : fs::directory_iterator(fs::path(KIOSK_SOURCE_DIR) / "assets" / "questionnaires")) {
        if (e.path().extension() != ".json") continue;
        ++files;
        auto r = lint_questionnaire_file(e.path());
        INFO(e.path().filename().string());
        REQUIRE_FALSE(r.languages.empty());
        for (const auto& l : r.languages) {
            INFO(l.lang);
            std::vector<const ScreenScore*> mine;
            for (const auto& s : r.screens)
                if (s.lang == l.lang) mine.push_back(&s);
            CHECK(static_cast<int>(mine.size()) == l.screens_scored);
            if (mine.empty()) continue;
            auto low = *std::min_element(mine.begin(), mine.end(),
                                         [](const ScreenScore* a, const ScreenScore* b) { return a->score < b->score; });
            CHECK(low->score == l.min_score);
            CHECK(low->stats.words >= kMinScoredWords);
        }
    }
    CHECK(files >= 10);
}
