// Screens driven by event data, in-process: the same events the kiosk's
// screens emit for a tap (shared/session/events.hpp), applied to a
// KioskState with the shipped questionnaires, checked for what a resident or
// a member of staff would notice. No window, no binary.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "questionnaire/loader.hpp"
#include "referrals/referrals.hpp"
#include "session/events.hpp"
#include "session/kiosk_state.hpp"
#include "session/screen_model.hpp"
#include "shipped_referrals.hpp"
#include "test_support.hpp"

using namespace kiosk;
namespace e = kiosk::event;
namespace fs = std::filesystem;
namespace q = kiosk::questionnaire;

namespace {

const std::string kPin = "2468";

const std::vector<q::Questionnaire>& catalog() {
    // The shipped questionnaires and the test form with open-choice and units.
    static const std::vector<q::Questionnaire> all = [] {
        auto list = kiosk::test::shipped_questionnaires();
        auto r = q::load_questionnaire_file(fs::path(KIOSK_TEST_DATA_DIR) / "questionnaires" / "sdc" / "features.json");
        if (!r.questionnaire) throw std::runtime_error("features.json does not load");
        list.push_back(*r.questionnaire);
        return list;
    }();
    return all;
}

const referrals::Catalogue& offers() {
    static const referrals::Catalogue c = test::shipped_referrals();
    return c;
}

// A kiosk without a screen: the state, its clock and what it hands over.
struct Device {
    ManualClock clock;
    std::vector<FinishedResponse> sealed;
    std::vector<PausedInterview> drafts;
    KioskState s{clock, KioskOptions{}, [](const std::string& p) { return p == kPin; }};
    Device() {
        s.set_catalog(catalog());
        s.set_referrals(offers());
        s.set_finish_sink([this](FinishedResponse&& r) { sealed.push_back(std::move(r)); });
        s.set_draft_sink([this](PausedInterview&& p) { drafts.push_back(std::move(p)); });
    }
    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;

    void tap(const Event& ev) { apply(s, ev); }
    // A tap on a button draw_dialog and action_bar() offer: one of the
    // dialog's actions (the bar) or answers (the body), or `stop` / `help`,
    // which the bar adds on the resident's path (a question screen has no
    // dialog model).
    void press(const std::string& id) {
        auto m = model::dialog_model(s);
        INFO("screen " << screen_name(s.screen()) << ", action " << id);
        const bool stop_or_help = id == "stop" || id == "help";
        auto has = [&](const std::vector<model::Action>& list) {
            return std::any_of(list.begin(), list.end(), [&](const model::Action& a) { return a.id == id; });
        };
        bool offered = m ? (m->stop_and_help && stop_or_help) || has(m->actions) || has(m->answers)
                         : stop_or_help && s.screen() == Screen::Question;
        REQUIRE(offered);
        auto ev = action_event(id);
        REQUIRE(ev);
        tap(*ev);
    }
    void wait(Millis ms) {
        clock.advance(ms);
        s.tick();
    }
    const q::Item* item() const { return s.interview() ? s.interview()->current() : nullptr; }
    std::string link() const { return item() ? item()->link_id : ""; }
};

// ---- the ways there, by events only ------------------------------------------------

void to_consent(Device& d, const std::string& id = "howareyou-short") {
    d.tap(e::Start{});
    d.tap(e::Choose{id});
}

void to_question(Device& d, const std::string& id = "howareyou-short") {
    to_consent(d, id);
    d.press("consent.agree");
}

// On to the question `link`: information screens go on with Next, questions on the way are skipped.
void to_item(Device& d, const std::string& link) {
    for (int guard = 0; guard < 60 && d.link() != link; ++guard) {
        REQUIRE(d.item());
        d.tap(d.item()->is_answerable() ? Event{e::Skip{}} : Event{e::Next{}});
    }
    REQUIRE(d.link() == link);
}

// A tap on scale point / option n, then the confirm delay.
void answer(Device& d, std::size_t n) {
    d.tap(e::SelectOption{n});
    d.wait(1000);
}

// Every question answered with point n (or the last option, or typed words) until the review.
void answer_all(Device& d, std::size_t n) {
    for (int guard = 0; guard < 200 && (d.s.screen() == Screen::Question || d.s.screen() == Screen::Keyboard); ++guard) {
        const q::Item* it = d.item();
        REQUIRE(it);
        if (!it->is_answerable()) {
            d.tap(e::Next{});
        } else if (d.s.screen() == Screen::Keyboard) {
            d.tap(e::TypeText{"Anna"});
            d.tap(e::KeyEnter{});
        } else {
            std::size_t pick = n;
            if (it->type == q::ItemType::Choice) pick = std::min(n, it->options.size() - 1);
            if (it->type == q::ItemType::Boolean) pick = 0;
            answer(d, pick);
            if (it->repeats) d.tap(e::Next{});
        }
    }
    REQUIRE(d.s.screen() == Screen::Review);
}

void to_result(Device& d) {
    to_question(d);
    answer_all(d, 2);  // low scores: referrals follow
    d.tap(e::ReviewDone{});
    REQUIRE(d.s.screen() == Screen::Result);
}

void to_pin(Device& d) {
    d.tap(e::StaffCornerDown{});
    d.wait(3000);
    REQUIRE(d.s.screen() == Screen::Pin);
}

void to_staff(Device& d) {
    to_pin(d);
    for (char c : kPin) d.tap(e::PinDigit{c});
    d.tap(e::PinOk{});
    REQUIRE(d.s.screen() == Screen::Staff);
}

void to_assist(Device& d) {
    to_staff(d);
    d.tap(e::StaffAssisted{});
    REQUIRE(d.s.screen() == Screen::Assist);
}

void to_assisted_question(Device& d) {
    to_assist(d);
    d.tap(e::AssistPick{"howareyou-short"});
    d.tap(e::AssistStart{});
    d.press("consent.agree");
    REQUIRE(d.s.screen() == Screen::Question);
    REQUIRE(d.s.can_pause());
}

const nlohmann::json* find_item(const nlohmann::json& items, const std::string& link) {
    for (const auto& it : items) {
        if (it.value("linkId", "") == link) return &it;
        for (const char* key : {"item", "answer"})
            if (it.contains(key))
                if (const auto* found = find_item(it[key], link)) return found;
    }
    return nullptr;
}

std::string answer_text(const Device& d, const std::string& link) {
    const auto& a = d.s.interview()->answers(link);
    return a.empty() ? "" : q::value_to_string(a.front());
}

}  // namespace

