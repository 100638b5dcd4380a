#include "sync/transport.hpp"

#include "i18n/catalog.hpp"

#include <nlohmann/json.hpp>

#include <mutex>

#include "device/enrollment.hpp"

namespace kiosk::sync {

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string join_url(const std::string& base, const std::string& path) {
    std::string b = base;
    while (!b.empty() && b.back() == '/') b.pop_back();
    return b + path;
}

void apply_common_options(CURL* easy, const TransportConfig& cfg, curl_slist** headers, char* error_buffer) {
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    // Plain HTTP only to loopback (PROTOCOL.md): anywhere else a man in the middle
    // would read the bearer token and could fake the 2xx that deletes answers.
    // With "https" only, curl refuses an http:// URL before it connects.
    const bool plain_ok = is_loopback_http(cfg.endpoint);
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, plain_ok ? "http,https" : "https");
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    // HTTP/2 over TLS when the server offers it (ALPN); HTTP/1.1 otherwise.
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(cfg.connect_timeout_ms));
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(cfg.request_timeout_ms));
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "intake-kiosk/" KIOSK_VERSION);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!cfg.pinned_ca_pem.empty()) {
        // Trust only the organisation's CA from the enrollment bundle.
        curl_blob blob{const_cast<char*>(cfg.pinned_ca_pem.data()), cfg.pinned_ca_pem.size(), CURL_BLOB_COPY};
        curl_easy_setopt(easy, CURLOPT_CAINFO_BLOB, &blob);
    }
    if (error_buffer) {
        error_buffer[0] = '\0';
        curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer);
    }
    if (!cfg.token.empty() && (plain_ok || cfg.endpoint.rfind("https://", 0) == 0)) *headers = curl_slist_append(*headers, ("Authorization: Bearer " + cfg.token).c_str());
    // No "Expect: 100-continue" round trip: envelopes are small.
    *headers = curl_slist_append(*headers, "Expect:");
}

const char* to_string(Outcome o) {
    switch (o) {
        case Outcome::Acknowledged: return "acknowledged";
        case Outcome::Rejected: return "rejected";
        case Outcome::AuthRefused: return "auth-refused";
        case Outcome::Transient: return "transient";
        case Outcome::Unreachable: return "unreachable";
        case Outcome::Certificate: return "certificate";
        case Outcome::KeyNotRegistered: return "key-not-registered";
    }
    return "?";
}

bool is_certificate_error(CURLcode code) {
    switch (code) {
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
            return true;
        default:
            return false;
    }
}

namespace {

bool contains(const std::string& s, const char* needle) { return s.find(needle) != std::string::npos; }

std::string certificate_reason(const std::string& detail) {
    if (contains(detail, "expired")) return i18n::said("msg.net.cert-expired");
    if (contains(detail, "not yet valid")) return i18n::said("msg.net.cert-not-yet");
    if (contains(detail, "subject name") || contains(detail, "does not match") || contains(detail, "hostname"))
        return i18n::said("msg.net.cert-name");
    if (contains(detail, "self-signed") || contains(detail, "self signed") || contains(detail, "local issuer") ||
        contains(detail, "unknown ca") || contains(detail, "unable to get"))
        return i18n::said("msg.net.cert-ca");
    return i18n::said("msg.net.cert-unknown");
}

}  // namespace

std::string describe_curl_error(CURLcode code, const char* error_buffer, const std::string& endpoint) {
    const std::string detail = error_buffer && error_buffer[0] ? error_buffer : curl_easy_strerror(code);
    if (is_certificate_error(code) || (code == CURLE_SSL_CONNECT_ERROR && contains(detail, "certificate")))
        return i18n::said("msg.net.certificate", {{"endpoint", endpoint}, {"why", certificate_reason(detail)}, {"detail", detail}});
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
            return i18n::said("msg.net.no-host", {{"endpoint", endpoint}});
        case CURLE_COULDNT_CONNECT:
            return i18n::said("msg.net.no-connect", {{"endpoint", endpoint}});
        case CURLE_OPERATION_TIMEDOUT:
            return i18n::said("msg.net.timeout", {{"endpoint", endpoint}});
        case CURLE_SSL_CONNECT_ERROR:
            return i18n::said("msg.net.tls", {{"endpoint", endpoint}, {"detail", detail}});
        case CURLE_UNSUPPORTED_PROTOCOL:
            return i18n::said("msg.net.plain-http", {{"endpoint", endpoint}});
        default:
            return i18n::said("msg.net.failed", {{"endpoint", endpoint}, {"detail", detail}});
    }
}

