// One contract, two stores (issue 20): every test here runs against the
// SQLite store and against the PostgreSQL store on a real server (the
// throw-away cluster in the build tree), through the same Store interface the
// endpoint, export and report use. A test name ends in "- Sqlite" or "- Postgres".
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "endpoint/store.hpp"
#include "pg_cluster.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::endpoint;
using kiosk::test::TempDir;

namespace {

struct Sqlite {
    static std::string make_db(const TempDir& tmp) { return (tmp / "endpoint.sqlite").string(); }
    static void set_schema_version(const std::string& db, int v) {
        sqlite3* h = nullptr;
        REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
        const std::string sql = "UPDATE meta SET value = '" + std::to_string(v) + "' WHERE key = 'schema_version'";
        CHECK(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(h);
    }
};

struct Postgres {
    static std::string make_db(const TempDir&) { return test::fresh_pg_database(); }
    static void set_schema_version(const std::string& db, int v) {
        test::pg_exec(db, "UPDATE meta SET value = '" + std::to_string(v) + "' WHERE key = 'schema_version'");
    }
};

template <typename Backend>
struct Fixture {
    TempDir tmp{"store"};
    ManualClock clock;
    std::string db = Backend::make_db(tmp);
    std::unique_ptr<Store> store = open();

    std::unique_ptr<Store> open() {
        auto s = Store::open(db, &clock);
        INFO(db);
        REQUIRE(s.ok());
        return std::move(s.value());
    }
    DeviceRecord add(const std::string& id, const std::string& name, const std::string& replaces = "",
                     std::vector<unsigned char> key = std::vector<unsigned char>(32, 7)) {
        DeviceRecord d;
        d.id = id;
        d.name = name;
        d.replaces = replaces;
        d.signing_public_key = std::move(key);
        auto s = store->add_device(d, token_hash("token-" + id));
        INFO((s.ok() ? "" : s.error().message));
        REQUIRE(s.ok());
        return d;
    }
};

std::vector<unsigned char> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }
std::string uuid_n(int n) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012d", n);
    return buf;
}

}  // namespace

TEMPLATE_TEST_CASE("a PUT is idempotent: stored once, the same bytes again are identical, other bytes conflict",
                   "[store]", Sqlite, Postgres) {
    Fixture<TestType> f;
    f.add("dev-1", "Library");
    const auto a = bytes_of("sealed envelope A"), b = bytes_of("sealed envelope B");
    const std::vector<unsigned char> big(300'000, 0xAB);  // larger than a page, a TOAST chunk
    auto first = f.store->put_envelope(uuid_n(1), "dev-1", a);
    REQUIRE(first.ok());
    CHECK(first.value() == PutOutcome::Stored);
    f.clock.advance(1000);
    CHECK(f.store->put_envelope(uuid_n(1), "dev-1", a).value() == PutOutcome::Identical);
    CHECK(f.store->put_envelope(uuid_n(1), "dev-1", b).value() == PutOutcome::Conflict);
    CHECK(f.store->put_envelope(uuid_n(2), "dev-1", big).value() == PutOutcome::Stored);
    CHECK(f.store->envelope_count().value() == 2);
    std::vector<StoredEnvelope> seen;
    REQUIRE(f.store->for_each_envelope([&](const StoredEnvelope& e) {
        seen.push_back(e);
        return true;
    }).ok());
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].uuid == uuid_n(1));
    CHECK(seen[0].bytes == a);  // the first bytes stay; the conflicting ones changed nothing
    CHECK(seen[0].hash == bytes_hash(a.data(), a.size()));
    CHECK(seen[0].device_id == "dev-1");
    CHECK(seen[0].received_at == f.clock.wall_ms() - 1000);
    CHECK(seen[1].bytes == big);
    // The device's last upload is the last stored envelope, not the refused one.
    CHECK(f.store->device_by_id("dev-1").value()->last_upload_at == f.clock.wall_ms());
}

