// SpeechService: what the kiosk's UI thread relies on. Requests never wait,
// the cache answers repeats without synthesising again, prefetched texts are
// ready at once, a tap jumps the prefetch queue.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "speech/speech_service.hpp"
#include "speech_test_util.hpp"

using namespace kiosk::speech;
using namespace std::chrono_literals;
using kiosk::test::kAudibleRms;
using kiosk::test::rms_of;

namespace {

// Waits (in the test, not the UI) until a ticket's clip is complete.
std::shared_ptr<const Pcm> wait_for(SpeechService& speech, Ticket t) {
    auto s = speech.stream(t);
    REQUIRE(s);
    REQUIRE(s->wait_available(SIZE_MAX, 10s) == false);  // returns when finished
    REQUIRE(s->finished());
    auto pcm = speech.poll(t);
    REQUIRE(pcm.has_value());
    return *pcm;
}

}  // namespace

TEST_CASE("a request is spoken in the voice of its language") {
    SpeechService speech;
    auto nl = wait_for(speech, speech.request("nl", "Welkom. Tik op de luidspreker."));
    auto en = wait_for(speech, speech.request("en", "Welcome. Tap the speaker."));
    CHECK(nl->voice == "Dutch");
    CHECK(en->voice == "English (Great Britain)");
    CHECK(rms_of(nl->samples) > kAudibleRms);
    CHECK(rms_of(en->samples) > kAudibleRms);
    CHECK(nl->rate_wpm == kDefaultRateWpm);
}

TEST_CASE("asking for the same text again returns the cached clip without synthesising") {
    SpeechService speech;
    auto first = wait_for(speech, speech.request("nl", "Hoe gaat het met u?"));
    auto before = speech.stats();
    CHECK(before.synthesized == 1);

    // Surrounding whitespace does not make it a different text.
    Ticket again = speech.request("nl", "  Hoe gaat het met u?\n");
    auto hit = speech.poll(again);  // no waiting: ready the moment request() returns
    REQUIRE(hit.has_value());
    CHECK(hit->get() == first.get());
    auto after = speech.stats();
    CHECK(after.synthesized == 1);
    CHECK(after.cache_hits == before.cache_hits + 1);
    CHECK(after.cache_entries == 1);
    CHECK(after.cache_bytes >= first->samples.size() * 2);

    // The same words in the other language, or at another rate, are new clips.
    auto en = wait_for(speech, speech.request("en", "Hoe gaat het met u?"));
    CHECK(en.get() != first.get());
    speech.set_rate(110);
    auto slow = wait_for(speech, speech.request("nl", "Hoe gaat het met u?"));
    CHECK(slow.get() != first.get());
    CHECK(slow->duration_s() > first->duration_s());
    CHECK(speech.stats().synthesized == 3);
}

TEST_CASE("prefetched texts are ready the moment they are requested") {
    SpeechService speech;
    const std::vector<std::string> screen = {"Hoe tevreden bent u over uw huis?", "Heel slecht",
                                             "Heel goed", "Dat zeg ik liever niet"};
    speech.prefetch("nl", screen);
    REQUIRE(speech.wait_idle(20s));
    auto synthesized = speech.stats().synthesized;
    CHECK(synthesized == screen.size());
    for (const auto& text : screen) {
        CHECK(speech.is_cached("nl", text));
        auto pcm = speech.poll(speech.request("nl", text));
        REQUIRE(pcm.has_value());
        CHECK(rms_of((*pcm)->samples) > kAudibleRms);
    }
    CHECK(speech.stats().synthesized == synthesized);
    // Prefetching them again does nothing.
    speech.prefetch("nl", screen);
    REQUIRE(speech.wait_idle(20s));
    CHECK(speech.stats().synthesized == synthesized);
}

TEST_CASE("a tap on the speaker goes ahead of the prefetch queue") {
    SpeechService speech;
    REQUIRE(speech.wait_idle(20s));  // warm-up done
    // About 0.6 s of work for the worker: far more than the test thread
    // needs to look at the queue once the tapped text is done.
    std::vector<std::string> later;
    for (int i = 0; i < 60; ++i)
        later.push_back("Dit is tekst nummer " + std::to_string(i) +
                        " voor een volgend scherm, lang genoeg om even werk te geven aan de "
                        "spraak, zodat de wachtrij niet meteen leeg is. En dan nog een zin erbij, "
                        "want de computer is snel en wij willen zeker weten dat er werk overblijft.");
    speech.prefetch("nl", later);
    Ticket t = speech.request("nl", "Deze vraag wil de bewoner nu horen.");
    auto s = speech.stream(t);
    REQUIRE(s);
    s->wait_available(SIZE_MAX, 20s);
    REQUIRE(s->finished());
    // When the tapped text is done, prefetches queued before it still wait.
    CHECK(speech.stats().queued > 0);
    CHECK_FALSE(speech.is_cached("nl", later.back()));
    REQUIRE(speech.wait_idle(60s));
    CHECK(speech.is_cached("nl", later.back()));
}

