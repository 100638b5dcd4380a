// Promises the kiosk makes after the questions: referrals that help (a low
// single answer, the safety line, words read aloud, stale offers) and the
// talk follow-up (contact wish, checked details, marks, the thanks words).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/utc_time.hpp"
#include "i18n/catalog.hpp"
#include "questionnaire/loader.hpp"
#include "referrals/referrals.hpp"
#include "session/contact_wish.hpp"
#include "session/kiosk_state.hpp"
#include "session/read_aloud.hpp"
#include "test_support.hpp"

using namespace kiosk;
namespace fs = std::filesystem;

namespace {

const fs::path kAssets = fs::path(KIOSK_SOURCE_DIR) / "assets";

referrals::Catalogue shipped_catalogue() {
    auto c = referrals::load_catalogue(kAssets / "referrals/voorbeeldstad.json");
    REQUIRE(c.ok());
    return *c;
}

questionnaire::Questionnaire shipped(const std::string& id) {
    auto r = questionnaire::load_questionnaire_file(kAssets / "questionnaires" / (id + ".json"));
    REQUIRE(r.questionnaire);
    return *r.questionnaire;
}

bool has_offer(const std::vector<referrals::Offer>& v, const std::string& id) {
    for (const auto& o : v)
        if (o.id == id) return true;
    return false;
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

TEST_CASE("a money answer of 1 of 10 gets money help even when the domain average is fine", "[referrals]") {
    auto c = shipped_catalogue();
    questionnaire::Scores s;
    s.domains = {{"quality-of-life", 7.0, 3, 0, 3}, {"feelings", 8.0, 3, 0, 3}};
    s.items = {{"life-satisfied", 10.0}, {"life-safe-home", 10.0}, {"life-money", 1.0}};
    auto m = referrals::match(c, &s, {});
    CHECK(has_offer(m, "geldspreekuur"));
    // Without the low single answer the same averages bring nothing.
    s.items["life-money"] = 8.0;
    CHECK_FALSE(has_offer(referrals::match(c, &s, {}), "geldspreekuur"));
}

TEST_CASE("very low feelings bring the safety line first, from the content", "[referrals]") {
    auto c = shipped_catalogue();
    REQUIRE(c.safety);
    CHECK(c.safety->phone == "113");  // content, not code
    questionnaire::Scores s;
    s.domains = {{"feelings", 2.0, 3, 0, 3}, {"body", 4.0, 3, 0, 3}, {"meaning", 4.0, 3, 0, 3}};
    auto m = referrals::match(c, &s, {"money", "health"});
    REQUIRE(m.size() == 4);  // the safety line plus the usual three
    CHECK(m.front().safety);
    CHECK(referrals::contact_speech(m.front(), "nl").find("1, 1, 3") == std::string::npos);
    CHECK(referrals::contact_speech(m.front(), "nl").find("1 1 3") != std::string::npos);
    s.domains[0].average = 4.0;  // low, not very low
    CHECK_FALSE(referrals::match(c, &s, {}).front().safety);
}

TEST_CASE("opening times are written out and phone numbers read digit by digit", "[referrals]") {
    referrals::Hours weekdays{{"mon", "tue", "wed", "thu", "fri"}, "9:00", "17:00"};
    CHECK(referrals::hours_text(weekdays, "nl") == "maandag tot en met vrijdag, van 9 tot 17 uur");
    CHECK(referrals::hours_text(weekdays, "en") == "Monday to Friday, from 9:00 to 17:00");
    CHECK(referrals::hours_text({{"tue"}, "10:00", "12:30"}, "nl") == "dinsdag, van 10 tot 12.30 uur");
    CHECK(referrals::hours_text({{"wed"}, "14:00", ""}, "nl") == "woensdag om 14 uur");
    CHECK(referrals::hours_text({{"tue", "thu"}, "", ""}, "nl") == "dinsdag en donderdag");
    CHECK(referrals::phone_speech("0123 456 789") == "0 1 2 3, 4 5 6, 7 8 9");
    CHECK(referrals::phone_speech("+31 20-123") == "plus 3 1, 2 0, 1 2 3");
    auto c = shipped_catalogue();
    for (const auto& o : c.offers) {
        INFO(o.id);
        CHECK_FALSE(o.icon.empty());
        // Contact lines in both languages, and never the old abbreviations.
        for (const char* lang : {"nl", "en"})
            for (const auto& line : referrals::contact_lines(o, lang)) {
                CHECK(line.find("ma-vr") == std::string::npos);
                CHECK(line.find(" 9-17") == std::string::npos);
            }
    }
}

TEST_CASE("an offer not checked for six months is stale: the lint warns, the catalogue still loads", "[referrals]") {
    auto c = shipped_catalogue();
    CHECK(referrals::stale_offers(c, "2026-12-01").empty());
    auto stale = referrals::stale_offers(c, "2027-06-01");
    CHECK(stale.size() == c.offers.size() + 1);
    CHECK(utc_day(1'780'000'000'000) == "2026-05-28");

    test::TempDir d("stale");
    auto j = nlohmann::json::parse(test::read_file(kAssets / "referrals/voorbeeldstad.json"));
    j["offers"][0]["checked"] = "2026-03-01";
    j["offers"][1].erase("icon");
    test::write_file(d / "r.json", j.dump());
    auto lint = referrals::lint_catalogue(d / "r.json", "2026-12-01", kAssets / "icons");
    REQUIRE(lint.warnings.size() == 1);
    CHECK(lint.warnings[0].find("r.json:buurtteam: last checked 2026-03-01, more than six months ago") != std::string::npos);
    REQUIRE(lint.problems.size() == 1);
    CHECK(lint.problems[0].find("r.json:geldspreekuur: no icon") != std::string::npos);
    // The shipped catalogue is clean.
    auto clean = referrals::lint_catalogue(kAssets / "referrals/voorbeeldstad.json", "2026-12-01", kAssets / "icons");
    CHECK(clean.problems.empty());
    CHECK(clean.warnings.empty());
}

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
