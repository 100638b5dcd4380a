// Registration state of a device-made signing key, and its proof of possession.
#include "device/signing_key.hpp"

#include <cerrno>
#include <cstring>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/files.hpp"
#include "crypto/crypto.hpp"
#include "crypto/envelope.hpp"
#include "device/key_store.hpp"

namespace kiosk {

namespace fs = std::filesystem;

std::string signing_key_proof_message(const std::string& device_id, const crypto::Bytes& public_key) {
    return "intake-kiosk-signing-key/2\n" + device_id + "\n" + crypto::to_base64(public_key);
}

crypto::Bytes make_signing_key_proof(const std::string& device_id, const crypto::Bytes& public_key,
                                     const crypto::SecureBytes& secret_key) {
    const std::string m = signing_key_proof_message(device_id, public_key);
    return crypto::sign_detached(reinterpret_cast<const unsigned char*>(m.data()), m.size(), secret_key);
}

bool signing_key_proof_valid(const std::string& device_id, const crypto::Bytes& public_key,
                             const crypto::Bytes& proof) {
    if (public_key.size() != 32 || proof.size() != 64) return false;
    const std::string m = signing_key_proof_message(device_id, public_key);
    return crypto::verify_detached(proof.data(), reinterpret_cast<const unsigned char*>(m.data()), m.size(),
                                   public_key);
}

bool signing_key_pending(const fs::path& data_dir, const DeviceConfig& config) {
    if (config.signing_key_origin != "device" && config.unregistered_predecessors.empty()) return false;
    auto text = read_whole_file(data_dir / kSigningKeyRegisteredFile);
    if (!text) return true;
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (!j.is_object()) return true;
    return j.value("device_id", "") != config.device_id ||
           j.value("signing_public_key", "") != crypto::to_base64(config.device_signing_public_key);
}

bool signing_key_pending(const fs::path& data_dir) {
    auto cfg = read_device_config(data_dir);
    return cfg && signing_key_pending(data_dir, *cfg);
}

Result<KeyRegistration> key_registration(const fs::path& data_dir) {
    auto id = load_device_identity(data_dir);
    if (!id) return id.error();
    KeyRegistration r;
    r.device_id = id->config.device_id;
    r.public_key = id->config.device_signing_public_key;
    r.proof = make_signing_key_proof(r.device_id, r.public_key, id->signing_secret_key);
    r.predecessors = id->config.unregistered_predecessors;
    return r;
}

Status record_signing_key_registered(const fs::path& data_dir, const KeyRegistration& reg) {
    nlohmann::json j = {{"device_id", reg.device_id},
                        {"signing_public_key", crypto::to_base64(reg.public_key)},
                        {"registered_at", crypto::rfc3339_utc(SystemClock().wall_ms())}};
    return write_file_atomic(data_dir / kSigningKeyRegisteredFile, j.dump(2) + "\n", 0600);
}

Status forget_signing_key_registration(const fs::path& data_dir) {
    const fs::path p = data_dir / kSigningKeyRegisteredFile;
    if (::unlink(p.c_str()) != 0 && errno != ENOENT)
        return make_error("cannot remove " + p.string() + ": " + std::strerror(errno));
    return ok_status();
}

}  // namespace kiosk
