// Outbox implementation. The invariants that matter:
//  - an envelope is sealed and signed before it touches the database, so the
//    plaintext never reaches SQLite, its WAL or the page cache of the file;
//  - finish() commits with synchronous=FULL before it reports durable;
//  - nothing sealed is ever dropped: a failed write keeps the envelope in
//    `pending` (memory) and it is retried, and INSERT is idempotent on uuid;
//  - a corrupt file is renamed, never deleted, and readable rows are copied out.
//
// Index of this file:
// [SECTION] schema, migrations and helpers
// [SECTION] Outbox::Impl: database, sealing, recovery
// [SECTION] open and status
// [SECTION] the envelope queue
// [SECTION] drafts
//
// Why this file is long: Outbox::Impl holds the one database handle, the pending list
// and the lease rules; the envelope queue, the migrations and the drafts share that
// handle and its transaction discipline (synchronous=FULL, corrupt-file recovery).
// Kept together so the invariants above can be checked in one read.
#include "outbox/outbox.hpp"

#include "i18n/catalog.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <deque>
#include <fstream>
#include <mutex>

#include <nlohmann/json.hpp>

#include "core/utc_time.hpp"
#include "crypto/crypto.hpp"
#include "crypto/envelope.hpp"
#include "device/device.hpp"
#include "core/sqlite.hpp"

namespace kiosk {

namespace fs = std::filesystem;

const char* to_string(EnvelopeState s) {
    switch (s) {
        case EnvelopeState::Queued: return "queued";
        case EnvelopeState::Sending: return "sending";
        case EnvelopeState::Acknowledged: return "acknowledged";
        case EnvelopeState::Rejected: return "rejected";
        case EnvelopeState::PendingInMemory: return "pending-in-memory";
    }
    return "?";
}

namespace {

// [SECTION] schema, migrations and helpers
constexpr std::int64_t kSendingLeaseMs = 10 * 60 * 1000;
constexpr int kBusyTimeoutMs = 5000;

// Migrations: kMigrations[i] takes the schema from version i to i + 1.
// Never edit a released step; add a new one and bump kOutboxSchemaVersion.
const char* const kMigrations[] = {
    R"sql(
    CREATE TABLE envelopes (
        seq INTEGER PRIMARY KEY,       -- rows are never deleted (tombstones), so seq only grows
        uuid TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'acknowledged', 'rejected')),
        envelope BLOB,                 -- NULL once acknowledged (tombstone)
        size INTEGER NOT NULL,
        hash TEXT NOT NULL,            -- sha256 hex of the envelope bytes
        created_at INTEGER NOT NULL,   -- wall ms
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL DEFAULT 0,
        sending_since INTEGER,
        last_error TEXT,
        done_at INTEGER                -- acknowledged or rejected at
    );
    -- claim_next and counts() read only this index (never a table scan over the ciphertext):
    CREATE INDEX envelopes_by_state ON envelopes (state, seq, next_attempt_at);
    CREATE TABLE drafts (
        id TEXT PRIMARY KEY,
        box BLOB NOT NULL,             -- crypto_secretbox(meta JSON "\n" response JSON), nonce first
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
    );
    )sql",
};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kOutboxSchemaVersion);

EnvelopeState state_from(const std::string& s) {
    if (s == "sending") return EnvelopeState::Sending;
    if (s == "acknowledged") return EnvelopeState::Acknowledged;
    if (s == "rejected") return EnvelopeState::Rejected;
    return EnvelopeState::Queued;
}

nlohmann::json meta_json(const ResponseMeta& m) {
    return {{"questionnaire", m.questionnaire}, {"version", m.version},   {"variant", m.variant},
            {"language", m.language},           {"duration_s", m.duration_s}, {"assisted", m.assisted},
            {"kind", m.kind},
            {"read_aloud", m.read_aloud},         {"text_scale_pct", m.text_scale_pct}};
}

ResponseMeta meta_from(const nlohmann::json& j) {
    ResponseMeta m;
    m.questionnaire = j.value("questionnaire", "");
    m.version = j.value("version", "");
    m.variant = j.value("variant", "");
    m.language = j.value("language", "");
    m.duration_s = j.value("duration_s", std::int64_t{0});
    m.assisted = j.value("assisted", false);
    m.kind = j.value("kind", "finished");
    m.read_aloud = j.value("read_aloud", false);
    m.text_scale_pct = j.value("text_scale_pct", 100);
    return m;
}

void append(crypto::SecureBytes& out, std::string_view s) { out.insert(out.end(), s.begin(), s.end()); }

struct Pending {
    std::string uuid;
    crypto::Bytes bytes;
    std::string hash;
    std::int64_t created_at = 0;
    std::string draft_id;  // an expired or resumed draft: deleted in the same transaction
};

enum class OpenState { Ok, Corrupt, Unavailable };

}  // namespace

// [SECTION] Outbox::Impl: database, sealing, recovery
struct Outbox::Impl {
    fs::path data_dir;
    fs::path db_path;
    const Clock& clock;
    Mode mode;
    std::optional<DeviceIdentity> identity;  // Collect mode only
    std::string device_id;
    std::string expired_drafts_policy = "seal";

    mutable std::mutex mu;
    sql::Db db;
    std::vector<OutboxNotice> notices;
    std::string fault;
    std::deque<Pending> pending;
    int schema = 0;

