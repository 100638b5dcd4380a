// Several `kioskctl serve` processes on one PostgreSQL (issue 20): exactly
// once holds across processes because the uniqueness lives in the database,
// and a process killed mid-request loses nothing it acknowledged. Real parts
// only: the endpoint binaries, the real sync engine draining real outboxes,
// the throw-away PostgreSQL cluster, `kioskctl export` at the end.
#include <catch2/catch.hpp>

#include <barrier>
#include <functional>
#include <fstream>
#include <set>

#include "crypto/crypto.hpp"
#include "crypto/envelope.hpp"
#include "endpoint/store.hpp"
#include "pg_cluster.hpp"
#include "sync/transport.hpp"
#include "sync_fixture.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::test;

namespace {

long put(const std::string& url, const std::string& token, const std::string& uuid, const crypto::Bytes& body) {
    auto r = http_put_envelope(url, token, uuid, body);
    return r.ok() ? r.value().status : -1;
}

}  // namespace

TEST_CASE("the same uuid PUT through two endpoint processes at once is stored once: 201 and 200, or 201 and 409",
          "[store][postgres]") {
    TempDir tmp("pg-race");
    const std::string db = fresh_pg_database();
    ServerProcess a(db, {"--db-connections", "4"}), b(db, {"--db-connections", "4"});
    a.start();
    b.start();
    TestOrg org(tmp / "org");
    auto device = org.enroll(db, a.url(), tmp / "device", "Library");
    register_signing_key(tmp / "device");

    constexpr int kRounds = 40;
    std::vector<std::string> uuids;
    std::vector<crypto::Bytes> first, second;
    for (int i = 0; i < kRounds; ++i) {
        uuids.push_back(crypto::uuid_v4());
        first.push_back(envelope_for(device, uuids.back(), R"({"n":)" + std::to_string(i) + "}"));
        // Odd rounds: the second process gets other bytes under the same uuid.
        second.push_back(i % 2 ? envelope_for(device, uuids.back(), R"({"other":)" + std::to_string(i) + "}")
                               : first.back());
    }
    std::vector<long> via_a(kRounds), via_b(kRounds);
    std::barrier sync_point(2);
    std::thread ta([&] {
        for (int i = 0; i < kRounds; ++i) {
            sync_point.arrive_and_wait();
            via_a[static_cast<std::size_t>(i)] = put(a.url(), device.token, uuids[static_cast<std::size_t>(i)],
                                                     first[static_cast<std::size_t>(i)]);
        }
    });
    std::thread tb([&] {
        for (int i = 0; i < kRounds; ++i) {
            sync_point.arrive_and_wait();
            via_b[static_cast<std::size_t>(i)] = put(b.url(), device.token, uuids[static_cast<std::size_t>(i)],
                                                     second[static_cast<std::size_t>(i)]);
        }
    });
    ta.join();
    tb.join();
    // Each process keeps at most its --db-connections (4) open to the database.
    const int open = std::stoi(pg_value(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                            "AND application_name = 'kioskctl'"));
    CHECK(open >= 2);
    CHECK(open <= 8);

    auto store = endpoint::Store::open(db);
    REQUIRE(store.ok());
    std::map<std::string, std::string> stored;  // uuid -> hash
    REQUIRE(store.value()->for_each_envelope([&](const endpoint::StoredEnvelope& e) {
        CHECK(stored.count(e.uuid) == 0);
        stored[e.uuid] = e.hash;
        return true;
    }).ok());
    CHECK(stored.size() == static_cast<std::size_t>(kRounds));
    int a_won = 0;
    for (int i = 0; i < kRounds; ++i) {
        const auto k = static_cast<std::size_t>(i);
        INFO("round " << i << ": " << via_a[k] << " via A, " << via_b[k] << " via B");
        std::multiset<long> got{via_a[k], via_b[k]};
        CHECK(got == (i % 2 ? std::multiset<long>{201, 409} : std::multiset<long>{200, 201}));
        // What is stored is what the 201 answered for.
        const auto& won = via_a[k] == 201 ? first[k] : second[k];
        a_won += via_a[k] == 201;
        CHECK(stored[uuids[k]] == endpoint::bytes_hash(won.data(), won.size()));
    }
    UNSCOPED_INFO("process A answered 201 in " << a_won << " of " << kRounds << " rounds");
    a.stop();
    b.stop();
}