TEST_CASE("a resident's walk by event data: answers kept on back, a skipped question sealed without an answer") {
    Device d;
    d.tap(e::Start{});
    CHECK(d.s.screen() == Screen::Choose);
    d.tap(e::Choose{"howareyou-short"});
    CHECK(d.s.screen() == Screen::Consent);
    d.press("consent.agree");
    CHECK(d.s.screen() == Screen::Question);
    // The information screens first; Next goes on, Skip does nothing there.
    REQUIRE(d.link() == "intro");
    d.tap(e::Skip{});
    CHECK(d.link() == "intro");
    to_item(d, "body-health");

    // A tap on 7 is shown as chosen, then the next question comes by itself.
    d.tap(e::SelectOption{7});
    CHECK(d.s.confirming() == std::optional<std::size_t>(7));
    CHECK(d.link() == "body-health");
    d.wait(1000);
    CHECK(d.link() == "body-energy");
    CHECK(answer_text(d, "body-health") == "7");

    // Back shows the question again with its answer; a new tap replaces it.
    d.tap(e::Back{});
    CHECK(d.link() == "body-health");
    CHECK(answer_text(d, "body-health") == "7");
    answer(d, 4);
    CHECK(answer_text(d, "body-health") == "4");

    // "I'd rather not say" on body-energy: on to the next, nothing recorded.
    REQUIRE(d.link() == "body-energy");
    d.tap(e::Skip{});
    CHECK(d.link() == "body-sleep");
    CHECK(d.s.interview()->is_skipped("body-energy"));

    // The language changes mid-interview and the answers stay.
    d.tap(e::SetLanguage{"en"});
    CHECK(d.s.lang() == "en");
    CHECK(answer_text(d, "body-health") == "4");

    answer_all(d, 5);
    CHECK(d.sealed.empty());  // nothing leaves before the resident is done
    d.tap(e::ReviewDone{});
    REQUIRE(d.s.screen() == Screen::Result);
    d.tap(e::ResultNext{});
    REQUIRE(d.s.screen() == Screen::Talk);
    d.press("talk.no");
    REQUIRE(d.sealed.size() == 1);
    CHECK(d.sealed[0].complete);
    CHECK(d.sealed[0].questionnaire == "howareyou-short");
    CHECK(d.sealed[0].language == "en");

    const auto r = nlohmann::json::parse(d.sealed[0].response_json);
    CHECK(r.at("status") == "completed");
    const auto* health = find_item(r.at("item"), "body-health");
    REQUIRE(health);
    REQUIRE(health->contains("answer"));
    CHECK(health->at("answer").at(0).at("valueInteger") == 4);  // the changed answer, not the first tap
    const auto* energy = find_item(r.at("item"), "body-energy");
    REQUIRE(energy);  // asked, and declined: marked so, with no answer
    CHECK_FALSE(energy->contains("answer"));
    CHECK(energy->dump().find("asked-declined") != std::string::npos);
    CHECK(find_item(r.at("item"), "intro") == nullptr);  // an information screen is no answer

    if (d.s.screen() == Screen::Referrals) d.tap(e::ReferralsDone{});
    REQUIRE(d.s.screen() == Screen::Thanks);
    d.press("finish");
    CHECK(d.s.screen() == Screen::Welcome);
    CHECK(d.s.interview() == nullptr);
    CHECK(d.s.lang() == "nl");  // the next resident starts afresh
    CHECK(d.sealed.size() == 1);
}

