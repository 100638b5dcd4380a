// Arabic screens (issue 21): right to left, mirrored, letters joined. The
// kiosk runs headless on a content folder whose questionnaire and kiosk
// texts have Arabic test texts (tests/data/rtl/), and the test checks the
// dump (positions against the same screen in Dutch; each drawn line against
// FriBidi's own shaping) and the pixels (ink at the right edge, the progress
// bar filled from the right, and Tesseract's Arabic OCR reading the question
// back from the screenshot).
// KIOSK_DOCS_SHOTS=<dir> keeps the welcome, question and result screenshots
// (kiosk/docs/languages/).
#include <catch2/catch.hpp>
#include <fribidi.h>
#include <stb_image.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "questionnaire/loader.hpp"
#include "referrals/referrals.hpp"
#include "text/bidi.hpp"
#include "ui_harness.hpp"
#include "walk.hpp"

namespace fs = std::filesystem;
using namespace kiosk::test;
using kiosk::text::to_u32;
using kiosk::text::to_utf8;

namespace {

const std::string kTranslation = "http://hl7.org/fhir/StructureDefinition/translation";

// Adds an "ar" translation beside every "en" one, from the test texts
// (English -> Arabic; any other English text gets the "(*)" test text).
void add_arabic(nlohmann::json& j, const nlohmann::json& ar) {
    if (j.is_object()) {
        if (j.contains("extension") && j["extension"].is_array()) {
            std::vector<nlohmann::json> more;
            for (const auto& e : j["extension"]) {
                if (!e.is_object() || e.value("url", "") != kTranslation) continue;
                std::string lang, content;
                for (const auto& x : e["extension"]) {
                    if (x["url"] == "lang") lang = x["valueCode"];
                    if (x["url"] == "content") content = x["valueString"];
                }
                if (lang != "en") continue;
                more.push_back({{"url", kTranslation},
                                {"extension",
                                 {{{"url", "lang"}, {"valueCode", "ar"}},
                                  {{"url", "content"}, {"valueString", ar.value(content, ar["(*)"].get<std::string>())}}}}});
            }
            for (auto& m : more) j["extension"].push_back(std::move(m));
        }
        for (auto& [k, v] : j.items()) add_arabic(v, ar);
    } else if (j.is_array()) {
        for (auto& v : j) add_arabic(v, ar);
    }
}

// A content folder: howareyou-short with Arabic test texts, the shipped
// referrals, and the kiosk's own texts in Arabic as an organisation's override.
fs::path arabic_content(const TempDir& dir) {
    const fs::path content = dir / "content";
    const fs::path src = fs::path(KIOSK_SOURCE_DIR) / "assets";
    const fs::path data = fs::path(KIOSK_TEST_DATA_DIR) / "rtl";
    fs::create_directories(content / "questionnaires");
    fs::copy(src / "referrals", content / "referrals", fs::copy_options::recursive);
    fs::copy(data / "translations", content / "translations", fs::copy_options::recursive);
    auto q = nlohmann::json::parse(read_file(src / "questionnaires/howareyou-short.json"));
    add_arabic(q, nlohmann::json::parse(read_file(data / "howareyou-short.ar.json")));
    q["extension"].push_back({{"url", "https://fhir.intake-kiosk.example/StructureDefinition/languages"}, {"valueCode", "ar"}});
    write_file(content / "questionnaires/howareyou-short.json", q.dump(1));
    return content;
}

bool is_arabic(const std::string& s) {
    for (char32_t c : to_u32(s))
        if (c >= 0x0600 && c <= 0x06FF) return true;
    return false;
}
bool is_mark(char32_t c) { return (c >= 0x064B && c <= 0x065F) || c == 0x0670; }

// FriBidi's own answer for one line (fribidi_log2vis, right to left), with
// what is never drawn left out and each mark before its letter (as we draw it).
std::string fribidi_visual(const std::string& line) {
    std::u32string in = to_u32(line), out(in.size(), 0);
    FriBidiParType base = FRIBIDI_PAR_RTL;
    REQUIRE(fribidi_log2vis(reinterpret_cast<const FriBidiChar*>(in.data()), static_cast<FriBidiStrIndex>(in.size()),
                            &base, reinterpret_cast<FriBidiChar*>(out.data()), nullptr, nullptr, nullptr) > 0);
    out.erase(std::remove_if(out.begin(), out.end(),
                             [](char32_t c) { return c == 0xFEFF || (c >= 0x200B && c <= 0x200F) || c == 0x061C; }),
              out.end());
    for (std::size_t i = 1; i < out.size(); ++i) {
        if (!is_mark(out[i]) || is_mark(out[i - 1])) continue;
        std::size_t j = i;
        while (j < out.size() && is_mark(out[j])) ++j;
        std::rotate(out.begin() + static_cast<std::ptrdiff_t>(i - 1), out.begin() + static_cast<std::ptrdiff_t>(i),
                    out.begin() + static_cast<std::ptrdiff_t>(j));
        i = j;
    }
    return to_utf8(out);
}

struct Box {
    double x, y, w, h;
    double cx() const { return x + w / 2; }
};
Box box(const nlohmann::json& rect) {
    return {rect[0].get<double>(), rect[1].get<double>(), rect[2].get<double>(), rect[3].get<double>()};
}
Box widget_box(const nlohmann::json& ui, const std::string& id) {
    const auto* w = find_widget(ui, id);
    INFO(id);
    REQUIRE(w);
    return box((*w)["rect"]);
}
const nlohmann::json* text_run(const nlohmann::json& ui, const std::string& text) {
    for (const auto& t : ui["texts"])
        if (t["text"] == text) return &t;
    return nullptr;
}

struct Image {
    int w = 0, h = 0;
    std::vector<unsigned char> px;
    explicit Image(const fs::path& p) {
        int n = 0;
        unsigned char* d = stbi_load(p.c_str(), &w, &h, &n, 3);
        REQUIRE(d);
        px.assign(d, d + static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
        stbi_image_free(d);
    }
    std::array<int, 3> at(int x, int y) const {
        const std::size_t i = (static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)) * 3;
        return {px[i], px[i + 1], px[i + 2]};
    }
};

const std::string kQuestion = "كم من الطاقة لديك في يوم عادي؟";  // the second question, in the test texts

}  // namespace

