// Org key files, enrollment bundles and applying a bundle to a data dir.
// Every read checks sizes and that key halves belong together, and names the
// file and field when something is wrong.
//
// Index of this file:
// [SECTION] org keys
// [SECTION] enrollment bundles
// [SECTION] checks
// [SECTION] writing, reading and applying a bundle
#include "device/enrollment.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "crypto/crypto.hpp"
#include "crypto/envelope.hpp"
#include "core/clock.hpp"
#include "core/printable.hpp"
#include "core/files.hpp"
#include "device/device.hpp"
#include "device/signing_key.hpp"
#include "staff/pin.hpp"

namespace kiosk {

namespace fs = std::filesystem;

// [SECTION] org keys
std::string key_id_for(const crypto::Bytes& results_public_key) {
    auto h = crypto::generichash(results_public_key.data(), results_public_key.size());
    return crypto::to_hex(h.data(), 8);
}

std::string key_fingerprint(const crypto::Bytes& public_key) {
    auto h = crypto::to_hex(crypto::generichash(public_key.data(), public_key.size()));
    std::string out;
    for (std::size_t i = 0; i < h.size(); i += 4) {
        if (i) out += ' ';
        out += h.substr(i, 4);
    }
    return out;
}

namespace {

std::string now_rfc3339() {
    return crypto::rfc3339_utc(SystemClock().wall_ms());
}

// Reads a base64 string field of the expected decoded size.
Result<crypto::Bytes> b64_field(const nlohmann::json& j, const char* key, std::size_t size, const std::string& where) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return make_error(where + ": \"" + key + "\" missing or not a string");
    auto b = crypto::from_base64(it->get<std::string>());
    if (!b) return make_error(where + ": \"" + key + "\" is not valid base64");
    if (b->size() != size)
        return make_error(where + ": \"" + key + "\" must be " + std::to_string(size) + " bytes, is " +
                          std::to_string(b->size()));
    return b;
}

Result<std::string> str_field(const nlohmann::json& j, const char* key, const std::string& where, bool required) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        if (required) return make_error(where + ": \"" + key + "\" missing");
        return std::string();
    }
    if (!it->is_string()) return make_error(where + ": \"" + key + "\" must be a string");
    return it->get<std::string>();
}

Result<crypto::Bytes> read_raw_key(const fs::path& p, std::size_t size) {
    auto text = read_whole_file(p);
    if (!text) return text.error();
    if (text->size() != size)
        return make_error(p.string() + ": must be " + std::to_string(size) + " bytes, is " +
                          std::to_string(text->size()));
    crypto::Bytes b(text->begin(), text->end());
    crypto::wipe(*text);
    return b;
}

}  // namespace

Result<OrgPublicKeys> init_org(const fs::path& org_dir) {
    if (auto s = crypto::init(); !s) return s.error();
    for (const char* f : {"results.sk", "content.sk", "results.pk", "content.pk", "org.json"}) {
        std::error_code ec;
        if (fs::exists(org_dir / f, ec))
            return make_error((org_dir / f).string() + " already exists; refusing to overwrite org keys");
    }
    std::error_code ec;
    fs::create_directories(org_dir, ec);
    if (ec) return make_error("cannot create " + org_dir.string() + ": " + ec.message());
    ::chmod(org_dir.c_str(), 0700);

    auto results = crypto::box_keypair();
    auto content = crypto::sign_keypair();
    OrgPublicKeys pub{results.public_key, content.public_key, key_id_for(results.public_key)};

    // Secret keys first: if we fail half-way there is no org.json claiming a usable org.
    if (auto s = write_file_atomic(org_dir / "results.sk", results.secret_key.data(), results.secret_key.size(), 0600); !s)
        return s.error();
    if (auto s = write_file_atomic(org_dir / "content.sk", content.secret_key.data(), content.secret_key.size(), 0600); !s)
        return s.error();
    if (auto s = write_file_atomic(org_dir / "results.pk", pub.results_public_key.data(), 32, 0600); !s) return s.error();
    if (auto s = write_file_atomic(org_dir / "content.pk", pub.content_public_key.data(), 32, 0600); !s) return s.error();
    nlohmann::json j = {{"format", "intake-kiosk-org/1"},
                        {"results_public_key", crypto::to_base64(pub.results_public_key)},
                        {"content_public_key", crypto::to_base64(pub.content_public_key)},
                        {"key_id", pub.key_id},
                        {"results_fingerprint", key_fingerprint(pub.results_public_key)},
                        {"content_fingerprint", key_fingerprint(pub.content_public_key)},
                        {"created_at", now_rfc3339()}};
    if (auto s = write_file_atomic(org_dir / "org.json", j.dump(2) + "\n", 0600); !s) return s.error();
    return pub;
}

