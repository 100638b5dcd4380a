// The content lint of a translation file (content/translations.hpp): what it
// can check in a language it has no readability formula for.
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "content/translations.hpp"
#include "lint/content_lint.hpp"
#include "questionnaire/loader.hpp"
#include "referrals/referrals.hpp"

namespace kiosk::lint {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
json read_json(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return json::parse(ss.str(), nullptr, false);
}

// Every string inside a read-aloud extension of the source (heard, not read:
// the 20-word cap applies).
void read_aloud_texts(const json& j, bool inside, std::set<std::string>& out) {
    if (j.is_object()) {
        bool ra = inside;
        if (auto u = j.find("url"); u != j.end() && u->is_string()) {
            const std::string url = *u;
            ra = ra || (url.size() >= 10 && url.compare(url.size() - 10, 10, "read-aloud") == 0);
        }
        for (const auto& [k, v] : j.items()) read_aloud_texts(v, ra, out);
    } else if (j.is_array()) {
        for (const auto& v : j) read_aloud_texts(v, inside, out);
    } else if (inside && j.is_string()) {
        out.insert(j.get<std::string>());
    }
}
}  // namespace

bool looks_like_translation(const fs::path& path) {
    if (path.extension() != ".json") return false;
    auto j = read_json(path);
    return j.is_object() && j.contains("texts") && j.contains("source") && !j.contains("resourceType");
}

LintReport lint_translation_file(const fs::path& path) {
    LintReport r;
    r.file = path.string();
    auto t = content::read_translation_file(path, path.string());
    if (!t) {
        r.problems.push_back({r.file, "", t.error().message});
        return r;
    }
    t->label = path.string();
    // <content>/translations/<lang>/<file>.json -> <content>/<source>
    const fs::path content_dir = path.parent_path().parent_path().parent_path();
    const fs::path source = content_dir / t->source;
    std::error_code ec;
    std::set<std::string> heard;
    if (t->source.rfind("questionnaires/", 0) == 0 && fs::is_regular_file(source, ec)) {
        auto j = read_json(source);
        if (j.is_object()) {
            for (const auto& e : j.value("extension", json::array()))
                if (e.is_object() && e.value("url", std::string()).find("/variant") != std::string::npos)
                    r.variant = e.value("valueCode", std::string());
            r.id = j.value("id", std::string());
            read_aloud_texts(j, false, heard);
        }
        r.level = level_for_variant(r.variant);
        auto loaded = questionnaire::load_questionnaire_file(source);
        if (loaded.questionnaire)
            for (const auto& p : content::apply(*loaded.questionnaire, *t)) r.problems.push_back({p.file, p.link_id, p.message});
    } else if (t->source.rfind("referrals/", 0) == 0 && fs::is_regular_file(source, ec)) {
        auto c = referrals::load_catalogue(source);
        if (c)
            for (const auto& p : content::apply(*c, *t)) r.problems.push_back({r.file, "", p.substr(p.find(": ") + 2)});
    } else {
        r.problems.push_back({r.file, "", "source " + t->source + " not found beside it (" + source.string() + ")"});
    }
    LanguageSummary s;
    s.lang = t->lang;
    for (const auto& [en, text] : t->texts) {
        const TextKind kind = heard.count(en) ? TextKind::ReadAloud : TextKind::Shown;
        for (const auto& m : check_text(text, t->lang, r.level, kind))
            r.problems.push_back({r.file, "", "[" + t->lang + "] translation of \"" + en.substr(0, 40) +
                                                  (en.size() > 40 ? "..." : "") + "\": " + m});
        if (kind == TextKind::ReadAloud) continue;
        TextStats st;
        add_text(st, text, t->lang);
        if (st.longest_sentence_words > s.longest_sentence_words) {
            s.longest_sentence_words = st.longest_sentence_words;
            s.longest_link_id = en.substr(0, 40);
        }
    }
    r.languages.push_back(s);
    return r;
}

}  // namespace kiosk::lint