TEST_CASE("an Arabic question is drawn right to left in joined letters, on a mirrored screen", "[ui][rtl]") {
    TempDir dir("rtl");
    const fs::path content = arabic_content(dir);
    // The second question (the first had an answer): the bar has something to show.
    const std::string script =
        "tap start\ntap consent.agree\ntap next\ntap next\ntap answer.7\nadvance 1s\n"
        "expect-screen question\nexpect-text " + kQuestion + "\nscreenshot q.png\ndump-ui q.json\n";
    auto ar = run_kiosk_script(dir, script, "1280x800", {"--content", content.string(), "--lang", "ar"});
    INFO(ar.err);
    REQUIRE(ar.exit_code == 0);
    TempDir nl_dir("rtl-nl");
    auto nl = run_kiosk_script(nl_dir,
                               "tap start\ntap consent.agree\ntap next\ntap next\ntap answer.7\nadvance 1s\n"
                               "expect-screen question\ndump-ui q.json\n",
                               "1280x800", {"--content", content.string()});
    INFO(nl.err);
    REQUIRE(nl.exit_code == 0);
    const auto ui = read_json(dir / "q.json");
    const auto ui_nl = read_json(nl_dir / "q.json");
    const double W = 1280;
    CHECK(ui["missing_glyphs"].empty());

    // Mirrored: the speaker and back at the right, where Dutch has them at the left.
    const Box speak = widget_box(ui, "speak"), speak_nl = widget_box(ui_nl, "speak");
    CHECK(speak.x == Approx(W - speak_nl.x - speak_nl.w).margin(1));
    const Box back = widget_box(ui, "back"), back_nl = widget_box(ui_nl, "back");
    CHECK(back_nl.cx() < W / 2);
    CHECK(back.cx() > W / 2);
    CHECK(back.x + back.w == Approx(W - back_nl.x).margin(1));  // same gap from the speaker, on the other side
    // The 0-10 scale runs right to left.
    CHECK(widget_box(ui, "answer.0").x == Approx(W - widget_box(ui_nl, "answer.0").x - widget_box(ui_nl, "answer.0").w).margin(1));
    CHECK(widget_box(ui, "answer.0").x > widget_box(ui, "answer.10").x);
    // The action bar: help and stop at the right, the screen's own actions at the left.
    CHECK(widget_box(ui, "help").x > widget_box(ui, "skip").x);
    CHECK(widget_box(ui_nl, "help").x < widget_box(ui_nl, "skip").x);

    // The question: right-aligned where the Dutch one starts at the left.
    const auto* q = text_run(ui, kQuestion);
    REQUIRE(q);
    const Box qb = box((*q)["rect"]);
    const nlohmann::json* q_nl = nullptr;
    for (const auto& t : ui_nl["texts"])
        if (t["text"].get<std::string>().rfind("Hoeveel energie", 0) == 0) q_nl = &t;
    REQUIRE(q_nl);
    CHECK(qb.x + qb.w == Approx(W - box((*q_nl)["rect"]).x).margin(2));

    // Joined forms, in drawing order: every Arabic run and label drawn is
    // what FriBidi makes of it, and no letter is left in its unjoined form.
    int arabic_runs = 0;
    auto check_drawn = [&](const nlohmann::json& rec, const std::string& text) {
        if (!is_arabic(text) || text.find('\n') != std::string::npos) return;
        ++arabic_runs;
        INFO(text);
        REQUIRE(rec.contains("drawn"));
        if (rec["drawn"].size() != 1) return;  // wrapped: tests/text checks wrapping line by line
        const std::string drawn = rec["drawn"][0];
        CHECK(drawn == fribidi_visual(text));
        for (char32_t c : to_u32(drawn)) CHECK_FALSE((c >= 0x0621 && c <= 0x064A));  // letters as typed: not joined
    };
    for (const auto& t : ui["texts"]) check_drawn(t, t["text"]);
    for (const auto& w : ui["widgets"])
        if (w.contains("drawn")) check_drawn(w, w["label"]);  // (a pictogram-only button draws no text)
    CHECK(arabic_runs >= 6);  // question, group, progress, back, skip, talk-about, help, stop, scale ends

    // The pixels. The question's ink ends at its right edge and starts no
    // further left than its run.
    const Image img(dir / "q.png");
    const auto bg = img.at(2, static_cast<int>(qb.y + qb.h / 2));
    int ink_left = img.w, ink_right = -1;
    for (int y = static_cast<int>(qb.y); y < static_cast<int>(qb.y + qb.h); ++y)
        for (int x = 0; x < img.w; ++x) {
            const auto p = img.at(x, y);
            if (std::abs(p[0] - bg[0]) + std::abs(p[1] - bg[1]) + std::abs(p[2] - bg[2]) > 200) {
                ink_left = std::min(ink_left, x);
                ink_right = std::max(ink_right, x);
            }
        }
    CHECK(ink_right == Approx(qb.x + qb.w).margin(6));
    CHECK(ink_left >= qb.x - 6);
    CHECK(ink_left > W / 2 - 200);  // a short question: nothing near the left margin
    // The progress bar under "Question 2 of 17" is filled from the right: the
    // blue part lies at the right end of the grey track.
    const nlohmann::json* prog = nullptr;
    for (const auto& t : ui["texts"])
        if (t["text"].get<std::string>().find("17") != std::string::npos) prog = &t;
    REQUIRE(prog);
    const Box pb = box((*prog)["rect"]);
    int blue_min = img.w, blue_max = -1, track_min = img.w, track_max = -1;
    for (int y = static_cast<int>(pb.y + pb.h); y < static_cast<int>(pb.y + pb.h + 20); ++y)
        for (int x = static_cast<int>(widget_box(ui, "lang.nl").x + widget_box(ui, "lang.nl").w); x < back.x; ++x) {
            const auto p = img.at(x, y);
            if (std::abs(p[0] - 11) + std::abs(p[1] - 87) + std::abs(p[2] - 164) < 30) {
                blue_min = std::min(blue_min, x);
                blue_max = std::max(blue_max, x);
            }
            if (std::abs(p[0] - 90) + std::abs(p[1] - 90) + std::abs(p[2] - 90) < 30) {
                track_min = std::min(track_min, x);
                track_max = std::max(track_max, x);
            }
        }
    REQUIRE(blue_max >= 0);
    REQUIRE(track_max >= 0);
    CHECK(blue_min > (track_min + track_max) / 2);
    CHECK(blue_max >= track_max - 2);

    // Tesseract's Arabic model reads the question back from the screenshot:
    // reversed or unjoined letters would not read as these words.
    auto ocr = run("/usr/bin/tesseract", {(dir / "q.png").string(), "-", "-l", "ara", "--psm", "3"});
    INFO(ocr.err);
    REQUIRE(ocr.exit_code == 0);
    INFO(ocr.out);
    CHECK(ocr.out.find(kQuestion) != std::string::npos);
}