TEMPLATE_TEST_CASE("concurrent PUTs of the same uuids store each exactly once", "[store]", Sqlite, Postgres) {
    Fixture<TestType> f;
    f.add("dev-1", "Library");
    constexpr int kThreads = 8, kUuids = 40;
    std::vector<std::vector<PutOutcome>> outcomes(kThreads, std::vector<PutOutcome>(kUuids));
    std::vector<std::thread> threads;
    std::atomic<int> errors{0};
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            std::vector<int> order(kUuids);
            for (int i = 0; i < kUuids; ++i) order[static_cast<std::size_t>(i)] = i;
            std::shuffle(order.begin(), order.end(), std::mt19937(static_cast<unsigned>(t)));
            for (int i : order) {
                auto r = f.store->put_envelope(uuid_n(i), "dev-1", bytes_of("env " + std::to_string(i)));
                if (!r.ok()) ++errors;
                else outcomes[static_cast<std::size_t>(t)][static_cast<std::size_t>(i)] = r.value();
            }
        });
    for (auto& t : threads) t.join();
    CHECK(errors == 0);
    for (int i = 0; i < kUuids; ++i) {
        int stored = 0, identical = 0;
        for (int t = 0; t < kThreads; ++t) {
            auto o = outcomes[static_cast<std::size_t>(t)][static_cast<std::size_t>(i)];
            stored += o == PutOutcome::Stored;
            identical += o == PutOutcome::Identical;
        }
        CHECK(stored == 1);
        CHECK(identical == kThreads - 1);
    }
    CHECK(f.store->envelope_count().value() == kUuids);
}

TEMPLATE_TEST_CASE("the device registry: by id, by token, every device listed, a second device with the same id refused",
                   "[store]", Sqlite, Postgres) {
    Fixture<TestType> f;
    f.add("dev-b", "Buurthuis");
    f.clock.advance(5);
    f.add("dev-a", "Avenue", "", {});  // enrolled with a v2 bundle: no key yet
    auto by_id = f.store->device_by_id("dev-a");
    REQUIRE(by_id.ok());
    REQUIRE(by_id.value().has_value());
    CHECK((*by_id.value()).name == "Avenue");
    CHECK((*by_id.value()).signing_public_key.empty());
    CHECK((*by_id.value()).enrolled_at == f.clock.wall_ms());
    CHECK_FALSE((*by_id.value()).revoked);
    CHECK((*by_id.value()).last_heartbeat_at == 0);
    CHECK((*by_id.value()).last_upload_at == 0);
    CHECK((*by_id.value()).last.queue_depth == -1);
    auto by_token = f.store->device_by_token_hash(token_hash("token-dev-b"));
    REQUIRE(by_token.ok());
    REQUIRE(by_token.value().has_value());
    CHECK((*by_token.value()).id == "dev-b");
    CHECK((*by_token.value()).signing_public_key == std::vector<unsigned char>(32, 7));
    CHECK_FALSE(f.store->device_by_token_hash(token_hash("someone else")).value().has_value());
    CHECK_FALSE(f.store->device_by_id("dev-zzz").value().has_value());
    // Same id again: refused, the first one unchanged.
    DeviceRecord again;
    again.id = "dev-a";
    again.name = "Impostor";
    CHECK_FALSE(f.store->add_device(again, token_hash("other")).ok());
    CHECK((*f.store->device_by_id("dev-a").value()).name == "Avenue");
    auto all = f.store->devices();
    REQUIRE(all.ok());
    REQUIRE(all.value().size() == 2);
    CHECK(all.value()[0].id == "dev-a");  // neither has a heartbeat: by name
    CHECK(all.value()[1].id == "dev-b");
}

TEMPLATE_TEST_CASE("revocation: marked with its time at once, the token still names the device, unknown ids refused",
                   "[store]", Sqlite, Postgres) {
    Fixture<TestType> f;
    f.add("dev-1", "Library");
    f.add("dev-2", "Avenue");
    f.clock.advance(60'000);
    REQUIRE(f.store->revoke_device("dev-1").ok());
    auto d = f.store->device_by_token_hash(token_hash("token-dev-1")).value();
    REQUIRE(d.has_value());
    CHECK(d->revoked);
    CHECK(d->revoked_at == f.clock.wall_ms());
    CHECK_FALSE(f.store->device_by_id("dev-2").value()->revoked);
    auto unknown = f.store->revoke_device("dev-404");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().message.find("dev-404") != std::string::npos);
    // Revoked devices are listed last.
    auto all = f.store->devices().value();
    REQUIRE(all.size() == 2);
    CHECK(all[0].id == "dev-2");
    CHECK(all[1].id == "dev-1");
}

