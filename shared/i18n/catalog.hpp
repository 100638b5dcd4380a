// The kiosk's own interface texts (buttons, titles, messages) in every
// language we speak. Questionnaire texts come from content, not from here.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::i18n {

struct Language {
    std::string code;   // "nl"
    std::string name;   // in its own language: "Nederlands", "العربية"
    std::string dir;    // "ltr" or "rtl"
    std::string voice;  // the espeak-ng voice for read-aloud; "" = none (read-aloud not available)
    bool rtl() const { return dir == "rtl"; }
};

// Every language the kiosk knows (nl, en, ar, tr, pl, uk, ti), in the order
// the welcome screen shows them, whether or not its texts are built in.
const std::vector<Language>& known_languages();
// nullptr for a code the kiosk does not know.
const Language* find_language(std::string_view code);
// Languages the interface speaks: Dutch and English (compiled in) and every
// known language whose catalogue assets/i18n/<code>.json was embedded at
// build time. In known_languages() order.
const std::vector<Language>& languages();
bool is_supported(std::string_view code);
// Whether the kiosk can read aloud in this language (a known language with a voice).
bool has_voice(std::string_view code);
// "draft" or "reviewed" for a language whose texts are a translation of ours
// (from its catalogue file); "" for Dutch and English (the originals) and
// for a language without a catalogue.
std::string translation_status(std::string_view code);
// The catalogue text of a language other than nl/en, "" when its file has none
// (tests: tr() falls back to English there).
std::string own_text(std::string_view key, std::string_view lang);
// Problems of the embedded catalogue files (not JSON, wrong language field,
// a key the kiosk does not have, a text that is not a string), one line each
// naming the file; empty when all is well.
std::vector<std::string> catalogue_file_problems();

// The text for `key` in `lang`; a new language's missing text falls back to
// English (more residents read it than Dutch), Dutch and English to Dutch,
// then to the key itself (so a missing text is visible in tests instead of
// an empty button).
const std::string& tr(std::string_view key, std::string_view lang);

// tr() with "{name}" placeholders replaced: fmt("question.progress", "nl",
// {{"n", "4"}, {"total", "17"}}) -> "Vraag 4 van 17".
std::string fmt(std::string_view key, std::string_view lang,
                const std::vector<std::pair<std::string, std::string>>& values);

// The plural forms of `key` fmt() can give in `lang` besides tr()'s text
// (plural.hpp): for glyph checks and the atlas, which must cover them too.
std::vector<std::string> plural_forms(std::string_view key, std::string_view lang);

// Whether the catalog has a text for `key` (variants like `<key>.je`).
bool has_key(std::string_view key);
// Numbers as the language writes them: decimal(83.6, 1, "nl") -> "83,6",
// decimal(83.6, 1, "en") -> "83.6"; a whole value keeps its decimals.
std::string decimal(double v, int decimals, std::string_view lang);
// A size in bytes for people: "83,6 GB" in Dutch, "83.6 GB" in English.
std::string bytes(unsigned long long n, std::string_view lang);

// Lines that layers below the screens give staff (sync errors, key
// registration, the outbox) are made in English from this catalogue's
// "msg.*" texts: said("msg.net.no-connect", {{"endpoint", url}}). So they go
// to logs and CLIs as they are and can be stored (an envelope's last error),
// and localize(line, lang) still says them in the staff's language: it finds
// the msg.* text the line was made from (the most specific one), and fills
// the same values into lang's text; a value that is itself such a line is
// said in lang too. A line made from no msg.* text is returned as it is.
std::string said(std::string_view key, const std::vector<std::pair<std::string, std::string>>& values = {});
std::string localize(std::string_view line, std::string_view lang);

// Every key known to the catalog (for tests that check completeness).
std::vector<std::string> keys();

// An organisation's own wording from its content pack (translations/<lang>.json):
// language -> key -> text, replacing ours. tr() prefers them.
using Overrides = std::map<std::string, std::map<std::string, std::string>>;
// What is wrong with one override, or "" when it is fine: the language must be
// one we speak, the key one we have, the text not empty and with exactly the
// {placeholders} of ours.
std::string check_override(std::string_view lang, std::string_view key, std::string_view text);
// Replaces all overrides (empty: our own texts). Call from the UI thread,
// between residents.
void set_overrides(Overrides overrides);

}  // namespace kiosk::i18n