    Impl(fs::path dir, const Clock& c, Mode m) : data_dir(std::move(dir)), clock(c), mode(m) {
        db_path = data_dir / "outbox.sqlite";
    }
    ~Impl() { close_db(); }

    void close_db() { db.close(); }

    void log(const std::string& line) const {
        // Best effort: staff audit trail. Never answers (only ids, states, errors).
        std::error_code ec;
        fs::create_directories(data_dir / "logs", ec);
        std::ofstream f(data_dir / "logs" / "outbox.log", std::ios::app);
        if (f) f << crypto::rfc3339_utc(clock.wall_ms()) << ' ' << line << '\n';
    }

    void notice(OutboxNotice::Severity sev, const std::string& msg) {
        notices.push_back({sev, msg});
        log(msg);
    }

    // Opens and checks the database. On Corrupt/Unavailable `why` says why.
    OpenState open_db(std::string& why) {
        close_db();
        const bool ro = mode == Mode::ReadOnly;
        int flags = ro ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        if (!ro) {
            // 0600 whatever the umask: SQLite gives -wal and -shm the main file's mode.
            int fd = ::open(db_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
            struct stat st{};
            if (fd >= 0) ::close(fd);
            else if (::stat(db_path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077)) ::chmod(db_path.c_str(), 0600);
        }
        if (auto o = db.open(db_path.string(), flags | SQLITE_OPEN_FULLMUTEX); !o.ok()) {
            why = "cannot open " + db_path.string() + ": " + o.message;
            return sql::is_corruption(o.code) ? OpenState::Corrupt : OpenState::Unavailable;
        }
        sqlite3_extended_result_codes(db.get(), 1);
        sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
        if (!ro && sqlite3_db_readonly(db.get(), "main") == 1) {
            why = db_path.string() + " is read-only (data dir not writable)";
            close_db();
            return OpenState::Unavailable;
        }
        auto fail = [&](const sql::Outcome& o, const std::string& what) {
            why = what + ": " + o.message;
            OpenState st = sql::is_corruption(o.code) ? OpenState::Corrupt : OpenState::Unavailable;
            close_db();
            return st;
        };
        if (!ro) {
            sql::Stmt wal(db, "PRAGMA journal_mode=WAL");
            int s = wal.step();
            if (s != SQLITE_ROW) return fail(wal.last(), "cannot switch " + db_path.string() + " to WAL");
            if (wal.col_text(0) != "wal") {
                why = "cannot switch " + db_path.string() + " to WAL (got " + wal.col_text(0) + ")";
                close_db();
                return OpenState::Unavailable;
            }
        }
        {
            sql::Stmt check(db, "PRAGMA integrity_check");
            std::string problems;
            int s;
            while ((s = check.step()) == SQLITE_ROW) {
                std::string row = check.col_text(0);
                if (row != "ok") problems += (problems.empty() ? "" : "; ") + row;
            }
            if (s != SQLITE_DONE) return fail(check.last(), "integrity_check of " + db_path.string() + " failed");
            if (!problems.empty()) {
                if (problems.size() > 300) problems = problems.substr(0, 300) + "...";
                why = "integrity_check of " + db_path.string() + ": " + problems;
                close_db();
                return OpenState::Corrupt;
            }
        }
        if (auto o = sql::exec(db, "PRAGMA secure_delete=ON; PRAGMA synchronous=NORMAL;"); !o.ok())
            return fail(o, "cannot configure " + db_path.string());
        {
            sql::Stmt v(db, "PRAGMA user_version");
            if (v.step() != SQLITE_ROW) return fail(v.last(), "cannot read schema version of " + db_path.string());
            schema = static_cast<int>(v.col_int(0));
        }
        if (schema > kOutboxSchemaVersion) {
            why = db_path.string() + " has schema version " + std::to_string(schema) +
                  ", newer than this app understands (" + std::to_string(kOutboxSchemaVersion) +
                  "); update the app (the file is left as it is)";
            close_db();
            return OpenState::Unavailable;
        }
        if (ro) return OpenState::Ok;
        while (schema < kOutboxSchemaVersion) {
            std::string step = std::string("BEGIN IMMEDIATE;") + kMigrations[schema] +
                               "PRAGMA user_version=" + std::to_string(schema + 1) + "; COMMIT;";
            if (auto o = sql::exec(db, step.c_str()); !o.ok()) {
                sql::exec(db, "ROLLBACK");
                return fail(o, "cannot migrate " + db_path.string() + " to schema version " + std::to_string(schema + 1));
            }
            ++schema;
        }
        return OpenState::Ok;
    }

    // Renames the database and its -wal/-shm to <name>.corrupt-<stamp>; returns the new main path.
    Result<fs::path> move_aside() {
        std::string base = db_path.string() + ".corrupt-" + format_utc(clock.wall_ms(), "%Y%m%dT%H%M%SZ");
        std::string target = base;
        std::error_code ec;
        for (int i = 2; fs::exists(target, ec) || fs::exists(target + "-wal", ec); ++i)
            target = base + "-" + std::to_string(i);
        for (const char* suffix : {"", "-wal", "-shm"}) {
            fs::path from = db_path.string() + suffix;
            if (!fs::exists(from, ec)) continue;
            if (::rename(from.c_str(), (target + suffix).c_str()) != 0)
                return make_error("cannot move " + from.string() + " aside: " + std::strerror(errno));
        }
        return fs::path(target);
    }

    // Copies envelopes that can still be read out of a moved-aside file, row by
    // row: a damaged page ends a table scan, so we first learn which row ids
    // exist (ascending and descending scans, each until it fails, plus the uuid
    // index), then read every row id in that range on its own. A row comes back
    // only when its bytes match its stored hash, parse, name its own uuid and
    // verify with the device key; a damaged row stays in the aside file.
    std::size_t salvage(const fs::path& aside) {
        sql::Db old;
        if (!old.open(aside.string(), SQLITE_OPEN_READONLY).ok()) return 0;
        std::size_t saved = 0;
        {
            std::optional<crypto::Bytes> device_pk;
            if (identity) device_pk = identity->config.device_signing_public_key;
            else if (auto cfg = read_device_config(data_dir)) device_pk = cfg->device_signing_public_key;
            std::int64_t lo = INT64_MAX, hi = 0;
            auto learn = [&](const char* sql) {
                sql::Stmt ids(old, sql);
                for (int n = 0; n < 10'000'000 && ids.step() == SQLITE_ROW; ++n) {
                    const std::int64_t id = ids.col_int(0);
                    lo = std::min(lo, id);
                    hi = std::max(hi, id);
                }
            };
            learn("SELECT seq FROM envelopes ORDER BY seq");
            learn("SELECT seq FROM envelopes ORDER BY seq DESC");
            learn("SELECT seq FROM envelopes INDEXED BY sqlite_autoindex_envelopes_1");
            if (lo > hi) lo = hi = 0;
            // Row ids only grow by one per envelope; a gap this wide means a wrong bound.
            hi = std::min(hi, lo + 10'000'000);
            for (std::int64_t id = std::max<std::int64_t>(lo, 1); id <= hi; ++id) {
                sql::Stmt row(old, "SELECT uuid, hash, envelope, created_at FROM envelopes WHERE seq=?");
                row.bind(1, id);
                if (row.step() != SQLITE_ROW) continue;
                Pending p;
                p.uuid = row.col_text(0);
                p.bytes = row.col_blob(2);
                if (p.bytes.empty()) continue;  // a tombstone: already delivered
                p.created_at = row.col_int(3);
                p.hash = crypto::sha256_hex(p.bytes.data(), p.bytes.size());
                auto parsed = crypto::parse_envelope(p.bytes);
                if (!parsed || parsed->header.uuid != p.uuid || p.hash != row.col_text(1)) continue;
                if (device_pk && !crypto::verify_envelope(p.bytes, *device_pk).ok()) continue;
                if (insert_locked(p).ok()) ++saved;
            }
        }
        return saved;
    }

    // Full start-up sequence; sets notices/fault. Returns false if the DB is unusable.
    bool connect(bool at_startup) {
        std::string why;
        OpenState st = open_db(why);
        if (st == OpenState::Corrupt && mode != Mode::ReadOnly) {
            auto aside = move_aside();
            if (!aside) {
                fault = i18n::said("msg.outbox.corrupt-stuck", {{"e", aside.error().message}});
                notice(OutboxNotice::Severity::Fault, fault);
                return false;
            }
            std::string again;
            st = open_db(again);
            if (st != OpenState::Ok) {
                fault = i18n::said("msg.outbox.corrupt-no-fresh", {{"path", aside->string()}, {"e", again}});
                notice(OutboxNotice::Severity::Fault, fault);
                return false;
            }
            std::size_t saved = salvage(*aside);
            notice(OutboxNotice::Severity::Warning,
                   i18n::said("msg.outbox.corrupt-salvaged",
                              {{"why", why}, {"path", aside->string()}, {"n", std::to_string(saved)}}));
        } else if (st != OpenState::Ok) {
            fault = mode == Mode::ReadOnly ? why : i18n::said("msg.outbox.cannot-write", {{"e", why}});
            fault_reason = fault;
            if (at_startup || fault != last_logged_fault) notice(OutboxNotice::Severity::Fault, fault);
            last_logged_fault = fault;
            return false;
        }
        if (pending.empty() && !fault.empty()) {
            notice(OutboxNotice::Severity::Info, "outbox database can be written again");
            fault.clear();
            fault_reason.clear();
            last_logged_fault.clear();
        }
        if (mode != Mode::ReadOnly && at_startup) {
            // A crash or a killed sync worker leaves 'sending' rows; the endpoint is idempotent.
            sql::exec(db, "UPDATE envelopes SET state='queued', sending_since=NULL WHERE state='sending'");
        }
        return true;
    }
    std::string last_logged_fault;

    // One durable transaction: the envelope row (and removal of the draft it came from).
    sql::Outcome insert_locked(const Pending& p) {
        if (!db) return {SQLITE_CANTOPEN, "no database"};
        // synchronous=FULL only around the commit that makes an answer set durable;
        // state changes from sync can be NORMAL (a lost ack just means one more idempotent PUT).
        sql::exec(db, "PRAGMA synchronous=FULL");
        auto o = sql::exec(db, "BEGIN IMMEDIATE");
        if (o.ok()) {
            sql::Stmt ins(db, "INSERT OR IGNORE INTO envelopes (uuid, state, envelope, size, hash, created_at) "
                              "VALUES (?1, 'queued', ?2, ?3, ?4, ?5)");
            ins.bind(1, p.uuid).bind_blob(2, p.bytes.data(), p.bytes.size())
                .bind(3, static_cast<std::int64_t>(p.bytes.size())).bind(4, p.hash).bind(5, p.created_at);
            if (ins.step() != SQLITE_DONE) o = ins.last();
            if (o.ok()) {
                // Already there (a retry after a commit whose error was reported late): same bytes or a bug.
                sql::Stmt chk(db, "SELECT hash FROM envelopes WHERE uuid = ?1");
                chk.bind(1, p.uuid);
                if (chk.step() != SQLITE_ROW) o = chk.last();
                else if (chk.col_text(0) != p.hash) o = {SQLITE_CONSTRAINT, "uuid " + p.uuid + " already used by other bytes"};
            }
            if (o.ok() && !p.draft_id.empty()) {
                sql::Stmt del(db, "DELETE FROM drafts WHERE id = ?1");
                del.bind(1, p.draft_id);
                if (del.step() != SQLITE_DONE) o = del.last();
            }
            if (o.ok()) o = sql::exec(db, "COMMIT");
            if (!o.ok()) sql::exec(db, "ROLLBACK");
        }
        sql::exec(db, "PRAGMA synchronous=NORMAL");
        return o;
    }

    // Writes pending envelopes in order; stops at the first failure.
    void flush_pending_locked() {
        if (pending.empty()) return;
        if (!db && !connect(false)) return;
        while (!pending.empty()) {
            auto o = insert_locked(pending.front());
            if (!o.ok()) {
                set_write_fault(o);
                return;
            }
            log("written from memory " + pending.front().uuid);
            pending.pop_front();
        }
        if (!fault.empty()) {
            notice(OutboxNotice::Severity::Info, "disk writable again: all answer sets kept in memory are now stored");
            fault.clear();
            fault_reason.clear();
            last_logged_fault.clear();
        }
    }

    void set_write_fault(const sql::Outcome& o) {
        int primary = o.code & 0xff;
        fault_reason = primary == SQLITE_FULL       ? i18n::said("msg.outbox.disk-full")
                       : primary == SQLITE_READONLY ? i18n::said("msg.outbox.read-only")
                                                    : i18n::said("msg.outbox.disk-error", {{"e", o.message}});
        refresh_fault();
        // After an I/O or read-only error the connection may be stuck; reopen on the next try.
        if (primary != SQLITE_FULL && primary != SQLITE_BUSY) close_db();
    }

    void refresh_fault() {
        if (fault_reason.empty()) fault_reason = fault.empty() ? i18n::said("msg.outbox.disk-error", {{"e", "?"}}) : fault;
        fault = i18n::said("msg.outbox.in-memory", {{"why", fault_reason}, {"n", std::to_string(pending.size())}});
        if (fault != last_logged_fault) notice(OutboxNotice::Severity::Fault, fault);
        last_logged_fault = fault;
    }
    std::string fault_reason;

    Result<Pending> seal(const std::string& response_json, const ResponseMeta& meta) {
        if (mode != Mode::Collect || !identity) return make_error("outbox was not opened for collecting answers");
        if (!nlohmann::json::accept(response_json))
            return make_error("response is not valid JSON (nothing was stored)");
        Pending p;
        p.uuid = crypto::uuid_v4();
        crypto::SecureBytes plain;
        plain.reserve(response_json.size() + 256);
        // The uuid goes inside the sealed box too: a ciphertext re-signed under
        // another uuid is refused at export (crypto::check_bound_uuid).
        append(plain, "{\"envelope_uuid\":\"" + p.uuid + "\",\"response\":");
        append(plain, response_json);
        append(plain, ",\"meta\":");
        append(plain, meta_json(meta).dump());
        append(plain, "}");
        p.created_at = clock.wall_ms();
        crypto::EnvelopeHeader h;
        h.uuid = p.uuid;
        h.device_id = identity->config.device_id;
        h.created_at = crypto::rfc3339_utc(p.created_at);
        h.key_id = identity->config.org.key_id;
        auto env = crypto::make_envelope(h, plain.data(), plain.size(), identity->config.org.results_public_key,
                                         identity->signing_secret_key);
        // `plain` is wiped by its allocator when it goes out of scope here.
        if (!env) return env.error();
        p.bytes = std::move(*env);
        p.hash = crypto::sha256_hex(p.bytes.data(), p.bytes.size());
        return p;
    }

    FinishReceipt store(Pending p) {
        std::lock_guard lock(mu);
        FinishReceipt r;
        r.uuid = p.uuid;
        flush_pending_locked();
        if (pending.empty() && (db || connect(false))) {
            auto o = insert_locked(p);
            if (o.ok()) {
                r.durable = true;
                return r;
            }
            pending.push_back(std::move(p));
            set_write_fault(o);
        } else {
            pending.push_back(std::move(p));
            refresh_fault();  // keeps the count in the staff message current
        }
        log("kept in memory " + r.uuid);
        r.fault = fault;
        return r;
    }

    Status need_db() const {
        if (!db) return make_error(fault.empty() ? "outbox database is not open" : fault);
        return ok_status();
    }

    Status update_one(const char* sql_text, const std::string& uuid, std::int64_t a, const std::string* text,
                      std::int64_t b = 0) {
        std::lock_guard lock(mu);
        if (auto s = need_db(); !s) return s;
        if (mode == Mode::ReadOnly) return make_error("outbox opened read-only");
        sql::Stmt exists(db, "SELECT state FROM envelopes WHERE uuid = ?1");
        exists.bind(1, uuid);
        int rc = exists.step();
        if (rc == SQLITE_DONE) return make_error("no envelope " + uuid + " in the outbox");
        if (rc != SQLITE_ROW) return make_error("outbox: " + exists.last().message);
        sql::Stmt st(db, sql_text);
        st.bind(1, uuid).bind(2, a).bind(4, b);
        if (text) st.bind(3, *text);
        else st.bind_null(3);
        if (st.step() != SQLITE_DONE) return make_error("outbox: cannot update " + uuid + ": " + st.last().message);
        return ok_status();
    }
};

// [SECTION] open and status
Outbox::Outbox(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Outbox::~Outbox() {
    if (!impl_) return;
    std::lock_guard lock(impl_->mu);
    // Last chance for answers still held in memory (disk full / read-only).
    impl_->flush_pending_locked();
    if (!impl_->pending.empty())
        impl_->log("shutting down with " + std::to_string(impl_->pending.size()) +
                   " sealed answer set(s) that could not be written: " + impl_->fault_reason);
}

Result<std::unique_ptr<Outbox>> Outbox::open(const fs::path& data_dir, const Clock& clock, Mode mode) {
    if (auto s = crypto::init(); !s) return s.error();
    auto impl = std::make_unique<Impl>(data_dir, clock, mode);
    if (mode == Mode::Collect) {
        auto id = load_device_identity(data_dir);
        if (!id) return make_error("cannot collect answers: " + id.error().message);
        impl->identity = std::move(*id);
        impl->device_id = impl->identity->config.device_id;
        if (auto p = impl->identity->config.settings.find("expired_drafts");
            p != impl->identity->config.settings.end() && p->is_string())
            impl->expired_drafts_policy = p->get<std::string>() == "discard" ? "discard" : "seal";
        if (impl->identity->config.demo)
            impl->notices.push_back({OutboxNotice::Severity::Warning, i18n::said("msg.outbox.demo")});
    } else if (auto cfg = read_device_config(data_dir)) {
        impl->device_id = cfg->device_id;
    }
    std::error_code ec;
    if (mode == Mode::ReadOnly) {
        if (!fs::exists(impl->db_path, ec)) return std::unique_ptr<Outbox>(new Outbox(std::move(impl)));
    } else {
        fs::create_directories(data_dir, ec);
    }
    bool ok = impl->connect(true);
    if (!ok && mode != Mode::Collect) return make_error(impl->fault);
    // Collect mode keeps going without a database: answers are kept in memory (see FinishReceipt).
    return std::unique_ptr<Outbox>(new Outbox(std::move(impl)));
}

std::vector<OutboxNotice> Outbox::notices() const {
    std::lock_guard lock(impl_->mu);
    return impl_->notices;
}
std::string Outbox::fault() const {
    std::lock_guard lock(impl_->mu);
    return impl_->fault;
}
const fs::path& Outbox::data_dir() const { return impl_->data_dir; }
std::string Outbox::device_id() const { return impl_->device_id; }
int Outbox::schema_version() const {
    std::lock_guard lock(impl_->mu);
    return impl_->schema;
}

// [SECTION] the envelope queue
Result<FinishReceipt> Outbox::finish(const std::string& response_json, const ResponseMeta& meta,
                                     const std::string& resumed_draft) {
    auto sealed = impl_->seal(response_json, meta);
    if (!sealed) return sealed.error();
    sealed->draft_id = resumed_draft;
    return impl_->store(std::move(*sealed));
}

Result<std::size_t> Outbox::retry_pending() {
    std::lock_guard lock(impl_->mu);
    impl_->flush_pending_locked();
    return impl_->pending.size();
}

OutboxCounts Outbox::counts() const {
    std::lock_guard lock(impl_->mu);
    OutboxCounts c;
    c.pending_in_memory = static_cast<std::int64_t>(impl_->pending.size());
    if (!impl_->pending.empty()) c.oldest_unsent_at = impl_->pending.front().created_at;
    if (!impl_->db) return c;
    // Index-only: the UI may ask often.
    sql::Stmt st(impl_->db, "SELECT state, count(*) FROM envelopes INDEXED BY envelopes_by_state GROUP BY state");
    while (st.step() == SQLITE_ROW) {
        auto state = st.col_text(0);
        auto n = st.col_int(1);
        if (state == "queued" || state == "sending") c.queued += n;
        if (state == "sending") c.sending = n;
        if (state == "acknowledged") c.acknowledged = n;
        if (state == "rejected") c.rejected = n;
    }
    for (const char* state : {"queued", "sending"}) {
        sql::Stmt oldest(impl_->db, "SELECT created_at FROM envelopes WHERE state = ?1 ORDER BY seq LIMIT 1");
        oldest.bind(1, std::string(state));
        if (oldest.step() == SQLITE_ROW) {
            auto t = oldest.col_int(0);
            if (c.oldest_unsent_at == 0 || t < c.oldest_unsent_at) c.oldest_unsent_at = t;
        }
    }
    sql::Stmt d(impl_->db, "SELECT count(*) FROM drafts");
    if (d.step() == SQLITE_ROW) c.drafts = d.col_int(0);
    return c;
}

std::vector<EnvelopeSummary> Outbox::list() const {
    std::lock_guard lock(impl_->mu);
    std::vector<EnvelopeSummary> out;
    if (impl_->db) {
        sql::Stmt st(impl_->db,
                     "SELECT uuid, state, attempts, created_at, next_attempt_at, coalesce(done_at, 0), "
                     "coalesce(last_error, ''), hash, size FROM envelopes ORDER BY seq");
        while (st.step() == SQLITE_ROW) {
            EnvelopeSummary s;
            s.uuid = st.col_text(0);
            s.state = state_from(st.col_text(1));
            s.attempts = static_cast<int>(st.col_int(2));
            s.created_at = st.col_int(3);
            s.next_attempt_at = st.col_int(4);
            s.done_at = st.col_int(5);
            s.last_error = st.col_text(6);
            s.hash = st.col_text(7);
            s.size = st.col_int(8);
            out.push_back(std::move(s));
        }
    }
    for (const auto& p : impl_->pending) {
        EnvelopeSummary s;
        s.uuid = p.uuid;
        s.state = EnvelopeState::PendingInMemory;
        s.created_at = p.created_at;
        s.last_error = impl_->fault;
        s.hash = p.hash;
        s.size = static_cast<std::int64_t>(p.bytes.size());
        out.push_back(std::move(s));
    }
    return out;
}

Result<std::optional<ClaimedEnvelope>> Outbox::claim_next(std::int64_t now) {
    auto batch = claim_batch(now, 1);
    if (!batch) return batch.error();
    if (batch->empty()) return std::optional<ClaimedEnvelope>{};
    return std::optional<ClaimedEnvelope>{std::move(batch->front())};
}

Result<std::vector<ClaimedEnvelope>> Outbox::claim_batch(std::int64_t now, std::size_t max_count) {
    std::lock_guard lock(impl_->mu);
    if (auto s = impl_->need_db(); !s) return s.error();
    if (impl_->mode == Mode::ReadOnly) return make_error("outbox opened read-only");
    sqlite3* db = impl_->db.get();
    if (auto o = sql::exec(db, "BEGIN IMMEDIATE"); !o.ok()) return make_error("outbox: " + o.message);
    std::vector<ClaimedEnvelope> claimed;
    sql::Outcome err;
    // Two indexed queries rather than one with OR (which would scan every row):
    // stale 'sending' rows first (rare), then the oldest due 'queued' ones.
    const char* queries[] = {
        "SELECT seq, uuid, envelope, attempts FROM envelopes "
        "WHERE state = 'sending' AND sending_since <= ?1 ORDER BY seq LIMIT ?2",
        "SELECT seq, uuid, envelope, attempts FROM envelopes "
        "WHERE state = 'queued' AND next_attempt_at <= ?1 ORDER BY seq LIMIT ?2",
    };
    std::int64_t since[] = {now - kSendingLeaseMs, now};
    std::vector<std::int64_t> seqs;
    for (int q = 0; q < 2 && err.ok() && claimed.size() < max_count; ++q) {
        sql::Stmt pick(db, queries[q]);
        pick.bind(1, since[q]).bind(2, static_cast<std::int64_t>(max_count - claimed.size()));
        int rc;
        while ((rc = pick.step()) == SQLITE_ROW) {
            ClaimedEnvelope c;
            seqs.push_back(pick.col_int(0));
            c.uuid = pick.col_text(1);
            c.bytes = pick.col_blob(2);
            c.attempts = static_cast<int>(pick.col_int(3)) + 1;
            claimed.push_back(std::move(c));
        }
        if (rc != SQLITE_DONE) err = pick.last();
    }
    for (std::int64_t seq : seqs) {
        if (!err.ok()) break;
        sql::Stmt up(db, "UPDATE envelopes SET state = 'sending', attempts = attempts + 1, sending_since = ?2 "
                         "WHERE seq = ?1");
        up.bind(1, seq).bind(2, now);
        if (up.step() != SQLITE_DONE) err = up.last();
    }
    if (err.ok()) err = sql::exec(db, "COMMIT");
    if (!err.ok()) {
        sql::exec(db, "ROLLBACK");
        return make_error("outbox: cannot claim envelopes: " + err.message);
    }
    return claimed;
}

std::optional<std::int64_t> Outbox::next_attempt_at() const {
    std::lock_guard lock(impl_->mu);
    if (!impl_->db) return std::nullopt;
    sql::Stmt st(impl_->db, "SELECT min(next_attempt_at) FROM envelopes WHERE state = 'queued'");
    if (st.step() != SQLITE_ROW || st.col_null(0)) return std::nullopt;
    return st.col_int(0);
}

Status Outbox::mark_acknowledged(const std::string& uuid) {
    std::int64_t now = impl_->clock.wall_ms();
    // secure_delete overwrites the freed ciphertext pages; the row stays as the tombstone.
    return impl_->update_one("UPDATE envelopes SET state = 'acknowledged', envelope = NULL, last_error = ?3, "
                             "done_at = coalesce(done_at, ?2), sending_since = NULL, next_attempt_at = ?4 "
                             "WHERE uuid = ?1",
                             uuid, now, nullptr, 0);
}

Status Outbox::mark_acknowledged_all(const std::vector<std::string>& uuids) {
    std::unique_lock lock(impl_->mu);
    if (auto s = impl_->need_db(); !s) return s;
    if (impl_->mode == Mode::ReadOnly) return make_error("outbox opened read-only");
    sqlite3* db = impl_->db.get();
    std::int64_t now = impl_->clock.wall_ms();
    if (auto o = sql::exec(db, "BEGIN IMMEDIATE"); !o.ok()) return make_error("outbox: " + o.message);
    std::string problem;
    for (const auto& uuid : uuids) {
        sql::Stmt st(db, "UPDATE envelopes SET state = 'acknowledged', envelope = NULL, last_error = NULL, "
                         "done_at = coalesce(done_at, ?2), sending_since = NULL, next_attempt_at = 0 WHERE uuid = ?1");
        st.bind(1, uuid).bind(2, now);
        if (st.step() != SQLITE_DONE) problem = "outbox: cannot update " + uuid + ": " + st.last().message;
        else if (sqlite3_changes(db) == 0) problem = "no envelope " + uuid + " in the outbox";
        if (!problem.empty()) break;
    }
    if (problem.empty()) {
        if (auto o = sql::exec(db, "COMMIT"); !o.ok()) problem = "outbox: " + o.message;
    }
    if (!problem.empty()) {
        sql::exec(db, "ROLLBACK");
        return make_error(problem);
    }
    return ok_status();
}

Status Outbox::mark_failed(const std::string& uuid, const std::string& error, std::int64_t next_attempt_at) {
    // An acknowledged envelope stays acknowledged (a late failure report must not resurrect it).
    return impl_->update_one("UPDATE envelopes SET state = 'queued', last_error = ?3, next_attempt_at = ?2, "
                             "sending_since = NULL WHERE uuid = ?1 AND state IN ('queued', 'sending')",
                             uuid, next_attempt_at, &error, 0);
}

Status Outbox::mark_rejected(const std::string& uuid, const std::string& reason) {
    std::int64_t now = impl_->clock.wall_ms();
    return impl_->update_one("UPDATE envelopes SET state = 'rejected', last_error = ?3, done_at = ?2, "
                             "sending_since = NULL WHERE uuid = ?1 AND state IN ('queued', 'sending')",
                             uuid, now, &reason, 0);
}

Status Outbox::requeue(const std::string& uuid) {
    return impl_->update_one("UPDATE envelopes SET state = 'queued', next_attempt_at = ?2, done_at = NULL, "
                             "last_error = ?3 WHERE uuid = ?1 AND state = 'rejected'",
                             uuid, 0, nullptr, 0);
}

Result<crypto::Bytes> Outbox::envelope_bytes(const std::string& uuid) const {
    std::lock_guard lock(impl_->mu);
    for (const auto& p : impl_->pending)
        if (p.uuid == uuid) return p.bytes;
    if (auto s = impl_->need_db(); !s) return s.error();
    sql::Stmt st(impl_->db, "SELECT envelope FROM envelopes WHERE uuid = ?1");
    st.bind(1, uuid);
    int rc = st.step();
    if (rc == SQLITE_DONE) return make_error("no envelope " + uuid + " in the outbox");
    if (rc != SQLITE_ROW) return make_error("outbox: " + st.last().message);
    if (st.col_null(0)) return make_error("envelope " + uuid + " was acknowledged; only its tombstone is kept");
    return st.col_blob(0);
}

// [SECTION] drafts

Status Outbox::save_draft(const std::string& id, const std::string& response_json, const ResponseMeta& meta,
                          std::int64_t expires_at) {
    if (impl_->mode != Mode::Collect || !impl_->identity) return make_error("outbox was not opened for collecting answers");
    if (id.empty() || id.size() > 200) return make_error("draft id must be 1-200 characters");
    if (!nlohmann::json::accept(response_json)) return make_error("draft " + id + ": response is not valid JSON");
    crypto::SecureBytes plain;
    append(plain, meta_json(meta).dump());
    append(plain, "\n");
    append(plain, response_json);
    crypto::Bytes box = crypto::secretbox(plain.data(), plain.size(), impl_->identity->draft_key);
    std::int64_t now = impl_->clock.wall_ms();
    std::lock_guard lock(impl_->mu);
    if (!impl_->db && !impl_->connect(false)) return make_error("cannot save draft: " + impl_->fault);
    sql::exec(impl_->db, "PRAGMA synchronous=FULL");
    sql::Stmt st(impl_->db, "INSERT INTO drafts (id, box, created_at, updated_at, expires_at) VALUES (?1, ?2, ?3, ?3, ?4) "
                            "ON CONFLICT (id) DO UPDATE SET box = excluded.box, updated_at = excluded.updated_at, "
                            "expires_at = excluded.expires_at");
    st.bind(1, id).bind_blob(2, box.data(), box.size()).bind(3, now).bind(4, expires_at);
    int rc = st.step();
    sql::exec(impl_->db, "PRAGMA synchronous=NORMAL");
    if (rc != SQLITE_DONE) return make_error("cannot save draft " + id + ": " + st.last().message);
    return ok_status();
}

Result<Draft> Outbox::load_draft(const std::string& id) {
    if (impl_->mode != Mode::Collect || !impl_->identity) return make_error("outbox was not opened for collecting answers");
    crypto::Bytes box;
    Draft d;
    {
        std::lock_guard lock(impl_->mu);
        if (auto s = impl_->need_db(); !s) return s.error();
        sql::Stmt st(impl_->db, "SELECT box, created_at, updated_at, expires_at FROM drafts WHERE id = ?1");
        st.bind(1, id);
        int rc = st.step();
        if (rc == SQLITE_DONE) return make_error("no draft " + id);
        if (rc != SQLITE_ROW) return make_error("cannot read draft " + id + ": " + st.last().message);
        box = st.col_blob(0);
        d.info = {id, st.col_int(1), st.col_int(2), st.col_int(3)};
    }
    if (d.info.expires_at <= impl_->clock.wall_ms()) {
        (void)expire_drafts(impl_->clock.wall_ms());
        return make_error("draft " + id + " has expired");
    }
    auto plain = crypto::secretbox_open(box.data(), box.size(), impl_->identity->draft_key);
    if (!plain) return make_error("draft " + id + ": " + plain.error().message);
    auto nl = std::find(plain->begin(), plain->end(), '\n');
    if (nl == plain->end()) return make_error("draft " + id + " is damaged");
    auto meta = nlohmann::json::parse(plain->begin(), nl, nullptr, false);
    if (meta.is_discarded() || !meta.is_object()) return make_error("draft " + id + " is damaged");
    d.meta = meta_from(meta);
    d.response_json.assign(nl + 1, plain->end());
    return d;
}

std::vector<DraftInfo> Outbox::list_drafts() const {
    std::lock_guard lock(impl_->mu);
    std::vector<DraftInfo> out;
    if (!impl_->db) return out;
    sql::Stmt st(impl_->db, "SELECT id, created_at, updated_at, expires_at FROM drafts ORDER BY created_at");
    while (st.step() == SQLITE_ROW) out.push_back({st.col_text(0), st.col_int(1), st.col_int(2), st.col_int(3)});
    return out;
}

Status Outbox::delete_draft(const std::string& id) {
    std::lock_guard lock(impl_->mu);
    if (auto s = impl_->need_db(); !s) return s;
    sql::Stmt st(impl_->db, "DELETE FROM drafts WHERE id = ?1");
    st.bind(1, id);
    if (st.step() != SQLITE_DONE) return make_error("cannot delete draft " + id + ": " + st.last().message);
    return ok_status();
}

Result<std::size_t> Outbox::expire_drafts(std::int64_t now) {
    if (impl_->mode != Mode::Collect || !impl_->identity) return make_error("outbox was not opened for collecting answers");
    struct Expired {
        std::string id;
        crypto::Bytes box;
    };
    std::vector<Expired> expired;
    {
        std::lock_guard lock(impl_->mu);
        if (auto s = impl_->need_db(); !s) return s.error();
        sql::Stmt st(impl_->db, "SELECT id, box FROM drafts WHERE expires_at <= ?1");
        st.bind(1, now);
        while (st.step() == SQLITE_ROW) expired.push_back({st.col_text(0), st.col_blob(1)});
    }
    std::size_t done = 0;
    for (auto& e : expired) {
        bool seal = impl_->expired_drafts_policy == "seal";
        std::optional<Pending> sealed;
        if (seal) {
            auto plain = crypto::secretbox_open(e.box.data(), e.box.size(), impl_->identity->draft_key);
            auto nl = plain ? std::find(plain->begin(), plain->end(), '\n') : crypto::SecureBytes::iterator{};
            if (plain && nl != plain->end()) {
                auto mj = nlohmann::json::parse(plain->begin(), nl, nullptr, false);
                ResponseMeta meta = mj.is_object() ? meta_from(mj) : ResponseMeta{};
                meta.kind = "incomplete";
                std::string response(nl + 1, plain->end());
                auto p = impl_->seal(response, meta);
                crypto::wipe(response);
                if (p) sealed = std::move(*p);
            }
            if (!sealed) {
                std::lock_guard lock(impl_->mu);
                impl_->notice(OutboxNotice::Severity::Warning,
                              "expired draft " + e.id + " could not be decrypted with this device's draft key; discarded");
            }
        }
        std::lock_guard lock(impl_->mu);
        if (!impl_->db) return make_error(impl_->fault);
        if (sealed) {
            sealed->draft_id = e.id;  // envelope in and draft out in one transaction
            auto o = impl_->insert_locked(*sealed);
            if (!o.ok()) return make_error("cannot seal expired draft " + e.id + ": " + o.message);
            impl_->log("expired draft " + e.id + " sealed as incomplete " + sealed->uuid);
        } else {
            sql::Stmt del(impl_->db, "DELETE FROM drafts WHERE id = ?1");
            del.bind(1, e.id);
            if (del.step() != SQLITE_DONE) return make_error("cannot discard expired draft " + e.id + ": " + del.last().message);
            impl_->log("expired draft " + e.id + " discarded");
        }
        ++done;
    }
    return done;
}

}  // namespace kiosk
