// The endpoint's store on PostgreSQL (libpq): for organisations that run
// several endpoint processes against one database server with backups and
// replication. The same contract as the SQLite store (tests/store runs one
// suite against both):
// - exactly once lives in the database: envelopes.uuid is UNIQUE and a PUT is
//   one autocommit INSERT ... ON CONFLICT DO NOTHING, so two processes storing
//   the same uuid at once give one Stored and one Identical/Conflict;
// - an envelope is acknowledged only after its commit returns, with
//   synchronous_commit = on set on every connection (a replica's settings
//   decide whether that includes the standby: see provisioning/deploy/README.md);
// - a bounded pool of connections per process (StoreOptions::max_connections);
//   a broken connection is dropped and the statement retried once on a new one;
// - the schema is created and migrated here, versioned in meta.schema_version,
//   under an advisory lock so processes starting together migrate once.
#include <endian.h>
#include <libpq-fe.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <vector>

#include "endpoint/store.hpp"

namespace kiosk::endpoint {

namespace {

// Migration n (1-based) takes a database from schema n-1 to n. Append only.
const std::vector<const char*> kMigrations = {
    // 1: devices, envelopes, content packs (what the SQLite store's schema 1 holds).
    R"SQL(
CREATE TABLE devices(
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  signing_public_key BYTEA NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  revoked BOOLEAN NOT NULL DEFAULT false,
  enrolled_at BIGINT NOT NULL,
  revoked_at BIGINT,
  last_upload_at BIGINT,
  last_heartbeat_at BIGINT,
  queue_depth BIGINT,
  rejected BIGINT,
  oldest_unsent_age_s BIGINT,
  free_disk_bytes BIGINT,
  app_version TEXT,
  content_version TEXT,
  last_error TEXT,
  replaces TEXT,
  key_registered_at BIGINT);
CREATE TABLE envelopes(
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  device_id TEXT NOT NULL,
  hash TEXT NOT NULL,
  bytes BYTEA NOT NULL,
  received_at BIGINT NOT NULL);
-- Sealed bytes do not compress: do not try.
ALTER TABLE envelopes ALTER COLUMN bytes SET STORAGE EXTERNAL;
CREATE INDEX envelopes_received_at ON envelopes(received_at, seq);
CREATE TABLE content_packs(
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel TEXT NOT NULL,
  version TEXT NOT NULL,
  bytes BYTEA NOT NULL,
  published_at BIGINT NOT NULL);
CREATE INDEX content_packs_channel ON content_packs(channel, id);
)SQL",
};

// Any constant: the key of the advisory lock that serialises migrations.
constexpr long long kMigrationLock = 0x6b696f736b0001LL;

// One parameter: text (sent as text), bytes (sent binary), or NULL.
struct Param {
    std::string text;
    const std::vector<unsigned char>* bytes = nullptr;
    bool null = false;
};
Param txt(std::string s) { return Param{std::move(s)}; }
Param i64(std::int64_t v) { return Param{std::to_string(v)}; }
Param bin(const std::vector<unsigned char>& v) {
    Param p;
    p.bytes = &v;
    return p;
}
Param opt_i64(std::int64_t v) {  // -1 = not reported = NULL
    Param p;
    if (v < 0) p.null = true;
    else p.text = std::to_string(v);
    return p;
}
Param null_or(const std::string& s) {
    Param p{s};
    p.null = s.empty();
    return p;
}

// A result in binary format (every query asks for it): bigint columns are
// 8 bytes big-endian, booleans one byte, text and bytea their raw bytes.
struct Res {
    PGresult* r = nullptr;
    Res() = default;
    explicit Res(PGresult* p) : r(p) {}
    Res(Res&& o) noexcept : r(o.r) { o.r = nullptr; }
    Res& operator=(Res&& o) noexcept {
        std::swap(r, o.r);
        return *this;
    }
    ~Res() {
        if (r) PQclear(r);
    }
    int rows() const { return PQntuples(r); }
    bool null(int row, int col) const { return PQgetisnull(r, row, col) != 0; }
    std::string text(int row, int col) const {
        return null(row, col) ? std::string() : std::string(PQgetvalue(r, row, col), PQgetlength(r, row, col));
    }
    std::vector<unsigned char> bytes(int row, int col) const {
        auto p = reinterpret_cast<const unsigned char*>(PQgetvalue(r, row, col));
        return null(row, col) ? std::vector<unsigned char>{}
                              : std::vector<unsigned char>(p, p + PQgetlength(r, row, col));
    }
    std::int64_t i64(int row, int col, std::int64_t null_value = 0) const {
        if (null(row, col) || PQgetlength(r, row, col) != 8) return null_value;
        std::uint64_t v;
        std::memcpy(&v, PQgetvalue(r, row, col), 8);
        return static_cast<std::int64_t>(be64toh(v));
    }
    bool boolean(int row, int col) const {
        return !null(row, col) && PQgetlength(r, row, col) == 1 && PQgetvalue(r, row, col)[0] != 0;
    }
};

PGresult* send(PGconn* c, const char* sql, const std::vector<Param>& params) {
    std::vector<const char*> values;
    std::vector<int> lengths, formats;
    for (const auto& p : params) {
        if (p.null) {
            values.push_back(nullptr);
            lengths.push_back(0);
            formats.push_back(0);
        } else if (p.bytes) {
            // An empty vector may have no data pointer; libpq wants one for a non-NULL value.
            values.push_back(p.bytes->empty() ? "" : reinterpret_cast<const char*>(p.bytes->data()));
            lengths.push_back(static_cast<int>(p.bytes->size()));
            formats.push_back(1);
        } else {
            values.push_back(p.text.c_str());
            lengths.push_back(static_cast<int>(p.text.size()));
            formats.push_back(0);
        }
    }
    return PQexecParams(c, sql, static_cast<int>(params.size()), nullptr, values.data(), lengths.data(),
                        formats.data(), 1);
}

std::string message_of(PGconn* c, PGresult* r) {
    std::string m = r ? PQresultErrorMessage(r) : "";
    if (m.empty() && c) m = PQerrorMessage(c);
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
    return m.empty() ? "error" : m;
}

// A bounded pool: at most max connections, each opened when first needed.
class Pool {
public:
    Pool(std::string uri, std::string shown, int max) : uri_(std::move(uri)), shown_(std::move(shown)), max_(max) {}
    ~Pool() {
        for (auto* c : idle_) PQfinish(c);
    }
    const std::string& shown() const { return shown_; }

