// Benchmarks for the bench runner (JSON on stdout):
//   kioskdev bench-drain --count 10000   time to drain queued envelopes to a loopback endpoint, RSS
//   kioskdev bench-ingest --devices 50 --count N [--db URI --servers K]   endpoint ingest rate and
//       latency with concurrent devices (a SQLite file, or K processes on one PostgreSQL)
// The endpoint runs as a separate `kioskctl serve` process, as in production.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include "core/args.hpp"
#include "core/command.hpp"
#include "crypto/crypto.hpp"
#include "crypto/envelope.hpp"
#include "device/device.hpp"
#include "device/enrollment.hpp"
#include "endpoint/store.hpp"
#include "outbox/outbox.hpp"
#include "sync/sync_engine.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

long rss_kb() {
    std::ifstream in("/proc/self/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

// `kioskctl serve` as a child process on a free port.
struct ChildServer {
    pid_t pid = -1;
    std::string url;
    ~ChildServer() {
        if (pid > 0) {
            kill(pid, SIGTERM);
            waitpid(pid, nullptr, 0);
        }
    }
    bool start(const fs::path& db, const std::vector<std::string>& extra = {}) {
        int out[2];
        if (pipe(out)) return false;
        // kioskctl is built beside kioskdev; $KIOSKCTL overrides (an installed one).
        const char* env = std::getenv("KIOSKCTL");
        std::string self = env && *env ? std::string(env)
                                       : (fs::read_symlink("/proc/self/exe").parent_path() / "kioskctl").string();
        std::vector<std::string> args = {self, "serve", "--db", db.string(), "--listen", "127.0.0.1:0"};
        args.insert(args.end(), extra.begin(), extra.end());
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, out[1], 1);
        posix_spawn_file_actions_addclose(&fa, out[0]);
        posix_spawn_file_actions_addclose(&fa, out[1]);
        int rc = posix_spawn(&pid, self.c_str(), &fa, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&fa);
        close(out[1]);
        if (rc != 0) {
            pid = -1;
            close(out[0]);
            return false;
        }
        std::string line;
        char c;
        while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
        close(out[0]);
        auto at = line.find("http");
        if (at == std::string::npos) return false;
        url = line.substr(at);
        return true;
    }
};

struct Workspace {
    fs::path dir;
    explicit Workspace(const std::string& given) {
        if (!given.empty()) {
            dir = given;
            fs::create_directories(dir);
        } else {
            std::string t = (fs::temp_directory_path() / "kiosk-bench-XXXXXX").string();
            dir = mkdtemp(t.data());
        }
    }
    ~Workspace() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

int fail(const std::string& cmd, const std::string& msg) {
    std::cerr << "kioskdev " << cmd << ": " << msg << "\n";
    return 1;
}

const char* const kDrainHelp =
    "Queues COUNT sealed envelopes, then times the sync worker draining them to a\n"
    "`kioskctl serve` on 127.0.0.1; prints JSON (seconds, envelopes/s, RSS before/peak/after).\n";

int run_drain(const kiosk::ParsedArgs& args) {
    int count = 10000, concurrency = 4;
    try {
        count = std::stoi(args.get_or("--count", "10000"));
        concurrency = std::stoi(args.get_or("--concurrency", "4"));
    } catch (...) {
        return fail("bench-drain", "--count and --concurrency want numbers");
    }
    Workspace ws(args.get_or("--dir", ""));
    auto org = kiosk::init_org(ws.dir / "org");
    if (!org) return fail("bench-drain", org.error().message);
    const fs::path db = ws.dir / "endpoint.sqlite";
    ChildServer server;
    {
        auto store = kiosk::endpoint::Store::open(db);
        if (!store) return fail("bench-drain", store.error().message);
    }
    if (!server.start(db)) return fail("bench-drain", "cannot start kioskctl serve");
    auto bundle = kiosk::make_enrollment(*org, "", "bench", server.url, "");
    if (!bundle) return fail("bench-drain", bundle.error().message);
    {
        auto store = kiosk::endpoint::Store::open(db);
        kiosk::endpoint::DeviceRecord rec;
        rec.id = bundle->device_id;
        rec.name = "bench";
        rec.signing_public_key = bundle->device_signing_public_key;
        if (auto s = store.value()->add_device(rec, kiosk::endpoint::token_hash(bundle->token)); !s)
            return fail("bench-drain", s.error().message);
    }
    const fs::path dd = ws.dir / "device";
    if (auto s = kiosk::apply_bundle(*bundle, dd); !s) return fail("bench-drain", s.error().message);
    kiosk::SystemClock clock;
    auto ob = kiosk::Outbox::open(dd, clock);
    if (!ob) return fail("bench-drain", ob.error().message);
    auto& outbox = *ob.value();
    const std::string response =
        R"({"resourceType":"QuestionnaireResponse","questionnaire":"https://fhir.intake-kiosk.example/Questionnaire/howareyou-short|1.0.0",)"
        R"("status":"completed","authored":"2026-11-29T09:00:00Z","item":[{"linkId":"wellbeing","answer":[{"valueInteger":7}]},)"
        R"({"linkId":"remarks","answer":[{"valueString":"gaat wel"}]}]})";
    kiosk::ResponseMeta meta{"howareyou-short", "1.0.0", "short", "nl", 120, false, "finished"};
    const auto fill_start = Clock::now();
    for (int i = 0; i < count; ++i) {
        auto r = outbox.finish(response, meta);
        if (!r || !r->durable) return fail("bench-drain", "could not queue envelope " + std::to_string(i));
    }
    const double fill_s = std::chrono::duration<double>(Clock::now() - fill_start).count();

    auto cfg = kiosk::sync::load_sync_config(dd);
    if (!cfg) return fail("bench-drain", cfg.error().message);
    cfg->concurrency = concurrency;
    cfg->heartbeat_interval_ms = 0;
    const long rss_before = rss_kb();
    std::atomic<long> rss_peak{rss_before};
    std::atomic<bool> done{false};
    std::thread sampler([&] {
        while (!done) {
            rss_peak = std::max(rss_peak.load(), rss_kb());
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
    const auto start = Clock::now();
    kiosk::sync::SyncWorker worker(outbox, *cfg, clock);
    worker.start();
    while (outbox.counts().queued > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    auto st = worker.status();
    worker.stop();
    done = true;
    sampler.join();
    const long rss_after = rss_kb();
    auto stored = kiosk::endpoint::Store::open(db);
    const auto on_endpoint = stored ? stored.value()->envelope_count() : kiosk::Result<std::int64_t>(0);
    nlohmann::json out = {{"bench", "drain"},
                          {"count", count},
                          {"concurrency", concurrency},
                          {"seconds", seconds},
                          {"envelopes_per_s", count / seconds},
                          {"target_seconds", 10},
                          {"queue_fill_seconds", fill_s},
                          {"uploads", st.uploads_total},
                          {"on_endpoint", on_endpoint.ok() ? on_endpoint.value() : -1},
                          {"rss_before_kb", rss_before},
                          {"rss_peak_kb", rss_peak.load()},
                          {"rss_after_kb", rss_after}};
    std::cout << out.dump() << "\n";
    return on_endpoint.ok() && on_endpoint.value() == count ? 0 : 1;
}

std::size_t discard(char*, std::size_t size, std::size_t n, void*) { return size * n; }

const char* const kIngestHelp =
    "                             [--db postgresql://... [--servers 2]]\n"
    "DEVICES enrolled devices upload COUNT envelopes in total, all at once (one keep-alive\n"
    "connection each), to `kioskctl serve` on 127.0.0.1; prints JSON (envelopes/s, request\n"
    "latency median / p99). The store is a fresh SQLite file in WORKDIR, or --db: an empty\n"
    "PostgreSQL database, served by --servers processes (devices spread round-robin).\n";

int run_ingest(const kiosk::ParsedArgs& args) {
    int devices = 50, count = 10000, servers = 1;
    try {
        devices = std::stoi(args.get_or("--devices", "50"));
        count = std::stoi(args.get_or("--count", "10000"));
        servers = std::stoi(args.get_or("--servers", "1"));
    } catch (...) {
        return fail("bench-ingest", "--devices, --count and --servers want numbers");
    }
    if (devices < 1 || count < devices) return fail("bench-ingest", "want --devices >= 1 and --count >= --devices");
    if (servers < 1 || servers > devices) return fail("bench-ingest", "want 1 <= --servers <= --devices");
    Workspace ws(args.get_or("--dir", ""));
    auto org = kiosk::init_org(ws.dir / "org");
    if (!org) return fail("bench-ingest", org.error().message);
    const fs::path db = args.get_or("--db", (ws.dir / "endpoint.sqlite").string());
    if (servers > 1 && !kiosk::endpoint::is_postgres_uri(db.string()))
        return fail("bench-ingest", "--servers > 1 wants --db postgresql://... (a SQLite file has one writer process)");
    struct Dev {
        kiosk::EnrollmentBundle bundle;
        std::vector<kiosk::crypto::Bytes> envelopes;
        std::vector<std::string> uuids;
        std::size_t next = 0;
        CURL* easy = nullptr;
        curl_slist* headers = nullptr;
        std::string url;
        std::string server;  // the endpoint process this device talks to
        Clock::time_point sent_at;
    };
    std::vector<Dev> devs(static_cast<std::size_t>(devices));
    {
        auto store = kiosk::endpoint::Store::open(db);
        if (!store) return fail("bench-ingest", store.error().message);
        if (auto n = store.value()->envelope_count(); !n || n.value() != 0)
            return fail("bench-ingest", "the store is not empty: " + kiosk::endpoint::describe_db(db.string()));
        const std::string plain(700, 'x');
        for (int d = 0; d < devices; ++d) {
            // v1: the benchmark plays the devices, so it holds their signing keys.
            auto b = kiosk::make_enrollment(*org, "", "bench-" + std::to_string(d), "", "", 1);
            if (!b) return fail("bench-ingest", b.error().message);
            kiosk::endpoint::DeviceRecord rec;
            rec.id = b->device_id;
            rec.name = b->name;
            rec.signing_public_key = b->device_signing_public_key;
            if (auto s = store.value()->add_device(rec, kiosk::endpoint::token_hash(b->token)); !s)
                return fail("bench-ingest", s.error().message);
            devs[d].bundle = std::move(b.value());
        }
        for (int i = 0; i < count; ++i) {
            Dev& dev = devs[static_cast<std::size_t>(i % devices)];
            kiosk::crypto::EnvelopeHeader h;
            h.uuid = kiosk::crypto::uuid_v4();
            h.device_id = dev.bundle.device_id;
            h.created_at = kiosk::crypto::rfc3339_utc(1'780'000'000'000);
            h.key_id = org->key_id;
            auto env = kiosk::crypto::make_envelope(h, reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                                                    org->results_public_key, dev.bundle.device_signing_secret_key);
            if (!env) return fail("bench-ingest", env.error().message);
            dev.envelopes.push_back(std::move(env.value()));
            dev.uuids.push_back(h.uuid);
        }
    }
    std::vector<std::unique_ptr<ChildServer>> procs;
    for (int k = 0; k < servers; ++k) {
        procs.push_back(std::make_unique<ChildServer>());
        // The devices all come from 127.0.0.1 here; in the field each has its own
        // address, so the per-address connection bound (issue 14) is lifted for them.
        if (!procs.back()->start(db, {"--max-connections-per-address", std::to_string(devices + 8)}))
            return fail("bench-ingest", "cannot start kioskctl serve");
    }
    for (int d = 0; d < devices; ++d) devs[static_cast<std::size_t>(d)].server = procs[static_cast<std::size_t>(d % servers)]->url;
    std::vector<double> latencies_ms;
    latencies_ms.reserve(static_cast<std::size_t>(count));
    std::map<std::string, int> failures;  // what the failed requests got
    kiosk::sync::global_init();
    CURLM* multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(devices));
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, static_cast<long>(devices));
    kiosk::sync::TransportConfig tc;
    int ok = 0, bad = 0;
    auto start_next = [&](Dev& dev) {
        if (dev.next >= dev.envelopes.size()) return;
        const auto& env = dev.envelopes[dev.next];
        dev.url = kiosk::sync::join_url(dev.server, "/v1/envelopes/" + dev.uuids[dev.next]);
        curl_easy_setopt(dev.easy, CURLOPT_URL, dev.url.c_str());
        curl_easy_setopt(dev.easy, CURLOPT_POSTFIELDS, env.data());
        curl_easy_setopt(dev.easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(env.size()));
        dev.sent_at = Clock::now();
        curl_multi_add_handle(multi, dev.easy);
        ++dev.next;
    };
    for (auto& dev : devs) {
        dev.easy = curl_easy_init();
        tc.endpoint = dev.server;
        tc.token = dev.bundle.token;
        kiosk::sync::apply_common_options(dev.easy, tc, &dev.headers, nullptr);
        curl_easy_setopt(dev.easy, CURLOPT_HTTPHEADER, dev.headers);
        curl_easy_setopt(dev.easy, CURLOPT_CUSTOMREQUEST, "PUT");
        curl_easy_setopt(dev.easy, CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(dev.easy, CURLOPT_PRIVATE, &dev);
    }
    const auto t0 = Clock::now();
    for (auto& dev : devs) start_next(dev);
    int running = 1;
    while (ok + bad < count) {
        curl_multi_perform(multi, &running);
        int left = 0;
        while (CURLMsg* m = curl_multi_info_read(multi, &left)) {
            if (m->msg != CURLMSG_DONE) continue;
            Dev* dev = nullptr;
            curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&dev));
            long status = 0;
            curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &status);
            ((m->data.result == CURLE_OK && status == 201) ? ok : bad)++;
            if (m->data.result != CURLE_OK) failures[std::string("curl: ") + curl_easy_strerror(m->data.result)]++;
            else if (status != 201) failures["HTTP " + std::to_string(status)]++;
            latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - dev->sent_at).count());
            curl_multi_remove_handle(multi, m->easy_handle);
            start_next(*dev);
        }
        if (ok + bad < count) curl_multi_poll(multi, nullptr, 0, 100, nullptr);
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    for (auto& dev : devs) {
        curl_slist_free_all(dev.headers);
        curl_easy_cleanup(dev.easy);
    }
    curl_multi_cleanup(multi);
    // What the database holds at the end: every 201 is there, once.
    std::int64_t on_store = -1;
    if (auto store = kiosk::endpoint::Store::open(db))
        if (auto n = store.value()->envelope_count()) on_store = n.value();
    std::sort(latencies_ms.begin(), latencies_ms.end());
    auto pct = [&](double p) {
        return latencies_ms.empty() ? 0.0
                                    : latencies_ms[std::min(latencies_ms.size() - 1,
                                                            static_cast<std::size_t>(p * static_cast<double>(latencies_ms.size())))];
    };
    nlohmann::json out = {{"bench", "ingest"},     {"devices", devices},          {"count", count},
                          {"store", kiosk::endpoint::is_postgres_uri(db.string()) ? "postgresql" : "sqlite"},
                          {"servers", servers},
                          {"stored", ok},          {"failed", bad},               {"seconds", seconds},
                          {"on_store", on_store},
                          {"envelopes_per_s", ok / seconds}, {"target_envelopes_per_s", 2000},
                          {"median_ms", pct(0.5)}, {"p99_ms", pct(0.99)}, {"failures", failures}};
    std::cout << out.dump() << "\n";
    return bad == 0 && on_store == ok ? 0 : 1;
}

kiosk::CommandRegistrar reg_drain("kioskdev", {.name = "bench-drain",
                                               .usage = "kioskdev bench-drain [--count 10000] [--concurrency 4] [--dir WORKDIR]",
                                               .summary = "drain queued envelopes to a loopback endpoint; prints JSON",
                                               .value_flags = {"--count", "--concurrency", "--dir"},
                                               .help = kDrainHelp,
                                               .body = run_drain});
kiosk::CommandRegistrar reg_ingest("kioskdev", {.name = "bench-ingest",
                                                .usage = "kioskdev bench-ingest [--devices 50] [--count 10000] [--dir WORKDIR]",
                                                .summary = "endpoint ingest rate with concurrent devices; prints JSON",
                                                .value_flags = {"--devices", "--count", "--dir", "--db",
                                                                "--servers"},
                                                .help = kIngestHelp,
                                                .body = run_ingest});

}  // namespace
