// The camera on the scan screen (issue 18): a device with a camera reads the
// take-home QR code itself. The camera here is the test seam: image files
// played as frames (`kiosk --camera-frames DIR`), read by the same reader
// thread and the same zbar decoder a V4L2 camera's frames go through. The
// decoder, the frame sources and the reader on their own: tests/camera.
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <mutex>
#include <thread>

#include "camera/camera_reader.hpp"
#include "camera/frame_source.hpp"
#include "camera/qr_decoder.hpp"
#include "i18n/catalog.hpp"
#include "core/clock.hpp"
#include "qr/qr.hpp"
#include "session/kiosk_state.hpp"
#include "session/read_aloud.hpp"
#include "staff_support.hpp"
#include "takehome/result_code.hpp"
#include "qr_frames.hpp"
#include "ui_harness.hpp"

using namespace kiosk;
using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {

const std::string& kCode = kResultCodeText;
const std::string& kForeign = kForeignQrText;

}  // namespace

TEST_CASE("the kiosk reads last time's result with the camera: a foreign code gets the plain message, the thanks "
          "screen's code compares") {
    TempDir dir("camera-kiosk");
    // Visit 1: the short form; the thanks screen is what the resident photographed.
    auto r1 = run_kiosk_script(dir, "tap lang.en\ntap start\n"
                                    "tap choose.howareyou-short\nexpect-screen consent\ntap consent.agree\ntap next\ntap next\n" +
                                        short_answers(0, 17) + short_ending() + "screenshot thanks1.png\ntap finish\nquit\n");
    INFO(r1.err);
    REQUIRE(r1.exit_code == 0);
    camera::QrDecoder decoder;
    auto shot = camera::load_image(dir / "thanks1.png");
    REQUIRE(shot);
    auto payload = decoder.decode(*shot);
    REQUIRE(payload);
    INFO("the code: " << *payload);
    auto code = takehome::decode(*payload);
    REQUIRE(code);

    const std::string en_camera = kiosk::i18n::tr("scan.camera", "en");
    const std::string en_bad = kiosk::i18n::tr("scan.bad", "en");

    SECTION("a foreign code, then the scanner still types") {
        fs::create_directories(dir / "foreign");
        write_pgm(dir / "foreign" / "00-counter.pgm", "");
        write_pgm(dir / "foreign" / "01-menu.pgm", kForeign);
        auto r = run_kiosk_script(dir,
                                  "tap lang.en\ntap start\ntap compare\nexpect-screen scan\nwait-text " + en_camera +
                                      "\nwait-text " + en_bad + "\nexpect-screen scan\ndump-ui foreign.json\n"
                                      "type " + *payload + "\nkey enter\nexpect-screen choose\n"
                                      "expect-text ready to compare\nquit\n",
                                  "1280x800", {"--camera-frames", (dir / "foreign").string()});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        auto ui = read_json(dir / "foreign.json");
        CHECK(find_widget(ui, "back"));
        CHECK(read_file(dir / "foreign.json").find("example.org") == std::string::npos);
        CHECK(r.err.find("camera: 2 image files") != std::string::npos);
        CHECK(r.err.find("example.org") == std::string::npos);  // never a decoded text in the log
    }

    SECTION("the thanks screen held up: compared, and nothing of it stays") {
        fs::create_directories(dir / "frames");
        write_pgm(dir / "frames" / "00-counter.pgm", "");
        write_pgm(dir / "frames" / "01-menu.pgm", kForeign);
        write_pgm(dir / "frames" / "02-counter.pgm", "");
        fs::copy_file(dir / "thanks1.png", dir / "frames" / "03-phone.png");
        auto r = run_kiosk_script(
            dir,
            // No expect-screen scan after the tap: on a slow machine the camera may
            // already have read the code by then, as it would for a quick resident.
            "tap lang.en\ntap start\nexpect-no-text ready to compare\ntap compare\n"
            "wait-text ready to compare\nexpect-screen choose\n"
            "tap choose.howareyou-short\nexpect-screen consent\ntap consent.agree\ntap next\ntap next\n" +
                short_answers(0, 17) + "expect-screen review\ntap review.done\nexpect-screen result\n"
                "dump-ui result.json\ntap next\ntap talk.no\ntap next\nexpect-screen thanks\ntap finish\n"
                "expect-screen welcome\ntap start\nexpect-no-text ready to compare\nquit\n",
            "1280x800", {"--camera-frames", (dir / "frames").string()});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        auto result = read_json(dir / "result.json");
        bool previous = false;
        for (const auto& f : result["figures"]) previous |= f["id"] == "result.previous";
        CHECK(previous);
        // The same short form both times: every domain with a score on both sides says "the same as".
        bool same = false;
        for (const auto& t : result["texts"]) same |= t["text"].get<std::string>().find("the same as last time") != std::string::npos;
        CHECK(same);
        // No frame and no decoded text on disk.
        const std::string marks = payload->substr(payload->rfind(' ') + 1);
        CHECK(files_containing(dir / "data", {*payload, "HOWAREYOU SHORT", "example.org"}).empty());
        std::size_t images = 0;
        for (const auto& e : fs::recursive_directory_iterator(dir / "data")) {
            auto ext = e.path().extension().string();
            images += ext == ".png" || ext == ".pgm" || ext == ".jpg";
        }
        CHECK(images == 0);
    }
}

