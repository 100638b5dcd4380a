// Offline text-to-speech with the espeak-ng library: a text in a language
// becomes 16-bit mono PCM at 22050 Hz.
//
// Threads: espeak-ng keeps global state and is not thread-safe. Every call in
// this header takes one process-wide lock around the library, so they are safe
// from any thread, but they run one at a time. In the kiosk only the
// SpeechService worker (speech_service.hpp) calls them, so the UI thread never
// waits on that lock; tools and tests may call synthesize_now() directly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "speech/pcm.hpp"

namespace kiosk::speech {

// Words per minute. espeak-ng's own default is 175; we speak a little slower
// for residents who listen in a second language.
inline constexpr int kDefaultRateWpm = 150;
inline constexpr int kMinRateWpm = 80;
inline constexpr int kMaxRateWpm = 450;

// The voice chosen for a language.
struct Voice {
    std::string lang;        // what was asked for, normalised: "nl", "en"
    std::string identifier;  // espeak-ng voice file, e.g. "gmw/nl"
    std::string name;        // espeak-ng voice name, e.g. "Dutch", "English (Great Britain)"
};

// "nl", "NL", "nl-NL", "nl_BE" -> "nl"; "en-GB" -> "en".
std::string normalise_lang(const std::string& lang);

// The voice we use for a language: Dutch "nl" and British English "en" on
// purpose; any other language espeak-ng knows gets its default voice. Fails
// with a message naming the language when espeak-ng has no voice for it or
// its data cannot be loaded.
Result<Voice> voice_for(const std::string& lang);

// Every language we have picked a voice for, in order: "nl", "en", "ar", "tr", "pl", "uk"
// (warm_up() loads nl and en; the others load at their first sentence).
const std::vector<std::string>& preferred_languages();

// Called with each chunk of samples as espeak-ng produces it (about 40 ms of
// audio each). Return false to stop synthesis early.
using ChunkFn = std::function<bool(const std::int16_t* samples, std::size_t count)>;

// Synthesises text (UTF-8, plain text: no SSML, "<" is read as written) and
// hands the samples over chunk by chunk. Returns the voice used.
Result<Voice> synthesize_chunks(const std::string& lang, const std::string& text, int rate_wpm,
                                const ChunkFn& on_chunk);

// Synthesises a whole text and returns the clip. Blocks for as long as
// synthesis takes (a sentence: a few ms). For tools and tests; the kiosk
// goes through SpeechService.
Result<Pcm> synthesize_now(const std::string& lang, const std::string& text,
                           int rate_wpm = kDefaultRateWpm);

// Loads espeak-ng and the preferred voices now, so the first real request
// does not pay for it. Safe to call more than once.
Status warm_up();

}  // namespace kiosk::speech
