// A real device-side sync against the real endpoint on 127.0.0.1: plain and
// TLS, wrong token, bad certificate, restarts, rejections, and the export at
// the end of the pipe.
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <set>

#include "crypto/crypto.hpp"
#include "device/device.hpp"
#include "device/key_store.hpp"
#include "endpoint/store.hpp"
#include "sync_fixture.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::test;
using State = sync::SyncStatus::State;

namespace {

std::unique_ptr<Outbox> open_outbox(const fs::path& data_dir, const Clock& clock) {
    auto o = Outbox::open(data_dir, clock);
    REQUIRE(o.ok());
    return std::move(o.value());
}

// Every stored uuid exactly once, and exactly the expected set.
void check_exactly_once(const fs::path& db, const std::map<std::string, TestAnswer>& sent) {
    auto uuids = stored_uuids(db);
    std::set<std::string> unique(uuids.begin(), uuids.end());
    CHECK(uuids.size() == unique.size());
    CHECK(uuids.size() == sent.size());
    for (const auto& [uuid, _] : sent) CHECK(unique.count(uuid) == 1);
}

std::vector<std::string> read_lines(const fs::path& p) {
    std::ifstream in(p);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);)
        if (!l.empty()) lines.push_back(l);
    return lines;
}

}  // namespace

