// Every text of every shipped questionnaire, in every language it is written
// in, is spoken by the voice of that language as audible speech of a
// plausible length. This is the acceptance check "read-aloud works for all
// content"; it synthesises with real espeak-ng.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>

#include "speech/synth.hpp"
#include "speech_test_util.hpp"

using namespace kiosk::speech;
using kiosk::test::count_words;
using kiosk::test::kAudibleRms;
using kiosk::test::rms_of;

namespace {

// Measured on the shipped content at the kiosk's rate (150 words/min):
// 0.20 s/word (a short English title) to 0.89 s/word (a two-word option
// with a long compound) over 1050 texts. The bounds leave room for long
// Dutch compounds (slow) and runs of short words (fast) without letting a
// truncated or padded clip through.
constexpr double kMinSecondsPerWord = 0.15;
constexpr double kMaxSecondsPerWord = 1.2;

const std::map<std::string, std::string> kVoiceOf = {{"nl", "Dutch"},
                                                     {"en", "English (Great Britain)"}};

std::vector<std::filesystem::path> shipped_questionnaires() {
    std::vector<std::filesystem::path> files;
    auto dir = std::filesystem::path(KIOSK_SOURCE_DIR) / "assets" / "questionnaires";
    if (std::filesystem::is_directory(dir))
        for (const auto& e : std::filesystem::directory_iterator(dir))
            if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

TEST_CASE("every text of every shipped questionnaire is read aloud in its own language's voice") {
    auto files = shipped_questionnaires();
    INFO("no questionnaires found under assets/questionnaires/");
    REQUIRE_FALSE(files.empty());

    auto t0 = std::chrono::steady_clock::now();
    std::map<std::string, std::size_t> per_lang;
    std::size_t spoken = 0;
    double min_spw = 1e9, max_spw = 0;
    std::string min_where, max_where;
    for (const auto& file : files) {
        auto texts = kiosk::test::questionnaire_texts(file);
        INFO(file.filename().string());
        CHECK_FALSE(texts.empty());
        for (const auto& t : texts) {
            INFO(t.where << " [" << t.lang << "] \"" << t.text << "\"");
            auto voice = kVoiceOf.find(t.lang);
            REQUIRE(voice != kVoiceOf.end());  // content is in nl or en only
            auto pcm = synthesize_now(t.lang, t.text);
            REQUIRE(pcm.ok());
            CHECK(pcm->voice == voice->second);
            CHECK(rms_of(pcm->samples) > kAudibleRms);
            std::size_t words = std::max<std::size_t>(1, count_words(t.text));
            double spw = pcm->duration_s() / static_cast<double>(words);
            CHECK(spw >= kMinSecondsPerWord);
            CHECK(spw <= kMaxSecondsPerWord);
            if (spw < min_spw) min_spw = spw, min_where = t.where;
            if (spw > max_spw) max_spw = spw, max_where = t.where;
            ++per_lang[t.lang];
            ++spoken;
        }
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    // Shown with -s; the numbers the bounds above were chosen from.
    std::cout << "spoke " << spoken << " texts from " << files.size() << " questionnaires (";
    for (const auto& [lang, n] : per_lang) std::cout << lang << ": " << n << " ";
    std::cout << ") in " << secs << " s; seconds per word " << min_spw << " (" << min_where
              << ") .. " << max_spw << " (" << max_where << ")\n";
    // Both languages are covered: every questionnaire claims English.
    CHECK(per_lang["nl"] > 0);
    CHECK(per_lang["en"] > 0);
}
