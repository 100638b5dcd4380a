// The staff screens and the staff controls on resident screens meet the same
// touch-target and contrast bars as the resident's screens.
#include <catch2/catch.hpp>

#include "staff_support.hpp"
#include "ui_harness.hpp"

using namespace kiosk;
using namespace kiosk::test;

TEST_CASE("staff assist and paused screens meet the target and contrast bars at every text scale and theme") {
    // Settings chosen on the welcome screen carry into an assisted interview;
    // the paused screen and the staff list come after a wipe (defaults).
    for (int scale : {100, 150, 200})
        for (bool hc : {false, true}) {
            DYNAMIC_SECTION("text " << scale << " % " << (hc ? "high contrast" : "normal theme")) {
                TempDir dir("staff-a11y");
                auto data = dir / "data";
                set_staff_pin(data);
                std::string settings = "tap text-size." + std::to_string(scale) + "\n" + (hc ? "tap contrast.high\n" : "");
                auto r = run_script(
                    dir, data, "a11y",
                    settings + enter_pin() + "dump-ui staff.json\ntap staff.enroll\ntype {\"a\"\ndump-ui enroll.json\n"
                    "tap enroll.cancel\ntap staff.assisted\ntap assist.q.howareyou-short\n"
                    "tap assist.case\ntype AB-1234\ndump-ui assist.json\nscreenshot assist.png\ntap assist.start\n"
                    "tap consent.agree\ntap next\ntap next\ndump-ui question.json\nscreenshot question-pause.png\n" +
                        short_answers(0, 17) + "dump-ui review.json\n" + short_ending() +
                        "dump-ui thanks.json\nscreenshot thanks-handover.png\ntap handover\ntap handover.yes\n" + enter_pin() +
                        "tap staff.assisted\ntap assist.start\ntap consent.agree\ntap next\ntap next\n"
                        "tap pause\ndump-ui paused.json\nscreenshot paused.png\n" + enter_pin() +
                        "dump-ui staff-list.json\nscreenshot staff-list.png\nquit\n");
                INFO(r.err);
                REQUIRE(r.exit_code == 0);
                for (const char* name : {"staff", "enroll", "assist", "question", "review", "thanks"}) {
                    INFO(name);
                    check_targets_and_contrast(read_json(dir / (std::string(name) + ".json")), hc ? 7.0 : 4.5);
                }
                for (const char* name : {"paused", "staff-list"}) {
                    INFO(name);
                    check_targets_and_contrast(read_json(dir / (std::string(name) + ".json")), 4.5);
                }
                CHECK(find_widget(read_json(dir / "question.json"), "pause"));
                CHECK(find_widget(read_json(dir / "review.json"), "pause"));
                CHECK(find_widget(read_json(dir / "thanks.json"), "handover"));
                CHECK(find_widget(read_json(dir / "staff-list.json"), "resume.0"));
            }
        }
}