    Result<PGconn*> acquire() {
        std::unique_lock lock(m_);
        if (!cv_.wait_for(lock, std::chrono::seconds(30), [&] { return !idle_.empty() || total_ < max_; }))
            return make_error("endpoint database " + shown_ + ": no free connection within 30 s (pool of " +
                              std::to_string(max_) + ")");
        if (!idle_.empty()) {
            PGconn* c = idle_.back();
            idle_.pop_back();
            return c;
        }
        ++total_;
        lock.unlock();
        auto c = connect();
        if (!c.ok()) {
            lock.lock();
            --total_;
            cv_.notify_one();
        }
        return c;
    }
    // broken: the connection is closed instead of kept (lost, or left mid-query).
    void release(PGconn* c, bool broken) {
        if (broken || PQstatus(c) != CONNECTION_OK || PQtransactionStatus(c) != PQTRANS_IDLE) {
            PQfinish(c);
            std::lock_guard lock(m_);
            --total_;
        } else {
            std::lock_guard lock(m_);
            idle_.push_back(c);
        }
        cv_.notify_one();
    }

private:
    Result<PGconn*> connect() {
        // Keywords before dbname are defaults the URI may override; after it, ours win.
        const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
        const char* vals[] = {"10", "kioskctl", uri_.c_str(), nullptr};
        PGconn* c = PQconnectdbParams(keys, vals, 1);
        if (!c || PQstatus(c) != CONNECTION_OK) {
            std::string m = c ? message_of(c, nullptr) : "out of memory";
            if (c) PQfinish(c);
            return make_error("endpoint database " + shown_ + ": cannot connect: " + m);
        }
        // Acknowledged means committed (and flushed to disk, and to a synchronous
        // standby where one is configured), whatever the role or database says.
        Res r(PQexec(c, "SET synchronous_commit = on"));
        if (PQresultStatus(r.r) != PGRES_COMMAND_OK) {
            std::string m = message_of(c, r.r);
            PQfinish(c);
            return make_error("endpoint database " + shown_ + ": " + m);
        }
        return c;
    }

