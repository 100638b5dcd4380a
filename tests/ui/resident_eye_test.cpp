// The resident's-eye walk (issue 13, "how we test it from now on"): every
// shipped questionnaire, in Dutch and English and each other required
// language (issue 21; which walks: walks() below), at 1280x800, 1920x1080 and
// 800x1280, text 100/150/200 %, both themes. On every screen: every primary
// action fully on the glass without scrolling, every character drawn has a
// glyph, no text of another language, and a scroll cue where the content
// goes on below the view. Each walk also opens the scan screen from choose
// and types a previous result of the questionnaire's own family and variant
// (issue 18), so the result screen is checked with its comparison too.
//
// Kept fast enough for `make test` on 2 cores: one kiosk process per screen
// size walks all its combinations one resident after another (the kiosk
// wipes between them, as it does between residents), only dump-ui is
// written (no screenshots), and two sizes run at a time.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <set>

#include "i18n/catalog.hpp"
#include "questionnaire/loader.hpp"
#include "required_languages.hpp"
#include "ui_harness.hpp"
#include "walk.hpp"

using namespace kiosk::test;
namespace fs = std::filesystem;
namespace q = kiosk::questionnaire;

namespace {

const std::set<std::string> kPrimary{"next",          "skip",      "review.done", "finish",   "stop",
                                     "help",          "help.close", "stop.yes",   "stop.no",  "consent.agree",
                                     "consent.decline", "talk.yes", "talk.no",    "start",    "still-here"};

// Texts that belong to other languages only: the catalogue's and the
// questionnaires' texts in each of `others` that the chosen language never uses.
std::vector<std::string> foreign_texts(const std::vector<q::Questionnaire>& qs, const std::string& lang,
                                       const std::vector<std::string>& others) {
    std::set<std::string> mine, theirs;
    for (const auto& k : kiosk::i18n::keys()) {
        mine.insert(kiosk::i18n::tr(k, lang));
        for (const auto& other : others) theirs.insert(kiosk::i18n::tr(k, other));
    }
    std::function<void(const std::vector<q::Item>&)> items = [&](const std::vector<q::Item>& list) {
        for (const auto& it : list) {
            for (const auto* t : {&it.text, &it.scale_low, &it.scale_high, &it.sensitive_why}) {
                mine.insert(t->get(lang));
                for (const auto& other : others) theirs.insert(t->get(other));
            }
            for (const auto& o : it.options) {
                mine.insert(o.display.get(lang));
                for (const auto& other : others) theirs.insert(o.display.get(other));
            }
            items(it.children);
        }
    };
    for (const auto& qn : qs) {
        mine.insert(qn.title.get(lang));
        for (const auto& other : others) theirs.insert(qn.title.get(other));
        items(qn.items);
    }
    std::vector<std::string> out;
    for (const auto& t : theirs) {
        if (t.size() < 8 || mine.count(t)) continue;
        if (t.find('{') != std::string::npos) continue;  // templates: their fixed part is checked through the others
        out.push_back(t);
    }
    return out;
}

struct Combo {
    std::string q, lang;
    int pct;
    bool hc;
};

// What one dump says about the resident's experience; empty when all is well.
std::vector<std::string> problems(const nlohmann::json& ui, const std::vector<std::string>& foreign) {
    std::vector<std::string> out;
    const int W = ui["size"][0], H = ui["size"][1];
    const int view = ui["view"][1];
    const std::string screen = ui["screen"];
    std::set<std::string> ids;
    for (const auto& w : ui["widgets"]) {
        const std::string id = w["id"];
        ids.insert(id);
        if (!kPrimary.count(id)) continue;
        const auto& r = w["rect"];
        int x = r[0], y = r[1], rw = r[2], rh = r[3];
        int bottom = w.value("fixed", false) ? H : view;
        if (x < 0 || y < 0 || x + rw > W + 1 || y + rh > bottom + 1)
            out.push_back("'" + id + "' is not fully on screen: [" + std::to_string(x) + "," + std::to_string(y) + "," +
                          std::to_string(rw) + "," + std::to_string(rh) + "] in " + std::to_string(W) + "x" +
                          std::to_string(H) + " (view ends at " + std::to_string(view) + ")");
    }
    // Stop and help on every resident screen after welcome, up to the thanks.
    static const std::set<std::string> with_stop{"choose", "consent", "question", "keyboard", "review",
                                                 "result", "talk",    "referrals", "scan"};
    if (with_stop.count(screen))
        for (const char* id : {"stop", "help"})
            if (!ids.count(id)) out.push_back(std::string("no '") + id + "' on this screen");
    for (const auto& c : ui["missing_glyphs"]) out.push_back("no glyph for U+" + std::to_string(c.get<unsigned>()));
    // Content below the view needs the cue.
    bool below = false;
    // A text's box ends with the line spacing under its last line (a fifth of
    // the box): the glyphs end above it, as the kiosk's own cue rule knows.
    auto check_below = [&](const nlohmann::json& r, bool fixed, double ink = 1.0) {
        if (!fixed && r[1].get<int>() + r[3].get<int>() * ink > view + 2) below = true;
    };
    for (const auto& w : ui["widgets"]) check_below(w["rect"], w.value("fixed", false) || w["kind"] == "hold");
    for (const auto& t : ui["texts"]) check_below(t["rect"], false, 0.8);
    if (below && !ids.count("scroll.more")) out.push_back("content goes on below the view and there is no scroll cue");
    // No text of another language.
    auto check_lang = [&](const std::string& t) {
        for (const auto& f : foreign)
            if (t.find(f) != std::string::npos) out.push_back("text of another language: '" + f + "' in '" + t + "'");
    };
    for (const auto& t : ui["texts"]) check_lang(t["text"]);
    for (const auto& w : ui["widgets"]) check_lang(w["label"]);
    return out;
}

}  // namespace

