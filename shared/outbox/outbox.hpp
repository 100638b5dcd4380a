// The outbox: where every finished answer set waits, sealed and signed, until
// the endpoint has acknowledged it. Also holds paused interviews (drafts),
// encrypted with the device's draft key. SQLite file <data_dir>/outbox.sqlite
// in WAL mode; lifecycle, data dir and threat model: shared/outbox/README.md.
//
// Thread safety: one Outbox may be shared by the UI thread and the sync
// worker. All database work goes through one connection under one mutex;
// sealing and signing in finish() run outside the lock. Several processes
// (kiosk, `kioskctl outbox list`) may open the same data dir; SQLite's file
// locks and a busy timeout keep them apart.
//
// Times in this API are wall-clock milliseconds since the Unix epoch
// (Clock::wall_ms()), because they are stored and survive restarts.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "crypto/secure_bytes.hpp"

namespace kiosk {

// What the resident's answers are, besides the answers (goes inside the
// sealed plaintext as "meta", never in clear).
struct ResponseMeta {
    std::string questionnaire;  // e.g. "howareyou-full"
    std::string version;        // e.g. "1.0.0"
    std::string variant;        // full|short|easy|youth|child|intake|effect
    std::string language;       // "nl", "en", ...
    std::int64_t duration_s = 0;
    bool assisted = false;
    std::string kind = "finished";  // finished|incomplete|paper|completion (session/completion.hpp)
    bool read_aloud = false;        // how it was filled in: read-aloud on at the end
    int text_scale_pct = 100;       // and the text size
};

enum class EnvelopeState { Queued, Sending, Acknowledged, Rejected, PendingInMemory };
const char* to_string(EnvelopeState s);

// One line of `kioskctl outbox list`: never an answer.
struct EnvelopeSummary {
    std::string uuid;
    EnvelopeState state = EnvelopeState::Queued;
    int attempts = 0;
    std::int64_t created_at = 0;       // wall ms
    std::int64_t next_attempt_at = 0;  // wall ms
    std::int64_t done_at = 0;          // acknowledged or rejected at (wall ms), 0 if not
    std::string last_error;
    std::string hash;                  // sha256 hex of the envelope bytes
    std::int64_t size = 0;             // envelope bytes
};

struct OutboxCounts {
    std::int64_t queued = 0;   // includes 'sending'
    std::int64_t sending = 0;
    std::int64_t acknowledged = 0;
    std::int64_t rejected = 0;
    std::int64_t pending_in_memory = 0;   // sealed but not yet on disk (disk full / read-only)
    std::int64_t oldest_unsent_at = 0;    // wall ms of the oldest queued/pending envelope, 0 if none
    std::int64_t drafts = 0;
};

// For the staff screen. Severity Warning: something happened but all is kept.
struct OutboxNotice {
    enum class Severity { Info, Warning, Fault } severity = Severity::Info;
    std::string message;  // one line, no answers
};

// What finish() tells the UI.
struct FinishReceipt {
    std::string uuid;
    // true: on disk (fsynced). false: sealed and kept in memory because the
    // disk is full or read-only; written by retry_pending() as soon as it can.
    // Tell the resident calmly that their answers are kept; tell staff `fault`.
    bool durable = false;
    std::string fault;  // empty when durable
};

// An envelope handed to the sync worker.
struct ClaimedEnvelope {
    std::string uuid;
    crypto::Bytes bytes;  // the envelope as it goes on the wire
    int attempts = 0;     // including this one
};

struct DraftInfo {
    std::string id;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    std::int64_t expires_at = 0;
};

struct Draft {
    DraftInfo info;
    crypto::SecureBytes response_json;  // the plaintext given to save_draft
    ResponseMeta meta;
};

class Outbox {
public:
    enum class Mode {
        Collect,    // finish() and drafts work; open fails if the device keys are missing
        DrainOnly,  // no keys needed: list, claim, mark (e.g. keys lost but envelopes left)
        ReadOnly,   // inspection (`kioskctl outbox list`): nothing written, nothing moved
    };

    // Opens (creating if needed) <data_dir>/outbox.sqlite. Runs integrity_check;
    // a corrupt file is moved aside as outbox.sqlite.corrupt-<UTC time> (never
    // deleted), a fresh one started and a Warning notice added. A data dir that
    // cannot be written (read-only, disk full) still opens in Collect mode:
    // finishes are kept in memory and a Fault notice says so.
    // Fails with a clear reason when the device keys are missing or unreadable
    // (Collect mode): the kiosk must then refuse to collect and show the reason.
    static Result<std::unique_ptr<Outbox>> open(const std::filesystem::path& data_dir, const Clock& clock,
                                                Mode mode = Mode::Collect);
    // Tries once more to write envelopes kept in memory; any still pending are
    // lost with the process (logged), so the UI must not call them stored.
    ~Outbox();
    Outbox(const Outbox&) = delete;
    Outbox& operator=(const Outbox&) = delete;

