#include "read_aloud_player.hpp"

#include <iostream>
#include <map>
#include <vector>

#include "frame_stats.hpp"
#include "session/kiosk_state.hpp"
#include "session/read_aloud.hpp"

namespace kiosk {

namespace {

// espeak-ng loads its voices after the first frame is on the glass (or at
// the first speech request), not while the app starts.
speech::SpeechOptions app_speech_options() {
    speech::SpeechOptions o;
    o.warm_up_delay_ms = 300;
    return o;
}

}  // namespace

ReadAloudPlayer::ReadAloudPlayer(KioskState& state, const Clock& clock, FrameStats& stats, bool prefetch)
    : state_(state), clock_(clock), stats_(stats), prefetch_(prefetch), speech_(app_speech_options()) {}

void ReadAloudPlayer::configure() {
    const DeviceSettings& d = state_.device_settings();
    applied_volume_ = state_.speech_volume_pct();  // the resident's own level, else the staff's
    audio_.configure({applied_volume_, d.headphones_only, d.headphone_device});
    audio_.refresh();
}

void ReadAloudPlayer::update(bool settings_changed) {
    // An open audio device keeps an SDL thread busy: close it when
    // nothing has played for a while (the next tap opens it again).
    if (audio_.playing()) audio_close_at_ = -1;
    else if (audio_.is_open() && audio_close_at_ < 0) audio_close_at_ = clock_.now_ms() + kAudioIdleCloseMs;
    if (audio_close_at_ >= 0 && clock_.now_ms() >= audio_close_at_) {
        audio_.close();
        audio_close_at_ = -1;
    }
    if (settings_changed) configure();
    // The resident's louder/quieter, and back to the staff's level after them.
    if (state_.speech_volume_pct() != applied_volume_) configure();
    if (auto req = state_.take_speech_request()) speak(utterance_for(state_, *req), false);
    std::string key = speech_key(state_);
    if (key == spoken_key_) return;
    spoken_key_ = key;
    Screen sc = state_.screen();
    if (sc == Screen::Pin || sc == Screen::Staff) {
        audio_.stop();
        return;
    }
    if (prefetch_) {
        std::map<std::string, std::vector<std::string>> by_lang;
        for (auto& u : upcoming_utterances(state_)) by_lang[u.lang].push_back(std::move(u.text));
        for (const auto& [lang, texts] : by_lang) speech_.prefetch(lang, texts);
    }
    // An untouched welcome screen (after a wipe or "finish") is not read
    // to an empty room; the next resident taps the speaker or a setting.
    bool empty_room = sc == Screen::Welcome && state_.session_untouched();
    if (state_.session().read_aloud && !empty_room) speak(screen_utterance(state_), true);
    else audio_.stop();
}

void ReadAloudPlayer::speak(const Utterance& u, bool automatic) {
    if (u.text.empty()) return;
    bool cached = speech_.is_cached(u.lang, u.text);
    speech::Ticket t = speech_.request(u.lang, u.text);
    auto st = audio_.play(speech_.stream(t), stats_.frame_start_ns());
    if (!st) {
        // Staff-readable, once per different problem; never the text.
        if (st.error().message != audio_problem_)
            std::cerr << "kiosk: read-aloud is silent: " << st.error().message << "\n";
        audio_problem_ = st.error().message;
        stats_.speech_failed();
        return;
    }
    audio_problem_.clear();
    stats_.speech_played(screen_name(state_.screen()), automatic, cached);
}

}  // namespace kiosk
