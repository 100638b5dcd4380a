// kioskctl tts: writes what the kiosk would say for a text as a WAV file, so
// content writers can listen to their read-aloud texts.
#include <iostream>
#include <string>
#include <vector>

#include "core/args.hpp"
#include "core/command.hpp"
#include "speech/synth.hpp"
#include "speech/wav.hpp"

namespace {

constexpr const char* kUsage = "kioskctl tts --lang nl|en|ar|tr|pl|uk --out FILE.wav [--rate WPM] TEXT...";

const std::string kHelp = std::string()
    + "Speaks TEXT (the words are joined with spaces) with the voice the kiosk\n"
    + "uses for the language and writes 16-bit mono PCM WAV at 22050 Hz.\n"
    + "Tigrinya (ti) has no voice: it is refused, as the kiosk never reads it.\n"
    + "--rate: words per minute, "
    + std::to_string(kiosk::speech::kMinRateWpm)
    + ".."
    + std::to_string(kiosk::speech::kMaxRateWpm)
    + " (default "
    + std::to_string(kiosk::speech::kDefaultRateWpm)
    + ", as the kiosk).\n";

int run(const kiosk::ParsedArgs& args) {
    bool bad = false;
    auto lang = args.get("--lang");
    auto out = args.get("--out");
    if (!lang) std::cerr << "kioskctl tts: --lang is required (nl, en, ar, tr, pl or uk)\n", bad = true;
    if (!out) std::cerr << "kioskctl tts: --out FILE.wav is required\n", bad = true;
    std::string text;
    for (const auto& word : args.positional) text += (text.empty() ? "" : " ") + word;
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
        std::cerr << "kioskctl tts: no TEXT given to speak\n", bad = true;
    int rate = kiosk::speech::kDefaultRateWpm;
    if (auto r = args.get("--rate")) {
        try {
            std::size_t used = 0;
            rate = std::stoi(*r, &used);
            if (used != r->size()) throw std::invalid_argument(*r);
        } catch (const std::exception&) {
            rate = -1;
        }
        if (rate < kiosk::speech::kMinRateWpm || rate > kiosk::speech::kMaxRateWpm) {
            std::cerr << "kioskctl tts: --rate '" << *r << "' is not a number from "
                      << kiosk::speech::kMinRateWpm << " to " << kiosk::speech::kMaxRateWpm << "\n";
            bad = true;
        }
    }
    if (bad) return 2;

    auto pcm = kiosk::speech::synthesize_now(*lang, text, rate);
    if (!pcm) {
        std::cerr << "kioskctl tts: " << pcm.error().message << "\n";
        return 1;
    }
    if (auto st = kiosk::speech::write_wav(*pcm, *out); !st) {
        std::cerr << "kioskctl tts: " << st.error().message << "\n";
        return 1;
    }
    std::cout << "wrote " << *out << ": " << pcm->duration_s() << " s, voice " << pcm->voice
              << ", " << pcm->rate_wpm << " words/min\n";
    return 0;
}

kiosk::CommandRegistrar reg("kioskctl", {.name = "tts",
                                         .usage = kUsage,
                                         .summary = "speak a text as the kiosk would and write it as WAV",
                                         .value_flags = {"--lang", "--out", "--rate"},
                                         .help = kHelp,
                                         .body = run});

}  // namespace
