#include "endpoint/ingest.hpp"

#include <nlohmann/json.hpp>

#include <optional>

#include "crypto/crypto.hpp"
#include "crypto/envelope.hpp"
#include "device/enrollment.hpp"
#include "device/signing_key.hpp"

namespace kiosk::endpoint {

namespace {

Reply error_reply(int status, const std::string& message) {
    return Reply{status, nlohmann::json{{"error", message}}.dump()};
}

bool is_lower_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

}  // namespace

bool is_valid_uuid(const std::string& t) {
    if (t.size() != 36) return false;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (t[i] != '-') return false;
        } else if (!is_lower_hex(t[i])) {
            return false;
        }
    }
    return t[14] == '4' && (t[19] == '8' || t[19] == '9' || t[19] == 'a' || t[19] == 'b');
}

std::string bearer_token(const std::string& h) {
    const std::string prefix = "Bearer ";
    if (h.size() <= prefix.size() || h.compare(0, prefix.size(), prefix) != 0) return "";
    std::string token = h.substr(prefix.size());
    while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.pop_back();
    return token;
}

AuthResult authenticate(Store& store, const std::string& authorization_header) {
    AuthResult r;
    const std::string token = bearer_token(authorization_header);
    if (token.empty()) {
        r.refusal = error_reply(401, "missing bearer token");
        return r;
    }
    auto dev = store.device_by_token_hash(token_hash(token));
    if (!dev.ok()) {
        r.refusal = error_reply(500, "storage error");
        return r;
    }
    if (!dev->has_value()) {
        r.refusal = error_reply(401, "unknown token");
        return r;
    }
    if ((*dev)->revoked) {
        // 401, not 403: the credential itself is no longer valid; the device
        // must be enrolled again (issue 9: a revoked device's uploads get 401).
        r.refusal = error_reply(401, "device revoked");
        return r;
    }
    r.ok = true;
    r.device = std::move(**dev);
    return r;
}

Reply put_envelope(Store& store, const std::string& uuid, const std::string& authorization_header,
                   const std::vector<unsigned char>& body, std::size_t max_body) {
    auto auth = authenticate(store, authorization_header);
    if (!auth.ok) return auth.refusal;
    return put_envelope_from(store, auth.device, uuid, body, max_body);
}

Reply put_envelope_from(Store& store, const DeviceRecord& device, const std::string& uuid,
                        const std::vector<unsigned char>& body, std::size_t max_body) {
    if (!is_valid_uuid(uuid)) return error_reply(400, "malformed envelope id (want a lowercase UUID v4)");
    if (body.size() > max_body)
        return error_reply(413, "envelope larger than " + std::to_string(max_body) + " bytes");
    auto parsed = crypto::parse_envelope(body);
    if (!parsed.ok()) return error_reply(400, "malformed envelope: " + parsed.error().message);
    if (parsed->header.uuid != uuid) return error_reply(400, "envelope header uuid differs from the URL");
    // The envelope's own device: this one, or an identity it replaced at
    // re-enrollment (the answers it sealed before are still delivered).
    DeviceRecord signer = device;
    for (int hop = 0; parsed->header.device_id != signer.id; ++hop) {
        if (signer.replaces.empty() || hop == 16) return error_reply(403, "envelope belongs to another device");
        auto older = store.device_by_id(signer.replaces);
        if (!older.ok()) return error_reply(503, "storage unavailable, retry later");
        if (!older->has_value()) return error_reply(403, "envelope belongs to another device");
        signer = std::move(**older);
    }
    // Enrolled with a v2 bundle and its key not registered yet: the device keeps
    // the envelope and registers first (a 4xx that is not "rejected", see PROTOCOL.md).
    if (signer.signing_public_key.empty())
        return error_reply(428, "no signing key registered for device " + signer.id +
                                    " yet: PUT /v2/devices/{id}/signing-key first");
    if (auto v = crypto::verify_envelope(body, signer.signing_public_key); !v.ok())
        return error_reply(400, "envelope signature does not verify with this device's key");
    // A replaced identity's key was revoked: what it sealed before then is
    // still delivered, anything it "sealed" afterwards came from a stolen key.
    if (signer.id != device.id && signer.revoked && signer.revoked_at > 0) {
        auto sealed_at = crypto::parse_rfc3339_ms(parsed->header.created_at);
        if (!sealed_at || *sealed_at > signer.revoked_at)
            return error_reply(403, "envelope signed by a revoked key after its revocation");
    }
    auto stored = store.put_envelope(uuid, signer.id, body);
    if (!stored.ok()) return error_reply(503, "storage unavailable, retry later");
    const std::string hash = bytes_hash(body.data(), body.size());
    switch (stored.value()) {
        case PutOutcome::Stored:
            return Reply{201, nlohmann::json{{"status", "stored"}, {"uuid", uuid}, {"hash", hash}}.dump()};
        case PutOutcome::Identical:
            return Reply{200, nlohmann::json{{"status", "already stored"}, {"uuid", uuid}, {"hash", hash}}.dump()};
        case PutOutcome::Conflict:
            break;
    }
    return error_reply(409, "another envelope with this id is already stored");
}