Classified classify_upload(CURLcode curl_code, const char* error_buffer, long http_status, const std::string& body,
                           const std::string& uuid, std::int64_t retry_after_s, Millis retry_after_unit_ms) {
    Classified c;
    if (curl_code != CURLE_OK) {
        const bool cert = is_certificate_error(curl_code) ||
                          (curl_code == CURLE_SSL_CONNECT_ERROR && error_buffer &&
                           std::string(error_buffer).find("certificate") != std::string::npos);
        c.outcome = cert ? Outcome::Certificate : Outcome::Unreachable;
        c.message = describe_curl_error(curl_code, error_buffer, "");
        // describe_curl_error names the endpoint; the caller prefixes it when it wants to.
        return c;
    }
    if (retry_after_s >= 0 && (http_status == 429 || http_status == 503 || http_status >= 500))
        c.retry_after_ms = retry_after_s * retry_after_unit_ms;
    const std::string code = std::to_string(http_status);
    if (http_status >= 200 && http_status < 300) {
        // A 2xx only counts when the endpoint echoes our envelope id: a captive
        // portal or misconfigured proxy answering "200 OK" must not make us
        // delete answers.
        auto j = nlohmann::json::parse(body, nullptr, false);
        if (!j.is_discarded() && j.is_object() && j.contains("uuid") && j["uuid"].is_string() &&
            j["uuid"].get<std::string>() == uuid) {
            c.outcome = Outcome::Acknowledged;
            c.message = http_status == 201 ? "stored" : "already stored";
            return c;
        }
        c.outcome = Outcome::Transient;
        c.message = i18n::said("msg.sync.unconfirmed", {{"code", code}});
        return c;
    }
    std::string reason;
    if (auto j = nlohmann::json::parse(body, nullptr, false); !j.is_discarded() && j.is_object() &&
                                                              j.contains("error") && j["error"].is_string())
        reason = j["error"].get<std::string>().substr(0, 200);
    const std::string answer = reason.empty() ? code : code + ": " + reason;  // "401: unknown token"
    if (http_status == 401 || http_status == 403) {
        c.outcome = Outcome::AuthRefused;
        c.message = i18n::said("msg.sync.device-refused", {{"answer", answer}});
        return c;
    }
    if (http_status == 408 || http_status == 429 || http_status >= 500) {
        c.outcome = Outcome::Transient;
        c.message = http_status == 429 ? i18n::said("msg.sync.busy") : i18n::said("msg.sync.server-problem", {{"answer", answer}});
        return c;
    }
    if (http_status == 428) {
        c.outcome = Outcome::KeyNotRegistered;
        c.message = i18n::said("msg.sync.no-key", {{"answer", answer}});
        return c;
    }
    if (http_status == 409) {
        c.outcome = Outcome::Rejected;
        c.message = i18n::said("msg.sync.conflict");
        return c;
    }
    if (http_status >= 400) {
        c.outcome = Outcome::Rejected;
        c.message = i18n::said("msg.sync.envelope-refused", {{"answer", answer}});
        return c;
    }
    c.outcome = Outcome::Transient;
    c.message = i18n::said("msg.sync.unexpected", {{"code", code}});
    return c;
}

namespace {

std::size_t collect(char* data, std::size_t size, std::size_t n, void* user) {
    auto* out = static_cast<std::string*>(user);
    const std::size_t len = size * n;
    if (out->size() + len > 64 * 1024 * 1024) return 0;
    out->append(data, len);
    return len;
}

std::size_t header_line(char* data, std::size_t size, std::size_t n, void* user) {
    auto* r = static_cast<HttpResponse*>(user);
    std::string line(data, size * n);
    const std::string key = "x-content-version:";
    if (line.size() > key.size()) {
        std::string head = line.substr(0, key.size());
        for (auto& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (head == key) {
            std::string v = line.substr(key.size());
            while (!v.empty() && (v.front() == ' ')) v.erase(v.begin());
            while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.pop_back();
            r->content_version = v;
        }
    }
    return size * n;
}

}  // namespace

Result<HttpResponse> http_request(const TransportConfig& cfg, const std::string& method, const std::string& path,
                                  const std::string& body, const std::string& content_type) {
    global_init();
    CURL* easy = curl_easy_init();
    if (!easy) return make_error("libcurl could not start a request");
    char errbuf[CURL_ERROR_SIZE];
    curl_slist* headers = nullptr;
    apply_common_options(easy, cfg, &headers, errbuf);
    if (!content_type.empty()) headers = curl_slist_append(headers, ("Content-Type: " + content_type).c_str());
    HttpResponse r;
    const std::string url = join_url(cfg.endpoint, path);
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, header_line);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &r);
    if (method == "GET") {
        curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method.c_str());
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
    CURLcode rc = curl_easy_perform(easy);
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(easy);
    if (rc != CURLE_OK) return make_error(describe_curl_error(rc, errbuf, cfg.endpoint));
    return r;
}

}  // namespace kiosk::sync