Result<OrgPublicKeys> read_org_public_keys(const fs::path& org_dir) {
    OrgPublicKeys pub;
    auto json_path = org_dir / "org.json";
    std::error_code ec;
    if (fs::exists(json_path, ec)) {
        auto text = read_whole_file(json_path);
        if (!text) return text.error();
        auto j = nlohmann::json::parse(*text, nullptr, false);
        if (j.is_discarded() || !j.is_object()) return make_error(json_path.string() + ": not a JSON object");
        auto r = b64_field(j, "results_public_key", 32, json_path.string());
        if (!r) return r.error();
        auto c = b64_field(j, "content_public_key", 32, json_path.string());
        if (!c) return c.error();
        pub.results_public_key = *r;
        pub.content_public_key = *c;
    } else {
        auto r = read_raw_key(org_dir / "results.pk", 32);
        if (!r) return make_error("not an org dir (no org.json): " + r.error().message);
        auto c = read_raw_key(org_dir / "content.pk", 32);
        if (!c) return c.error();
        pub.results_public_key = *r;
        pub.content_public_key = *c;
    }
    pub.key_id = key_id_for(pub.results_public_key);
    return pub;
}

Result<OrgSecretKeys> read_org_secret_keys(const fs::path& org_dir) {
    auto pub = read_org_public_keys(org_dir);
    if (!pub) return pub.error();
    OrgSecretKeys keys;
    keys.pub = *pub;
    auto store = make_file_key_store(org_dir);  // same 0600 rules as device keys
    auto rsk = store->load("results.sk");
    if (!rsk) return make_error("org results secret key: " + rsk.error().message);
    if (rsk->size() != crypto_box_SECRETKEYBYTES)
        return make_error((org_dir / "results.sk").string() + ": must be 32 bytes");
    crypto::Bytes derived(crypto_box_PUBLICKEYBYTES);
    crypto_scalarmult_base(derived.data(), rsk->data());
    if (derived != keys.pub.results_public_key)
        return make_error((org_dir / "results.sk").string() + " does not belong to the results public key in org.json");
    keys.results_secret_key = std::move(*rsk);
    if (store->contains("content.sk")) {
        auto csk = store->load("content.sk");
        if (!csk) return make_error("org content secret key: " + csk.error().message);
        if (csk->size() != crypto_sign_SECRETKEYBYTES || crypto::sign_public_from_secret(*csk) != keys.pub.content_public_key)
            return make_error((org_dir / "content.sk").string() + " does not belong to the content public key in org.json");
        keys.content_secret_key = std::move(*csk);
    }
    return keys;
}

