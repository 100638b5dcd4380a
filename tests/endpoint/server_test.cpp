// The reference endpoint (`kioskctl serve`) as devices and attackers see it:
// idempotent uploads, and each kind of bad request refused without touching
// what is already stored.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>

#include "crypto/crypto.hpp"
#include "crypto/envelope.hpp"
#include "endpoint/store.hpp"
#include "sync/transport.hpp"
#include "sync_fixture.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::test;

namespace {

sync::HttpResponse put(const std::string& url, const std::string& token, const std::string& uuid,
                       const crypto::Bytes& body) {
    auto r = http_put_envelope(url, token, uuid, body);
    REQUIRE(r.ok());
    return r.value();
}

std::string stored_hash(const fs::path& db, const std::string& uuid) {
    auto store = endpoint::Store::open(db);
    REQUIRE(store.ok());
    std::string hash;
    REQUIRE(store.value()->for_each_envelope([&](const endpoint::StoredEnvelope& e) {
        if (e.uuid == uuid) hash = e.hash;
        return true;
    }).ok());
    return hash;
}

int connect_to(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<uint16_t>(port));
    REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    return fd;
}

struct Setup {
    TempDir tmp{"endpoint"};
    fs::path db = tmp / "endpoint.sqlite";
    TestOrg org{tmp / "org"};
    ServerProcess server{db, {"--max-body", "65536", "--body-timeout", "1"}};
    EnrollmentBundle a, b;
    Setup() {
        server.start();
        a = org.enroll(db, server.url(), tmp / "device-a", "Kiosk A");
        b = org.enroll(db, server.url(), tmp / "device-b", "Kiosk B");
        register_signing_key(tmp / "device-a");
        register_signing_key(tmp / "device-b");
    }
};

}  // namespace

TEST_CASE("an envelope is stored once: 201, then 200 for the same bytes, 409 for other bytes under its id",
          "[endpoint]") {
    Setup s;
    const std::string uuid = crypto::uuid_v4();
    const auto env = envelope_for(s.a, uuid, R"({"response":{}})");
    CHECK(put(s.server.url(), s.a.token, uuid, env).status == 201);
    const std::string hash = stored_hash(s.db, uuid);
    CHECK(put(s.server.url(), s.a.token, uuid, env).status == 200);
    auto other = envelope_for(s.a, uuid, R"({"response":{"x":1}})");
    auto conflict = put(s.server.url(), s.a.token, uuid, other);
    CHECK(conflict.status == 409);
    CHECK(stored_uuids(s.db).size() == 1);
    CHECK(stored_hash(s.db, uuid) == hash);  // the first bytes stay
    s.server.stop();                          // stops cleanly on SIGTERM (throws otherwise)
}

TEST_CASE("malformed envelope ids are refused and nothing is stored", "[endpoint]") {
    Setup s;
    const std::string good = crypto::uuid_v4();
    std::string upper = good;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::string v1 = good;
    v1[14] = '1';
    for (const std::string& bad : {std::string("not-a-uuid"), upper, v1, good + "0", good.substr(0, 35) + "g"}) {
        auto r = put(s.server.url(), s.a.token, bad, envelope_for(s.a, good, "{}"));
        INFO(bad);
        CHECK(r.status == 400);
    }
    // An encoded path traversal does not even reach the upload route.
    CHECK(put(s.server.url(), s.a.token, "..%2F..%2Fetc", envelope_for(s.a, good, "{}")).status == 404);
    // The header's uuid must match the URL's.
    CHECK(put(s.server.url(), s.a.token, crypto::uuid_v4(), envelope_for(s.a, good, "{}")).status == 400);
    CHECK(stored_uuids(s.db).empty());
}

