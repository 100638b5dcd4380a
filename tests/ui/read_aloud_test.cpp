// Read-aloud you can hear: the real kiosk, headless, with SDL's disk audio
// driver, so the samples that reached the audio device land in a file we
// can measure. `--stats` lists every clip the kiosk played (screen, whether
// it was read by itself, samples the device took, loudness).
#include <catch2/catch.hpp>
#include <stb_image.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>

#include "a11y/contrast.hpp"
#include "questionnaire/loader.hpp"
#include "referrals/referrals.hpp"
#include "ui_harness.hpp"
#include "walk.hpp"

using namespace kiosk::test;
namespace fs = std::filesystem;
namespace q = kiosk::questionnaire;

namespace {

struct AudioRun {
    RunResult result;
    nlohmann::json stats;
    double file_rms = 0;        // over the whole file the device wrote
    std::size_t file_samples = 0;
};

// delay_ms: how long the disk driver waits per 512-sample buffer (23 = real
// time; smaller plays faster than real time).
AudioRun run_with_audio(const TempDir& dir, const std::string& script, int delay_ms = 2,
                        const std::string& driver = "disk", const std::vector<std::string>& extra = {}) {
    auto raw = dir / "audio.raw";
    KioskRunOptions o;
    o.extra = {"--stats", (dir / "stats.json").string()};
    o.extra.insert(o.extra.end(), extra.begin(), extra.end());
    o.env = {"SDL_AUDIODRIVER=" + driver, "SDL_DISKAUDIOFILE=" + raw.string(),
             "SDL_DISKAUDIODELAY=" + std::to_string(delay_ms)};
    AudioRun a;
    a.result = run_kiosk_script(dir, script, o);
    if (fs::exists(dir / "stats.json")) a.stats = read_json(dir / "stats.json");
    if (fs::exists(raw)) {
        std::string bytes = read_file(raw);
        a.file_samples = bytes.size() / 2;
        double sum = 0;
        const auto* s = reinterpret_cast<const std::int16_t*>(bytes.data());
        for (std::size_t i = 0; i < a.file_samples; ++i) sum += static_cast<double>(s[i]) * s[i];
        a.file_rms = a.file_samples ? std::sqrt(sum / static_cast<double>(a.file_samples)) : 0;
    }
    return a;
}

q::Questionnaire load(const std::string& id) {
    auto r = q::load_questionnaire_file(fs::path(KIOSK_SOURCE_DIR) / "assets/questionnaires" / (id + ".json"));
    REQUIRE(r.questionnaire);
    return *r.questionnaire;
}

kiosk::referrals::Catalogue referrals() {
    auto c = kiosk::referrals::load_catalogue(fs::path(KIOSK_SOURCE_DIR) / "assets/referrals/voorbeeldstad.json");
    REQUIRE(c.ok());
    return *c;
}

// Adds `wait-speech` after every screen change so each screen's clip plays
// to its end, and taps the speaker on the first question.
std::string with_listening(const std::string& script) {
    std::string out;
    std::size_t pos = 0;
    bool tapped_speaker = false;
    while (pos < script.size()) {
        std::size_t nl = script.find('\n', pos);
        if (nl == std::string::npos) nl = script.size();
        std::string line = script.substr(pos, nl - pos);
        out += line + "\n";
        if (line.rfind("expect-screen", 0) == 0) {
            out += "wait-speech 60s\n";
            if (!tapped_speaker && line == "expect-screen question") {
                out += "tap speak\nwait-speech 60s\n";
                tapped_speaker = true;
            }
        }
        pos = nl + 1;
    }
    return out;
}

}  // namespace