// [SECTION] enrollment bundles
Result<EnrollmentBundle> make_enrollment(const OrgPublicKeys& org, std::string device_id, std::string name,
                                         std::string endpoint, std::string pinned_ca_pem, int bundle_version) {
    if (auto s = crypto::init(); !s) return s.error();
    if (bundle_version != 1 && bundle_version != 2) return make_error("bundle version must be 1 or 2");
    if (org.results_public_key.size() != 32 || org.content_public_key.size() != 32)
        return make_error("org public keys must be 32 bytes each");
    EnrollmentBundle b;
    b.device_id = device_id.empty() ? "kiosk-" + crypto::random_hex(8) : std::move(device_id);
    b.name = name.empty() ? b.device_id : std::move(name);
    if (auto s = check_device_id(b.device_id, "device id"); !s) return s.error();
    if (auto s = check_device_name(b.name, "device name"); !s) return s.error();
    while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
    if (auto s = check_endpoint_url(endpoint); !s) return s.error();
    b.endpoint = std::move(endpoint);
    b.token = crypto::random_token();
    b.org = org;
    b.org.key_id = key_id_for(org.results_public_key);
    if (bundle_version == 1) {
        b.format = kEnrollmentFormatV1;
        auto kp = crypto::sign_keypair();
        b.device_signing_public_key = kp.public_key;
        b.device_signing_secret_key = std::move(kp.secret_key);
    }
    b.pinned_ca_pem = std::move(pinned_ca_pem);
    return b;
}

namespace {

// The bundle as JSON without "org_signature": what the signature covers.
nlohmann::json bundle_json(const EnrollmentBundle& b) {
    nlohmann::json j = {{"format", b.format},
                        {"device_id", b.device_id},
                        {"name", b.name},
                        {"endpoint", b.endpoint},
                        {"token", b.token},
                        {"results_public_key", crypto::to_base64(b.org.results_public_key)},
                        {"content_public_key", crypto::to_base64(b.org.content_public_key)},
                        {"key_id", b.org.key_id},
                        {"settings", b.settings}};
    if (b.version() == 1) {
        j["device_signing_secret_key"] = crypto::to_base64(b.device_signing_secret_key);
        j["device_signing_public_key"] = crypto::to_base64(b.device_signing_public_key);
    }
    if (!b.pinned_ca_pem.empty()) j["pinned_ca"] = b.pinned_ca_pem;
    if (!b.replaces.empty()) j["replaces"] = b.replaces;
    if (!b.staff_pin_hash.empty()) j["staff_pin_hash"] = b.staff_pin_hash;
    return j;
}

crypto::Bytes digest_of(nlohmann::json& j) {
    std::string text = j.dump();  // nlohmann sorts keys: the same text for the same content
    auto d = crypto::generichash(reinterpret_cast<const unsigned char*>(text.data()), text.size());
    crypto::wipe(text);
    return d;
}

bool is_id_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '~' || c == '-';
}

}  // namespace

void sign_bundle(EnrollmentBundle& b, const crypto::SecureBytes& content_secret_key) {
    auto j = bundle_json(b);
    b.signed_digest = digest_of(j);
    if (j.contains("device_signing_secret_key")) crypto::wipe(j["device_signing_secret_key"].get_ref<std::string&>());
    b.org_signature = crypto::sign_detached(b.signed_digest.data(), b.signed_digest.size(), content_secret_key);
}

bool bundle_signed_by(const EnrollmentBundle& b, const crypto::Bytes& content_public_key) {
    return b.org_signature.size() == 64 && b.signed_digest.size() == 32 && content_public_key.size() == 32 &&
           crypto::verify_detached(b.org_signature.data(), b.signed_digest.data(), b.signed_digest.size(),
                                   content_public_key);
}

// [SECTION] checks
bool is_loopback_http(const std::string& url) {
    if (url.rfind("http://", 0) != 0) return false;
    std::string rest = url.substr(7);
    std::string host;
    if (!rest.empty() && rest[0] == '[') {
        auto close = rest.find(']');
        if (close == std::string::npos) return false;
        host = rest.substr(0, close + 1);
        rest = rest.substr(close + 1);
    } else {
        auto end = rest.find_first_of(":/?#");
        host = rest.substr(0, end);
        rest = end == std::string::npos ? "" : rest.substr(end);
    }
    if (!rest.empty() && rest[0] != ':' && rest[0] != '/') return false;
    if (host.find('@') != std::string::npos) return false;
    if (host == "localhost" || host == "[::1]") return true;
    // 127.a.b.c, digits only: never a name that merely starts with "127."
    int parts = 0;
    std::size_t i = 0;
    while (i <= host.size()) {
        std::size_t dot = host.find('.', i);
        std::string part = host.substr(i, dot == std::string::npos ? std::string::npos : dot - i);
        if (part.empty() || part.size() > 3 || part.find_first_not_of("0123456789") != std::string::npos) return false;
        if (std::stoi(part) > 255 || (parts == 0 && part != "127")) return false;
        ++parts;
        if (dot == std::string::npos) break;
        i = dot + 1;
    }
    return parts == 4;
}