TEST_CASE("two endpoint processes, one killed and restarted mid-drain: 1,000 envelopes from two devices stored "
          "exactly once and exported back to the original answers",
          "[store][postgres]") {
    TempDir tmp("pg-kill");
    const std::string db = fresh_pg_database();
    ServerProcess a(db, {"--db-connections", "4"}), b(db, {"--db-connections", "4"});
    a.start();
    b.start();
    TestOrg org(tmp / "org");
    const fs::path dd1 = tmp / "device-1", dd2 = tmp / "device-2";
    org.enroll(db, a.url(), dd1, "Buurthuis De Pijp");
    org.enroll(db, b.url(), dd2, "Bibliotheek Noord");
    SystemClock clock;
    auto o1 = Outbox::open(dd1, clock), o2 = Outbox::open(dd2, clock);
    REQUIRE(o1.ok());
    REQUIRE(o2.ok());
    auto sent = fill_outbox(*o1.value(), 500, 7);
    auto sent2 = fill_outbox(*o2.value(), 500, 8);
    sent.insert(sent2.begin(), sent2.end());
    REQUIRE(sent.size() == 1000);

    sync::SyncWorker w1(*o1.value(), fast_config(dd1), clock), w2(*o2.value(), fast_config(dd2), clock);
    w1.start();
    w2.start();
    // Kill A while device 1 is draining through it (requests in flight), then bring it back.
    REQUIRE(wait_until([&] { return w1.status().acknowledged_total >= 150; }, 30'000));
    a.kill_now();
    const auto acknowledged_before_kill = w1.status().acknowledged_total;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    a.restart();
    w1.connectivity_changed(true);
    REQUIRE(wait_until([&] { return o1.value()->counts().queued == 0 && o2.value()->counts().queued == 0; }, 90'000));
    w1.stop();
    w2.stop();
    CHECK(acknowledged_before_kill < 500);  // the kill did land mid-drain
    CHECK(o1.value()->counts().acknowledged == 500);
    CHECK(o2.value()->counts().acknowledged == 500);
    CHECK(o1.value()->counts().rejected == 0);

    auto uuids = stored_uuids(db);
    std::set<std::string> unique(uuids.begin(), uuids.end());
    CHECK(uuids.size() == 1000);
    CHECK(unique.size() == 1000);
    for (const auto& [uuid, _] : sent) CHECK(unique.count(uuid) == 1);

    auto devices = run(KIOSKCTL_BIN, {"devices", "--db", db, "--json"});
    INFO(devices.err);
    REQUIRE(devices.exit_code == 0);
    CHECK(nlohmann::json::parse(devices.out).size() == 2);

    auto ex = run(KIOSKCTL_BIN, {"export", "--db", db, "--key", org.dir.string(), "--out", (tmp / "export").string()});
    INFO(ex.err);
    REQUIRE(ex.exit_code == 0);
    CHECK(check_export_round_trip(tmp / "export", sent) == 1000);
    a.stop();
    b.stop();
}

TEST_CASE("kioskctl against PostgreSQL: enroll, devices, revoke, and a server that is not there is one clear line",
          "[store][postgres]") {
    TempDir tmp("pg-cli");
    const std::string db = fresh_pg_database();
    TestOrg org(tmp / "org");
    auto e = run(KIOSKCTL_BIN, {"device", "enroll", "--db", db, "--endpoint", "https://kiosk.example.org", "--org",
                                org.dir.string(), "--out", (tmp / "bundle.json").string(), "--name", "Hal"});
    INFO(e.err);
    REQUIRE(e.exit_code == 0);
    auto list = run(KIOSKCTL_BIN, {"devices", "--db", db, "--json"});
    REQUIRE(list.exit_code == 0);
    auto devices = nlohmann::json::parse(list.out);
    REQUIRE(devices.size() == 1);
    CHECK(devices[0]["name"] == "Hal");
    const std::string id = devices[0]["id"];
    auto rv = run(KIOSKCTL_BIN, {"device", "revoke", "--db", db, id});
    INFO(rv.err);
    CHECK(rv.exit_code == 0);
    auto after = nlohmann::json::parse(run(KIOSKCTL_BIN, {"devices", "--db", db, "--json"}).out);
    CHECK(after[0]["revoked"] == true);
    CHECK(run(KIOSKCTL_BIN, {"device", "revoke", "--db", db, "no-such-device"}).exit_code != 0);

    // Nothing listens on port 1: the reason, on one line, naming the database; no password shown.
    const std::string nowhere = "postgresql://kiosk:geheim@127.0.0.1:1/kiosk";
    auto down = run(KIOSKCTL_BIN, {"devices", "--db", nowhere});
    CHECK(down.exit_code == 1);
    CHECK(down.err.find("cannot connect") != std::string::npos);
    CHECK(down.err.find("geheim") == std::string::npos);
    auto serve = run(KIOSKCTL_BIN, {"serve", "--db", nowhere, "--listen", "127.0.0.1:0"});
    CHECK(serve.exit_code == 1);
    CHECK(serve.err.find("cannot connect") != std::string::npos);
}

TEST_CASE("the organisation's side reads PostgreSQL as it reads SQLite: the same demo data gives the same report",
          "[store][postgres]") {
    TempDir tmp("pg-report");
    const std::string pg = fresh_pg_database();
    const std::string lite = (tmp / "endpoint.sqlite").string();
    TestOrg org(tmp / "org");
    nlohmann::json reports[2];
    int i = 0;
    for (const std::string& db : {lite, pg}) {
        const std::string side = i == 0 ? "sqlite" : "pg";
        auto d = run(KIOSKCTL_BIN, {"demo-data", "--db", db, "--org", org.dir.string(), "--responses", "60", "--sites",
                                    "2", "--months", "3", "--seed", "5"});
        INFO(side << ": " << d.err);
        REQUIRE(d.exit_code == 0);
        auto r = run(KIOSKCTL_BIN, {"report", "--db", db, "--key", org.dir.string(), "--out", (tmp / side).string()});
        INFO(side << ": " << r.err);
        REQUIRE(r.exit_code == 0);
        reports[i] = nlohmann::json::parse(read_file(tmp / side / "report.json"));
        auto b = run(KIOSKCTL_BIN, {"benchmark", "--db", db, "--key", org.dir.string(), "--out",
                                    (tmp / (side + "-benchmark.json")).string()});
        INFO(side << ": " << b.err);
        CHECK(b.exit_code == 0);
        ++i;
    }
    // Envelope uuids are random per run (the work list names them); everything else is the same.
    std::function<void(nlohmann::json&)> drop_uuids = [&](nlohmann::json& j) {
        if (j.is_object()) {
            j.erase("envelope_uuid");
            for (auto& [k, v] : j.items()) drop_uuids(v);
        } else if (j.is_array()) {
            for (auto& v : j) drop_uuids(v);
        }
    };
    for (auto& r : reports) drop_uuids(r);
    CHECK(reports[0].size() > 3);
    CHECK(reports[0] == reports[1]);
}
