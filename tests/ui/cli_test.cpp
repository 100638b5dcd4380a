// The kiosk's command line and scripted input: clear errors, stable exits.
#include <catch2/catch.hpp>

#include "ui_harness.hpp"

using namespace kiosk::test;

TEST_CASE("an unknown flag prints one clear line and exits non-zero") {
    auto r = run(KIOSK_BIN, {"--headles"});
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("unknown option --headles") != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

TEST_CASE("bad flag values are named") {
    CHECK(run(KIOSK_BIN, {"--headless", "--size", "big"}).err.find("--size big") != std::string::npos);
    CHECK(run(KIOSK_BIN, {"--headless", "--lang", "fr"}).err.find("--lang fr") != std::string::npos);
    CHECK(run(KIOSK_BIN, {"--headless", "--size"}).err.find("--size needs a value") != std::string::npos);
    CHECK(run(KIOSK_BIN, {"--headless", "--dpi", "5"}).err.find("--dpi 5 is not a number from 50 to 1000") != std::string::npos);
}

TEST_CASE("help lists the flags and the commands") {
    auto r = run(KIOSK_BIN, {"--help"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("--headless") != std::string::npos);
    CHECK(r.out.find("set-pin") != std::string::npos);
}

TEST_CASE("a missing font gives one clear line and a non-zero exit") {
    TempDir dir("font");
    auto r = run(KIOSK_BIN, {"--headless", "--data-dir", (dir / "data").string(), "--font", "/nonexistent/Font.ttf"});
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("font not found") != std::string::npos);
    CHECK(r.err.find("/nonexistent/Font.ttf") != std::string::npos);
}

TEST_CASE("a data dir that is not a usable directory is refused with its path") {
    TempDir dir("datadir");
    write_file(dir / "afile", "x");
    auto r = run(KIOSK_BIN, {"--headless", "--data-dir", (dir / "afile").string()});
    CHECK(r.exit_code != 0);
    CHECK(r.err.find((dir / "afile").string()) != std::string::npos);
    CHECK(r.err.find("not a directory") != std::string::npos);
}

TEST_CASE("an unknown script command exits non-zero naming the line before anything runs") {
    TempDir dir("badscript");
    auto r = run_kiosk_script(dir, "# comment\n\nscreenshot a.png\ntapp start\n");
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("script.txt:4: unknown command 'tapp'") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "a.png"));
}

TEST_CASE("a failed expectation exits non-zero naming the line") {
    TempDir dir("expect");
    auto r = run_kiosk_script(dir, "expect-screen welcome\nexpect-text Dit staat er niet\n");
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("script.txt:2:") != std::string::npos);
    CHECK(r.err.find("Dit staat er niet") != std::string::npos);
}

TEST_CASE("tapping a widget that is not there names it and the screen") {
    TempDir dir("tapmissing");
    auto r = run_kiosk_script(dir, "tap consent.agree\n");
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("no widget 'consent.agree' on screen 'welcome'") != std::string::npos);
}

TEST_CASE("Escape and Alt+F4 and window close do not drop the resident's session") {
    TempDir dir("close");
    auto r = run_kiosk_script(dir,
                              "tap lang.en\ntap text-size.150\n"
                              "key escape\nkey alt+f4\nkey close\n"
                              "expect-screen welcome\nexpect-text Welcome\ndump-ui ui.json\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("close request ignored") != std::string::npos);
    auto ui = read_json(dir / "ui.json");
    CHECK((*find_widget(ui, "text-size.150"))["kind"] == "toggle");
    CHECK((*find_widget(ui, "lang.en"))["bg_rgb"] != (*find_widget(ui, "lang.nl"))["bg_rgb"]);  // still chosen
}

TEST_CASE("the staff corner needs a long hold: a short one does nothing") {
    TempDir dir("hold");
    auto r = run_kiosk_script(dir, "hold staff.corner 1s\nexpect-screen welcome\nhold staff.corner 3s\nexpect-screen pin\n");
    INFO(r.err);
    CHECK(r.exit_code == 0);
}

TEST_CASE("the kiosk quits only through the staff PIN and a wrong PIN keeps it running") {
    TempDir dir("exit");
    auto set = run(KIOSK_BIN, {"set-pin", "--data-dir", (dir / "data").string()}, {}, "482913\n");
    INFO(set.err);
    REQUIRE(set.exit_code == 0);
    // The stored PIN is a hash, not the digits.
    CHECK(read_file(dir / "data/staff-pin").find("482913") == std::string::npos);
    CHECK(read_file(dir / "data/staff-pin").rfind("$argon2id$", 0) == 0);

    auto r = run_kiosk_script(dir,
                              "hold staff.corner 3s\nexpect-screen pin\n"
                              "tap pin.1\ntap pin.2\ntap pin.3\ntap pin.4\ntap pin.ok\n"
                              "expect-screen pin\nexpect-text This PIN is not right\n"
                              "tap pin.4\ntap pin.8\ntap pin.2\ntap pin.9\ntap pin.1\ntap pin.3\ntap pin.ok\n"
                              "expect-screen staff\ntap staff.exit\n"
                              "expect-screen welcome\n",  // never reached: the kiosk has quit
                              "1280x800", {"--lang", "en"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
}

TEST_CASE("leaving the PIN pad returns to the resident's screen with their choices") {
    TempDir dir("pinback");
    auto r = run_kiosk_script(dir, "tap lang.en\nhold staff.corner 3s\ntap pin.cancel\nexpect-screen welcome\nexpect-text Welcome\n");
    INFO(r.err);
    CHECK(r.exit_code == 0);
}

TEST_CASE("set-pin refuses a PIN that is not 4-12 digits") {
    TempDir dir("badpin");
    auto r = run(KIOSK_BIN, {"set-pin", "--data-dir", dir.path().string()}, {}, "12a4\n");
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("digits") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "staff-pin"));
}

TEST_CASE("the PIN pad locks after five wrong PINs and opens again after the wait") {
    TempDir dir("lockout");
    std::string wrong = "tap pin.9\ntap pin.9\ntap pin.9\ntap pin.9\ntap pin.ok\n";
    auto r = run_kiosk_script(dir,
                              "hold staff.corner 3s\n" + wrong + wrong + wrong + wrong + wrong +
                                  "expect-text Wacht 30 seconden\nscreenshot locked.png\n"
                                  "tap pin.1\ntap pin.2\ntap pin.3\ntap pin.4\ntap pin.ok\nexpect-screen pin\n"
                                  "advance 30s\nexpect-no-text Wacht\n"
                                  "tap pin.1\ntap pin.2\ntap pin.3\ntap pin.4\ntap pin.ok\nexpect-screen staff\n");
    INFO(r.err);
    CHECK(r.exit_code == 0);
}
