// `kioskctl device enroll|revoke` and `kioskctl devices`: the fleet as the
// reference endpoint's database sees it. Enroll registers the device id and the
// hash of a fresh bearer token, then writes the bundle; the device makes its own
// signing key and registers it on first contact (bundle v2; v1 bundles carried
// a key pair made here).
#include <chrono>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/args.hpp"
#include "core/command.hpp"
#include "crypto/crypto.hpp"
#include "core/files.hpp"
#include "device/enrollment.hpp"
#include "endpoint/store.hpp"
#include "core/printable.hpp"
#include "core/utc_time.hpp"
#include "qr/qr.hpp"
#include "staff/pin.hpp"

namespace {

const char* kEnrollUsage =
    "kioskctl device enroll --db FILE --endpoint URL --org ORGDIR --out BUNDLE [--name N] [--device-id ID] "
    "[--pinned-ca CA.pem] [--qr BUNDLE.svg] [--replaces OLD_DEVICE_ID] [--pin-stdin | --pin-hash HASH] "
    "[--bundle-version 2|1]";

// The staff PIN for the device: read from stdin (never an argument: `ps` shows
// those) and hashed here, or an Argon2id string made earlier.
kiosk::Result<std::string> staff_pin_hash(const kiosk::ParsedArgs& args) {
    if (auto h = args.get("--pin-hash")) {
        if (!kiosk::staff::is_pin_hash(*h)) return kiosk::make_error("--pin-hash: not an Argon2id hash ($argon2id$v=19$m=...)");
        return *h;
    }
    if (!args.has("--pin-stdin")) return std::string();
    std::string pin;
    std::getline(std::cin, pin);
    while (!pin.empty() && (pin.back() == '\r' || pin.back() == ' ')) pin.pop_back();
    auto h = kiosk::staff::hash_pin(pin);
    kiosk::crypto::wipe(pin);
    if (!h) return kiosk::make_error("--pin-stdin: " + h.error().message);
    return *h;
}

// The bundle as a QR code (SVG) the kiosk can scan on first start. It holds the
// device's bearer token (and in v1 its secret key), so it is written 0600 like
// the bundle itself.
kiosk::Status write_qr_svg(const std::string& text, const std::filesystem::path& path) {
    auto m = kiosk::qr::encode(text);
    if (!m) return m.error();
    const int quiet = 4, scale = 4, side = (m->size + 2 * quiet) * scale;
    std::ostringstream svg;
    svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << side << "\" height=\"" << side
        << "\" viewBox=\"0 0 " << side << " " << side << "\" shape-rendering=\"crispEdges\">"
        << "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
    for (int y = 0; y < m->size; ++y)
        for (int x = 0; x < m->size; ++x)
            if (m->dark(x, y))
                svg << "M" << (x + quiet) * scale << " " << (y + quiet) * scale << "h" << scale << "v" << scale << "h-"
                    << scale << "z";
    svg << "\"/></svg>\n";
    return kiosk::write_file_atomic(path, svg.str(), 0600);
}

const char* const kEnrollHelp =
    "Registers a new device with the endpoint database (its id and the hash of a fresh\n"
    "bearer token) and writes its enrollment bundle (0600: the token is a secret) for\n"
    "`kiosk enroll`. The device makes its own signing key when it applies the bundle and\n"
    "registers the public half on its first contact with the endpoint; until then\n"
    "`kioskctl devices` shows KEY \"awaiting\". --bundle-version 1: the old format, with a\n"
    "signing key pair made here, for kiosks that predate v2.\n"
    "--pinned-ca: the devices trust only this CA for the endpoint's TLS.\n"
    "--qr: also write the bundle as a QR code (SVG, 0600) to scan on the kiosk.\n"
    "--replaces OLD_DEVICE_ID: re-enroll a device (new key and token). The old identity is\n"
    "revoked; the answer sets it sealed but had not sent yet are still accepted, from the new one.\n"
    "--pin-stdin: read the device's staff PIN (4-12 digits, 6+ recommended) from stdin;\n"
    "--pin-hash: an Argon2id string instead. Without either the device has no staff PIN\n"
    "(staff access locked until `kiosk set-pin`); the demo PIN never works on it.\n"
    "The bundle is signed with ORGDIR/content.sk: a kiosk enrolled to this org takes\n"
    "new bundles only when this org signed them.\n";

int run_enroll(const kiosk::ParsedArgs& args) {
    std::vector<std::string> problems;
    for (const char* f : {"--db", "--endpoint", "--org", "--out"})
        if (!args.get(f)) problems.push_back(std::string("missing ") + f);
    const std::string endpoint = args.get_or("--endpoint", "");
    if (auto s = kiosk::check_endpoint_url(endpoint); !s) problems.push_back("--" + s.error().message);  // "--endpoint URL: ..."
    if (args.get("--pin-hash") && args.has("--pin-stdin")) problems.push_back("give --pin-stdin or --pin-hash, not both");
    const std::string version_arg = args.get_or("--bundle-version", "2");
    if (version_arg != "1" && version_arg != "2")
        problems.push_back("--bundle-version " + kiosk::printable_text(version_arg) + ": want 2 (the default) or 1");
    const int bundle_version = version_arg == "1" ? 1 : 2;
    if (!problems.empty() || !args.positional.empty()) {
        for (auto& p : problems) std::cerr << "kioskctl device enroll: " << p << "\n";
        if (!args.positional.empty())
            std::cerr << "kioskctl device enroll: unexpected argument " << args.positional[0] << "\n";
        return 2;
    }
    std::string pinned;
    if (auto ca = args.get("--pinned-ca")) {
        auto text = kiosk::read_whole_file(*ca);
        if (!text) {
            std::cerr << "kioskctl device enroll: " << text.error().message << "\n";
            return 1;
        }
        if (text->find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
            std::cerr << "kioskctl device enroll: --pinned-ca " << *ca << ": not a PEM certificate\n";
            return 1;
        }
        pinned = *text;
    }
    auto org = kiosk::read_org_secret_keys(*args.get("--org"));
    if (!org) {
        std::cerr << "kioskctl device enroll: " << org.error().message << "\n";
        return 1;
    }
    if (org->content_secret_key.empty()) {
        std::cerr << "kioskctl device enroll: " << *args.get("--org")
                  << "/content.sk is missing: the bundle must be signed by the org content key\n";
        return 1;
    }
    auto pin_hash = staff_pin_hash(args);
    if (!pin_hash) {
        std::cerr << "kioskctl device enroll: " << pin_hash.error().message << "\n";
        return 2;
    }
    auto bundle = kiosk::make_enrollment(org->pub, args.get_or("--device-id", ""), args.get_or("--name", ""),
                                         endpoint, pinned, bundle_version);
    if (!bundle) {
        std::cerr << "kioskctl device enroll: " << bundle.error().message << "\n";
        return 1;
    }
    bundle->staff_pin_hash = *pin_hash;
    if (bundle->name.empty()) bundle->name = bundle->device_id;
    auto store = kiosk::endpoint::Store::open(*args.get("--db"));
    if (!store) {
        std::cerr << "kioskctl device enroll: " << store.error().message << "\n";
        return 1;
    }
    kiosk::endpoint::DeviceRecord rec;
    rec.id = bundle->device_id;
    rec.name = bundle->name;
    rec.signing_public_key = bundle->device_signing_public_key;  // empty for v2: the device registers its own
    if (auto old_id = args.get("--replaces")) {
        auto old = store.value()->device_by_id(*old_id);
        if (!old) {
            std::cerr << "kioskctl device enroll: " << old.error().message << "\n";
            return 1;
        }
        if (!old->has_value()) {
            std::cerr << "kioskctl device enroll: --replaces " << *old_id << ": no such device in "
                      << kiosk::endpoint::describe_db(*args.get("--db")) << " (see kioskctl devices)\n";
            return 1;
        }
        rec.replaces = bundle->replaces = *old_id;
        if (!args.get("--name")) rec.name = bundle->name = kiosk::printable_text((*old)->name);
    }
    kiosk::sign_bundle(*bundle, org->content_secret_key);
    if (auto s = store.value()->add_device(rec, kiosk::endpoint::token_hash(bundle->token)); !s) {
        std::cerr << "kioskctl device enroll: " << s.error().message << "\n";
        return 1;
    }
    if (auto s = kiosk::write_bundle(*bundle, *args.get("--out")); !s) {
        // Do not leave a registered device nobody holds the token of.
        (void)store.value()->revoke_device(rec.id);
        std::cerr << "kioskctl device enroll: " << s.error().message << " (device registration revoked)\n";
        return 1;
    }
    if (!rec.replaces.empty()) {
        if (auto s = store.value()->revoke_device(rec.replaces); !s) {
            std::cerr << "kioskctl device enroll: the old identity " << rec.replaces
                      << " could not be revoked: " << s.error().message << " (revoke it with kioskctl device revoke)\n";
            return 1;
        }
    }
    if (auto qr = args.get("--qr")) {
        auto text = kiosk::read_whole_file(*args.get("--out"));
        kiosk::Status s = text ? write_qr_svg(*text, *qr) : kiosk::Status(text.error());
        if (text) kiosk::crypto::wipe(*text);
        if (!s) {
            std::cerr << "kioskctl device enroll: QR code not written: " << s.error().message
                      << " (the bundle file is fine)\n";
            return 1;
        }
    }
    std::cout << "enrolled " << kiosk::printable_text(rec.name) << " (" << rec.id << ")\n"
              << (rec.replaces.empty() ? "" : "  replaces " + rec.replaces + " (revoked; its unsent answer sets are still accepted)\n")
              << "  bundle   " << *args.get("--out") << " (v" << bundle->version()
              << ", a secret: move it to the device, then delete it)\n"
              << (bundle->version() == 2
                      ? "  signing key: made by the device at enrollment, registered on its first contact\n"
                      : "  signing key: made here and carried in the bundle (v1)\n")
              << "  endpoint " << endpoint << (pinned.empty() ? "" : " (pinned CA)") << "\n"
              << (bundle->staff_pin_hash.empty() ? "  staff PIN: none (staff access locked until `kiosk set-pin` on the device)\n"
                                                 : "  staff PIN: set (carried as an Argon2id hash)\n")
              << "  apply on the device with: kiosk enroll --data-dir D " << *args.get("--out") << "\n";
    return 0;
}

const char* const kRevokeHelp =
    "Stops accepting the device's token at once (its uploads get 401; the kiosk pauses its queue\n"
    "and keeps everything). Envelopes already received stay.\n";

int run_revoke(const kiosk::ParsedArgs& args) {
    if (!args.get("--db") || args.positional.size() != 1) {
        std::cerr << "kioskctl device revoke: usage: kioskctl device revoke --db FILE DEVICE_ID\n";
        return 2;
    }
    auto store = kiosk::endpoint::Store::open(*args.get("--db"));
    if (!store) {
        std::cerr << "kioskctl device revoke: " << store.error().message << "\n";
        return 1;
    }
    if (auto s = store.value()->revoke_device(args.positional[0]); !s) {
        std::cerr << "kioskctl device revoke: " << s.error().message << "\n";
        return 1;
    }
    std::cout << "revoked " << kiosk::printable_text(args.positional[0]) << "\n";
    return 0;
}

std::string utc(kiosk::Millis ms) {
    if (ms <= 0) return "never";
    return kiosk::format_utc(ms, "%Y-%m-%d %H:%M:%SZ");
}

std::string age(kiosk::Millis ms, kiosk::Millis now) {
    if (ms <= 0) return "never";
    long long s = (now - ms) / 1000;
    if (s < 0) s = 0;
    if (s < 120) return std::to_string(s) + "s ago";
    if (s < 7200) return std::to_string(s / 60) + "m ago";
    if (s < 172800) return std::to_string(s / 3600) + "h ago";
    return std::to_string(s / 86400) + "d ago";
}

const char* const kDevicesHelp =
    "Lists enrolled devices, stale ones first: name, id, signing key, last heartbeat, queue\n"
    "depth, versions, last error. STALE: no heartbeat for --stale-after minutes (default 60).\n"
    "KEY: device (it made its key and registered it), bundle (v1: made by kioskctl),\n"
    "awaiting (v2 bundle not used yet: whoever holds it registers first). --json adds the\n"
    "key's fingerprint (compare with what `kiosk enroll` printed on the device).\n";

int run_devices(const kiosk::ParsedArgs& args) {
    if (!args.get("--db") || !args.positional.empty()) {
        std::cerr << "kioskctl devices: usage: kioskctl devices --db FILE [--json]\n";
        return 2;
    }
    long long stale_min = 60;
    try {
        stale_min = std::stoll(args.get_or("--stale-after", "60"));
    } catch (...) {
        std::cerr << "kioskctl devices: --stale-after wants a number of minutes\n";
        return 2;
    }
    if (auto s = kiosk::endpoint::require_existing_db(*args.get("--db")); !s) {
        std::cerr << "kioskctl devices: " << s.error().message << "\n";
        return 1;
    }
    auto store = kiosk::endpoint::Store::open(*args.get("--db"));
    if (!store) {
        std::cerr << "kioskctl devices: " << store.error().message << "\n";
        return 1;
    }
    auto list = store.value()->devices();
    if (!list) {
        std::cerr << "kioskctl devices: " << list.error().message << "\n";
        return 1;
    }
    const kiosk::Millis now = kiosk::SystemClock().wall_ms();
    // Where the device's signing key came from; "awaiting": enrolled with a v2
    // bundle and not registered yet, so whoever holds that bundle registers first.
    auto key_state = [](const kiosk::endpoint::DeviceRecord& d) -> std::string {
        if (d.signing_public_key.empty()) return "awaiting";
        return d.key_registered_at > 0 ? "device" : "bundle";
    };
    auto stale = [&](const kiosk::endpoint::DeviceRecord& d) {
        return !d.revoked && (d.last_heartbeat_at <= 0 || now - d.last_heartbeat_at > stale_min * 60'000);
    };
    if (args.has("--json")) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& d : *list) {
            out.push_back({{"id", d.id},
                           {"name", d.name},
                           {"revoked", d.revoked},
                           {"stale", stale(d)},
                           {"signing_key", key_state(d)},
                           {"signing_key_fingerprint", d.signing_public_key.empty() ? nlohmann::json()
                                                                                     : nlohmann::json(kiosk::key_fingerprint(d.signing_public_key))},
                           {"signing_key_registered_at", d.key_registered_at > 0 ? nlohmann::json(utc(d.key_registered_at)) : nlohmann::json()},
                           {"enrolled_at", utc(d.enrolled_at)},
                           {"last_heartbeat_at", d.last_heartbeat_at > 0 ? nlohmann::json(utc(d.last_heartbeat_at)) : nlohmann::json()},
                           {"last_upload_at", d.last_upload_at > 0 ? nlohmann::json(utc(d.last_upload_at)) : nlohmann::json()},
                           {"queue_depth", d.last.queue_depth >= 0 ? nlohmann::json(d.last.queue_depth) : nlohmann::json()},
                           {"rejected", d.last.rejected >= 0 ? nlohmann::json(d.last.rejected) : nlohmann::json()},
                           {"oldest_unsent_age_s", d.last.oldest_unsent_age_s >= 0 ? nlohmann::json(d.last.oldest_unsent_age_s) : nlohmann::json()},
                           {"free_disk_bytes", d.last.free_disk_bytes >= 0 ? nlohmann::json(d.last.free_disk_bytes) : nlohmann::json()},
                           {"app_version", d.last.app_version},
                           {"content_version", d.last.content_version},
                           {"last_error", d.last.last_error}});
        }
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    if (list->empty()) {
        std::cout << "no devices enrolled (kioskctl device enroll)\n";
        return 0;
    }
    std::cout << std::left << std::setw(8) << "STATUS" << std::setw(22) << "NAME" << std::setw(24) << "ID"
              << std::setw(10) << "KEY" << std::setw(14) << "HEARTBEAT" << std::setw(7) << "QUEUE" << std::setw(9) << "REJECTED" << std::setw(10)
              << "APP" << std::setw(10) << "CONTENT" << "LAST ERROR\n";
    for (const auto& d : *list) {
        const std::string status = d.revoked ? "revoked" : stale(d) ? "STALE" : "ok";
        auto num = [](std::int64_t v) { return v >= 0 ? std::to_string(v) : std::string("-"); };
        // Everything a device or an operator typed is escaped: a heartbeat must not move the
        // cursor, fake a row or set the terminal title.
        const auto p = [](const std::string& s) { return kiosk::printable_text(s); };
        std::string name = p(d.name);
        if (name.size() > 21) name = name.substr(0, 20) + "~";
        std::cout << std::setw(8) << status << std::setw(22) << name << std::setw(24) << p(d.id) << std::setw(10)
                  << key_state(d) << std::setw(14) << age(d.last_heartbeat_at, now) << std::setw(7) << num(d.last.queue_depth) << std::setw(9)
                  << num(d.last.rejected) << std::setw(10) << (d.last.app_version.empty() ? "-" : p(d.last.app_version))
                  << std::setw(10) << (d.last.content_version.empty() ? "-" : p(d.last.content_version))
                  << (d.last.last_error.empty() ? "-" : p(d.last.last_error)) << "\n";
    }
    return 0;
}

kiosk::CommandRegistrar reg_enroll("kioskctl", {.name = "device enroll",
                                                .usage = kEnrollUsage,
                                                .summary = "register a device with the endpoint and write its enrollment bundle",
                                                .value_flags = {"--db", "--endpoint", "--org", "--out", "--name",
                                                                "--device-id", "--pinned-ca", "--qr", "--replaces",
                                                                "--pin-hash", "--bundle-version"},
                                                .switch_flags = {"--pin-stdin"},
                                                .help = kEnrollHelp,
                                                .body = run_enroll});
kiosk::CommandRegistrar reg_revoke("kioskctl", {.name = "device revoke",
                                                .usage = "kioskctl device revoke --db FILE DEVICE_ID",
                                                .summary = "stop accepting a device's uploads",
                                                .value_flags = {"--db"},
                                                .help = kRevokeHelp,
                                                .body = run_revoke});
kiosk::CommandRegistrar reg_devices("kioskctl", {.name = "devices",
                                                 .usage = "kioskctl devices --db FILE [--json] [--stale-after MINUTES]",
                                                 .summary = "list devices: last heartbeat, queue, versions, errors (stale first)",
                                                 .value_flags = {"--db", "--stale-after"},
                                                 .switch_flags = {"--json"},
                                                 .help = kDevicesHelp,
                                                 .body = run_devices});

}  // namespace
