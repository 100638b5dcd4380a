// Choosing a language (issue 21): the welcome screen offers the languages by
// their own names with `lang.<code>` ids, as many as the organisation offers;
// switching in the middle of a questionnaire keeps the answers; in a language
// without a voice (Tigrinya) the speaker says so instead of reading; the staff
// screen names the languages whose texts are drafts.
#include <catch2/catch.hpp>

#include <algorithm>
#include <tuple>

#include "i18n/catalog.hpp"
#include "required_languages.hpp"
#include "session/languages.hpp"
#include "ui_harness.hpp"

using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {
const std::string kPin = "hold staff.corner 3s\ntap pin.1\ntap pin.2\ntap pin.3\ntap pin.4\ntap pin.ok\n";

// The language buttons as a reader meets them: row by row, left to right.
std::vector<std::string> lang_ids(const nlohmann::json& ui) {
    std::vector<std::tuple<int, int, std::string>> found;
    for (const auto& w : ui["widgets"]) {
        const std::string id = w["id"];
        if (id.rfind("lang.", 0) == 0) found.emplace_back(w["rect"][1].get<int>(), w["rect"][0].get<int>(), id);
    }
    std::sort(found.begin(), found.end());
    std::vector<std::string> out;
    for (auto& f : found) out.push_back(std::get<2>(f));
    return out;
}

// The new languages the kiosk speaks (their catalogue was embedded).
std::vector<std::string> spoken_new() {
    std::vector<std::string> out;
    for (const auto& l : kiosk::i18n::languages())
        if (l.code != "nl" && l.code != "en") out.push_back(l.code);
    return out;
}

void copy_assets(const fs::path& to) { fs::copy(fs::path(KIOSK_SOURCE_DIR) / "assets", to, fs::copy_options::recursive); }
}  // namespace

TEST_CASE("the welcome screen offers every offered language by its own name, and each one switches the screen") {
    for (const auto& l : required_languages()) {
        INFO("required language " << l);
        CHECK(kiosk::i18n::is_supported(l));
    }
    TempDir dir("langs-welcome");
    std::string script = "dump-ui w.json\n";
    for (const auto& l : kiosk::i18n::languages()) script += "tap lang." + l.code + "\ndump-ui w-" + l.code + ".json\n";
    auto r = run_kiosk_script(dir, script, "1280x800");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto ui = read_json(dir / "w.json");
    // By default every spoken language every shipped questionnaire is translated into.
    std::vector<std::string> want;
    for (const auto& l : kiosk::i18n::languages()) want.push_back("lang." + l.code);
    CHECK(lang_ids(ui) == want);
    for (const auto& l : kiosk::i18n::languages()) {
        INFO(l.code);
        CHECK(find_widget(ui, "lang." + l.code)->at("label") == l.name);  // never a flag, never a code
        auto after = read_json(dir / ("w-" + l.code + ".json"));
        bool title = false;
        for (const auto& t : after["texts"]) title = title || t["text"] == kiosk::i18n::tr("welcome.title", l.code);
        CHECK(title);
        CHECK(find_widget(after, "start")->at("label") == kiosk::i18n::tr("welcome.start", l.code));
        CHECK(find_widget(after, "lang." + l.code)->at("kind") == "toggle");
    }
}

