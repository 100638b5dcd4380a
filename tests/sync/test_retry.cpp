// The retry rules on their own: full-jitter backoff with a cap, Retry-After,
// and what each answer from the endpoint means for an envelope.
#include <catch2/catch.hpp>

#include "sync/sync_engine.hpp"
#include "sync/transport.hpp"

using namespace kiosk;
using namespace kiosk::sync;

TEST_CASE("backoff is full jitter: uniform below base*2^(n-1), never above the cap", "[sync][retry]") {
    std::mt19937_64 rng(1);
    for (int failures = 1; failures <= 40; ++failures) {
        Millis ceiling = std::min<Millis>(1000LL << std::min(failures - 1, 20), 60'000);
        Millis lo = ceiling, hi = 0;
        for (int i = 0; i < 300; ++i) {
            Millis d = backoff_delay(failures, 1000, 60'000, rng);
            REQUIRE(d >= 0);
            REQUIRE(d <= ceiling);
            lo = std::min(lo, d);
            hi = std::max(hi, d);
        }
        // Spread over the whole range (that is what keeps a fleet from retrying in step).
        CHECK(lo < ceiling / 5);
        CHECK(hi > ceiling * 4 / 5);
    }
}

TEST_CASE("only a 2xx that names our envelope counts as acknowledged", "[sync][retry]") {
    const std::string uuid = "0f19070d-7e54-4623-8308-3e2d46e69538";
    CHECK(classify_upload(CURLE_OK, "", 201, R"({"status":"stored","uuid":")" + uuid + "\"}", uuid, -1).outcome ==
          Outcome::Acknowledged);
    CHECK(classify_upload(CURLE_OK, "", 200, R"({"status":"already stored","uuid":")" + uuid + "\"}", uuid, -1)
              .outcome == Outcome::Acknowledged);
    // A captive portal or a stray proxy answering 200 must not make us delete answers.
    auto portal = classify_upload(CURLE_OK, "", 200, "<html>Log in to WiFi</html>", uuid, -1);
    CHECK(portal.outcome == Outcome::Transient);
    CHECK(portal.message.find("without confirming") != std::string::npos);
    CHECK(classify_upload(CURLE_OK, "", 201, R"({"uuid":"someone-else"})", uuid, -1).outcome == Outcome::Transient);
}

TEST_CASE("each endpoint answer maps to the rule in PROTOCOL.md", "[sync][retry]") {
    const std::string u = "0f19070d-7e54-4623-8308-3e2d46e69538";
    CHECK(classify_upload(CURLE_OK, "", 401, R"({"error":"device revoked"})", u, -1).outcome == Outcome::AuthRefused);
    CHECK(classify_upload(CURLE_OK, "", 403, "", u, -1).outcome == Outcome::AuthRefused);
    CHECK(classify_upload(CURLE_OK, "", 409, "", u, -1).outcome == Outcome::Rejected);
    CHECK(classify_upload(CURLE_OK, "", 413, "", u, -1).outcome == Outcome::Rejected);
    CHECK(classify_upload(CURLE_OK, "", 400, R"({"error":"malformed envelope"})", u, -1).outcome == Outcome::Rejected);
    CHECK(classify_upload(CURLE_OK, "", 408, "", u, -1).outcome == Outcome::Transient);
    CHECK(classify_upload(CURLE_OK, "", 500, "", u, -1).outcome == Outcome::Transient);
    CHECK(classify_upload(CURLE_OK, "", 302, "", u, -1).outcome == Outcome::Transient);
    auto busy = classify_upload(CURLE_OK, "", 429, "", u, 120);
    CHECK(busy.outcome == Outcome::Transient);
    CHECK(busy.retry_after_ms == 120'000);
    auto down = classify_upload(CURLE_OK, "", 503, "", u, 7, /*unit=*/10);
    CHECK(down.retry_after_ms == 70);
    CHECK(classify_upload(CURLE_OK, "", 500, "", u, -1).retry_after_ms == -1);
    // The device's own reasons never carry the endpoint's raw body beyond a short error string.
    auto rej = classify_upload(CURLE_OK, "", 400, R"({"error":")" + std::string(1000, 'x') + "\"}", u, -1);
    CHECK(rej.message.size() < 400);
}

TEST_CASE("network and certificate failures get staff-facing wording", "[sync][retry]") {
    CHECK(classify_upload(CURLE_COULDNT_CONNECT, "Failed to connect", 0, "", "u", -1).outcome == Outcome::Unreachable);
    CHECK(classify_upload(CURLE_OPERATION_TIMEDOUT, "", 0, "", "u", -1).outcome == Outcome::Unreachable);
    CHECK(classify_upload(CURLE_GOT_NOTHING, "", 0, "", "u", -1).outcome == Outcome::Unreachable);
    auto cert = classify_upload(CURLE_PEER_FAILED_VERIFICATION, "SSL certificate problem: certificate has expired",
                                0, "", "u", -1);
    CHECK(cert.outcome == Outcome::Certificate);
    auto text = describe_curl_error(CURLE_PEER_FAILED_VERIFICATION,
                                    "SSL certificate problem: certificate has expired", "https://x");
    CHECK(text.find("has expired") != std::string::npos);
    CHECK(text.find("Nothing was sent") != std::string::npos);
    auto name = describe_curl_error(CURLE_PEER_FAILED_VERIFICATION,
                                    "SSL: no alternative certificate subject name matches target host name 'x'",
                                    "https://x");
    CHECK(name.find("another server name") != std::string::npos);
    CHECK(describe_curl_error(CURLE_COULDNT_CONNECT, "", "http://127.0.0.1:9").find("Cannot connect") == 0);
}
