// `kioskctl pack build|sign|publish|verify`: content packs (shared/pack/).
// build bundles a content folder (questionnaires, translations, the referral
// catalogue, icons, settings) into one file, checked with the loader and the
// content lint; sign adds the org's Ed25519 signature; publish puts a signed
// pack in the endpoint database, where `kioskctl serve` hands it to devices.
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "core/args.hpp"
#include "core/command.hpp"
#include "core/files.hpp"
#include "device/enrollment.hpp"
#include "endpoint/store.hpp"
#include "pack/pack.hpp"
#include "supplied_value_sets.hpp"

namespace {

namespace fs = std::filesystem;

int fail(const std::string& cmd, const std::string& message, int code = 1) {
    std::cerr << "kioskctl pack " << cmd << ": " << message << "\n";
    return code;
}

kiosk::Result<kiosk::pack::Pack> read_pack(const std::string& path) {
    auto bytes = kiosk::read_whole_file(path);
    if (!bytes) return bytes.error();
    return kiosk::pack::parse(*bytes, path);
}

const char* const kBuildHelp =
    "Bundles DIR's questionnaires/*.json, translations/*.json, referrals/*.json, icons/*.png\n"
    "and settings.json into one unsigned pack. N is a whole number (7) or MAJOR.MINOR.PATCH;\n"
    "devices install only versions newer than theirs. The content must pass the loader and\n"
    "the content lint. Sign it next with `kioskctl pack sign`.\n"
    "--valuesets DIR: the organisation's FHIR ValueSets (*.json: url plus expansion.contains, or\n"
    "compose.include concepts with their system) for answerValueSet urls a questionnaire does\n"
    "not contain; each one used is copied into that questionnaire as a contained ValueSet, so\n"
    "the kiosk stays offline. One that needs a terminology server is refused, naming the file.\n";

int run_build(const kiosk::ParsedArgs& args) {
    auto content = args.get("--content");
    auto version = args.get("--version");
    auto out = args.get("--out");
    if (!content || !version || !out || !args.positional.empty())
        return fail("build", "usage: kioskctl pack build --content DIR --version N --out PACK", 2);
    if (auto v = kiosk::pack::parse_version(*version); !v) return fail("build", v.error().message, 2);
    bool sets_ok = true;
    const auto supplied = kiosk::provisioning::supplied_value_sets(args, &sets_ok);
    if (!sets_ok) return fail("build", "the ValueSets in " + *args.get("--valuesets") + " above cannot be used; nothing written");
    const kiosk::questionnaire::ValueSetLibrary* lib = supplied ? &*supplied : nullptr;
    if (auto s = kiosk::pack::check_content_dir(*content, lib); !s) return fail("build", *content + ": " + s.error().message);
    kiosk::crypto::Bytes key;
    if (auto org = args.get("--org")) {
        auto pub = kiosk::read_org_public_keys(*org);
        if (!pub) return fail("build", pub.error().message);
        key = pub->content_public_key;
    }
    std::map<std::string, std::vector<std::string>> copied;
    auto pack = kiosk::pack::build_pack(*content, *version, key, kiosk::SystemClock{}, lib, &copied);
    if (!pack) return fail("build", pack.error().message);
    if (auto s = kiosk::write_file_atomic(*out, kiosk::pack::serialize(*pack), 0644); !s)
        return fail("build", s.error().message);
    for (const auto& [file, urls] : copied)
        for (const auto& u : urls) std::cout << file << ": ValueSet " << u << " copied in\n";
    std::cout << "pack v" << *version << " (" << pack->manifest.files.size() << " files, unsigned";
    if (supplied) {
        std::size_t n = 0;
        for (const auto& [file, urls] : copied) n += urls.size();
        std::cout << "; " << n << " supplied ValueSet" << (n == 1 ? "" : "s") << " copied into " << copied.size() << " questionnaire"
                  << (copied.size() == 1 ? "" : "s");
    }
    std::cout << ") written to " << *out << "\n";
    return 0;
}

const char* const kSignHelp =
    "Signs PACK in place with ORGDIR/content.sk (Ed25519, detached, over the manifest).\n";

int run_sign(const kiosk::ParsedArgs& args) {
    auto org = args.get("--key");
    if (!org || args.positional.size() != 1) return fail("sign", "usage: kioskctl pack sign --key ORGDIR PACK", 2);
    const std::string& path = args.positional[0];
    auto keys = kiosk::read_org_secret_keys(*org);
    if (!keys) return fail("sign", keys.error().message);
    auto pack = read_pack(path);
    if (!pack) return fail("sign", pack.error().message);
    if (auto s = kiosk::pack::sign_pack(*pack, keys->content_secret_key); !s) return fail("sign", s.error().message);
    if (auto s = kiosk::pack::verify(*pack, keys->pub.content_public_key); !s) return fail("sign", s.error().message);
    if (auto s = kiosk::write_file_atomic(path, kiosk::pack::serialize(*pack), 0644); !s)
        return fail("sign", s.error().message);
    std::cout << "pack v" << pack->manifest.version << " signed with content key "
              << kiosk::key_fingerprint(keys->pub.content_public_key) << "\n";
    return 0;
}

const char* const kPublishHelp =
    "Stores a signed pack in the endpoint database as the latest on channel C (default\n"
    "\"stable\"); `kioskctl serve` hands it to devices at GET /v1/content/C. With --org the\n"
    "signature is checked against that org's content key first. A version not newer than\n"
    "the channel's latest is refused unless --allow-older (devices refuse it anyway).\n";

int run_publish(const kiosk::ParsedArgs& args) {
    auto db = args.get("--db");
    if (!db || args.positional.size() != 1)
        return fail("publish", "usage: kioskctl pack publish --db FILE [--channel C] PACK", 2);
    const std::string channel = args.get_or("--channel", "stable");
    const std::string& path = args.positional[0];
    auto bytes = kiosk::read_whole_file(path);
    if (!bytes) return fail("publish", bytes.error().message);
    auto pack = kiosk::pack::parse(*bytes, path);
    if (!pack) return fail("publish", pack.error().message);
    if (pack->signature.empty())
        return fail("publish", kiosk::pack::pack_name(*pack) + " is not signed (run `kioskctl pack sign` first)");
    auto version = kiosk::pack::parse_version(pack->manifest.version);
    if (!version) return fail("publish", kiosk::pack::pack_name(*pack) + ": " + version.error().message);
    if (auto org = args.get("--org")) {
        auto pub = kiosk::read_org_public_keys(*org);
        if (!pub) return fail("publish", pub.error().message);
        if (auto s = kiosk::pack::verify(*pack, pub->content_public_key); !s) return fail("publish", s.error().message);
    }
    auto store = kiosk::endpoint::Store::open(*db);
    if (!store) return fail("publish", store.error().message);
    auto latest = (*store)->latest_content(channel);
    if (!latest) return fail("publish", latest.error().message);
    if (*latest && !args.has("--allow-older")) {
        auto before = kiosk::pack::parse_version((*latest)->version);
        if (before && kiosk::pack::compare_versions(*version, *before) <= 0)
            return fail("publish", kiosk::pack::pack_name(*pack) + " is not newer than v" + (*latest)->version +
                                       " on channel " + channel + " (devices would refuse it; --allow-older to publish anyway)");
    }
    std::vector<unsigned char> data(bytes->begin(), bytes->end());
    if (auto s = (*store)->publish_content(channel, pack->manifest.version, data); !s)
        return fail("publish", s.error().message);
    std::cout << "pack v" << pack->manifest.version << " published on channel " << channel << "\n";
    return 0;
}

const char* const kVerifyHelp =
    "Checks PACK as a device would: signature with the org's content key, every file's\n"
    "hash, then the loader and the content lint over its content.\n";

int run_verify(const kiosk::ParsedArgs& args) {
    auto org = args.get("--org");
    if (!org || args.positional.size() != 1) return fail("verify", "usage: kioskctl pack verify --org ORGDIR PACK", 2);
    auto pub = kiosk::read_org_public_keys(*org);
    if (!pub) return fail("verify", pub.error().message);
    auto bytes = kiosk::read_whole_file(args.positional[0]);
    if (!bytes) return fail("verify", bytes.error().message);
    // Size and signature over the raw bytes first: nothing of a stranger's pack is parsed.
    if (auto s = kiosk::pack::verify_raw(*bytes, args.positional[0], pub->content_public_key); !s)
        return fail("verify", s.error().message);
    auto pack = kiosk::pack::parse(*bytes, args.positional[0]);
    if (!pack) return fail("verify", pack.error().message);
    if (auto s = kiosk::pack::verify(*pack, pub->content_public_key); !s) return fail("verify", s.error().message);
    // Stage into a fresh private scratch dir (mkdtemp: 0700, unpredictable name,
    // so nothing planted in /tmp beforehand can receive the files).
    std::error_code ec;
    std::string tmpl = (fs::temp_directory_path(ec) / "kioskctl-pack-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) return fail("verify", "cannot make a scratch directory in " + fs::temp_directory_path(ec).string());
    fs::path scratch = tmpl;
    auto r = kiosk::pack::stage_pack(*bytes, args.positional[0], pub->content_public_key, scratch / "data");
    fs::remove_all(scratch, ec);
    if (r.kind == kiosk::pack::StageResult::Kind::Refused) return fail("verify", r.message);
    std::cout << "pack v" << pack->manifest.version << ": signature, " << pack->manifest.files.size()
              << " file hashes, loader and content lint ok\n";
    return 0;
}

kiosk::CommandRegistrar reg_build("kioskctl", {.name = "pack build",
                                               .usage = "kioskctl pack build --content DIR --version N --out PACK [--org ORGDIR] [--valuesets DIR]",
                                               .summary = "bundle a content folder into an unsigned pack",
                                               .value_flags = {"--content", "--version", "--out", "--org", "--valuesets"},
                                               .help = kBuildHelp,
                                               .body = run_build});
kiosk::CommandRegistrar reg_sign("kioskctl", {.name = "pack sign",
                                              .usage = "kioskctl pack sign --key ORGDIR PACK",
                                              .summary = "sign a pack with the org's content key",
                                              .value_flags = {"--key"},
                                              .help = kSignHelp,
                                              .body = run_sign});
kiosk::CommandRegistrar reg_publish("kioskctl", {.name = "pack publish",
                                                 .usage = "kioskctl pack publish --db FILE [--channel C] [--org ORGDIR] [--allow-older] PACK",
                                                 .summary = "make a signed pack the latest one the endpoint serves",
                                                 .value_flags = {"--db", "--channel", "--org"},
                                                 .switch_flags = {"--allow-older"},
                                                 .help = kPublishHelp,
                                                 .body = run_publish});
kiosk::CommandRegistrar reg_verify("kioskctl", {.name = "pack verify",
                                                .usage = "kioskctl pack verify --org ORGDIR PACK",
                                                .summary = "check a pack as a device would",
                                                .value_flags = {"--org"},
                                                .help = kVerifyHelp,
                                                .body = run_verify});

}  // namespace
