// HTTP to the central endpoint with libcurl: the options every request shares
// (TLS with the system CA store or the pinned CA from enrollment, HTTP/2 where
// the server offers it, timeouts, no redirects), what an upload's answer means
// for the envelope (outcome classes), and staff-facing wording for network and
// certificate errors. Spec of the protocol: provisioning/PROTOCOL.md.
#pragma once

#include <curl/curl.h>

#include <cstdint>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace kiosk::sync {

struct TransportConfig {
    std::string endpoint;       // base URL, e.g. https://intake.example.org (no trailing slash needed)
    std::string token;          // bearer token (never logged)
    std::string pinned_ca_pem;  // empty: system CA store; else trust only this CA
    Millis connect_timeout_ms = 10'000;
    Millis request_timeout_ms = 30'000;  // whole request, upload to last byte of the answer
};

// Once per process, thread safe.
void global_init();

// "https://x/" + "/v1/health" -> "https://x/v1/health".
std::string join_url(const std::string& base, const std::string& path);

// Sets URL-independent options on an easy handle (TLS, HTTP version,
// timeouts, signals off, no redirects, protocols http/https). `headers` gets
// the Authorization line appended; the caller frees it after the transfer.
void apply_common_options(CURL* easy, const TransportConfig& cfg, curl_slist** headers, char* error_buffer);

// What an upload's result means for the envelope.
enum class Outcome {
    Acknowledged,  // 2xx echoing our uuid: delete the local ciphertext
    Rejected,      // 409 / other 4xx: keep, do not retry, tell staff
    AuthRefused,   // 401 / 403: pause the whole queue, alert staff
    Transient,     // 5xx, 408, 429, odd 2xx/3xx: retry later (per-envelope backoff)
    Unreachable,   // connection refused/reset/timeout: retry the whole queue later
    Certificate,   // TLS verification failed: nothing sent; retry later, alert staff
    KeyNotRegistered,  // 428: the endpoint holds no signing key for us: keep, register, retry
};
const char* to_string(Outcome o);

struct Classified {
    Outcome outcome = Outcome::Transient;
    std::string message;         // one staff-facing line, no secrets, no answers
    Millis retry_after_ms = -1;  // from Retry-After, -1 when absent
};

// curl_code + HTTP status + body of a PUT /v1/envelopes/{uuid}. retry_after_s: CURLINFO_RETRY_AFTER.
Classified classify_upload(CURLcode curl_code, const char* error_buffer, long http_status,
                           const std::string& body, const std::string& uuid, std::int64_t retry_after_s,
                           Millis retry_after_unit_ms = 1000);

// A staff-facing line for a failed transfer (no HTTP answer).
std::string describe_curl_error(CURLcode code, const char* error_buffer, const std::string& endpoint);
bool is_certificate_error(CURLcode code);

struct HttpResponse {
    long status = 0;
    std::string body;
    std::string content_version;  // X-Content-Version header, if any
};

// One blocking request (heartbeat, content download). Error: transfer failed
// (message from describe_curl_error). Any HTTP status is a success here.
Result<HttpResponse> http_request(const TransportConfig& cfg, const std::string& method, const std::string& path,
                                  const std::string& body = "", const std::string& content_type = "");

}  // namespace kiosk::sync
