// `kioskctl open`: decrypt and verify envelopes with the org results key, for
// tests and export. Runs only where results.sk is (never on a device).
#include <iostream>

#include <nlohmann/json.hpp>

#include "core/args.hpp"
#include "core/clock.hpp"
#include "core/command.hpp"
#include "crypto/crypto.hpp"
#include "crypto/envelope.hpp"
#include "core/files.hpp"
#include "device/device.hpp"
#include "device/enrollment.hpp"
#include "outbox/outbox.hpp"

namespace {

namespace fs = std::filesystem;

// Prints one NDJSON line for an envelope; returns false (and says why on stderr) if it does not open.
bool open_one(const std::string& where, const kiosk::crypto::Bytes& bytes, const kiosk::OrgSecretKeys& keys,
              const kiosk::crypto::Bytes* device_pk) {
    auto parsed = kiosk::crypto::parse_envelope(bytes);
    if (!parsed) {
        std::cerr << "kioskctl open: " << where << ": " << parsed.error().message << "\n";
        return false;
    }
    auto plain = kiosk::crypto::open_envelope(bytes, keys.pub.results_public_key, keys.results_secret_key, device_pk);
    if (!plain) {
        std::cerr << "kioskctl open: " << where << ": " << plain.error().message << "\n";
        return false;
    }
    auto content = nlohmann::json::parse(plain->begin(), plain->end(), nullptr, false);
    if (content.is_discarded()) {
        std::cerr << "kioskctl open: " << where << ": envelope " << parsed->header.uuid
                  << " opened but its content is not JSON\n";
        return false;
    }
    nlohmann::json line = {{"header", parsed->header_json},
                           {"signature", device_pk ? "verified" : "not checked"},
                           {"content", content}};
    std::cout << line.dump() << "\n";
    return true;
}

const char* const kOpenHelp =
    "       kioskctl open --key ORGDIR --data-dir D\n"
    "Verifies and decrypts envelopes; prints one JSON line per envelope:\n"
    "{\"header\": ..., \"signature\": \"verified\"|\"not checked\", \"content\": {\"response\", \"meta\"}}.\n"
    "With --data-dir, every envelope still held in D's outbox, checked against D's device key.\n"
    "Without --device-pk an envelope file's signature is not checked (said on each line).\n";

int run_open(const kiosk::ParsedArgs& args) {
    auto key_dir = args.get("--key");
    bool from_dir = args.has("--data-dir");
    if (!key_dir || (from_dir == !args.positional.empty())) {
        std::cerr << "kioskctl open: usage: kioskctl open --key ORGDIR [--device-pk B64] ENVELOPE_FILE... | --data-dir D\n";
        return 2;
    }
    auto keys = kiosk::read_org_secret_keys(*key_dir);
    if (!keys) {
        std::cerr << "kioskctl open: " << keys.error().message << "\n";
        return 1;
    }
    std::optional<kiosk::crypto::Bytes> device_pk;
    if (auto b64 = args.get("--device-pk")) {
        auto pk = kiosk::crypto::from_base64(*b64);
        if (!pk || pk->size() != 32) {
            std::cerr << "kioskctl open: --device-pk must be a 32-byte Ed25519 public key in base64\n";
            return 2;
        }
        device_pk = *pk;
    }
    int failures = 0;
    if (from_dir) {
        fs::path dir = *args.get("--data-dir");
        if (!device_pk) {
            auto cfg = kiosk::read_device_config(dir);
            if (!cfg) {
                std::cerr << "kioskctl open: " << cfg.error().message << "\n";
                return 1;
            }
            device_pk = cfg->device_signing_public_key;
        }
        kiosk::SystemClock clock;
        auto ob = kiosk::Outbox::open(dir, clock, kiosk::Outbox::Mode::ReadOnly);
        if (!ob) {
            std::cerr << "kioskctl open: " << ob.error().message << "\n";
            return 1;
        }
        for (const auto& e : (*ob)->list()) {
            if (e.state == kiosk::EnvelopeState::Acknowledged) continue;  // tombstone only
            auto bytes = (*ob)->envelope_bytes(e.uuid);
            if (!bytes) {
                std::cerr << "kioskctl open: " << e.uuid << ": " << bytes.error().message << "\n";
                ++failures;
                continue;
            }
            if (!open_one(dir.string() + " " + e.uuid, *bytes, *keys, &*device_pk)) ++failures;
        }
    } else {
        for (const auto& file : args.positional) {
            auto text = kiosk::read_whole_file(file);
            if (!text) {
                std::cerr << "kioskctl open: " << text.error().message << "\n";
                ++failures;
                continue;
            }
            kiosk::crypto::Bytes bytes(text->begin(), text->end());
            if (!open_one(file, bytes, *keys, device_pk ? &*device_pk : nullptr)) ++failures;
        }
    }
    return failures ? 1 : 0;
}

kiosk::CommandRegistrar reg("kioskctl", {.name = "open",
                                         .usage = "kioskctl open --key ORGDIR [--device-pk B64] ENVELOPE_FILE...",
                                         .summary = "verify and decrypt envelopes with the org results key (tests, export)",
                                         .value_flags = {"--key", "--device-pk", "--data-dir"},
                                         .help = kOpenHelp,
                                         .body = run_open});

}  // namespace