TEST_CASE("the easy variant with read-aloud on completes with pictogram answers and the speaker and every screen is heard") {
    auto easy = load("howareyou-easy");
    // Every answer of the easy variant is a pictogram.
    for (const auto& item : easy.items)
        for (const auto& o : item.options) CHECK_FALSE(o.pictogram.empty());
    TempDir dir("easy-audio");
    WalkOptions o;
    o.preamble = "tap read-aloud\n";
    // KIOSK_DOCS_SHOTS=<dir> keeps a screenshot of every screen (kiosk/docs/easy/).
    const char* docs = std::getenv("KIOSK_DOCS_SHOTS");
    if (docs) o.shots_prefix = "shot-";
    Walk w = plan_walk(easy, referrals(), o);
    std::string script = with_listening(w.script);
    // Only pictogram answers, the speaker, and start/consent/next/finish.
    for (const char* word : {"tap skip", "type ", "tap key."}) CHECK(script.find(word) == std::string::npos);
    auto a = run_with_audio(dir, script);
    INFO(a.result.err);
    REQUIRE(a.result.exit_code == 0);
    const auto& speech = a.stats["speech"];
    REQUIRE(speech.is_array());
    std::multiset<std::string> heard;
    int tapped = 0;
    for (const auto& clip : speech) {
        INFO(clip.dump());
        CHECK(clip["samples"].get<double>() > 22050 * 0.5);  // at least half a second reached the device
        CHECK(clip["peak_rms"].get<double>() > 500);         // and it was not silence
        if (clip["auto"].get<bool>()) heard.insert(clip["screen"].get<std::string>());
        else ++tapped;
    }
    // Every screen the walk showed was read by itself, and the speaker tap played too.
    CHECK(static_cast<int>(heard.size()) >= w.screens);
    for (const char* screen : {"welcome", "choose", "consent", "question", "review", "result", "talk", "thanks"})
        CHECK(heard.count(screen) >= 1);
    CHECK(tapped == 1);
    CHECK(a.stats["speech_failures"] == 0);
    CHECK(a.file_rms > 300);
    if (docs) {
        fs::create_directories(docs);
        for (const auto& e : fs::directory_iterator(dir.path()))
            if (e.path().extension() == ".png")
                fs::copy_file(e.path(), fs::path(docs) / e.path().filename().string().substr(5),
                              fs::copy_options::overwrite_existing);
    }
}

TEST_CASE("the speaker reads this screen and any other tap stops it at once") {
    TempDir dir("speak-stop");
    // Real-time playback: the welcome text takes seconds; the next tap comes
    // a few frames later.
    auto a = run_with_audio(dir, "tap speak\nwait-speech 300ms\ntap text-size.150\nwait-speech 10s\n", 23);
    INFO(a.result.err);
    REQUIRE(a.result.exit_code == 0);
    REQUIRE(a.stats["speech"].size() == 1);
    const auto& clip = a.stats["speech"][0];
    CHECK(clip["screen"] == "welcome");
    CHECK(clip["auto"] == false);
    CHECK(clip["samples"].get<double>() > 0);
    CHECK(clip["samples"].get<double>() < 22050 * 1.0);  // the clip is ~6 s; it stopped within a second
}

TEST_CASE("the speaker reads one answer option on its own") {
    TempDir dir("speak-option");
    // The intake's first question has plain answer cards with a speaker each.
    auto a = run_with_audio(dir,
                            "tap start\ntap choose.intake\ntap consent.agree\ntap next\nexpect-screen question\n"
                            "dump-ui q.json\ntap speak.answer.1\nwait-speech 20s\n");
    INFO(a.result.err);
    REQUIRE(a.result.exit_code == 0);
    auto dump = read_json(dir / "q.json");
    const auto* w = find_widget(dump, "speak.answer.1");
    REQUIRE(w != nullptr);
    CHECK((*w)["rect"][2].get<double>() >= 63);
    REQUIRE(a.stats["speech"].size() == 1);
    CHECK(a.stats["speech"][0]["samples"].get<double>() > 2000);
    CHECK(a.stats["speech"][0]["samples"].get<double>() < 22050 * 4);  // one option, not the whole question
}

TEST_CASE("the idle warning is spoken when read-aloud is on") {
    TempDir dir("still-here-audio");
    auto a = run_with_audio(dir, "tap read-aloud\ntap start\ntap choose.howareyou-easy\nwait-speech 30s\nadvance 91s\n"
                                 "expect-screen still-here\nwait-speech 30s\n");
    INFO(a.result.err);
    REQUIRE(a.result.exit_code == 0);
    bool spoken = false;
    for (const auto& clip : a.stats["speech"])
        if (clip["screen"] == "still-here" && clip["auto"] == true && clip["samples"].get<double>() > 22050) spoken = true;
    CHECK(spoken);
}

TEST_CASE("no audio device never stops the kiosk and staff find one line in the log") {
    TempDir dir("no-audio");
    auto a = run_with_audio(dir, "tap read-aloud\ntap speak\ntap start\ntap speak\nexpect-screen choose\n", 2, "no-such-driver");
    INFO(a.result.err);
    REQUIRE(a.result.exit_code == 0);
    CHECK(a.result.err.find("read-aloud is silent: no audio device") != std::string::npos);
    // Logged once, not on every tap.
    CHECK(a.result.err.find("read-aloud is silent") == a.result.err.rfind("read-aloud is silent"));
    CHECK(a.stats["speech_failures"].get<int>() >= 3);
    CHECK(a.stats["speech"].empty());
}

