// Index of this file:
// [SECTION] helpers
// [SECTION] versions
// [SECTION] paths
// [SECTION] build, sign, serialise
// [SECTION] checks
// [SECTION] the device's content folder
//
// Why this file is long: one format and its life on a device: building, signing and
// verifying a pack, checking a content folder, and staging, installing and rolling
// back share the manifest reader, the path checks and the folder lock, so a change to
// the format is one file's diff.

#include "pack/pack.hpp"

#include "content/translations.hpp"
#include "i18n/catalog.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <set>

#include <nlohmann/json.hpp>

#include "core/json_text.hpp"
#include "crypto/crypto.hpp"
#include "crypto/envelope.hpp"
#include "core/files.hpp"
#include "device/enrollment.hpp"
#include "lint/content_lint.hpp"
#include "questionnaire/loader.hpp"
#include "questionnaire/value_sets.hpp"
#include "referrals/referrals.hpp"

namespace kiosk::pack {
namespace {
// [SECTION] helpers
// "pack v7 refused: why", made from the catalogue so staff read it in their language.
std::string refusal(const std::string& name, const std::string& why) {
    return i18n::said("msg.pack.refused", {{"name", name}, {"why", why}});
}
Error refusal_error(const std::string& name, const std::string& why) {
    return make_error(refusal(name, why), ErrorCode::Refused);
}
}  // namespace

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kManifestFile = "pack-manifest.json";
constexpr const char* kSignatureFile = "pack.sig";
constexpr const char* kRolledBackFile = "rolled-back";

bool parse_u64(const std::string& s, std::uint64_t& out) {
    if (s.empty() || s.size() > 18) return false;
    if (s.size() > 1 && s[0] == '0') return false;
    out = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        out = out * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return true;
}

bool name_ok(const std::string& name) {
    if (name.empty() || name.size() > 100 || name[0] == '.') return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == '-';
    });
}

// A name from a pack, safe to put in a one-line message.
std::string printable(const std::string& name) {
    std::string out = name.substr(0, 120);
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    return out;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}


bool is_string_field(const json& j, const char* key, const std::string& want) {
    return j.contains(key) && j[key].is_string() && j[key].get<std::string>() == want;
}

std::string manifest_to_text(const Manifest& m) {
    json files = json::array();
    for (const auto& f : m.files) files.push_back({{"path", f.path}, {"size", f.size}, {"sha256", f.sha256}});
    json j = {{"format", kManifestFormat}, {"org", m.org}, {"version", m.version}, {"created_at", m.created_at},
              {"files", files}};
    return j.dump(2) + "\n";
}

Result<Manifest> manifest_from_text(const std::string& text) {
    if (json_depth(text, 16) > 16) return make_error("the manifest is nested too deeply");
    auto j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return make_error("the manifest is not a JSON object");
    if (!is_string_field(j, "format", kManifestFormat))
        return make_error(std::string("the manifest format is not ") + kManifestFormat);
    Manifest m;
    if (!j.contains("version") || !j["version"].is_string()) return make_error("the manifest has no version");
    m.version = j["version"].get<std::string>();
    if (j.contains("org") && j["org"].is_string()) m.org = j["org"].get<std::string>();
    if (j.contains("created_at") && j["created_at"].is_string()) m.created_at = j["created_at"].get<std::string>();
    if (!j.contains("files") || !j["files"].is_array()) return make_error("the manifest has no file list");
    if (j["files"].size() > kMaxFiles) return make_error("the manifest lists more than 1000 files");
    for (const auto& f : j["files"]) {
        if (!f.is_object() || !f.contains("path") || !f["path"].is_string() || !f.contains("sha256") ||
            !f["sha256"].is_string() || !f.contains("size") || !f["size"].is_number_unsigned())
            return make_error("a manifest file entry lacks path, size or sha256");
        m.files.push_back({f["path"].get<std::string>(), f["size"].get<std::uint64_t>(), f["sha256"].get<std::string>()});
    }
    return m;
}