Status check_endpoint_url(const std::string& url) {
    if (url.empty()) return ok_status();
    for (unsigned char c : url)
        if (c <= 0x20 || c == 0x7f) return make_error("endpoint " + printable_text(url) + ": spaces or control characters");
    if (url.rfind("https://", 0) == 0 && url.size() > 8) return ok_status();
    if (url.rfind("http://", 0) == 0) {
        if (is_loopback_http(url)) return ok_status();
        return make_error("endpoint " + url +
                          ": plain http:// is only allowed to loopback (127.0.0.1, ::1, localhost); use https://");
    }
    return make_error("endpoint " + url + ": want a URL starting with https:// (or http:// on loopback)");
}

Status check_device_id(const std::string& id, const std::string& what) {
    if (id.empty() || id.size() > 128) return make_error(what + " must be 1 to 128 characters");
    for (char c : id)
        if (!is_id_char(c))
            return make_error(what + " " + printable_text(id) + ": only letters, digits and . _ ~ - are allowed");
    return ok_status();
}

Status check_device_name(const std::string& name, const std::string& what) {
    if (name.size() > 200) return make_error(what + " is longer than 200 characters");
    for (unsigned char c : name)
        if (c < 0x20 || c == 0x7f) return make_error(what + " " + printable_text(name) + ": control characters are not allowed");
    return ok_status();
}

// [SECTION] writing, reading and applying a bundle
Status write_bundle(const EnrollmentBundle& b, const fs::path& path) {
    nlohmann::json j = bundle_json(b);
    if (!b.org_signature.empty()) j["org_signature"] = crypto::to_base64(b.org_signature);
    std::string text = j.dump(2) + "\n";
    if (j.contains("device_signing_secret_key")) crypto::wipe(j["device_signing_secret_key"].get_ref<std::string&>());
    auto s = write_file_atomic(path, text, 0600);
    crypto::wipe(text);
    return s;
}

Result<EnrollmentBundle> read_bundle(const fs::path& path) {
    auto text = read_whole_file(path);
    if (!text) return text.error();
    auto b = parse_bundle(*text, path.string());
    crypto::wipe(*text);
    return b;
}

