// Compare with last time (issue 18): a resident finishes the short form, takes
// the thanks screen's QR code home (read here from a screenshot by zbar, an
// independent decoder), and next time scans it back with a USB scanner (the
// script's `type` and `key enter`). The result then draws the previous web
// dashed and says per domain higher / the same / lower; the sealed response
// carries the pair to the organisation's export; the kiosk keeps nothing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "core/clock.hpp"
#include "i18n/catalog.hpp"
#include "questionnaire/model.hpp"
#include "session/kiosk_state.hpp"
#include "session/read_aloud.hpp"
#include "staff_device.hpp"
#include "staff_support.hpp"
#include "sync_fixture.hpp"
#include "takehome/result_code.hpp"
#include "ui_harness.hpp"

using namespace kiosk;
using namespace kiosk::test;
namespace fs = std::filesystem;
namespace q = kiosk::questionnaire;

namespace {

const std::string kBase = "https://fhir.intake-kiosk.example/StructureDefinition/";

// From welcome to the first question of howareyou-short.
const std::string kStartShort = "tap choose.howareyou-short\nexpect-screen consent\ntap consent.agree\ntap next\ntap next\n";

// A second visit's answers: different enough that domains go up and down.
std::string other_answers() {
    static const char* a[] = {"answer.2", "answer.3", "answer.9", "answer.8", "answer.2", "answer.9",
                              "answer.4", "answer.5", "answer.9", "answer.2", "answer.3", "answer.6",
                              "answer.8", "answer.3", "answer.8", "answer.1", "answer.6"};
    std::string s;
    for (const char* t : a) s += std::string("tap ") + t + "\n";
    return s;
}

std::string zbar(const fs::path& png) {
    auto z = run("/usr/bin/zbarimg", {"-q", "--raw", png.string()});
    INFO(z.err);
    REQUIRE(z.exit_code == 0);
    std::string text = z.out;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

bool has_text(const nlohmann::json& ui, const std::string& needle) {
    for (const auto& t : ui["texts"])
        if (t["text"].get<std::string>().find(needle) != std::string::npos) return true;
    return false;
}

const nlohmann::json* figure(const nlohmann::json& ui, const std::string& id) {
    if (!ui.contains("figures")) return nullptr;
    for (const auto& f : ui["figures"])
        if (f["id"] == id) return &f;
    return nullptr;
}

const nlohmann::json* extension(const nlohmann::json& r, const std::string& name) {
    if (!r.contains("extension")) return nullptr;
    for (const auto& e : r["extension"])
        if (e["url"] == kBase + name) return &e;
    return nullptr;
}

std::vector<std::string> split_csv_line(const std::string& line) {
    std::vector<std::string> out;
    std::string cell;
    bool quoted = false;
    for (char c : line) {
        if (c == '"') quoted = !quoted;
        else if (c == ',' && !quoted) {
            out.push_back(cell);
            cell.clear();
        } else cell += c;
    }
    out.push_back(cell);
    return out;
}

}  // namespace

TEST_CASE("a resident scans last time's result back: the result compares per domain, the export shows the pair, "
          "the kiosk keeps nothing") {
    TempDir dir("compare");
    StaffDevice dev(dir, "library");

    // Visit 1: the short form, thanks screen photographed.
    auto r1 = run_script(dir, dev.data, "visit1",
                         "tap start\n" + kStartShort + short_answers(0, 17) + short_ending() +
                             "screenshot thanks1.png\ntap finish\nexpect-screen welcome\nquit\n");
    INFO(r1.err);
    REQUIRE(r1.exit_code == 0);
    const std::string payload1 = zbar(dir / "thanks1.png");
    INFO("first code: " << payload1);
    auto code1 = takehome::decode(payload1);
    REQUIRE(code1);

    // Visit 2, a new session: the scanner types the code and presses Enter.
    auto r2 = run_script(dir, dev.data, "visit2",
                         "tap start\nexpect-screen choose\nexpect-no-text ready to compare\ntap compare\n"
                         "expect-screen scan\ndump-ui scan.json\ntype " + payload1 + "\nkey enter\n"
                         "expect-screen choose\nexpect-text ready to compare\ndump-ui choose.json\n" +
                             kStartShort + other_answers() +
                             "expect-screen review\ntap review.done\nexpect-screen result\ndump-ui result.json\n"
                             "tap next\ntap talk.no\ntap next\nexpect-screen thanks\nscreenshot thanks2.png\n"
                             "tap finish\nexpect-screen welcome\ntap start\nexpect-no-text ready to compare\n"
                             "dump-ui after.json\nquit\n");
    INFO(r2.err);
    REQUIRE(r2.exit_code == 0);
    const std::string payload2 = zbar(dir / "thanks2.png");
    INFO("second code: " << payload2);
    auto code2 = takehome::decode(payload2);
    REQUIRE(code2);

    // The scan screen says what to do and has a way back; the choose screen, that it is ready.
    auto scan = read_json(dir / "scan.json");
    CHECK(has_text(scan, kiosk::i18n::tr("scan.body", "en")));
    CHECK(find_widget(scan, "back"));
    CHECK(find_widget(scan, "stop"));
    CHECK(has_text(read_json(dir / "choose.json"), "Your previous result of "));

    // The result: both webs, and per domain the plain words, from the two codes.
    auto result = read_json(dir / "result.json");
    REQUIRE(figure(result, "result.previous"));
    CHECK(figure(result, "result.chart"));
    CHECK((*figure(result, "result.previous"))["label"] == kiosk::i18n::tr("compare.legend", "en"));
    int compared = 0, differ = 0;
    for (std::size_t i = 0; i < q::scoring_domains().size(); ++i) {
        const auto& a = code1->scores[i];
        const auto& b = code2->scores[i];
        const std::string name = kiosk::i18n::tr("domain." + q::scoring_domains()[i], "en");
        INFO(name);
        if (!a || !b) {
            CHECK(has_text(result, name + ": cannot be compared"));
            continue;
        }
        const char* word = *b > *a ? "higher than" : *b < *a ? "lower than" : "the same as";
        CHECK(has_text(result, name + ": " + word + " last time (then " + std::to_string(*a) + ", now " +
                                   std::to_string(*b) + ")."));
        ++compared;
        differ += *a != *b;
    }
    CHECK(compared >= 5);
    CHECK(differ >= 3);
    // Nothing of it is on the screens the next resident sees.
    CHECK(read_file(dir / "after.json").find("last time") == std::string::npos);

    // The organisation's export shows the pair: visit 2 carries visit 1's scores.
    REQUIRE(wait_until([&] { return stored_uuids(dev.db).size() == 2; }, 10000));
    auto responses = dev.export_responses();
    REQUIRE(responses.size() == 2);
    int with_previous = 0;
    for (const auto& resp : responses) {
        const auto* e = extension(resp, "previous-result");
        if (!e) continue;
        ++with_previous;
        std::map<std::string, nlohmann::json> parts;
        for (const auto& p : (*e)["extension"]) parts[p["url"]] = p;
        CHECK(parts["date"]["valueDate"] == code1->day);
        CHECK(parts["family"]["valueCode"] == "howareyou");
        CHECK(parts["variant"]["valueCode"] == "short");
        CHECK(parts["version"]["valueString"] == code1->version);
        for (std::size_t i = 0; i < q::scoring_domains().size(); ++i) {
            const std::string& d = q::scoring_domains()[i];
            if (code1->scores[i]) CHECK(parts[d]["valueInteger"] == *code1->scores[i]);
            else CHECK_FALSE(parts.count(d));
        }
    }
    CHECK(with_previous == 1);
    std::string csv = read_file(dir / "export" / "howareyou-short.csv");
    INFO(csv);
    std::istringstream lines(csv);
    std::string header_line, line;
    std::getline(lines, header_line);
    auto header = split_csv_line(header_line);
    auto col = [&](const std::string& name) {
        return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
    };
    REQUIRE(col("previous_date") < header.size());
    REQUIRE(col("previous_body") < header.size());
    int rows_with = 0, rows_without = 0;
    while (std::getline(lines, line)) {
        auto cells = split_csv_line(line);
        REQUIRE(cells.size() == header.size());
        if (cells[col("previous_date")].empty()) {
            ++rows_without;
            continue;
        }
        ++rows_with;
        CHECK(cells[col("previous_date")] == code1->day);
        CHECK(cells[col("previous_variant")] == "short");
        for (std::size_t i = 0; i < q::scoring_domains().size(); ++i)
            CHECK(cells[col("previous_" + q::scoring_domains()[i])] ==
                  (code1->scores[i] ? std::to_string(*code1->scores[i]) : std::string()));
    }
    CHECK(rows_with == 1);
    CHECK(rows_without == 1);

    // The data dir holds nothing of either code: not the text, not the
    // scores, not the extension's name (scanned like a stolen data dir).
    std::string lower1 = payload1;
    std::transform(lower1.begin(), lower1.end(), lower1.begin(), [](unsigned char c) { return std::tolower(c); });
    const std::string marks1 = payload1.substr(payload1.rfind(' ') + 1);
    const std::string marks2 = payload2.substr(payload2.rfind(' ') + 1);
    std::size_t files = 0;
    for (const auto& e : fs::recursive_directory_iterator(dev.data)) files += e.is_regular_file();
    REQUIRE(files > 0);  // the outbox, the keys, the settings: there is something to scan
    CHECK(files_containing(dev.data, {payload1, lower1, payload2, "HOWAREYOU SHORT", marks1, marks2,
                                      "previous-result", "previous_date"})
              .empty());
}

TEST_CASE("a bad or foreign code gets a plain message in Dutch and English, and the resident can try again or go back") {
    TempDir dir("compare-bad");
    auto nl = [](const char* k) { return kiosk::i18n::tr(k, "nl"); };
    auto en = [](const char* k) { return kiosk::i18n::tr(k, "en"); };
    const std::string script =
        // Dutch: not a code at all, a newer version, a questionnaire this kiosk has not.
        "tap start\ntap compare\nexpect-screen scan\ntype HALLO WERELD\nkey enter\nexpect-screen scan\n"
        "expect-text " + nl("scan.bad") + "\ndump-ui bad-nl.json\n"
        "type IK2 HOWAREYOU SHORT 1.0.0 20261101 555555\nkey enter\nexpect-text " + nl("scan.bad") + "\n"
        "type IK1 HOWAREYOU SHORT 1.0.0 20261131 555555\nkey enter\nexpect-text " + nl("scan.bad") + "\n"
        "type IK1 SLEEPWELL - - 20261101 555555\nkey enter\nexpect-screen scan\nexpect-text " + nl("scan.unknown") + "\n"
        // Typed but not ended by the scanner: a button reads it; what was typed is never shown.
        "type IK1 HOWAREYOU SHORT 1.0.0 20261101 57\ndump-ui typed.json\n"
        "key backspace\nkey backspace\n"
        // Back: the choose screen, nothing kept.
        "tap back\nexpect-screen choose\nexpect-no-text 2026\ntap back\nexpect-screen welcome\n"
        // English, and a good code after a bad one (a newline from the scanner reads it too).
        "tap lang.en\ntap start\ntap compare\ntype not a code\nkey enter\nexpect-text " + en("scan.bad") + "\n"
        "dump-ui bad-en.json\ntype ik1 howareyou short 1.0.0 20261101 5a5-55\nkey enter\nexpect-screen choose\n"
        "expect-text Your previous result of 1 November 2026 is ready to compare.\nquit\n";
    auto r = run_kiosk_script(dir, script);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(nl("scan.bad") != en("scan.bad"));
    auto typed = read_json(dir / "typed.json");
    CHECK(find_widget(typed, "scan.try"));
    CHECK(read_file(dir / "typed.json").find("HOWAREYOU") == std::string::npos);
    for (const char* f : {"bad-nl.json", "bad-en.json"}) {
        auto ui = read_json(dir / f);
        INFO(f);
        CHECK(find_widget(ui, "back"));
        CHECK(find_widget(ui, "help"));
        CHECK(ui["missing_glyphs"].empty());
        check_targets_and_contrast(ui, 4.5);
    }
}

TEST_CASE("a previous result of the full form is not compared with the short form, and the screen says so") {
    TempDir dir("compare-variant");
    auto r = run_kiosk_script(
        dir, "tap lang.en\ntap start\ntap compare\ntype IK1 HOWAREYOU FULL 1.0.0 20261101 555555\nkey enter\n"
             "expect-screen choose\n" + kStartShort + short_answers(0, 17) +
                 "expect-screen review\ntap review.done\nexpect-screen result\ndump-ui result.json\nquit\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto ui = read_json(dir / "result.json");
    CHECK_FALSE(figure(ui, "result.previous"));
    CHECK(figure(ui, "result.chart"));
    CHECK(has_text(ui, kiosk::i18n::tr("compare.other-variant", "en")));
    CHECK(has_text(ui, "Your previous result of 1 November 2026"));
    CHECK_FALSE(has_text(ui, "than last time"));
    CHECK_FALSE(has_text(ui, "same as last time"));
}

TEST_CASE("read-aloud says the comparison, and the previous result is forgotten when the session ends") {
    ManualClock clock;
    auto catalog = shipped_questionnaires();
    auto to_result = [&](KioskState& s, const std::string& code) {
        s.start();
        REQUIRE(s.screen() == Screen::Choose);
        s.open_scan();
        REQUIRE(s.screen() == Screen::Scan);
        s.type_text(code + "\n");
        REQUIRE(s.screen() == Screen::Choose);
        REQUIRE(s.previous());
        s.choose("howareyou-short");
        s.consent_agree();
        for (int guard = 0; guard < 200 && s.screen() != Screen::Review; ++guard) {
            const auto* item = s.interview()->current();
            if (s.screen() == Screen::Question && item && item->is_answerable()) {
                s.select_option(8);
                if (!s.confirming()) s.select_option(0);
                if (!s.confirming()) s.skip();
                clock.advance(2000);
                s.tick();
            } else {
                s.next();
            }
        }
        REQUIRE(s.screen() == Screen::Review);
        s.review_done();
        REQUIRE(s.screen() == Screen::Result);
    };
    KioskOptions o;
    o.default_lang = "en";
    {
        KioskState s(clock, o, [](const std::string&) { return false; });
        s.set_catalog(catalog);
        to_result(s, "IK1 HOWAREYOU SHORT 1.0.0 20261101 5555-5");
        const std::string said = screen_utterance(s).text;
        INFO(said);
        CHECK(said.find("Compared with last time (1 November 2026).") != std::string::npos);
        CHECK(said.find("The dashed line is your previous result.") != std::string::npos);
        CHECK(said.find("Body: higher than last time (then 5, now ") != std::string::npos);
        CHECK(said.find("Taking part: cannot be compared") != std::string::npos);
        s.result_next();
        s.talk(false);
        if (s.screen() == Screen::Referrals) s.referrals_done();
        REQUIRE(s.screen() == Screen::Thanks);
        s.finish();
        CHECK_FALSE(s.previous());
        // Stop on the scan screen, and the idle wipe, forget it too.
        s.start();
        s.open_scan();
        s.type_text("IK1 HOWAREYOU SHORT 1.0.0 20261101 555555");
        s.key_enter();
        REQUIRE(s.previous());
        s.stop();
        s.stop_confirm(true);
        CHECK_FALSE(s.previous());
        s.finish();
        s.start();
        s.open_scan();
        // A refusal is read as soon as it shows (read-aloud on), and says what to do.
        const std::string before = speech_key(s);
        s.type_text("IK1 HOWAREYOU\n");
        CHECK(s.screen() == Screen::Scan);
        CHECK(speech_key(s) != before);
        CHECK(screen_utterance(s).text.find(kiosk::i18n::tr("scan.bad", "en")) != std::string::npos);
        s.type_text("IK1 HOWAREYOU SHORT 1.0.0 20261101 555555\n");
        REQUIRE(s.previous());
        clock.advance(o.idle_after_ms + 1);
        s.tick();
        REQUIRE(s.screen() == Screen::StillHere);
        clock.advance(o.idle_warning_ms + 1);
        s.tick();
        CHECK(s.screen() == Screen::Welcome);
        CHECK_FALSE(s.previous());
    }
    {
        // Dutch, in the questionnaire's register.
        o.default_lang = "nl";
        KioskState s(clock, o, [](const std::string&) { return false; });
        s.set_catalog(catalog);
        to_result(s, "IK1 HOWAREYOU FULL 1.0.0 20261101 555555");
        const std::string said = screen_utterance(s).text;
        INFO(said);
        CHECK(said.find("1 november 2026") != std::string::npos);
        CHECK(said.find("Die kunnen we niet met deze vergelijken.") != std::string::npos);
        CHECK(said.find("vorige keer (toen") == std::string::npos);
    }
}
