// Assisted mode end to end: staff start the interview with a case reference,
// "filled in together" and a note; all of it travels inside the sealed
// envelope to the real endpoint and shows in `kioskctl export`; the hand-over
// wipes everything, and no screen shows it afterwards.
#include <catch2/catch.hpp>

#include "staff/audit.hpp"
#include "staff_device.hpp"
#include "staff_support.hpp"
#include "sync_fixture.hpp"

using namespace kiosk;
using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {

const std::string kBase = "https://fhir.intake-kiosk.example/StructureDefinition/";

const nlohmann::json* extension(const nlohmann::json& r, const std::string& name) {
    if (!r.contains("extension")) return nullptr;
    for (const auto& e : r["extension"])
        if (e["url"] == kBase + name) return &e;
    return nullptr;
}

// Start an assisted interview of howareyou-short from the welcome screen.
std::string start_assisted(const std::string& case_ref, const std::string& note, bool together = true,
                           bool paper = false) {
    std::string s = enter_pin() + "expect-screen staff\ntap staff.assisted\nexpect-screen assist\n"
                    "tap assist.q.howareyou-short\n";
    if (!case_ref.empty()) s += "tap assist.case\ntype " + case_ref + "\n";
    if (!note.empty()) s += "tap assist.note\ntype " + note + "\n";
    if (together) s += "tap assist.together\n";
    if (paper) s += "tap assist.paper\n";
    s += "tap assist.start\n";
    if (!paper) s += "expect-screen consent\ntap consent.agree\n";
    return s + "tap next\ntap next\nexpect-screen question\n";
}

// Screens a next person can reach without the PIN, each dumped.
std::string walk_resident_screens(const std::string& prefix) {
    return "expect-screen welcome\ndump-ui " + prefix + "-welcome.json\ntap start\ndump-ui " + prefix +
           "-choose.json\ntap choose.howareyou-short\ndump-ui " + prefix + "-consent.json\ntap consent.agree\n"
           "dump-ui " + prefix + "-intro.json\ntap next\ntap next\ndump-ui " + prefix + "-question.json\n";
}

}  // namespace

TEST_CASE("assisted flow puts case reference and note inside the envelope and handover wipes") {
    TempDir dir("staff-assisted");
    StaffDevice dev(dir, "community centre");
    const auto data = dev.data;

    const std::string note = "bluebird kettle";
    std::string script = enter_pin() + "tap staff.assisted\nexpect-screen assist\n"
                         // A BSN is refused with a clear message, and nothing starts.
                         "tap assist.case\ntype 123456782\ntap assist.start\nexpect-screen assist\n"
                         "expect-text This looks like a national ID number (BSN).\n"
                         "screenshot assist-bsn.png\n";
    for (int i = 0; i < 9; ++i) script += "key backspace\n";
    script += "type AB-1\ntap assist.start\nexpect-text This case reference is not right.\n"
              "key backspace\nkey backspace\nkey backspace\nkey backspace\n"
              "type ab-20261\ntap assist.note\ntype " + note + "\ntap assist.together\n"
              "tap assist.q.howareyou-short\nscreenshot assist.png\ntap assist.start\n"
              "expect-screen consent\ntap consent.agree\ntap next\ntap next\nexpect-screen question\n"
              "expect-no-text AB-20261\nscreenshot assisted-question.png\n" +
              short_answers(0, 17) + short_ending() + "dump-ui thanks.json\nscreenshot handover.png\ntap handover\ntap handover.yes\n" +
              walk_resident_screens("after") + "quit\n";
    auto r = run_script(dir, data, "assisted", script);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto thanks = nlohmann::json::parse(read_file(dir / "thanks.json"));
    bool has_handover = false;
    for (const auto& w : thanks["widgets"]) has_handover = has_handover || w["id"] == "handover";
    CHECK(has_handover);

    // Privacy: no screen after the hand-over shows the case reference or the note.
    for (const char* s : {"welcome", "choose", "consent", "intro", "question"}) {
        std::string dump = read_file(dir / ("after-" + std::string(s) + ".json"));
        INFO(s);
        CHECK(dump.find("AB-20261") == std::string::npos);
        CHECK(dump.find("bluebird") == std::string::npos);
    }
    // The data dir and the audit log never hold them in clear.
    CHECK(files_containing(data, {"AB-20261", "bluebird"}).empty());
    std::string log = read_file(staff::audit_log_path(data));
    CHECK(log.find("assisted-start") != std::string::npos);
    CHECK(log.find("handover") != std::string::npos);

    REQUIRE(wait_until([&] { return stored_uuids(dev.db).size() == 1; }, 5000));
    auto responses = dev.export_responses();
    REQUIRE(responses.size() == 1);
    const auto& resp = responses[0];
    CHECK(resp["status"] == "completed");
    REQUIRE(extension(resp, "case-reference"));
    CHECK((*extension(resp, "case-reference"))["valueString"] == "AB-20261");
    REQUIRE(extension(resp, "staff-note"));
    CHECK((*extension(resp, "staff-note"))["valueString"] == note);
    REQUIRE(extension(resp, "filled-in-together"));
    CHECK((*extension(resp, "filled-in-together"))["valueBoolean"] == true);
    CHECK_FALSE(extension(resp, "paper-entry"));
    CHECK_FALSE(extension(resp, "interview-state"));
    std::string csv = read_file(dir / "export" / "howareyou-short.csv");
    INFO(csv);
    CHECK(csv.find("case_reference") != std::string::npos);
    CHECK(csv.find("AB-20261") != std::string::npos);
    CHECK(csv.find("bluebird kettle") != std::string::npos);
    // case_reference, filled_in_together, staff_note (no paper_entry column: no paper form here)
    CHECK(csv.find("case_reference,filled_in_together,staff_note,") != std::string::npos);
    CHECK(csv.find(",AB-20261,true,bluebird kettle,") != std::string::npos);
}

