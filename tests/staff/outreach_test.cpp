// Outreach work on a tablet: pause (a draft sealed with the draft key), a
// killed process, resume only after the PIN, expiry of old drafts, and days
// offline that end with everything on the endpoint exactly once.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <set>

#include "core/clock.hpp"
#include "outbox/outbox.hpp"
#include "staff/audit.hpp"
#include "staff_device.hpp"
#include "staff_support.hpp"
#include "sync_fixture.hpp"

extern char** environ;

using namespace kiosk;
using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {

const std::string kBase = "https://fhir.intake-kiosk.example/StructureDefinition/";

std::string start_assisted(const std::string& case_ref, bool paper = false) {
    std::string s = enter_pin() + "expect-screen staff\ntap staff.assisted\ntap assist.q.howareyou-short\n";
    if (!case_ref.empty()) s += "tap assist.case\ntype " + case_ref + "\n";
    if (paper) s += "tap assist.paper\n";
    s += "tap assist.start\n";
    if (!paper) s += "expect-screen consent\ntap consent.agree\n";
    return s + "tap next\ntap next\nexpect-screen question\n";
}

// Reads a FIFO to its end (the kiosk's dump-ui writes it).
std::string read_fifo(const fs::path& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("pause then SIGKILL then restart and resume after the PIN gives one complete response") {
    TempDir dir("staff-pause-kill");
    StaffDevice dev(dir, "outreach tablet");
    const auto data = dev.data;
    // Paused after 5 answers. The script then writes the paused screen to one
    // FIFO and blocks on a second one, where the test kills it.
    fs::path fifo1 = dir / "paused.fifo", fifo2 = dir / "never.fifo";
    REQUIRE(mkfifo(fifo1.c_str(), 0600) == 0);
    REQUIRE(mkfifo(fifo2.c_str(), 0600) == 0);
    KioskRunOptions o;
    o.data = data;
    o.lang = "en";
    o.script_name = "pause";
    std::vector<std::string> args = kiosk_script_args(dir, start_assisted("OR-7001") + short_answers(0, 5) +
                                                               "tap pause\nexpect-screen paused\nexpect-no-text OR-7001\n"
                                                               "screenshot paused.png\ndump-ui " + fifo1.string() + "\ndump-ui " +
                                                               fifo2.string() + "\n", o);
    args.insert(args.begin(), KIOSK_BIN);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    REQUIRE(posix_spawn(&pid, KIOSK_BIN, nullptr, nullptr, argv.data(), environ) == 0);
    auto paused = nlohmann::json::parse(read_fifo(fifo1));
    CHECK(paused["screen"] == "paused");
    REQUIRE(kill(pid, SIGKILL) == 0);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status));

    // The draft is on disk, encrypted: no case reference in clear anywhere.
    CHECK(files_containing(data, {"OR-7001"}).empty());

    // Restart. Without the PIN there is no way back into the interview; with
    // it, the staff list shows the paused interview by case reference and age.
    auto r = run_script(dir, data, "resume",
                        "expect-screen welcome\nexpect-no-text OR-7001\nadvance 2h\n" + enter_pin() +
                            "expect-screen staff\nexpect-text OR-7001, paused 2 h ago\nscreenshot staff-paused.png\n"
                            "tap resume.0\nexpect-screen question\n" + short_answers(5, 17) + short_ending() +
                            "tap handover\ntap handover.yes\nexpect-screen welcome\n" + enter_pin() +
                            "expect-text No paused questionnaires.\nquit\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);

    // No draft left; the endpoint has exactly one response, complete with all answers.
    ManualClock clock;
    auto outbox = Outbox::open(data, clock);
    REQUIRE(outbox);
    CHECK((*outbox)->list_drafts().empty());
    outbox->reset();
    REQUIRE(wait_until([&] { return stored_uuids(dev.db).size() == 1; }, 5000));
    auto responses = dev.export_responses();
    REQUIRE(responses.size() == 1);
    const auto& resp = responses[0];
    CHECK(resp["status"] == "completed");
    CHECK(resp.dump().find("OR-7001") != std::string::npos);
    CHECK(resp.dump().find("interview-state") == std::string::npos);
    int answered = 0;
    std::function<void(const nlohmann::json&)> count = [&](const nlohmann::json& items) {
        for (const auto& it : items) {
            if (it.contains("answer")) ++answered;
            if (it.contains("item")) count(it["item"]);
        }
    };
    count(resp["item"]);
    CHECK(answered == 16);  // 17 questions, one skipped
    std::string log = read_file(staff::audit_log_path(data));
    CHECK(log.find("pause") != std::string::npos);
    CHECK(log.find("resume") != std::string::npos);
}

TEST_CASE("an expired draft is sealed as incomplete and is not readable in the data dir") {
    TempDir dir("staff-expiry");
    auto data = dir / "data";
    set_staff_pin(data);
    // Expiry 2 days (device setting); 3 days pass on the injected clock.
    write_file(data / "settings.json", R"({"draft_expiry_days": 2})");
    auto r = run_script(dir, data, "expire",
                        start_assisted("EX-4242") + short_answers(0, 4) + "tap pause\nexpect-screen paused\n" +
                            enter_pin() + "expect-text EX-4242\ntap staff.back\n"
                            "advance 24h\nadvance 24h\nadvance 25h\n" + enter_pin() +
                            "expect-text No paused questionnaires.\nexpect-no-text EX-4242\nquit\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(files_containing(data, {"EX-4242"}).empty());
    ManualClock clock;
    auto outbox = Outbox::open(data, clock);
    REQUIRE(outbox);
    CHECK((*outbox)->list_drafts().empty());
    CHECK((*outbox)->counts().queued == 1);  // sealed as incomplete (the default policy)
    outbox->reset();
    auto open = run(KIOSKCTL_BIN, {"open", "--key", (data / "demo-org").string(), "--data-dir", data.string()});
    CHECK(open.out.find("\"kind\":\"incomplete\"") != std::string::npos);
    CHECK(read_file(staff::audit_log_path(data)).find("draft-expired n=1") != std::string::npos);
}

TEST_CASE("three days of outreach work offline then everything syncs exactly once") {
    TempDir dir("staff-offline");
    StaffDevice dev(dir, "outreach tablet");
    auto& server = dev.server;
    const auto data = dev.data;
    server.stop();  // no network from here on

    std::string done = short_answers(0, 17) + short_ending() + "tap handover\ntap handover.yes\nexpect-screen welcome\n";
    std::string script =
        // Day 1: two residents.
        start_assisted("OF-1001") + done + start_assisted("OF-1002") + done + "advance 24h\n" +
        // Day 2: one paused, a paper form typed in, then the paused one resumed.
        start_assisted("OF-2001") + short_answers(0, 6) + "tap pause\ntap paused.done\n" +
        start_assisted("OF-2002", true) + done + "advance 3h\n" + enter_pin() +
        "tap resume.0\nexpect-screen question\n" + short_answers(6, 17) + short_ending() +
        "tap handover\ntap handover.yes\nadvance 21h\n" +
        // Day 3: one more.
        start_assisted("OF-3001") + done + "advance 24h\nquit\n";
    auto r = run_script(dir, data, "offline", script);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(files_containing(data, {"OF-1001", "OF-2001", "OF-3001"}).empty());

    // The network returns: the next start sends everything, once.
    server.restart();
    auto sync = run(KIOSK_BIN, {"sync", "--data-dir", data.string(), "--once"});
    INFO(sync.err);
    CHECK(sync.exit_code == 0);
    auto again = run(KIOSK_BIN, {"sync", "--data-dir", data.string(), "--once"});
    CHECK(again.exit_code == 0);
    auto uuids = stored_uuids(dev.db);
    CHECK(uuids.size() == 5);
    CHECK(std::set<std::string>(uuids.begin(), uuids.end()).size() == 5);

    auto responses = dev.export_responses();
    REQUIRE(responses.size() == 5);
    std::set<std::string> refs;
    int paper = 0;
    for (const auto& resp : responses) {
        CHECK(resp["status"] == "completed");
        for (const auto& e : resp["extension"]) {
            if (e["url"] == kBase + "case-reference") refs.insert(e["valueString"].get<std::string>());
            if (e["url"] == kBase + "paper-entry") ++paper;
        }
    }
    CHECK(refs == std::set<std::string>{"OF-1001", "OF-1002", "OF-2001", "OF-2002", "OF-3001"});
    CHECK(paper == 1);
}

TEST_CASE("with the discard setting an expired draft is deleted and nothing is sealed") {
    TempDir dir("staff-expiry-discard");
    auto data = dir / "data";
    set_staff_pin(data);
    REQUIRE(run_script(dir, data, "init", "quit\n").exit_code == 0);  // demo enrollment
    auto device = nlohmann::json::parse(read_file(data / "device.json"));
    device["settings"]["expired_drafts"] = "discard";
    write_file(data / "device.json", device.dump(2));
    auto r = run_script(dir, data, "expire",
                        start_assisted("DX-5150") + short_answers(0, 3) + "tap pause\nexpect-screen paused\n"
                        "advance 170h\n" + enter_pin() + "expect-text No paused questionnaires.\nquit\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(files_containing(data, {"DX-5150"}).empty());
    ManualClock clock;
    auto outbox = Outbox::open(data, clock);
    REQUIRE(outbox);
    CHECK((*outbox)->list_drafts().empty());
    CHECK((*outbox)->counts().queued == 0);
}

TEST_CASE("a resident who stops a resumed visit leaves no draft and no answer, only a completion record") {
    TempDir dir("staff-stop-resumed");
    auto data = dir / "data";
    set_staff_pin(data);
    auto r = run_script(dir, data, "stop-resumed",
                        start_assisted("ST-5150") + short_answers(0, 4) + "tap pause\nexpect-screen paused\n" +
                            "tap paused.done\n" + enter_pin() + "expect-text ST-5150\ntap resume.0\n"
                            "expect-screen question\ntap stop\ntap stop.yes\nexpect-screen thanks\n"
                            "tap finish\n" + enter_pin() +
                            "expect-text No paused questionnaires.\nexpect-no-text ST-5150\nquit\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    ManualClock clock;
    auto outbox = Outbox::open(data, clock);
    REQUIRE(outbox);
    CHECK((*outbox)->list_drafts().empty());
    CHECK((*outbox)->counts().queued == 1);  // the completion record, nothing else
    outbox->reset();
    auto open = run(KIOSKCTL_BIN, {"open", "--key", (data / "demo-org").string(), "--data-dir", data.string()});
    INFO(open.err);
    CHECK(open.out.find("\"kind\":\"completion\"") != std::string::npos);
    CHECK(open.out.find("\"reason\":\"stop\"") != std::string::npos);
    CHECK(open.out.find("ST-5150") == std::string::npos);
    CHECK(open.out.find("\"answer\"") == std::string::npos);
}

TEST_CASE("staff starting another session over a resident's open interview leaves a staff completion record") {
    TempDir dir("staff-over-open");
    auto data = dir / "data";
    set_staff_pin(data);
    // A resident answers three questions and leaves; staff start an assisted
    // session from the staff screen before the idle wipe.
    auto r = run_script(dir, data, "over-open",
                        "tap start\ntap choose.howareyou-short\nexpect-screen consent\ntap consent.agree\n"
                        "tap next\ntap next\nexpect-screen question\n" + short_answers(0, 3) +
                            start_assisted("") + "quit\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    ManualClock clock;
    auto outbox = Outbox::open(data, clock);
    REQUIRE(outbox);
    CHECK((*outbox)->counts().queued == 1);
    outbox->reset();
    auto open = run(KIOSKCTL_BIN, {"open", "--key", (data / "demo-org").string(), "--data-dir", data.string()});
    INFO(open.out);
    CHECK(open.out.find("\"reason\":\"staff\"") != std::string::npos);
    CHECK(open.out.find("\"step\":0") == std::string::npos);
    CHECK(open.out.find("\"answer\"") == std::string::npos);
}
