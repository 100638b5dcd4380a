// Print the take-home result (issue 18): a resident taps `print` on the
// thanks screen; the device service thread sends one page through a real
// cupsd to the cups-pdf virtual printer; the PDF is read back as a person
// would read the paper: the sentence per domain, the referrals' contact
// lines, the date and the QR code are on it; no question, no answer and no
// device id are. A stopped printer or none gives a plain message or no
// button, and the resident's session goes on.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <sstream>

#include "cups_fixture.hpp"
#include "i18n/catalog.hpp"
#include "print/cups_printer.hpp"
#include "print/result_page.hpp"
#include "session/screen_model.hpp"
#include "staff_support.hpp"
#include "takehome/result_code.hpp"
#include "ui_harness.hpp"

using namespace kiosk;
using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {

// From welcome to the thanks screen of howareyou-short (referrals offered:
// feelings are low with these answers).
std::string to_thanks(const std::string& start = "tap start\n") {
    return start + "tap choose.howareyou-short\nexpect-screen consent\ntap consent.agree\ntap next\ntap next\n" +
           short_answers(0, 17) +
           "expect-screen review\ndump-ui review.json\ntap review.done\nexpect-screen result\ndump-ui result.json\n"
           "tap next\ntap talk.no\nexpect-screen referrals\ndump-ui referrals.json\ntap next\nexpect-screen thanks\n";
}

RunResult kiosk_run(const TempDir& dir, const std::string& name, const std::string& script, const std::string& lang = "en") {
    KioskRunOptions o;
    o.lang = lang;
    o.script_name = name;
    return run_kiosk_script(dir, script, o);
}

// pdftotext's words with every run of white space made one space: a
// sentence the page wrapped still reads as one.
std::string page_text(const fs::path& pdf) {
    auto r = run("/usr/bin/pdftotext", {"-enc", "UTF-8", pdf.string(), "-"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::istringstream in(r.out);
    std::string word, text;
    while (in >> word) text += (text.empty() ? "" : " ") + word;
    return text;
}

std::string squash(const std::string& s) {
    std::istringstream in(s);
    std::string word, out;
    while (in >> word) out += (out.empty() ? "" : " ") + word;
    return out;
}

std::vector<std::string> texts_containing(const nlohmann::json& ui, const std::string& needle) {
    std::vector<std::string> out;
    for (const auto& t : ui["texts"])
        if (t["text"].get<std::string>().find(needle) != std::string::npos) out.push_back(t["text"]);
    return out;
}

bool shows(const nlohmann::json& ui, const std::string& needle) { return !texts_containing(ui, needle).empty(); }

std::string device_id(const fs::path& data) {
    return nlohmann::json::parse(read_file(data / "device.json"))["device_id"].get<std::string>();
}

void keep_for_docs(const fs::path& from, const std::string& name) {
    // KIOSK_DOCS_SHOTS=kiosk/docs/print refreshes the README's pictures.
    if (const char* docs = std::getenv("KIOSK_DOCS_SHOTS")) {
        fs::create_directories(docs);
        fs::copy_file(from, fs::path(docs) / name, fs::copy_options::overwrite_existing);
    }
}

}  // namespace

TEST_CASE("print on the thanks screen: one page with the per-domain sentences and the referrals with their contact lines and the date and "
          "the take-home code - no question or answer and no device id") {
    TempDir dir("print");
    CupsServer cups(dir);
    cups.add_pdf_printer("kiosk-a4");
    // A previous result brought along (the scanner types it): the page says
    // per domain higher / the same / lower than last time.
    const std::string previous = "IK1 HOWAREYOU SHORT 1.0.0 20261101 555555";
    auto r = kiosk_run(dir, "print",
                       to_thanks("tap start\ntap compare\nexpect-screen scan\ntype " + previous + "\nkey enter\nexpect-screen choose\n") +
                           "dump-ui thanks.json\nscreenshot thanks.png\ntap print\nexpect-text " +
                           i18n::tr("print.printing", "en") + "\ndump-ui printing.json\nwait-text " +
                           i18n::tr("print.done", "en") + "\ndump-ui printed.json\nscreenshot printed.png\n"
                           "tap finish\nexpect-screen welcome\nquit\n");
    INFO(r.err << cups.log_tail());
    REQUIRE(r.exit_code == 0);

    // The thanks screen offered print next to Done; while printing it is gone (one page per tap).
    auto thanks = read_json(dir / "thanks.json");
    REQUIRE(find_widget(thanks, "print"));
    CHECK((*find_widget(thanks, "print"))["label"] == "Print");
    CHECK(find_widget(thanks, "finish"));
    CHECK_FALSE(find_widget(read_json(dir / "printing.json"), "print"));
    auto printed = read_json(dir / "printed.json");
    CHECK(shows(printed, i18n::tr("print.done", "en")));
    CHECK_FALSE(find_widget(printed, "print"));

    const fs::path pdf = wait_for_pdf(cups.pdf_dir(), 10000);
    REQUIRE_FALSE(pdf.empty());
    const std::string text = page_text(pdf);
    INFO("the page says: " << text);
    auto info = run("/usr/bin/pdfinfo", {pdf.string()});
    CHECK(info.out.find("Pages:           1\n") != std::string::npos);

    // The per-domain sentences, as the result screen said them (compared with last time).
    auto result = read_json(dir / "result.json");
    auto compared = texts_containing(result, "last time (then");
    CHECK(compared.size() >= 5);
    for (const auto& line : compared) CHECK(text.find(squash(line)) != std::string::npos);
    CHECK(text.find(squash(kiosk::i18n::tr("compare.legend", "en"))) != std::string::npos);

    // Every referral's contact lines, as the referrals screen showed them.
    auto referrals = read_json(dir / "referrals.json");
    int lines = 0;
    for (const auto& t : referrals["texts"]) {
        const std::string body = t["text"];
        if (body.find('\n') == std::string::npos) continue;  // a heading or an offer's name
        std::istringstream in(body);
        std::string line;
        while (std::getline(in, line)) {
            CHECK(text.find(squash(line)) != std::string::npos);
            ++lines;
        }
    }
    CHECK(lines >= 4);
    CHECK(text.find("Phone: 113") != std::string::npos);

    // The take-home code: the same as on the thanks screen, read by zbar from the paper.
    auto png = run("/usr/bin/pdftoppm", {"-png", "-r", "150", "-singlefile", pdf.string(), (dir / "page").string()});
    REQUIRE(png.exit_code == 0);
    auto z = run("/usr/bin/zbarimg", {"-q", "--raw", (dir / "page.png").string()});
    auto zs = run("/usr/bin/zbarimg", {"-q", "--raw", (dir / "thanks.png").string()});
    REQUIRE(z.exit_code == 0);
    CHECK(z.out == zs.out);
    std::string payload = z.out.substr(0, z.out.find('\n'));
    auto code = takehome::decode(payload);
    REQUIRE(code);
    // The date, in words.
    CHECK(text.find(model::day_words(code->day, "en")) != std::string::npos);

    // Nothing else: no question and no answer from the review, no device id, no name.
    auto review = read_json(dir / "review.json");
    int questions = 0;
    for (const auto& w : review["widgets"]) {
        const std::string id = w["id"];
        if (id.rfind("review.item.", 0) != 0) continue;
        const std::string label = w["label"];
        const std::string question = label.substr(0, label.find('\n'));
        CHECK(text.find(squash(question)) == std::string::npos);
        ++questions;
    }
    CHECK(questions == 17);
    CHECK(text.find("→") == std::string::npos);
    CHECK(text.find(i18n::tr("review.skipped", "en")) == std::string::npos);
    const std::string id = device_id(dir / "data");
    REQUIRE(id.size() > 8);
    CHECK(text.find(id) == std::string::npos);
    CHECK(info.out.find(id) == std::string::npos);
    CHECK(read_file(pdf).find(id) == std::string::npos);
    // No copy of the page on the kiosk's own disk.
    for (const auto& e : fs::recursive_directory_iterator(dir / "data"))
        CHECK(e.path().extension() != ".pdf");

    keep_for_docs(dir / "thanks.png", "thanks-print-1280x800.png");
    keep_for_docs(dir / "printed.png", "thanks-printed-1280x800.png");
    auto docs_png = run("/usr/bin/pdftoppm", {"-png", "-r", "80", "-singlefile", pdf.string(), (dir / "page-80").string()});
    REQUIRE(docs_png.exit_code == 0);
    keep_for_docs(dir / "page-80.png", "page.png");
}

TEST_CASE("a stopped printer: a plain message in Dutch - nothing prints later and the resident goes on") {
    TempDir dir("print-stopped");
    CupsServer cups(dir);
    cups.add_pdf_printer("kiosk-a4");
    auto d = cups.tool("/usr/sbin/cupsdisable", {"kiosk-a4"});
    INFO(d.err);
    REQUIRE(d.exit_code == 0);
    auto r = kiosk_run(dir, "stopped",
                       to_thanks("tap lang.nl\ntap start\n") + "tap print\nwait-text " + i18n::tr("print.stopped", "nl") +
                           "\ndump-ui stopped.json\nscreenshot stopped.png\n"
                           "tap finish\nexpect-screen welcome\ntap start\nexpect-screen choose\nquit\n",
                       "nl");
    INFO(r.err << cups.log_tail());
    REQUIRE(r.exit_code == 0);
    auto stopped = read_json(dir / "stopped.json");
    CHECK(shows(stopped, i18n::tr("print.stopped", "nl")));
    CHECK_FALSE(shows(stopped, i18n::tr("print.done", "nl")));
    CHECK(find_widget(stopped, "print"));  // staff may fix it: the resident can try again
    CHECK(find_widget(stopped, "finish"));
    // Started again, the printer prints nothing of it: the job was taken back.
    auto e = cups.tool("/usr/sbin/cupsenable", {"kiosk-a4"});
    REQUIRE(e.exit_code == 0);
    CHECK(wait_for_pdf(cups.pdf_dir(), 3000).empty());
    auto jobs = cups.tool("/usr/bin/lpstat", {"-o"});
    CHECK(jobs.out.empty());
}

TEST_CASE("no printer: no print button and no message to the resident - one line in the log") {
    TempDir dir("print-none");
    SECTION("no cupsd at all") {
        setenv("CUPS_SERVER", (dir / "no-cupsd.sock").c_str(), 1);
        auto r = kiosk_run(dir, "none", to_thanks() + "dump-ui thanks.json\ntap finish\nexpect-screen welcome\nquit\n");
        unsetenv("CUPS_SERVER");
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        auto thanks = read_json(dir / "thanks.json");
        CHECK_FALSE(find_widget(thanks, "print"));
        CHECK(find_widget(thanks, "finish"));
        for (const char* k : {"print.stopped", "print.missing", "print.printing"}) CHECK_FALSE(shows(thanks, i18n::tr(k, "en")));
        CHECK(r.err.find("kiosk: print: no default printer") != std::string::npos);
    }
    SECTION("a cupsd without printers") {
        CupsServer cups(dir);
        auto r = kiosk_run(dir, "empty", to_thanks() + "dump-ui thanks.json\ntap finish\nexpect-screen welcome\nquit\n");
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        CHECK_FALSE(find_widget(read_json(dir / "thanks.json"), "print"));
    }
}

TEST_CASE("what CUPS says about a printer becomes one plain message") {
    using print::problem_key;
    CHECK(problem_key(3, "none", true).empty());
    CHECK(problem_key(4, "none", true).empty());
    CHECK(problem_key(4, "media-low-report", true).empty());  // a warning still prints
    CHECK(problem_key(5, "paused", true) == "print.stopped");  // cupsdisable
    CHECK(problem_key(3, "none", false) == "print.stopped");   // cupsreject
    CHECK(problem_key(4, "media-jam-error", true) == "print.jam");
    CHECK(problem_key(5, "media-jam", true) == "print.jam");
    CHECK(problem_key(5, "media-empty-error,paused", true) == "print.paper");
    CHECK(problem_key(4, "media-needed-error", true) == "print.paper");
    CHECK(problem_key(4, "offline-report", true) == "print.stopped");
    for (const char* k : {"print", "print.printing", "print.done", "print.stopped", "print.jam", "print.paper", "print.missing",
                          "print.title", "print.qr", "print.footer"}) {
        INFO(k);
        CHECK(i18n::tr(k, "nl") != i18n::tr(k, "en"));
    }
}

TEST_CASE("the page itself: one A4 page whose words pdftotext reads back, however long the referral list") {
    TempDir dir("print-page");
    print::ResultPage p;
    p.lang = "nl";
    p.title = "Uw uitslag";
    p.questionnaire = "Hoe gaat het met u? De korte lijst";
    p.date = "2 december 2026";
    p.axes = {"Lichaam", "Gevoel", "Zingeving", "Kwaliteit van leven", "Meedoen", "Dagelijks leven"};
    p.scores = {7.0, 2.0, 6.5, 7.0, 6.0, 7.5};  // all six: the filled shape
    p.previous = {5, 5, 5, 5, 5, 5};
    p.compare_heading = "Vergeleken met vorige keer (1 november 2026)";
    p.compare_note = "De stippellijn is uw vorige uitslag.";
    p.sentences = {"Lichaam: hoger dan vorige keer (toen 5, nu 7).", "Gevoel: lager dan vorige keer (toen 5, nu 2)."};
    p.referrals_heading = "Dit kan u misschien helpen";
    for (int i = 0; i < 9; ++i)
        p.referrals.push_back({"Aanbod " + std::to_string(i), {"Praat met anderen over wat zwaar voelt.", "Buurthuis De Brug",
                                                                "Woensdag om 14:00", "Telefoon: 020 123 45 6" + std::to_string(i % 10)}});
    p.qr_payload = "IK1 HOWAREYOU SHORT 1.0.0 20261202 727768";
    p.qr_caption = "Neem dit papier de volgende keer mee.";
    p.footer = "Op dit papier staat geen naam en geen antwoord.";
    auto pdf = print::render_pdf(p);
    REQUIRE(pdf);
    write_file(dir / "page.pdf", *pdf);
    auto info = run("/usr/bin/pdfinfo", {(dir / "page.pdf").string()});
    CHECK(info.out.find("Pages:           1\n") != std::string::npos);
    CHECK(info.out.find("595 x 842 pts (A4)") != std::string::npos);
    const std::string text = page_text(dir / "page.pdf");
    INFO(text);
    CHECK(text.find("Gevoel: lager dan vorige keer (toen 5, nu 2).") != std::string::npos);
    CHECK(text.find("Aanbod 8") != std::string::npos);  // the last offer still on the page (the type shrank)
    CHECK(text.find("Telefoon: 020 123 45 68") != std::string::npos);
    CHECK(text.find("2 december 2026") != std::string::npos);
    auto png = run("/usr/bin/pdftoppm", {"-png", "-r", "150", "-singlefile", (dir / "page.pdf").string(), (dir / "page").string()});
    REQUIRE(png.exit_code == 0);
    auto z = run("/usr/bin/zbarimg", {"-q", "--raw", (dir / "page.png").string()});
    CHECK(z.out == p.qr_payload + "\n");
    if (std::getenv("KIOSK_PRINT_KEEP")) fs::copy_file(dir / "page.pdf", std::getenv("KIOSK_PRINT_KEEP"), fs::copy_options::overwrite_existing);
}