TEST_CASE("paper form entry is flagged in the envelope and the export") {
    TempDir dir("staff-paper");
    auto data = dir / "data";
    set_staff_pin(data);
    auto r = run_script(dir, data, "paper",
                        start_assisted("PF-3001", "", false, true) + short_answers(0, 17) + short_ending() +
                            "tap handover\ntap handover.yes\nexpect-screen welcome\nquit\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // A demo device keeps its envelopes; the demo org's key opens them.
    auto open = run(KIOSKCTL_BIN, {"open", "--key", (data / "demo-org").string(), "--data-dir", data.string()});
    INFO(open.err);
    REQUIRE(open.exit_code == 0);
    CHECK(open.out.find(kBase + "paper-entry") != std::string::npos);
    CHECK(open.out.find("PF-3001") != std::string::npos);
    CHECK(open.out.find("\"kind\":\"paper\"") != std::string::npos);
    CHECK(open.out.find("\"assisted\":true") != std::string::npos);
    std::string log = read_file(staff::audit_log_path(data));
    CHECK(log.find("paper-entry-start") != std::string::npos);
    auto list = run(KIOSKCTL_BIN, {"outbox", "list", "--data-dir", data.string()});
    CHECK(list.out.find("queued") != std::string::npos);
}

TEST_CASE("staff say a questionnaire was not used and what instead: counted, nothing of the resident kept") {
    TempDir dir("staff-not-used");
    auto data = dir / "data";
    set_staff_pin(data);
    auto r = run_script(dir, data, "not-used",
                        enter_pin() + "tap staff.assisted\nexpect-screen assist\ntap assist.q.howareyou-short\n"
                        "tap assist.case\ntype nu-4711\ntap assist.note\ntype talked about rent\n"
                        "screenshot assist-not-used.png\ntap assist.not-used.other-model\nexpect-screen staff\n"
                        "expect-text Counted as not used. Nothing of the resident was kept.\n"
                        "screenshot staff-not-used.png\ntap staff.back\n" + enter_pin() +
                        "expect-no-text Counted as not used\nquit\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(files_containing(data, {"NU-4711", "nu-4711", "talked about rent"}).empty());
    auto open = run(KIOSKCTL_BIN, {"open", "--key", (data / "demo-org").string(), "--data-dir", data.string()});
    INFO(open.out);
    REQUIRE(open.exit_code == 0);
    CHECK(std::count(open.out.begin(), open.out.end(), '\n') == 1);
    CHECK(open.out.find("\"kind\":\"completion\"") != std::string::npos);
    CHECK(open.out.find("\"reason\":\"not-used\"") != std::string::npos);
    CHECK(open.out.find("\"instead\":\"other-model\"") != std::string::npos);
    CHECK(open.out.find("\"questionnaire\":\"howareyou-short\"") != std::string::npos);
    for (const char* never : {"NU-4711", "nu-4711", "rent", "\"answer\""}) {
        INFO(never);
        CHECK(open.out.find(never) == std::string::npos);
    }
    CHECK(read_file(staff::audit_log_path(data)).find("questionnaire-not-used other-model") != std::string::npos);
}
