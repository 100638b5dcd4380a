// The resident's path, headless, driven only by stable ids: every shipped
// questionnaire from welcome to thank-you, in Dutch and in English.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>

#include "questionnaire/loader.hpp"
#include "ui_harness.hpp"
#include "walk.hpp"

using namespace kiosk::test;
namespace fs = std::filesystem;
namespace q = kiosk::questionnaire;

namespace {

std::vector<q::Questionnaire> shipped() { return kiosk::test::shipped_questionnaires(); }

kiosk::referrals::Catalogue sample_referrals() {
    auto c = kiosk::referrals::load_catalogue(fs::path(KIOSK_SOURCE_DIR) / "assets/referrals/voorbeeldstad.json");
    REQUIRE(c.ok());
    return *c;
}

int envelopes_in(const fs::path& data_dir) {
    auto r = run(KIOSKCTL_BIN, {"outbox", "list", "--data-dir", data_dir.string()});
    REQUIRE(r.exit_code == 0);
    return static_cast<int>(std::count(r.out.begin(), r.out.end(), '\n'));
}

// What the organisation could read of a data dir's envelopes: each one opened
// with the demo organisation's results key (the device cannot open them itself).
std::string opened_envelopes(const fs::path& data_dir) {
    auto r = run(KIOSKCTL_BIN, {"open", "--key", (data_dir / "demo-org").string(), "--data-dir", data_dir.string()});
    REQUIRE(r.exit_code == 0);
    return r.out;
}

// A session that ends before Done leaves one completion record (issue 17):
// which questionnaire, how far, why it ended, the day. Nothing answered or typed.
void check_only_a_completion_record(const fs::path& data_dir, const std::vector<std::string>& never) {
    CHECK(envelopes_in(data_dir) == 1);
    const std::string opened = opened_envelopes(data_dir);
    CHECK(opened.find("QuestionnaireResponse") == std::string::npos);
    CHECK(opened.find("\"item\"") == std::string::npos);
    for (const auto& text : never) {
        INFO(text);
        CHECK(opened.find(text) == std::string::npos);
    }
}

const q::Questionnaire& find(const std::vector<q::Questionnaire>& all, const std::string& id) {
    for (const auto& qn : all)
        if (qn.id == id) return qn;
    FAIL("no questionnaire " << id);
    return all.front();
}

}  // namespace

TEST_CASE("every shipped questionnaire can be walked to the end with stable ids in Dutch and English") {
    auto all = shipped();
    REQUIRE(all.size() >= 8);
    auto refs = sample_referrals();
    fs::path keep = fs::path(KIOSK_TEST_TMP_DIR).parent_path() / "screens";  // kept for people to look at
    for (const auto& qn : all) {
        for (std::string lang : {"nl", "en"}) {
            TempDir dir("walk");
            WalkOptions o;
            o.lang = lang;
            o.shots_prefix = qn.id + "-" + lang + "-";
            Walk w = plan_walk(qn, refs, o);
            auto r = run_kiosk_script(dir, w.script);
            INFO(qn.id << " " << lang << ": " << r.err);
            REQUIRE(r.exit_code == 0);
            // One sealed envelope per finished walk, none readable.
            CHECK(envelopes_in(dir / "data") == 1);
            // Every screen was photographed and dumped, in the right language.
            int checked = 0;
            for (const auto& e : fs::directory_iterator(dir.path())) {
                if (e.path().extension() != ".json" || e.path().filename() == "script.json") continue;
                auto ui = read_json(e.path());
                if (ui["screen"] == "welcome" || ui["screen"] == "choose") continue;
                ++checked;
                std::string all_text;
                for (const auto& t : ui["texts"]) all_text += t["text"].get<std::string>() + "\n";
                for (const auto& wd : ui["widgets"]) all_text += wd["label"].get<std::string>() + "\n";
                INFO(e.path().filename().string());
                bool asks = ui["screen"] == "keyboard";
                for (const auto& wd : ui["widgets"]) asks |= wd["id"].get<std::string>().rfind("answer.", 0) == 0;
                if (asks) {  // every question can be skipped, and left with Back
                    CHECK(find_widget(ui, "skip"));
                    CHECK(all_text.find(lang == "nl" ? "Dat zeg ik liever niet" : "I'd rather not say") != std::string::npos);
                    CHECK(all_text.find(lang == "nl" ? "Terug" : "Back") != std::string::npos);
                }
                CHECK(fs::file_size(fs::path(e.path()).replace_extension(".png")) > 5000);
            }
            CHECK(checked == w.screens - 2);
            fs::create_directories(keep);
            for (const auto& e : fs::directory_iterator(dir.path()))
                if (e.path().extension() == ".png")
                    fs::copy_file(e.path(), keep / e.path().filename(), fs::copy_options::overwrite_existing);
        }
    }
}