Reply register_signing_key(Store& store, const DeviceRecord& device, const std::string& device_id,
                           const std::string& body) {
    if (device.id != device_id) return error_reply(403, "token belongs to another device");
    auto j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return error_reply(400, "signing-key body is not a JSON object");
    auto key_of = [](const nlohmann::json& o, const char* field, std::size_t size) -> std::optional<crypto::Bytes> {
        auto it = o.find(field);
        if (it == o.end() || !it->is_string()) return std::nullopt;
        auto b = crypto::from_base64(it->get<std::string>());
        if (!b || b->size() != size) return std::nullopt;
        return *b;
    };
    auto pk = key_of(j, "public_key", 32);
    auto proof = key_of(j, "proof", 64);
    if (!pk || !proof) return error_reply(400, "want \"public_key\" (32 bytes) and \"proof\" (64 bytes), base64");
    if (!signing_key_proof_valid(device.id, *pk, *proof))
        return error_reply(400, "\"proof\" is not this device's signature with that key");
    auto outcome = store.register_signing_key(device.id, *pk);
    if (!outcome.ok()) return error_reply(503, "storage unavailable, retry later");
    if (outcome.value() == KeyOutcome::Conflict)
        return error_reply(409, "another signing key is already registered for device " + device.id +
                                    " (its enrollment bundle was used elsewhere first?); re-enroll with --replaces");

    // Keys of identities this device replaced, when the endpoint never got them:
    // only along this device's own replaces chain, only where no key is on
    // record, and only with a valid proof. Each gets its own answer; none of
    // them can fail the device's own registration.
    nlohmann::json preds = nlohmann::json::array();
    if (auto it = j.find("predecessors"); it != j.end() && it->is_array()) {
        for (const auto& p : *it) {
            if (preds.size() >= 16) break;
            const std::string id = p.is_object() ? p.value("device_id", "") : "";
            std::string status;
            auto ppk = p.is_object() ? key_of(p, "public_key", 32) : std::nullopt;
            auto pproof = p.is_object() ? key_of(p, "proof", 64) : std::nullopt;
            bool in_chain = false;
            DeviceRecord at = device;
            for (int hop = 0; hop < 16 && !at.replaces.empty(); ++hop) {
                auto older = store.device_by_id(at.replaces);
                if (!older.ok() || !older->has_value()) break;
                at = std::move(**older);
                if (at.id == id) {
                    in_chain = true;
                    break;
                }
            }
            if (!in_chain) status = "not replaced by this device";
            else if (!ppk || !pproof || !signing_key_proof_valid(id, *ppk, *pproof)) status = "bad proof";
            else if (auto o = store.register_signing_key(id, *ppk); !o.ok()) status = "storage unavailable";
            else status = o.value() == KeyOutcome::Registered ? "registered"
                          : o.value() == KeyOutcome::Same     ? "already registered"
                                                              : "conflict";
            preds.push_back({{"device_id", id}, {"status", status}});
        }
    }
    const bool fresh = outcome.value() == KeyOutcome::Registered;
    nlohmann::json reply = {{"status", fresh ? "registered" : "already registered"},
                            {"device_id", device.id},
                            {"public_key", crypto::to_base64(*pk)},
                            {"fingerprint", key_fingerprint(*pk)}};
    if (!preds.empty()) reply["predecessors"] = preds;
    return Reply{fresh ? 201 : 200, reply.dump()};
}

Reply heartbeat(Store& store, const std::string& device_id, const std::string& authorization_header,
                const std::string& body) {
    auto auth = authenticate(store, authorization_header);
    if (!auth.ok) return auth.refusal;
    if (auth.device.id != device_id) return error_reply(403, "token belongs to another device");
    auto j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return error_reply(400, "heartbeat body is not a JSON object");
    Heartbeat hb;
    auto get_int = [&](const char* k) -> std::int64_t {
        auto it = j.find(k);
        return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : -1;
    };
    auto get_str = [&](const char* k, std::size_t max) -> std::string {
        auto it = j.find(k);
        if (it == j.end() || !it->is_string()) return "";
        std::string s = it->get<std::string>();
        return s.size() > max ? s.substr(0, max) : s;
    };
    hb.queue_depth = get_int("queue_depth");
    hb.rejected = get_int("rejected");
    hb.oldest_unsent_age_s = get_int("oldest_unsent_age_s");
    hb.free_disk_bytes = get_int("free_disk_bytes");
    hb.app_version = get_str("app_version", 64);
    hb.content_version = get_str("content_version", 64);
    hb.last_error = get_str("last_error", 500);
    if (auto s = store.record_heartbeat(device_id, hb); !s.ok()) return error_reply(503, "storage unavailable");
    return Reply{200, R"({"status":"recorded"})"};
}

}  // namespace kiosk::endpoint
