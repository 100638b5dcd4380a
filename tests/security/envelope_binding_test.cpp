// What a device-key holder can no longer do: re-sign an old ciphertext under a
// new uuid (exported twice before), or sign new envelopes with a key that was
// revoked when its device was replaced.
#include <algorithm>
#include <chrono>
#include <thread>

#include <catch2/catch.hpp>

#include "crypto/crypto.hpp"
#include "crypto/envelope.hpp"
#include "outbox/outbox.hpp"
#include "sync/transport.hpp"
#include "sync_fixture.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::test;

namespace {

void put_u32(crypto::Bytes& out, std::size_t n) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<unsigned char>((n >> s) & 0xff));
}

// Wire format v1 around an existing ciphertext, with a header of our choosing,
// signed with the given device key: what a device-key holder can build.
crypto::Bytes resign(const crypto::ParsedEnvelope& env, nlohmann::json header, const crypto::SecureBytes& device_sk) {
    crypto::Bytes out = {'K', 'E', 'N', 'V', 0x01};
    const std::string h = header.dump();
    put_u32(out, h.size());
    out.insert(out.end(), h.begin(), h.end());
    put_u32(out, env.ciphertext.size());
    out.insert(out.end(), env.ciphertext.begin(), env.ciphertext.end());
    auto sig = crypto::sign_detached(out.data(), out.size(), device_sk);
    out.insert(out.end(), sig.begin(), sig.end());
    return out;
}

long put(const std::string& url, const std::string& token, const std::string& uuid, const crypto::Bytes& body) {
    auto r = http_put_envelope(url, token, uuid, body);
    REQUIRE(r.ok());
    return r->status;
}

}  // namespace

TEST_CASE("a ciphertext re-signed under a new uuid is stored but never exported twice", "[envelope]") {
    TempDir tmp("sec-resign");
    const fs::path db = tmp / "endpoint.sqlite", dd = tmp / "device";
    TestOrg org(tmp / "org");
    ServerProcess server(db);
    server.start();
    auto device = org.enroll(db, server.url(), dd, "desk");
    register_signing_key(dd);
    SystemClock clock;
    auto ob = Outbox::open(dd, clock);
    REQUIRE(ob.ok());
    auto sent = fill_outbox(**ob, 1, 5);
    const std::string uuid = sent.begin()->first;
    auto bytes = (*ob)->envelope_bytes(uuid);
    REQUIRE(bytes.ok());
    REQUIRE(put(server.url(), device.token, uuid, *bytes) == 201);

    auto parsed = crypto::parse_envelope(*bytes);
    REQUIRE(parsed.ok());
    const std::string copy_uuid = crypto::uuid_v4();
    auto header = parsed->header_json;
    header["uuid"] = copy_uuid;
    auto copy = resign(*parsed, header, device.device_signing_secret_key);
    CHECK(put(server.url(), device.token, copy_uuid, copy) == 201);  // the endpoint cannot tell: it cannot open it

    auto ex = run(KIOSKCTL_BIN, {"export", "--db", db.string(), "--key", org.dir.string(), "--out", (tmp / "out").string()});
    CHECK(ex.exit_code == 3);  // one envelope could not be exported
    const std::string errors = read_file(tmp / "out" / "errors.csv");
    CHECK(errors.find(copy_uuid) != std::string::npos);
    CHECK(errors.find("re-signed under a new uuid") != std::string::npos);
    int lines = 0;
    for (auto& e : fs::directory_iterator(tmp / "out"))
        if (e.path().extension() == ".ndjson") {
            const std::string t = read_file(e.path());
            lines += static_cast<int>(std::count(t.begin(), t.end(), '\n'));
            CHECK(t.find(copy_uuid) == std::string::npos);
        }
    CHECK(lines == 1);
}

TEST_CASE("a replaced device's revoked key cannot sign new envelopes through the new token", "[envelope]") {
    TempDir tmp("sec-revoked-key");
    const fs::path db = tmp / "endpoint.sqlite", dd = tmp / "device";
    TestOrg org(tmp / "org");
    ServerProcess server(db);
    server.start();
    auto old_identity = org.enroll(db, server.url(), dd, "desk");
    register_signing_key(dd);
    // One answer set sealed before the re-enrollment: still delivered afterwards.
    SystemClock clock;
    std::string before_uuid;
    crypto::Bytes before;
    {
        auto ob = Outbox::open(dd, clock);
        REQUIRE(ob.ok());
        before_uuid = fill_outbox(**ob, 1, 9).begin()->first;
        before = *(*ob)->envelope_bytes(before_uuid);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto re = run(KIOSKCTL_BIN, {"device", "enroll", "--db", db.string(), "--endpoint", server.url(), "--org",
                                 org.dir.string(), "--out", (tmp / "re.json").string(), "--replaces",
                                 old_identity.device_id});
    REQUIRE(re.exit_code == 0);
    auto fresh = read_bundle(tmp / "re.json");
    REQUIRE(fresh.ok());
    CHECK(put(server.url(), fresh->token, before_uuid, before) == 201);

    // The stolen old key signs something new: refused.
    crypto::EnvelopeHeader h;
    h.uuid = crypto::uuid_v4();
    h.device_id = old_identity.device_id;
    h.created_at = crypto::rfc3339_utc(clock.wall_ms() + 1000);
    h.key_id = old_identity.org.key_id;
    const std::string text = R"({"response":{"resourceType":"QuestionnaireResponse"}})";
    auto forged = crypto::make_envelope(h, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                                        old_identity.org.results_public_key, old_identity.device_signing_secret_key);
    REQUIRE(forged.ok());
    CHECK(put(server.url(), fresh->token, h.uuid, *forged) == 403);
    CHECK(stored_uuids(db).size() == 1);
}

TEST_CASE("rfc3339 times read back as the milliseconds they were written from", "[envelope]") {
    for (long long ms : {0LL, 1'780'000'000'123LL, 1'700'000'000'000LL}) {
        auto back = crypto::parse_rfc3339_ms(crypto::rfc3339_utc(ms));
        REQUIRE(back.has_value());
        CHECK(*back == ms);
    }
    CHECK_FALSE(crypto::parse_rfc3339_ms("2026-13-01T00:00:00Z").has_value());
    CHECK_FALSE(crypto::parse_rfc3339_ms("yesterday").has_value());
}
