// Issue 14, "device keys travel in the bundle": with enrollment bundle v2 the
// device makes its own Ed25519 signing key and registers only the public half
// with the endpoint (PUT /v2/devices/{id}/signing-key). Real parts only:
// `kioskctl device enroll` / `kioskctl serve` on 127.0.0.1, `kiosk enroll` and
// `kiosk sync`, real SQLite files and libsodium.
#include <sys/stat.h>

#include <regex>
#include <set>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sodium.h>
#include <sqlite3.h>

#include "crypto/crypto.hpp"
#include "crypto/envelope.hpp"
#include "device/device.hpp"
#include "device/enrollment.hpp"
#include "device/signing_key.hpp"
#include "endpoint/store.hpp"
#include "outbox/outbox.hpp"
#include "qr/qr.hpp"
#include "sync/key_registration.hpp"
#include "sync/transport.hpp"
#include "sync_fixture.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::test;

namespace {

RunResult device_enroll(const TestOrg& org, const fs::path& db, const std::string& endpoint, const fs::path& out,
                        std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"device", "enroll", "--db", db.string(), "--endpoint", endpoint,
                                     "--org", org.dir.string(), "--out", out.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(KIOSKCTL_BIN, args);
}

RunResult kiosk_enroll(const fs::path& data, const fs::path& bundle) {
    return run(KIOSK_BIN, {"enroll", "--data-dir", data.string(), bundle.string()});
}

RunResult kiosk_sync_once(const fs::path& data) { return run(KIOSK_BIN, {"sync", "--data-dir", data.string(), "--once"}); }

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

crypto::Bytes device_public_key(const fs::path& data) {
    auto cfg = read_device_config(data);
    REQUIRE(cfg.ok());
    return cfg->device_signing_public_key;
}

// What the endpoint database says about one device (`kioskctl devices --json`).
nlohmann::json device_row(const fs::path& db, const std::string& id) {
    auto r = run(KIOSKCTL_BIN, {"devices", "--db", db.string(), "--json"});
    REQUIRE(r.exit_code == 0);
    for (auto& d : nlohmann::json::parse(r.out))
        if (d["id"] == id) return d;
    FAIL("device " << id << " not in kioskctl devices");
    return {};
}

std::vector<unsigned char> endpoint_key(const fs::path& db, const std::string& id) {
    auto store = endpoint::Store::open(db);
    REQUIRE(store.ok());
    auto d = store.value()->device_by_id(id);
    REQUIRE(d.ok());
    REQUIRE(d->has_value());
    return (*d)->signing_public_key;
}

OutboxCounts counts_of(const fs::path& data) {
    SystemClock clock;
    auto ob = Outbox::open(data, clock, Outbox::Mode::DrainOnly);
    REQUIRE(ob.ok());
    return (*ob)->counts();
}

void seal(const fs::path& data, int n, unsigned seed) {
    SystemClock clock;
    auto ob = Outbox::open(data, clock);
    REQUIRE(ob.ok());
    fill_outbox(**ob, n, seed);
}

sync::TransportConfig transport_for(const std::string& url, const std::string& token) {
    sync::TransportConfig t;
    t.endpoint = url;
    t.token = token;
    t.connect_timeout_ms = 2000;
    t.request_timeout_ms = 3000;
    return t;
}

crypto::Bytes envelope_signed_by(const EnrollmentBundle& b, const std::string& uuid, const crypto::SecureBytes& sk) {
    crypto::EnvelopeHeader h;
    h.uuid = uuid;
    h.device_id = b.device_id;
    h.created_at = crypto::rfc3339_utc(SystemClock().wall_ms());
    h.key_id = b.org.key_id;
    const std::string text = R"({"response":{"resourceType":"QuestionnaireResponse"}})";
    auto env = crypto::make_envelope(h, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                                     b.org.results_public_key, sk);
    REQUIRE(env.ok());
    return *env;
}

long put_envelope(const std::string& url, const std::string& token, const std::string& uuid, const crypto::Bytes& body) {
    auto r = http_put_envelope(url, token, uuid, body);
    REQUIRE(r.ok());
    return r->status;
}

// A free port with nothing listening on it (an endpoint that is not there yet).
int unused_port(const fs::path& dir) {
    ServerProcess probe(dir / "probe.sqlite");
    probe.start();
    const int port = probe.port();
    probe.stop();
    return port;
}

// The dark modules an SVG written by `kioskctl device enroll --qr` draws
// ("M<x> <y>h4v4h-4z" per module, 4 px per module, 4 modules quiet zone).
std::set<std::pair<int, int>> svg_modules(const std::string& svg) {
    std::set<std::pair<int, int>> out;
    std::regex cell("M(\\d+) (\\d+)h4v4h-4z");
    for (std::sregex_iterator it(svg.begin(), svg.end(), cell), end; it != end; ++it)
        out.insert({std::stoi((*it)[1]) / 4 - 4, std::stoi((*it)[2]) / 4 - 4});
    return out;
}

bool contains_bytes(const std::string& hay, const unsigned char* p, std::size_t n) {
    return std::search(hay.begin(), hay.end(), p, p + n) != hay.end();
}

}  // namespace