// An advisory lock on <content>/.lock: the updater, the app and
// `kiosk pack rollback` never move folders at the same time.
class DirLock {
public:
    explicit DirLock(const fs::path& root) {
        std::error_code ec;
        fs::create_directories(root, ec);
        fd_ = ::open((root / ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd_ >= 0) ::flock(fd_, LOCK_EX);
    }
    ~DirLock() {
        if (fd_ >= 0) ::close(fd_);  // releases the lock
    }
    DirLock(const DirLock&) = delete;
    DirLock& operator=(const DirLock&) = delete;

private:
    int fd_ = -1;
};

void fsync_dir(const fs::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

Status rename_path(const fs::path& from, const fs::path& to) {
    if (::rename(from.c_str(), to.c_str()) != 0)
        return make_error("cannot rename " + from.string() + " to " + to.string() + ": " + std::strerror(errno));
    return ok_status();
}

std::string format_lint_problems(const std::vector<std::string>& lines) {
    std::string out;
    std::size_t shown = std::min<std::size_t>(lines.size(), 3);
    for (std::size_t i = 0; i < shown; ++i) out += (i ? "; " : "") + lines[i];
    if (lines.size() > shown) out += " (and " + std::to_string(lines.size() - shown) + " more)";
    return out;
}

std::optional<std::string> read_marker(const fs::path& path) {
    auto t = read_whole_file(path);
    if (!t) return std::nullopt;
    std::string s = *t;
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    if (s.empty()) return std::nullopt;
    return s;
}

}  // namespace

// [SECTION] versions

Result<Version> parse_version(const std::string& text) {
    Version v;
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        auto dot = text.find('.', start);
        parts.push_back(text.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    std::uint64_t n[3] = {0, 0, 0};
    bool good = parts.size() == 1 || parts.size() == 3;
    for (std::size_t i = 0; good && i < parts.size(); ++i) good = parse_u64(parts[i], n[i]);
    if (!good)
        return make_error("version '" + text + "' is not a whole number (e.g. 7) or MAJOR.MINOR.PATCH (e.g. 1.4.2)");
    v.major = n[0];
    v.minor = n[1];
    v.patch = n[2];
    return v;
}

int compare_versions(const Version& a, const Version& b) {
    if (a.major != b.major) return a.major < b.major ? -1 : 1;
    if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
    if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
    return 0;
}

// [SECTION] paths

Status check_path(const std::string& path) {
    if (path == "settings.json") return ok_status();
    auto slash = path.find('/');
    // Questionnaire and referral texts in a new language: translations/<lang>/NAME.json
    // (content/translations.hpp), one folder per language the kiosk knows.
    if (slash != std::string::npos && path.compare(0, slash, "translations") == 0) {
        auto second = path.find('/', slash + 1);
        if (second != std::string::npos && path.find('/', second + 1) == std::string::npos) {
            std::string lang = path.substr(slash + 1, second - slash - 1), name = path.substr(second + 1);
            const i18n::Language* l = i18n::find_language(lang);
            if (!l || lang == "nl" || lang == "en")
                return make_error("'" + printable(path) + "' is not in a folder of a new language (translations/ar|tr|pl|uk|ti/)");
            if (!name_ok(name) || !ends_with(name, ".json"))
                return make_error("'" + printable(path) + "' is not a .json file named with letters, digits, . _ -");
            return ok_status();
        }
    }
    if (slash == std::string::npos || path.find('/', slash + 1) != std::string::npos)
        return make_error("'" + printable(path) + "' is not FOLDER/NAME in a content folder");
    std::string dir = path.substr(0, slash), name = path.substr(slash + 1);
    if (!name_ok(name)) return make_error("'" + printable(path) + "' has a file name other than letters, digits, . _ -");
    if ((dir == "questionnaires" || dir == "translations" || dir == "referrals") && ends_with(name, ".json"))
        return ok_status();
    if (dir == "icons" && ends_with(name, ".png")) return ok_status();
    return make_error("'" + printable(path) +
                      "' is not content a pack may carry (questionnaires/, translations/, referrals/ *.json, "
                      "translations/<lang>/*.json, icons/*.png, settings.json)");
}

// [SECTION] build, sign, serialise

Result<Pack> build_pack(const fs::path& content_dir, const std::string& version,
                        const crypto::Bytes& org_content_public_key, const Clock& clock,
                        const questionnaire::ValueSetLibrary* supplied,
                        std::map<std::string, std::vector<std::string>>* copied) {
    if (auto v = parse_version(version); !v) return v.error();
    std::error_code ec;
    if (!fs::is_directory(content_dir, ec)) return make_error("content folder " + content_dir.string() + " not found");
    std::vector<std::string> paths;
    for (auto it = fs::recursive_directory_iterator(content_dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (!it->is_regular_file()) continue;
        std::string rel = fs::relative(it->path(), content_dir).generic_string();
        if (check_path(rel)) paths.push_back(rel);  // READMEs, fonts, demo scripts stay out
    }
    if (ec) return make_error("cannot list " + content_dir.string() + ": " + ec.message());
    std::sort(paths.begin(), paths.end());
    if (std::none_of(paths.begin(), paths.end(), [](const std::string& p) { return p.rfind("questionnaires/", 0) == 0; }))
        return make_error("no questionnaires/*.json in " + content_dir.string());
    if (paths.size() > kMaxFiles) return make_error(content_dir.string() + " holds more than 1000 content files");

    Pack p;
    p.manifest.version = version;
    p.manifest.created_at = crypto::rfc3339_utc(clock.wall_ms());
    if (!org_content_public_key.empty()) p.manifest.org = key_fingerprint(org_content_public_key);
    std::size_t total = 0;
    for (const auto& rel : paths) {
        auto bytes = read_whole_file(content_dir / rel);
        if (!bytes) return bytes.error();
        if (supplied && rel.rfind("questionnaires/", 0) == 0) {
            // The organisation's ValueSets go in with the questionnaire: the device never needs a terminology server.
            auto e = questionnaire::embed_value_sets(*bytes, *supplied, rel);
            if (!e.problems.empty()) return make_error(questionnaire::format_problem(e.problems.front()));
            if (!e.embedded.empty()) {
                *bytes = std::move(e.json_text);
                if (copied) (*copied)[rel] = e.embedded;
            }
        }
        total += bytes->size();
        if (total > kMaxPackBytes / 2) return make_error(content_dir.string() + ": content over 16 MiB");
        p.manifest.files.push_back(
            {rel, bytes->size(),
             crypto::sha256_hex(reinterpret_cast<const unsigned char*>(bytes->data()), bytes->size())});
        p.files.emplace_back(rel, std::move(*bytes));
    }
    p.manifest_text = manifest_to_text(p.manifest);
    return p;
}

Status sign_pack(Pack& pack, const crypto::SecureBytes& content_secret_key) {
    if (auto s = crypto::init(); !s) return s;
    if (content_secret_key.size() != 64) return make_error("the content secret key is not 64 bytes");
    crypto::Bytes pub = crypto::sign_public_from_secret(content_secret_key);
    // The org field names the key that signs: a device can tell which org a
    // pack claims to be from before it checks the signature.
    pack.manifest.org = key_fingerprint(pub);
    pack.manifest_text = manifest_to_text(pack.manifest);
    pack.signature = crypto::sign_detached(reinterpret_cast<const unsigned char*>(pack.manifest_text.data()),
                                           pack.manifest_text.size(), content_secret_key);
    return ok_status();
}

std::string serialize(const Pack& pack) {
    json files = json::object();
    for (const auto& [path, bytes] : pack.files)
        files[path] = crypto::to_base64(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    json j = {{"format", kPackFormat}, {"manifest", pack.manifest_text}, {"files", files}};
    if (!pack.signature.empty()) j["signature"] = crypto::to_base64(pack.signature);
    return j.dump() + "\n";
}

Result<Pack> parse(const std::string& bytes, const std::string& label) {
    auto refuse = [&](const std::string& why) { return refusal_error(i18n::said("msg.pack.name", {{"label", label}}), why); };
    if (bytes.size() > kMaxPackBytes) return refuse(i18n::said("msg.pack.too-large"));
    if (json_depth(bytes, 16) > 16) return refuse("not a content pack (nested too deeply)");
    auto j = json::parse(bytes, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !is_string_field(j, "format", kPackFormat))
        return refuse(std::string("not a content pack (") + kPackFormat + ")");
    if (!j.contains("manifest") || !j["manifest"].is_string()) return refuse("it has no manifest");
    Pack p;
    p.manifest_text = j["manifest"].get<std::string>();
    auto m = manifest_from_text(p.manifest_text);
    if (!m) return refuse(m.error().message);
    p.manifest = std::move(*m);
    const std::string name = pack_name(p);
    if (j.contains("signature")) {
        if (!j["signature"].is_string()) return refusal_error(name, "the signature is not base64 text");
        auto sig = crypto::from_base64(j["signature"].get<std::string>());
        if (!sig) return refusal_error(name, "the signature is not base64 text");
        p.signature = std::move(*sig);
    }
    if (!j.contains("files") || !j["files"].is_object()) return refusal_error(name, "it carries no files");
    if (j["files"].size() > kMaxFiles) return refusal_error(name, "more than 1000 files");
    for (auto it = j["files"].begin(); it != j["files"].end(); ++it) {
        if (!it.value().is_string())
            return refusal_error(name, "file " + printable(it.key()) + " is not base64 text");
        auto b = crypto::from_base64(it.value().get<std::string>());
        if (!b) return refusal_error(name, "file " + printable(it.key()) + " is not base64 text");
        p.files.emplace_back(it.key(), std::string(b->begin(), b->end()));
    }
    return p;
}

std::string pack_name(const Pack& pack) { return i18n::said("msg.pack.name", {{"label", "v" + printable(pack.manifest.version)}}); }


Status verify_raw(const std::string& bytes, const std::string& label, const crypto::Bytes& org_content_public_key) {
    auto refuse = [&](const std::string& why) { return refusal_error(i18n::said("msg.pack.name", {{"label", label}}), why); };
    if (bytes.size() > kMaxPackBytes) return refuse(i18n::said("msg.pack.too-large"));
    if (auto s = crypto::init(); !s) return s;
    // One pass: depth outside strings, and the extent of each top-level key's string value.
    std::size_t manifest_at = 0, manifest_len = 0, signature_at = 0, signature_len = 0;
    int manifests = 0, signatures = 0, depth = 0;
    std::string last_key;
    bool expect_key = false, after_colon = false;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c == '"') {
            const std::size_t start = i;
            for (++i; i < bytes.size() && bytes[i] != '"'; ++i)
                if (bytes[i] == '\\') ++i;
            if (i >= bytes.size()) return refuse("not a content pack (unterminated string)");
            if (depth == 1 && expect_key) {
                last_key.assign(bytes, start + 1, std::min<std::size_t>(i - start - 1, 32));
                expect_key = false;
            } else if (depth == 1 && after_colon) {
                if (last_key == "manifest") ++manifests, manifest_at = start, manifest_len = i - start + 1;
                if (last_key == "signature") ++signatures, signature_at = start, signature_len = i - start + 1;
                after_colon = false;
            }
            continue;
        }
        if (c == '{' || c == '[') {
            ++depth;
            if (depth > 16) return refuse("not a content pack (nested too deeply)");
            expect_key = depth == 1 && c == '{';
            after_colon = false;
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (c == ':' && depth == 1) {
            after_colon = true;
        } else if (c == ',' && depth == 1) {
            expect_key = true;
            after_colon = false;
        }
    }
    if (manifests != 1) return refuse(manifests ? "more than one manifest" : "it has no manifest");
    if (signatures == 0) return refuse(i18n::said("msg.pack.unsigned"));
    if (signatures != 1) return refuse("more than one signature");
    if (manifest_len > 4 * 1024 * 1024) return refuse("the manifest is larger than 4 MiB");
    auto m = json::parse(std::string_view(bytes).substr(manifest_at, manifest_len), nullptr, false);
    auto g = json::parse(std::string_view(bytes).substr(signature_at, signature_len), nullptr, false);
    if (!m.is_string() || !g.is_string()) return refuse("not a content pack");
    auto sig = crypto::from_base64(g.get<std::string>());
    if (!sig || sig->size() != 64) return refuse("the signature is not 64 bytes of base64");
    if (org_content_public_key.size() != 32)
        return refuse(i18n::said("msg.pack.no-key"));
    const std::string& text = m.get_ref<const std::string&>();
    if (!crypto::verify_detached(sig->data(), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                                 org_content_public_key))
        return refuse(i18n::said("msg.pack.bad-signature"));
    return ok_status();
}

// [SECTION] checks

Status verify(const Pack& pack, const crypto::Bytes& org_content_public_key) {
    const std::string name = pack_name(pack);
    if (auto s = crypto::init(); !s) return s;
    if (pack.signature.empty()) return refusal_error(name, i18n::said("msg.pack.unsigned"));
    if (org_content_public_key.size() != 32)
        return refusal_error(name, i18n::said("msg.pack.no-key"));
    if (pack.signature.size() != 64 ||
        !crypto::verify_detached(pack.signature.data(), reinterpret_cast<const unsigned char*>(pack.manifest_text.data()),
                                 pack.manifest_text.size(), org_content_public_key))
        return refusal_error(name, i18n::said("msg.pack.bad-signature"));
    // From here on the manifest is the organisation's word; the files must match it.
    if (auto v = parse_version(pack.manifest.version); !v) return refusal_error(name, v.error().message);
    std::set<std::string> listed;
    for (const auto& f : pack.manifest.files) {
        if (auto s = check_path(f.path); !s) return refusal_error(name, s.error().message);
        if (!listed.insert(f.path).second) return refusal_error(name, printable(f.path) + " is listed twice");
    }
    if (std::none_of(listed.begin(), listed.end(), [](const std::string& p) { return p.rfind("questionnaires/", 0) == 0; }))
        return refusal_error(name, i18n::said("msg.pack.no-questionnaire"));
    std::set<std::string> carried;
    for (const auto& [path, bytes] : pack.files) {
        if (!carried.insert(path).second) return refusal_error(name, printable(path) + " is carried twice");
        if (!listed.count(path))
            return refusal_error(name, printable(path) + " is not in the signed manifest");
    }
    for (const auto& f : pack.manifest.files) {
        auto it = std::find_if(pack.files.begin(), pack.files.end(), [&](const auto& e) { return e.first == f.path; });
        if (it == pack.files.end()) return refusal_error(name, f.path + " is missing");
        const std::string& b = it->second;
        if (b.size() != f.size ||
            crypto::sha256_hex(reinterpret_cast<const unsigned char*>(b.data()), b.size()) != f.sha256)
            return refusal_error(name, f.path + " does not match its hash in the manifest");
    }
    return ok_status();
}

Status check_content_dir(const fs::path& dir, const questionnaire::ValueSetLibrary* supplied) {
    std::vector<std::string> problems;
    std::error_code ec;
    auto list = [&](const std::string& sub, const std::string& ext) {
        std::vector<fs::path> out;
        for (const auto& e : fs::directory_iterator(dir / sub, ec))
            if (e.is_regular_file() && e.path().extension() == ext) out.push_back(e.path());
        ec.clear();
        std::sort(out.begin(), out.end());
        return out;
    };
    auto relabel = [&](const std::string& file) {
        std::string f = fs::path(file).lexically_relative(dir).generic_string();
        return f.empty() || f.rfind("..", 0) == 0 ? file : f;
    };
    auto questionnaires = list("questionnaires", ".json");
    if (questionnaires.empty()) return make_error("no questionnaire in questionnaires/");
    std::vector<std::pair<std::string, std::vector<std::string>>> offered_in;  // file -> its languages
    for (const auto& q : questionnaires) {
        auto loaded = supplied ? questionnaire::load_questionnaire_file(q, *supplied) : questionnaire::load_questionnaire_file(q);
        for (auto p : loaded.problems) {
            p.file = relabel(p.file);
            problems.push_back(questionnaire::format_problem(p));
        }
        if (loaded.questionnaire) {
            for (auto& p : content::apply_all(*loaded.questionnaire, dir, "questionnaires/" + q.filename().string()))
                problems.push_back(std::move(p));
            offered_in.emplace_back("questionnaires/" + q.filename().string(), loaded.questionnaire->all_languages());
        }
        auto report = lint::lint_questionnaire_file(q);
        for (auto p : report.problems) {
            p.file = relabel(p.file);
            problems.push_back("content lint: " + lint::format_problem(p));
        }
    }
    for (const auto& r : list("referrals", ".json")) {
        auto c = referrals::load_catalogue(r);
        if (!c) problems.push_back(c.error().message);
        else
            for (auto& p : content::apply_all(*c, dir, "referrals/" + r.filename().string())) problems.push_back(std::move(p));
    }
    for (auto& p : content::orphan_translations(dir)) problems.push_back(std::move(p));
    if (auto t = read_translations(dir); !t) problems.push_back(t.error().message);
    if (auto s = read_content_settings(dir); !s) problems.push_back(s.error().message);
    else
        for (const auto& lang : s->languages)
            for (const auto& [file, langs] : offered_in)
                if (std::find(langs.begin(), langs.end(), lang) == langs.end())
                    problems.push_back("settings.json: \"languages\" offers " + lang + ", but " + file +
                                       " has no translation in it (translations/" + lang + "/)");
    for (const auto& icon : list("icons", ".png")) {
        auto t = read_whole_file(icon);
        if (!t || t->compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) problems.push_back(relabel(icon.string()) + ": not a PNG image");
    }
    if (!problems.empty()) return make_error(format_lint_problems(problems));
    return ok_status();
}

namespace {
Result<json> read_json_object(const fs::path& file, const std::string& label) {
    auto t = read_whole_file(file);
    if (!t) return t.error();
    auto j = json::parse(*t, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return make_error(label + ": not a JSON object");
    return j;
}
}  // namespace

namespace {
std::string spoken() {
    std::string out;
    for (const auto& l : i18n::languages()) out += (out.empty() ? "" : ", ") + l.code;
    return out;
}
}  // namespace

Result<ContentSettings> read_content_settings(const fs::path& dir) {
    ContentSettings s;
    std::error_code ec;
    const fs::path file = dir / "settings.json";
    if (!fs::exists(file, ec)) return s;
    auto j = read_json_object(file, "settings.json");
    if (!j) return j.error();
    auto whole = [&](const std::string& key, int lo, int hi) -> Result<int> {
        const auto& v = (*j)[key];
        if (!v.is_number_integer() || v.get<long long>() < lo || v.get<long long>() > hi)
            return make_error("settings.json: \"" + key + "\" must be a whole number from " + std::to_string(lo) + " to " +
                              std::to_string(hi));
        return static_cast<int>(v.get<long long>());
    };
    for (const auto& [key, value] : j->items()) {
        if (key == "default_lang") {
            if (!value.is_string() || !i18n::is_supported(value.get<std::string>()))
                return make_error("settings.json: \"default_lang\" must be a language the kiosk speaks (" + spoken() + ")");
            s.default_lang = value.get<std::string>();
        } else if (key == "languages") {
            // The languages the welcome screen offers, in the kiosk's order.
            if (!value.is_array() || value.empty())
                return make_error("settings.json: \"languages\" must be a list of language codes, e.g. [\"nl\", \"en\", \"ar\"]");
            for (const auto& v : value) {
                if (!v.is_string() || !i18n::is_supported(v.get<std::string>()))
                    return make_error("settings.json: \"languages\": " + (v.is_string() ? "\"" + v.get<std::string>() + "\"" : v.dump()) +
                                      " is not a language the kiosk speaks (" + spoken() + ")");
                if (std::find(s.languages.begin(), s.languages.end(), v.get<std::string>()) != s.languages.end())
                    return make_error("settings.json: \"languages\": \"" + v.get<std::string>() + "\" is listed twice");
                s.languages.push_back(v.get<std::string>());
            }
        } else if (key == "idle_after_s") {
            auto n = whole(key, 30, 600);
            if (!n) return n.error();
            s.idle_after_s = *n;
        } else if (key == "idle_warning_s") {
            auto n = whole(key, 20, 300);
            if (!n) return n.error();
            s.idle_warning_s = *n;
        } else if (key == "desk") {
            if (!value.is_object() || !value.contains("nl"))
                return make_error("settings.json: \"desk\" must be {\"nl\": \"where the desk is\", \"en\": ...}");
            for (const auto& [lang, text] : value.items()) {
                if (!i18n::is_supported(lang))
                    return make_error("settings.json: \"desk\": language \"" + lang + "\" is not one the kiosk speaks");
                if (!text.is_string() || text.get<std::string>().find_first_not_of(" \t") == std::string::npos ||
                    text.get<std::string>().size() > 120)
                    return make_error("settings.json: \"desk\".\"" + lang + "\" must be a text of 1 to 120 characters");
                for (unsigned char c : text.get<std::string>())
                    if (c < 0x20) return make_error("settings.json: \"desk\".\"" + lang + "\" holds a control character");
                s.desk[lang] = text.get<std::string>();
            }
        } else {
            return make_error("settings.json: unknown setting \"" + key +
                              "\" (known: default_lang, languages, idle_after_s, idle_warning_s, desk)");
        }
    }
    if (!s.languages.empty() && s.default_lang &&
        std::find(s.languages.begin(), s.languages.end(), *s.default_lang) == s.languages.end())
        return make_error("settings.json: \"default_lang\" \"" + *s.default_lang + "\" is not among \"languages\"");
    return s;
}

Result<i18n::Overrides> read_translations(const fs::path& dir) {
    i18n::Overrides out;
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir / "translations", ec))
        if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        const std::string lang = f.stem().string();
        const std::string label = "translations/" + f.filename().string();
        auto j = read_json_object(f, label);
        if (!j) return j.error();
        for (const auto& [key, value] : j->items()) {
            if (!value.is_string()) return make_error(label + ": \"" + key + "\" must be a text");
            if (auto why = i18n::check_override(lang, key, value.get<std::string>()); !why.empty())
                return make_error(label + ": " + why);
            out[lang][key] = value.get<std::string>();
        }
    }
    return out;
}

// [SECTION] the device's content folder

ContentDirs content_dirs(const fs::path& data_dir) {
    fs::path root = data_dir / "content";
    return {root, root / "current", root / "previous", root / "staged"};
}

std::optional<std::string> dir_version(const fs::path& dir) {
    auto text = read_whole_file(dir / kManifestFile);
    if (!text) return std::nullopt;
    auto m = manifest_from_text(*text);
    if (!m) return std::nullopt;
    return m->version;
}

namespace {

// Folders set aside by install_staged (".old-*") and, at start, unfinished
// extractions (".incoming-*").
void remove_leftovers(const fs::path& root, bool incoming_too) {
    std::error_code ec;
    std::vector<fs::path> gone;
    for (const auto& e : fs::directory_iterator(root, ec)) {
        const std::string n = e.path().filename().string();
        if (n.rfind(".old-", 0) == 0 || (incoming_too && n.rfind(".incoming-", 0) == 0)) gone.push_back(e.path());
    }
    for (const auto& p : gone) fs::remove_all(p, ec);
}

// Writes the pack's files (durably) plus its manifest and signature into dir.
Status extract(const Pack& pack, const fs::path& dir) {
    auto write = [&](const fs::path& path, const std::string& data) -> Status {
        std::error_code e;
        fs::create_directories(path.parent_path(), e);
        return write_file_atomic(path, data, 0644);
    };
    for (const auto& [path, data] : pack.files)
        if (auto s = write(dir / path, data); !s) return s;
    if (auto s = write(dir / kManifestFile, pack.manifest_text); !s) return s;
    return write(dir / kSignatureFile, crypto::to_base64(pack.signature) + "\n");
}

}  // namespace

StageResult stage_pack(const std::string& bytes, const std::string& label, const crypto::Bytes& org_content_public_key,
                       const fs::path& data_dir) {
    using Kind = StageResult::Kind;
    auto refused = [](std::string why, std::string version = "") {
        return StageResult{Kind::Refused, std::move(version), std::move(why)};
    };
    if (auto s = verify_raw(bytes, label, org_content_public_key); !s) return refused(s.error().message);
    auto pack = parse(bytes, label);
    if (!pack) return refused(pack.error().message);
    const std::string name = pack_name(*pack);
    const std::string& ver = pack->manifest.version;
    if (auto s = verify(*pack, org_content_public_key); !s) return refused(s.error().message, ver);
    Version v = *parse_version(ver);  // verify() checked it

    const ContentDirs dirs = content_dirs(data_dir);
    auto newer_than = [&](const std::optional<std::string>& other) -> int {
        if (!other) return 1;
        auto o = parse_version(*other);
        return o ? compare_versions(v, *o) : 1;
    };
    auto installed = dir_version(dirs.current);
    int vs_installed = newer_than(installed);
    if (vs_installed < 0)
        return refused(i18n::said("msg.pack.older", {{"name", name}, {"version", ver}, {"installed", *installed}}), ver);
    if (vs_installed == 0) return {Kind::UpToDate, ver, name + " is already installed"};
    auto rolled_back = read_marker(dirs.root / kRolledBackFile);
    if (newer_than(rolled_back) <= 0)
        return refused(i18n::said("msg.pack.rolled-back-before", {{"name", name}, {"version", *rolled_back}}), ver);
    if (newer_than(dir_version(dirs.staged)) <= 0) return {Kind::UpToDate, ver, name + " is already waiting to install"};

    // Extract next to the live folders, check it, then swap it in as "staged".
    std::error_code ec;
    remove_leftovers(dirs.root, false);
    fs::path tmp = dirs.root / (".incoming-" + crypto::random_hex(6));
    auto cleanup = [&] { fs::remove_all(tmp, ec); };
    if (auto s = extract(*pack, tmp); !s) {
        cleanup();
        return refused(i18n::said("msg.pack.not-installed", {{"name", name}, {"e", s.error().message}}), ver);
    }
    if (auto s = check_content_dir(tmp); !s) {
        cleanup();
        return refused(refusal(name, s.error().message), ver);
    }
    {
        DirLock lock(dirs.root);
        fs::remove_all(dirs.staged, ec);
        if (auto s = rename_path(tmp, dirs.staged); !s) {
            cleanup();
            return refused(i18n::said("msg.pack.not-installed", {{"name", name}, {"e", s.error().message}}), ver);
        }
        fsync_dir(dirs.root);
    }
    return {Kind::Staged, ver, i18n::said("msg.pack.staged", {{"name", name}})};
}

Result<std::optional<std::string>> install_staged(const fs::path& data_dir) {
    const ContentDirs dirs = content_dirs(data_dir);
    std::error_code ec;
    if (!fs::exists(dirs.staged, ec)) return std::optional<std::string>();
    DirLock lock(dirs.root);
    if (!fs::exists(dirs.staged, ec)) return std::optional<std::string>();
    auto version = dir_version(dirs.staged);
    // Only renames here: this runs on the UI thread between residents. The old
    // previous is set aside and deleted off the UI thread (stage_pack, recover).
    // No fsync either: after a power cut either the old or the new state is
    // there, both complete, and a surviving staged/ is installed at start.
    if (fs::exists(dirs.current, ec)) {
        if (fs::exists(dirs.previous, ec)) {
            if (auto s = rename_path(dirs.previous, dirs.root / (".old-" + crypto::random_hex(6))); !s) return s.error();
        }
        if (auto s = rename_path(dirs.current, dirs.previous); !s) return s.error();
    }
    // A crash here leaves previous + staged and no current: recover() finishes.
    if (auto s = rename_path(dirs.staged, dirs.current); !s) return s.error();
    return std::optional<std::string>(version.value_or("?"));
}

Result<std::string> rollback(const fs::path& data_dir) {
    const ContentDirs dirs = content_dirs(data_dir);
    std::error_code ec;
    DirLock lock(dirs.root);
    if (!fs::exists(dirs.current, ec))
        return make_error("nothing to roll back: this kiosk runs its bundled content");
    const std::string from = dir_version(dirs.current).value_or("?");
    std::string to;
    if (fs::exists(dirs.previous, ec)) {
        // One atomic swap: there is never a moment without content.
        if (::renameat2(AT_FDCWD, dirs.current.c_str(), AT_FDCWD, dirs.previous.c_str(), RENAME_EXCHANGE) != 0)
            return make_error("cannot swap " + dirs.current.string() + " and " + dirs.previous.string() + ": " +
                              std::strerror(errno));
        to = "pack v" + dir_version(dirs.current).value_or("?");
    } else {
        if (auto s = rename_path(dirs.current, dirs.previous); !s) return s.error();
        to = "the bundled content";
    }
    fsync_dir(dirs.root);
    // Do not fetch and install the version staff just left again.
    if (auto s = write_file_atomic(dirs.root / kRolledBackFile, from + "\n", 0644); !s) return s.error();
    auto staged = dir_version(dirs.staged);
    auto sv = staged ? parse_version(*staged) : Result<Version>(make_error(""));
    auto fv = parse_version(from);
    if (sv && fv && compare_versions(*sv, *fv) <= 0) fs::remove_all(dirs.staged, ec);
    return i18n::said("msg.pack.rolled-back", {{"from", from}, {"to", to}});
}

Result<fs::path> open_pack_file(const fs::path& pack_file, const crypto::Bytes& org_content_public_key,
                                const fs::path& data_dir) {
    auto bytes = read_whole_file(pack_file);
    if (!bytes) return bytes.error();
    if (auto s = verify_raw(*bytes, pack_file.string(), org_content_public_key); !s) return s.error();
    auto pack = parse(*bytes, pack_file.string());
    if (!pack) return pack.error();
    if (auto s = verify(*pack, org_content_public_key); !s) return s.error();
    std::error_code ec;
    const fs::path dir = content_dirs(data_dir).root / (".incoming-cli-" + crypto::random_hex(6));
    fs::create_directories(dir.parent_path(), ec);
    if (auto s = extract(*pack, dir); !s) {
        fs::remove_all(dir, ec);
        return refusal_error(pack_name(*pack), s.error().message);
    }
    if (auto s = check_content_dir(dir); !s) {
        fs::remove_all(dir, ec);
        return refusal_error(pack_name(*pack), s.error().message);
    }
    return dir;
}

void recover(const fs::path& data_dir) {
    const ContentDirs dirs = content_dirs(data_dir);
    std::error_code ec;
    if (!fs::exists(dirs.root, ec)) return;
    DirLock lock(dirs.root);
    remove_leftovers(dirs.root, true);
    if (!fs::exists(dirs.current, ec) && fs::exists(dirs.staged, ec) && fs::exists(dirs.previous, ec)) {
        if (rename_path(dirs.staged, dirs.current)) fsync_dir(dirs.root);
    }
}

}  // namespace kiosk::pack
