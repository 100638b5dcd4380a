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
