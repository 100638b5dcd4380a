#include "script/script.hpp"

#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

namespace kiosk::script {

namespace {

std::string trim(const std::string& s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

const std::map<std::string, Verb>& verbs() {
    static const std::map<std::string, Verb> m{
        {"tap", Verb::Tap},
        {"type", Verb::Type},
        {"key", Verb::Key},
        {"advance", Verb::Advance},
        {"screenshot", Verb::Screenshot},
        {"screenshot-page", Verb::ScreenshotPage},
        {"dump-ui", Verb::DumpUi},
        {"expect-text", Verb::ExpectText},
        {"expect-no-text", Verb::ExpectNoText},
        {"hold", Verb::Hold},
        {"expect-screen", Verb::ExpectScreen},
        {"wait-speech", Verb::WaitSpeech},
        {"quit", Verb::Quit},
        {"wait-text", Verb::WaitText},
        {"wait-content", Verb::WaitContent},
    };
    return m;
}

}  // namespace

const char* verb_name(Verb v) {
    for (const auto& [name, verb] : verbs())
        if (verb == v) return name.c_str();
    return "?";
}

Result<Millis> parse_duration(const std::string& text) {
    std::string t = trim(text);
    if (t.empty()) return make_error("missing duration (e.g. 30s)");
    std::size_t i = 0;
    while (i < t.size() && (std::isdigit(static_cast<unsigned char>(t[i])) || t[i] == '.')) ++i;
    if (i == 0) return make_error("bad duration '" + t + "' (e.g. 30s, 250ms, 2m)");
    double n = 0;
    try {
        n = std::stod(t.substr(0, i));
    } catch (...) {
        return make_error("bad duration '" + t + "'");
    }
    std::string unit = t.substr(i);
    double factor = 0;
    if (unit.empty() || unit == "s") factor = 1000;
    else if (unit == "ms") factor = 1;
    else if (unit == "m" || unit == "min") factor = 60'000;
    else if (unit == "h") factor = 3'600'000;
    else return make_error("bad duration unit '" + unit + "' in '" + t + "' (use ms, s, m or h)");
    return static_cast<Millis>(n * factor + 0.5);
}

Result<std::vector<Command>> parse(const std::string& text, const std::string& source) {
    std::vector<Command> out;
    std::istringstream in(text);
    std::string raw;
    int line_no = 0;
    while (std::getline(in, raw)) {
        ++line_no;
        std::string line = trim(raw);
        if (line.empty() || line[0] == '#') continue;
        auto where = source + ":" + std::to_string(line_no) + ": ";
        auto sp = line.find_first_of(" \t");
        std::string word = line.substr(0, sp);
        std::string rest = sp == std::string::npos ? "" : trim(line.substr(sp));
        auto it = verbs().find(word);
        if (it == verbs().end()) return make_error(where + "unknown command '" + word + "'");
        Command c;
        c.line = line_no;
        c.verb = it->second;
        switch (c.verb) {
            case Verb::Quit:
                if (!rest.empty()) return make_error(where + "quit takes no argument");
                break;
            case Verb::WaitSpeech: {
                // Real time (audio plays in real time): until the clip has
                // played, at most the given time (default 20 s).
                auto d = parse_duration(rest.empty() ? "20s" : rest);
                if (!d) return make_error(where + d.error().message);
                c.duration_ms = *d;
                break;
            }
            case Verb::Advance: {
                auto d = parse_duration(rest);
                if (!d) return make_error(where + d.error().message);
                c.duration_ms = *d;
                break;
            }
            case Verb::WaitContent: {
                c.duration_ms = 20'000;
                if (!rest.empty()) {
                    auto d = parse_duration(rest);
                    if (!d) return make_error(where + d.error().message);
                    c.duration_ms = *d;
                }
                break;
            }
            case Verb::Hold: {
                auto sp2 = rest.find_last_of(" \t");
                if (rest.empty() || sp2 == std::string::npos)
                    return make_error(where + "hold needs a target and a duration (hold staff.corner 3s)");
                auto d = parse_duration(rest.substr(sp2 + 1));
                if (!d) return make_error(where + d.error().message);
                c.target = trim(rest.substr(0, sp2));
                c.duration_ms = *d;
                break;
            }
            case Verb::Type:
                // Typing a space-only text is meaningful; keep the raw remainder.
                c.target = sp == std::string::npos ? "" : raw.substr(raw.find(word) + word.size() + 1);
                if (c.target.empty()) return make_error(where + "type needs a text");
                break;
            default:
                if (rest.empty()) return make_error(where + word + " needs an argument");
                c.target = rest;
        }
        out.push_back(std::move(c));
    }
    return out;
}

Result<std::vector<Command>> parse_file(const std::string& path) {
    std::ifstream f(path);
    if (!f) return make_error("cannot read script " + path);
    std::stringstream ss;
    ss << f.rdbuf();
    return parse(ss.str(), path);
}

}  // namespace kiosk::script
