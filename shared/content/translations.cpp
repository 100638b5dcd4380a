#include "content/translations.hpp"

#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/files.hpp"
#include "core/utf8.hpp"
#include "i18n/catalog.hpp"

namespace kiosk::content {

namespace fs = std::filesystem;
using nlohmann::json;
namespace q = questionnaire;

namespace {
constexpr std::uintmax_t kMaxBytes = 4u << 20;

// translations/<lang>/<name>.json for a source "questionnaires/<name>.json"
// or "referrals/<name>.json" (then the name is "referrals-<name>").
std::string translation_name(const std::string& source) {
    fs::path p(source);
    std::string dir = p.parent_path().generic_string();
    std::string name = p.filename().string();
    return dir == "referrals" ? "referrals-" + name : name;
}

std::string show_text(const std::string& s) {
    return "\"" + utf8::shorten(s, 80) + "\"";
}
}  // namespace

Result<TranslationFile> read_translation_file(const fs::path& file, const std::string& label) {
    auto text = read_file_at_most(file, kMaxBytes);
    if (!text) return make_error(label + ": " + text.error().message);
    auto j = json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return make_error(label + ": not a JSON object");
    TranslationFile t;
    t.label = label;
    t.lang = j.value("language", std::string());
    const i18n::Language* l = i18n::find_language(t.lang);
    if (!l || t.lang == "nl" || t.lang == "en")
        return make_error(label + ": \"language\" must be one of ar, tr, pl, uk, ti");
    if (file.parent_path().filename() != t.lang)
        return make_error(label + ": \"language\" is \"" + t.lang + "\" but the file is in translations/" +
                          file.parent_path().filename().string() + "/");
    t.status = j.value("translation-status", std::string());
    if (t.status != "draft" && t.status != "reviewed")
        return make_error(label + ": \"translation-status\" must be \"draft\" or \"reviewed\"");
    t.source = j.value("source", std::string());
    if (!j.contains("texts") || !j["texts"].is_object()) return make_error(label + ": no \"texts\" object");
    for (const auto& [en, text] : j["texts"].items()) {
        if (!text.is_string() || text.get<std::string>().find_first_not_of(" \t\n") == std::string::npos)
            return make_error(label + ": the translation of " + show_text(en) + " must be a text");
        t.texts.emplace(en, text.get<std::string>());
    }
    return t;
}

Found find_translations(const fs::path& content_dir, const std::string& source) {
    Found out;
    const std::string name = translation_name(source);
    for (const auto& l : i18n::known_languages()) {
        if (l.code == "nl" || l.code == "en") continue;
        const fs::path file = content_dir / "translations" / l.code / name;
        std::error_code ec;
        if (!fs::is_regular_file(file, ec)) continue;
        const std::string label = "translations/" + l.code + "/" + name;
        auto t = read_translation_file(file, label);
        if (!t) {
            out.problems.push_back(t.error().message);
            continue;
        }
        if (t->source != source) {
            out.problems.push_back(label + ": \"source\" must be \"" + source + "\"");
            continue;
        }
        out.files.push_back(std::move(*t));
    }
    return out;
}

std::vector<q::Problem> apply(q::Questionnaire& qn, const TranslationFile& t) {
    std::vector<q::Problem> problems;
    q::Questionnaire copy = qn;
    const bool base_en = copy.language == "en";
    const std::string* link = nullptr;
    auto one = [&](q::Translatable& text) {
        const std::string* en = base_en ? &text.base : nullptr;
        if (!base_en) {
            auto it = text.translations.find("en");
            if (it != text.translations.end()) en = &it->second;
        }
        if (!en || en->empty()) return;
        auto found = t.texts.find(*en);
        if (found == t.texts.end()) {
            if (problems.size() < 50)
                problems.push_back({t.label, link ? *link : std::string(), "no translation of " + show_text(*en)});
            return;
        }
        text.translations[t.lang] = found->second;
    };
    auto value = [&](q::Value& v) {
        if (auto* c = std::get_if<q::Coding>(&v)) one(c->display);
    };
    std::function<void(std::vector<q::Item>&)> items = [&](std::vector<q::Item>& list) {
        for (auto& it : list) {
            link = &it.link_id;
            for (auto* x : {&it.text, &it.read_aloud, &it.scale_low, &it.scale_high, &it.sensitive_why}) one(*x);
            for (auto& o : it.options) {
                one(o.display);
                one(o.read_aloud);
                value(o.value);
            }
            for (auto& u : it.units) one(u.display);
            for (auto& v : it.initial) value(v);
            items(it.children);
        }
        link = nullptr;
    };
    one(copy.title);
    one(copy.description);
    items(copy.items);
    if (!problems.empty()) return problems;
    if (t.lang != copy.language && std::find(copy.languages.begin(), copy.languages.end(), t.lang) == copy.languages.end())
        copy.languages.push_back(t.lang);
    copy.translation_status[t.lang] = t.status;
    qn = std::move(copy);
    return problems;
}

std::vector<std::string> apply(referrals::Catalogue& c, const TranslationFile& t) {
    std::vector<std::string> problems;
    referrals::Catalogue copy = c;
    auto offer = [&](referrals::Offer& o) {
        for (auto* m : {&o.name, &o.description, &o.address, &o.note}) {
            auto en = m->find("en");
            if (en == m->end() || en->second.empty()) continue;
            auto found = t.texts.find(en->second);
            if (found == t.texts.end()) {
                if (problems.size() < 50) problems.push_back(t.label + ":" + o.id + ": no translation of " + show_text(en->second));
                continue;
            }
            (*m)[t.lang] = found->second;
        }
    };
    for (auto& o : copy.offers) offer(o);
    if (copy.safety) offer(*copy.safety);
    if (problems.empty()) c = std::move(copy);
    return problems;
}

std::vector<std::string> apply_all(q::Questionnaire& qn, const fs::path& content_dir, const std::string& source) {
    auto found = find_translations(content_dir, source);
    for (const auto& t : found.files)
        for (const auto& p : apply(qn, t)) found.problems.push_back(q::format_problem(p));
    return found.problems;
}

std::vector<std::string> apply_all(referrals::Catalogue& c, const fs::path& content_dir, const std::string& source) {
    auto found = find_translations(content_dir, source);
    for (const auto& t : found.files)
        for (auto& p : apply(c, t)) found.problems.push_back(std::move(p));
    return found.problems;
}

std::vector<std::string> orphan_translations(const fs::path& content_dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& l : i18n::known_languages()) {
        const fs::path dir = content_dir / "translations" / l.code;
        if (!fs::is_directory(dir, ec)) continue;
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(dir, ec))
            if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            std::string name = f.filename().string();
            fs::path src = name.rfind("referrals-", 0) == 0 ? content_dir / "referrals" / name.substr(10)
                                                             : content_dir / "questionnaires" / name;
            if (!fs::is_regular_file(src, ec))
                out.push_back("translations/" + l.code + "/" + name + ": no " +
                              fs::relative(src, content_dir).generic_string() + " to translate");
        }
    }
    return out;
}

}  // namespace kiosk::content