TEST_CASE("the Arabic walk shows every screen right to left, with every glyph, up to the result", "[ui][rtl]") {
    TempDir dir("rtl-walk");
    const fs::path content = arabic_content(dir);
    auto loaded = kiosk::questionnaire::load_questionnaire_file(content / "questionnaires/howareyou-short.json");
    REQUIRE(loaded.questionnaire);
    auto refs = kiosk::referrals::load_catalogue(content / "referrals/voorbeeldstad.json");
    REQUIRE(refs);
    WalkOptions o;
    o.lang = "ar";
    o.shots_prefix = "ar-";
    Walk w = plan_walk(*loaded.questionnaire, *refs, o);
    REQUIRE(w.spider);
    // One questionnaire on offer: the kiosk goes from start straight to consent.
    const std::string choose = "expect-screen choose\nscreenshot ar-02-choose.png\ndump-ui ar-02-choose.json\ntap choose.howareyou-short\n";
    REQUIRE(w.script.find(choose) != std::string::npos);
    w.script.erase(w.script.find(choose), choose.size());
    auto r = run_kiosk_script(dir, w.script, "1280x800", {"--content", content.string(), "--lang", "ar"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::map<std::string, fs::path> first;  // screen -> its first screenshot
    for (const auto& e : fs::directory_iterator(dir.path())) {
        if (e.path().extension() != ".json" || e.path().filename().string().rfind("ar-", 0) != 0) continue;
        const auto ui = read_json(e.path());
        INFO(e.path().filename());
        CHECK(ui["missing_glyphs"].empty());
        check_targets_and_contrast(ui, 4.5);
        const std::string screen = ui["screen"];
        fs::path png = e.path();
        png.replace_extension(".png");
        if (!first.count(screen) || png < first[screen]) first[screen] = png;
        // Every short Arabic text run ends at the right of the screen's
        // middle: it starts at the right. (Not the names around the spider
        // chart, which keeps its own geometry.)
        const std::set<std::string> chart_names{"الجسم", "المشاعر", "معنى الحياة", "جودة الحياة", "المشاركة", "الحياة اليومية"};
        for (const auto& t : ui["texts"])
            if (is_arabic(t["text"]) && t["rect"][2].get<double>() < 400 && !(screen == "result" && chart_names.count(t["text"])) &&
                t["text"].get<std::string>().find(" = ") == std::string::npos) {  // not the scale's ends (10 is at the left)
                INFO(t["text"]);
                CHECK(t["rect"][0].get<double>() + t["rect"][2].get<double>() > 640);
            }
    }
    REQUIRE(first.count("result"));
    // The result screen says the domains in Arabic.
    const auto result = read_json(fs::path(first["result"]).replace_extension(".json"));
    std::string texts;
    for (const auto& t : result["texts"]) texts += t["text"].get<std::string>() + "\n";
    for (const char* domain : {"الجسم", "المشاعر", "معنى الحياة", "جودة الحياة", "المشاركة", "الحياة اليومية"})
        CHECK(texts.find(domain) != std::string::npos);
    if (const char* docs = std::getenv("KIOSK_DOCS_SHOTS")) {
        fs::create_directories(docs);
        // The second question screen: the first is the questionnaire's introduction.
        std::vector<fs::path> questions;
        for (const auto& e : fs::directory_iterator(dir.path()))
            if (e.path().extension() == ".png" && e.path().filename().string().find("-question") != std::string::npos)
                questions.push_back(e.path());
        std::sort(questions.begin(), questions.end());
        const std::vector<std::pair<std::string, fs::path>> keep{
            {"ar-welcome.png", first["welcome"]}, {"ar-question.png", questions.at(std::min<std::size_t>(3, questions.size() - 1))},
            {"ar-result.png", first["result"]}};
        for (const auto& [name, from] : keep) fs::copy_file(from, fs::path(docs) / name, fs::copy_options::overwrite_existing);
    }
}
