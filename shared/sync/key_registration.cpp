#include "sync/key_registration.hpp"

#include "i18n/catalog.hpp"

#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "device/enrollment.hpp"

namespace kiosk::sync {

namespace {

std::size_t collect_small(char* data, std::size_t size, std::size_t n, void* user) {
    auto* out = static_cast<std::string*>(user);
    const std::size_t len = size * n;
    if (out->size() + len > 64 * 1024) return 0;
    out->append(data, len);
    return len;
}

}  // namespace

KeyRegistrationResult register_signing_key(const TransportConfig& cfg, const KeyRegistration& reg,
                                           Millis retry_after_unit_ms) {
    global_init();
    KeyRegistrationResult r;
    r.requested = true;
    nlohmann::json body = {{"public_key", crypto::to_base64(reg.public_key)}, {"proof", crypto::to_base64(reg.proof)}};
    if (!reg.predecessors.empty()) {
        body["predecessors"] = nlohmann::json::array();
        for (const auto& p : reg.predecessors)
            body["predecessors"].push_back({{"device_id", p.device_id},
                                            {"public_key", crypto::to_base64(p.public_key)},
                                            {"proof", crypto::to_base64(p.proof)}});
    }
    const std::string text = body.dump();
    CURL* easy = curl_easy_init();
    if (!easy) {
        r.message = "libcurl could not start a request";
        return r;
    }
    char errbuf[CURL_ERROR_SIZE];
    curl_slist* headers = nullptr;
    apply_common_options(easy, cfg, &headers, errbuf);
    headers = curl_slist_append(headers, "Content-Type: application/json");
    const std::string url = join_url(cfg.endpoint, "/v2/devices/" + reg.device_id + "/signing-key");
    std::string answer;
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, "PUT");
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, text.data());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(text.size()));
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, collect_small);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &answer);
    const CURLcode rc = curl_easy_perform(easy);
    long status = 0;
    curl_off_t retry_after = -1;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    if (rc == CURLE_OK) curl_easy_getinfo(easy, CURLINFO_RETRY_AFTER, &retry_after);
    if (retry_after == 0) retry_after = -1;
    curl_slist_free_all(headers);
    curl_easy_cleanup(easy);

    const auto pending = [](const std::string& why) { return i18n::said("msg.key.pending", {{"e", why}}); };
    if (rc != CURLE_OK) {
        Classified c = classify_upload(rc, errbuf, 0, "", "", -1);
        r.outcome = c.outcome;
        r.message = pending(describe_curl_error(rc, errbuf, cfg.endpoint));
        return r;
    }
    std::string reason;
    auto j = nlohmann::json::parse(answer, nullptr, false);
    if (j.is_object() && j.contains("error") && j["error"].is_string()) reason = j["error"].get<std::string>().substr(0, 200);
    const std::string code = std::to_string(status);
    const std::string answer_text = reason.empty() ? code : code + ": " + reason;
    if (status == 200 || status == 201) {
        // Like an upload's uuid: only an answer that names our key counts (a
        // captive portal's "200 OK" must not make us believe it is registered).
        if (j.is_object() && j.value("public_key", "") == crypto::to_base64(reg.public_key)) {
            r.outcome = Outcome::Acknowledged;
            r.message = status == 201 ? "signing key registered" : "signing key already registered";
            return r;
        }
        r.outcome = Outcome::Transient;
        r.message = pending(i18n::said("msg.key.unconfirmed", {{"code", code}}));
        return r;
    }
    if (status == 409) {
        r.outcome = Outcome::AuthRefused;
        r.conflict = true;
        r.message = i18n::said("msg.key.other-key", {{"device", reg.device_id}});
        return r;
    }
    if (status == 401 || status == 403) {
        r.outcome = Outcome::AuthRefused;
        r.message = i18n::said("msg.sync.device-refused", {{"answer", answer_text}});
        return r;
    }
    if (status == 400) {
        r.outcome = Outcome::AuthRefused;
        r.message = pending(i18n::said("msg.key.refused", {{"answer", answer_text}}));
        return r;
    }
    if (status == 404 || status == 405) {
        r.outcome = Outcome::Transient;
        r.message = pending(i18n::said("msg.key.no-v2", {{"code", code}}));
        return r;
    }
    // 429, 5xx, 408 and odd answers: what an upload would make of them, Retry-After included.
    Classified c = classify_upload(CURLE_OK, errbuf, status, answer, "", retry_after > 0 ? retry_after : -1,
                                   retry_after_unit_ms);
    r.outcome = Outcome::Transient;
    r.retry_after_ms = c.retry_after_ms;
    r.message = pending(c.message);
    return r;
}

KeyRegistrationResult ensure_signing_key_registered(const TransportConfig& transport, const std::filesystem::path& data_dir,
                                                    Millis retry_after_unit_ms) {
    KeyRegistrationResult r;
    if (!signing_key_pending(data_dir)) {
        r.outcome = Outcome::Acknowledged;
        r.message = "signing key registered";
        return r;
    }
    auto reg = key_registration(data_dir);
    if (!reg) {
        r.outcome = Outcome::AuthRefused;
        r.message = i18n::said("msg.key.pending-local", {{"e", reg.error().message}});
        return r;
    }
    r = register_signing_key(transport, *reg, retry_after_unit_ms);
    if (r.outcome == Outcome::Acknowledged) {
        if (auto s = record_signing_key_registered(data_dir, *reg); !s) {
            // The endpoint has it; the next pass asks again and gets 200.
            r.outcome = Outcome::Transient;
            r.message = i18n::said("msg.key.not-noted", {{"e", s.error().message}});
        }
    }
    return r;
}

}  // namespace kiosk::sync