TEST_CASE("the organisation's settings.json says which languages are offered") {
    TempDir dir("langs-settings");
    copy_assets(dir / "content");
    write_file(dir / "content/settings.json", R"({"languages": ["en", "nl"], "default_lang": "en"})");
    auto r = run_kiosk_script(dir, "dump-ui w.json\ntap lang.nl\nexpect-text Welkom\n", "1280x800",
                              {"--content", (dir / "content").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto ui = read_json(dir / "w.json");
    CHECK(lang_ids(ui) == std::vector<std::string>{"lang.nl", "lang.en"});  // the kiosk's order
    CHECK(find_widget(ui, "lang.en")->at("label") == "English");

    write_file(dir / "content/settings.json", R"({"languages": ["en"]})");
    r = run_kiosk_script(dir, "dump-ui w1.json\n", "1280x800", {"--content", (dir / "content").string()});
    REQUIRE(r.exit_code == 0);
    CHECK(lang_ids(read_json(dir / "w1.json")) == std::vector<std::string>{"lang.en"});
    r = run_kiosk_script(dir, "tap lang.nl\n", "1280x800", {"--content", (dir / "content").string()});
    CHECK(r.exit_code != 0);  // not offered: not on the screen
}

TEST_CASE("switching language in the middle of a questionnaire keeps the answers, and the response records it") {
    // Into each spoken language and back, on the question screen.
    std::vector<std::string> to = spoken_new();
    to.push_back("en");
    for (const auto& l : to) {
        INFO(l);
        TempDir dir("langs-switch");
        auto r = run_kiosk_script(dir,
                                  "tap start\ntap choose.howareyou-short\ntap consent.agree\ntap next\ntap next\n"
                                  "expect-screen question\ntap answer.7\nadvance 1s\nexpect-screen question\n"
                                  "tap back\ntap lang." + l + "\ndump-ui q.json\n",
                                  "1280x800");
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        auto ui = read_json(dir / "q.json");
        CHECK(ui["screen"] == "question");
        const auto* chosen = find_widget(ui, "answer.7");
        const auto* other = find_widget(ui, "answer.6");
        REQUIRE(chosen);
        REQUIRE(other);
        CHECK(chosen->at("bg_rgb") != other->at("bg_rgb"));  // still shown selected in the new language
        bool next = false;
        for (const auto& w : ui["widgets"]) next = next || (w["id"] == "next" && w["label"] == kiosk::i18n::tr("next", l));
        CHECK(next);
    }
}

TEST_CASE("in Tigrinya the speaker says, in Tigrinya and with an icon, that read-aloud is not available") {
    if (!kiosk::i18n::is_supported("ti")) {
        // Without assets/i18n/ti.json the kiosk cannot show Tigrinya; that is
        // only allowed while ti is not yet a required language.
        CHECK_FALSE(required("ti"));
        CHECK_FALSE(kiosk::read_aloud_available("ti"));
        return;
    }
    TempDir dir("langs-ti");
    auto r = run_kiosk_script(dir,
                              "tap lang.ti\ndump-ui w.json\ntap speak\ntap start\ndump-ui c.json\n"
                              "tap choose.howareyou-short\ntap consent.agree\ntap next\ntap next\ndump-ui q.json\n",
                              "1280x800", {"--stats", (dir / "stats.json").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    for (const char* f : {"w.json", "c.json", "q.json"}) {
        INFO(f);
        auto ui = read_json(dir / f);
        const auto* speak = find_widget(ui, "speak");
        REQUIRE(speak);
        CHECK(speak->at("label") == kiosk::i18n::tr("speak.unavailable", "ti"));
        CHECK(speak->at("label") != kiosk::i18n::tr("speak.unavailable", "en"));
        for (const auto& w : ui["widgets"]) CHECK(w["id"].get<std::string>().rfind("speak.answer.", 0) != 0);
    }
    // No read-aloud settings promise sound in a language without a voice.
    {
        auto w = read_json(dir / "w.json");
        CHECK_FALSE(find_widget(w, "read-aloud"));
        CHECK_FALSE(find_widget(w, "volume.up"));
    }
    // Nothing was read aloud: not the tap on the speaker.
    auto stats = read_json(dir / "stats.json");
    CHECK(stats["speech"].empty());
}

TEST_CASE("the staff screen says which offered languages are drafts, not yet read by a native speaker") {
    TempDir dir("langs-staff");
    auto r = run_kiosk_script(dir, kPin + "expect-screen staff\ndump-ui s.json\n", "1280x800", {"--demo"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto ui = read_json(dir / "s.json");
    std::vector<std::string> lines;
    for (const auto& t : ui["texts"]) {
        const std::string s = t["text"];
        if (s.rfind("Vertaling ", 0) == 0) lines.push_back(s);
    }
    std::vector<std::string> want;
    for (const auto& l : kiosk::i18n::languages())
        if (kiosk::i18n::translation_status(l.code) == "draft")
            want.push_back(kiosk::i18n::fmt("staff.translation-draft", "nl", {{"lang", l.name}}));
    CHECK(lines == want);  // Dutch and English are originals: never listed
}
