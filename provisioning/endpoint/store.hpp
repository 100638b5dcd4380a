// The reference endpoint's storage: enrolled devices (public signing key,
// token hash, revocation, last heartbeat), opaque envelopes (never opened
// here: the endpoint has no results key) and published content packs.
// A SQLite file or a PostgreSQL database; thread-safe; envelope writes are
// durable before put_envelope() returns.
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

// The store's connection settings beyond the --db string.
struct StoreOptions {
    // PostgreSQL: connections this process opens at most (a bounded pool; at
    // least 2, since an export looks devices up while it walks the envelopes).
    // SQLite ignores it.
    int max_connections = 8;
};

// True for a PostgreSQL connection URI (postgresql://... or postgres://...):
// `--db` takes either that or a SQLite file path.
bool is_postgres_uri(const std::string& db);
// `--db` for messages: a SQLite path as given, a URI without its password.
std::string describe_db(const std::string& db);
// For commands that read an existing store: a SQLite file must exist (a
// URI is checked when it connects). Error naming what is missing.
Status require_existing_db(const std::string& db);

// The endpoint's storage, one interface with two implementations: one SQLite
// file (sqlite_store.cpp, the embedded default) and a PostgreSQL database
// (pg_store.cpp, for several endpoint processes on one database server).
// Both hold the same contract (tests/store: one suite runs against both).
class Store {
public:
    // A SQLite file path (created with its schema when missing) or a
    // postgresql:// URI (the schema is created or migrated on open). clock:
    // wall time for received_at / heartbeats (nullptr = system clock).
    static Result<std::unique_ptr<Store>> open(const std::filesystem::path& db,
                                               const Clock* clock = nullptr, const StoreOptions& options = {});
    virtual ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // "sqlite" or "postgresql".
    virtual const char* kind() const = 0;
    // The schema version on record (both stores keep it in meta.schema_version).
    virtual Result<int> schema_version() = 0;

    virtual Status add_device(const DeviceRecord& device, const std::string& token_hash_hex) = 0;
    // Error when the id is unknown. Revoked devices' tokens stop working at once.
    virtual Status revoke_device(const std::string& device_id) = 0;
    // A device's first signing key, once: Registered (it had none), Same (this
    // key is already on record: a retry), Conflict (another key is; nothing
    // changes). Durable before it returns. Error when the id is unknown.
    virtual Result<KeyOutcome> register_signing_key(const std::string& device_id,
                                                    const std::vector<unsigned char>& public_key) = 0;
    virtual Result<std::optional<DeviceRecord>> device_by_token_hash(const std::string& token_hash_hex) = 0;
    virtual Result<std::optional<DeviceRecord>> device_by_id(const std::string& device_id) = 0;
    // Every device, stale ones (oldest heartbeat, never first) first.
    virtual Result<std::vector<DeviceRecord>> devices() = 0;

    // Stores the envelope once: Stored (new, durable on return), Identical
    // (same uuid and same bytes already there), Conflict (same uuid, other bytes).
    // The uniqueness lives in the database (a UNIQUE uuid), so it holds across
    // processes sharing one PostgreSQL. SQLite: concurrent callers share one
    // transaction and one fsync (group commit); PostgreSQL: one autocommit
    // statement, acknowledged after its commit (synchronous_commit = on).
    virtual Result<PutOutcome> put_envelope(const std::string& uuid, const std::string& device_id,
                                            const std::vector<unsigned char>& bytes) = 0;
    // Bulk load (demo data, migrations): every envelope in one transaction,
    // with the outcome put_envelope would give each, in order.
    struct NewEnvelope {
        std::string uuid, device_id;
        std::vector<unsigned char> bytes;
    };
    virtual Result<std::vector<PutOutcome>> put_envelopes(const std::vector<NewEnvelope>& batch) = 0;
    virtual Status record_heartbeat(const std::string& device_id, const Heartbeat& hb) = 0;

    virtual Status publish_content(const std::string& channel, const std::string& version,
                                   const std::vector<unsigned char>& bytes) = 0;
    virtual Result<std::optional<ContentPack>> latest_content(const std::string& channel) = 0;

    // Visits every stored envelope in arrival order; stops early when fn returns false.
    Status for_each_envelope(const std::function<bool(const StoredEnvelope&)>& fn);
    // The same for envelopes received at or after since_wall_ms (incremental
    // export). One envelope in memory at a time; fn may call the store.
    virtual Status for_each_envelope_since(Millis since_wall_ms,
                                           const std::function<bool(const StoredEnvelope&)>& fn) = 0;
    virtual Result<std::int64_t> envelope_count() = 0;

protected:
    Store() = default;
};

// The two implementations (Store::open picks by the --db string).
Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& db_path, const Clock* clock);
Result<std::unique_ptr<Store>> open_pg_store(const std::string& uri, const Clock* clock, const StoreOptions& options);

}  // namespace kiosk::endpoint