    // Start-up notices (and later faults) for the staff screen.
    std::vector<OutboxNotice> notices() const;
    // Current fault, empty when writing works (e.g. "disk full: 3 answer sets kept in memory").
    std::string fault() const;
    const std::filesystem::path& data_dir() const;
    std::string device_id() const;  // empty in DrainOnly/ReadOnly mode without device.json

    // The resident pressed "finish": wraps {"response": <response_json>, "meta": ...},
    // pads, seals to the org results key, signs, commits with synchronous=FULL,
    // wipes the plaintext. Returns once durable, or (disk full / read-only)
    // once sealed and kept in memory: see FinishReceipt. Errors only when the
    // answers cannot be sealed (invalid JSON, wrong mode); the message never
    // contains an answer. Writes any earlier pending envelopes first.
    // resumed_draft: the draft this answer set was resumed from; it is deleted
    // in the same transaction that stores the envelope, so a crash leaves the
    // draft or the envelope, never both (no second response from one interview).
    Result<FinishReceipt> finish(const std::string& response_json, const ResponseMeta& meta,
                                 const std::string& resumed_draft = "");

    // Writes envelopes kept in memory. Returns how many are still pending
    // (0 = all on disk). Call it on a timer (e.g. every 5 s) while
    // counts().pending_in_memory > 0; finish() also calls it.
    Result<std::size_t> retry_pending();

    OutboxCounts counts() const;
    std::vector<EnvelopeSummary> list() const;  // oldest first, in-memory ones last

    // ---- sync worker ----
    // The oldest queued envelope due at `now` (next_attempt_at <= now), marked
    // 'sending' with attempts + 1; nullopt when nothing is due. An envelope left
    // 'sending' (crash, lost worker) for more than 10 minutes is due again.
    Result<std::optional<ClaimedEnvelope>> claim_next(std::int64_t now);
    // The same for up to max_count envelopes in one transaction (for pipelined uploads).
    Result<std::vector<ClaimedEnvelope>> claim_batch(std::int64_t now, std::size_t max_count);
    // Earliest next_attempt_at among queued envelopes (to know how long to sleep).
    std::optional<std::int64_t> next_attempt_at() const;
    // 2xx from the endpoint: ciphertext deleted, tombstone (uuid, hash, times) kept.
    Status mark_acknowledged(const std::string& uuid);
    // Several at once in one transaction, all or nothing: an unknown uuid fails the whole call.
    Status mark_acknowledged_all(const std::vector<std::string>& uuids);
    // Transient failure: back to 'queued', due again at next_attempt_at.
    Status mark_failed(const std::string& uuid, const std::string& error, std::int64_t next_attempt_at);
    // Permanent refusal (4xx other than auth): kept with its ciphertext, not retried.
    Status mark_rejected(const std::string& uuid, const std::string& reason);
    // Staff: put a rejected envelope back in the queue.
    Status requeue(const std::string& uuid);
    // The envelope bytes, if still held (not yet acknowledged).
    Result<crypto::Bytes> envelope_bytes(const std::string& uuid) const;

    // ---- drafts (paused interviews) ----
    // response_json: the QuestionnaireResponse so far (status "in-progress").
    // Encrypted with the draft key (crypto_secretbox), committed durably.
    // Saving an existing id replaces it.
    Status save_draft(const std::string& id, const std::string& response_json, const ResponseMeta& meta,
                      std::int64_t expires_at);
    // Error if missing, expired (then it is handled as by expire_drafts) or undecryptable.
    Result<Draft> load_draft(const std::string& id);
    std::vector<DraftInfo> list_drafts() const;
    Status delete_draft(const std::string& id);
    // Drafts past expires_at are sealed as an "incomplete" response (setting
    // "expired_drafts": "seal", the default) or discarded ("discard"); either
    // way the draft row is deleted (secure_delete is on). Returns how many expired.
    Result<std::size_t> expire_drafts(std::int64_t now);

    // Schema version of the open database (for tests and `outbox list`).
    int schema_version() const;

    struct Impl;

private:
    explicit Outbox(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The current outbox schema version (PRAGMA user_version).
inline constexpr int kOutboxSchemaVersion = 1;

}  // namespace kiosk