// Which walks run: every shipped questionnaire in every required language
// (tests/support/required_languages.hpp) at every size, text scale and theme.
// Measured: about 4.5 s of kiosk time per language on 2 cores, so the whole
// matrix stays cheap; KIOSK_WALK_LANGS=nl,en narrows it while working on one.
bool walks(const std::string&, const std::string& lang, std::size_t, int, bool) {
    static const char* only = std::getenv("KIOSK_WALK_LANGS");
    if (!only) return true;
    const std::string list = std::string(",") + only + ",";
    return list.find("," + lang + ",") != std::string::npos;
}

TEST_CASE("resident's eye: every screen of every shipped questionnaire, size, text scale, theme and language") {
    const auto t0 = std::chrono::steady_clock::now();
    auto all = shipped_questionnaires_translated();
    REQUIRE(all.size() >= 8);
    auto refs = kiosk::referrals::load_catalogue(fs::path(KIOSK_SOURCE_DIR) / "assets/referrals/voorbeeldstad.json");
    REQUIRE(refs.ok());
    const std::vector<std::string>& langs = required_languages();
    // A required language the kiosk does not speak fails here, by name (its
    // walks would fail at `tap lang.<code>` anyway).
    for (const auto& l : langs) {
        INFO("required language " << l << " is not built in (assets/i18n/" << l << ".json)");
        CHECK(kiosk::i18n::is_supported(l));
    }
    const std::vector<std::string> sizes{"1280x800", "1920x1080", "800x1280"};
    const std::map<std::string, std::string> dpi{{"1280x800", "189"}, {"1920x1080", "92"}, {"800x1280", "189"}};

    struct SizeRun {
        std::unique_ptr<TempDir> dir;
        std::string script;
        int walks = 0, screens = 0;
        RunResult result;
    };
    std::vector<SizeRun> runs(sizes.size());
    std::map<std::string, int> walks_per_lang;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        runs[i].dir = std::make_unique<TempDir>("eye");
        for (const auto& qn : all)
            for (const std::string& lang : langs)
                for (int pct : {100, 150, 200})
                    for (bool hc : {false, true}) {
                        if (!walks(qn.id, lang, i, pct, hc)) continue;
                        WalkOptions o;
                        o.lang = lang;
                        o.dialogs = true;
                        o.compare = true;  // the scan screen, and the result compared with a previous one
                        // '@' keeps the language readable from the file name (ids have '-').
                        o.dumps_prefix = qn.id + "@" + lang + "@" + std::to_string(pct) + (hc ? "@hc@" : "@n@");
                        o.preamble = "tap text-size." + std::to_string(pct) + "\n" + (hc ? "tap contrast.high\n" : "");
                        Walk w = plan_walk(qn, *refs, o);
                        runs[i].script += w.script;
                        runs[i].screens += w.screens;
                        ++runs[i].walks;
                        ++walks_per_lang[lang];
                    }
    }
    // Two sizes at a time (the machine has two cores), each one process.
    auto go = [&](std::size_t i) {
        runs[i].result = run_kiosk_script(*runs[i].dir, runs[i].script, sizes[i], {"--dpi", dpi.at(sizes[i])});
    };
    {
        auto a = std::async(std::launch::async, go, 0);
        go(1);
        a.get();
        go(2);
    }
    const auto t_run = std::chrono::steady_clock::now();

    std::map<std::string, std::vector<std::string>> foreign;
    for (const auto& l : langs) {
        std::vector<std::string> others;
        for (const auto& o : langs)
            if (o != l) others.push_back(o);
        foreign[l] = foreign_texts(all, l, others);
    }
    int dumps = 0;
    std::map<std::string, int> failures;  // first problems, by kind, so a regression reads in a few lines
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        INFO(sizes[i] << ": " << runs[i].result.err.substr(0, 2000));
        REQUIRE(runs[i].result.exit_code == 0);
        for (const auto& e : fs::directory_iterator(runs[i].dir->path())) {
            if (e.path().extension() != ".json") continue;
            ++dumps;
            const std::string name = e.path().filename().string();
            const auto at = name.find('@');
            const std::string lang = name.substr(at + 1, name.find('@', at + 1) - at - 1);
            auto ui = read_json(e.path());
            for (const auto& p : problems(ui, foreign.at(lang))) {
                std::string kind = lang + " " + p.substr(0, p.find(':'));
                if (failures[kind]++ < 5) FAIL_CHECK(sizes[i] << " " << name << ": " << p);
            }
        }
    }
    int expected = 0;
    for (const auto& r : runs) expected += r.screens;
    CHECK(dumps == expected);
    const auto t_end = std::chrono::steady_clock::now();
    auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    std::string per_lang;
    for (const auto& [l, n] : walks_per_lang) per_lang += " " + l + ":" + std::to_string(n);
    WARN("resident's-eye walk: " << runs[0].walks + runs[1].walks + runs[2].walks << " walks (" << per_lang << " ), "
                                 << dumps << " screens checked; kiosk runs " << secs(t0, t_run) << " s, checks "
                                 << secs(t_run, t_end) << " s");
}

