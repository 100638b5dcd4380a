// Read-aloud playback glue: after each frame, plays what a speaker button
// asked for, reads a new screen by itself when read-aloud is on, has the
// speech service synthesise what comes next, and closes an idle audio
// device. What is said comes from shared/session/read_aloud.hpp; the
// synthesis runs on the speech service's worker, the sound on SDL's audio thread.
#pragma once

#include <string>

#include "audio.hpp"
#include "core/clock.hpp"
#include "speech/speech_service.hpp"

namespace kiosk {

class FrameStats;
class KioskState;
struct Utterance;

class ReadAloudPlayer {
public:
    // `prefetch` false (--no-prefetch): never synthesise ahead.
    ReadAloudPlayer(KioskState& state, const Clock& clock, FrameStats& stats, bool prefetch);

    AudioOut& audio() { return audio_; }
    const AudioOut& audio() const { return audio_; }

    // The audio output follows the device settings and the speech volume
    // (the resident's own level, else the staff's).
    void configure();
    // After a frame's events. `settings_changed`: staff changed the device
    // settings in it (the app saves them), so the output is configured again.
    void update(bool settings_changed);
    // Plays one utterance (automatic: the screen read by itself).
    void speak(const Utterance& u, bool automatic);

    // When an idle audio device is to be closed (clock ms), or -1.
    Millis close_at() const { return audio_close_at_; }
    // The last playback problem ("" when the last clip played), for staff.
    const std::string& problem() const { return audio_problem_; }

private:
    static constexpr Millis kAudioIdleCloseMs = 10'000;

    KioskState& state_;
    const Clock& clock_;
    FrameStats& stats_;
    bool prefetch_;
    // The service synthesises on its worker; audio_ plays.
    speech::SpeechService speech_;
    AudioOut audio_;
    int applied_volume_ = -1;
    std::string spoken_key_;
    std::string audio_problem_;
    Millis audio_close_at_ = -1;
};

}  // namespace kiosk
