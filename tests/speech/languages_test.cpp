// Read-aloud in the languages of issue 21: espeak-ng's Arabic, Turkish,
// Polish and Ukrainian voices speak (through kioskctl tts too); Tigrinya has
// no voice and is refused, never read with a neighbour's voice.
#include <catch2/catch.hpp>

#include "i18n/catalog.hpp"
#include "speech/synth.hpp"
#include "speech_test_util.hpp"
#include "test_support.hpp"

using namespace kiosk::speech;
using namespace kiosk::test;

namespace {
struct Sample {
    const char* lang;
    const char* identifier;
    const char* text;
    int words;
};
// "How are you doing today? Choose a number from 0 to 10." in each language.
const Sample kSamples[] = {
    {"ar", "sem/ar", "\u0643\u064a\u0641 \u062d\u0627\u0644\u0643 \u0627\u0644\u064a\u0648\u0645\u061f "
                     "\u0627\u062e\u062a\u0631 \u0631\u0642\u0645\u0627 \u0645\u0646 0 \u0625\u0644\u0649 10.", 9},
    {"tr", "trk/tr", "Bug\u00fcn nas\u0131ls\u0131n\u0131z? 0 ile 10 aras\u0131nda bir say\u0131 se\u00e7in.", 9},
    {"pl", "zlw/pl", "Jak si\u0119 dzi\u015b czujesz? Wybierz liczb\u0119 od 0 do 10.", 10},
    {"uk", "zle/uk", "\u042f\u043a \u0432\u0438 \u0441\u044c\u043e\u0433\u043e\u0434\u043d\u0456? "
                     "\u041e\u0431\u0435\u0440\u0456\u0442\u044c \u0447\u0438\u0441\u043b\u043e \u0432\u0456\u0434 0 \u0434\u043e 10.", 9},
};
}  // namespace

TEST_CASE("Arabic, Turkish, Polish and Ukrainian are read aloud by their own espeak-ng voice") {
    for (const auto& s : kSamples) {
        INFO(s.lang);
        REQUIRE(kiosk::i18n::has_voice(s.lang));
        auto v = voice_for(s.lang);
        REQUIRE(v.ok());
        CHECK(v->identifier == s.identifier);
        auto pcm = synthesize_now(s.lang, s.text);
        REQUIRE(pcm.ok());
        CHECK(pcm->lang == s.lang);
        const double secs = double(pcm->samples.size()) / 22050.0;
        CHECK(secs > 0.15 * s.words);  // every word said, not skipped as unknown script
        CHECK(secs < 1.2 * s.words);   // nor spelt out letter by letter
        CHECK(rms_of(pcm->samples) > kAudibleRms);
    }
}

TEST_CASE("Tigrinya is never read aloud: no voice, not Amharic's") {
    CHECK_FALSE(kiosk::i18n::has_voice("ti"));
    auto r = synthesize_now("ti", "\u12a5\u1295\u1243\u12d5 \u1265\u1230\u120b\u121d \u1218\u133a\u12a5\u12a9\u121d");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("'ti'") != std::string::npos);
    CHECK_FALSE(voice_for("ti").ok());
    CHECK_FALSE(voice_for("ti-ER").ok());
}

TEST_CASE("kioskctl tts --lang ar|tr|pl|uk writes the spoken text, and ti is refused") {
    TempDir dir("tts-langs");
    for (const auto& s : kSamples) {
        INFO(s.lang);
        auto path = dir / (std::string(s.lang) + ".wav");
        auto r = run(KIOSKCTL_BIN, {"tts", "--lang", s.lang, "--out", path.string(), s.text});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        auto wav = parse_wav(read_file(path));
        REQUIRE(wav.problem.empty());
        CHECK(double(wav.samples.size()) / wav.sample_rate > 0.15 * s.words);
        CHECK(rms_of(wav.samples) > kAudibleRms);
    }
    auto r = run(KIOSKCTL_BIN, {"tts", "--lang", "ti", "--out", (dir / "ti.wav").string(), "\u1230\u120b\u121d"});
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("'ti'") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "ti.wav"));
}
