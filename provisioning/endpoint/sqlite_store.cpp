// The endpoint's store in one SQLite file (WAL, synchronous=FULL): the embedded default.
#include "endpoint/store.hpp"

#include <limits>

#include <sqlite3.h>

#include "core/sqlite.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace kiosk::endpoint {

namespace {

constexpr int kSchemaVersion = 1;

const char* kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS devices(
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  signing_public_key BLOB NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  revoked INTEGER NOT NULL DEFAULT 0,
  enrolled_at INTEGER NOT NULL,
  revoked_at INTEGER,
  last_upload_at INTEGER,
  last_heartbeat_at INTEGER,
  queue_depth INTEGER,
  rejected INTEGER,
  oldest_unsent_age_s INTEGER,
  free_disk_bytes INTEGER,
  app_version TEXT,
  content_version TEXT,
  last_error TEXT,
  replaces TEXT,
  key_registered_at INTEGER);
CREATE TABLE IF NOT EXISTS envelopes(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid TEXT NOT NULL UNIQUE,
  device_id TEXT NOT NULL,
  hash TEXT NOT NULL,
  bytes BLOB NOT NULL,
  received_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS content_packs(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  channel TEXT NOT NULL,
  version TEXT NOT NULL,
  bytes BLOB NOT NULL,
  published_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS content_packs_channel ON content_packs(channel, id);
)SQL";

// A connection (core/sqlite: closes once, cannot be copied) that knows its
// path, so errors become messages naming the db.
struct Db : sql::Db {
    std::string path;
    std::string err(const std::string& what) const { return "endpoint database " + path + ": " + what + ": " + errmsg(); }
    Status exec(const char* sql) {
        if (auto o = sql::exec(*this, sql); !o.ok()) return make_error("endpoint database " + path + ": " + o.message);
        return ok_status();
    }
};

using sql::Stmt;

Result<std::unique_ptr<Db>> open_db(const std::filesystem::path& path) {
    auto db = std::make_unique<Db>();
    db->path = path.string();
    if (auto o = db->open(db->path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX); !o.ok())
        return make_error("endpoint database " + db->path + ": cannot open: " + o.message);
    sqlite3_busy_timeout(db->get(), 10000);
    // WAL lets readers (auth lookups, `kioskctl devices`) run beside the
    // writer; synchronous=FULL makes every commit durable before we answer 201.
    if (auto s = db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
        !s.ok())
        return s.error();
    return db;
}

const char* kDeviceColumns =
    "id, name, signing_public_key, revoked, enrolled_at, last_heartbeat_at, last_upload_at, "
    "queue_depth, rejected, oldest_unsent_age_s, free_disk_bytes, app_version, content_version, "
    "last_error, replaces, revoked_at, key_registered_at";

DeviceRecord read_device(const Stmt& st) {
    DeviceRecord d;
    d.id = st.col_text(0);
    d.name = st.col_text(1);
    d.signing_public_key = st.col_blob(2);
    d.revoked = st.col_int_or(3, 0) != 0;
    d.enrolled_at = st.col_int_or(4, 0);
    d.last_heartbeat_at = st.col_int_or(5, 0);
    d.last_upload_at = st.col_int_or(6, 0);
    d.last.queue_depth = st.col_int_or(7, -1);
    d.last.rejected = st.col_int_or(8, -1);
    d.last.oldest_unsent_age_s = st.col_int_or(9, -1);
    d.last.free_disk_bytes = st.col_int_or(10, -1);
    d.last.app_version = st.col_text(11);
    d.last.content_version = st.col_text(12);
    d.last.last_error = st.col_text(13);
    d.replaces = st.col_text(14);
    d.revoked_at = st.col_int_or(15, 0);
    d.key_registered_at = st.col_int_or(16, 0);
    return d;
}

struct SqliteImpl {
    std::filesystem::path path;
    SystemClock system_clock;
    const Clock* clock = nullptr;

    // The writer: one connection, one transaction at a time.
    std::mutex write_mutex;
    std::unique_ptr<Db> writer;

    // Readers: a small pool so auth lookups never queue behind a commit.
    std::mutex pool_mutex;
    std::vector<std::unique_ptr<Db>> readers;

    // Group commit: puts queue here; whoever finds no leader becomes the
    // leader and commits everything queued in one transaction.
    struct PendingPut {
        const std::string* uuid = nullptr;
        const std::string* device_id = nullptr;
        const std::vector<unsigned char>* bytes = nullptr;
        std::string hash;
        bool done = false;
        std::optional<Result<PutOutcome>> result;
    };
    std::mutex queue_mutex;
    std::condition_variable queue_cv;
    std::deque<PendingPut*> queue;
    bool leader_active = false;

    // Checkpoints run on their own thread and connection, so a commit (and
    // the devices waiting for its 201) never pays for copying the WAL back.
    std::unique_ptr<Db> checkpointer;
    std::thread checkpoint_thread;
    std::mutex checkpoint_mutex;
    std::condition_variable checkpoint_cv;
    int wal_frames = 0;
    bool stopping = false;

    static int on_wal_commit(void* self, sqlite3*, const char*, int frames) {
        auto* impl = static_cast<SqliteImpl*>(self);
        if (frames >= 1000) {
            std::lock_guard lock(impl->checkpoint_mutex);
            impl->wal_frames = frames;
            impl->checkpoint_cv.notify_one();
        }
        return SQLITE_OK;
    }

    void checkpoint_loop() {
        std::unique_lock lock(checkpoint_mutex);
        while (!stopping) {
            checkpoint_cv.wait_for(lock, std::chrono::seconds(5), [&] { return stopping || wal_frames > 0; });
            if (stopping) break;
            wal_frames = 0;
            lock.unlock();
            sqlite3_wal_checkpoint_v2(checkpointer->get(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
            lock.lock();
        }
    }

    ~SqliteImpl() {
        {
            std::lock_guard lock(checkpoint_mutex);
            stopping = true;
        }
        checkpoint_cv.notify_all();
        if (checkpoint_thread.joinable()) checkpoint_thread.join();
        if (writer) sqlite3_wal_hook(writer->get(), nullptr, nullptr);
    }

    Millis wall() const { return clock->wall_ms(); }

    Result<std::unique_ptr<Db>> acquire_reader() {
        {
            std::lock_guard lock(pool_mutex);
            if (!readers.empty()) {
                auto db = std::move(readers.back());
                readers.pop_back();
                return db;
            }
        }
        return open_db(path);
    }
    void release_reader(std::unique_ptr<Db> db) {
        std::lock_guard lock(pool_mutex);
        if (readers.size() < 16) readers.push_back(std::move(db));
    }

    template <typename Fn>
    auto with_reader(Fn&& fn) -> decltype(fn(std::declval<Db&>())) {
        auto db = acquire_reader();
        if (!db.ok()) return db.error();
        auto r = fn(*db.value());
        release_reader(std::move(db.value()));
        return r;
    }

    void commit_batch(std::vector<PendingPut*>& batch) {
        std::lock_guard lock(write_mutex);
        Db& db = *writer;
        auto fail_all = [&](const std::string& msg) {
            for (auto* p : batch) p->result = Result<PutOutcome>(make_error(msg));
        };
        if (auto s = db.exec("BEGIN IMMEDIATE"); !s.ok()) {
            fail_all(s.error().message);
            return;
        }
        Stmt find(db, "SELECT hash FROM envelopes WHERE uuid = ?");
        Stmt insert(db,
                    "INSERT INTO envelopes(uuid, device_id, hash, bytes, received_at) VALUES(?,?,?,?,?)");
        Stmt touch(db, "UPDATE devices SET last_upload_at = ? WHERE id = ?");
        if (!find || !insert || !touch) {
            fail_all(db.err("prepare"));
            (void)db.exec("ROLLBACK");
            return;
        }
        const Millis now = wall();
        for (auto* p : batch) {
            find.reset();
            find.bind(1, *p->uuid);
            int rc = find.step();
            if (rc == SQLITE_ROW) {
                p->result = find.col_text(0) == p->hash ? PutOutcome::Identical : PutOutcome::Conflict;
                continue;
            }
            if (rc != SQLITE_DONE) {
                p->result = Result<PutOutcome>(make_error(db.err("lookup envelope")));
                continue;
            }
            insert.reset();
            insert.bind(1, *p->uuid).bind(2, *p->device_id).bind(3, p->hash).bind_bytes(4, *p->bytes).bind(5, now);
            if (insert.step() != SQLITE_DONE) {
                p->result = Result<PutOutcome>(make_error(db.err("store envelope")));
                continue;
            }
            touch.reset();
            touch.bind(1, now).bind(2, *p->device_id);
            (void)touch.step();
            p->result = PutOutcome::Stored;
        }
        if (auto s = db.exec("COMMIT"); !s.ok()) {
            (void)db.exec("ROLLBACK");
            fail_all(s.error().message);
        }
    }
};


// One SQLite file (WAL, synchronous=FULL): the embedded default.
class SqliteStore final : public Store {
public:
    explicit SqliteStore(std::unique_ptr<SqliteImpl> impl) : impl_(std::move(impl)) {}
    const char* kind() const override { return "sqlite"; }
    Result<int> schema_version() override;
    Status add_device(const DeviceRecord& device, const std::string& token_hash_hex) override;
    Status revoke_device(const std::string& device_id) override;
    Result<KeyOutcome> register_signing_key(const std::string& device_id,
                                            const std::vector<unsigned char>& public_key) override;
    Result<std::optional<DeviceRecord>> device_by_token_hash(const std::string& token_hash_hex) override;
    Result<std::optional<DeviceRecord>> device_by_id(const std::string& device_id) override;
    Result<std::vector<DeviceRecord>> devices() override;
    Result<PutOutcome> put_envelope(const std::string& uuid, const std::string& device_id,
                                    const std::vector<unsigned char>& bytes) override;
    Result<std::vector<PutOutcome>> put_envelopes(const std::vector<NewEnvelope>& batch) override;
    Status record_heartbeat(const std::string& device_id, const Heartbeat& hb) override;
    Status publish_content(const std::string& channel, const std::string& version,
                           const std::vector<unsigned char>& bytes) override;
    Result<std::optional<ContentPack>> latest_content(const std::string& channel) override;
    Status for_each_envelope_since(Millis since_wall_ms,
                                   const std::function<bool(const StoredEnvelope&)>& fn) override;
    Result<std::int64_t> envelope_count() override;

private:
    std::unique_ptr<SqliteImpl> impl_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& db_path, const Clock* clock) {
    auto impl = std::make_unique<SqliteImpl>();
    impl->path = db_path;
    impl->clock = clock ? clock : &impl->system_clock;
    auto w = open_db(db_path);
    if (!w.ok()) return w.error();
    impl->writer = std::move(w.value());
    auto cp = open_db(db_path);
    if (!cp.ok()) return cp.error();
    impl->checkpointer = std::move(cp.value());
    if (auto s = impl->writer->exec(kSchema); !s.ok()) return s.error();
    {
        // Databases made before re-enrollment existed lack devices.replaces.
        Stmt cols(*impl->writer, "SELECT 1 FROM pragma_table_info('devices') WHERE name = 'replaces'");
        if (!cols) return make_error(impl->writer->err("read the devices table"));
        if (cols.step() != SQLITE_ROW)
            if (auto s = impl->writer->exec("ALTER TABLE devices ADD COLUMN replaces TEXT"); !s.ok()) return s.error();
    }
    {
        // ... and those made before devices registered their own keys (enrollment v2).
        Stmt cols(*impl->writer, "SELECT 1 FROM pragma_table_info('devices') WHERE name = 'key_registered_at'");
        if (!cols) return make_error(impl->writer->err("read the devices table"));
        if (cols.step() != SQLITE_ROW)
            if (auto s = impl->writer->exec("ALTER TABLE devices ADD COLUMN key_registered_at INTEGER"); !s.ok())
                return s.error();
    }
    {
        Stmt st(*impl->writer, "SELECT value FROM meta WHERE key = 'schema_version'");
        if (!st) return make_error(impl->writer->err("read schema version"));
        if (st.step() == SQLITE_ROW) {
            if (std::stoi(st.col_text(0)) > kSchemaVersion)
                return make_error("endpoint database " + db_path.string() +
                                  ": made by a newer version (schema " + st.col_text(0) + ")");
        } else {
            Stmt ins(*impl->writer, "INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', ?)");
            if (!ins) return make_error(impl->writer->err("prepare"));
            ins.bind(1, std::to_string(kSchemaVersion));
            if (ins.step() != SQLITE_DONE) return make_error(impl->writer->err("write schema version"));
        }
    }
    // sqlite3_wal_hook replaces the automatic checkpoint on this connection.
    sqlite3_wal_hook(impl->writer->get(), &SqliteImpl::on_wal_commit, impl.get());
    impl->checkpoint_thread = std::thread([p = impl.get()] { p->checkpoint_loop(); });
    return std::unique_ptr<Store>(new SqliteStore(std::move(impl)));
}

Result<int> SqliteStore::schema_version() {
    return impl_->with_reader([&](Db& db) -> Result<int> {
        Stmt st(db, "SELECT value FROM meta WHERE key = 'schema_version'");
        if (!st || st.step() != SQLITE_ROW) return make_error(db.err("read schema version"));
        return std::stoi(st.col_text(0));
    });
}

Status SqliteStore::add_device(const DeviceRecord& device, const std::string& token_hash_hex) {
    std::lock_guard lock(impl_->write_mutex);
    Db& db = *impl_->writer;
    Stmt st(db,
            "INSERT INTO devices(id, name, signing_public_key, token_hash, revoked, enrolled_at, replaces) "
            "VALUES(?,?,?,?,0,?,?)");
    if (!st) return make_error(db.err("prepare"));
    st.bind(1, device.id).bind(2, device.name).bind_bytes(3, device.signing_public_key).bind(4, token_hash_hex);
    st.bind(5, device.enrolled_at ? device.enrolled_at : impl_->wall());
    if (device.replaces.empty()) st.bind_null(6);
    else st.bind(6, device.replaces);
    if (st.step() != SQLITE_DONE) return make_error(db.err("add device " + device.id));
    return ok_status();
}

Status SqliteStore::revoke_device(const std::string& device_id) {
    std::lock_guard lock(impl_->write_mutex);
    Db& db = *impl_->writer;
    Stmt st(db, "UPDATE devices SET revoked = 1, revoked_at = ? WHERE id = ?");
    if (!st) return make_error(db.err("prepare"));
    st.bind(1, impl_->wall()).bind(2, device_id);
    if (st.step() != SQLITE_DONE) return make_error(db.err("revoke device " + device_id));
    if (sqlite3_changes(db.get()) == 0) return make_error("no device with id " + device_id + " in " + db.path);
    return ok_status();
}

Result<KeyOutcome> SqliteStore::register_signing_key(const std::string& device_id,
                                               const std::vector<unsigned char>& public_key) {
    if (public_key.size() != 32) return make_error("a signing key is 32 bytes");
    std::lock_guard lock(impl_->write_mutex);
    Db& db = *impl_->writer;
    // Only a device without a key gets one: the WHERE makes it first-come, even
    // against another process writing the same database.
    Stmt set(db,
             "UPDATE devices SET signing_public_key = ?, key_registered_at = ? "
             "WHERE id = ? AND length(signing_public_key) = 0");
    if (!set) return make_error(db.err("prepare"));
    set.bind_bytes(1, public_key).bind(2, impl_->wall()).bind(3, device_id);
    if (set.step() != SQLITE_DONE) return make_error(db.err("register signing key of " + device_id));
    if (sqlite3_changes(db.get()) == 1) return KeyOutcome::Registered;
    Stmt get(db, "SELECT signing_public_key FROM devices WHERE id = ?");
    if (!get) return make_error(db.err("prepare"));
    get.bind(1, device_id);
    int rc = get.step();
    if (rc == SQLITE_DONE) return make_error("no device with id " + device_id + " in " + db.path);
    if (rc != SQLITE_ROW) return make_error(db.err("read signing key of " + device_id));
    return get.col_blob(0) == public_key ? KeyOutcome::Same : KeyOutcome::Conflict;
}

Result<std::optional<DeviceRecord>> SqliteStore::device_by_token_hash(const std::string& token_hash_hex) {
    return impl_->with_reader([&](Db& db) -> Result<std::optional<DeviceRecord>> {
        Stmt st(db, (std::string("SELECT ") + kDeviceColumns + " FROM devices WHERE token_hash = ?").c_str());
        if (!st) return make_error(db.err("prepare"));
        st.bind(1, token_hash_hex);
        int rc = st.step();
        if (rc == SQLITE_ROW) return std::optional<DeviceRecord>(read_device(st));
        if (rc == SQLITE_DONE) return std::optional<DeviceRecord>();
        return make_error(db.err("look up device"));
    });
}

Result<std::optional<DeviceRecord>> SqliteStore::device_by_id(const std::string& device_id) {
    return impl_->with_reader([&](Db& db) -> Result<std::optional<DeviceRecord>> {
        Stmt st(db, (std::string("SELECT ") + kDeviceColumns + " FROM devices WHERE id = ?").c_str());
        if (!st) return make_error(db.err("prepare"));
        st.bind(1, device_id);
        int rc = st.step();
        if (rc == SQLITE_ROW) return std::optional<DeviceRecord>(read_device(st));
        if (rc == SQLITE_DONE) return std::optional<DeviceRecord>();
        return make_error(db.err("look up device"));
    });
}

Result<std::vector<DeviceRecord>> SqliteStore::devices() {
    return impl_->with_reader([&](Db& db) -> Result<std::vector<DeviceRecord>> {
        Stmt st(db, (std::string("SELECT ") + kDeviceColumns +
                     " FROM devices ORDER BY revoked ASC, COALESCE(last_heartbeat_at, 0) ASC, name ASC")
                        .c_str());
        if (!st) return make_error(db.err("prepare"));
        std::vector<DeviceRecord> out;
        int rc;
        while ((rc = st.step()) == SQLITE_ROW) out.push_back(read_device(st));
        if (rc != SQLITE_DONE) return make_error(db.err("list devices"));
        return out;
    });
}

Result<PutOutcome> SqliteStore::put_envelope(const std::string& uuid, const std::string& device_id,
                                       const std::vector<unsigned char>& bytes) {
    SqliteImpl::PendingPut me;
    me.uuid = &uuid;
    me.device_id = &device_id;
    me.bytes = &bytes;
    me.hash = bytes_hash(bytes.data(), bytes.size());
    std::unique_lock lock(impl_->queue_mutex);
    impl_->queue.push_back(&me);
    while (!me.done) {
        if (!impl_->leader_active) {
            // Lead: commit everything queued so far (including ours) in one go.
            impl_->leader_active = true;
            while (!impl_->queue.empty()) {
                std::vector<SqliteImpl::PendingPut*> batch(impl_->queue.begin(), impl_->queue.end());
                impl_->queue.clear();
                lock.unlock();
                impl_->commit_batch(batch);
                lock.lock();
                for (auto* p : batch) p->done = true;
                impl_->queue_cv.notify_all();
            }
            impl_->leader_active = false;
            impl_->queue_cv.notify_all();
        } else {
            impl_->queue_cv.wait(lock);
        }
    }
    return std::move(*me.result);
}

Result<std::vector<PutOutcome>> SqliteStore::put_envelopes(const std::vector<NewEnvelope>& batch) {
    std::vector<SqliteImpl::PendingPut> puts(batch.size());
    std::vector<SqliteImpl::PendingPut*> ptrs;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        puts[i].uuid = &batch[i].uuid;
        puts[i].device_id = &batch[i].device_id;
        puts[i].bytes = &batch[i].bytes;
        puts[i].hash = bytes_hash(batch[i].bytes.data(), batch[i].bytes.size());
        ptrs.push_back(&puts[i]);
    }
    impl_->commit_batch(ptrs);
    std::vector<PutOutcome> out;
    for (auto& p : puts) {
        if (!p.result || !p.result->ok()) return p.result ? p.result->error() : make_error("envelope not stored");
        out.push_back(p.result->value());
    }
    return out;
}

Status SqliteStore::record_heartbeat(const std::string& device_id, const Heartbeat& hb) {
    std::lock_guard lock(impl_->write_mutex);
    Db& db = *impl_->writer;
    Stmt st(db,
            "UPDATE devices SET last_heartbeat_at = ?, queue_depth = ?, rejected = ?, "
            "oldest_unsent_age_s = ?, free_disk_bytes = ?, app_version = ?, content_version = ?, "
            "last_error = ? WHERE id = ?");
    if (!st) return make_error(db.err("prepare"));
    st.bind(1, impl_->wall());
    auto opt_i64 = [&](int i, std::int64_t v) {
        if (v < 0) st.bind_null(i);
        else st.bind(i, v);
    };
    opt_i64(2, hb.queue_depth);
    opt_i64(3, hb.rejected);
    opt_i64(4, hb.oldest_unsent_age_s);
    opt_i64(5, hb.free_disk_bytes);
    st.bind(6, hb.app_version).bind(7, hb.content_version).bind(8, hb.last_error).bind(9, device_id);
    if (st.step() != SQLITE_DONE) return make_error(db.err("record heartbeat of " + device_id));
    if (sqlite3_changes(db.get()) == 0) return make_error("no device with id " + device_id);
    return ok_status();
}

Status SqliteStore::publish_content(const std::string& channel, const std::string& version,
                              const std::vector<unsigned char>& bytes) {
    std::lock_guard lock(impl_->write_mutex);
    Db& db = *impl_->writer;
    Stmt st(db, "INSERT INTO content_packs(channel, version, bytes, published_at) VALUES(?,?,?,?)");
    if (!st) return make_error(db.err("prepare"));
    st.bind(1, channel).bind(2, version).bind_bytes(3, bytes).bind(4, impl_->wall());
    if (st.step() != SQLITE_DONE) return make_error(db.err("publish content to channel " + channel));
    return ok_status();
}

Result<std::optional<ContentPack>> SqliteStore::latest_content(const std::string& channel) {
    return impl_->with_reader([&](Db& db) -> Result<std::optional<ContentPack>> {
        Stmt st(db,
                "SELECT channel, version, bytes, published_at FROM content_packs WHERE channel = ? "
                "ORDER BY id DESC LIMIT 1");
        if (!st) return make_error(db.err("prepare"));
        st.bind(1, channel);
        int rc = st.step();
        if (rc == SQLITE_DONE) return std::optional<ContentPack>();
        if (rc != SQLITE_ROW) return make_error(db.err("read content"));
        ContentPack p{st.col_text(0), st.col_text(1), st.col_blob(2), st.col_int_or(3, 0)};
        return std::optional<ContentPack>(std::move(p));
    });
}

Status SqliteStore::for_each_envelope_since(Millis since_wall_ms, const std::function<bool(const StoredEnvelope&)>& fn) {
    return impl_->with_reader([&](Db& db) -> Status {
        // One row at a time: memory stays flat however many envelopes there are.
        Stmt st(db, "SELECT uuid, device_id, hash, bytes, received_at FROM envelopes WHERE received_at >= ? ORDER BY seq");
        if (!st) return make_error(db.err("prepare"));
        st.bind(1, since_wall_ms);
        int rc;
        while ((rc = st.step()) == SQLITE_ROW) {
            StoredEnvelope e{st.col_text(0), st.col_text(1), st.col_text(2), st.col_blob(3), st.col_int_or(4, 0)};
            if (!fn(e)) return ok_status();
        }
        if (rc != SQLITE_DONE) return make_error(db.err("read envelopes"));
        return ok_status();
    });
}

Result<std::int64_t> SqliteStore::envelope_count() {
    return impl_->with_reader([&](Db& db) -> Result<std::int64_t> {
        Stmt st(db, "SELECT COUNT(*) FROM envelopes");
        if (!st || st.step() != SQLITE_ROW) return make_error(db.err("count envelopes"));
        return st.col_int_or(0, 0);
    });
}

}  // namespace kiosk::endpoint