TEST_CASE("1,000 envelopes reach the endpoint exactly once and export back to the original answers", "[sync]") {
    TempDir tmp("sync-1000");
    const fs::path db = tmp / "endpoint.sqlite";
    ServerProcess server(db);
    server.start();
    TestOrg org(tmp / "org");
    const fs::path dd = tmp / "device";
    org.enroll(db, server.url(), dd, "Buurthuis De Pijp");
    SystemClock clock;
    auto outbox = open_outbox(dd, clock);
    auto sent = fill_outbox(*outbox, 1000);

    auto cfg = fast_config(dd);
    cfg.heartbeat_interval_ms = 60'000;  // one heartbeat after the first pass
    sync::SyncWorker worker(*outbox, cfg, clock);
    worker.start();
    std::int64_t max_total = 0;
    bool saw_draining = false;
    REQUIRE(wait_until(
        [&] {
            auto s = worker.status();
            if (s.state == State::Draining) saw_draining = true;
            max_total = std::max(max_total, s.drain_total);
            return outbox->counts().queued == 0;
        },
        60'000));
    REQUIRE(wait_until([&] { return worker.status().state == State::Idle; }, 5'000));
    auto st = worker.status();
    worker.stop();
    CHECK(saw_draining);
    CHECK(max_total > 0);
    CHECK(st.queue_depth == 0);
    CHECK(st.last_success_wall_ms > 0);
    CHECK(st.last_error.empty());
    CHECK(st.acknowledged_total == 1000);
    CHECK(st.uploads_total == 1000);  // no failures, so no retries
    auto counts = outbox->counts();
    CHECK(counts.acknowledged == 1000);
    CHECK(counts.rejected == 0);
    // Only the tombstones are left: no ciphertext on the device.
    CHECK_FALSE(outbox->envelope_bytes(sent.begin()->first).ok());
    check_exactly_once(db, sent);

    // The heartbeat reached the endpoint.
    auto devices = run(KIOSKCTL_BIN, {"devices", "--db", db.string(), "--json"});
    auto list = nlohmann::json::parse(devices.out);
    REQUIRE(list.size() == 1);
    CHECK(list[0]["last_heartbeat_at"].is_string());
    CHECK(list[0]["app_version"] == KIOSK_VERSION);

    // Export with the org key: NDJSON round-trips, CSV has a row per response.
    auto ex = run(KIOSKCTL_BIN, {"export", "--db", db.string(), "--key", org.dir.string(), "--out",
                                 (tmp / "export").string()});
    INFO(ex.err);
    REQUIRE(ex.exit_code == 0);
    CHECK(check_export_round_trip(tmp / "export", sent) == 1000);
    server.stop();
}

TEST_CASE("the CSV export has one column per item linkId and quotes text safely", "[sync][export]") {
    TempDir tmp("sync-csv");
    const fs::path db = tmp / "endpoint.sqlite";
    ServerProcess server(db);
    server.start();
    TestOrg org(tmp / "org");
    const fs::path dd = tmp / "device";
    org.enroll(db, server.url(), dd, "CSV");
    SystemClock clock;
    auto outbox = open_outbox(dd, clock);
    auto sent = fill_outbox(*outbox, 6, 11);
    auto d = sync::drain_once(*outbox, fast_config(dd), clock);
    REQUIRE(d.complete);
    auto ex = run(KIOSKCTL_BIN, {"export", "--db", db.string(), "--key", org.dir.string(), "--out",
                                 (tmp / "export").string()});
    REQUIRE(ex.exit_code == 0);
    const std::string csv = read_file(tmp / "export" / "howareyou-short.csv");
    CHECK(csv.rfind("envelope_uuid,device_id,received_at,authored,status,questionnaire_version,language,kind,"
                    "assisted,duration_s,read_aloud,text_scale_pct,wellbeing,mood,remarks\n",
                    0) == 0);
    const std::string intake = read_file(tmp / "export" / "intake.csv");
    CHECK(intake.find(",themes,urgent\n") != std::string::npos);  // nested group items flattened
    for (const auto& [uuid, a] : sent) {
        if (a.questionnaire != "howareyou-short") continue;
        CHECK(csv.find(uuid) != std::string::npos);
        const std::string remark = a.response["item"][2]["answer"][0]["valueString"];
        if (remark == "=SUM(A1)") CHECK(csv.find(",'=SUM(A1)") != std::string::npos);
        if (remark.find('"') != std::string::npos) CHECK(csv.find("\"Moe, \"\"heel\"\" moe\nen verdrietig\"") != std::string::npos);
    }
}

TEST_CASE("an envelope the export cannot open is listed in errors.csv and the rest still export", "[sync][export]") {
    TempDir tmp("sync-export-errors");
    const fs::path db = tmp / "endpoint.sqlite";
    ServerProcess server(db);
    server.start();
    TestOrg org(tmp / "org");
    TestOrg other_org(tmp / "other-org");
    const fs::path good_dd = tmp / "good", foreign_dd = tmp / "foreign";
    org.enroll(db, server.url(), good_dd, "Good");
    other_org.enroll(db, server.url(), foreign_dd, "Sealed to another org");
    SystemClock clock;
    {
        auto ob = open_outbox(good_dd, clock);
        fill_outbox(*ob, 3);
        REQUIRE(sync::drain_once(*ob, fast_config(good_dd), clock).complete);
    }
    std::string foreign_uuid;
    {
        auto ob = open_outbox(foreign_dd, clock);
        foreign_uuid = fill_outbox(*ob, 1).begin()->first;
        REQUIRE(sync::drain_once(*ob, fast_config(foreign_dd), clock).complete);
    }
    auto ex = run(KIOSKCTL_BIN, {"export", "--db", db.string(), "--key", org.dir.string(), "--out",
                                 (tmp / "export").string()});
    CHECK(ex.exit_code == 3);
    CHECK(ex.err.find("1 envelope(s) could not be opened") != std::string::npos);
    auto errors = read_lines(tmp / "export" / "errors.csv");
    REQUIRE(errors.size() == 2);
    CHECK(errors[1].find(foreign_uuid) != std::string::npos);
    int exported = 0;
    for (auto& e : fs::directory_iterator(tmp / "export"))
        if (e.path().extension() == ".ndjson") exported += static_cast<int>(read_lines(e.path()).size());
    CHECK(exported == 3);
}

TEST_CASE("over TLS with the pinned CA from enrollment, `kiosk sync --once` sends everything", "[sync][tls]") {
    TempDir tmp("sync-tls");
    auto pki = make_pki(tmp / "pki", "org");
    const fs::path db = tmp / "endpoint.sqlite";
    ServerProcess server(db, {"--tls-cert", pki.server_cert.string(), "--tls-key", pki.server_key.string()});
    server.start();
    REQUIRE(server.url().rfind("https://", 0) == 0);
    TestOrg org(tmp / "org");
    const fs::path dd = tmp / "device";
    org.enroll(db, server.url(), dd, "TLS kiosk", pki.ca_cert.string());
    SystemClock clock;
    std::map<std::string, TestAnswer> sent;
    {
        auto outbox = open_outbox(dd, clock);
        sent = fill_outbox(*outbox, 200);
    }
    auto r = run(KIOSK_BIN, {"sync", "--data-dir", dd.string(), "--once"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    check_exactly_once(db, sent);
    auto again = run(KIOSK_BIN, {"sync", "--data-dir", dd.string(), "--once"});
    CHECK(again.exit_code == 0);
}

TEST_CASE("a certificate the device does not trust: clear error, nothing sent, nothing deleted", "[sync][tls]") {
    TempDir tmp("sync-badcert");
    auto trusted = make_pki(tmp / "pki", "org");
    auto rogue = make_pki(tmp / "pki", "rogue");
    const fs::path db = tmp / "endpoint.sqlite";
    ServerProcess server(db, {"--tls-cert", rogue.server_cert.string(), "--tls-key", rogue.server_key.string()});
    server.start();
    TestOrg org(tmp / "org");
    const fs::path dd = tmp / "device";
    org.enroll(db, server.url(), dd, "Pinned kiosk", trusted.ca_cert.string());
    SystemClock clock;
    auto outbox = open_outbox(dd, clock);
    fill_outbox(*outbox, 5);

    auto r = run(KIOSK_BIN, {"sync", "--data-dir", dd.string(), "--once"});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("Certificate problem") != std::string::npos);
    CHECK(r.err.find("not signed by a trusted certificate authority") != std::string::npos);
    CHECK(r.err.find("Nothing was sent") != std::string::npos);

    sync::SyncWorker worker(*outbox, fast_config(dd), clock);
    worker.start();
    REQUIRE(wait_until([&] { return !worker.status().alert.empty(); }, 10'000));
    auto st = worker.status();
    worker.stop();
    CHECK(st.alert.find("Certificate problem") != std::string::npos);
    CHECK(st.acknowledged_total == 0);
    CHECK(stored_uuids(db).empty());
    CHECK(outbox->counts().queued == 5);
}

TEST_CASE("a wrong or revoked token pauses the queue, alerts staff and deletes nothing", "[sync]") {
    TempDir tmp("sync-auth");
    const fs::path db = tmp / "endpoint.sqlite";
    ServerProcess server(db);
    server.start();
    TestOrg org(tmp / "org");
    const fs::path dd = tmp / "device";
    auto bundle = org.enroll(db, server.url(), dd, "Kiosk");
    SystemClock clock;
    auto outbox = open_outbox(dd, clock);
    auto sent = fill_outbox(*outbox, 20);

    SECTION("wrong token") {
        auto ks = open_key_store(dd);
        REQUIRE(ks->store(kTokenName, crypto::secure_from(crypto::random_token())).ok());
    }
    SECTION("revoked device") {
        REQUIRE(run(KIOSKCTL_BIN, {"device", "revoke", "--db", db.string(), bundle.device_id}).exit_code == 0);
    }
    auto cfg = fast_config(dd);
    sync::SyncWorker worker(*outbox, cfg, clock);
    worker.start();
    REQUIRE(wait_until([&] { return worker.status().state == State::Paused; }, 10'000));
    auto st = worker.status();
    CHECK(st.alert.find("refused this device") != std::string::npos);
    CHECK(st.alert.find("nothing is deleted") != std::string::npos);
    // Paused means paused: no more attempts while we wait.
    const auto uploads = st.uploads_total;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(worker.status().uploads_total == uploads);
    CHECK(worker.status().key_registrations_total == st.key_registrations_total);
    CHECK(uploads <= cfg.concurrency);
    // "Sync now" tries again (and pauses again: the token is still refused).
    // The first request of a device enrolled with a v2 bundle registers its
    // signing key, so that is what is refused here.
    const auto registrations = st.key_registrations_total;
    worker.sync_now();
    REQUIRE(wait_until([&] {
        auto now = worker.status();
        return now.uploads_total + now.key_registrations_total > uploads + registrations;
    }, 5'000));
    REQUIRE(wait_until([&] { return worker.status().state == State::Paused; }, 5'000));
    worker.stop();
    auto c = outbox->counts();
    CHECK(c.queued == 20);
    CHECK(c.acknowledged == 0);
    CHECK(c.rejected == 0);
    for (const auto& [uuid, _] : sent) CHECK(outbox->envelope_bytes(uuid).ok());
    CHECK(stored_uuids(db).empty());

    auto once = run(KIOSK_BIN, {"sync", "--data-dir", dd.string(), "--once"});
    CHECK(once.exit_code == 1);
    CHECK(once.err.find("(401") != std::string::npos);
}

TEST_CASE("the endpoint restarting mid-drain: the device resumes and nothing is lost or doubled", "[sync]") {
    TempDir tmp("sync-restart");
    const fs::path db = tmp / "endpoint.sqlite";
    ServerProcess server(db);
    server.start();
    TestOrg org(tmp / "org");
    const fs::path dd = tmp / "device";
    org.enroll(db, server.url(), dd, "Kiosk");
    SystemClock clock;
    auto outbox = open_outbox(dd, clock);
    auto sent = fill_outbox(*outbox, 600);
    sync::SyncWorker worker(*outbox, fast_config(dd), clock);
    worker.start();
    REQUIRE(wait_until([&] { return worker.status().acknowledged_total >= 100; }, 30'000));
    server.stop();
    REQUIRE(wait_until([&] { return !worker.status().last_error.empty(); }, 10'000));
    const auto during = worker.status();
    CHECK(during.last_error.find("Cannot connect") != std::string::npos);
    CHECK(during.queue_depth > 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    server.restart();
    worker.connectivity_changed(true);  // no-op when already online; the backoff gate brings it back anyway
    REQUIRE(wait_until([&] { return outbox->counts().queued == 0; }, 60'000));
    auto st = worker.status();
    worker.stop();
    CHECK(st.consecutive_failures == 0);
    check_exactly_once(db, sent);
    CHECK(outbox->counts().acknowledged == 600);
}

TEST_CASE("409 and other refusals mark the envelope rejected and keep it, and the rest still go", "[sync]") {
    TempDir tmp("sync-409");
    const fs::path db = tmp / "endpoint.sqlite";
    ServerProcess server(db);
    server.start();
    TestOrg org(tmp / "org");
    const fs::path dd = tmp / "device";
    auto bundle = org.enroll(db, server.url(), dd, "Kiosk");
    SystemClock clock;
    auto outbox = open_outbox(dd, clock);
    auto sent = fill_outbox(*outbox, 10);
    // Someone else's bytes already sit under one of our ids.
    const std::string taken = sent.begin()->first;
    {
        auto store = endpoint::Store::open(db);
        REQUIRE(store.ok());
        REQUIRE(store.value()->put_envelope(taken, bundle.device_id, {1, 2, 3}).ok());
    }
    auto d = sync::drain_once(*outbox, fast_config(dd), clock);
    CHECK_FALSE(d.complete);
    CHECK(d.pass.acknowledged == 9);
    CHECK(d.pass.rejected == 1);
    CHECK(d.reason.find("1 envelope(s) refused by the endpoint and kept") != std::string::npos);
    auto kept = outbox->envelope_bytes(taken);
    CHECK(kept.ok());  // ciphertext still on the device
    auto list = outbox->list();
    auto it = std::find_if(list.begin(), list.end(), [&](auto& e) { return e.uuid == taken; });
    REQUIRE(it != list.end());
    CHECK(it->state == EnvelopeState::Rejected);
    CHECK(it->last_error.find("409") != std::string::npos);
    // The CLI says so too, and does not retry it.
    auto once = run(KIOSK_BIN, {"sync", "--data-dir", dd.string(), "--once"});
    CHECK(once.exit_code == 1);
    CHECK(once.err.find("refused by the endpoint and kept") != std::string::npos);
}

TEST_CASE("`kiosk sync --once` with the endpoint down exits non-zero with the reason and keeps everything",
          "[sync]") {
    TempDir tmp("sync-down");
    const fs::path db = tmp / "endpoint.sqlite";
    ServerProcess server(db);
    server.start();
    TestOrg org(tmp / "org");
    const fs::path dd = tmp / "device";
    org.enroll(db, server.url(), dd, "Kiosk");
    server.stop();
    SystemClock clock;
    {
        auto outbox = open_outbox(dd, clock);
        fill_outbox(*outbox, 3);
    }
    auto r = run(KIOSK_BIN, {"sync", "--data-dir", dd.string(), "--once"});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("Cannot connect to the endpoint") != std::string::npos);
    server.restart();
    auto r2 = run(KIOSK_BIN, {"sync", "--data-dir", dd.string(), "--once"});
    CHECK(r2.exit_code == 0);  // a later run continues where this one stopped
    CHECK(stored_uuids(db).size() == 3);
    auto bad = run(KIOSK_BIN, {"sync", "--data-dir", (tmp / "not-enrolled").string(), "--once"});
    CHECK(bad.exit_code != 0);
    CHECK_FALSE(bad.err.empty());
}