    std::string uri_, shown_;
    int max_;
    std::mutex m_;
    std::condition_variable cv_;
    std::vector<PGconn*> idle_;
    int total_ = 0;
};

const char* kDeviceColumns =
    "id, name, signing_public_key, revoked, enrolled_at, last_heartbeat_at, last_upload_at, "
    "queue_depth, rejected, oldest_unsent_age_s, free_disk_bytes, app_version, content_version, "
    "last_error, replaces, revoked_at, key_registered_at";

DeviceRecord read_device(const Res& r, int row) {
    DeviceRecord d;
    d.id = r.text(row, 0);
    d.name = r.text(row, 1);
    d.signing_public_key = r.bytes(row, 2);
    d.revoked = r.boolean(row, 3);
    d.enrolled_at = r.i64(row, 4);
    d.last_heartbeat_at = r.i64(row, 5);
    d.last_upload_at = r.i64(row, 6);
    d.last.queue_depth = r.i64(row, 7, -1);
    d.last.rejected = r.i64(row, 8, -1);
    d.last.oldest_unsent_age_s = r.i64(row, 9, -1);
    d.last.free_disk_bytes = r.i64(row, 10, -1);
    d.last.app_version = r.text(row, 11);
    d.last.content_version = r.text(row, 12);
    d.last.last_error = r.text(row, 13);
    d.replaces = r.text(row, 14);
    d.revoked_at = r.i64(row, 15, 0);
    d.key_registered_at = r.i64(row, 16, 0);
    return d;
}

class PgStore final : public Store {
public:
    PgStore(const std::string& uri, const Clock* clock, int max_connections)
        : pool_(uri, describe_db(uri), max_connections), clock_(clock ? clock : &system_clock_) {}

    const char* kind() const override { return "postgresql"; }

