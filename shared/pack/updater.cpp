#include "pack/updater.hpp"

#include <iostream>

#include "crypto/crypto.hpp"
#include "device/device.hpp"
#include "pack/pack.hpp"

namespace kiosk::pack {

Result<UpdaterConfig> load_updater_config(const std::filesystem::path& data_dir) {
    auto dev = read_device_config(data_dir);
    if (!dev) return dev.error();
    if (dev->endpoint.empty())
        return make_error("this device has no endpoint configured: content packs come only from an endpoint");
    auto token = load_endpoint_token(data_dir);
    if (!token) return token.error();
    UpdaterConfig c;
    c.transport.endpoint = dev->endpoint;
    c.transport.token = *token;
    c.transport.pinned_ca_pem = dev->pinned_ca_pem;
    c.transport.request_timeout_ms = 120'000;  // a pack is bigger than an envelope
    c.org_content_public_key = dev->org.content_public_key;
    c.data_dir = data_dir;
    const auto& s = dev->settings;
    if (s.is_object() && s.contains("content") && s["content"].is_object()) {
        const auto& cs = s["content"];
        if (cs.contains("channel") && cs["channel"].is_string()) c.channel = cs["channel"].get<std::string>();
        auto secs = [&](const char* key, Millis& out) {
            if (cs.contains(key) && cs[key].is_number_integer() && cs[key].get<long long>() >= 0)
                out = cs[key].get<long long>() * 1000;
        };
        secs("first_check_s", c.first_check_ms);
        secs("interval_s", c.interval_ms);
    }
    if (c.interval_ms < 60'000) c.interval_ms = 60'000;
    return c;
}

ContentUpdater::ContentUpdater(UpdaterConfig config) : config_(std::move(config)) {
    if (auto v = dir_version(content_dirs(config_.data_dir).staged)) status_.staged_version = *v;
    thread_ = std::thread([this] { run(); });
}

ContentUpdater::~ContentUpdater() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

void ContentUpdater::check_now() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        requested_ = true;
        status_.busy = true;
    }
    cv_.notify_all();
}

UpdaterStatus ContentUpdater::status() const {
    std::lock_guard<std::mutex> lock(mu_);
    return status_;
}

bool ContentUpdater::has_staged() const {
    std::lock_guard<std::mutex> lock(mu_);
    return !status_.staged_version.empty();
}

void ContentUpdater::staged_taken() {
    std::lock_guard<std::mutex> lock(mu_);
    status_.staged_version.clear();
}

void ContentUpdater::run() {
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(mu_);
            cv_.wait(lock, [this] { return stop_ || requested_; });
            if (stop_) return;
            requested_ = false;
        }
        check_once();
        std::lock_guard<std::mutex> lock(mu_);
        ++status_.checks_done;
        status_.busy = requested_;
    }
}

void ContentUpdater::check_once() {
    const std::string path = "/v1/content/" + config_.channel;
    auto got = sync::http_request(config_.transport, "GET", path);
    auto note = [&](const std::string& result) {
        std::lock_guard<std::mutex> lock(mu_);
        status_.last_result = result;
    };
    if (!got) return note("content check: " + got.error().message);
    if (got->status == 404) return note("content check: nothing published on channel " + config_.channel);
    if (got->status != 200)
        return note("content check: the endpoint answered " + std::to_string(got->status) + " for " + path);

    const std::string& bytes = got->body;
    std::string hash = crypto::sha256_hex(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    if (hash == last_bytes_hash_) return note("content check: the latest pack is unchanged");

    std::string label = got->content_version.empty() ? "from " + path : "v" + got->content_version;
    StageResult r = stage_pack(bytes, label, config_.org_content_public_key, config_.data_dir);
    last_bytes_hash_ = hash;
    std::lock_guard<std::mutex> lock(mu_);
    status_.last_result = r.message;
    switch (r.kind) {
        case StageResult::Kind::Refused:
            // The old content keeps running; staff see why the new one did not come.
            status_.notice = r.message;
            std::cerr << "kiosk: " << r.message << "\n";
            break;
        case StageResult::Kind::Staged:
            status_.notice.clear();
            status_.staged_version = r.version;
            std::cerr << "kiosk: " << r.message << "\n";
            break;
        case StageResult::Kind::UpToDate:
            status_.notice.clear();
            break;
    }
}

}  // namespace kiosk::pack
