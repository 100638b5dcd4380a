// kioskctl preview Q.json --out DIR: every screen of one questionnaire as a
// resident sees it, drawn by the real kiosk. kioskctl holds no UI code: it
// plans the walks on the kiosk's own state machine (shared/preview/plan.*),
// writes them as a kiosk script, runs the kiosk binary found beside it
// headless on a throw-away data dir and content folder, and turns the
// screenshots into a contact sheet (index.html) with the content lint's
// reading-level numbers.
//
// Nothing reaches a real outbox: the kiosk runs on a fresh data dir in a
// temporary folder, which makes it a demo device (no endpoint, so nothing is
// ever sent; what a walk seals is sealed to that folder's own demo key) and
// the folder is removed afterwards.
#include <spawn.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "bundled_assets.hpp"
#include "content/translations.hpp"
#include "core/args.hpp"
#include "core/command.hpp"
#include "crypto/crypto.hpp"
#include "i18n/catalog.hpp"
#include "lint/content_lint.hpp"
#include "pack/pack.hpp"
#include "preview/plan.hpp"
#include "core/files.hpp"
#include "core/utf8.hpp"
#include "questionnaire/loader.hpp"
#include "supplied_value_sets.hpp"
#include "referrals/referrals.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
namespace q = kiosk::questionnaire;

constexpr const char* kUsage =
    "kioskctl preview Q.json --out DIR [--lang L] [--size WxH] [--text-size 100|150|200] [--theme default|high-contrast]"
    " [--content DIR] [--kiosk FILE] [--valuesets DIR]";

fs::path self_dir() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
}

// The kiosk binary: --kiosk, else beside kioskctl (installed: both in bin/),
// else the build tree's kiosk/kiosk.
std::vector<fs::path> kiosk_candidates(const std::string& given) {
    if (!given.empty()) return {given};
    const fs::path d = self_dir();
    return {d / "kiosk", d.parent_path() / "kiosk" / "kiosk"};
}

// A questionnaire in <content>/questionnaires/ belongs to that content folder.
fs::path content_of(const fs::path& q) {
    std::error_code ec;
    const fs::path parent = fs::absolute(q, ec).parent_path();
    if (parent.filename() == "questionnaires" && fs::is_directory(parent.parent_path() / "referrals", ec))
        return parent.parent_path();
    return kiosk::provisioning::bundled_assets_dir();
}