TEST_CASE("a v2 bundle and its QR code hold no device key, and the device makes its own, kept 0600", "[signing]") {
    TempDir dir("sig-nokey");
    TestOrg org(dir / "org");
    const fs::path db = dir / "endpoint.sqlite", data = dir / "data";
    auto made = device_enroll(org, db, "https://intake.example.org", dir / "b.json", {"--qr", (dir / "b.svg").string()});
    INFO(made.err);
    REQUIRE(made.exit_code == 0);
    CHECK(made.out.find("made by the device at enrollment") != std::string::npos);
    const std::string bundle = read_file(dir / "b.json"), svg = read_file(dir / "b.svg");
    auto j = nlohmann::json::parse(bundle);
    CHECK(j["format"] == "intake-kiosk-enrollment/2");
    CHECK_FALSE(j.contains("device_signing_secret_key"));
    CHECK_FALSE(j.contains("device_signing_public_key"));

    // The QR code is exactly the bundle's text, module for module.
    auto m = qr::encode(bundle);
    REQUIRE(m.ok());
    std::set<std::pair<int, int>> expected;
    for (int y = 0; y < m->size; ++y)
        for (int x = 0; x < m->size; ++x)
            if (m->dark(x, y)) expected.insert({x, y});
    CHECK(svg_modules(svg) == expected);

    // Before the device exists, the endpoint knows no key for it.
    auto b = read_bundle(dir / "b.json");
    REQUIRE(b.ok());
    CHECK(device_row(db, b->device_id)["signing_key"] == "awaiting");
    CHECK(endpoint_key(db, b->device_id).empty());

    auto applied = kiosk_enroll(data, dir / "b.json");
    INFO(applied.err);
    REQUIRE(applied.exit_code == 0);
    const fs::path sk_file = data / "keys" / kSigningKeyName;
    CHECK(mode_of(sk_file) == 0600);
    CHECK(mode_of(data / "keys") == 0700);
    const std::string sk = read_file(sk_file);
    REQUIRE(sk.size() == 64);
    crypto::SecureBytes sk_bytes(sk.begin(), sk.end());
    const auto pk = device_public_key(data);
    CHECK(crypto::sign_public_from_secret(sk_bytes) == pk);
    CHECK(applied.out.find(key_fingerprint(pk)) != std::string::npos);

    // Neither the bundle nor the QR text nor the endpoint's database holds any
    // form of the key the device made: raw, seed, base64, hex; not even its public half.
    const auto* raw = reinterpret_cast<const unsigned char*>(sk.data());
    const std::string forms[] = {crypto::to_base64(raw, 64), crypto::to_base64(raw, 32), crypto::to_base64(raw, 64, true),
                                 crypto::to_hex(raw, 64), crypto::to_base64(pk)};
    const std::string db_bytes = read_file(db);
    for (const std::string& where : {bundle, db_bytes}) {
        CHECK_FALSE(contains_bytes(where, raw, 32));
        for (const auto& f : forms) CHECK(where.find(f) == std::string::npos);
    }
    // Each device makes its own: a second data dir from a second bundle has another key.
    REQUIRE(device_enroll(org, db, "https://intake.example.org", dir / "c.json").exit_code == 0);
    REQUIRE(kiosk_enroll(dir / "data2", dir / "c.json").exit_code == 0);
    CHECK(device_public_key(dir / "data2") != pk);
}

