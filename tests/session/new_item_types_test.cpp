// The kiosk's state machine answers the item types issue 16 added, as a
// resident would by touch: an amount with a decimal comma on the number pad
// (in the item's first unit), a time, a date and time, open-choice options.
// Calculated and hidden items never come up as a screen.
#include <catch2/catch.hpp>

#include <filesystem>

#include "i18n/catalog.hpp"
#include "questionnaire/loader.hpp"
#include "session/kiosk_state.hpp"
#include "session/read_aloud.hpp"

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

namespace {
// The features questionnaire, past consent.
void open_features(KioskState& s) {
    s.set_catalog({features()});
    s.start();
    s.choose("sdc-features");
    s.consent_agree();
}
}  // namespace

TEST_CASE("new item types are answered by touch: decimal comma, unit, time, date and time, open-choice", "[core]") {
    ManualClock clock;
    KioskState s(clock, KioskOptions{"en", 3000}, nullptr);
    open_features(s);
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
    // Read aloud says how a time is typed, and a mistake asks for a time, not a date.
    CHECK(screen_utterance(s).text.find("Type a time like 21:30.") != std::string::npos);
    s.type_text("25:00");
    s.key_enter();
    CHECK(s.keyboard_error() == "keyboard.bad-time");
    for (int i = 0; i < 5; ++i) s.key_backspace();
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

TEST_CASE("an amount can be given in the item's other unit, and open-choice takes the resident's own words by touch", "[core]") {
    ManualClock clock;
    KioskState s(clock, KioskOptions{"en", 3000}, nullptr);
    open_features(s);
    std::vector<std::string> seen;

    reach(s, "weight", seen);
    REQUIRE(s.interview()->current()->units.size() == 2);
    s.select_unit(1);  // the second unitOption: pounds
    CHECK(s.unit() == 1);
    s.select_unit(7);  // no such unit: ignored
    CHECK(s.unit() == 1);
    s.type_text("160");
    s.key_enter();
    const auto& w = s.interview()->answers("weight");
    REQUIRE(w.size() == 1);
    CHECK(std::get<q::Quantity>(w[0]).value == 160);
    CHECK(std::get<q::Quantity>(w[0]).code == "[lb_av]");
    // Back on the amount: the field shows the number and the unit stays the one it was given in.
    s.back();
    REQUIRE(s.interview()->current()->link_id == "weight");
    CHECK(s.typed() == "160");
    CHECK(s.unit() == 1);

    reach(s, "pet", seen);
    CHECK(s.screen() == Screen::Question);
    CHECK(s.own_words().empty());
    // Read-aloud offers the own-words way too, after the options.
    CHECK(screen_utterance(s).text.find("Something else: type it yourself") != std::string::npos);
    s.open_other();  // "Something else: type it yourself"
    CHECK(s.screen() == Screen::Keyboard);
    s.type_text("A goldfish");
    s.key_enter();
    const auto& pet = s.interview()->answers("pet");
    REQUIRE(pet.size() == 1);
    CHECK(std::get<std::string>(pet[0]) == "A goldfish");
    CHECK(s.interview()->current()->link_id == "pet-age");  // on to what sits under the question
    s.back();
    REQUIRE(s.interview()->current()->link_id == "pet");
    CHECK(s.screen() == Screen::Question);  // the options again, the own words shown on "Something else"
    CHECK(s.own_words() == "A goldfish");
    s.select_option(0);  // an option replaces the own words
    CHECK(std::holds_alternative<q::Coding>(s.interview()->answers("pet").at(0)));
}

TEST_CASE("a whole-number question refuses 3.7 and nan on the keyboard screen and says why, in the resident's language", "[core]") {
    ManualClock clock;
    KioskState s(clock, KioskOptions{"en", 3000}, nullptr);
    open_features(s);
    std::vector<std::string> seen;
    reach(s, "age", seen);
    REQUIRE(s.screen() == Screen::Keyboard);

    s.type_text("3.7");  // a USB keyboard has a point; it used to become 3
    s.key_enter();
    CHECK(s.screen() == Screen::Keyboard);
    CHECK(s.interview()->current()->link_id == "age");
    CHECK(s.interview()->answers("age").empty());
    CHECK(s.keyboard_error() == "keyboard.whole-number");
    CHECK(i18n::tr(s.keyboard_error(), "en") == "Type a whole number, without a comma or point.");
    CHECK(i18n::tr(s.keyboard_error(), "nl") == "Typ een heel getal, zonder komma of punt.");

    while (!s.typed().empty()) s.key_backspace();
    s.type_text("nan");  // it used to reach an undefined cast
    s.key_enter();
    CHECK(s.interview()->answers("age").empty());
    CHECK(s.keyboard_error() == "keyboard.bad-number");
    CHECK(i18n::tr(s.keyboard_error(), "en") == "Type a number only.");

    while (!s.typed().empty()) s.key_backspace();
    s.type_text("37");
    s.key_enter();
    CHECK(s.keyboard_error().empty());
    REQUIRE(s.interview()->answers("age").size() == 1);
    CHECK(std::get<std::int64_t>(s.interview()->answers("age")[0]) == 37);
}
