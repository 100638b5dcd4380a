// The result a resident carries home: what the code holds, that it reads
// back, and that anything else is refused with a plain reason.
#include <catch2/catch.hpp>

#include "takehome/result_code.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::takehome;
using kiosk::test::run;
namespace q = kiosk::questionnaire;

namespace {

q::Scores scores(std::vector<std::optional<double>> averages) {
    q::Scores s;
    for (std::size_t i = 0; i < averages.size(); ++i) {
        q::DomainScore d;
        d.domain = q::scoring_domains()[i];
        d.average = averages[i];
        s.domains.push_back(d);
    }
    return s;
}

}  // namespace

TEST_CASE("a result code holds the questionnaire, the day and whole-number scores, and reads back") {
    auto c = from_scores(scores({5.3, 6.5, std::nullopt, 10.0, 0.0, 7.49}), "howareyou", "short", "1.0", "2026-12-02");
    const std::string text = encode(c);
    CHECK(text == "IK1 HOWAREYOU SHORT 1.0 20261202 57-A07");
    // Only characters of the QR alphanumeric mode (0-9 A-Z space $%*+-./:).
    for (char ch : text) CHECK(std::string("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:").find(ch) != std::string::npos);
    CHECK(text.size() <= 48);
    auto back = decode(text + "\n");
    REQUIRE(back);
    CHECK(back->family == "howareyou");
    CHECK(back->variant == "short");
    CHECK(back->version == "1.0");
    CHECK(back->day == "2026-12-02");
    REQUIRE(back->scores.size() == 6);
    CHECK(back->scores[0] == 5);
    CHECK(back->scores[1] == 7);
    CHECK_FALSE(back->scores[2].has_value());
    CHECK(back->scores[3] == 10);
    CHECK(back->scores[4] == 0);
    CHECK(back->scores[5] == 7);
    // A scanner that types lower case is read the same.
    auto low = decode("ik1 howareyou short 1.0 20261202 57-a07");
    REQUIRE(low);
    CHECK(encode(*low) == text);
}

TEST_CASE("the family of a questionnaire is its id without the variant") {
    CHECK(family_of("howareyou-short", "short") == "howareyou");
    CHECK(family_of("howareyou-easy", "easy") == "howareyou");
    CHECK(family_of("intake", "intake") == "intake");
    CHECK(family_of("money-matters", "") == "money-matters");
}

TEST_CASE("a code that is not ours, newer, or damaged is refused saying what is wrong") {
    struct Case {
        const char* text;
        const char* says;
    };
    for (const Case& c : {Case{"https://example.org/", "not a result code"},
                          Case{"Lichaam: 5 van de 10", "not a result code"},
                          Case{"IK2 HOWAREYOU SHORT 1.0 20261202 57-A07", "version 2"},
                          Case{"IK1 HOWAREYOU SHORT 1.0 20261202", "6 parts"},
                          Case{"IK1 HOWAREYOU SHORT 1.0 20261302 57-A07", "not a real date"},
                          Case{"IK1 HOWAREYOU SHORT 1.0 2026-12-02 57-A07", "YYYYMMDD"},
                          Case{"IK1 HOWAREYOU SHORT 1.0 20261202 57-A0", "6 marks"},
                          Case{"IK1 HOWAREYOU SHORT 1.0 20261202 57-B07", "'B'"},
                          Case{"IK1 HOWAREYOU SHORT 1.0 20261202 ------", "no score"},
                          Case{"IK1 HOW<ARE SHORT 1.0 20261202 57-A07", "part 2"},
                          Case{"IK99999999999 X Y Z 20261202 57-A07", "not a result code"}}) {
        INFO(c.text);
        auto r = decode(c.text);
        REQUIRE_FALSE(r);
        INFO(r.error().message);
        CHECK(r.error().message.find(c.says) != std::string::npos);
    }
}

TEST_CASE("kioskctl qr decode shows a professional what a resident's code says") {
    auto r = run(KIOSKCTL_BIN, {"qr", "decode", "IK1 HOWAREYOU SHORT 1.0 20261202 57-A07"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("howareyou") != std::string::npos);
    CHECK(r.out.find("2026-12-02") != std::string::npos);
    CHECK(r.out.find("feelings: 7") != std::string::npos);
    CHECK(r.out.find("meaning: -") != std::string::npos);
    auto bad = run(KIOSKCTL_BIN, {"qr", "decode", "IK1 HOWAREYOU SHORT 1.0 20261302 57-A07"});
    CHECK(bad.exit_code != 0);
    CHECK(bad.err.find("not a real date") != std::string::npos);
}
