// A bad network between device and endpoint: the fault proxy refuses and
// resets connections, stalls past the device's timeout, answers 500/503/429
// with Retry-After and drops answers after the endpoint stored the envelope.
// Afterwards every envelope is on the endpoint exactly once and the outbox is
// empty, with a bounded number of retries.
#include <catch2/catch.hpp>
#include <set>

#include "sync_fixture.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::test;

TEST_CASE("through a faulty network every envelope arrives exactly once, with bounded retries", "[sync][faults]") {
    TempDir tmp("sync-faults");
    const fs::path db = tmp / "endpoint.sqlite";
    ServerProcess server(db);
    server.start();
    FaultProxy proxy(server.port(), /*seed=*/1234, /*fault_rate=*/0.45, /*stall_ms=*/2000);
    TestOrg org(tmp / "org");
    const fs::path dd = tmp / "device";
    org.enroll(db, proxy.url(), dd, "Kiosk behind a bad network");
    SystemClock clock;
    auto ob = Outbox::open(dd, clock);
    REQUIRE(ob.ok());
    auto& outbox = *ob.value();
    constexpr int kCount = 300;
    auto sent = fill_outbox(outbox, kCount);

    auto cfg = fast_config(dd);  // request timeout 1.5 s < the 2 s stalls
    sync::SyncWorker worker(outbox, cfg, clock);
    worker.start();
    // Faults for the whole drain; after 60 s (a very slow machine) the network heals.
    bool drained_under_faults = wait_until([&] { return outbox.counts().queued == 0; }, 60'000);
    proxy.set_fault_rate(0);
    bool drained = wait_until([&] { return outbox.counts().queued == 0; }, 30'000);
    if (!drained) {
        auto s = worker.status();
        std::string left;
        for (const auto& e : outbox.list())
            if (e.state != EnvelopeState::Acknowledged)
                left += e.uuid.substr(0, 8) + " " + to_string(e.state) + " attempts=" + std::to_string(e.attempts) +
                        " next_in=" + std::to_string(e.next_attempt_at - clock.wall_ms()) + " err=" + e.last_error +
                        "\n";
        INFO("worker " << sync::to_string(s.state) << " queue " << s.queue_depth << " last_error " << s.last_error
                       << " uploads " << s.uploads_total << " proxy requests " << proxy.requests() << "\n"
                       << left);
        REQUIRE(drained);
    }
    REQUIRE(wait_until([&] { return worker.status().state == sync::SyncStatus::State::Idle; }, 10'000));
    auto st = worker.status();
    worker.stop();
    CHECK(drained_under_faults);

    // Every fault kind happened.
    auto faults = proxy.counts();
    for (int f = FaultProxy::RefuseConnection; f < FaultProxy::kFaultCount; ++f) {
        INFO(FaultProxy::name(static_cast<FaultProxy::Fault>(f)));
        CHECK(faults[static_cast<FaultProxy::Fault>(f)] > 0);
    }

    // Exactly once on the endpoint, nothing left on the device.
    auto uuids = stored_uuids(db);
    std::set<std::string> unique(uuids.begin(), uuids.end());
    CHECK(uuids.size() == static_cast<std::size_t>(kCount));
    CHECK(unique.size() == static_cast<std::size_t>(kCount));
    for (const auto& [uuid, _] : sent) CHECK(unique.count(uuid) == 1);
    auto c = outbox.counts();
    CHECK(c.queued == 0);
    CHECK(c.rejected == 0);
    CHECK(c.acknowledged == kCount);

    // Bounded retries: with ~45% of requests failing, about two tries each on
    // average; no envelope needed more than a handful.
    int max_attempts = 0, total_attempts = 0;
    for (const auto& e : outbox.list()) {
        max_attempts = std::max(max_attempts, e.attempts);
        total_attempts += e.attempts;
    }
    INFO("total attempts " << total_attempts << ", max " << max_attempts << ", proxy requests "
                           << proxy.requests());
    CHECK(total_attempts <= 4 * kCount);
    CHECK(max_attempts <= 15);
    CHECK(st.uploads_total == total_attempts);
    CHECK(st.acknowledged_total == kCount);
}

TEST_CASE("Retry-After holds the whole queue back for as long as the endpoint asked", "[sync][faults]") {
    TempDir tmp("sync-retry-after");
    const fs::path db = tmp / "endpoint.sqlite";
    ServerProcess server(db);
    server.start();
    FaultProxy proxy(server.port(), 1, 0, 0);
    proxy.force(FaultProxy::Busy429);  // "429, Retry-After: 1" to everything
    TestOrg org(tmp / "org");
    const fs::path dd = tmp / "device";
    org.enroll(db, proxy.url(), dd, "Kiosk");
    SystemClock clock;
    auto ob = Outbox::open(dd, clock);
    REQUIRE(ob.ok());
    fill_outbox(*ob.value(), 3);
    auto cfg = fast_config(dd);
    cfg.concurrency = 1;
    cfg.backoff_base_ms = 5;           // without Retry-After it would retry within milliseconds
    cfg.retry_after_unit_ms = 300;     // "Retry-After: 1" = 300 ms here
    sync::SyncWorker worker(*ob.value(), cfg, clock);
    worker.start();
    REQUIRE(wait_until([&] { return proxy.request_times().size() >= 4; }, 10'000));
    auto times = proxy.request_times();
    auto st = worker.status();
    worker.stop();
    for (std::size_t i = 1; i < times.size(); ++i) CHECK(times[i] - times[i - 1] >= 290);
    CHECK(st.last_error.find("busy (429)") != std::string::npos);
    CHECK(stored_uuids(db).empty());
    CHECK(ob.value()->counts().queued == 3);

    // The endpoint recovers: everything goes.
    proxy.force(FaultProxy::Pass);
    worker.start();
    REQUIRE(wait_until([&] { return ob.value()->counts().queued == 0; }, 10'000));
    worker.stop();
    CHECK(stored_uuids(db).size() == 3);
}

TEST_CASE("\"sync now\" and a connectivity change retry at once instead of waiting out the backoff",
          "[sync][faults]") {
    TempDir tmp("sync-now");
    const fs::path db = tmp / "endpoint.sqlite";
    ServerProcess server(db);
    server.start();
    TestOrg org(tmp / "org");
    const fs::path dd = tmp / "device";
    org.enroll(db, server.url(), dd, "Kiosk");
    server.stop();
    SystemClock clock;
    auto ob = Outbox::open(dd, clock);
    REQUIRE(ob.ok());
    auto& outbox = *ob.value();
    fill_outbox(outbox, 5);
    auto cfg = fast_config(dd);
    cfg.backoff_base_ms = 60'000;  // a long backoff after the first failure
    cfg.backoff_cap_ms = 60'000;
    cfg.random_seed = 3;
    sync::SyncWorker worker(outbox, cfg, clock);

    SECTION("staff press \"sync now\"") {
        worker.start();
        REQUIRE(wait_until([&] { return worker.status().state == sync::SyncStatus::State::Waiting; }, 10'000));
        CHECK(worker.status().next_retry_in_ms > 0);
        server.restart();
        worker.sync_now();
    }
    SECTION("the network comes back") {
        worker.start();
        REQUIRE(wait_until([&] { return worker.status().state == sync::SyncStatus::State::Waiting; }, 10'000));
        worker.connectivity_changed(false);
        REQUIRE(wait_until([&] { return worker.status().state == sync::SyncStatus::State::Offline; }, 5'000));
        server.restart();
        worker.connectivity_changed(true);
    }
    REQUIRE(wait_until([&] { return outbox.counts().queued == 0; }, 5'000));
    worker.stop();
    CHECK(stored_uuids(db).size() == 5);
}
