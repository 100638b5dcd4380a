// device.json, loading the device identity and the demo enrollment.
#include "device/device.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/files.hpp"
#include "crypto/crypto.hpp"

namespace kiosk {

namespace fs = std::filesystem;

fs::path device_json_path(const fs::path& data_dir) { return data_dir / "device.json"; }

bool is_enrolled(const fs::path& data_dir) {
    std::error_code ec;
    return fs::exists(device_json_path(data_dir), ec);
}

Status write_device_config(const DeviceConfig& c, const fs::path& data_dir) {
    nlohmann::json j = {{"format", kDeviceFormat},
                        {"device_id", c.device_id},
                        {"name", c.name},
                        {"endpoint", c.endpoint},
                        {"token_ref", std::string("keys/") + kTokenName},
                        {"results_public_key", crypto::to_base64(c.org.results_public_key)},
                        {"content_public_key", crypto::to_base64(c.org.content_public_key)},
                        {"key_id", c.org.key_id},
                        {"device_signing_public_key", crypto::to_base64(c.device_signing_public_key)},
                        {"settings", c.settings},
                        {"demo", c.demo},
                        {"enrolled_at", c.enrolled_at}};
    if (!c.pinned_ca_pem.empty()) j["pinned_ca"] = c.pinned_ca_pem;
    j["signing_key_origin"] = c.signing_key_origin;
    if (!c.unregistered_predecessors.empty()) {
        nlohmann::json preds = nlohmann::json::array();
        for (const auto& p : c.unregistered_predecessors)
            preds.push_back({{"device_id", p.device_id},
                             {"signing_public_key", crypto::to_base64(p.public_key)},
                             {"proof", crypto::to_base64(p.proof)}});
        j["unregistered_predecessors"] = preds;
    }
    return write_file_atomic(device_json_path(data_dir), j.dump(2) + "\n", 0600);
}

Result<DeviceConfig> read_device_config(const fs::path& data_dir) {
    auto path = device_json_path(data_dir);
    auto text = read_whole_file(path);
    if (!text) {
        std::error_code ec;
        if (!fs::exists(path, ec))
            return make_error("device not enrolled: " + path.string() +
                                  " does not exist (run `kiosk enroll --data-dir D BUNDLE`)",
                              ErrorCode::NotFound);
        return text.error();
    }
    const std::string where = path.string();
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return make_error(where + ": not a JSON object");
    if (j.value("format", "") != kDeviceFormat)
        return make_error(where + ": \"format\" must be \"" + std::string(kDeviceFormat) + "\"");
    DeviceConfig c;
    auto get_b64 = [&](const char* key, crypto::Bytes& out) -> Status {
        auto it = j.find(key);
        if (it == j.end() || !it->is_string()) return make_error(where + ": \"" + key + "\" missing");
        auto b = crypto::from_base64(it->get<std::string>());
        if (!b || b->size() != 32) return make_error(where + ": \"" + key + "\" must be 32 bytes of base64");
        out = *b;
        return ok_status();
    };
    if (auto s = get_b64("results_public_key", c.org.results_public_key); !s) return s.error();
    if (auto s = get_b64("content_public_key", c.org.content_public_key); !s) return s.error();
    if (auto s = get_b64("device_signing_public_key", c.device_signing_public_key); !s) return s.error();
    c.org.key_id = key_id_for(c.org.results_public_key);
    try {
        c.device_id = j.at("device_id").get<std::string>();
        c.name = j.value("name", "");
        c.endpoint = j.value("endpoint", "");
        c.pinned_ca_pem = j.value("pinned_ca", "");
        c.demo = j.value("demo", false);
        c.enrolled_at = j.value("enrolled_at", "");
        if (j.contains("settings") && j["settings"].is_object()) c.settings = j["settings"];
    } catch (const nlohmann::json::exception&) {
        return make_error(where + ": \"device_id\", \"name\", \"endpoint\" must be strings, \"demo\" a boolean");
    }
    if (c.device_id.empty()) return make_error(where + ": \"device_id\" is empty");
    // Absent in device.json files written before enrollment v2: their key came from the bundle.
    if (auto o = j.find("signing_key_origin"); o != j.end()) {
        if (!o->is_string() || (*o != "bundle" && *o != "device"))
            return make_error(where + ": \"signing_key_origin\" must be \"bundle\" or \"device\"");
        c.signing_key_origin = o->get<std::string>();
    }
    if (auto preds = j.find("unregistered_predecessors"); preds != j.end()) {
        if (!preds->is_array()) return make_error(where + ": \"unregistered_predecessors\" must be an array");
        for (const auto& p : *preds) {
            PredecessorKey k;
            auto pk = p.is_object() && p.contains("signing_public_key") && p["signing_public_key"].is_string()
                          ? crypto::from_base64(p["signing_public_key"].get<std::string>())
                          : Result<crypto::Bytes>(make_error("missing"));
            auto proof = p.is_object() && p.contains("proof") && p["proof"].is_string()
                             ? crypto::from_base64(p["proof"].get<std::string>())
                             : Result<crypto::Bytes>(make_error("missing"));
            if (!pk || pk->size() != 32 || !proof || proof->size() != 64 || !p.contains("device_id") ||
                !p["device_id"].is_string())
                return make_error(where + ": \"unregistered_predecessors\" entries need \"device_id\", "
                                  "\"signing_public_key\" (32 bytes) and \"proof\" (64 bytes)");
            k.device_id = p["device_id"].get<std::string>();
            k.public_key = *pk;
            k.proof = *proof;
            c.unregistered_predecessors.push_back(std::move(k));
        }
    }
    return c;
}

Result<DeviceIdentity> load_device_identity(const fs::path& data_dir) {
    if (auto s = crypto::init(); !s) return s.error();
    auto cfg = read_device_config(data_dir);
    if (!cfg) return cfg.error();
    auto store = open_key_store(data_dir);
    DeviceIdentity id;
    id.config = std::move(*cfg);
    auto sk = store->load(kSigningKeyName);
    if (!sk) return make_error("device keys missing or unreadable: " + sk.error().message + " (re-enroll this device)");
    if (sk->size() != 64 || crypto::sign_public_from_secret(*sk) != id.config.device_signing_public_key)
        return make_error("device signing key in " + store->describe() +
                          " does not match device.json (re-enroll this device)");
    id.signing_secret_key = std::move(*sk);
    auto dk = store->load(kDraftKeyName);
    if (!dk) return make_error("draft key missing or unreadable: " + dk.error().message + " (re-enroll this device)");
    if (dk->size() != crypto::kSecretKeySize)
        return make_error("draft key in " + store->describe() + " has the wrong size (re-enroll this device)");
    id.draft_key = std::move(*dk);
    return id;
}

Result<std::string> load_endpoint_token(const fs::path& data_dir) {
    auto t = open_key_store(data_dir)->load(kTokenName);
    if (!t) return make_error("endpoint token missing or unreadable: " + t.error().message);
    return std::string(crypto::as_view(*t));
}

Result<bool> ensure_demo_enrollment(const fs::path& data_dir) {
    if (is_enrolled(data_dir)) return false;
    auto org_dir = data_dir / "demo-org";
    auto org = read_org_public_keys(org_dir);  // a half-finished earlier attempt may have left an org
    if (!org) {
        std::error_code ec;
        fs::create_directories(data_dir, ec);
        org = init_org(org_dir);
        if (!org) return make_error("cannot make the demo org: " + org.error().message);
        (void)write_file_atomic(org_dir / "README.txt",
                          "DEMO ORGANISATION made by the kiosk because this data dir was not enrolled.\n"
                          "Its results.sk lives next to the answers, so these answers are NOT protected.\n"
                          "Never use a demo data dir with real residents: enroll with `kiosk enroll`.\n",
                          0644);
    }
    auto bundle = make_enrollment(*org, "demo-" + crypto::random_hex(4), "DEMO - not for real answers", "", "");
    if (!bundle) return bundle.error();
    bundle->settings["demo"] = true;
    if (auto s = apply_bundle(*bundle, data_dir); !s) return s.error();
    auto cfg = read_device_config(data_dir);
    if (!cfg) return cfg.error();
    cfg->demo = true;
    if (auto s = write_device_config(*cfg, data_dir); !s) return s.error();
    return true;
}

fs::path default_data_dir() {
    if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) return fs::path(x) / "intake-kiosk";
    if (const char* h = std::getenv("HOME"); h && *h) return fs::path(h) / ".local/share/intake-kiosk";
    return fs::path("/var/lib/intake-kiosk");
}

}  // namespace kiosk