TEMPLATE_TEST_CASE("re-enrollment: the new device names the one it replaces, and a signing key is first come, then fixed",
                   "[store]", Sqlite, Postgres) {
    Fixture<TestType> f;
    f.add("old", "Kiosk hall");
    REQUIRE(f.store->revoke_device("old").ok());
    f.add("new", "Kiosk hall", "old", {});
    CHECK(f.store->device_by_id("new").value()->replaces == "old");
    CHECK(f.store->device_by_id("old").value()->replaces.empty());
    const std::vector<unsigned char> key(32, 1), other(32, 2);
    f.clock.advance(1234);
    CHECK(f.store->register_signing_key("new", key).value() == KeyOutcome::Registered);
    CHECK(f.store->register_signing_key("new", key).value() == KeyOutcome::Same);
    CHECK(f.store->register_signing_key("new", other).value() == KeyOutcome::Conflict);
    auto d = f.store->device_by_id("new").value();
    CHECK(d->signing_public_key == key);
    CHECK(d->key_registered_at == f.clock.wall_ms());
    // A device enrolled with its key (v1) keeps it.
    CHECK(f.store->register_signing_key("old", key).value() == KeyOutcome::Conflict);
    CHECK_FALSE(f.store->register_signing_key("nobody", key).ok());
    CHECK_FALSE(f.store->register_signing_key("new", std::vector<unsigned char>(31, 1)).ok());
}

