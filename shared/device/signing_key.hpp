// The device's own signing key (enrollment v2): made on the device when a v2
// bundle is applied, so no other machine ever holds it, and registered once
// with the endpoint (PUT /v2/devices/{id}/signing-key, provisioning/PROTOCOL.md)
// by the sync engine. Until the endpoint has confirmed it, envelopes are sealed
// and signed locally and stay queued; nothing is lost.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "crypto/secure_bytes.hpp"
#include "device/device.hpp"

namespace kiosk {

// <data_dir>/signing-key-registered.json (0600): written once the endpoint has
// answered 2xx to the registration; says for which device id and key.
inline constexpr const char* kSigningKeyRegisteredFile = "signing-key-registered.json";

// What the device tells the endpoint: its public key, a proof that it holds the
// secret half, and the keys of replaced identities the endpoint never received.
struct KeyRegistration {
    std::string device_id;
    crypto::Bytes public_key;  // 32 bytes
    crypto::Bytes proof;       // 64 bytes
    std::vector<PredecessorKey> predecessors;
};

// The text a proof signs: "intake-kiosk-signing-key/2\n" + device id + "\n" +
// base64(public key). It names the device, so a proof cannot be replayed for another.
std::string signing_key_proof_message(const std::string& device_id, const crypto::Bytes& public_key);
crypto::Bytes make_signing_key_proof(const std::string& device_id, const crypto::Bytes& public_key,
                                     const crypto::SecureBytes& secret_key);
bool signing_key_proof_valid(const std::string& device_id, const crypto::Bytes& public_key,
                             const crypto::Bytes& proof);

// True when the endpoint still has to learn this device's key: the device made
// it (or carries keys of replaced identities) and no registration is recorded
// for this device id and key.
bool signing_key_pending(const std::filesystem::path& data_dir, const DeviceConfig& config);
bool signing_key_pending(const std::filesystem::path& data_dir);

// What to send: loads the signing key to sign the proof (the key is wiped after).
Result<KeyRegistration> key_registration(const std::filesystem::path& data_dir);

// After the endpoint confirmed the key: durably noted (temp file, fsync, rename).
Status record_signing_key_registered(const std::filesystem::path& data_dir, const KeyRegistration& registration);
// After the endpoint said it holds no key for this device (a restored database):
// forget the note so the next sync pass registers again.
Status forget_signing_key_registration(const std::filesystem::path& data_dir);

}  // namespace kiosk