TEST_CASE("a request for a text still in the prefetch queue shares that job") {
    SpeechService speech;
    std::vector<std::string> texts;
    for (int i = 0; i < 20; ++i)
        texts.push_back("Zin " + std::to_string(i) + " van een scherm met veel tekst erop.");
    speech.prefetch("en", texts);
    Ticket t = speech.request("en", texts.back());
    auto pcm = wait_for(speech, t);
    REQUIRE(speech.wait_idle(20s));
    CHECK(speech.stats().synthesized == texts.size());  // the last text only once
    CHECK(speech.poll(speech.request("en", texts.back()))->get() == pcm.get());
}

TEST_CASE("the stream can be read while it grows and ends up equal to the whole clip") {
    SpeechService speech;
    std::string text;
    for (int i = 0; i < 8; ++i) text += "Wij lezen deze tekst rustig voor, zin voor zin. ";
    Ticket t = speech.request("nl", text);
    auto s = speech.stream(t);
    REQUIRE(s);
    // Read it the way an audio callback does: small pieces from an offset.
    std::vector<std::int16_t> played;
    std::int16_t buf[512];
    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
        std::size_t n = s->read(played.size(), buf, 512);
        played.insert(played.end(), buf, buf + n);
        if (n == 0) {
            if (s->finished() && s->available() == played.size()) break;
            s->wait_available(played.size() + 1, 100ms);
        }
    }
    auto pcm = speech.poll(t);
    REQUIRE(pcm.has_value());
    CHECK((played == (*pcm)->samples));
    CHECK(played.size() > 10u * kSampleRate);
}

TEST_CASE("an unknown language fails its ticket with a reason and caches nothing") {
    SpeechService speech;
    Ticket t = speech.request("xx", "geheim antwoord");
    auto s = speech.stream(t);
    REQUIRE(s);
    s->wait_available(1, 10s);
    REQUIRE(s->finished());
    CHECK_FALSE(speech.poll(t).has_value());
    auto why = speech.error(t);
    REQUIRE(why.has_value());
    CHECK(why->find("'xx'") != std::string::npos);
    CHECK(why->find("geheim") == std::string::npos);
    CHECK(speech.stats().failures == 1);
    CHECK(speech.stats().cache_entries == 0);
    CHECK_FALSE(speech.poll(0).has_value());
    CHECK(speech.stream(9999) == nullptr);
}

TEST_CASE("old tickets are forgotten once more than max_tickets newer ones exist") {
    SpeechOptions opt;
    opt.max_tickets = 4;
    SpeechService speech(opt);
    Ticket first = speech.request("nl", "een");
    for (const char* w : {"twee", "drie", "vier", "vijf"}) speech.request("nl", w);
    CHECK(speech.stream(first) == nullptr);
    REQUIRE(speech.wait_idle(20s));
}

TEST_CASE("stopping the service with work queued does not hang and fails what was left") {
    std::vector<std::shared_ptr<PcmStream>> left;
    {
        SpeechService speech;
        std::vector<std::string> texts;
        for (int i = 0; i < 50; ++i)
            texts.push_back("Tekst " + std::to_string(i) + " die misschien nooit wordt uitgesproken.");
        speech.prefetch("nl", texts);
        // Taps go first, the latest tap first: the first of these waits behind the
        // other four, so it is still queued when the service stops a moment later.
        for (int i = 0; i < 5; ++i)
            left.push_back(speech.stream(speech.request(
                "nl", "Tekst " + std::to_string(i) + " om uit te spreken, met genoeg woorden om even bezig te zijn.")));
    }
    for (const auto& s : left) {
        REQUIRE(s);
        CHECK(s->finished());  // never left pending: a player waiting on it would hang
        if (s->failed()) CHECK(s->error() == "speech service stopped");
        else CHECK(s->available() > 0);  // spoken whole before the stop
    }
    CHECK(left.front()->failed());  // what was left is failed, not dropped
}

TEST_CASE("cancel_prefetch drops prefetches that have not started") {
    SpeechService speech;
    REQUIRE(speech.wait_idle(20s));
    std::vector<std::string> texts;
    for (int i = 0; i < 60; ++i)
        texts.push_back("Tekst " + std::to_string(i) + " voor een scherm dat de bewoner overslaat, "
                        "met genoeg woorden om de spraak even bezig te houden.");
    speech.prefetch("nl", texts);
    speech.cancel_prefetch();
    REQUIRE(speech.wait_idle(20s));
    CHECK(speech.stats().synthesized < texts.size());
    CHECK_FALSE(speech.is_cached("nl", texts.back()));
    // A cancelled text can still be asked for later.
    auto s = speech.stream(speech.request("nl", texts.back()));
    s->wait_available(SIZE_MAX, 10s);
    CHECK(speech.is_cached("nl", texts.back()));
}
