// The device's identity in a data dir: device.json (who we are, which org we
// seal for, where we sync, settings) plus its secrets in the KeyStore.
// Data dir layout: outbox.sqlite (+ -wal/-shm), keys/ (0700, files 0600),
// device.json, logs/, demo-org/ (only for a demo enrollment).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "crypto/secure_bytes.hpp"
#include "device/enrollment.hpp"
#include "device/key_store.hpp"

namespace kiosk {

inline constexpr const char* kDeviceFormat = "intake-kiosk-device/1";

// A replaced identity's public key with the proof that its holder had the
// secret half (made at re-enrollment, before that key was overwritten).
struct PredecessorKey {
    std::string device_id;
    crypto::Bytes public_key;  // 32 bytes, Ed25519
    crypto::Bytes proof;       // 64 bytes, see signing_key_proof_message
};

// device.json (no secrets in it: the token and keys are in the KeyStore).
struct DeviceConfig {
    std::string device_id;
    std::string name;
    std::string endpoint;       // empty: no endpoint configured
    OrgPublicKeys org;
    crypto::Bytes device_signing_public_key;
    std::string pinned_ca_pem;  // empty = system CA store
    nlohmann::json settings = nlohmann::json::object();
    bool demo = false;          // made by ensure_demo_enrollment: not for real residents
    std::string enrolled_at;    // RFC 3339
    // Who made the signing key: "bundle" (enrollment v1: the admin machine made it
    // and registered it at once; also every device.json from before v2) or "device"
    // (enrollment v2: made here, registered by the sync engine, see signing_key.hpp).
    std::string signing_key_origin = "bundle";
    // Replaced identities whose keys the endpoint never received (a device that
    // never reached its endpoint and was re-enrolled with --replaces): registered
    // together with this device's key, so what they sealed is still delivered.
    std::vector<PredecessorKey> unregistered_predecessors;
};

// Everything needed to seal and sync: config plus loaded secrets.
struct DeviceIdentity {
    DeviceConfig config;
    crypto::SecureBytes signing_secret_key;  // 64 bytes
    crypto::SecureBytes draft_key;           // 32 bytes
};

std::filesystem::path device_json_path(const std::filesystem::path& data_dir);
bool is_enrolled(const std::filesystem::path& data_dir);

Result<DeviceConfig> read_device_config(const std::filesystem::path& data_dir);
Status write_device_config(const DeviceConfig& config, const std::filesystem::path& data_dir);

// Loads device.json and the signing and draft keys and checks they belong
// together. The error says why collecting is impossible, e.g.
// "device keys missing: /d/keys/device_signing.sk does not exist (enroll with `kiosk enroll`)".
Result<DeviceIdentity> load_device_identity(const std::filesystem::path& data_dir);

// The bearer token for the endpoint (sync uses it).
Result<std::string> load_endpoint_token(const std::filesystem::path& data_dir);

// If data_dir has no device.json: makes a clearly marked demo org in
// <data_dir>/demo-org/ and enrolls this data dir to it (device.json "demo": true,
// name "DEMO - not for real answers", no endpoint). Returns true when it made one,
// false when the data dir was already enrolled.
Result<bool> ensure_demo_enrollment(const std::filesystem::path& data_dir);

// $XDG_DATA_HOME/intake-kiosk, else ~/.local/share/intake-kiosk, else /var/lib/intake-kiosk
// (the same rule as platform::default_data_dir, for tools that do not link platform/).
std::filesystem::path default_data_dir();

}  // namespace kiosk
