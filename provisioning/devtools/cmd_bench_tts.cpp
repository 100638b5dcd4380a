// kioskdev bench-tts: how long a tap on the speaker waits for its first audio
// chunk, from SpeechService::request() until samples can be handed to the
// audio device. Prints one JSON object (milliseconds).
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/args.hpp"
#include "core/command.hpp"
#include "speech/speech_service.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace sp = kiosk::speech;

constexpr const char* kUsage = "kioskdev bench-tts [--runs N]";

// Typical question and option lengths, in both languages. A run number is
// appended so every cold request is a text espeak-ng has not seen.
const std::vector<std::pair<std::string, std::string>> kTexts = {
    {"nl", "Hoe gaat het op dit moment met uw gezondheid?"},
    {"en", "How is your health at the moment?"},
    {"nl", "Kunt u goed slapen de laatste tijd, of ligt u vaak wakker?"},
    {"en", "Do you have people around you who can help when you need it?"},
    {"nl", "Dat zeg ik liever niet"},
    {"en", "I'd rather not say"},
    {"nl", "Kies het gezichtje dat het beste past bij hoe u zich voelt."},
    {"en", "Pick the face that fits best with how you feel."},
};

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    std::size_t i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

// Time from request() to the first chunk; -1 when it failed or timed out.
double first_chunk_ms(sp::SpeechService& speech, const std::string& lang, const std::string& text) {
    auto t0 = Clock::now();
    sp::Ticket t = speech.request(lang, text);
    auto s = speech.stream(t);
    if (!s || !s->wait_available(1, std::chrono::seconds(5))) return -1;
    return ms_since(t0);
}

std::string cpu_model() {
    std::ifstream f("/proc/cpuinfo");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown";
}

const char* const kHelp =
    "Measures speaker tap -> first PCM chunk through SpeechService: warm (text\n"
    "cached), cold (not cached, worker idle) and cold_busy (not cached, worker\n"
    "busy with a screen's prefetches). Prints JSON in milliseconds.\n";

int run(const kiosk::ParsedArgs& args) {
    int runs = 100;
    if (auto r = args.get("--runs")) {
        try {
            runs = std::stoi(*r);
        } catch (const std::exception&) {
            runs = 0;
        }
        if (runs < 1 || runs > 100000) {
            std::cerr << "kioskdev bench-tts: --runs '" << *r << "' is not a number from 1 to 100000\n";
            return 2;
        }
    }

    auto t_start = Clock::now();
    sp::SpeechService speech;
    if (!speech.wait_idle(std::chrono::seconds(10))) {
        std::cerr << "kioskdev bench-tts: speech did not warm up within 10 s\n";
        return 1;
    }
    double init_ms = ms_since(t_start);

    std::vector<double> warm, cold, cold_busy;
    std::vector<std::string> hot;  // texts known to be cached
    int failures = 0;
    for (int i = 0; i < runs; ++i) {
        const auto& [lang, base] = kTexts[static_cast<std::size_t>(i) % kTexts.size()];
        std::string text = base + " " + std::to_string(i);
        // Cold: the worker is idle and the text is new.
        double c = first_chunk_ms(speech, lang, text);
        if (c < 0) ++failures; else cold.push_back(c);
        speech.wait_idle(std::chrono::seconds(5));
        // Warm: the same text again, now cached.
        double w = first_chunk_ms(speech, lang, text);
        if (w < 0) ++failures; else warm.push_back(w);
        // Cold while the worker works through a next screen's prefetches.
        std::vector<std::string> screen;
        for (int k = 0; k < 6; ++k)
            screen.push_back(kTexts[static_cast<std::size_t>(i + k) % kTexts.size()].second +
                             " p" + std::to_string(i) + "." + std::to_string(k));
        speech.prefetch(lang, screen);
        double b = first_chunk_ms(speech, lang, base + " b" + std::to_string(i));
        if (b < 0) ++failures; else cold_busy.push_back(b);
        speech.wait_idle(std::chrono::seconds(5));
    }

    auto st = speech.stats();
    nlohmann::json out = {
        {"warm_median_ms", percentile(warm, 0.5)},
        {"warm_p95_ms", percentile(warm, 0.95)},
        {"cold_median_ms", percentile(cold, 0.5)},
        {"cold_p95_ms", percentile(cold, 0.95)},
        {"cold_busy_median_ms", percentile(cold_busy, 0.5)},
        {"cold_busy_p95_ms", percentile(cold_busy, 0.95)},
        {"start_and_warm_up_ms", init_ms},
        {"runs", runs},
        {"failures", failures},
        {"synthesized", st.synthesized},
        {"cpu", cpu_model()},
        {"cores", std::thread::hardware_concurrency()},
    };
    std::cout << out.dump() << "\n";
    return failures == 0 ? 0 : 1;
}

kiosk::CommandRegistrar reg("kioskdev", {.name = "bench-tts",
                                         .usage = kUsage,
                                         .summary = "benchmark: speaker tap to first synthesised audio chunk (JSON, ms)",
                                         .value_flags = {"--runs"},
                                         .help = kHelp,
                                         .body = run});

}  // namespace