TEST_CASE("events that do not fit the screen are ignored, as the taps they stand for") {
    Device d;
    d.tap(e::SelectOption{3});
    d.tap(e::Next{});
    d.tap(e::Finish{});
    d.tap(e::ReviewDone{});
    CHECK(d.s.screen() == Screen::Welcome);
    CHECK(d.s.interview() == nullptr);
    d.tap(e::Choose{"no-such-questionnaire"});
    CHECK(d.s.screen() == Screen::Welcome);
    d.tap(e::Choose{"howareyou-short"});  // a real one, but not from the choose screen
    CHECK(d.s.screen() == Screen::Welcome);
    to_question(d);
    d.tap(e::Choose{"howareyou-short"});  // mid-interview: no jump back to consent
    d.tap(e::ConsentAgree{});  // consent was given: the interview stays where it is
    d.tap(e::ReviewDone{});    // not finished: no result yet
    d.tap(e::HelpClose{});
    CHECK(d.s.screen() == Screen::Question);
    CHECK(d.link() == "intro");
    CHECK(d.sealed.empty());
}

TEST_CASE("stop by event data asks first and then seals nothing, help returns to the same question") {
    Device d;
    to_question(d);
    to_item(d, "body-health");
    answer(d, 6);
    d.press("help");
    CHECK(d.s.screen() == Screen::Help);
    d.press("help.close");
    CHECK(d.s.screen() == Screen::Question);
    CHECK(d.link() == "body-energy");
    d.press("stop");
    CHECK(d.s.screen() == Screen::Stop);
    d.press("stop.no");
    CHECK(d.link() == "body-energy");
    CHECK(answer_text(d, "body-health") == "6");
    d.press("stop");
    d.press("stop.yes");
    CHECK(d.s.stopped());
    CHECK(d.sealed.empty());
}

TEST_CASE("every action of every dialog-like screen is an event: no button that does nothing") {
    // Each dialog screen reached by events; each of its actions must name an event.
    std::vector<std::function<void(Device&)>> ways = {
        [](Device& d) { to_consent(d); },
        [](Device& d) { to_result(d); d.tap(e::ResultNext{}); },                            // talk
        [](Device& d) { to_result(d); d.tap(e::ResultNext{}); d.press("talk.yes"); },       // contact-wish
        [](Device& d) { to_result(d); d.tap(e::ResultNext{}); d.press("talk.no"); d.tap(e::ReferralsDone{}); },  // thanks
        [](Device& d) { to_question(d); d.wait(d.s.options().idle_after_ms); },               // still-here
        [](Device& d) { to_question(d); d.press("stop"); },
        [](Device& d) { to_question(d); d.press("help"); },
        [](Device& d) { to_assisted_question(d); d.tap(e::Pause{}); },                     // paused
        [](Device& d) {
            to_assisted_question(d);
            answer_all(d, 5);
            d.tap(e::ReviewDone{});
            d.tap(e::Handover{});
        },
    };
    std::set<Screen> seen;
    for (const auto& way : ways) {
        Device d;
        way(d);
        auto m = model::dialog_model(d.s);
        INFO("screen " << screen_name(d.s.screen()));
        REQUIRE(m);
        CHECK_FALSE((m->actions.empty() && m->answers.empty()));
        seen.insert(d.s.screen());
        for (const auto* list : {&m->actions, &m->answers})
            for (const auto& a : *list) {
                INFO("action " << a.id);
                CHECK(action_event(a.id).has_value());
            }
    }
    CHECK(seen == std::set<Screen>{Screen::Consent, Screen::Talk, Screen::ContactWish, Screen::Thanks, Screen::StillHere,
                                   Screen::Stop, Screen::Help, Screen::Paused, Screen::Handover});
    CHECK_FALSE(action_event("no-such-action").has_value());
    CHECK_FALSE(action_event("contact.pigeon").has_value());
}

