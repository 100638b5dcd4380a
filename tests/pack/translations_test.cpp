// Questionnaire and referral texts in the new languages (issue 21):
// translations/<lang>/<file>.json, keyed by the English text, merged into the
// loaded questionnaire; a file that misses one English text is refused naming
// it; packs carry them; the organisation says which languages are offered.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>

#include "content/translations.hpp"
#include "core/clock.hpp"
#include "pack/pack.hpp"
#include "pack_support.hpp"
#include "questionnaire/interview.hpp"
#include "questionnaire/loader.hpp"
#include "referrals/referrals.hpp"
#include "session/kiosk_state.hpp"
#include "session/languages.hpp"
#include "test_support.hpp"
#include "translation_files.hpp"

using namespace kiosk;
using namespace kiosk::test;
using nlohmann::json;
namespace q = kiosk::questionnaire;

TEST_CASE("packs carry translations/<lang>/ files, and the content check refuses an incomplete one", "[pack]") {
    CHECK(pack::check_path("translations/ar/howareyou-short.json").ok());
    CHECK(pack::check_path("translations/ti/referrals-voorbeeldstad.json").ok());
    CHECK(pack::check_path("translations/nl.json").ok());  // the organisation's own wording, as before
    for (const char* bad : {"translations/xx/a.json", "translations/nl/a.json", "translations/ar/a.png",
                            "translations/ar/b/c.json", "translations/ar/.x.json"}) {
        INFO(bad);
        CHECK_FALSE(pack::check_path(bad).ok());
    }
    TempDir dir("tr-pack");
    make_content(dir / "content");
    auto qn = q::load_questionnaire_file(dir / "content/questionnaires/satisfaction.json").questionnaire;
    REQUIRE(qn);
    json file = polish_file(*qn);
    write_file(dir / "content/translations/pl/satisfaction.json", file.dump());
    CHECK(pack::check_content_dir(dir / "content").ok());
    const ManualClock clock(1'764'581'405'123);
    auto built = pack::build_pack(dir / "content", "3", {}, clock);
    REQUIRE(built.ok());
    CHECK(built->manifest.created_at == "2025-12-01T09:30:05.123Z");  // the injected clock, not the machine's
    CHECK(std::any_of(built->files.begin(), built->files.end(),
                      [](const auto& f) { return f.first == "translations/pl/satisfaction.json"; }));
    file["texts"].erase(qn->title.get("en"));
    write_file(dir / "content/translations/pl/satisfaction.json", file.dump());
    auto st = pack::check_content_dir(dir / "content");
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().message.find("translations/pl/satisfaction.json: no translation of") != std::string::npos);
}

TEST_CASE("settings.json says which languages are offered, and the default is nl, en and the fully translated ones", "[pack]") {
    TempDir dir("tr-settings");
    make_content(dir / "content");
    write_file(dir / "content/settings.json", R"({"languages": ["nl"], "default_lang": "nl"})");
    auto s = pack::read_content_settings(dir / "content");
    REQUIRE(s.ok());
    CHECK(s->languages == std::vector<std::string>{"nl"});
    write_file(dir / "content/settings.json", R"({"languages": ["nl", "xx"]})");
    s = pack::read_content_settings(dir / "content");
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message.find("settings.json: \"languages\": \"xx\" is not a language the kiosk speaks") == 0);
    write_file(dir / "content/settings.json", R"({"languages": ["nl", "nl"]})");
    CHECK_FALSE(pack::read_content_settings(dir / "content").ok());
    write_file(dir / "content/settings.json", R"({"languages": ["nl"], "default_lang": "en"})");
    s = pack::read_content_settings(dir / "content");
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message == "settings.json: \"default_lang\" \"en\" is not among \"languages\"");

    // What the welcome screen offers: the list, or by default nl + en + every
    // spoken language every questionnaire is translated into.
    KioskOptions o;
    std::vector<q::Questionnaire> catalog;
    catalog.push_back(load_satisfaction(dir / "content"));
    auto codes = [](const std::vector<i18n::Language>& v) {
        std::vector<std::string> out;
        for (const auto& l : v) out.push_back(l.code);
        return out;
    };
    std::vector<std::string> want{"nl", "en"};
    for (const auto& l : i18n::languages())
        if (l.code != "nl" && l.code != "en" && catalog.front().supports_language(l.code)) want.push_back(l.code);
    CHECK(codes(offered_languages(o, catalog)) == want);
    o.languages = {"en"};
    CHECK(codes(offered_languages(o, catalog)) == std::vector<std::string>{"en"});
    // A language the kiosk does not speak is never offered, whatever the list says.
    o.languages = {"nl", "xx"};
    CHECK(codes(offered_languages(o, catalog)) == std::vector<std::string>{"nl"});
    // And switching to a language not offered does nothing.
    ManualClock clock;
    KioskOptions only_nl;
    only_nl.languages = {"nl"};
    KioskState st(clock, only_nl, nullptr);
    st.set_catalog(catalog);
    st.set_language("en");
    CHECK(st.lang() == "nl");
    st.set_options(KioskOptions{});
    st.set_language("en");
    CHECK(st.lang() == "en");
}