TEST_CASE("enrolled offline, the kiosk seals with its own key, keeps everything queued, tells staff why, "
          "and sends once the key is registered", "[signing]") {
    TempDir dir("sig-offline");
    TestOrg org(dir / "org");
    const fs::path db = dir / "endpoint.sqlite", data = dir / "data";
    ServerProcess server(db);
    const int port = unused_port(dir.path());
    const std::string url = "http://127.0.0.1:" + std::to_string(port);
    REQUIRE(run(KIOSKCTL_BIN, {"device", "enroll", "--db", db.string(), "--endpoint", url, "--org", org.dir.string(),
                               "--out", (dir / "b.json").string(), "--pin-stdin"},
                {}, "482913\n")
                .exit_code == 0);
    REQUIRE(kiosk_enroll(data, dir / "b.json").exit_code == 0);
    const auto pk = device_public_key(data);
    seal(data, 3, 11);
    {
        // Signed with the key made here, before any endpoint has seen it.
        SystemClock clock;
        auto ob = Outbox::open(data, clock, Outbox::Mode::DrainOnly);
        REQUIRE(ob.ok());
        for (const auto& e : (*ob)->list()) CHECK(crypto::verify_envelope(*(*ob)->envelope_bytes(e.uuid), pk).ok());
    }

    auto offline = kiosk_sync_once(data);
    CHECK(offline.exit_code == 1);
    CHECK(offline.err.find("Signing key not registered with the endpoint yet") != std::string::npos);
    CHECK(offline.err.find("Cannot connect") != std::string::npos);
    CHECK(counts_of(data).queued == 3);
    CHECK_FALSE(fs::exists(data / kSigningKeyRegisteredFile));

    // Staff see the reason on the staff screen.
    KioskRunOptions o;
    o.data = data;
    o.lang = "en";
    auto ui = run_kiosk_script(dir,
               "hold staff.corner 3s\ntap pin.4\ntap pin.8\ntap pin.2\ntap pin.9\ntap pin.1\ntap pin.3\ntap pin.ok\n"
               "expect-screen staff\nwait-text Signing key not registered\nscreenshot " +
                   (dir / "staff.png").string() + "\nquit\n", o);
    INFO(ui.err);
    CHECK(ui.exit_code == 0);
    CHECK(fs::exists(dir / "staff.png"));
    CHECK(counts_of(data).queued == 3);

    // The endpoint comes up: the first sync registers the key, then sends.
    server.start(port);
    auto online = kiosk_sync_once(data);
    INFO(online.err);
    CHECK(online.exit_code == 0);
    CHECK(stored_uuids(db).size() == 3);
    CHECK(counts_of(data).queued == 0);
    CHECK(endpoint_key(db, read_bundle(dir / "b.json")->device_id) == pk);
    auto row = device_row(db, read_bundle(dir / "b.json")->device_id);
    CHECK(row["signing_key"] == "device");
    CHECK(row["signing_key_fingerprint"] == key_fingerprint(pk));
    CHECK(mode_of(data / kSigningKeyRegisteredFile) == 0600);
    auto ex = run(KIOSKCTL_BIN, {"export", "--db", db.string(), "--key", org.dir.string(), "--out", (dir / "out").string()});
    INFO(ex.err);
    CHECK(ex.exit_code == 0);
}