namespace {

// One event, where it matters, and what changes because of it. `seen` must
// be false on a device set up the same way without the event (so the check
// can fail) and true once the event is applied.
struct Case {
    Event event;
    std::function<void(Device&)> setup;
    std::function<bool(Device&)> seen;
};

std::vector<Case> cases() {
    auto none = [](Device&) {};
    auto screen_is = [](Screen sc) { return [sc](Device& d) { return d.s.screen() == sc; }; };
    return {
        // resident settings
        {e::SetLanguage{"en"}, none, [](Device& d) { return d.s.lang() == "en"; }},
        {e::SetTextScale{150}, none, [](Device& d) { return d.s.session().text_scale_pct == 150; }},
        {e::SetHighContrast{true}, none, [](Device& d) { return d.s.session().high_contrast; }},
        {e::SetReadAloud{true}, none, [](Device& d) { return d.s.session().read_aloud; }},
        {e::VolumeUp{}, [](Device& d) { d.tap(e::VolumeDown{}); },
         [](Device& d) { return d.s.speech_volume_pct() == d.s.device_settings().volume_pct; }},
        {e::VolumeDown{}, none, [](Device& d) { return d.s.speech_volume_pct() < d.s.device_settings().volume_pct; }},
        {e::Speak{2}, [](Device& d) { to_question(d); },
         [](Device& d) {
             auto r = d.s.take_speech_request();
             return r && r->option == 2;
         }},
        // the resident's path
        {e::Start{}, none, screen_is(Screen::Choose)},
        {e::Choose{"howareyou-short"}, [](Device& d) { d.tap(e::Start{}); }, screen_is(Screen::Consent)},
        {e::ConsentAgree{}, [](Device& d) { to_consent(d); }, screen_is(Screen::Question)},
        {e::ConsentDecline{}, [](Device& d) { to_consent(d); }, [](Device& d) { return d.s.declined(); }},
        {e::Stop{}, [](Device& d) { to_question(d); }, screen_is(Screen::Stop)},
        {e::StopConfirm{true}, [](Device& d) { to_question(d); d.tap(e::Stop{}); }, [](Device& d) { return d.s.stopped(); }},
        {e::Help{}, [](Device& d) { to_question(d); }, screen_is(Screen::Help)},
        {e::HelpClose{}, [](Device& d) { to_question(d); d.tap(e::Help{}); }, screen_is(Screen::Question)},
        {e::SelectOption{3}, [](Device& d) { to_question(d); to_item(d, "body-health"); },
         [](Device& d) { return answer_text(d, "body-health") == "3"; }},
        {e::Skip{}, [](Device& d) { to_question(d); to_item(d, "body-health"); },
         [](Device& d) { return d.s.interview()->is_skipped("body-health"); }},
        {e::Back{}, [](Device& d) { to_question(d); to_item(d, "body-health"); answer(d, 3); },
         [](Device& d) { return d.link() == "body-health"; }},
        {e::Next{}, [](Device& d) { to_question(d); }, [](Device& d) { return d.link() == "scale-help"; }},
        {e::OpenOther{}, [](Device& d) { to_question(d, "sdc-features"); to_item(d, "pet"); }, screen_is(Screen::Keyboard)},
        {e::SelectUnit{1}, [](Device& d) { to_question(d, "sdc-features"); to_item(d, "weight"); },
         [](Device& d) { return d.s.unit() == 1; }},
        {e::TypeText{"A"}, [](Device& d) { d.tap(e::Start{}); d.tap(e::OpenScan{}); },
         [](Device& d) { return d.s.scan_received() == 1; }},
        {e::KeyBackspace{}, [](Device& d) { d.tap(e::Start{}); d.tap(e::OpenScan{}); d.tap(e::TypeText{"AB"}); },
         [](Device& d) { return d.s.scan_received() == 1; }},
        {e::KeyEnter{}, [](Device& d) { d.tap(e::Start{}); d.tap(e::OpenScan{}); d.tap(e::TypeText{"not a code"}); },
         [](Device& d) { return !d.s.scan_error().empty(); }},
        {e::ToggleShift{}, none, [](Device& d) { return d.s.shift(); }},
        {e::ReviewItem{"body-health"}, [](Device& d) { to_question(d); answer_all(d, 5); },
         [](Device& d) { return d.s.screen() == Screen::Question && d.link() == "body-health"; }},
        {e::ReviewDone{}, [](Device& d) { to_question(d); answer_all(d, 5); }, screen_is(Screen::Result)},
        {e::ResultNext{}, to_result, screen_is(Screen::Talk)},
        {e::Talk{true}, [](Device& d) { to_result(d); d.tap(e::ResultNext{}); }, screen_is(Screen::ContactWish)},
        {e::ContactChoose{ContactWay::Phone}, [](Device& d) { to_result(d); d.tap(e::ResultNext{}); d.tap(e::Talk{true}); },
         [](Device& d) { return d.s.contact_entry() == ContactWay::Phone; }},
        {e::ContactBack{}, [](Device& d) { to_result(d); d.tap(e::ResultNext{}); d.tap(e::Talk{true}); }, screen_is(Screen::Talk)},
        {e::ToggleTalkMark{}, [](Device& d) { to_question(d); to_item(d, "body-health"); },
         [](Device& d) { return d.s.is_marked("body-health"); }},
        {e::ReferralsDone{}, [](Device& d) { to_result(d); d.tap(e::ResultNext{}); d.tap(e::Talk{false}); },
         screen_is(Screen::Thanks)},
        {e::Finish{},
         [](Device& d) { to_result(d); d.tap(e::ResultNext{}); d.tap(e::Talk{false}); d.tap(e::ReferralsDone{}); },
         screen_is(Screen::Welcome)},
        {e::RequestPrint{}, none, [](Device& d) { return d.s.take_print_request(); }},
        {e::OpenScan{}, [](Device& d) { d.tap(e::Start{}); }, screen_is(Screen::Scan)},
        {e::ScanBack{}, [](Device& d) { d.tap(e::Start{}); d.tap(e::OpenScan{}); }, screen_is(Screen::Choose)},
        {e::StillHere{}, [](Device& d) { to_question(d); d.wait(d.s.options().idle_after_ms); }, screen_is(Screen::Question)},
        {e::WipeSession{}, [](Device& d) { to_question(d); }, [](Device& d) { return d.s.interview() == nullptr; }},
        // staff
        {e::StaffCornerDown{}, none, [](Device& d) {
             d.wait(3000);
             return d.s.screen() == Screen::Pin;
         }},
        {e::StaffCornerUp{}, [](Device& d) { d.tap(e::StaffCornerDown{}); },
         [](Device& d) {
             d.wait(3000);
             return d.s.screen() == Screen::Welcome;
         }},
        {e::PinDigit{'1'}, to_pin, [](Device& d) { return d.s.pin_entry() == "1"; }},
        {e::PinClear{}, [](Device& d) { to_pin(d); d.tap(e::PinDigit{'1'}); }, [](Device& d) { return d.s.pin_entry().empty(); }},
        {e::PinOk{}, [](Device& d) { to_pin(d); for (char c : kPin) d.tap(e::PinDigit{c}); }, screen_is(Screen::Staff)},
        {e::PinCancel{}, to_pin, screen_is(Screen::Welcome)},
        {e::StaffBack{}, to_staff, screen_is(Screen::Welcome)},
        {e::StaffExit{}, to_staff, [](Device& d) { return d.s.quit_requested(); }},
        {e::RequestSync{}, to_staff, [](Device& d) { return d.s.take_sync_request(); }},
        {e::RequestRollback{}, to_staff, [](Device& d) { return d.s.take_rollback_request(); }},
        {e::StaffAssisted{}, to_staff, screen_is(Screen::Assist)},
        {e::StaffEnroll{}, to_staff, screen_is(Screen::Enroll)},
        {e::EnrollCancel{}, [](Device& d) { to_staff(d); d.tap(e::StaffEnroll{}); }, screen_is(Screen::Staff)},
        {e::StaffVolume{-10}, to_staff, [](Device& d) { return d.s.device_settings().volume_pct == 70; }},
        {e::StaffToggleHeadphones{}, to_staff, [](Device& d) { return d.s.device_settings().headphones_only; }},
        {e::StaffDefaultTextScale{150}, to_staff,
         [](Device& d) { return d.s.device_settings().default_text_scale_pct == 150; }},
        {e::StaffToggleDefaultReadAloud{}, to_staff, [](Device& d) { return d.s.device_settings().default_read_aloud; }},
        {e::AssistPick{"intake"}, to_assist, [](Device& d) { return d.s.assist_setup().questionnaire == "intake"; }},
        {e::AssistFocus{AssistSetup::Field::Note}, to_assist,
         [](Device& d) { return d.s.assist_setup().field == AssistSetup::Field::Note; }},
        {e::AssistToggleTogether{}, to_assist, [](Device& d) { return d.s.assist_setup().together; }},
        {e::AssistTogglePaper{}, to_assist, [](Device& d) { return d.s.assist_setup().paper; }},
        {e::AssistToggleSensitive{}, to_assist, [](Device& d) { return d.s.assist_setup().sensitive_off; }},
        {e::AssistStart{}, [](Device& d) { to_assist(d); d.tap(e::AssistPick{"howareyou-short"}); }, screen_is(Screen::Consent)},
        {e::AssistCancel{}, to_assist, screen_is(Screen::Staff)},
        {e::AssistNotUsed{kNotUsedInstead[0]}, [](Device& d) { to_assist(d); d.tap(e::AssistPick{"howareyou-short"}); },
         [](Device& d) { return d.s.screen() == Screen::Staff && !d.s.staff_notice().empty(); }},
        {e::Pause{}, to_assisted_question, [](Device& d) { return d.s.screen() == Screen::Paused && d.drafts.size() == 1; }},
        {e::PausedDone{}, [](Device& d) { to_assisted_question(d); d.tap(e::Pause{}); }, screen_is(Screen::Welcome)},
        {e::RequestResume{"d1"}, to_staff, [](Device& d) { return d.s.take_resume_request() == std::optional<std::string>("d1"); }},
        {e::Handover{}, [](Device& d) { to_assisted_question(d); answer_all(d, 5); d.tap(e::ReviewDone{}); },
         screen_is(Screen::Handover)},
        {e::HandoverConfirm{false},
         [](Device& d) { to_assisted_question(d); answer_all(d, 5); d.tap(e::ReviewDone{}); d.tap(e::Handover{}); },
         screen_is(Screen::Result)},
    };
}

}  // namespace

