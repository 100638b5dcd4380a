// espeak-ng runs in AUDIO_OUTPUT_SYNCHRONOUS mode: espeak_Synth() returns
// once the whole text is synthesised and calls our callback for every chunk
// on the calling thread, so no espeak-ng thread of its own is involved. All
// library state (voice, rate, the callback's target) is global, hence the one
// lock below around every use.
#include "speech/synth.hpp"

#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <mutex>
#include <set>

namespace kiosk::speech {
namespace {

// Audio per callback chunk. Small chunks let playback start sooner; espeak-ng
// produces them in microseconds, so smaller buys nothing.
constexpr int kChunkMs = 40;

struct Engine {
    std::mutex mu;
    bool tried_init = false;
    std::string init_error;  // set when espeak-ng could not start
    std::string current_identifier;
    int current_rate = -1;
    const ChunkFn* on_chunk = nullptr;  // the synthesis in progress (under mu)
    // espeak_ListVoices() rescans the voices folder on every call (several
    // ms), so each language's voice is looked up once.
    std::map<std::string, Voice> voices;
    std::set<std::string> no_voice;  // languages known to have none
    bool stopped = false;
};

Engine& engine() {
    static Engine e;
    return e;
}

int synth_callback(short* wav, int count, espeak_EVENT* /*events*/) {
    Engine& e = engine();  // mu is held by synthesize_chunks
    if (!wav || count <= 0 || !e.on_chunk || e.stopped) return e.stopped ? 1 : 0;
    if (!(*e.on_chunk)(reinterpret_cast<const std::int16_t*>(wav), static_cast<std::size_t>(count))) {
        e.stopped = true;
        return 1;  // abort this synthesis
    }
    return 0;
}

// Requires e.mu.
Status ensure_init(Engine& e) {
    if (!e.tried_init) {
        e.tried_init = true;
        int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, kChunkMs, nullptr,
                                     espeakINITIALIZE_DONT_EXIT);
        if (rate != kSampleRate) {
            const char* path = nullptr;
            espeak_Info(&path);
            e.init_error = "espeak-ng could not start (data dir " +
                           std::string(path ? path : "unknown") +
                           "; set ESPEAK_DATA_PATH to the folder holding espeak-ng-data)";
            if (rate > 0 && rate != kSampleRate)
                e.init_error = "espeak-ng runs at " + std::to_string(rate) + " Hz, expected " +
                               std::to_string(kSampleRate);
        } else {
            espeak_SetSynthCallback(synth_callback);
        }
    }
    if (!e.init_error.empty()) return make_error(e.init_error);
    return ok_status();
}

// The language codes one espeak_VOICE claims: a list of (priority byte,
// NUL-terminated string), ended by a zero priority byte.
bool voice_speaks(const espeak_VOICE* v, const std::string& lang, int& priority) {
    const char* p = v->languages;
    while (p && *p) {
        int prio = static_cast<unsigned char>(*p++);
        std::string code = p;
        p += code.size() + 1;
        if (code == lang) {
            priority = prio;
            return true;
        }
    }
    return false;
}

// The explicit choices; everything else falls back to espeak-ng's own voice
// for the language. British English over American: closer to what Dutch
// residents learnt at school.
// The four voices of issue 21 are named too, so an espeak-ng upgrade that
// adds a second Arabic or Ukrainian voice does not change what residents hear.
// Tigrinya has no voice in espeak-ng and is refused outright: its near
// neighbour Amharic ("sem/am") would read Ethiopic script with the wrong
// language's words, which is worse than silence (the speaker says so).
struct Preferred {
    const char* lang;
    const char* identifier;
    bool warm;  // loaded at start-up (warm_up); the others at their first use
};
constexpr Preferred kPreferred[] = {{"nl", "gmw/nl", true}, {"en", "gmw/en", true}, {"ar", "sem/ar", false},
                                    {"tr", "trk/tr", false}, {"pl", "zlw/pl", false}, {"uk", "zle/uk", false}};
constexpr const char* kNoVoice[] = {"ti"};

// Requires e.mu and a started engine.
Result<Voice> find_voice(Engine& e, const std::string& lang_in) {
    std::string lang = normalise_lang(lang_in);
    if (lang.empty()) return make_error("no language given for speech");
    if (auto it = e.voices.find(lang); it != e.voices.end()) return it->second;
    if (e.no_voice.count(lang)) return make_error("no espeak-ng voice for language '" + lang_in + "'");
    for (const char* none : kNoVoice)
        if (lang == none) {
            e.no_voice.insert(lang);
            return make_error("no espeak-ng voice for language '" + lang_in + "' (read-aloud is not available in it)");
        }
    std::string wanted;
    for (const auto& p : kPreferred)
        if (lang == p.lang) wanted = p.identifier;

    const espeak_VOICE** voices = espeak_ListVoices(nullptr);
    const espeak_VOICE* best = nullptr;
    int best_prio = 1 << 30;
    for (int i = 0; voices && voices[i]; ++i) {
        const espeak_VOICE* v = voices[i];
        if (!v->identifier) continue;
        if (!wanted.empty()) {
            if (wanted == v->identifier) {
                best = v;
                break;
            }
            continue;
        }
        int prio = 0;
        if (voice_speaks(v, lang, prio) && prio < best_prio) {
            best = v;
            best_prio = prio;
        }
    }
    if (!best) {
        e.no_voice.insert(lang);
        return make_error("no espeak-ng voice for language '" + lang_in + "'");
    }
    Voice v{lang, best->identifier, best->name ? best->name : best->identifier};
    e.voices[lang] = v;
    return v;
}

// Requires e.mu.
Status select(Engine& e, const Voice& voice, int rate_wpm) {
    if (e.current_identifier != voice.identifier) {
        // SetVoiceByName matches a voice file's base name ("nl", "en-US").
        std::string file = voice.identifier.substr(voice.identifier.rfind('/') + 1);
        espeak_ERROR rc = espeak_SetVoiceByName(file.c_str());
        const espeak_VOICE* cur = espeak_GetCurrentVoice();
        if (rc != EE_OK || !cur || !cur->identifier || voice.identifier != cur->identifier) {
            e.current_identifier.clear();
            return make_error("espeak-ng could not load voice " + voice.identifier + " for '" +
                              voice.lang + "'");
        }
        e.current_identifier = voice.identifier;
        e.current_rate = -1;  // a new voice starts from its own defaults
    }
    int rate = std::clamp(rate_wpm, kMinRateWpm, kMaxRateWpm);
    if (e.current_rate != rate) {
        if (espeak_SetParameter(espeakRATE, rate, 0) != EE_OK)
            return make_error("espeak-ng refused rate " + std::to_string(rate));
        e.current_rate = rate;
    }
    return ok_status();
}

}  // namespace