TEST_CASE("the endpoint keeps the first key: a bundle used elsewhere first gets the real kiosk a 409 and an alert, "
          "and envelopes signed by any other key are refused", "[signing]") {
    TempDir dir("sig-stolen");
    TestOrg org(dir / "org");
    const fs::path db = dir / "endpoint.sqlite";
    ServerProcess server(db);
    server.start();
    REQUIRE(device_enroll(org, db, server.url(), dir / "b.json").exit_code == 0);
    auto bundle = read_bundle(dir / "b.json");
    REQUIRE(bundle.ok());

    // Someone copied the bundle and used it first.
    REQUIRE(kiosk_enroll(dir / "thief", dir / "b.json").exit_code == 0);
    REQUIRE(kiosk_sync_once(dir / "thief").exit_code == 0);
    const auto thief_pk = device_public_key(dir / "thief");
    CHECK(endpoint_key(db, bundle->device_id) == thief_pk);

    // The real kiosk: its registration is refused, it keeps and tells.
    REQUIRE(kiosk_enroll(dir / "real", dir / "b.json").exit_code == 0);
    seal(dir / "real", 2, 5);
    auto refused = kiosk_sync_once(dir / "real");
    CHECK(refused.exit_code == 1);
    CHECK(refused.err.find("holds a different signing key") != std::string::npos);
    CHECK(refused.err.find("--replaces " + bundle->device_id) != std::string::npos);
    CHECK(counts_of(dir / "real").queued == 2);
    CHECK(stored_uuids(db).empty());
    CHECK(endpoint_key(db, bundle->device_id) == thief_pk);  // nothing changed

    // By hand, with the token: another key is refused (409), the same key again is 200.
    auto real_reg = key_registration(dir / "real");
    REQUIRE(real_reg.ok());
    auto again = sync::register_signing_key(transport_for(server.url(), bundle->token), *real_reg);
    CHECK(again.conflict);
    auto thief_reg = key_registration(dir / "thief");
    REQUIRE(thief_reg.ok());
    CHECK(sync::register_signing_key(transport_for(server.url(), bundle->token), *thief_reg).outcome ==
          sync::Outcome::Acknowledged);
    // A proof made by another key for this public key is refused.
    auto forged = *thief_reg;
    forged.public_key = crypto::sign_keypair().public_key;
    auto bad_proof = sync::http_request(transport_for(server.url(), bundle->token), "PUT",
                                        "/v2/devices/" + bundle->device_id + "/signing-key",
                                        nlohmann::json{{"public_key", crypto::to_base64(forged.public_key)},
                                                       {"proof", crypto::to_base64(forged.proof)}}
                                            .dump(),
                                        "application/json");
    REQUIRE(bad_proof.ok());
    CHECK(bad_proof->status == 400);

    // Envelopes for this device signed by any key but the registered one: 400, nothing stored.
    auto real_id = load_device_identity(dir / "real");
    REQUIRE(real_id.ok());
    const auto stranger = crypto::sign_keypair();
    for (const crypto::SecureBytes* sk : {static_cast<const crypto::SecureBytes*>(&real_id->signing_secret_key), &stranger.secret_key}) {
        const std::string uuid = crypto::uuid_v4();
        CHECK(put_envelope(server.url(), bundle->token, uuid, envelope_signed_by(*bundle, uuid, *sk)) == 400);
    }
    CHECK(stored_uuids(db).empty());
    // The registered key's envelopes do go in (so it is the key that is refused, not the device).
    auto thief_id = load_device_identity(dir / "thief");
    const std::string ok_uuid = crypto::uuid_v4();
    CHECK(put_envelope(server.url(), bundle->token, ok_uuid, envelope_signed_by(*bundle, ok_uuid, thief_id->signing_secret_key)) ==
          201);
}