TEST_CASE("every event type does something a resident or staff can see: no dead event types") {
    const auto all = cases();
    // Every alternative of Event has a case (a new event type needs one here).
    std::set<std::size_t> covered;
    for (const auto& c : all) covered.insert(c.event.index());
    for (std::size_t i = 0; i < std::variant_size_v<Event>; ++i) {
        INFO("event type without a case: " << event_name(i));
        CHECK(covered.count(i) == 1);
    }
    CHECK(all.size() == std::variant_size_v<Event>);
    // Names are stable and distinct (logs, messages).
    std::set<std::string> names;
    for (std::size_t i = 0; i < std::variant_size_v<Event>; ++i) names.insert(event_name(i));
    CHECK(names.size() == std::variant_size_v<Event>);
    CHECK(names.count("") == 0);

    for (const auto& c : all) {
        INFO("event " << event_name(c.event));
        Device without;
        c.setup(without);
        CHECK_FALSE(c.seen(without));  // not so without the event
        Device with;
        c.setup(with);
        with.tap(c.event);
        CHECK(c.seen(with));
    }
}

TEST_CASE("the dialog action ids name the events the screen model promised") {
    CHECK(action_event("consent.agree")->index() == Event{e::ConsentAgree{}}.index());
    CHECK(std::get<e::Talk>(*action_event("talk.yes")).yes);
    CHECK_FALSE(std::get<e::Talk>(*action_event("talk.no")).yes);
    CHECK(std::get<e::ContactChoose>(*action_event("contact.email")).way == ContactWay::Email);
    CHECK(std::get<e::StopConfirm>(*action_event("stop.yes")).yes);
    CHECK_FALSE(std::get<e::HandoverConfirm>(*action_event("handover.no")).yes);
    CHECK(std::string(event_name(*action_event("print"))) == "request-print");
}