TEMPLATE_TEST_CASE("heartbeats: every field kept, unreported ones stay unknown, stale devices listed first",
                   "[store]", Sqlite, Postgres) {
    Fixture<TestType> f;
    f.add("a", "Alpha");
    f.add("b", "Bravo");
    f.add("c", "Charlie");
    Heartbeat hb;
    hb.queue_depth = 12;
    hb.rejected = 0;
    hb.oldest_unsent_age_s = 3600;
    hb.free_disk_bytes = 5'000'000'000LL;  // over 32 bits
    hb.app_version = "1.2.3";
    hb.content_version = "2026.11.4";
    hb.last_error = "Kan niet verbinden: time-out";
    f.clock.advance(1000);
    REQUIRE(f.store->record_heartbeat("b", hb).ok());
    f.clock.advance(1000);
    Heartbeat sparse;  // an older app: only the version
    sparse.app_version = "1.0";
    REQUIRE(f.store->record_heartbeat("a", sparse).ok());
    auto b = f.store->device_by_id("b").value();
    CHECK(b->last_heartbeat_at == f.clock.wall_ms() - 1000);
    CHECK(b->last.queue_depth == 12);
    CHECK(b->last.rejected == 0);
    CHECK(b->last.oldest_unsent_age_s == 3600);
    CHECK(b->last.free_disk_bytes == 5'000'000'000LL);
    CHECK(b->last.app_version == "1.2.3");
    CHECK(b->last.content_version == "2026.11.4");
    CHECK(b->last.last_error == "Kan niet verbinden: time-out");
    auto a = f.store->device_by_id("a").value();
    CHECK(a->last.queue_depth == -1);
    CHECK(a->last.free_disk_bytes == -1);
    CHECK(a->last.app_version == "1.0");
    CHECK_FALSE(f.store->record_heartbeat("zz", hb).ok());
    auto all = f.store->devices().value();
    REQUIRE(all.size() == 3);
    CHECK(all[0].id == "c");  // never heard from
    CHECK(all[1].id == "b");  // oldest heartbeat
    CHECK(all[2].id == "a");
}

TEMPLATE_TEST_CASE("content channels: nothing until published, then the latest pack of each channel", "[store]", Sqlite,
                   Postgres) {
    Fixture<TestType> f;
    CHECK_FALSE(f.store->latest_content("stable").value().has_value());
    const std::vector<unsigned char> v1(100, 1), v2(2'000'000, 2), pilot(10, 3);
    REQUIRE(f.store->publish_content("stable", "1.0.0", v1).ok());
    f.clock.advance(10);
    REQUIRE(f.store->publish_content("pilot", "1.1.0", pilot).ok());
    f.clock.advance(10);
    REQUIRE(f.store->publish_content("stable", "1.0.1", v2).ok());
    auto s = f.store->latest_content("stable").value();
    REQUIRE(s.has_value());
    CHECK(s->channel == "stable");
    CHECK(s->version == "1.0.1");
    CHECK(s->bytes == v2);
    CHECK(s->published_at == f.clock.wall_ms());
    auto p = f.store->latest_content("pilot").value();
    REQUIRE(p.has_value());
    CHECK(p->version == "1.1.0");
    CHECK(p->bytes == pilot);
    CHECK_FALSE(f.store->latest_content("Stable").value().has_value());
}

TEMPLATE_TEST_CASE("export order: arrival order, from a time on, stopping early, and look-ups during the walk", "[store]",
                   Sqlite, Postgres) {
    Fixture<TestType> f;
    f.add("dev-1", "Library");
    f.add("dev-2", "Avenue");
    std::vector<std::string> expected;
    // Arrival order is not uuid order.
    for (int i = 0; i < 30; ++i) {
        const int n = (i * 7) % 30;
        REQUIRE(f.store->put_envelope(uuid_n(n), i % 2 ? "dev-2" : "dev-1", bytes_of("e" + std::to_string(n))).value() ==
                PutOutcome::Stored);
        expected.push_back(uuid_n(n));
        f.clock.advance(1000);
    }
    // A bulk load (demo data) lands after them, in its order, with put_envelope's outcomes.
    std::vector<Store::NewEnvelope> batch = {{uuid_n(100), "dev-1", bytes_of("b100")},
                                             {uuid_n(3), "dev-1", bytes_of("e3")},
                                             {uuid_n(4), "dev-1", bytes_of("other")},
                                             {uuid_n(101), "dev-2", bytes_of("b101")}};
    auto bulk = f.store->put_envelopes(batch);
    REQUIRE(bulk.ok());
    CHECK(bulk.value() == std::vector<PutOutcome>{PutOutcome::Stored, PutOutcome::Identical, PutOutcome::Conflict,
                                                  PutOutcome::Stored});
    expected.push_back(uuid_n(100));
    expected.push_back(uuid_n(101));
    const Millis bulk_time = f.clock.wall_ms();

    std::vector<std::string> order;
    std::set<std::string> names;
    REQUIRE(f.store->for_each_envelope([&](const StoredEnvelope& e) {
        order.push_back(e.uuid);
        // The export looks the device up while it walks (a second connection on PostgreSQL).
        auto d = f.store->device_by_id(e.device_id);
        if (d.ok() && d.value()) names.insert(d.value()->name);
        return true;
    }).ok());
    CHECK(order == expected);
    CHECK(names == std::set<std::string>{"Avenue", "Library"});

    std::vector<std::string> since;
    REQUIRE(f.store->for_each_envelope_since(f.clock.wall_ms() - 5000, [&](const StoredEnvelope& e) {
        since.push_back(e.uuid);
        return true;
    }).ok());
    CHECK(since == std::vector<std::string>(expected.end() - 7, expected.end()));
    CHECK(bulk_time == f.clock.wall_ms());

    int visited = 0;
    REQUIRE(f.store->for_each_envelope([&](const StoredEnvelope&) { return ++visited < 3; }).ok());
    CHECK(visited == 3);
    // The store still works after a walk stopped half-way.
    CHECK(f.store->envelope_count().value() == 32);
    for (int i = 0; i < 20; ++i) {  // more stopped walks than the pool has connections
        int n = 0;
        REQUIRE(f.store->for_each_envelope([&](const StoredEnvelope&) { return ++n < 1; }).ok());
    }
    CHECK(f.store->put_envelope(uuid_n(200), "dev-1", bytes_of("late")).value() == PutOutcome::Stored);
}

TEMPLATE_TEST_CASE("schema: the version is recorded, a reopened store keeps everything, a newer schema is refused",
                   "[store]", Sqlite, Postgres) {
    Fixture<TestType> f;
    f.add("dev-1", "Library");
    REQUIRE(f.store->put_envelope(uuid_n(1), "dev-1", bytes_of("x")).ok());
    auto v = f.store->schema_version();
    REQUIRE(v.ok());
    CHECK(v.value() == 1);
    f.store.reset();
    f.store = f.open();  // a second start migrates nothing and loses nothing
    CHECK(f.store->schema_version().value() == 1);
    CHECK(f.store->envelope_count().value() == 1);
    CHECK(f.store->device_by_id("dev-1").value().has_value());
    f.store.reset();
    TestType::set_schema_version(f.db, 99);
    auto newer = Store::open(f.db, &f.clock);
    REQUIRE_FALSE(newer.ok());
    CHECK(newer.error().message.find("newer") != std::string::npos);
}
