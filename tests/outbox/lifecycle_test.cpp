// The envelope lifecycle the sync worker drives, drafts, keys and start-up.
#include <catch2/catch.hpp>

#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "crypto/envelope.hpp"
#include "outbox_test_util.hpp"

using namespace kiosk;
using kiosk::test::TempDir;

namespace {

// Reads one integer/text cell straight from the database file (not through the Outbox).
std::string sql_text(const std::filesystem::path& db_path, const std::string& query) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    std::string out = "<none>";
    if (sqlite3_prepare_v2(db, query.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        out = sqlite3_column_type(st, 0) == SQLITE_NULL ? "NULL"
                                                        : reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

}  // namespace

TEST_CASE("the sync worker drains: claim then fail with backoff then acknowledge leaves a tombstone", "[outbox][lifecycle]") {
    TempDir tmp("life");
    auto e = test::enroll_fresh(tmp.path());
    ManualClock clock;
    auto ob = Outbox::open(e.data_dir, clock);
    REQUIRE(ob.ok());
    auto& o = **ob;
    auto a = o.finish(test::response_with("a"), test::sample_meta());
    clock.advance(1000);
    auto b = o.finish(test::response_with("b"), test::sample_meta());
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(o.counts().queued == 2);
    CHECK(o.counts().oldest_unsent_at == clock.wall_ms() - 1000);

    std::int64_t now = clock.wall_ms();
    auto c1 = o.claim_next(now);
    REQUIRE(c1.ok());
    REQUIRE(c1->has_value());
    CHECK((*c1)->uuid == a->uuid);  // oldest first
    CHECK((*c1)->attempts == 1);
    CHECK((*c1)->bytes == *o.envelope_bytes(a->uuid));
    CHECK(o.counts().sending == 1);

    REQUIRE(o.mark_failed(a->uuid, "HTTP 503 from endpoint", now + 60'000).ok());
    auto c2 = o.claim_next(now);
    REQUIRE(c2->has_value());
    CHECK((*c2)->uuid == b->uuid);  // a is not due yet
    CHECK_FALSE(o.claim_next(now)->has_value());
    CHECK(o.next_attempt_at() == now + 60'000);

    REQUIRE(o.mark_acknowledged(b->uuid).ok());
    auto c3 = o.claim_next(now + 60'000);
    REQUIRE(c3->has_value());
    CHECK((*c3)->uuid == a->uuid);
    CHECK((*c3)->attempts == 2);
    REQUIRE(o.mark_acknowledged(a->uuid).ok());
    REQUIRE(o.mark_acknowledged(a->uuid).ok());  // idempotent (a duplicate 200)

    auto counts = o.counts();
    CHECK(counts.queued == 0);
    CHECK(counts.acknowledged == 2);
    CHECK(counts.oldest_unsent_at == 0);
    // Tombstone: uuid, hash and times stay; the ciphertext is gone.
    auto db = e.data_dir / "outbox.sqlite";
    CHECK(sql_text(db, "SELECT envelope FROM envelopes WHERE uuid = '" + a->uuid + "'") == "NULL");
    CHECK(sql_text(db, "SELECT length(hash) FROM envelopes WHERE uuid = '" + a->uuid + "'") == "64");
    CHECK(sql_text(db, "SELECT done_at > 0 AND created_at > 0 FROM envelopes WHERE uuid = '" + a->uuid + "'") == "1");
    CHECK_FALSE(o.envelope_bytes(a->uuid).ok());
    auto list = o.list();
    REQUIRE(list.size() == 2);
    CHECK(list[0].state == EnvelopeState::Acknowledged);
    CHECK(list[0].attempts == 2);
    CHECK(list[0].last_error.empty());
    CHECK(list[0].hash.size() == 64);
    // A late failure report must not resurrect an acknowledged envelope.
    REQUIRE(o.mark_failed(a->uuid, "timeout", now).ok());
    CHECK(o.counts().acknowledged == 2);
    CHECK_FALSE(o.mark_acknowledged("00000000-0000-4000-8000-000000000000").ok());
}

TEST_CASE("batch claim and batch acknowledge for pipelined uploads", "[outbox][lifecycle]") {
    TempDir tmp("batch");
    auto e = test::enroll_fresh(tmp.path());
    ManualClock clock;
    auto ob = Outbox::open(e.data_dir, clock);
    REQUIRE(ob.ok());
    std::vector<std::string> uuids;
    for (int i = 0; i < 5; ++i) uuids.push_back((*ob)->finish(test::response_with("b"), test::sample_meta())->uuid);
    auto batch = (*ob)->claim_batch(clock.wall_ms(), 3);
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 3);
    CHECK((*batch)[0].uuid == uuids[0]);
    CHECK((*batch)[2].uuid == uuids[2]);
    CHECK((*ob)->counts().sending == 3);
    auto bad = (*ob)->mark_acknowledged_all({uuids[0], "00000000-0000-4000-8000-000000000000"});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message == "no envelope 00000000-0000-4000-8000-000000000000 in the outbox");
    CHECK((*ob)->counts().acknowledged == 0);  // all or nothing
    REQUIRE((*ob)->mark_acknowledged_all({uuids[0], uuids[1], uuids[2]}).ok());
    CHECK((*ob)->counts().acknowledged == 3);
    auto rest = (*ob)->claim_batch(clock.wall_ms(), 10);
    REQUIRE(rest->size() == 2);
    CHECK((*rest)[0].uuid == uuids[3]);
    CHECK((*ob)->claim_batch(clock.wall_ms(), 10)->empty());
}

TEST_CASE("a rejected envelope keeps its ciphertext and can be requeued", "[outbox][lifecycle]") {
    TempDir tmp("reject");
    auto e = test::enroll_fresh(tmp.path());
    ManualClock clock;
    auto ob = Outbox::open(e.data_dir, clock);
    REQUIRE(ob.ok());
    auto r = (*ob)->finish(test::response_with("x"), test::sample_meta());
    REQUIRE((*ob)->claim_next(clock.wall_ms())->has_value());
    REQUIRE((*ob)->mark_rejected(r->uuid, "HTTP 409: same uuid, other bytes").ok());
    CHECK((*ob)->counts().rejected == 1);
    CHECK_FALSE((*ob)->claim_next(clock.wall_ms() + 1'000'000)->has_value());
    CHECK((*ob)->envelope_bytes(r->uuid).ok());
    CHECK((*ob)->list()[0].last_error == "HTTP 409: same uuid, other bytes");
    REQUIRE((*ob)->requeue(r->uuid).ok());
    CHECK((*ob)->claim_next(clock.wall_ms())->has_value());
}

TEST_CASE("an envelope left sending by a crash is sent again after a restart", "[outbox][lifecycle]") {
    TempDir tmp("sending");
    auto e = test::enroll_fresh(tmp.path());
    ManualClock clock;
    std::string uuid;
    {
        auto ob = Outbox::open(e.data_dir, clock);
        uuid = (*ob)->finish(test::response_with("x"), test::sample_meta())->uuid;
        REQUIRE((*ob)->claim_next(clock.wall_ms())->has_value());
    }
    auto ob = Outbox::open(e.data_dir, clock);
    auto c = (*ob)->claim_next(clock.wall_ms());
    REQUIRE(c->has_value());
    CHECK((*c)->uuid == uuid);
    CHECK((*c)->attempts == 2);
}

TEST_CASE("the UI thread finishing and the sync thread draining share one outbox safely", "[outbox][lifecycle]") {
    TempDir tmp("threads");
    auto e = test::enroll_fresh(tmp.path());
    SystemClock clock;
    auto ob = Outbox::open(e.data_dir, clock);
    REQUIRE(ob.ok());
    auto& o = **ob;
    constexpr int kCount = 60;
    std::set<std::string> finished, acked;
    std::atomic<bool> done{false};
    std::thread ui([&] {
        for (int i = 0; i < kCount; ++i) {
            auto r = o.finish(test::response_with("t" + std::to_string(i)), test::sample_meta());
            if (r.ok() && r->durable) finished.insert(r->uuid);
        }
        done = true;
    });
    std::thread sync([&] {
        for (;;) {
            auto c = o.claim_next(clock.wall_ms());
            if (c.ok() && c->has_value()) {
                if (o.mark_acknowledged((*c)->uuid).ok()) acked.insert((*c)->uuid);
            } else if (!done) {
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            } else {
                auto again = o.claim_next(clock.wall_ms());
                if (!(again.ok() && again->has_value())) break;
                if (o.mark_acknowledged((*again)->uuid).ok()) acked.insert((*again)->uuid);
            }
        }
    });
    ui.join();
    sync.join();
    CHECK(finished.size() == kCount);
    CHECK(acked == finished);
    CHECK(o.counts().acknowledged == kCount);
}

TEST_CASE("drafts are encrypted and load back and expire into a sealed incomplete response", "[outbox][drafts]") {
    TempDir tmp("drafts");
    auto e = test::enroll_fresh(tmp.path());
    ManualClock clock;
    auto ob = Outbox::open(e.data_dir, clock);
    REQUIRE(ob.ok());
    auto& o = **ob;
    const std::string marker = "DRAFTMARKER-halverwege-gestopt";
    auto meta = test::sample_meta();
    meta.kind = "finished";
    REQUIRE(o.save_draft("visit-42", test::response_with(marker), meta, clock.wall_ms() + 3'600'000).ok());
    CHECK(test::files_containing(e.data_dir, marker).empty());
    CHECK(o.counts().drafts == 1);

    auto d = o.load_draft("visit-42");
    REQUIRE(d.ok());
    CHECK(std::string(crypto::as_view(d->response_json)) == test::response_with(marker));
    CHECK(d->meta.questionnaire == "howareyou-full");
    CHECK(d->info.expires_at == clock.wall_ms() + 3'600'000);
    REQUIRE(o.list_drafts().size() == 1);
    CHECK(o.list_drafts()[0].id == "visit-42");

    // Saving again replaces it (the interview moved on).
    REQUIRE(o.save_draft("visit-42", test::response_with(marker + "-2"), meta, clock.wall_ms() + 3'600'000).ok());
    CHECK(o.list_drafts().size() == 1);

    CHECK(*o.expire_drafts(clock.wall_ms()) == 0);
    clock.advance(3'600'001);
    auto expired = o.load_draft("visit-42");
    REQUIRE_FALSE(expired.ok());
    CHECK(expired.error().message == "draft visit-42 has expired");
    CHECK(o.list_drafts().empty());
    // Sealed as an incomplete response, never left readable.
    REQUIRE(o.counts().queued == 1);
    auto env = o.envelope_bytes(o.list()[0].uuid);
    auto plain = nlohmann::json::parse(test::open_with_org(e, *env));
    CHECK(plain["meta"]["kind"] == "incomplete");
    CHECK(plain["response"]["item"].back()["answer"][0]["valueString"] == marker + "-2");
}

TEST_CASE("expired drafts are discarded when the setting says so", "[outbox][drafts]") {
    TempDir tmp("discard");
    auto e = test::enroll_fresh(tmp.path());
    auto cfg = read_device_config(e.data_dir);
    cfg->settings["expired_drafts"] = "discard";
    REQUIRE(write_device_config(*cfg, e.data_dir).ok());
    ManualClock clock;
    auto ob = Outbox::open(e.data_dir, clock);
    REQUIRE((*ob)->save_draft("a", test::response_with("m"), test::sample_meta(), clock.wall_ms() + 10).ok());
    REQUIRE((*ob)->save_draft("b", test::response_with("m"), test::sample_meta(), clock.wall_ms() + 1000).ok());
    clock.advance(500);
    CHECK(*(*ob)->expire_drafts(clock.wall_ms()) == 1);
    REQUIRE((*ob)->list_drafts().size() == 1);
    CHECK((*ob)->list_drafts()[0].id == "b");
    CHECK((*ob)->counts().queued == 0);
}

TEST_CASE("finishing a resumed interview removes its draft in the same step", "[outbox][drafts]") {
    TempDir tmp("resumed");
    auto e = test::enroll_fresh(tmp.path());
    ManualClock clock;
    auto ob = Outbox::open(e.data_dir, clock);
    REQUIRE(ob.ok());
    auto& o = **ob;
    REQUIRE(o.save_draft("visit-7", test::response_with("halfway"), test::sample_meta(), clock.wall_ms() + 60'000).ok());
    REQUIRE(o.save_draft("visit-8", test::response_with("other"), test::sample_meta(), clock.wall_ms() + 60'000).ok());
    auto r = o.finish(test::response_with("done"), test::sample_meta(), "visit-7");
    REQUIRE(r.ok());
    CHECK(r->durable);
    CHECK(o.counts().queued == 1);
    REQUIRE(o.list_drafts().size() == 1);  // only the other visit's draft is left
    CHECK(o.list_drafts()[0].id == "visit-8");
    // Reopened (as after a crash right after finish): still one envelope, one draft.
    ob->reset();
    auto again = Outbox::open(e.data_dir, clock);
    REQUIRE(again.ok());
    CHECK((*again)->counts().queued == 1);
    CHECK((*again)->list_drafts().size() == 1);
}

TEST_CASE("missing or unreadable device keys: the outbox refuses to collect and says why", "[outbox][keys]") {
    TempDir tmp("keys");
    auto e = test::enroll_fresh(tmp.path());
    ManualClock clock;
    SECTION("signing key deleted") {
        std::filesystem::remove(e.data_dir / "keys" / kSigningKeyName);
        auto ob = Outbox::open(e.data_dir, clock);
        REQUIRE_FALSE(ob.ok());
        CHECK(ob.error().message.find("cannot collect answers: device keys missing or unreadable") == 0);
        CHECK(ob.error().message.find("device_signing.sk does not exist") != std::string::npos);
        // Draining what is already sealed still works.
        CHECK(Outbox::open(e.data_dir, clock, Outbox::Mode::DrainOnly).ok());
    }
    SECTION("key file readable by others") {
        ::chmod((e.data_dir / "keys" / kDraftKeyName).c_str(), 0644);
        auto ob = Outbox::open(e.data_dir, clock);
        REQUIRE_FALSE(ob.ok());
        CHECK(ob.error().message.find("has mode 0644; a key file must be 0600") != std::string::npos);
    }
    SECTION("signing key from another device") {
        auto other = crypto::sign_keypair();
        REQUIRE(open_key_store(e.data_dir)->store(kSigningKeyName, other.secret_key).ok());
        auto ob = Outbox::open(e.data_dir, clock);
        REQUIRE_FALSE(ob.ok());
        CHECK(ob.error().message.find("does not match device.json") != std::string::npos);
    }
    SECTION("not enrolled at all") {
        TempDir empty("noenroll");
        auto ob = Outbox::open(empty.path(), clock);
        REQUIRE_FALSE(ob.ok());
        CHECK(ob.error().message.find("device not enrolled") != std::string::npos);
    }
}

TEST_CASE("key files and the keys dir are private", "[outbox][keys]") {
    TempDir tmp("perm");
    auto e = test::enroll_fresh(tmp.path());
    struct stat st {};
    REQUIRE(::stat((e.data_dir / "keys").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    for (const char* name : {kSigningKeyName, kDraftKeyName, kTokenName}) {
        REQUIRE(::stat((e.data_dir / "keys" / name).c_str(), &st) == 0);
        CHECK((st.st_mode & 0777) == 0600);
    }
    for (const char* name : {"results.sk", "content.sk"}) {
        REQUIRE(::stat((e.org_dir / name).c_str(), &st) == 0);
        CHECK((st.st_mode & 0777) == 0600);
    }
    CHECK(*load_endpoint_token(e.data_dir) == e.bundle.token);
    // The device never holds the org's secret keys.
    auto results_sk = std::string(crypto::as_view(e.org.results_secret_key));
    CHECK(test::files_containing(e.data_dir, results_sk).empty());
}

TEST_CASE("a data dir with no enrollment gets a clearly marked demo identity", "[outbox][keys]") {
    TempDir tmp("demo");
    auto dir = tmp.path() / "data";
    auto made = ensure_demo_enrollment(dir);
    REQUIRE(made.ok());
    CHECK(*made);
    CHECK_FALSE(*ensure_demo_enrollment(dir));  // second call: already enrolled, nothing changes
    auto cfg = read_device_config(dir);
    REQUIRE(cfg.ok());
    CHECK(cfg->demo);
    CHECK(cfg->name.find("DEMO") == 0);
    ManualClock clock;
    auto ob = Outbox::open(dir, clock);
    REQUIRE(ob.ok());
    bool warned = false;
    for (const auto& n : (*ob)->notices()) warned |= n.message.find("DEMO enrollment") == 0;
    CHECK(warned);
    auto r = (*ob)->finish(test::response_with("demo"), test::sample_meta());
    REQUIRE(r.ok());
    auto keys = read_org_secret_keys(dir / "demo-org");
    REQUIRE(keys.ok());
    auto env = (*ob)->envelope_bytes(r->uuid);
    CHECK(crypto::open_envelope(*env, keys->pub.results_public_key, keys->results_secret_key,
                                &cfg->device_signing_public_key).ok());
}

TEST_CASE("enrollment bundles round-trip and bad ones are refused with file and field", "[outbox][keys]") {
    TempDir tmp("bundle");
    auto pub = init_org(tmp / "org");
    REQUIRE(pub.ok());
    CHECK_FALSE(init_org(tmp / "org").ok());  // never overwrites org keys
    auto b = make_enrollment(*pub, "", "Bibliotheek Oost", "http://127.0.0.1:8080/", "");
    REQUIRE(b.ok());
    CHECK(b->device_id.rfind("kiosk-", 0) == 0);
    CHECK(b->endpoint == "http://127.0.0.1:8080");
    CHECK(b->token.size() == 43);
    REQUIRE(write_bundle(*b, tmp / "bundle.json").ok());
    struct stat st {};
    REQUIRE(::stat((tmp / "bundle.json").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    auto back = read_bundle(tmp / "bundle.json");
    REQUIRE(back.ok());
    CHECK(back->device_id == b->device_id);
    CHECK(back->token == b->token);
    CHECK(back->version() == 2);
    CHECK(back->device_signing_secret_key.empty());  // v2: the device makes its own key
    CHECK(back->org.results_public_key == pub->results_public_key);
    CHECK(back->org.key_id == pub->key_id);

    // A v1 bundle still round-trips with its key pair.
    auto v1 = make_enrollment(*pub, "", "Oud", "http://127.0.0.1:8080/", "", 1);
    REQUIRE(v1.ok());
    REQUIRE(write_bundle(*v1, tmp / "v1.json").ok());
    auto v1_back = read_bundle(tmp / "v1.json");
    REQUIRE(v1_back.ok());
    CHECK(v1_back->version() == 1);
    CHECK(v1_back->device_signing_secret_key == v1->device_signing_secret_key);
    CHECK(v1_back->device_signing_public_key == v1->device_signing_public_key);

    auto j = nlohmann::json::parse(test::read_file(tmp / "bundle.json"));
    j["key_id"] = "0000000000000000";
    test::write_file(tmp / "bad.json", j.dump());
    auto bad = read_bundle(tmp / "bad.json");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message == (tmp / "bad.json").string() + ": \"key_id\" does not match \"results_public_key\"");
    test::write_file(tmp / "notjson.json", "hello");
    CHECK(read_bundle(tmp / "notjson.json").error().message.find("not a JSON object") != std::string::npos);
}

TEST_CASE("schema version is recorded and a newer database is left alone", "[outbox][schema]") {
    TempDir tmp("schema");
    auto e = test::enroll_fresh(tmp.path());
    ManualClock clock;
    {
        auto ob = Outbox::open(e.data_dir, clock);
        REQUIRE(ob.ok());
        CHECK((*ob)->schema_version() == kOutboxSchemaVersion);
        REQUIRE((*ob)->finish(test::response_with("x"), test::sample_meta()).ok());
    }
    CHECK(sql_text(e.data_dir / "outbox.sqlite", "PRAGMA user_version") == std::to_string(kOutboxSchemaVersion));
    CHECK(sql_text(e.data_dir / "outbox.sqlite", "PRAGMA journal_mode") == "wal");
    sqlite3* db = nullptr;
    sqlite3_open((e.data_dir / "outbox.sqlite").c_str(), &db);
    sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    auto ob = Outbox::open(e.data_dir, clock, Outbox::Mode::DrainOnly);
    REQUIRE_FALSE(ob.ok());
    CHECK(ob.error().message.find("schema version 99, newer than this app") != std::string::npos);
    CHECK(std::filesystem::exists(e.data_dir / "outbox.sqlite"));  // not moved aside, not touched
}
