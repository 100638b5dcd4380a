// Promises the kiosk makes after the questions: the talk follow-up (contact
// wish, checked details, marks, the thanks words). The referrals that help
// (a low single answer, the safety line, words read aloud, stale offers):
// tests/referrals/promises_test.cpp.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "i18n/catalog.hpp"
#include "questionnaire/loader.hpp"
#include "referrals/referrals.hpp"
#include "session/contact_wish.hpp"
#include "session/kiosk_state.hpp"
#include "session/read_aloud.hpp"
#include "shipped_referrals.hpp"
#include "test_support.hpp"

using namespace kiosk;
namespace fs = std::filesystem;

namespace {

const fs::path kAssets = fs::path(KIOSK_SOURCE_DIR) / "assets";

referrals::Catalogue shipped_catalogue() { return test::shipped_referrals(); }

questionnaire::Questionnaire shipped(const std::string& id) {
    auto r = questionnaire::load_questionnaire_file(kAssets / "questionnaires" / (id + ".json"));
    REQUIRE(r.questionnaire);
    return *r.questionnaire;
}

// The n-th option, or the last one when the item has fewer.
std::size_t pick(const questionnaire::Item& item, std::size_t n) {
    if (item.type == questionnaire::ItemType::Choice) return std::min(n, item.options.size() - 1);
    if (item.type == questionnaire::ItemType::Boolean) return 0;
    return n;
}

// Answers every question of the running interview: `value(item)` gives the
// option / scale point index to tap.
template <class F>
void answer_all(KioskState& s, ManualClock& clock, F value) {
    for (int guard = 0; guard < 200 && (s.screen() == Screen::Question || s.screen() == Screen::Keyboard); ++guard) {
        const auto* item = s.interview()->current();
        if (!item->is_answerable()) {
            s.next();
            continue;
        }
        if (s.screen() == Screen::Keyboard) {
            s.type_text("Anna");
            s.key_enter();
            continue;
        }
        s.select_option(pick(*item, value(*item)));
        if (item->repeats) s.next();
        clock.advance(1000);
        s.tick();
    }
}

}  // namespace

TEST_CASE("a contact detail is checked before it is accepted", "[contact]") {
    using W = ContactWay;
    CHECK(check_contact_detail(W::Phone, "06 12345678").empty());
    CHECK(check_contact_detail(W::Phone, "020-1234567").empty());
    CHECK(check_contact_detail(W::Phone, "+32 470 12 34 56").empty());
    CHECK(check_contact_detail(W::Phone, "06 1234567") == "contact.error.phone");   // 9 digits
    CHECK(check_contact_detail(W::Phone, "612345678901") == "contact.error.phone");  // no 0, no +
    CHECK(check_contact_detail(W::Phone, "06-abc") == "contact.error.phone");
    CHECK(check_contact_detail(W::Phone, "  ") == "contact.error.empty");
    CHECK(check_contact_detail(W::Email, "anna@voorbeeld.nl").empty());
    CHECK(check_contact_detail(W::Email, "anna@voorbeeld") == "contact.error.email");
    CHECK(check_contact_detail(W::Email, "anna voorbeeld.nl") == "contact.error.email");
    CHECK(check_contact_detail(W::Visit, "Kerkstraat 8").empty());
    CHECK(check_contact_detail(W::Visit, "Kerkstraat") == "contact.error.address");
}

