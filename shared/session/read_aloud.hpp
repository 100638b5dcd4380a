// What read-aloud says: the words behind the speaker button of every
// resident screen, in the language the screen is in. This is the rule; the
// kiosk's screens only draw the button and the app only plays the result.
//
// - The question screen says the group heading, the question (its
//   `read-aloud` text when the content has one), why it is asked, and the
//   options (each option's `read-aloud` text when it has one; a scale says
//   its range and what its ends mean).
// - The keyboard screen says the question and how to answer, never what was
//   typed (someone may stand behind the resident).
// - Dialog-like screens (consent, talk, thanks, still-here) say their title,
//   message and buttons.
// - Staff screens (PIN, staff) say nothing: PIN digits are never spoken.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "session/kiosk_state.hpp"

namespace kiosk {

struct Utterance {
    std::string lang;  // the language to speak it in ("nl", "en", ...)
    std::string text;  // empty: nothing to say on this screen
};

// What `speak` says on the screen the state shows now.
Utterance screen_utterance(const KioskState& s);
// What `speak.answer.<n>` says on the question screen; empty text otherwise.
Utterance option_utterance(const KioskState& s, std::size_t n);
// What a request from the speaker buttons says.
Utterance utterance_for(const KioskState& s, const SpeechRequest& r);

// Texts likely to be spoken soon, to synthesise ahead: this screen, its
// options, and the screens a tap can lead to (the next questions in order,
// the screen after a dialog). Never contains typed text.
std::vector<Utterance> upcoming_utterances(const KioskState& s);

// A stable name for "what the screen says now" (screen, question, language,
// read-aloud on/off): when it changes and read-aloud is on, the new screen
// is read by itself.
std::string speech_key(const KioskState& s);

// Joins sentences: adds a full stop where a part does not end in one.
void append_sentence(std::string& out, const std::string& part);

}  // namespace kiosk