TEST_CASE("every screen meets target size and contrast at three screen sizes and three text scales and both themes") {
    auto all = shipped();
    auto refs = sample_referrals();
    // Each size with the DPI of a real device of that size: an 8-inch
    // 1280x800 tablet, a 24-inch full-HD kiosk, an 8-inch portrait tablet.
    // Targets must be 64 px (scaled with the display) and 9 mm at that DPI.
    const std::map<std::string, double> dpi{{"1280x800", 189}, {"1920x1080", 92}, {"800x1280", 189}};
    // The short, easy and intake questionnaires between them show every
    // screen and every kind of question (scale, faces, pictures, keyboard).
    for (const std::string id : {"howareyou-short", "howareyou-easy", "intake"}) {
        for (std::string size : {"1280x800", "1920x1080", "800x1280"}) {
            for (int pct : {100, 150, 200})
            for (bool hc : {false, true}) {
                // Both themes at every text scale at 1280x800; at the other
                // sizes the high-contrast theme at 150 % keeps the run short.
                if (hc && size != "1280x800" && pct != 150) continue;
                TempDir dir("a11y-walk");
                WalkOptions o;
                o.dumps_prefix = "d-";
                o.preamble = "tap text-size." + std::to_string(pct) + "\n" + (hc ? "tap contrast.high\n" : "");
                Walk w = plan_walk(find(all, id), refs, o);
                auto r = run_kiosk_script(dir, w.script, size, {"--dpi", std::to_string(static_cast<int>(dpi.at(size)))});
                INFO(id << " " << size << " " << pct << "% hc=" << hc << ": " << r.err);
                REQUIRE(r.exit_code == 0);
                double nine_mm = 9.0 / 25.4 * dpi.at(size);
                for (const auto& e : fs::directory_iterator(dir.path()))
                    if (e.path().extension() == ".json")
                        check_targets_and_contrast(read_json(e.path()), hc ? 7.0 : 4.5, std::max(64.0, nine_mm));
            }
        }
    }
}