TEST_CASE("every string of the catalogues and shipped questionnaires has a glyph in the loaded fonts") {
    TempDir dir("glyphs");
    auto r = run(KIOSK_BIN, {"--headless", "--check-glyphs", "--data-dir", (dir / "data").string()});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find(" 0 characters without a glyph") != std::string::npos);
    // The check finds what the fonts lack: an organisation's own wording
    // with a snowman in it is named, with its key.
    fs::copy(fs::path(KIOSK_SOURCE_DIR) / "assets", dir / "content", fs::copy_options::recursive);
    fs::create_directories(dir / "content/translations");
    write_file(dir / "content/translations/nl.json", "{\"welcome.title\": \"Welkom \xE2\x98\x83\"}");
    auto bad = run(KIOSK_BIN, {"--headless", "--check-glyphs", "--data-dir", (dir / "data").string(), "--content",
                               (dir / "content").string()});
    INFO(bad.err);
    CHECK(bad.exit_code == 3);
    CHECK(bad.err.find("no glyph for U+2603 in catalogue welcome.title (nl)") != std::string::npos);
}

TEST_CASE("a 0-10 scale stays in sight above the action bar at 200 % on a landscape screen") {
    // An older resident at 200 % on the library's 1280x800 kiosk: every number
    // of the scale and both end words are visible without scrolling.
    for (const std::string size : {"1280x800", "1920x1080"}) {
        TempDir dir("scale-200");
        auto r = run_kiosk_script(dir,
                                  "tap text-size.200\ntap start\ntap choose.howareyou-short\ntap consent.agree\n"
                                  "tap next\ntap next\nexpect-screen question\ndump-ui q.json\nscreenshot q.png\n",
                                  size);
        INFO(size << ": " << r.err);
        REQUIRE(r.exit_code == 0);
        auto ui = read_json(dir / "q.json");
        const int view = ui["view"][1];
        int keys = 0;
        for (const auto& w : ui["widgets"]) {
            const std::string id = w["id"];
            if (id.rfind("answer.", 0) != 0) continue;
            ++keys;
            INFO(id << " at y " << w["rect"][1] << " + " << w["rect"][3] << ", view ends at " << view);
            CHECK(w["rect"][1].get<int>() + w["rect"][3].get<int>() <= view);
        }
        CHECK(keys == 11);
        for (const auto& t : ui["texts"]) {
            const std::string s = t["text"];
            if (s.rfind("0 = ", 0) == 0 || s.rfind("10 = ", 0) == 0) {
                INFO(s);
                CHECK(t["rect"][1].get<int>() + t["rect"][3].get<int>() * 0.8 <= view);  // glyphs, not line spacing
            }
        }
    }
}
