// shared/pack/content_dir: a content folder read once, questionnaires in the
// choose screen's order and every referral catalogue, not only the first.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "pack/content_dir.hpp"
#include "pack_support.hpp"

using namespace kiosk;
using namespace kiosk::test;

TEST_CASE("the bundled assets load in the choose screen's order with nothing refused") {
    auto c = pack::load_content_dir(fs::path(KIOSK_SOURCE_DIR) / "assets");
    for (const auto& line : c.log) INFO(line);
    CHECK(c.log.empty());
    CHECK(c.version.empty());
    CHECK(c.settings);
    std::vector<std::string> ids;
    for (const auto& q : c.questionnaires) ids.push_back(q.id);
    // The listed ids first, in the list's order; the rest after them by file name.
    CHECK(ids == std::vector<std::string>{"howareyou-short", "howareyou-easy", "intake", "howareyou-full",
                                          "howareyou-youth", "howareyou-child", "money-matters", "caring",
                                          "satisfaction-easy", "satisfaction"});
    CHECK(c.referrals.offers.size() == 7);
    REQUIRE(c.referrals.safety);
    CHECK(c.referrals.safety->id == "hulplijn");
}

TEST_CASE("every referral catalogue of a content folder is loaded, the first one's safety line kept") {
    TempDir dir("content-dir");
    make_content(dir / "c");
    auto second = nlohmann::json::parse(read_file(fs::path(KIOSK_SOURCE_DIR) / "assets" / "referrals" / "voorbeeldstad.json"));
    auto offers = nlohmann::json::array();
    for (auto o : second["offers"]) {
        o["id"] = "extra-" + o["id"].get<std::string>();
        offers.push_back(o);
    }
    offers.push_back(second["offers"][0]);  // an id the first catalogue has: kept once
    second["offers"] = offers;
    second["safety"]["id"] = "other-line";
    second["town"] = "Tweede stad";
    write_file(dir / "c" / "referrals" / "zz-second.json", second.dump());

    auto c = pack::load_content_dir(dir / "c");
    CHECK(c.referrals.offers.size() == 14);
    CHECK(c.referrals.town.find("Voorbeeldstad") != std::string::npos);
    REQUIRE(c.referrals.safety);
    CHECK(c.referrals.safety->id == "hulplijn");
    bool extra = false;
    for (const auto& o : c.referrals.offers) extra |= o.id == "extra-vervoer";
    CHECK(extra);
    REQUIRE(c.log.size() == 1);
    CHECK(c.log[0].find("buurtteam") != std::string::npos);
}

TEST_CASE("a questionnaire that does not load is left out and logged, the others stay") {
    TempDir dir("content-dir-bad");
    make_content(dir / "c");
    write_file(dir / "c" / "questionnaires" / "broken.json", "{\"resourceType\": \"Questionnaire\"");
    auto c = pack::load_content_dir(dir / "c");
    CHECK(c.questionnaires.size() == 10);
    REQUIRE_FALSE(c.log.empty());
    CHECK(c.log[0].rfind("refused ", 0) == 0);
    CHECK(c.log[0].find("broken.json") != std::string::npos);
}

// The pictograms are read and decoded with the content (on the device service
// or before the first frame), so the kiosk never reads a PNG while it draws.
TEST_CASE("a content folder's icons are decoded with it, the bundled ones fill in, a broken one is named") {
    TempDir dir("content-icons");
    const fs::path assets = fs::path(KIOSK_SOURCE_DIR) / "assets";
    make_content(dir / "c");
    fs::create_directories(dir / "c" / "icons");
    // The pack's own "body" icon (here: the bundled "back" picture) wins over the bundled "body".
    fs::copy_file(assets / "icons" / "back.png", dir / "c" / "icons" / "body.png");
    write_file(dir / "c" / "icons" / "broken.png", "not a picture");

    auto c = pack::load_content_dir(dir / "c", assets);
    REQUIRE(c.icons.count("body"));
    auto own = pack::load_content_dir(assets);
    REQUIRE(own.icons.count("back"));
    REQUIRE(own.icons.count("body"));
    CHECK(c.icons.at("body").rgba == own.icons.at("back").rgba);
    CHECK(c.icons.at("body").rgba != own.icons.at("body").rgba);
    const auto& img = c.icons.at("body");
    CHECK(img.width > 0);
    CHECK(img.rgba.size() == static_cast<std::size_t>(img.width) * img.height * 4);
    // Every bundled icon is there too (the pack carries only one of its own).
    CHECK(c.icons.size() == own.icons.size());
    CHECK(c.icons.count("broken") == 0);
    bool named = false;
    for (const auto& line : c.log) named = named || line.find("broken.png") != std::string::npos;
    CHECK(named);
}
