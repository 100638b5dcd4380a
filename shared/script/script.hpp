// Scripted input for the kiosk (`kiosk --script FILE`, see ../shared/CLI.md):
// parsing only. The app executes the commands between frames.
#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace kiosk::script {

enum class Verb {
    Tap, Type, Key, Advance, Screenshot, DumpUi, ExpectText, ExpectNoText, Hold, ExpectScreen, WaitSpeech, Quit,
    // Waits in real time (at most 10 s) until a text shows: for what the
    // network or another thread brings, which the injected clock cannot move.
    WaitText,
    WaitContent,  // wait-content [timeout]: let a due content-pack check finish (real time, default 20 s)
    // screenshot-page FILE: the whole page, scrolled and put together (a screen taller than the glass);
    // `kioskctl preview` uses it
    ScreenshotPage
};

struct Command {
    int line = 0;         // 1-based line in the script file
    Verb verb = Verb::Quit;
    std::string target;   // tap/hold: id or label; type: text; key: key name; files; texts; screen
    Millis duration_ms = 0;  // advance, hold, wait-content, wait-speech (the longest wait)
};

// Parses "30s", "250ms", "2m", "1h", or a plain number of seconds.
Result<Millis> parse_duration(const std::string& text);

// Parses a whole script. `source` names the file in messages
// ("demo.txt:4: unknown command 'tapp'"). Blank lines and '#' comments are skipped.
Result<std::vector<Command>> parse(const std::string& text, const std::string& source);
Result<std::vector<Command>> parse_file(const std::string& path);

const char* verb_name(Verb v);

}  // namespace kiosk::script