TEST_CASE("a camera device that is not there: the scan screen shows no error and the USB scanner works") {
    TempDir dir("camera-none");
    const std::string code = "IK1 HOWAREYOU SHORT 1.0.0 20261101 555555";
    auto r = run_kiosk_script(dir,
                              "tap lang.en\ntap start\ntap compare\nexpect-screen scan\nadvance 1s\ndump-ui scan.json\n"
                              "tap back\ntap compare\nexpect-screen scan\ntype " + code + "\nkey enter\n"
                              "expect-screen choose\nexpect-text ready to compare\nquit\n",
                              "1280x800", {"--camera", "/dev/video-none"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto ui = read_json(dir / "scan.json");
    const std::string dump = read_file(dir / "scan.json");
    CHECK(dump.find("camera") == std::string::npos);
    CHECK(dump.find("video") == std::string::npos);
    CHECK(dump.find(kiosk::i18n::tr("scan.body", "en")) != std::string::npos);
    CHECK(find_widget(ui, "back"));
    // Never more than one line for staff in the log, however often the screen
    // is opened. (The script does not wait in real time, so the kiosk may
    // quit before the reader's thread tried the device: that it says so
    // exactly once is the reader's test above.)
    std::size_t lines = 0;
    for (std::size_t at = r.err.find("/dev/video-none"); at != std::string::npos; at = r.err.find("/dev/video-none", at + 1))
        ++lines;
    CHECK(lines <= 1);
}

TEST_CASE("with a camera the scan screen says to hold the code in front of it, read aloud too, and a code it read "
          "goes the scanner's way") {
    ManualClock clock;
    KioskOptions o;
    o.default_lang = "en";
    KioskState s(clock, o, [](const std::string&) { return false; });
    s.set_catalog(shipped_questionnaires());
    s.start();
    s.open_scan();
    REQUIRE(s.screen() == Screen::Scan);
    const std::string hold = kiosk::i18n::tr("scan.camera", "en");
    CHECK(screen_utterance(s).text.find(hold) == std::string::npos);
    const std::string before = speech_key(s);
    s.set_camera_available(true);
    CHECK(screen_utterance(s).text.find(hold) != std::string::npos);
    CHECK(speech_key(s) != before);  // read again now that the line is there
    s.scan_read(kForeign);
    CHECK(s.screen() == Screen::Scan);
    CHECK(s.scan_error() == "scan.bad");
    s.type_text("IK1 HOWAR");  // half typed by a scanner, then the camera reads a whole code
    s.scan_read(kCode);
    CHECK(s.screen() == Screen::Choose);
    REQUIRE(s.previous());
    CHECK(s.previous()->day == "2026-11-01");
    s.scan_read(kForeign);  // off the scan screen: ignored
    CHECK(s.screen() == Screen::Choose);
    CHECK(s.scan_error().empty());
}
