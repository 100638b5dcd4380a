// Signed content packs: questionnaires, translations, the referral catalogue
// and settings in one file, signed by the organisation's content key
// (Ed25519), so that nobody but the organisation can change what residents
// are asked. See README.md in this folder for the format and the rules.
//
// Build side (kioskctl pack build|sign):  build_pack() -> sign_pack().
// Device side: check_pack() (signature, hashes, version), then
// stage_pack() extracts it and checks the content (loader + content lint);
// the app calls install_staged() between residents; rollback() goes back.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "crypto/secure_bytes.hpp"
#include "i18n/catalog.hpp"

namespace kiosk::questionnaire {
struct ValueSetLibrary;
}

namespace kiosk::pack {

inline constexpr const char* kPackFormat = "intake-kiosk-pack/1";
inline constexpr const char* kManifestFormat = "intake-kiosk-pack-manifest/1";
inline constexpr std::size_t kMaxPackBytes = 32 * 1024 * 1024;
inline constexpr std::size_t kMaxFiles = 1000;

// ---- versions ----------------------------------------------------------------
// An integer ("7") or a semver core ("1.4.2"); "7" orders as 7.0.0.
struct Version {
    std::uint64_t major = 0, minor = 0, patch = 0;
};
Result<Version> parse_version(const std::string& text);
// <0, 0, >0 like strcmp. Both must parse (callers parse first).
int compare_versions(const Version& a, const Version& b);

// ---- the pack ------------------------------------------------------------------
struct FileEntry {
    std::string path;    // "questionnaires/intake.json": relative, '/'-separated
    std::uint64_t size = 0;
    std::string sha256;  // lowercase hex
};

struct Manifest {
    std::string org;         // fingerprint of the org's content public key (informational)
    std::string version;     // as written ("2" or "1.4.0")
    std::string created_at;  // RFC 3339 UTC
    std::vector<FileEntry> files;
};

// A parsed pack file. manifest_text is the exact signed byte string.
struct Pack {
    std::string manifest_text;
    Manifest manifest;
    crypto::Bytes signature;  // empty: not signed yet
    std::vector<std::pair<std::string, std::string>> files;  // path -> bytes, in manifest order
};

// Which content paths a pack may carry: questionnaires/*.json,
// translations/*.json, referrals/*.json, icons/*.png, settings.json.
// Names: [A-Za-z0-9._-], no leading dot. Error says what is wrong with it.
Status check_path(const std::string& path);

// Collects the content files under dir (other files are ignored), hashes them
// and makes an unsigned pack stamped created_at = the clock's wall time (RFC 3339).
// With `supplied` ValueSets (kioskctl pack build --valuesets DIR), each one a
// questionnaire names by canonical url is copied into that questionnaire as a
// contained ValueSet (questionnaire/value_sets.hpp), so the pack needs nothing
// else on the device; `copied` (if given) gets file -> canonical urls copied.
Result<Pack> build_pack(const std::filesystem::path& content_dir, const std::string& version,
                        const crypto::Bytes& org_content_public_key, const Clock& clock,
                        const questionnaire::ValueSetLibrary* supplied = nullptr,
                        std::map<std::string, std::vector<std::string>>* copied = nullptr);

// Adds (or replaces) the detached Ed25519 signature over the manifest text.
// Errors when the secret key does not belong to the manifest's org.
Status sign_pack(Pack& pack, const crypto::SecureBytes& content_secret_key);

std::string serialize(const Pack& pack);
// Structure only (no signature or hash check). label names the pack in errors.
Result<Pack> parse(const std::string& bytes, const std::string& label);

// Before anything is parsed: the size, then the Ed25519 signature over the
// manifest text, found in the raw bytes by a one-pass scan (top-level
// "manifest" and "signature" strings, each exactly once). A stranger's pack
// costs one pass over its bytes, never a parse of its files.
Status verify_raw(const std::string& bytes, const std::string& label, const crypto::Bytes& org_content_public_key);

// "pack v3" (or "pack <label>" when the version is unknown): how refusals
// name a pack.
std::string pack_name(const Pack& pack);

// Signature with the org content key, then every file's size and hash
// against the manifest (no missing, extra or duplicate files, safe paths).
// Error: one line, "pack v3 refused: signature does not match the organisation's content key".
Status verify(const Pack& pack, const crypto::Bytes& org_content_public_key);

// Loader + content lint over an extracted content folder: every
// questionnaires/*.json loads and lints clean, the referral catalogue loads,
// translations/ and settings.json (if any) read as below. Error: the first
// problems, one line.
// With `supplied`, questionnaires are loaded as build_pack() would carry them.
Status check_content_dir(const std::filesystem::path& dir, const questionnaire::ValueSetLibrary* supplied = nullptr);

// The organisation's settings for its kiosks, settings.json in a pack:
// {"default_lang": "nl"|"en"|..., "languages": ["nl", "en", ...], "idle_after_s": 30..600, "idle_warning_s": 20..300,
//  "desk": {"nl": "de balie bij de ingang", "en": "..."}} (where residents who
// chose "I'll walk to the desk" go: a short text per language, Dutch required).
// Every key is optional; an unknown key or a value out of range is an error
// naming the file and the key. A folder without the file: all unset.
struct ContentSettings {
    std::optional<std::string> default_lang;
    std::optional<int> idle_after_s;
    std::optional<int> idle_warning_s;
    std::map<std::string, std::string> desk;  // language -> where the desk is
    // "languages": ["nl", "en", "ar"]: the languages the welcome screen
    // offers (each one the kiosk speaks; default_lang among them; a pack
    // offering one that a questionnaire has no translation in is refused).
    // Empty: the default (session/languages.hpp).
    std::vector<std::string> languages;
};
Result<ContentSettings> read_content_settings(const std::filesystem::path& dir);

// The organisation's own wording for the kiosk's texts: translations/<lang>.json,
// {"<key>": "<text>"} (see i18n::check_override). Errors name file and key.
Result<i18n::Overrides> read_translations(const std::filesystem::path& dir);

// ---- the device's content folder -----------------------------------------------
// <data_dir>/content/{current,previous,staged}; each holds the extracted
// files plus pack-manifest.json (the signed manifest text) and pack.sig.
struct ContentDirs {
    std::filesystem::path root, current, previous, staged;
};
ContentDirs content_dirs(const std::filesystem::path& data_dir);

// The version in a content folder's pack-manifest.json, or nullopt (none, or
// bundled assets).
std::optional<std::string> dir_version(const std::filesystem::path& dir);

// What the updater did with a pack.
struct StageResult {
    enum class Kind { Staged, UpToDate, Refused } kind = Kind::UpToDate;
    std::string version;
    std::string message;  // Refused: the one-line reason for staff; else a note for the log
};

// Everything the device checks before a pack may be installed: parse,
// verify(), version newer than the installed (and the staged) one and than
// any version staff rolled back, then extract to a temp folder, fsync,
// check_content_dir() and rename to content/staged. The running content is
// never touched.
StageResult stage_pack(const std::string& bytes, const std::string& label, const crypto::Bytes& org_content_public_key,
                       const std::filesystem::path& data_dir);

// Between residents: current -> previous (the older previous is removed),
// staged -> current. Returns the installed version; nullopt when nothing was
// staged. A crash between the two renames is finished by recover().
Result<std::optional<std::string>> install_staged(const std::filesystem::path& data_dir);

// previous <-> current. With no previous, current is moved aside and the
// bundled assets come back. The version rolled away from is remembered so the
// updater does not install it again (a newer version still installs).
// Returns a one-line description for staff / the CLI.
Result<std::string> rollback(const std::filesystem::path& data_dir);

// At start: finishes an install interrupted between its renames and removes
// stale temp folders.
void recover(const std::filesystem::path& data_dir);

// `kiosk --content PACK`: checks a pack file like stage_pack() does (except the
// version: the operator chose it) and extracts it to a fresh folder under
// <data_dir>/content/ that recover() removes at the next start. Returns that folder.
Result<std::filesystem::path> open_pack_file(const std::filesystem::path& pack_file,
                                             const crypto::Bytes& org_content_public_key,
                                             const std::filesystem::path& data_dir);

}  // namespace kiosk::pack
