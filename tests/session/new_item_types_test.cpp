// The kiosk's state machine answers the item types issue 16 added, as a
// resident would by touch: an amount with a decimal comma on the number pad
// (in the item's first unit), a time, a date and time, open-choice options.
// Calculated and hidden items never come up as a screen.
#include <catch2/catch.hpp>

#include <filesystem>

#include "questionnaire/loader.hpp"
#include "session/kiosk_state.hpp"

using namespace kiosk;
namespace q = kiosk::questionnaire;

namespace {

q::Questionnaire features() {
    auto r = q::load_questionnaire_file(std::filesystem::path(KIOSK_TEST_DATA_DIR) / "questionnaires" / "sdc" / "features.json");
    REQUIRE(r.questionnaire);
    return *r.questionnaire;
}

// Skips forward until the current step is link (every screen on the way is a step, never a computed item).
void reach(KioskState& s, const std::string& link, std::vector<std::string>& seen) {
    for (int guard = 0; guard < 40; ++guard) {
        const auto* iv = s.interview();
        REQUIRE(iv);
        REQUIRE(iv->current());
        if (iv->current()->link_id == link) return;
        seen.push_back(iv->current()->link_id);
        if (iv->current()->is_answerable()) s.skip();
        else s.next();
    }
    FAIL("did not reach " << link);
}

}  // namespace

TEST_CASE("new item types are answered by touch: decimal comma, unit, time, date and time, open-choice", "[core]") {
    ManualClock clock;
    KioskState s(clock, KioskOptions{"en", 3000}, nullptr);
    s.set_catalog({features()});
    s.start();
    s.choose("sdc-features");
    s.consent_agree();
    std::vector<std::string> seen;

    reach(s, "weight", seen);
    CHECK(s.screen() == Screen::Keyboard);
    s.type_text("72,5");  // Dutch decimal comma on the number pad
    s.key_enter();
    CHECK(s.keyboard_error().empty());
    const auto& w = s.interview()->answers("weight");
    REQUIRE(w.size() == 1);
    CHECK(std::get<q::Quantity>(w[0]).value == 72.5);
    CHECK(std::get<q::Quantity>(w[0]).code == "kg");  // the first unit

    reach(s, "height", seen);
    s.type_text("180");
    s.key_enter();
    REQUIRE(s.interview()->answers("bmi").size() == 1);  // computed at once, never a screen
    CHECK(std::get<double>(s.interview()->answers("bmi")[0]) == Approx(22.4));

    reach(s, "pet", seen);
    CHECK(s.screen() == Screen::Question);  // open-choice with options: the option buttons
    s.select_option(1);
    REQUIRE(s.interview()->answers("pet").size() == 1);
    CHECK(std::get<q::Coding>(s.interview()->answers("pet")[0]).code == "dog");

    reach(s, "bedtime", seen);
    CHECK(s.screen() == Screen::Keyboard);
    s.type_text("2230");
    s.key_enter();
    REQUIRE(s.interview()->answers("bedtime").size() == 1);
    CHECK(std::get<q::Time>(s.interview()->answers("bedtime")[0]).iso == "22:30:00");

    reach(s, "last-visit", seen);
    s.type_text("29-11-2026 14.30");
    s.key_enter();
    REQUIRE(s.interview()->answers("last-visit").size() == 1);
    CHECK(std::get<q::DateTime>(s.interview()->answers("last-visit")[0]).iso.rfind("2026-11-29T14:30:00", 0) == 0);

    for (const auto& id : seen) {
        INFO(id);
        CHECK(id != "bmi");
        CHECK(id != "total");
        CHECK(id != "source");
    }
}