Result<EnrollmentBundle> parse_bundle(const std::string& text, const std::string& where) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return make_error(where + ": not a JSON object (is this an enrollment bundle?)");
    EnrollmentBundle b;
    auto format = str_field(j, "format", where, true);
    if (!format) return format.error();
    if (*format != kEnrollmentFormat && *format != kEnrollmentFormatV1)
        return make_error(where + ": \"format\" is \"" + *format + "\", expected \"" + kEnrollmentFormat + "\" (or \"" +
                          kEnrollmentFormatV1 + "\")");
    b.format = *format;
    for (auto [key, field, required] : {std::tuple{"device_id", &b.device_id, true}, {"name", &b.name, false},
                                        {"endpoint", &b.endpoint, false}, {"token", &b.token, true},
                                        {"key_id", &b.org.key_id, true}, {"pinned_ca", &b.pinned_ca_pem, false},
                                        {"replaces", &b.replaces, false},
                                        {"staff_pin_hash", &b.staff_pin_hash, false}}) {
        auto v = str_field(j, key, where, required);
        if (!v) return v.error();
        *field = std::move(*v);
    }
    if (b.device_id.empty()) return make_error(where + ": \"device_id\" is empty");
    if (b.token.empty()) return make_error(where + ": \"token\" is empty");
    if (auto s = check_device_id(b.device_id, where + ": \"device_id\""); !s) return s.error();
    if (auto s = check_device_id(b.token, where + ": \"token\""); !s)
        return make_error(where + ": \"token\" must be letters, digits and . _ ~ - only");
    if (!b.replaces.empty())
        if (auto s = check_device_id(b.replaces, where + ": \"replaces\""); !s) return s.error();
    if (auto s = check_device_name(b.name, where + ": \"name\""); !s) return s.error();
    if (auto s = check_endpoint_url(b.endpoint); !s) return make_error(where + ": " + s.error().message);
    if (!b.staff_pin_hash.empty() && !staff::is_pin_hash(b.staff_pin_hash))
        return make_error(where + ": \"staff_pin_hash\" is not an Argon2id hash (kioskctl device enroll --pin-stdin)");
    if (auto sig = j.find("org_signature"); sig != j.end()) {
        if (!sig->is_string()) return make_error(where + ": \"org_signature\" must be a string");
        auto bytes = crypto::from_base64(sig->get<std::string>());
        if (!bytes || bytes->size() != 64) return make_error(where + ": \"org_signature\" must be 64 bytes of base64");
        b.org_signature = *bytes;
        j.erase("org_signature");
    }
    b.signed_digest = digest_of(j);
    auto r = b64_field(j, "results_public_key", 32, where);
    if (!r) return r.error();
    auto c = b64_field(j, "content_public_key", 32, where);
    if (!c) return c.error();
    b.org.results_public_key = *r;
    b.org.content_public_key = *c;
    if (b.org.key_id != key_id_for(b.org.results_public_key))
        return make_error(where + ": \"key_id\" does not match \"results_public_key\"");
    auto sk_it = j.find("device_signing_secret_key");
    if (b.version() == 2) {
        // The device makes its own key; a v2 bundle that carries one was not made by us.
        if (sk_it != j.end() || j.contains("device_signing_public_key")) {
            if (sk_it != j.end() && sk_it->is_string()) crypto::wipe(sk_it->get_ref<std::string&>());
            return make_error(where + ": a " + kEnrollmentFormat +
                              " bundle carries no device signing key (the device makes its own)");
        }
        if (auto s = j.find("settings"); s != j.end() && !s->is_null()) {
            if (!s->is_object()) return make_error(where + ": \"settings\" must be an object");
            b.settings = *s;
        }
        return b;
    }
    auto dpk = b64_field(j, "device_signing_public_key", 32, where);
    if (!dpk) return dpk.error();
    b.device_signing_public_key = *dpk;
    if (sk_it == j.end() || !sk_it->is_string())
        return make_error(where + ": \"device_signing_secret_key\" missing or not a string");
    auto sk = crypto::secret_from_base64(sk_it->get_ref<const std::string&>());
    crypto::wipe(sk_it->get_ref<std::string&>());
    if (!sk || sk->size() != 64) return make_error(where + ": \"device_signing_secret_key\" must be 64 bytes of base64");
    if (crypto::sign_public_from_secret(*sk) != b.device_signing_public_key)
        return make_error(where + ": \"device_signing_secret_key\" does not belong to \"device_signing_public_key\"");
    b.device_signing_secret_key = std::move(*sk);
    if (auto s = j.find("settings"); s != j.end() && !s->is_null()) {
        if (!s->is_object()) return make_error(where + ": \"settings\" must be an object");
        b.settings = *s;
    }
    return b;
}

