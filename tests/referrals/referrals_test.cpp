#include <catch2/catch.hpp>

#include "referrals/referrals.hpp"
#include "test_support.hpp"

using namespace kiosk;

TEST_CASE("referrals match chosen themes first then the lowest-scoring domains") {
    auto offer = [](std::string id, std::vector<std::string> domains, std::vector<std::string> themes) {
        referrals::Offer o;
        o.id = id;
        o.name = {{"nl", id}};
        o.domains = std::move(domains);
        o.themes = std::move(themes);
        return o;
    };
    referrals::Catalogue c;
    c.offers = {offer("geld", {"quality-of-life"}, {"money"}), offer("beweeg", {"body"}, {}),
                offer("praat", {"feelings"}, {}), offer("buurt", {"taking-part"}, {})};
    questionnaire::Scores s;
    s.domains = {{"body", 5.5, 2, 0, 2}, {"feelings", 2.0, 2, 0, 2}, {"taking-part", 9.0, 2, 0, 2},
                 {"meaning", std::nullopt, 0, 2, 2}};
    auto m = referrals::match(c, &s, {"money"});
    REQUIRE(m.size() == 3);
    CHECK(m[0].id == "geld");    // the resident's own theme
    CHECK(m[1].id == "praat");   // feelings 2.0 is the lowest
    CHECK(m[2].id == "beweeg");  // body 5.5 is below 6
    // A domain going well, or without answers, brings nothing.
    for (const auto& o : m) CHECK(o.id != "buurt");
    CHECK(referrals::match(c, nullptr, {}).empty());
}

TEST_CASE("a broken referral catalogue is refused naming the file") {
    test::TempDir d("refs");
    test::write_file(d / "r.json", "{\"offers\": [{\"id\": \"x\"}]}");
    auto r = referrals::load_catalogue(d / "r.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("r.json") != std::string::npos);
}

// A resident reading Turkish, Polish, Ukrainian, Arabic or Tigrinya sees the
// opening hours and the phone line in that language, not in English.
TEST_CASE("opening hours and the phone line are said in every kiosk language") {
    using namespace kiosk;
    referrals::Hours weekdays;
    weekdays.days = {"mon", "tue", "wed", "thu", "fri"};
    weekdays.from = "9:00";
    weekdays.to = "17:00";
    CHECK(referrals::hours_text(weekdays, "tr") == "Pazartesi-Cuma, 9:00-17:00");
    CHECK(referrals::hours_text(weekdays, "pl") == "poniedziałek-piątek, 9:00-17:00");
    CHECK(referrals::hours_text(weekdays, "ar") == "من الاثنين إلى الجمعة، من 9:00 إلى 17:00");
    referrals::Hours two;
    two.days = {"wed", "mon"};
    two.from = "14:00";
    CHECK(referrals::hours_text(two, "en") == "Monday and Wednesday at 14:00");
    CHECK(referrals::hours_text(two, "uk") == "понеділок і середа, о 14:00");
    referrals::Hours three;
    three.days = {"mon", "wed", "fri"};
    CHECK(referrals::hours_text(three, "nl") == "maandag, woensdag en vrijdag");
    referrals::Hours always;
    always.days = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    always.from = "0:00";
    always.to = "24:00";
    CHECK(referrals::hours_text(always, "ti") == "ኩሉ መዓልቲ፣ መዓልትን ለይትን");

    referrals::Offer o;
    o.phone = "113";
    for (const char* lang : {"ar", "tr", "pl", "uk", "ti"}) {
        INFO(lang);
        auto lines = referrals::contact_lines(o, lang);
        REQUIRE(lines.size() == 1);
        CHECK(lines[0].find("Phone") == std::string::npos);
        CHECK(lines[0].find("113") != std::string::npos);
    }
    CHECK(referrals::contact_lines(o, "nl")[0] == "Telefoon: 113");
    CHECK(referrals::contact_lines(o, "en")[0] == "Phone: 113");
}
