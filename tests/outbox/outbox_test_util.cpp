#include "outbox_test_util.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "crypto/envelope.hpp"

namespace kiosk::test {

Enrolled enroll_fresh(const std::filesystem::path& root, std::filesystem::path data_dir) {
    Enrolled e;
    e.org_dir = root / "org";
    e.data_dir = data_dir.empty() ? root / "data" : data_dir;
    auto pub = init_org(e.org_dir);
    if (!pub) throw std::runtime_error(pub.error().message);
    auto keys = read_org_secret_keys(e.org_dir);
    if (!keys) throw std::runtime_error(keys.error().message);
    e.org = std::move(*keys);
    auto b = make_enrollment(*pub, "kiosk-test", "Test kiosk", "http://127.0.0.1:9", "");
    if (!b) throw std::runtime_error(b.error().message);
    e.bundle = std::move(*b);
    if (auto s = apply_bundle(e.bundle, e.data_dir); !s) throw std::runtime_error(s.error().message);
    // A v2 bundle carries no key: the device made its own when it was applied.
    auto cfg = read_device_config(e.data_dir);
    if (!cfg) throw std::runtime_error(cfg.error().message);
    e.bundle.device_signing_public_key = cfg->device_signing_public_key;
    return e;
}

std::string response_with(const std::string& marker, int items) {
    nlohmann::json item = nlohmann::json::array();
    for (int i = 0; i < items; ++i)
        item.push_back({{"linkId", "q" + std::to_string(i)}, {"answer", {{{"valueInteger", i % 11}}}}});
    item.push_back({{"linkId", "free-text"}, {"answer", {{{"valueString", marker}}}}});
    nlohmann::json r = {{"resourceType", "QuestionnaireResponse"},
                        {"questionnaire", "https://fhir.intake-kiosk.example/Questionnaire/howareyou-full|1.0.0"},
                        {"status", "completed"},
                        {"item", item}};
    return r.dump();
}

ResponseMeta sample_meta() { return ResponseMeta{"howareyou-full", "1.0.0", "full", "nl", 312, true, "finished"}; }

std::vector<std::string> files_containing(const std::filesystem::path& dir, const std::string& needle) {
    std::vector<std::string> hits;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream f(entry.path(), std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
        if (bytes.find(needle) != std::string::npos) hits.push_back(entry.path().string());
    }
    return hits;
}

std::string open_with_org(const Enrolled& e, const crypto::Bytes& envelope) {
    auto plain = crypto::open_envelope(envelope, e.org.pub.results_public_key, e.org.results_secret_key,
                                       &e.bundle.device_signing_public_key);
    if (!plain) throw std::runtime_error(plain.error().message);
    return std::string(crypto::as_view(*plain));
}

}  // namespace kiosk::test
