// The reference endpoint's storage: enrolled devices (public signing key,
// token hash, revocation, last heartbeat), opaque envelopes (never opened
// here: the endpoint has no results key) and published content packs.
// One SQLite file; thread-safe; envelope writes are durable (synchronous=FULL)
// before put_envelope() returns.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace kiosk::endpoint {

// What a device reports in POST /v1/devices/{id}/heartbeat. -1 / "" = not reported.
struct Heartbeat {
    std::int64_t queue_depth = -1;
    std::int64_t rejected = -1;
    std::int64_t oldest_unsent_age_s = -1;
    std::int64_t free_disk_bytes = -1;
    std::string app_version;
    std::string content_version;
    std::string last_error;
};

struct DeviceRecord {
    std::string id;
    std::string name;
    // Ed25519, 32 bytes; empty while a device enrolled with a v2 bundle has not
    // registered the key it made (PUT /v2/devices/{id}/signing-key).
    std::vector<unsigned char> signing_public_key;
    Millis key_registered_at = 0;  // wall ms the device registered its key; 0: from the bundle (v1) or none yet
    bool revoked = false;
    Millis revoked_at = 0;        // wall ms, 0 = not revoked (or unknown)
    Millis enrolled_at = 0;       // wall ms
    Millis last_heartbeat_at = 0;  // wall ms, 0 = never
    Millis last_upload_at = 0;     // wall ms, 0 = never
    Heartbeat last;
    // The device id this one was enrolled to replace (`device enroll --replaces`):
    // envelopes the old identity sealed are accepted from this one.
    std::string replaces;
};

enum class PutOutcome { Stored, Identical, Conflict };
enum class KeyOutcome { Registered, Same, Conflict };

struct StoredEnvelope {
    std::string uuid;
    std::string device_id;
    std::string hash;  // hex BLAKE2b-256 of bytes
    std::vector<unsigned char> bytes;
    Millis received_at = 0;
};

struct ContentPack {
    std::string channel;
    std::string version;
    std::vector<unsigned char> bytes;
    Millis published_at = 0;
};

// Hex BLAKE2b-256: the endpoint stores only this hash of a device's bearer token.
std::string token_hash(const std::string& token);
// Hex BLAKE2b-256 of envelope bytes (the dedupe key together with the UUID).
std::string bytes_hash(const unsigned char* data, std::size_t size);

class Store {
public:
    // Creates the file and schema when missing. clock: wall time for
    // received_at / heartbeats (nullptr = system clock).
    static Result<std::unique_ptr<Store>> open(const std::filesystem::path& db_path,
                                               const Clock* clock = nullptr);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    Status add_device(const DeviceRecord& device, const std::string& token_hash_hex);
    // Error when the id is unknown. Revoked devices' tokens stop working at once.
    Status revoke_device(const std::string& device_id);
    // A device's first signing key, once: Registered (it had none), Same (this
    // key is already on record: a retry), Conflict (another key is; nothing
    // changes). Durable before it returns. Error when the id is unknown.
    Result<KeyOutcome> register_signing_key(const std::string& device_id, const std::vector<unsigned char>& public_key);
    Result<std::optional<DeviceRecord>> device_by_token_hash(const std::string& token_hash_hex);
    Result<std::optional<DeviceRecord>> device_by_id(const std::string& device_id);
    // Every device, stale ones (oldest heartbeat, never first) first.
    Result<std::vector<DeviceRecord>> devices();

    // Stores the envelope once: Stored (new, durable on return), Identical
    // (same uuid and same bytes already there), Conflict (same uuid, other bytes).
    // Concurrent callers share one transaction and one fsync (group commit).
    Result<PutOutcome> put_envelope(const std::string& uuid, const std::string& device_id,
                                    const std::vector<unsigned char>& bytes);
    // Bulk load (demo data, migrations): every envelope in one transaction and
    // one fsync, with the outcome put_envelope would give each, in order.
    struct NewEnvelope {
        std::string uuid, device_id;
        std::vector<unsigned char> bytes;
    };
    Result<std::vector<PutOutcome>> put_envelopes(const std::vector<NewEnvelope>& batch);
    Status record_heartbeat(const std::string& device_id, const Heartbeat& hb);

    Status publish_content(const std::string& channel, const std::string& version,
                           const std::vector<unsigned char>& bytes);
    Result<std::optional<ContentPack>> latest_content(const std::string& channel);

    // Visits every stored envelope in arrival order; stops early when fn returns false.
    Status for_each_envelope(const std::function<bool(const StoredEnvelope&)>& fn);
    // The same for envelopes received at or after since_wall_ms (incremental export).
    Status for_each_envelope_since(Millis since_wall_ms, const std::function<bool(const StoredEnvelope&)>& fn);
    Result<std::int64_t> envelope_count();

    struct Impl;

private:
    explicit Store(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace kiosk::endpoint