TEST_CASE("a v1 bundle still enrolls and syncs without any registration step", "[signing]") {
    TempDir dir("sig-v1");
    TestOrg org(dir / "org");
    const fs::path db = dir / "endpoint.sqlite", data = dir / "data";
    ServerProcess server(db);
    server.start();
    auto made = device_enroll(org, db, server.url(), dir / "b.json", {"--bundle-version", "1"});
    INFO(made.err);
    REQUIRE(made.exit_code == 0);
    auto j = nlohmann::json::parse(read_file(dir / "b.json"));
    CHECK(j["format"] == "intake-kiosk-enrollment/1");
    REQUIRE(j.contains("device_signing_secret_key"));
    auto bundle = read_bundle(dir / "b.json");
    REQUIRE(bundle.ok());
    CHECK(device_row(db, bundle->device_id)["signing_key"] == "bundle");
    REQUIRE(kiosk_enroll(data, dir / "b.json").exit_code == 0);
    CHECK(device_public_key(data) == bundle->device_signing_public_key);
    CHECK_FALSE(signing_key_pending(data));
    // device.json from before v2 had no "signing_key_origin": still a bundle key.
    auto cfg = nlohmann::json::parse(read_file(data / "device.json"));
    CHECK(cfg["signing_key_origin"] == "bundle");
    cfg.erase("signing_key_origin");
    write_file(data / "device.json", cfg.dump(2));
    ::chmod((data / "device.json").c_str(), 0600);
    CHECK_FALSE(signing_key_pending(data));
    seal(data, 2, 3);
    auto synced = kiosk_sync_once(data);
    INFO(synced.err);
    CHECK(synced.exit_code == 0);
    CHECK(stored_uuids(db).size() == 2);
    CHECK_FALSE(fs::exists(data / kSigningKeyRegisteredFile));  // nothing was registered
    auto bad = device_enroll(org, db, server.url(), dir / "c.json", {"--bundle-version", "3"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("--bundle-version 3: want 2 (the default) or 1") != std::string::npos);
}

TEST_CASE("re-enrollment with v2 bundles: what the old identity sealed is delivered, also when it never "
          "reached the endpoint", "[signing]") {
    TempDir dir("sig-reenroll");
    TestOrg org(dir / "org");
    const fs::path db = dir / "endpoint.sqlite";
    ServerProcess server(db);
    server.start();

    SECTION("the old identity had registered its key") {
        const fs::path data = dir / "data";
        REQUIRE(device_enroll(org, db, server.url(), dir / "old.json").exit_code == 0);
        REQUIRE(kiosk_enroll(data, dir / "old.json").exit_code == 0);
        REQUIRE(kiosk_sync_once(data).exit_code == 0);  // registers
        const auto old_pk = device_public_key(data);
        seal(data, 2, 21);  // sealed, not sent
        const std::string old_id = read_bundle(dir / "old.json")->device_id;
        REQUIRE(device_enroll(org, db, server.url(), dir / "new.json", {"--replaces", old_id}).exit_code == 0);
        auto applied = kiosk_enroll(data, dir / "new.json");
        INFO(applied.err);
        REQUIRE(applied.exit_code == 0);
        CHECK(device_public_key(data) != old_pk);  // a new identity, a new key
        auto synced = kiosk_sync_once(data);
        INFO(synced.err);
        CHECK(synced.exit_code == 0);
        CHECK(stored_uuids(db).size() == 2);
        CHECK(endpoint_key(db, read_bundle(dir / "new.json")->device_id) == device_public_key(data));
    }
    SECTION("the old identity never reached its endpoint (a wrong URL in its bundle)") {
        const fs::path data = dir / "data";
        const std::string dead = "http://127.0.0.1:" + std::to_string(unused_port(dir.path()));
        REQUIRE(device_enroll(org, db, dead, dir / "old.json").exit_code == 0);
        REQUIRE(kiosk_enroll(data, dir / "old.json").exit_code == 0);
        const auto old_pk = device_public_key(data);
        seal(data, 3, 22);
        CHECK(kiosk_sync_once(data).exit_code == 1);
        const std::string old_id = read_bundle(dir / "old.json")->device_id;
        REQUIRE(device_enroll(org, db, server.url(), dir / "new.json", {"--replaces", old_id}).exit_code == 0);
        REQUIRE(kiosk_enroll(data, dir / "new.json").exit_code == 0);
        auto synced = kiosk_sync_once(data);
        INFO(synced.err);
        CHECK(synced.exit_code == 0);
        CHECK(stored_uuids(db).size() == 3);
        // The new identity brought the old one's key along, with the old key's proof.
        CHECK(endpoint_key(db, old_id) == old_pk);
        CHECK(device_row(db, old_id)["signing_key"] == "device");
        auto ex = run(KIOSKCTL_BIN, {"export", "--db", db.string(), "--key", org.dir.string(), "--out", (dir / "out").string()});
        INFO(ex.err);
        CHECK(ex.exit_code == 0);
    }
    SECTION("a device cannot register a key for an identity it did not replace") {
        REQUIRE(device_enroll(org, db, "http://127.0.0.1:9", dir / "other.json").exit_code == 0);
        const std::string other_id = read_bundle(dir / "other.json")->device_id;
        REQUIRE(device_enroll(org, db, server.url(), dir / "mine.json").exit_code == 0);
        REQUIRE(kiosk_enroll(dir / "mine", dir / "mine.json").exit_code == 0);
        auto reg = key_registration(dir / "mine");
        REQUIRE(reg.ok());
        const auto planted = crypto::sign_keypair();
        reg->predecessors.push_back({other_id, planted.public_key,
                                     make_signing_key_proof(other_id, planted.public_key, planted.secret_key)});
        auto r = sync::register_signing_key(transport_for(server.url(), read_bundle(dir / "mine.json")->token), *reg);
        CHECK(r.outcome == sync::Outcome::Acknowledged);
        CHECK(endpoint_key(db, other_id).empty());
    }
}

TEST_CASE("the registration is idempotent: a lost answer, restarts of both sides and a repeated enrollment "
          "change nothing", "[signing]") {
    TempDir dir("sig-idempotent");
    TestOrg org(dir / "org");
    const fs::path db = dir / "endpoint.sqlite", data = dir / "data";
    ServerProcess server(db);
    server.start();
    FaultProxy proxy(server.port(), 1, 0.0, 0);
    REQUIRE(device_enroll(org, db, proxy.url(), dir / "b.json").exit_code == 0);
    const std::string id = read_bundle(dir / "b.json")->device_id;
    REQUIRE(kiosk_enroll(data, dir / "b.json").exit_code == 0);
    const auto pk = device_public_key(data);
    seal(data, 2, 31);

    // The endpoint stores the key, the answer never arrives, the kiosk process ends.
    proxy.force(FaultProxy::DropAfterStore);
    auto lost = kiosk_sync_once(data);
    CHECK(lost.exit_code == 1);
    CHECK(lost.err.find("Signing key not registered") != std::string::npos);
    CHECK(endpoint_key(db, id) == pk);
    CHECK_FALSE(fs::exists(data / kSigningKeyRegisteredFile));
    CHECK(counts_of(data).queued == 2);
    const auto registered_at = device_row(db, id)["signing_key_registered_at"];
    REQUIRE(registered_at.is_string());

    // The endpoint restarts too; then the kiosk asks again: 200, the same key, and it sends.
    server.stop();
    server.restart();
    proxy.force(FaultProxy::Pass);
    auto again = kiosk_sync_once(data);
    INFO(again.err);
    CHECK(again.exit_code == 0);
    CHECK(stored_uuids(db).size() == 2);
    CHECK(fs::exists(data / kSigningKeyRegisteredFile));
    CHECK(device_row(db, id)["signing_key_registered_at"] == registered_at);

    // `kiosk enroll` with the same bundle again keeps the key the endpoint holds.
    auto repeated = kiosk_enroll(data, dir / "b.json");
    INFO(repeated.err);
    REQUIRE(repeated.exit_code == 0);
    CHECK(device_public_key(data) == pk);
    seal(data, 1, 32);
    CHECK(kiosk_sync_once(data).exit_code == 0);
    CHECK(stored_uuids(db).size() == 3);

    // An endpoint database restored from before the registration: the upload
    // gets 428, the kiosk registers again and sends, in the same run.
    server.stop();
    {
        sqlite3* h = nullptr;
        REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
        REQUIRE(sqlite3_exec(h, ("UPDATE devices SET signing_public_key = zeroblob(0), key_registered_at = NULL "
                                 "WHERE id = '" + id + "'").c_str(),
                             nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(h);
    }
    server.restart();
    seal(data, 1, 33);
    auto restored = kiosk_sync_once(data);
    INFO(restored.err);
    CHECK(restored.exit_code == 0);
    CHECK(stored_uuids(db).size() == 4);
    CHECK(endpoint_key(db, id) == pk);
}