TEST_CASE("headphones only plays nothing through the speaker and asks for headphones") {
    TempDir dir("headphones");
    fs::create_directories(dir / "data");
    write_file(dir / "data/settings.json", R"({"headphones_only": true, "headphone_device": "USB headset"})");
    auto a = run_with_audio(dir, "tap read-aloud\ntap speak\ndump-ui ui.json\nwait-speech 5s\n");
    INFO(a.result.err);
    REQUIRE(a.result.exit_code == 0);
    CHECK(a.stats["speech"].empty());
    CHECK(a.file_rms == 0);
    auto ui = read_json(dir / "ui.json");
    const auto* speak = find_widget(ui, "speak");
    REQUIRE(speak != nullptr);
    CHECK((*speak)["label"] == "Sluit een koptelefoon aan");
    CHECK(a.result.err.find("USB headset") != std::string::npos);

    // The configured headset is there (SDL's disk driver has one device with this name): it plays.
    TempDir dir2("headphones-there");
    fs::create_directories(dir2 / "data");
    write_file(dir2 / "data/settings.json", R"({"headphones_only": true, "headphone_device": "system audio output"})");
    auto b = run_with_audio(dir2, "tap speak\ndump-ui ui.json\nwait-speech 20s\n");
    INFO(b.result.err);
    REQUIRE(b.result.exit_code == 0);
    REQUIRE(b.stats["speech"].size() == 1);
    CHECK(b.stats["speech"][0]["peak_rms"].get<double>() > 500);
    CHECK((*find_widget(read_json(dir2 / "ui.json"), "speak"))["label"] == "Voorlezen");
}

TEST_CASE("staff set volume and headphones and the defaults a new session starts with") {
    TempDir dir("staff-sound");
    auto set = run(KIOSK_BIN, {"set-pin", "--data-dir", (dir / "data").string()}, {}, "482913\n");
    REQUIRE(set.exit_code == 0);
    auto a = run_with_audio(dir,
                            "hold staff.corner 3s\ntap pin.4\ntap pin.8\ntap pin.2\ntap pin.9\ntap pin.1\ntap pin.3\n"
                            "tap pin.ok\nexpect-screen staff\ndump-ui staff.json\n"
                            "tap staff.volume.down\ntap staff.volume.down\ntap staff.volume.down\n"
                            "tap staff.headphones\ntap staff.headphones\n"
                            "tap staff.default-size.150\ntap staff.default-read-aloud\nexpect-text Volume: 50%\n"
                            "tap staff.back\nexpect-screen welcome\ndump-ui welcome.json\n");
    INFO(a.result.err);
    REQUIRE(a.result.exit_code == 0);
    check_targets_and_contrast(read_json(dir / "staff.json"), 4.5);
    auto saved = nlohmann::json::parse(read_file(dir / "data/settings.json"));
    CHECK(saved["volume_pct"] == 50);
    CHECK(saved["headphones_only"] == false);
    CHECK(saved["default_text_scale_pct"] == 150);
    CHECK(saved["default_read_aloud"] == true);
    // The next session (here: a restart) starts at 150 % with read-aloud on
    // and at half volume. The welcome screen is not read to an empty room;
    // the next screen is read by itself.
    auto b = run_with_audio(dir, "dump-ui welcome.json\ntap speak\nwait-speech 20s\ntap start\nwait-speech 60s\n");
    INFO(b.result.err);
    REQUIRE(b.result.exit_code == 0);
    auto ui = read_json(dir / "welcome.json");
    CHECK((*find_widget(ui, "text-size.150"))["bg_rgb"] == (*find_widget(ui, "read-aloud"))["bg_rgb"]);  // both selected
    CHECK((*find_widget(ui, "text-size.100"))["bg_rgb"] != (*find_widget(ui, "read-aloud"))["bg_rgb"]);
    REQUIRE(b.stats["speech"].size() == 2);
    CHECK(b.stats["speech"][0]["auto"] == false);
    CHECK(b.stats["speech"][0]["screen"] == "welcome");
    CHECK(b.stats["speech"][1]["auto"] == true);
    CHECK(b.stats["speech"][1]["screen"] == "choose");
    // Same text at full volume for comparison.
    write_file(dir / "data/settings.json", R"({"volume_pct": 100})");
    auto c = run_with_audio(dir, "tap speak\nwait-speech 20s\n");
    REQUIRE(c.result.exit_code == 0);
    REQUIRE(c.stats["speech"].size() == 1);
    double half = b.stats["speech"][0]["peak_rms"].get<double>();
    double full = c.stats["speech"][0]["peak_rms"].get<double>();
    CHECK(half == Approx(full * 0.5).epsilon(0.05));
}