TEST_CASE("talk yes asks how, and the wish, the detail and the marks go into the sealed response", "[contact]") {
    ManualClock clock;
    KioskState s(clock, KioskOptions{}, nullptr);
    s.set_catalog({shipped("howareyou-short")});
    s.set_referrals(shipped_catalogue());
    std::vector<FinishedResponse> sealed;
    s.set_finish_sink([&](FinishedResponse&& r) { sealed.push_back(std::move(r)); });
    s.start();
    s.consent_agree();
    // Mark the first two questions, unmark one of them again.
    while (!s.interview()->current()->is_answerable()) s.next();
    s.toggle_talk_mark();
    std::string first = s.interview()->current()->link_id;
    s.select_option(2);
    clock.advance(1000);
    s.tick();
    s.toggle_talk_mark();
    s.toggle_talk_mark();
    s.toggle_talk_mark();
    answer_all(s, clock, [](const questionnaire::Item&) { return std::size_t{3}; });
    REQUIRE(s.screen() == Screen::Review);
    s.review_done();
    REQUIRE(s.screen() == Screen::Result);
    s.result_next();
    REQUIRE(s.screen() == Screen::Talk);
    CHECK(marks_line(s, "en") == "You marked 2 topics to talk about.");
    CHECK(screen_utterance(s).text.find("U hebt 2 onderwerpen gekozen") != std::string::npos);
    s.talk(true);
    REQUIRE(s.screen() == Screen::ContactWish);
    CHECK(sealed.empty());  // not sealed before the resident said how
    s.contact_choose(ContactWay::Phone);
    REQUIRE(s.contact_entry() == ContactWay::Phone);
    s.type_text("06 1234");
    s.next();
    CHECK(s.keyboard_error() == "contact.error.phone");
    CHECK(s.screen() == Screen::ContactWish);
    s.type_text("5678");
    // Read-aloud never says what was typed.
    CHECK(screen_utterance(s).text.find("1234") == std::string::npos);
    s.next();
    REQUIRE(sealed.size() == 1);
    CHECK((s.screen() == Screen::Referrals || s.screen() == Screen::Thanks));
    auto j = nlohmann::json::parse(sealed[0].response_json);
    std::string wish, detail;
    std::vector<std::string> marks;
    for (const auto& e : j["extension"]) {
        std::string url = e["url"];
        if (url.ends_with("/contact-wish")) wish = e["valueCode"];
        if (url.ends_with("/contact-detail")) detail = e["valueString"];
        if (url.ends_with("/talk-about")) marks.push_back(e["valueString"]);
    }
    CHECK(wish == "phone");
    CHECK(detail == "06 12345678");
    REQUIRE(marks.size() == 2);
    CHECK(marks[0] == first);
    // The thanks screen says what will happen, in the organisation's words.
    auto lines = thanks_lines(s, "nl");
    CHECK(std::find(lines.begin(), lines.end(), i18n::tr("contact.after.phone", "nl")) != lines.end());
    i18n::set_overrides({{"nl", {{"contact.after.phone", "Wij bellen u binnen twee werkdagen."}}}});
    lines = thanks_lines(s, "nl");
    CHECK(std::find(lines.begin(), lines.end(), "Wij bellen u binnen twee werkdagen.") != lines.end());
    i18n::set_overrides({});
    s.wipe_session();
    CHECK_FALSE(s.contact_wish());
    CHECK(s.talk_marks().empty());
}

TEST_CASE("the desk wish goes on at once and the thanks screen says where to go", "[contact]") {
    ManualClock clock;
    KioskState s(clock, KioskOptions{}, nullptr);
    s.set_catalog({shipped("howareyou-youth")});
    std::vector<FinishedResponse> sealed;
    s.set_finish_sink([&](FinishedResponse&& r) { sealed.push_back(std::move(r)); });
    s.start();
    s.consent_agree();
    answer_all(s, clock, [](const questionnaire::Item&) { return std::size_t{8}; });
    s.review_done();
    s.result_next();
    // The youth questionnaire says "je": so do the screens around it.
    CHECK(say(s, "talk.title", "nl") == "Wil je hierover praten?");
    CHECK(screen_utterance(s).text.find("Wil je hierover praten?") != std::string::npos);
    s.talk(true);
    s.contact_back();  // changed their mind: back to the question
    CHECK(s.screen() == Screen::Talk);
    s.talk(true);
    s.contact_choose(ContactWay::Desk);
    REQUIRE(sealed.size() == 1);
    CHECK(sealed[0].response_json.find("\"valueCode\":\"desk\"") != std::string::npos);
    auto lines = thanks_lines(s, "nl");
    CHECK(std::find(lines.begin(), lines.end(), "Loop nu naar de balie. Zeg dat je met iemand wilt praten.") != lines.end());
    CHECK(say(s, "thanks.title", "nl") == "Dank je wel!");
}

TEST_CASE("staff can switch sensitive topics off for a resident beforehand", "[contact]") {
    ManualClock clock;
    KioskState s(clock, KioskOptions{}, [](const std::string&) { return true; });
    s.set_catalog({shipped("howareyou-short")});
    std::vector<FinishedResponse> sealed;
    s.set_finish_sink([&](FinishedResponse&& r) { sealed.push_back(std::move(r)); });
    s.staff_corner_down();
    clock.advance(5000);
    s.tick();
    s.pin_digit('1');
    s.pin_ok();
    s.staff_assisted();
    s.assist_toggle_sensitive();
    s.assist_start();
    s.consent_agree();
    std::vector<std::string> asked;
    for (int guard = 0; guard < 100 && s.screen() == Screen::Question; ++guard) {
        const auto* item = s.interview()->current();
        if (item->is_answerable()) asked.push_back(item->link_id);
        if (item->is_answerable()) {
            s.select_option(pick(*item, 5));
            clock.advance(1000);
            s.tick();
        } else {
            s.next();
        }
    }
    REQUIRE(s.screen() == Screen::Review);
    CHECK(std::find(asked.begin(), asked.end(), "life-money") == asked.end());
    CHECK(std::find(asked.begin(), asked.end(), "life-safe-home") == asked.end());
    CHECK(std::find(asked.begin(), asked.end(), "life-satisfied") != asked.end());
    s.review_done();
    s.wipe_session();
    REQUIRE(sealed.size() == 1);
    CHECK(sealed[0].response_json.find("life-money") == std::string::npos);
    CHECK(sealed[0].response_json.find("sensitive-off") != std::string::npos);
}