    Status migrate() {
        auto c = pool_.acquire();
        if (!c) return c.error();
        PGconn* conn = c.value();
        const int want = static_cast<int>(kMigrations.size());
        {
            // Up to date: nothing to write (so a read-only standby opens for export and report).
            Res v(send(conn, "SELECT value FROM meta WHERE key = 'schema_version'", {}));
            if (PQresultStatus(v.r) == PGRES_TUPLES_OK && v.rows() == 1 && std::stoi(v.text(0, 0)) == want) {
                pool_.release(conn, false);
                return ok_status();
            }
        }
        auto fail = [&](const std::string& what, PGresult* r) {
            std::string m = err(what, conn, r);
            Res(PQexec(conn, "ROLLBACK"));
            pool_.release(conn, false);
            return make_error(m);
        };
        auto run = [&](const char* sql, ExecStatusType want) -> PGresult* {
            PGresult* r = PQexec(conn, sql);
            if (PQresultStatus(r) != want) return r;  // caller reports
            PQclear(r);
            return nullptr;
        };
        if (PGresult* r = run("BEGIN", PGRES_COMMAND_OK)) {
            Res hold(r);
            return fail("begin migration", r);
        }
        Res lock(send(conn, "SELECT pg_advisory_xact_lock($1::bigint)", {i64(kMigrationLock)}));
        if (PQresultStatus(lock.r) != PGRES_TUPLES_OK) return fail("lock for migration", lock.r);
        if (PGresult* r = run("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
                              PGRES_COMMAND_OK)) {
            Res hold(r);
            return fail("create meta table", r);
        }
        Res v(send(conn, "SELECT value FROM meta WHERE key = 'schema_version'", {}));
        if (PQresultStatus(v.r) != PGRES_TUPLES_OK) return fail("read schema version", v.r);
        int have = v.rows() ? std::stoi(v.text(0, 0)) : 0;
        if (have > want) {
            Res(PQexec(conn, "ROLLBACK"));
            pool_.release(conn, false);
            return make_error("endpoint database " + pool_.shown() + ": made by a newer version (schema " +
                              std::to_string(have) + ", this one knows " + std::to_string(want) + ")");
        }
        for (int n = have + 1; n <= want; ++n) {
            Res m(PQexec(conn, kMigrations[static_cast<std::size_t>(n - 1)]));
            if (PQresultStatus(m.r) != PGRES_COMMAND_OK) return fail("migrate to schema " + std::to_string(n), m.r);
        }
        if (have != want) {
            Res up(send(conn,
                        "INSERT INTO meta(key, value) VALUES('schema_version', $1) "
                        "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                        {txt(std::to_string(want))}));
            if (PQresultStatus(up.r) != PGRES_COMMAND_OK) return fail("write schema version", up.r);
        }
        Res commit(PQexec(conn, "COMMIT"));
        if (PQresultStatus(commit.r) != PGRES_COMMAND_OK) return fail("commit migration", commit.r);
        pool_.release(conn, false);
        return ok_status();
    }

    Result<int> schema_version() override {
        auto r = query("read schema version", "SELECT value FROM meta WHERE key = 'schema_version'", {});
        if (!r) return r.error();
        if (r->rows() != 1) return make_error("endpoint database " + pool_.shown() + ": no schema version");
        return std::stoi(r->text(0, 0));
    }

    Status add_device(const DeviceRecord& device, const std::string& token_hash_hex) override {
        // Not retried on a lost connection: a second INSERT of a committed row would fail.
        auto r = query("add device " + device.id,
                       "INSERT INTO devices(id, name, signing_public_key, token_hash, revoked, enrolled_at, replaces) "
                       "VALUES($1, $2, $3, $4, false, $5, $6)",
                       {txt(device.id), txt(device.name), bin(device.signing_public_key), txt(token_hash_hex),
                        i64(device.enrolled_at ? device.enrolled_at : wall()), null_or(device.replaces)},
                       false);
        if (!r) return r.error();
        return ok_status();
    }

    Status revoke_device(const std::string& device_id) override {
        auto r = query("revoke device " + device_id,
                       "UPDATE devices SET revoked = true, revoked_at = $1 WHERE id = $2 RETURNING 1",
                       {i64(wall()), txt(device_id)});
        if (!r) return r.error();
        if (r->rows() == 0) return make_error("no device with id " + device_id + " in " + pool_.shown());
        return ok_status();
    }

    Result<KeyOutcome> register_signing_key(const std::string& device_id,
                                            const std::vector<unsigned char>& public_key) override {
        if (public_key.size() != 32) return make_error("a signing key is 32 bytes");
        // Only a device without a key gets one: the WHERE makes it first-come
        // across every process on this database.
        auto set = query("register signing key of " + device_id,
                         "UPDATE devices SET signing_public_key = $1, key_registered_at = $2 "
                         "WHERE id = $3 AND octet_length(signing_public_key) = 0 RETURNING 1",
                         {bin(public_key), i64(wall()), txt(device_id)});
        if (!set) return set.error();
        if (set->rows() == 1) return KeyOutcome::Registered;
        auto get = query("read signing key of " + device_id, "SELECT signing_public_key FROM devices WHERE id = $1",
                         {txt(device_id)});
        if (!get) return get.error();
        if (get->rows() == 0) return make_error("no device with id " + device_id + " in " + pool_.shown());
        return get->bytes(0, 0) == public_key ? KeyOutcome::Same : KeyOutcome::Conflict;
    }

    Result<std::optional<DeviceRecord>> device_by_token_hash(const std::string& token_hash_hex) override {
        return one_device("token_hash", token_hash_hex);
    }
    Result<std::optional<DeviceRecord>> device_by_id(const std::string& device_id) override {
        return one_device("id", device_id);
    }

    Result<std::vector<DeviceRecord>> devices() override {
        // COLLATE "C": names sort by bytes, as in SQLite, whatever the cluster's locale.
        auto r = query("list devices",
                       (std::string("SELECT ") + kDeviceColumns +
                        " FROM devices ORDER BY revoked ASC, COALESCE(last_heartbeat_at, 0) ASC, name COLLATE \"C\" ASC")
                           .c_str(),
                       {});
        if (!r) return r.error();
        std::vector<DeviceRecord> out;
        for (int i = 0; i < r->rows(); ++i) out.push_back(read_device(*r, i));
        return out;
    }

    Result<PutOutcome> put_envelope(const std::string& uuid, const std::string& device_id,
                                    const std::vector<unsigned char>& bytes) override {
        const std::string hash = bytes_hash(bytes.data(), bytes.size());
        // One statement, so one transaction: the row and the device's
        // last_upload_at commit together, and the UNIQUE uuid decides between
        // concurrent uploads (a second INSERT waits for the first to commit,
        // then does nothing). Safe to retry: the same uuid cannot go in twice.
        auto r = query("store envelope " + uuid,
                       "WITH ins AS (INSERT INTO envelopes(uuid, device_id, hash, bytes, received_at) "
                       "VALUES($1, $2, $3, $4, $5) ON CONFLICT (uuid) DO NOTHING RETURNING 1), "
                       "upd AS (UPDATE devices SET last_upload_at = $5 WHERE id = $2 AND EXISTS (SELECT 1 FROM ins) "
                       "RETURNING 1) "
                       "SELECT (SELECT count(*) FROM ins)::bigint",
                       {txt(uuid), txt(device_id), txt(hash), bin(bytes), i64(wall())});
        if (!r) return r.error();
        if (r->i64(0, 0) == 1) return PutOutcome::Stored;
        return outcome_of_existing(uuid, hash);
    }

    Result<std::vector<PutOutcome>> put_envelopes(const std::vector<NewEnvelope>& batch) override {
        auto c = pool_.acquire();
        if (!c) return c.error();
        PGconn* conn = c.value();
        std::vector<PutOutcome> out;
        auto fail = [&](const std::string& what, PGresult* r) -> Result<std::vector<PutOutcome>> {
            std::string m = err(what, conn, r);
            Res(PQexec(conn, "ROLLBACK"));
            pool_.release(conn, false);
            return make_error(m);
        };
        {
            Res b(PQexec(conn, "BEGIN"));
            if (PQresultStatus(b.r) != PGRES_COMMAND_OK) return fail("begin", b.r);
        }
        const std::string now = std::to_string(wall());
        for (const auto& e : batch) {
            const std::string hash = bytes_hash(e.bytes.data(), e.bytes.size());
            Res r(send(conn,
                       "INSERT INTO envelopes(uuid, device_id, hash, bytes, received_at) VALUES($1, $2, $3, $4, $5) "
                       "ON CONFLICT (uuid) DO NOTHING RETURNING 1",
                       {txt(e.uuid), txt(e.device_id), txt(hash), bin(e.bytes), txt(now)}));
            if (PQresultStatus(r.r) != PGRES_TUPLES_OK) return fail("store envelope " + e.uuid, r.r);
            if (r.rows() == 1) {
                Res u(send(conn, "UPDATE devices SET last_upload_at = $1 WHERE id = $2", {txt(now), txt(e.device_id)}));
                if (PQresultStatus(u.r) != PGRES_COMMAND_OK) return fail("touch device " + e.device_id, u.r);
                out.push_back(PutOutcome::Stored);
                continue;
            }
            Res h(send(conn, "SELECT hash FROM envelopes WHERE uuid = $1", {txt(e.uuid)}));
            if (PQresultStatus(h.r) != PGRES_TUPLES_OK || h.rows() != 1) return fail("look up envelope " + e.uuid, h.r);
            out.push_back(h.text(0, 0) == hash ? PutOutcome::Identical : PutOutcome::Conflict);
        }
        Res commit(PQexec(conn, "COMMIT"));
        if (PQresultStatus(commit.r) != PGRES_COMMAND_OK) return fail("commit", commit.r);
        pool_.release(conn, false);
        return out;
    }

    Status record_heartbeat(const std::string& device_id, const Heartbeat& hb) override {
        auto r = query("record heartbeat of " + device_id,
                       "UPDATE devices SET last_heartbeat_at = $1, queue_depth = $2, rejected = $3, "
                       "oldest_unsent_age_s = $4, free_disk_bytes = $5, app_version = $6, content_version = $7, "
                       "last_error = $8 WHERE id = $9 RETURNING 1",
                       {i64(wall()), opt_i64(hb.queue_depth), opt_i64(hb.rejected), opt_i64(hb.oldest_unsent_age_s),
                        opt_i64(hb.free_disk_bytes), txt(hb.app_version), txt(hb.content_version), txt(hb.last_error),
                        txt(device_id)});
        if (!r) return r.error();
        if (r->rows() == 0) return make_error("no device with id " + device_id);
        return ok_status();
    }

    Status publish_content(const std::string& channel, const std::string& version,
                           const std::vector<unsigned char>& bytes) override {
        auto r = query("publish content to channel " + channel,
                       "INSERT INTO content_packs(channel, version, bytes, published_at) VALUES($1, $2, $3, $4)",
                       {txt(channel), txt(version), bin(bytes), i64(wall())}, false);
        if (!r) return r.error();
        return ok_status();
    }

    Result<std::optional<ContentPack>> latest_content(const std::string& channel) override {
        auto r = query("read content",
                       "SELECT channel, version, bytes, published_at FROM content_packs WHERE channel = $1 "
                       "ORDER BY id DESC LIMIT 1",
                       {txt(channel)});
        if (!r) return r.error();
        if (r->rows() == 0) return std::optional<ContentPack>();
        ContentPack p{r->text(0, 0), r->text(0, 1), r->bytes(0, 2), r->i64(0, 3)};
        return std::optional<ContentPack>(std::move(p));
    }

    Status for_each_envelope_since(Millis since_wall_ms,
                                   const std::function<bool(const StoredEnvelope&)>& fn) override {
        auto c = pool_.acquire();
        if (!c) return c.error();
        PGconn* conn = c.value();
        // Single-row mode: one envelope in memory at a time, however many there are.
        const std::string since = std::to_string(since_wall_ms);
        const char* values[] = {since.c_str()};
        if (!PQsendQueryParams(conn,
                               "SELECT uuid, device_id, hash, bytes, received_at FROM envelopes "
                               "WHERE received_at >= $1 ORDER BY seq",
                               1, nullptr, values, nullptr, nullptr, 1) ||
            !PQsetSingleRowMode(conn)) {
            std::string m = err("read envelopes", conn, nullptr);
            pool_.release(conn, true);
            return make_error(m);
        }
        bool stopped = false;
        std::string failure;
        while (PGresult* raw = PQgetResult(conn)) {
            Res r(raw);
            auto st = PQresultStatus(r.r);
            if (st == PGRES_SINGLE_TUPLE && !stopped && failure.empty()) {
                StoredEnvelope e{r.text(0, 0), r.text(0, 1), r.text(0, 2), r.bytes(0, 3), r.i64(0, 4)};
                if (!fn(e)) {
                    stopped = true;
                    break;  // the rest of the rows are dropped with the connection
                }
            } else if (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK && failure.empty()) {
                failure = err("read envelopes", conn, r.r);
            }
        }
        pool_.release(conn, stopped);
        if (!failure.empty()) return make_error(failure);
        return ok_status();
    }

    Result<std::int64_t> envelope_count() override {
        auto r = query("count envelopes", "SELECT count(*)::bigint FROM envelopes", {});
        if (!r) return r.error();
        return r->i64(0, 0);
    }

private:
    Millis wall() const { return clock_->wall_ms(); }

    std::string err(const std::string& what, PGconn* c, PGresult* r) const {
        return "endpoint database " + pool_.shown() + ": " + what + ": " + message_of(c, r);
    }

    // One statement on a pooled connection. A connection found broken is
    // closed and, when retry is set, the statement runs once more on a new one
    // (a restarted server, a dropped TCP connection).
    Result<Res> query(const std::string& what, const char* sql, const std::vector<Param>& params, bool retry = true) {
        for (int attempt = 0;; ++attempt) {
            auto c = pool_.acquire();
            if (!c) return c.error();
            PGconn* conn = c.value();
            Res r(send(conn, sql, params));
            auto st = PQresultStatus(r.r);
            if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
                pool_.release(conn, false);
                return r;
            }
            const bool broken = PQstatus(conn) != CONNECTION_OK;
            std::string m = err(what, conn, r.r);
            pool_.release(conn, broken);
            if (!(broken && retry && attempt == 0)) return make_error(m);
        }
    }

    Result<std::optional<DeviceRecord>> one_device(const char* column, const std::string& value) {
        auto r = query("look up device",
                       (std::string("SELECT ") + kDeviceColumns + " FROM devices WHERE " + column + " = $1").c_str(),
                       {txt(value)});
        if (!r) return r.error();
        if (r->rows() == 0) return std::optional<DeviceRecord>();
        return std::optional<DeviceRecord>(read_device(*r, 0));
    }

    Result<PutOutcome> outcome_of_existing(const std::string& uuid, const std::string& hash) {
        auto r = query("look up envelope " + uuid, "SELECT hash FROM envelopes WHERE uuid = $1", {txt(uuid)});
        if (!r) return r.error();
        if (r->rows() != 1) return make_error("endpoint database " + pool_.shown() + ": envelope " + uuid + " vanished");
        return r->text(0, 0) == hash ? PutOutcome::Identical : PutOutcome::Conflict;
    }

    Pool pool_;
    SystemClock system_clock_;
    const Clock* clock_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_pg_store(const std::string& uri, const Clock* clock, const StoreOptions& options) {
    if (options.max_connections < 2)
        return make_error("a PostgreSQL store wants at least 2 connections (an export looks devices up while it reads)");
    auto store = std::make_unique<PgStore>(uri, clock, options.max_connections);
    if (auto s = store->migrate(); !s) return s.error();
    return std::unique_ptr<Store>(std::move(store));
}

}  // namespace kiosk::endpoint