TEST_CASE("an idle audio device is closed after ten quiet seconds and opens again on the next tap") {
    TempDir dir("audio-idle");
    auto a = run_with_audio(dir, "tap speak\nwait-speech 20s\nadvance 5s\ntap text-size.150\nadvance 11s\n"
                                 "tap speak\nwait-speech 20s\nadvance 11s\n");
    INFO(a.result.err);
    REQUIRE(a.result.exit_code == 0);
    CHECK(a.stats["speech"].size() == 2);
    CHECK(a.stats["audio_opens"] == 2);
    CHECK(a.stats["audio_open_at_exit"] == false);
}

TEST_CASE("the speaker buttons stand out from the page at 3 to 1 in both themes measured on the pixels") {
    for (bool hc : {false, true}) {
        TempDir dir("speak-pixels");
        std::string script = std::string(hc ? "tap contrast.high\n" : "") +
                             "screenshot w.png\ndump-ui w.json\ntap start\ntap choose.intake\ntap consent.agree\n"
                             "tap next\nexpect-screen question\nscreenshot q.png\ndump-ui q.json\n";
        auto r = run_kiosk_script(dir, script);
        INFO(r.err << " hc=" << hc);
        REQUIRE(r.exit_code == 0);
        for (const auto& [png, json, ids] :
             std::vector<std::tuple<std::string, std::string, std::vector<std::string>>>{
                 {"w.png", "w.json", {"speak"}}, {"q.png", "q.json", {"speak", "speak.answer.0"}}}) {
            int w = 0, h = 0, n = 0;
            unsigned char* px = stbi_load((dir / png).c_str(), &w, &h, &n, 3);
            REQUIRE(px != nullptr);
            auto at = [&](int x, int y) {
                const unsigned char* p = px + (static_cast<std::size_t>(y) * w + x) * 3;
                return kiosk::a11y::Rgb{p[0], p[1], p[2]};
            };
            auto ui = read_json(dir / json);
            for (const auto& id : ids) {
                const auto* wd = find_widget(ui, id);
                REQUIRE(wd != nullptr);
                int x = (*wd)["rect"][0], y = (*wd)["rect"][1], rw = (*wd)["rect"][2], rh = (*wd)["rect"][3];
                INFO(id << " on " << png << " hc=" << hc);
                // The outline (drawn over the button's first pixels) against the page just outside it.
                auto page = at(x - 6, y + rh / 2);
                auto outline = at(x + 1, y + rh / 2);
                CHECK(kiosk::a11y::contrast_ratio(outline, page) >= 3.0);
                // The darkest and lightest pixels inside: the pictogram's speaker on its tile.
                double lo = 1, hi = 0;
                for (int yy = y + rh / 4; yy < y + rh * 3 / 4; ++yy)
                    for (int xx = x + rw / 4; xx < x + rw * 3 / 4; ++xx) {
                        double l = kiosk::a11y::relative_luminance(at(xx, yy));
                        lo = std::min(lo, l);
                        hi = std::max(hi, l);
                    }
                CHECK((hi + 0.05) / (lo + 0.05) >= 3.0);
            }
            stbi_image_free(px);
        }
    }
}

TEST_CASE("a resident makes speech quieter or louder for themselves and the next resident hears the staff level") {
    TempDir dir("resident-volume");
    // Staff level 60 %. The resident taps quieter twice (60 -> 40 -> 20) and
    // each tap reads the screen at the new level; then louder once (40).
    write_file(dir / "data/settings.json", R"({"volume_pct": 60})");
    auto a = run_with_audio(dir, "tap speak\nwait-speech 20s\n"
                                 "tap volume.down\nwait-speech 20s\ntap volume.down\nwait-speech 20s\n"
                                 "tap volume.up\nwait-speech 20s\n"
                                 // The session ends (start, then the idle wipe): the next resident.
                                 "tap start\nadvance 90s\nadvance 31s\nexpect-screen welcome\n"
                                 "tap speak\nwait-speech 20s\n");
    INFO(a.result.err);
    REQUIRE(a.result.exit_code == 0);
    const auto& sp = a.stats["speech"];
    REQUIRE(sp.size() == 5);
    for (const auto& clip : sp) CHECK(clip["screen"] == "welcome");
    const double staff = sp[0]["peak_rms"].get<double>();
    REQUIRE(staff > 0);
    CHECK(sp[1]["peak_rms"].get<double>() == Approx(staff * 40 / 60).epsilon(0.05));
    CHECK(sp[2]["peak_rms"].get<double>() == Approx(staff * 20 / 60).epsilon(0.05));
    CHECK(sp[3]["peak_rms"].get<double>() == Approx(staff * 40 / 60).epsilon(0.05));
    CHECK(sp[4]["peak_rms"].get<double>() == Approx(staff).epsilon(0.05));  // back to the staff's level
    // The staff's setting itself was not changed by the resident.
    CHECK(nlohmann::json::parse(read_file(dir / "data/settings.json"))["volume_pct"] == 60);
}
