// espeak-ng synthesis itself: the right voice per language, audible speech
// of a plausible length, the rate, chunked delivery, and the WAV writer.
#include <catch2/catch.hpp>

#include "speech/pcm_cache.hpp"
#include "speech/synth.hpp"
#include "speech/wav.hpp"
#include "speech_test_util.hpp"
#include "test_support.hpp"

using namespace kiosk::speech;
using kiosk::test::count_words;
using kiosk::test::kAudibleRms;
using kiosk::test::rms_of;

TEST_CASE("Dutch text is spoken by the Dutch voice and English by the British English voice") {
    auto nl = synthesize_now("nl", "Goedemorgen, welkom bij de vragenlijst.");
    auto en = synthesize_now("en", "Good morning, welcome to the questionnaire.");
    REQUIRE(nl.ok());
    REQUIRE(en.ok());
    CHECK(nl->voice == "Dutch");
    CHECK(nl->lang == "nl");
    CHECK(en->voice == "English (Great Britain)");
    CHECK(en->lang == "en");

    // Region tags and case do not change the voice.
    CHECK(voice_for("nl-NL")->name == "Dutch");
    CHECK(voice_for("EN_us")->identifier == "gmw/en");
}

TEST_CASE("the same text sounds different in the Dutch and the English voice") {
    const std::string text = "Ik woon in een huis met een tuin";
    auto nl = synthesize_now("nl", text);
    auto en = synthesize_now("en", text);
    REQUIRE(nl.ok());
    REQUIRE(en.ok());
    REQUIRE(rms_of(nl->samples) > kAudibleRms);
    REQUIRE(rms_of(en->samples) > kAudibleRms);
    CHECK((nl->samples != en->samples));
    // Different pronunciation rules give clearly different timing, not just
    // a few samples' difference.
    double a = nl->duration_s(), b = en->duration_s();
    CHECK(std::abs(a - b) > 0.02 * std::max(a, b));
}

TEST_CASE("speech is audible 16-bit audio at 22050 Hz and its length grows with the text") {
    auto short_text = synthesize_now("nl", "Ja");
    auto long_text = synthesize_now(
        "nl", "Hoe vaak heeft u de laatste twee weken iets leuks gedaan met andere mensen?");
    REQUIRE(short_text.ok());
    REQUIRE(long_text.ok());
    CHECK(short_text->sample_rate == 22050);
    CHECK(rms_of(short_text->samples) > kAudibleRms);
    CHECK(rms_of(long_text->samples) > kAudibleRms);
    CHECK(short_text->duration_s() > 0.1);
    CHECK(short_text->duration_s() < 1.2);
    double per_word = long_text->duration_s() / 14.0;
    CHECK(per_word > 0.2);
    CHECK(per_word < 0.8);
    CHECK(long_text->duration_s() > 4 * short_text->duration_s());
}

TEST_CASE("a slower rate gives longer speech") {
    const std::string text = "Heeft u genoeg geld voor eten en de huur?";
    auto slow = synthesize_now("nl", text, 100);
    auto fast = synthesize_now("nl", text, 200);
    REQUIRE(slow.ok());
    REQUIRE(fast.ok());
    CHECK(slow->rate_wpm == 100);
    CHECK(fast->rate_wpm == 200);
    CHECK(slow->duration_s() > 1.5 * fast->duration_s());
    // Out-of-range rates are clamped to what espeak-ng supports.
    CHECK(synthesize_now("nl", "ja", 5)->rate_wpm == kMinRateWpm);
}

TEST_CASE("a language without a voice is refused with a message naming it") {
    auto r = synthesize_now("xx", "hallo");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("'xx'") != std::string::npos);
    // The text itself is never part of an error message.
    CHECK(r.error().message.find("hallo") == std::string::npos);
    CHECK_FALSE(voice_for("").ok());
}

TEST_CASE("empty text gives an empty clip, not an error") {
    auto r = synthesize_now("en", "   ");
    REQUIRE(r.ok());
    CHECK(r->samples.empty());
}

