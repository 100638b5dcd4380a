// Referrals that help (shared/referrals): a low single answer, the safety
// line first, opening times and phone numbers as they are read aloud, and
// offers not checked for six months.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/utc_time.hpp"
#include "referrals/referrals.hpp"
#include "shipped_referrals.hpp"
#include "test_support.hpp"

using namespace kiosk;
namespace fs = std::filesystem;

namespace {

const fs::path kAssets = fs::path(KIOSK_SOURCE_DIR) / "assets";

referrals::Catalogue shipped_catalogue() { return test::shipped_referrals(); }

bool has_offer(const std::vector<referrals::Offer>& v, const std::string& id) {
    for (const auto& o : v)
        if (o.id == id) return true;
    return false;
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