TEST_CASE("a body over the limit gets 413 and is not stored", "[endpoint]") {
    Setup s;
    const std::string uuid = crypto::uuid_v4();
    std::string big(100'000, 'x');
    auto r = put(s.server.url(), s.a.token, uuid, envelope_for(s.a, uuid, big));
    CHECK(r.status == 413);
    CHECK(stored_uuids(s.db).empty());
    // The endpoint still works afterwards.
    const std::string ok_uuid = crypto::uuid_v4();
    CHECK(put(s.server.url(), s.a.token, ok_uuid, envelope_for(s.a, ok_uuid, "{}")).status == 201);
}

TEST_CASE("bad signatures, unknown tokens, revoked devices and replays of another device's envelope are refused",
          "[endpoint]") {
    Setup s;
    const std::string uuid = crypto::uuid_v4();
    auto env = envelope_for(s.a, uuid, R"({"response":{}})");

    SECTION("a flipped bit anywhere breaks the signature: 400, nothing stored") {
        auto tampered = env;
        tampered[tampered.size() - 100] ^= 0x01;
        CHECK(put(s.server.url(), s.a.token, uuid, tampered).status == 400);
        auto bad_sig = env;
        bad_sig.back() ^= 0x80;
        CHECK(put(s.server.url(), s.a.token, uuid, bad_sig).status == 400);
        CHECK(put(s.server.url(), s.a.token, uuid, crypto::Bytes{'K', 'E', 'N', 'V'}).status == 400);
        CHECK(stored_uuids(s.db).empty());
    }
    SECTION("device B cannot upload (or replay) device A's envelope: 403") {
        CHECK(put(s.server.url(), s.b.token, uuid, env).status == 403);
        CHECK(stored_uuids(s.db).empty());
        CHECK(put(s.server.url(), s.a.token, uuid, env).status == 201);
        const std::string hash = stored_hash(s.db, uuid);
        CHECK(put(s.server.url(), s.b.token, uuid, env).status == 403);
        CHECK(stored_hash(s.db, uuid) == hash);
    }
    SECTION("no token or an unknown token: 401") {
        CHECK(put(s.server.url(), "", uuid, env).status == 401);
        CHECK(put(s.server.url(), crypto::random_token(), uuid, env).status == 401);
        CHECK(stored_uuids(s.db).empty());
    }
    SECTION("a revoked device gets 401 at once; what it sent before stays") {
        const std::string first = crypto::uuid_v4();
        CHECK(put(s.server.url(), s.a.token, first, envelope_for(s.a, first, "{}")).status == 201);
        auto r = run(KIOSKCTL_BIN, {"device", "revoke", "--db", s.db.string(), s.a.device_id});
        REQUIRE(r.exit_code == 0);
        CHECK(put(s.server.url(), s.a.token, uuid, env).status == 401);
        CHECK(stored_uuids(s.db) == std::vector<std::string>{first});
        auto unknown = run(KIOSKCTL_BIN, {"device", "revoke", "--db", s.db.string(), "kiosk-nope"});
        CHECK(unknown.exit_code != 0);
        CHECK(unknown.err.find("kiosk-nope") != std::string::npos);
    }
}

TEST_CASE("slow-body (slowloris) uploads are cut off without blocking other devices", "[endpoint]") {
    Setup s;
    // Five connections that send headers, then one body byte every 150 ms.
    std::vector<int> slow;
    const std::string uuid = crypto::uuid_v4();
    for (int i = 0; i < 5; ++i) {
        int fd = connect_to(s.server.port());
        std::string head = "PUT /v1/envelopes/" + uuid + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                           s.a.token + "\r\nContent-Length: 5000\r\n\r\n";
        REQUIRE(send(fd, head.data(), head.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(head.size()));
        slow.push_back(fd);
    }
    const auto start = std::chrono::steady_clock::now();
    // Meanwhile a normal device uploads fine.
    const std::string other = crypto::uuid_v4();
    CHECK(put(s.server.url(), s.b.token, other, envelope_for(s.b, other, "{}")).status == 201);

    std::vector<bool> closed(slow.size(), false);
    std::string answers;
    while (std::chrono::steady_clock::now() - start < std::chrono::seconds(6)) {
        bool all = true;
        for (std::size_t i = 0; i < slow.size(); ++i) {
            if (closed[i]) continue;
            all = false;
            if (send(slow[i], "x", 1, MSG_NOSIGNAL) != 1) {
                closed[i] = true;
                continue;
            }
            pollfd p{slow[i], POLLIN, 0};
            if (poll(&p, 1, 0) > 0) {
                char buf[512];
                ssize_t n = recv(slow[i], buf, sizeof buf, 0);
                if (n <= 0) closed[i] = true;
                else answers.append(buf, static_cast<std::size_t>(n));
            }
        }
        if (all) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
    }
    const auto took = std::chrono::steady_clock::now() - start;
    for (int fd : slow) close(fd);
    for (bool c : closed) CHECK(c);
    CHECK(took < std::chrono::seconds(5));  // --body-timeout 1 (plus one read interval)
    CHECK(stored_uuids(s.db) == std::vector<std::string>{other});
}

TEST_CASE("heartbeats show up in `kioskctl devices`, stale devices first", "[endpoint]") {
    Setup s;
    sync::TransportConfig t;
    t.endpoint = s.server.url();
    t.token = s.b.token;
    auto hb = sync::http_request(t, "POST", "/v1/devices/" + s.b.device_id + "/heartbeat",
                                 R"({"queue_depth":7,"rejected":1,"app_version":"9.9.9","content_version":"pack-3",)"
                                 R"("free_disk_bytes":123456,"last_error":"Cannot connect"})",
                                 "application/json");
    REQUIRE(hb.ok());
    CHECK(hb->status == 200);
    // Device B's token cannot report for device A.
    auto wrong = sync::http_request(t, "POST", "/v1/devices/" + s.a.device_id + "/heartbeat", "{}", "application/json");
    REQUIRE(wrong.ok());
    CHECK(wrong->status == 403);

    auto r = run(KIOSKCTL_BIN, {"devices", "--db", s.db.string()});
    REQUIRE(r.exit_code == 0);
    auto a_at = r.out.find("Kiosk A"), b_at = r.out.find("Kiosk B");
    REQUIRE(a_at != std::string::npos);
    REQUIRE(b_at != std::string::npos);
    CHECK(a_at < b_at);  // A never sent a heartbeat: stale, listed first
    CHECK(r.out.find("STALE") != std::string::npos);
    CHECK(r.out.find("9.9.9") != std::string::npos);
    CHECK(r.out.find("pack-3") != std::string::npos);
    CHECK(r.out.find("Cannot connect") != std::string::npos);
    auto j = run(KIOSKCTL_BIN, {"devices", "--db", s.db.string(), "--json"});
    auto list = nlohmann::json::parse(j.out);
    REQUIRE(list.size() == 2);
    CHECK(list[1]["queue_depth"] == 7);
}

TEST_CASE("content packs: 404 until one is published, then the latest bytes", "[endpoint]") {
    Setup s;
    sync::TransportConfig t;
    t.endpoint = s.server.url();
    auto stranger = sync::http_request(t, "GET", "/v1/content/stable");  // enrolled devices only
    REQUIRE(stranger.ok());
    CHECK(stranger->status == 401);
    t.token = s.a.token;
    auto none = sync::http_request(t, "GET", "/v1/content/stable");
    REQUIRE(none.ok());
    CHECK(none->status == 404);
    {
        auto store = endpoint::Store::open(s.db);
        REQUIRE(store.ok());
        REQUIRE(store.value()->publish_content("stable", "1", {'o', 'n', 'e'}).ok());
        REQUIRE(store.value()->publish_content("stable", "2", {'t', 'w', 'o', 0, 1}).ok());
    }
    auto got = sync::http_request(t, "GET", "/v1/content/stable");
    REQUIRE(got.ok());
    CHECK(got->status == 200);
    CHECK(got->body == std::string("two\0\1", 5));
    CHECK(got->content_version == "2");
    auto health = sync::http_request(t, "GET", "/v1/health");
    REQUIRE(health.ok());
    CHECK(health->status == 200);
}

TEST_CASE("serve refuses bad flags with one clear line each", "[endpoint]") {
    TempDir tmp("serve-flags");
    auto r = run(KIOSKCTL_BIN, {"serve", "--db", (tmp / "x.db").string(), "--listen", "0.0.0.0:8080"});
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("refusing plain HTTP") != std::string::npos);
    auto r2 = run(KIOSKCTL_BIN, {"serve", "--listen", "127.0.0.1:http"});
    CHECK(r2.exit_code != 0);
    CHECK(r2.err.find("missing --db") != std::string::npos);
    CHECK(r2.err.find("--listen 127.0.0.1:http") != std::string::npos);
    auto r3 = run(KIOSKCTL_BIN, {"serve", "--db", (tmp / "x.db").string(), "--listen", "127.0.0.1:0", "--tls-cert",
                                 (tmp / "missing.pem").string(), "--tls-key", (tmp / "missing.key").string()});
    CHECK(r3.exit_code != 0);
    CHECK(r3.err.find("missing.pem") != std::string::npos);
}

TEST_CASE("device enroll writes a secret bundle (and QR code) and registers the device", "[endpoint]") {
    TempDir tmp("enroll");
    TestOrg org(tmp / "org");
    const fs::path db = tmp / "endpoint.sqlite";
    auto r = run(KIOSKCTL_BIN, {"device", "enroll", "--db", db.string(), "--endpoint", "https://intake.example.org",
                                "--org", org.dir.string(), "--out", (tmp / "b.json").string(), "--name", "Wijk Noord",
                                "--qr", (tmp / "b.svg").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto perms = fs::status(tmp / "b.json").permissions();
    CHECK((perms & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
    CHECK((fs::status(tmp / "b.svg").permissions() & fs::perms::others_all) == fs::perms::none);
    CHECK(read_file(tmp / "b.svg").rfind("<svg", 0) == 0);
    auto bundle = read_bundle(tmp / "b.json");
    REQUIRE(bundle.ok());
    CHECK(bundle->endpoint == "https://intake.example.org");
    auto list = run(KIOSKCTL_BIN, {"devices", "--db", db.string()});
    CHECK(list.out.find("Wijk Noord") != std::string::npos);
    CHECK(list.out.find(bundle->device_id) != std::string::npos);
    // The endpoint database holds the token's hash, never the token.
    CHECK(read_file(db).find(bundle->token) == std::string::npos);
    auto bad = run(KIOSKCTL_BIN, {"device", "enroll", "--db", db.string(), "--endpoint", "intake.example.org", "--org",
                                  org.dir.string(), "--out", (tmp / "c.json").string()});
    CHECK(bad.exit_code != 0);
    CHECK(bad.err.find("--endpoint intake.example.org") != std::string::npos);
}