TEST_CASE("long text arrives in small chunks, so playback can start before synthesis ends") {
    std::string text;
    for (int i = 0; i < 6; ++i) text += "Dit is een lange zin om voor te lezen aan de bewoner. ";
    std::vector<std::size_t> chunks;
    std::vector<std::int16_t> all;
    auto voice = synthesize_chunks("nl", text, kDefaultRateWpm,
                                   [&](const std::int16_t* s, std::size_t n) {
                                       chunks.push_back(n);
                                       all.insert(all.end(), s, s + n);
                                       return true;
                                   });
    REQUIRE(voice.ok());
    REQUIRE(all.size() > 10u * kSampleRate);  // more than 10 s of speech
    CHECK(chunks.size() > 100);
    // Each chunk is well under 0.1 s of audio: the first can play at once.
    CHECK(*std::max_element(chunks.begin(), chunks.end()) < kSampleRate / 10u);

    // And the chunks add up to what a whole synthesis gives. (espeak-ng
    // carries a little state between calls, so two syntheses of one text can
    // differ by a few samples: compare lengths, not sample for sample.)
    auto whole = synthesize_now("nl", text);
    REQUIRE(whole.ok());
    CHECK(std::abs(double(whole->samples.size()) - double(all.size())) < 0.01 * double(all.size()));
}

TEST_CASE("returning false from the chunk callback stops synthesis early") {
    std::size_t calls = 0;
    auto voice = synthesize_chunks(
        "en", "This sentence is long enough to need many chunks of audio to be spoken in full.",
        kDefaultRateWpm, [&](const std::int16_t*, std::size_t) { return ++calls < 3; });
    REQUIRE(voice.ok());
    CHECK(calls == 3);
}

TEST_CASE("the WAV writer writes a 16-bit mono PCM file with every sample") {
    auto pcm = synthesize_now("nl", "Dank u wel");
    REQUIRE(pcm.ok());
    kiosk::test::TempDir dir("wav");
    auto path = dir / "out.wav";
    REQUIRE(write_wav(*pcm, path).ok());
    auto wav = kiosk::test::parse_wav(kiosk::test::read_file(path));
    INFO(wav.problem);
    REQUIRE(wav.problem.empty());
    CHECK(wav.channels == 1);
    CHECK(wav.sample_rate == 22050);
    CHECK(wav.bits == 16);
    CHECK((wav.samples == pcm->samples));

    auto bad = write_wav(*pcm, dir / "no-such-dir" / "out.wav");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("no-such-dir") != std::string::npos);
}

TEST_CASE("the clip cache forgets the least recently used clip first and stays within its bound") {
    auto clip = [](std::size_t samples) {
        auto p = std::make_shared<Pcm>();
        p->samples.assign(samples, 100);
        return std::shared_ptr<const Pcm>(p);
    };
    const std::size_t one = 1000 * sizeof(std::int16_t) + sizeof(Pcm);
    PcmCache cache(3 * one);
    auto a = clip(1000), b = clip(1000), c = clip(1000), d = clip(1000);
    cache.put("a", a);
    cache.put("b", b);
    cache.put("c", c);
    CHECK(cache.get("a") == a);  // a is now the most recently used
    cache.put("d", d);           // evicts b, the least recently used
    CHECK(cache.get("b") == nullptr);
    CHECK(cache.get("a") == a);
    CHECK(cache.get("c") == c);
    CHECK(cache.get("d") == d);
    CHECK(cache.size() == 3);
    CHECK(cache.bytes() <= cache.max_bytes());

    cache.put("huge", clip(10000));  // bigger than the whole cache: not kept
    CHECK_FALSE(cache.contains("huge"));
    CHECK(cache.size() == 3);

    // Keys keep text, voice and rate apart.
    CHECK(cache_key("nl", 150, "ja") != cache_key("en", 150, "ja"));
    CHECK(cache_key("nl", 150, "ja") != cache_key("nl", 151, "ja"));
}
