// A writer's whole path on real binaries: a spreadsheet -> import-xlsform ->
// pack build (loader + plain-language lint) -> pack sign with the org's key
// -> a kiosk enrolled to that org shows the new questionnaire headless.
#include <catch2/catch.hpp>

#include "test_support.hpp"
#include "xlsform_support.hpp"

namespace fs = std::filesystem;
using kiosk::test::run;
using kiosk::test::sheet;

TEST_CASE("a questionnaire written in a spreadsheet reaches the kiosk in a signed pack", "[xlsform][pack]") {
    kiosk::test::TempDir tmp("xlsform-e2e");
    const fs::path form = kiosk::test::write_form(
        tmp / "buurthuis.xlsx",
        {sheet("survey",
               {{"type", "name", "label::Nederlands (nl)", "label::English (en)", "relevant", "parameters",
                 "scale_low::Nederlands (nl)", "scale_low::English (en)", "scale_high::Nederlands (nl)", "scale_high::English (en)"},
                {"note", "intro", "Wij willen het buurthuis beter maken. Daarom stellen we u drie vragen.",
                 "We want to make the centre better. So we ask you three questions."},
                {"select_one yesno", "visit", "Komt u vaak in het buurthuis?", "Do you often come to the centre?"},
                {"range", "like", "Hoe fijn vindt u het buurthuis?", "How much do you like the centre?", "",
                 "start=0 end=10 step=1", "Helemaal niet fijn", "Not at all", "Heel fijn", "Very much"},
                {"text", "wish", "Wat wilt u graag in het buurthuis doen?", "What would you like to do at the centre?",
                 "${visit} = 'yes'"}}),
         sheet("choices", {{"list_name", "name", "label::Nederlands (nl)", "label::English (en)"},
                           {"yesno", "yes", "Ja", "Yes"},
                           {"yesno", "no", "Nee", "No"}}),
         sheet("settings", {{"form_id", "form_title", "form_title::English (en)", "description", "description::English (en)",
                             "version", "default_language", "variant", "register", "icon"},
                            {"buurthuis", "Het buurthuis", "The centre", "Drie vragen over het buurthuis.",
                             "Three questions about the centre.", "1", "Nederlands (nl)", "short", "u", "home"}})});

    // The content folder: the bundled questionnaires and referrals plus the imported one.
    const fs::path content = tmp / "content";
    const fs::path assets = fs::path(KIOSK_SOURCE_DIR) / "assets";
    fs::create_directories(content);
    fs::copy(assets / "questionnaires", content / "questionnaires", fs::copy_options::recursive);
    fs::copy(assets / "referrals", content / "referrals", fs::copy_options::recursive);
    auto im = run(KIOSKCTL_BIN, {"import-xlsform", form.string(), "--out", (content / "questionnaires" / "buurthuis.json").string()});
    INFO(im.err);
    REQUIRE(im.exit_code == 0);
    CHECK(im.err.empty());

    const fs::path pack = tmp / "content.pack", org = tmp / "org", data = tmp / "data";
    auto build = run(KIOSKCTL_BIN, {"pack", "build", "--content", content.string(), "--version", "2", "--out", pack.string()});
    INFO(build.out << build.err);
    REQUIRE(build.exit_code == 0);
    REQUIRE(run(KIOSKCTL_BIN, {"org", "init", "--out", org.string()}).exit_code == 0);
    auto sign = run(KIOSKCTL_BIN, {"pack", "sign", "--key", org.string(), pack.string()});
    INFO(sign.err);
    REQUIRE(sign.exit_code == 0);
    auto enroll = run(KIOSKCTL_BIN, {"device", "enroll", "--db", (tmp / "endpoint.sqlite").string(), "--endpoint",
                                     "http://127.0.0.1:9", "--org", org.string(), "--out", (tmp / "bundle.json").string()});
    INFO(enroll.err);
    REQUIRE(enroll.exit_code == 0);
    auto applied = run(KIOSK_BIN, {"enroll", "--data-dir", data.string(), (tmp / "bundle.json").string()});
    INFO(applied.err);
    REQUIRE(applied.exit_code == 0);

    kiosk::test::KioskRunOptions o;
    o.data = data;
    o.extra = {"--content", pack.string()};
    o.script_name = "walk";
    auto kiosk = kiosk::test::run_kiosk_script(tmp,
                            "tap start\n"
                            "expect-text Het buurthuis\n"
                            "tap choose.buurthuis\n"
                            "tap consent.agree\n"
                            "expect-text Wij willen het buurthuis beter maken.\n"
                            "tap next\n"
                            "expect-text Komt u vaak in het buurthuis?\n"
                            "tap Ja\n"  // a single choice moves on by itself

                            "expect-text Hoe fijn vindt u het buurthuis?\n"
                            "expect-text Heel fijn\n"
                            "tap skip\n"
                            "expect-text Wat wilt u graag in het buurthuis doen?\n"
                            "screenshot buurthuis-wish.png\n"
                            "quit\n", o);
    INFO(kiosk.out << kiosk.err);
    CHECK(kiosk.exit_code == 0);
    CHECK(fs::exists(tmp / "buurthuis-wish.png"));
}