std::string html(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

// Runs the kiosk; its stdout and stderr go to log. Returns the exit code (-1: could not start).
int run_kiosk(const fs::path& bin, const std::vector<std::string>& args, const fs::path& log) {
    std::vector<std::string> argv_s{bin.string()};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    // No sound device is needed to draw screens; the kiosk's own environment otherwise.
    std::vector<std::string> env_s;
    for (char** e = environ; *e; ++e)
        if (std::string(*e).rfind("SDL_AUDIODRIVER=", 0) != 0) env_s.emplace_back(*e);
    env_s.emplace_back("SDL_AUDIODRIVER=dummy");
    std::vector<char*> envp;
    for (auto& e : env_s) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) return -1;
    int status = 0;
    if (waitpid(pid, &status, 0) < 0) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

struct Cleanup {
    fs::path dir;
    ~Cleanup() {
        std::error_code ec;
        if (!dir.empty()) fs::remove_all(dir, ec);
    }
};

const q::Item* find_item(const std::vector<q::Item>& items, const std::string& id) {
    for (const auto& it : items) {
        if (it.link_id == id) return &it;
        if (const auto* c = find_item(it.children, id)) return c;
    }
    return nullptr;
}

// A PNG's height from its IHDR chunk (0 when it is not a PNG): a page taller than the display.
int png_height(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    unsigned char b[24] = {};
    if (!in.read(reinterpret_cast<char*>(b), sizeof b) || b[1] != 'P' || b[12] != 'I') return 0;
    return (b[20] << 24) | (b[21] << 16) | (b[22] << 8) | b[23];
}

// The contact sheet, in the preview language (texts from the kiosk's catalogue: Dutch and English
// built in, the other languages' own files, English where a text is missing).
void write_sheet(const fs::path& out, const q::Questionnaire& qn, const std::string& lang, const std::string& size,
                 int text_size, const std::string& theme, const kiosk::preview::Plan& plan,
                 const kiosk::lint::LintReport& lint, const fs::path& source, int display_height) {
    namespace i18n = kiosk::i18n;
    auto t = [&](const char* key, std::vector<std::pair<std::string, std::string>> values = {}) {
        return html(i18n::fmt(key, lang, values));
    };
    auto num = [&](double d) { return i18n::decimal(d, 1, lang); };
    const std::string title_word = i18n::tr("preview.title-item", lang);
    std::ostringstream h;
    const std::string title = qn.title.get(lang);
    const bool rtl = lang == "ar";
    h << "<!DOCTYPE html>\n<html lang=\"" << html(lang) << "\"" << (rtl ? " dir=\"rtl\"" : "") << ">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<title>" << t("preview.title", {{"title", title}}) << "</title>\n<style>\n"
      << "body{font-family:'Noto Sans','Noto Sans Arabic','Noto Sans Ethiopic',sans-serif;margin:24px;color:#1a1a1a;background:#fff}\n"
      << "h1{font-size:1.5em;margin:0 0 4px}p.meta{color:#444;margin:0 0 16px}\n"
      << "section.lint{background:#f3f5f8;border-radius:8px;padding:12px 16px;margin-bottom:20px}\n"
      << "section.lint ul{margin:4px 0}.warn{color:#8a1c00}\n"
      << ".sheet{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:20px}\n"
      << "figure{margin:0;border:1px solid #ccd;border-radius:8px;padding:8px;background:#fafbfc}\n"
      << "figure img{width:100%;height:auto;max-height:900px;object-fit:cover;object-position:top;border:1px solid #dde;display:block}\n"
      << "figcaption{font-size:.9em;margin-top:6px;line-height:1.4}\n"
      << ".screen{font-weight:bold}.link{font-family:monospace;background:#e8ecf2;padding:0 4px;border-radius:3px}\n"
      << ".score{color:#333}.low{color:#8a1c00;font-weight:bold}.tall{color:#444}\n"
      << "</style>\n</head>\n<body>\n";
    h << "<h1>" << html(title) << "</h1>\n<p class=\"meta\">"
      << t("preview.meta", {{"id", qn.id}, {"version", qn.version}, {"file", source.filename().string()}, {"lang", lang}, {"size", size},
                            {"pct", std::to_string(text_size)}, {"theme", theme}, {"screens", std::to_string(plan.shots.size())},
                            {"walks", std::to_string(plan.walks)}})
      << "</p>\n";

    // Reading level: the lint's numbers for the whole questionnaire, per language.
    const double bar = kiosk::lint::rules_for(lint.level).min_screen_score;
    h << "<section class=\"lint\" id=\"reading-level\">\n<strong>" << t("preview.reading-level") << "</strong> ("
      << t("preview.reading-bar", {{"level", lint.level == kiosk::lint::Level::A2 ? "A2" : "B1"},
                                   {"n", std::to_string(lint.question_count)}, {"bar", num(bar)}})
      << ")\n<ul>\n";
    for (const auto& s : lint.languages) {
        h << "<li>" << html(s.lang) << ": " << (s.lang == "nl" ? "Flesch-Douma" : "Flesch reading ease") << " ";
        if (s.screens_scored > 0)
            h << t("preview.lang-score", {{"min", num(s.min_score)}, {"where", s.min_link_id.empty() ? title_word : s.min_link_id},
                                          {"median", num(s.median_score)}, {"n", std::to_string(s.screens_scored)}});
        else
            h << t("preview.no-score");
        h << "; " << t("preview.longest", {{"n", std::to_string(s.longest_sentence_words)},
                                           {"where", s.longest_link_id.empty() ? title_word : s.longest_link_id}})
          << "</li>\n";
    }
    h << "</ul>\n";
    if (!lint.problems.empty()) {
        // The lint's own findings stay in its words (English, as `kioskctl lint` prints them).
        h << "<details><summary class=\"warn\">" << t("preview.findings", {{"n", std::to_string(lint.problems.size())}})
          << "</summary>\n<ul>\n";
        for (const auto& p : lint.problems)
            h << "<li>" << html(p.link_id.empty() ? title_word : p.link_id) << ": " << html(p.message) << "</li>\n";
        h << "</ul></details>\n";
    }
    if (!plan.unreached.empty()) {
        h << "<p class=\"warn\" id=\"unreached\">" << t("preview.unreached");
        for (const auto& id : plan.unreached) h << " <span class=\"link\">" << html(id) << "</span>";
        h << "</p>\n";
    }
    h << "</section>\n<div class=\"sheet\">\n";

    // The lint's score of each screen in the language shown (else the base language).
    const std::string score_lang = qn.supports_language(lang) ? lang : qn.language;
    std::map<std::string, double> scores;
    for (const auto& s : lint.screens)
        if (s.lang == score_lang) scores.emplace(s.link_id, s.score);
    int n = 0;
    for (const auto& shot : plan.shots) {
        ++n;
        h << "<figure id=\"" << html(shot.file) << "\" data-screen=\"" << html(shot.screen) << "\" data-link-id=\""
          << html(shot.link_id) << "\">\n<a href=\"screens/" << html(shot.file) << ".png\"><img src=\"screens/"
          << html(shot.file) << ".png\" alt=\"" << html(shot.screen) << (shot.link_id.empty() ? "" : " " + html(shot.link_id))
          << "\"></a>\n<figcaption><span class=\"screen\">" << n << ". " << html(shot.screen) << "</span>";
        if (!shot.link_id.empty()) {
            h << " <span class=\"link\">" << html(shot.link_id) << "</span>";
            if (const q::Item* it = find_item(qn.items, shot.link_id)) {
                std::string tx = it->text.get(score_lang);
                tx = kiosk::utf8::shorten(tx, 140);
                if (!tx.empty()) h << "<br>" << html(tx);
            }
        }
        const std::string key = shot.screen == "choose" ? "" : shot.link_id;
        if ((!shot.link_id.empty() || shot.screen == "choose") && scores.count(key)) {
            const double s = scores[key];
            h << "<br><span class=\"score" << (s < bar ? " low" : "") << "\">"
              << (score_lang == "nl" ? "Flesch-Douma " : "Flesch reading ease ") << num(s) << "</span>";
        }
        // A page taller than the display is shot whole (the kiosk scrolls it): said under its picture.
        if (const int ph = png_height(out / "screens" / (shot.file + ".png")); ph > display_height)
            h << "<br><span class=\"tall\">" << t("preview.tall", {{"h", std::to_string(ph)}}) << "</span>";
        if (shot.walk > 1) h << "<br><small>" << t("preview.walk", {{"n", std::to_string(shot.walk)}}) << "</small>";
        h << "</figcaption>\n</figure>\n";
    }
    h << "</div>\n</body>\n</html>\n";
    std::ofstream f(out / "index.html");
    f << h.str();
}

const char* const kHelp =
    "Runs the real kiosk headless through every screen of the questionnaire (every item at\n"
    "least once: walks answer what turns the items behind enableWhen on) and writes one PNG per\n"
    "screen to DIR/screens/ (with the kiosk's dump-ui JSON beside it) and a contact sheet\n"
    "DIR/index.html with the content lint's reading-level numbers.\n"
    "  --lang L        the language a resident picks (default: the kiosk's default, nl); the content\n"
    "                  folder's translations/<L>/<name>.json are merged in, as the kiosk does\n"
    "  --size WxH      the screen (default 1280x800)\n"
    "  --text-size N   the resident's text size: 100, 150 or 200 (default 100)\n"
    "  --theme T       default or high-contrast\n"
    "  --content DIR   the content folder whose referrals, icons, texts and one other\n"
    "                  questionnaire go along (default: the folder Q.json is in, else the bundled assets)\n"
    "  --kiosk FILE    the kiosk binary (default: beside kioskctl, or the build tree's)\n"
    "  --valuesets DIR the organisation's ValueSets for answer lists Q.json names by url, copied in\n"
    "                  as `pack build --valuesets` does\n"
    "The kiosk runs on a throw-away data dir that is removed afterwards: nothing is sent or kept.\n"
    "Exit 0 when every screen was written, 1 when the questionnaire does not load or the kiosk\n"
    "stopped, 2 for a wrong command line.\n";

int run(const kiosk::ParsedArgs& args) {
    if (args.positional.size() != 1 || !args.get("--out")) {
        std::cerr << "kioskctl preview: give one questionnaire and --out DIR (see --help)\n";
        return 2;
    }
    const fs::path qfile = args.positional[0];
    const fs::path out = *args.get("--out");
    const std::string size = args.get_or("--size", "1280x800");
    int w = 0, hgt = 0;
    if (!kiosk::parse_size(size, w, hgt)) {
        std::cerr << "kioskctl preview: --size " << size << " is not WxH between 320 and 7680 (e.g. 1280x800)\n";
        return 2;
    }
    const std::string ts = args.get_or("--text-size", "100");
    if (ts != "100" && ts != "150" && ts != "200") {
        std::cerr << "kioskctl preview: --text-size " << ts << " is not 100, 150 or 200\n";
        return 2;
    }
    const std::string theme = args.get_or("--theme", "default");
    if (theme != "default" && theme != "high-contrast") {
        std::cerr << "kioskctl preview: --theme " << theme << " is not default or high-contrast\n";
        return 2;
    }
    const std::string lang = args.get_or("--lang", "");
    if (!lang.empty() && !kiosk::i18n::is_supported(lang)) {
        std::cerr << "kioskctl preview: --lang " << lang << " is not a language the kiosk speaks\n";
        return 2;
    }

    // The loader first, with its own messages: a questionnaire that does not load never reaches a resident.
    std::error_code ec;
    if (!fs::is_regular_file(qfile, ec)) {
        std::cerr << qfile.string() << ": no such file\n";
        return 1;
    }
    bool sets_ok = true;
    const auto supplied = kiosk::provisioning::supplied_value_sets(args, &sets_ok);
    if (!sets_ok) return 1;
    auto loaded = kiosk::provisioning::load_with(qfile, supplied);
    if (!loaded.questionnaire) {
        for (const auto& p : loaded.problems) std::cerr << q::format_problem(p) << "\n";
        std::cerr << "kioskctl preview: " << qfile.string() << " does not load, so the kiosk would not show it\n";
        return 1;
    }
    q::Questionnaire qn = *loaded.questionnaire;

    fs::path bin;
    std::string looked;
    for (const auto& c : kiosk_candidates(args.get_or("--kiosk", "")))
        if (fs::is_regular_file(c, ec) && ::access(c.c_str(), X_OK) == 0) {
            bin = c;
            break;
        } else {
            looked += (looked.empty() ? "" : ", ") + c.string();
        }
    if (bin.empty()) {
        std::cerr << "kioskctl preview: the kiosk binary was not found (looked for " << looked
                  << "); build it (cmake --build build --target kiosk) or give --kiosk FILE\n";
        return 1;
    }

    // A throw-away content folder: this questionnaire, one other of the
    // content folder (so the kiosk shows the choose screen, with this card in
    // view), and the folder's referrals, icons, texts and settings.
    const fs::path content = args.get_or("--content", content_of(qfile).string());
    if (!fs::is_directory(content, ec)) {
        std::cerr << "kioskctl preview: content folder " << content.string() << " not found\n";
        return 1;
    }
    // The content folder's translations of this file (translations/<lang>/<name>.json), as
    // the kiosk merges them: a shipped questionnaire speaks Arabic through them.
    for (const auto& line : kiosk::content::apply_all(qn, content, "questionnaires/" + qfile.filename().string()))
        std::cerr << "kioskctl preview: " << line << "\n";
    if (!lang.empty() && !qn.supports_language(lang)) {
        std::string have;
        for (const auto& l : qn.all_languages()) have += (have.empty() ? "" : ", ") + l;
        std::cerr << qfile.string() << ": has no " << lang << " texts (it has " << have
                  << "; a translation goes in " << (content / "translations" / lang / qfile.filename()).string() << ")\n";
        return 1;
    }
    Cleanup work{fs::temp_directory_path(ec) / ("kioskctl-preview-" + kiosk::crypto::random_hex(6))};
    const fs::path wc = work.dir / "content";
    fs::create_directories(wc / "questionnaires", ec);
    if (ec) {
        std::cerr << "kioskctl preview: cannot make " << wc.string() << ": " << ec.message() << "\n";
        return 1;
    }
    fs::permissions(work.dir, fs::perms::owner_all, ec);
    for (const char* part : {"referrals", "icons", "translations", "fonts", "settings.json"})
        if (fs::exists(content / part, ec)) fs::create_symlink(fs::absolute(content / part), wc / part, ec);
    std::vector<q::Questionnaire> catalog;
    std::vector<fs::path> siblings;
    for (const auto& e : fs::directory_iterator(content / "questionnaires", ec))
        if (e.path().extension() == ".json") siblings.push_back(e.path());
    std::sort(siblings.begin(), siblings.end());
    const fs::path qabs = fs::weakly_canonical(fs::absolute(qfile), ec);
    for (const auto& s : siblings) {
        if (fs::weakly_canonical(s, ec) == qabs || s.filename() == qfile.filename()) continue;
        auto r = q::load_questionnaire_file(s);
        if (!r.questionnaire || r.questionnaire->id == qn.id) continue;  // the kiosk refuses it, or this one replaces it
        catalog.push_back(std::move(*r.questionnaire));
        fs::create_symlink(fs::absolute(s), wc / "questionnaires" / s.filename(), ec);
        break;
    }
    if (supplied) {
        // As a pack built with --valuesets carries it: the supplied answer lists inside.
        auto text = kiosk::read_whole_file(qfile);
        if (!text) {
            std::cerr << "kioskctl preview: " << text.error().message << "\n";
            return 1;
        }
        if (auto s = kiosk::write_file_atomic(wc / "questionnaires" / qfile.filename(),
                                              q::embed_value_sets(*text, *supplied, qfile.string()).json_text, 0600);
            !s)
            ec = std::make_error_code(std::errc::io_error);
    } else {
        fs::copy_file(qfile, wc / "questionnaires" / qfile.filename(), fs::copy_options::overwrite_existing, ec);
    }
    if (ec) {
        std::cerr << "kioskctl preview: cannot copy " << qfile.string() << ": " << ec.message() << "\n";
        return 1;
    }
    catalog.push_back(qn);
    kiosk::referrals::Catalogue refs;
    std::vector<fs::path> ref_files;
    for (const auto& e : fs::directory_iterator(content / "referrals", ec))
        if (e.path().extension() == ".json") ref_files.push_back(e.path());
    std::sort(ref_files.begin(), ref_files.end());
    if (!ref_files.empty())
        if (auto c = kiosk::referrals::load_catalogue(ref_files.front())) refs = std::move(*c);

    kiosk::preview::PlanOptions po;
    po.lang = lang;
    po.default_lang = lang.empty() ? "nl" : lang;
    if (auto cs = kiosk::pack::read_content_settings(wc); cs && cs->default_lang) po.default_lang = *cs->default_lang;
    po.text_size_pct = std::stoi(ts);
    po.high_contrast = theme == "high-contrast";
    auto plan = kiosk::preview::plan(catalog, qn.id, refs, po);
    if (!plan.problems.empty()) {
        for (const auto& p : plan.problems) std::cerr << "kioskctl preview: " << qfile.string() << ": " << p << "\n";
        return 1;
    }
    std::ofstream(work.dir / "script.txt") << plan.script;

    // Screens go to DIR/screens/; earlier previews' numbered files there are replaced.
    const fs::path screens = out / "screens";
    fs::create_directories(screens, ec);
    if (ec) {
        std::cerr << "kioskctl preview: cannot make " << screens.string() << ": " << ec.message() << "\n";
        return 1;
    }
    for (const auto& e : fs::directory_iterator(screens, ec)) {
        const std::string n = e.path().filename().string();
        if (n.size() > 3 && std::isdigit(static_cast<unsigned char>(n[0])) && std::isdigit(static_cast<unsigned char>(n[1])) &&
            n[2] == '-' && (e.path().extension() == ".png" || e.path().extension() == ".json"))
            fs::remove(e.path(), ec);
    }
    std::vector<std::string> kargs{"--headless", "--size", size, "--data-dir", (work.dir / "data").string(),
                                   "--content", wc.string(), "--script", (work.dir / "script.txt").string(),
                                   "--shots-dir", fs::absolute(screens).string(), "--no-prefetch", "--camera", "none"};
    if (!lang.empty()) kargs.insert(kargs.end(), {"--lang", lang});
    const fs::path log = work.dir / "kiosk.log";
    const int rc = run_kiosk(bin, kargs, log);
    if (rc != 0) {
        std::cerr << "kioskctl preview: the kiosk (" << bin.string() << ") stopped with exit code " << rc << ":\n";
        std::ifstream in(log);
        std::string line;
        while (std::getline(in, line)) std::cerr << "  " << line << "\n";
        return 1;
    }
    for (const auto& s : plan.shots)
        if (!fs::exists(screens / (s.file + ".png"), ec)) {
            std::cerr << "kioskctl preview: the kiosk wrote no " << (screens / (s.file + ".png")).string() << "\n";
            return 1;
        }

    auto lint = kiosk::lint::lint_questionnaire_file(qfile);
    write_sheet(out, qn, lang.empty() ? po.default_lang : lang, size, po.text_size_pct, theme, plan, lint, qfile, hgt);
    for (const auto& id : plan.unreached)
        std::cerr << "warning: " << qfile.string() << ":" << id << ": no walk reached this item (no answer turns it on)\n";
    std::cout << "wrote " << plan.shots.size() << " screens (" << plan.walks << " walk" << (plan.walks == 1 ? "" : "s")
              << ") and " << (out / "index.html").string() << "\n";
    return 0;
}

kiosk::CommandRegistrar reg("kioskctl", {.name = "preview",
                                         .usage = kUsage,
                                         .summary = "every screen of a questionnaire as the kiosk draws it: PNGs and a contact sheet",
                                         .value_flags = {"--out", "--lang", "--size", "--text-size", "--theme",
                                                         "--content", "--kiosk", "--valuesets"},
                                         .help = kHelp,
                                         .body = run});

}  // namespace
