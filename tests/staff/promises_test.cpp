// The promises of issue 13 end to end, through the real kiosk (headless, by
// script), the real outbox and sync to the real endpoint on 127.0.0.1, and
// `kioskctl export` with the organisation's key: a consent "no" keeps what it
// governs out of the sealed envelope, and "talk: yes" with a contact wish and
// marked topics reaches the back office's work list.
#include <catch2/catch.hpp>

#include "pack/pack.hpp"
#include "staff_device.hpp"
#include "staff_support.hpp"
#include "sync_fixture.hpp"

using namespace kiosk;
using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {

const std::string kBase = "https://fhir.intake-kiosk.example/StructureDefinition/";

std::vector<std::string> link_ids(const nlohmann::json& items) {
    std::vector<std::string> out;
    for (const auto& it : items) {
        out.push_back(it["linkId"]);
        if (it.contains("item"))
            for (auto& c : link_ids(it["item"])) out.push_back(c);
    }
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// The intake up to its consent question (English UI): for whom, the money
// theme, a typed question, "later".
std::string intake_until_consent() {
    return "tap start\ntap choose.intake\nexpect-screen consent\ntap consent.agree\n"
           "expect-screen question\ntap next\n"      // intro
           "tap answer.0\n"                            // for whom: myself
           "tap answer.1\ntap next\n"                  // themes: money
           "expect-screen keyboard\ntype Help with my bills\ntap next\n"
           "tap answer.2\n"                            // urgency: later
           "expect-screen question\ntap next\n"        // what we keep, and why
           "expect-text May we keep your name and details to reach you?\n";
}

}  // namespace

TEST_CASE("a consent no inside the intake keeps the contact details out of the sealed envelope") {
    TempDir dir("promise-consent");
    StaffDevice dev(dir, "library");
    // Resident 1 says no: no contact questions, and the thanks screen says what was not kept.
    std::string script = intake_until_consent() +
                         "tap answer.1\n"  // No
                         "expect-text You can also drop in without an appointment.\n"
                         "expect-no-text What name should we use for you?\n"
                         "tap next\nexpect-screen review\nexpect-no-text Which number\ntap review.done\n"
                         "expect-screen referrals\ntap next\nexpect-screen thanks\n"
                         "expect-text We did not keep your name and details, as you asked.\n"
                         "screenshot thanks-consent-no.png\ntap finish\nexpect-screen welcome\n";
    // Resident 2 says yes and gives a name and number: those are sealed.
    script += intake_until_consent() +
              "tap answer.0\n"  // Yes
              "expect-text How would you like us to contact you?\ntap answer.0\n"  // by phone
              "expect-screen keyboard\ntype Marieke Jansen\ntap next\n"
              "expect-screen keyboard\ntype 0612345678\ntap next\n"
              "tap answer.0\n"  // best time
              "expect-screen review\ntap review.done\nexpect-screen referrals\ntap next\nexpect-screen thanks\n"
              "expect-no-text We did not keep\ntap finish\nquit\n";
    auto r = run_script(dir, dev.data, "consent", script);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(wait_until([&] { return stored_uuids(dev.db).size() == 2; }, 10000));
    auto responses = dev.export_responses();
    REQUIRE(responses.size() == 2);
    int declined = 0, agreed = 0;
    for (const auto& resp : responses) {
        auto ids = link_ids(resp["item"]);
        REQUIRE(has(ids, "consent"));
        std::string text = resp.dump();
        if (!has(ids, "phone")) {
            ++declined;
            // Nothing the consent governs was sealed: not asked, not in the envelope.
            for (const char* id : {"contact", "name", "phone", "phone-time", "email", "address"}) CHECK_FALSE(has(ids, id));
            CHECK(text.find("Marieke") == std::string::npos);
            CHECK(has(ids, "question"));  // what the resident did agree to is there
        } else {
            ++agreed;
            CHECK(text.find("Marieke Jansen") != std::string::npos);
            CHECK(text.find("0612345678") != std::string::npos);
        }
    }
    CHECK(declined == 1);
    CHECK(agreed == 1);
    // The device never held them in clear.
    CHECK(files_containing(dev.data, {"Marieke", "0612345678", "Help with my bills"}).empty());
}

TEST_CASE("talk yes with a contact wish and marked topics reaches the export's work list") {
    TempDir dir("promise-talk");
    StaffDevice dev(dir, "community centre");
    std::string script = "tap start\ntap choose.howareyou-short\ntap consent.agree\ntap next\ntap next\n"
                         "expect-screen question\n"
                         "tap talk-about\nscreenshot question-marked.png\ndump-ui question-marked.json\n" +
                         short_answers(0, 3) + "tap talk-about\n" + short_answers(3, 17) +
                         "expect-screen review\ntap review.done\nexpect-screen result\ntap next\n"
                         "expect-screen talk\nexpect-text You marked 2 topics to talk about.\ntap talk.yes\n"
                         "expect-screen contact-wish\nscreenshot contact-wish.png\ntap contact.phone\n"
                         "expect-screen contact-wish\ntype 06 1234\ntap next\n"
                         "expect-text A Dutch number has 10 digits\nscreenshot contact-phone-error.png\n"
                         "type 5678\ntap next\n"
                         "expect-screen referrals\ntap next\nexpect-screen thanks\n"
                         "expect-text Someone from our team will call you on the number you gave.\n"
                         "screenshot thanks-contact.png\ntap finish\n"
                         // A second resident walks to the desk.
                         "tap start\ntap choose.howareyou-short\ntap consent.agree\ntap next\ntap next\n" +
                         short_answers(0, 17) +
                         "tap review.done\ntap next\ntap talk.yes\ntap contact.desk\nexpect-screen referrals\ntap next\n"
                         "expect-text Walk to the desk now.\ntap finish\n"
                         // A third says not now: no row in the work list.
                         "tap start\ntap choose.howareyou-short\ntap consent.agree\ntap next\ntap next\n" +
                         short_answers(0, 17) + short_ending() + "tap finish\nquit\n";
    auto r = run_script(dir, dev.data, "talk", script);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    {
        // Marked, the toggle says so in words and is not a second blue Next.
        auto ui = nlohmann::json::parse(read_file(dir / "question-marked.json"));
        nlohmann::json mark, next;
        for (const auto& w : ui["widgets"]) {
            if (w["id"] == "talk-about") mark = w;
            if (w["id"] == "next") next = w;
        }
        REQUIRE(mark.is_object());
        CHECK(mark["label"].get<std::string>().rfind("\u2713 ", 0) == 0);
        // Not the filled blue of the primary action (kiosk/theme.cpp, light theme).
        CHECK(mark["bg_rgb"] != nlohmann::json::array({11, 87, 164}));
        if (next.is_object()) CHECK(mark["bg_rgb"] != next["bg_rgb"]);
    }
    REQUIRE(wait_until([&] { return stored_uuids(dev.db).size() == 3; }, 10000));
    auto responses = dev.export_responses();
    REQUIRE(responses.size() == 3);
    std::string csv = read_file(dir / "export" / "work-list" / "contact-requests.csv");
    INFO(csv);
    auto lines = std::count(csv.begin(), csv.end(), '\n');
    CHECK(lines == 3);  // header + phone + desk
    CHECK(csv.find("talk_wish,contact_wish,contact_detail,marked_topics,marked_questions") != std::string::npos);
    CHECK(csv.find(",true,phone,06 12345678,body-health; feel-calm,") != std::string::npos);
    CHECK(csv.find(",true,desk,,,") != std::string::npos);
    auto nd = read_file(dir / "export" / "work-list" / "contact-requests.ndjson");
    auto first = nlohmann::json::parse(nd.substr(0, nd.find('\n')));
    CHECK(first["questionnaire"] == "howareyou-short");
    REQUIRE(first["marked"].size() == 2);
    CHECK(first["marked"][0]["text"] == "How is your health at the moment?");
    // The number went only inside the sealed envelope: never in clear on the device.
    CHECK(files_containing(dev.data, {"12345678"}).empty());
}

TEST_CASE("the staff screen warns about a referral not checked for six months") {
    TempDir dir("promise-stale");
    const fs::path assets = fs::path(KIOSK_SOURCE_DIR) / "assets";
    const fs::path content = dir / "content";
    fs::copy(assets, content, fs::copy_options::recursive);
    auto j = nlohmann::json::parse(read_file(content / "referrals/voorbeeldstad.json"));
    j["offers"][1]["checked"] = "2020-01-15";  // geldspreekuur
    write_file(content / "referrals/voorbeeldstad.json", j.dump());
    const auto data = dir / "data";
    set_staff_pin(data);
    KioskRunOptions o;
    o.data = data;
    o.lang = "en";
    o.extra = {"--content", content.string()};
    auto r = run_kiosk_script(dir, enter_pin() + "expect-screen staff\n"
                                  "expect-text Referral 'geldspreekuur' was not checked for more than six months.\n"
                                  "expect-no-text Referral 'buurtteam'\nscreenshot staff-stale.png\nquit\n", o);
    INFO(r.err);
    CHECK(r.exit_code == 0);
}

TEST_CASE("the thanks screen says where the desk is, in the organisation's own words") {
    // Issue 13: "I'll walk to the desk now": the organisation's settings say where it is.
    TempDir dir("promise-desk");
    StaffDevice dev(dir, "library");
    fs::copy(fs::path(KIOSK_SOURCE_DIR) / "assets", dir / "content", fs::copy_options::recursive);
    write_file(dir / "content/settings.json",
               R"({"desk": {"nl": "de balie bij de ingang, links", "en": "the desk by the entrance, on the left"}})");
    const std::string walk = "tap start\ntap choose.howareyou-short\ntap consent.agree\ntap next\ntap next\n" +
                             short_answers(0, 17) +
                             "tap review.done\ntap next\ntap talk.yes\ntap contact.desk\nexpect-screen referrals\ntap next\n"
                             "expect-screen thanks\n";
    for (const std::string lang : {"en", "nl"}) {
        const std::string where = lang == "en" ? "You find the desk here: the desk by the entrance, on the left."
                                               : "De balie vindt u hier: de balie bij de ingang, links.";
        KioskRunOptions o;
        o.data = dev.data;
        o.lang = lang;
        o.extra = {"--content", (dir / "content").string()};
        auto r = run_kiosk_script(dir, walk + "expect-text " + where + "\nscreenshot thanks-desk-" + lang + ".png\nquit\n", o);
        INFO(lang << ": " << r.err);
        CHECK(r.exit_code == 0);
    }
    // A bad setting names the file and the key, and the kiosk keeps its built-in settings.
    write_file(dir / "content/settings.json", R"({"desk": {"en": "only English"}})");
    auto bad = pack::read_content_settings(dir / "content");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("settings.json: \"desk\"") != std::string::npos);
}
