// Pausing a staff-started interview while the resident is typing keeps what
// was typed: the paused screen says the answers are kept, so they must be.
#include <functional>

#include <catch2/catch.hpp>

#include "core/clock.hpp"
#include "questionnaire/interview.hpp"
#include "session/kiosk_state.hpp"
#include "test_support.hpp"

using namespace kiosk;
namespace q = kiosk::questionnaire;

TEST_CASE("pause on the keyboard screen keeps the text being typed", "[pause]") {
    auto catalog = test::shipped_questionnaires();
    const q::Questionnaire* with_text = nullptr;
    std::function<bool(const std::vector<q::Item>&)> has_text = [&](const std::vector<q::Item>& items) {
        for (const auto& item : items)
            if (item.type == q::ItemType::String || item.type == q::ItemType::Text || has_text(item.children))
                return true;
        return false;
    };
    for (const auto& qn : catalog)
        if (!with_text && has_text(qn.items)) with_text = &qn;
    REQUIRE(with_text != nullptr);

    ManualClock clock;
    KioskState s(clock, KioskOptions{}, [](const std::string& p) { return p == "2468"; });
    s.set_catalog(catalog);
    std::vector<PausedInterview> drafts;
    s.set_draft_sink([&](PausedInterview&& p) { drafts.push_back(std::move(p)); });
    s.staff_corner_down();
    clock.advance(3000);
    s.tick();
    for (char c : std::string("2468")) s.pin_digit(c);
    s.pin_ok();
    REQUIRE(s.screen() == Screen::Staff);
    s.staff_assisted();
    s.assist_pick(with_text->id);
    s.assist_start();
    if (s.screen() == Screen::Consent) s.consent_agree();
    // Walk to the first free-text question: skip, or take the first option.
    for (int step = 0; step < 200 && s.screen() != Screen::Keyboard; ++step) {
        const q::Item* item = s.interview() ? s.interview()->current() : nullptr;
        if (item && (item->type == q::ItemType::String || item->type == q::ItemType::Text)) {
            s.open_keyboard();
            break;
        }
        const auto before = item;
        auto moved = [&] { return s.screen() != Screen::Question || s.interview()->current() != before; };
        if (s.screen() == Screen::Question) {
            s.skip();
            if (!moved()) {
                s.select_option(0);  // a required choice: the first option, after the confirm delay
                clock.advance(1500);
                s.tick();
            }
            if (!moved()) s.next();  // a display item
        } else {
            s.next();
        }
        clock.advance(100);  // well inside the idle time: idle would pause the interview itself
        s.tick();
    }
    REQUIRE(s.screen() == Screen::Keyboard);
    s.type_text("Marker typed text 4711");
    REQUIRE(s.can_pause());
    s.pause();
    REQUIRE(s.screen() == Screen::Paused);
    REQUIRE(drafts.size() == 1);
    CHECK(drafts[0].response_json.find("Marker typed text 4711") != std::string::npos);
}