std::string normalise_lang(const std::string& lang) {
    std::string out;
    for (char c : lang) {
        if (c == '-' || c == '_') break;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

const std::vector<std::string>& preferred_languages() {
    static const std::vector<std::string> langs = [] {
        std::vector<std::string> v;
        for (const auto& p : kPreferred) v.emplace_back(p.lang);
        return v;
    }();
    return langs;
}

Result<Voice> voice_for(const std::string& lang) {
    Engine& e = engine();
    std::lock_guard lock(e.mu);
    if (auto st = ensure_init(e); !st) return st.error();
    return find_voice(e, lang);
}

Result<Voice> synthesize_chunks(const std::string& lang, const std::string& text, int rate_wpm,
                                const ChunkFn& on_chunk) {
    Engine& e = engine();
    std::lock_guard lock(e.mu);
    if (auto st = ensure_init(e); !st) return st.error();
    auto voice = find_voice(e, lang);
    if (!voice) return voice.error();
    // Nothing to say: espeak-ng would return a few ms of silence.
    if (std::all_of(text.begin(), text.end(),
                    [](unsigned char c) { return std::isspace(c) != 0; }))
        return voice;
    if (auto st = select(e, *voice, rate_wpm); !st) return st.error();

    e.on_chunk = &on_chunk;
    e.stopped = false;
    espeak_ERROR rc = espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0,
                                   espeakCHARS_UTF8, nullptr, nullptr);
    e.on_chunk = nullptr;
    if (rc != EE_OK && !e.stopped)
        return make_error("espeak-ng failed to synthesise a " + std::to_string(text.size()) +
                          "-byte text in '" + voice->lang + "'");
    return voice;
}

Result<Pcm> synthesize_now(const std::string& lang, const std::string& text, int rate_wpm) {
    Pcm pcm;
    auto voice = synthesize_chunks(lang, text, rate_wpm,
                                   [&](const std::int16_t* s, std::size_t n) {
                                       pcm.samples.insert(pcm.samples.end(), s, s + n);
                                       return true;
                                   });
    if (!voice) return voice.error();
    pcm.lang = voice->lang;
    pcm.voice = voice->name;
    pcm.rate_wpm = std::clamp(rate_wpm, kMinRateWpm, kMaxRateWpm);
    return pcm;
}

Status warm_up() {
    // Saying a word per voice loads its dictionary and phoneme tables, which
    // is what makes the first real sentence slower otherwise.
    for (const auto& p : kPreferred) {
        if (!p.warm) continue;
        const std::string lang = p.lang;
        auto r = synthesize_chunks(lang, "ja", kDefaultRateWpm,
                                   [](const std::int16_t*, std::size_t) { return true; });
        if (!r) return r.error();
    }
    return ok_status();
}

}  // namespace kiosk::speech