TEST_CASE("declining consent ends politely and stores nothing") {
    TempDir dir("decline");
    auto r = run_kiosk_script(dir,
                              "tap start\ntap choose.howareyou-short\ntap consent.decline\n"
                              "expect-screen thanks\nexpect-text Er is niets bewaard\ntap finish\nexpect-screen welcome\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    check_only_a_completion_record(dir / "data", {});
}

TEST_CASE("the idle warning appears and continue extends it and the timeout wipes every trace") {
    TempDir dir("idle");
    auto r = run_kiosk_script(dir,
                              "tap start\ntap choose.intake\ntap consent.agree\n"
                              "tap next\n"               // intro
                              "tap answer.0\n"           // for whom
                              "tap answer.1\ntap next\n" // a theme
                              "expect-screen keyboard\ntype Marloes Zwanenburg\n"
                              "expect-text Marloes Zwanenburg\n"
                              "advance 89s\nexpect-screen keyboard\n"
                              "advance 2s\nexpect-screen still-here\nexpect-text 30 seconden\n"
                              "tap still-here\nexpect-screen keyboard\nexpect-text Marloes Zwanenburg\n"
                              "advance 95s\nexpect-screen still-here\n"
                              "advance 31s\nexpect-screen welcome\n"
                              "expect-no-text Marloes\nscreenshot after.png\ndump-ui after.json\n"
                              // The next person starts clean: same questionnaire, empty field.
                              "tap start\ntap choose.intake\ntap consent.agree\ntap next\ntap answer.0\ntap answer.1\ntap next\n"
                              "expect-screen keyboard\nexpect-no-text Marloes\ndump-ui field.json\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    for (const char* f : {"after.json", "field.json"}) {
        std::string dump = read_file(dir / f);
        CHECK(dump.find("Marloes") == std::string::npos);
        CHECK(dump.find("Zwanenburg") == std::string::npos);
    }
    // An unfinished interview is discarded, not sent; only its completion record is sealed.
    check_only_a_completion_record(dir / "data", {"Marloes", "Zwanenburg"});
}

TEST_CASE("the spider chart renders for a complete and for a partly skipped answer set") {
    auto all = shipped();
    auto refs = sample_referrals();
    for (bool skip : {false, true}) {
        TempDir dir("spider");
        WalkOptions o;
        o.shots_prefix = "s-";
        o.skip_body = skip;
        Walk w = plan_walk(find(all, "howareyou-short"), refs, o);
        REQUIRE(w.spider);
        auto r = run_kiosk_script(dir, w.script);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        nlohmann::json result;
        for (const auto& e : fs::directory_iterator(dir.path()))
            if (e.path().extension() == ".json" && e.path().filename().string().find("-result") != std::string::npos)
                result = read_json(e.path());
        REQUIRE(result["screen"] == "result");
        std::string texts;
        for (const auto& t : result["texts"]) texts += t["text"].get<std::string>() + "\n";
        for (const char* domain : {"Lichaam", "Gevoel", "Zingeving", "Prettig leven", "Meedoen", "Dagelijks leven"})
            CHECK(texts.find(domain) != std::string::npos);
        if (skip) CHECK(texts.find("Lichaam: geen antwoord.") != std::string::npos);
        else CHECK(texts.find("Lichaam: 0 van de 10") != std::string::npos);
    }
}

TEST_CASE("switching language mid-interview keeps the answers given") {
    TempDir dir("midlang");
    auto r = run_kiosk_script(dir,
                              "tap start\ntap choose.howareyou-short\ntap consent.agree\ntap next\ntap next\n"
                              "tap answer.7\ntap answer.3\n"
                              "expect-text Vraag 3 van 17\ntap lang.en\nexpect-text Question 3 of 17\n"
                              "tap back\ntap back\nexpect-screen question\ndump-ui q1.json\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto ui = read_json(dir / "q1.json");
    // The first answer (7) is still chosen, now on the English screen.
    const auto* seven = find_widget(ui, "answer.7");
    const auto* six = find_widget(ui, "answer.6");
    REQUIRE(seven);
    REQUIRE(six);
    CHECK((*seven)["bg_rgb"] != (*six)["bg_rgb"]);
    CHECK(ui.dump().find("I'd rather not say") != std::string::npos);
}

TEST_CASE("the wish to talk travels inside the sealed response") {
    auto all = shipped();
    TempDir dir("talk");
    WalkOptions o;
    o.talk = true;
    Walk w = plan_walk(find(all, "howareyou-short"), sample_referrals(), o);
    auto r = run_kiosk_script(dir, w.script);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // Only the organisation's key opens it (here the demo org made for this data dir).
    auto opened = run(KIOSKCTL_BIN, {"open", "--key", (dir / "data/demo-org").string(), "--data-dir", (dir / "data").string()});
    INFO(opened.err);
    REQUIRE(opened.exit_code == 0);
    auto line = nlohmann::json::parse(opened.out.substr(0, opened.out.find('\n')));
    const auto& resp = line["content"]["response"];
    CHECK(resp["resourceType"] == "QuestionnaireResponse");
    CHECK(resp["status"] == "completed");
    bool talk = false;
    for (const auto& ext : resp["extension"])
        if (ext["url"].get<std::string>().find("talk-wish") != std::string::npos) talk = ext["valueBoolean"].get<bool>();
    CHECK(talk);
    // And nothing of it in clear on the device.
    for (const auto& e : fs::recursive_directory_iterator(dir / "data"))
        if (e.is_regular_file()) CHECK(read_file(e.path()).find("talk-wish") == std::string::npos);
}

TEST_CASE("the staff screen shows what is waiting to be sent and never an answer") {
    auto all = shipped();
    TempDir dir("staffinfo");
    WalkOptions o;
    Walk w = plan_walk(find(all, "intake"), sample_referrals(), o);
    auto r = run_kiosk_script(dir, w.script +
                                       "hold staff.corner 3s\ntap pin.1\ntap pin.2\ntap pin.3\ntap pin.4\ntap pin.ok\n"
                                       "expect-screen staff\nexpect-text Nog te versturen: 1\nexpect-text Demo-apparaat\n"
                                       "dump-ui staff.json\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // The walk typed "Anna" into the intake; it is sealed, not shown.
    CHECK(read_file(dir / "staff.json").find("Anna") == std::string::npos);
    CHECK_FALSE(find_widget(read_json(dir / "staff.json"), "staff.sync"));  // a demo device has nowhere to send to
}