Status apply_bundle(const EnrollmentBundle& b, const fs::path& data_dir) {
    if (b.version() == 1 &&
        (b.device_signing_secret_key.size() != 64 || b.device_signing_public_key.size() != 32 ||
         crypto::sign_public_from_secret(b.device_signing_secret_key) != b.device_signing_public_key))
        return make_error("enrollment bundle: device signing key pair is not valid");
    if (b.version() == 2 && !b.device_signing_secret_key.empty())
        return make_error("enrollment bundle: a v2 bundle carries no device signing key");
    if (b.org.results_public_key.size() != 32 || b.org.content_public_key.size() != 32)
        return make_error("enrollment bundle: org public keys must be 32 bytes");
    if (auto s = check_endpoint_url(b.endpoint); !s) return make_error("enrollment bundle: " + s.error().message);
    std::error_code ec;
    fs::create_directories(data_dir, ec);
    if (ec) return make_error("cannot create data dir " + data_dir.string() + ": " + ec.message());
    // The README promises 0700: nobody but the kiosk user lists or reads the data dir.
    if (::chmod(data_dir.c_str(), 0700) != 0)
        return make_error("cannot make " + data_dir.string() + " private (chmod 0700): " + std::strerror(errno));
    fs::create_directories(data_dir / "logs", ec);
    ::chmod((data_dir / "logs").c_str(), 0700);
    auto store = open_key_store(data_dir);
    auto old = read_device_config(data_dir);
    // The identity this bundle replaces: if the endpoint never got its key, carry
    // it along (signed by that key, before it is overwritten) so what it sealed
    // is still delivered. Keys the old identity carried along come too.
    std::vector<PredecessorKey> predecessors;
    const bool same_identity = old && old->device_id == b.device_id;
    if (same_identity) {
        predecessors = old->unregistered_predecessors;
    } else if (old && !old->demo && !b.replaces.empty() && b.replaces == old->device_id &&
               signing_key_pending(data_dir, *old)) {
        auto old_id = load_device_identity(data_dir);
        if (old_id && old_id->config.signing_key_origin == "device") {
            predecessors.push_back({old->device_id, old->device_signing_public_key,
                                    make_signing_key_proof(old->device_id, old->device_signing_public_key,
                                                           old_id->signing_secret_key)});
        }
        for (auto& p : old->unregistered_predecessors) predecessors.push_back(p);
    }
    crypto::Bytes signing_public_key;
    std::string origin = "bundle";
    if (b.version() == 1) {
        if (auto s = store->store(kSigningKeyName, b.device_signing_secret_key); !s) return s.error();
        signing_public_key = b.device_signing_public_key;
    } else {
        origin = "device";
        // The same bundle applied again (an operator repeating `kiosk enroll`, a
        // restart half-way): keep the key, the endpoint may hold it already.
        if (same_identity && old->signing_key_origin == "device") {
            if (auto kept = load_device_identity(data_dir)) signing_public_key = kept->config.device_signing_public_key;
        }
        if (signing_public_key.empty()) {
            auto kp = crypto::sign_keypair();
            if (auto s = store->store(kSigningKeyName, kp.secret_key); !s) return s.error();
            signing_public_key = kp.public_key;
        }
    }
    if (auto s = store->store(kTokenName, crypto::secure_from(b.token)); !s) return s.error();
    // Keep an existing draft key: paused interviews survive a re-enrollment.
    if (!store->contains(kDraftKeyName)) {
        if (auto s = store->store(kDraftKeyName, crypto::random_secret(crypto::kSecretKeySize)); !s) return s.error();
    }
    DeviceConfig cfg;
    cfg.device_id = b.device_id;
    cfg.name = b.name;
    cfg.endpoint = b.endpoint;
    cfg.org = b.org;
    cfg.org.key_id = key_id_for(b.org.results_public_key);
    cfg.device_signing_public_key = signing_public_key;
    cfg.signing_key_origin = origin;
    cfg.unregistered_predecessors = std::move(predecessors);
    cfg.pinned_ca_pem = b.pinned_ca_pem;
    cfg.settings = b.settings.is_object() ? b.settings : nlohmann::json::object();
    cfg.enrolled_at = now_rfc3339();
    if (!b.staff_pin_hash.empty())
        if (auto s = staff::set_pin_hash(data_dir, b.staff_pin_hash); !s) return s.error();
    // device.json last: its presence means "enrolled", so it must only appear once the keys are in place.
    return write_device_config(cfg, data_dir);
}

}  // namespace kiosk
