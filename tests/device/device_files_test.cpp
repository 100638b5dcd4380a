// shared/device beyond the device service: device.json, the device identity
// (config + keys that must belong together), the key store's 0600 rule, the
// demo enrollment and the default data dir. (tests/device/ also holds the
// device service's tests.)
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

#include "core/files.hpp"
#include "crypto/crypto.hpp"
#include "device/device.hpp"
#include "device/enrollment.hpp"
#include "device/key_store.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {

// A data dir enrolled to a fresh org (what `kiosk enroll` leaves behind).
fs::path enrolled(const TempDir& dir, const std::string& device_id = "kiosk-files") {
    auto pub = init_org(dir / "org");
    REQUIRE(pub.ok());
    auto b = make_enrollment(*pub, device_id, "Front desk", "https://intake.example.org", "");
    REQUIRE(b.ok());
    REQUIRE(apply_bundle(*b, dir / "data").ok());
    return dir / "data";
}

}  // namespace

TEST_CASE("device.json written and read back keeps the identity, the endpoint and the settings") {
    TempDir dir("device-json");
    const fs::path data = enrolled(dir);
    REQUIRE(is_enrolled(data));
    auto cfg = read_device_config(data);
    REQUIRE(cfg.ok());
    CHECK(cfg->device_id == "kiosk-files");
    CHECK(cfg->name == "Front desk");
    CHECK(cfg->endpoint == "https://intake.example.org");
    CHECK(cfg->signing_key_origin == "device");
    CHECK_FALSE(cfg->demo);
    CHECK(cfg->device_signing_public_key.size() == 32);

    cfg->name = "Back office";
    cfg->settings["languages"] = {"nl", "en"};
    REQUIRE(write_device_config(*cfg, data).ok());
    auto again = read_device_config(data);
    REQUIRE(again.ok());
    CHECK(again->name == "Back office");
    CHECK(again->settings["languages"] == nlohmann::json({"nl", "en"}));
    CHECK(again->org.key_id == cfg->org.key_id);
    struct stat st {};
    REQUIRE(::stat(device_json_path(data).c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("a device.json that is not one says which file and which field") {
    TempDir dir("device-json-bad");
    fs::create_directories(dir / "data");
    CHECK_FALSE(is_enrolled(dir / "data"));
    auto missing = read_device_config(dir / "data");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == ErrorCode::NotFound);

    write_file(dir / "data/device.json", "[1, 2]");
    auto not_object = read_device_config(dir / "data");
    REQUIRE_FALSE(not_object.ok());
    CHECK(not_object.error().message == (dir / "data/device.json").string() + ": not a JSON object");

    write_file(dir / "data/device.json", R"({"format": "intake-kiosk-device/0"})");
    auto old_format = read_device_config(dir / "data");
    REQUIRE_FALSE(old_format.ok());
    CHECK(old_format.error().message.find("\"format\" must be \"intake-kiosk-device/1\"") != std::string::npos);
}

TEST_CASE("the device identity loads only when the keys are there and belong to device.json") {
    TempDir dir("device-identity");
    const fs::path data = enrolled(dir);
    auto id = load_device_identity(data);
    REQUIRE(id.ok());
    CHECK(id->signing_secret_key.size() == 64);
    CHECK(id->draft_key.size() == crypto::kSecretKeySize);

    // Another signing key than the one device.json names.
    auto store = open_key_store(data);
    auto other = crypto::sign_keypair();
    REQUIRE(store->store(kSigningKeyName, other.secret_key).ok());
    auto mismatched = load_device_identity(data);
    REQUIRE_FALSE(mismatched.ok());
    CHECK(mismatched.error().message.find("does not match device.json") != std::string::npos);

    // No signing key at all.
    fs::remove(data / "keys" / kSigningKeyName);
    auto gone = load_device_identity(data);
    REQUIRE_FALSE(gone.ok());
    CHECK(gone.error().message.find("device keys missing or unreadable") != std::string::npos);
    CHECK(gone.error().message.find(kSigningKeyName) != std::string::npos);
}

TEST_CASE("the key store keeps keys 0600 in a 0700 folder and refuses a key others can read") {
    TempDir dir("device-keys");
    auto store = make_file_key_store(dir / "keys");
    const crypto::SecureBytes secret = crypto::random_secret(32);
    CHECK_FALSE(store->contains("draft.key"));
    REQUIRE(store->store("draft.key", secret).ok());
    CHECK(store->contains("draft.key"));
    auto back = store->load("draft.key");
    REQUIRE(back.ok());
    CHECK(*back == secret);
    struct stat st {};
    REQUIRE(::stat((dir / "keys").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    REQUIRE(::stat((dir / "keys/draft.key").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    REQUIRE(::chmod((dir / "keys/draft.key").c_str(), 0644) == 0);
    auto loose = store->load("draft.key");
    REQUIRE_FALSE(loose.ok());
    CHECK(loose.error().message.find("a key file must be 0600") != std::string::npos);

    auto missing = store->load("endpoint.token");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == ErrorCode::NotFound);
    CHECK_FALSE(store->store("../escape", secret).ok());  // a name, never a path
    CHECK_FALSE(store->load(".hidden").ok());
}

TEST_CASE("a data dir that is not enrolled gets a clearly marked demo enrollment once") {
    TempDir dir("device-demo");
    const fs::path data = dir / "data";
    auto made = ensure_demo_enrollment(data);
    REQUIRE(made.ok());
    CHECK(made.value() == true);
    auto cfg = read_device_config(data);
    REQUIRE(cfg.ok());
    CHECK(cfg->demo);
    CHECK(cfg->name == "DEMO - not for real answers");
    CHECK(cfg->endpoint.empty());
    CHECK(fs::exists(data / "demo-org/README.txt"));
    CHECK(load_device_identity(data).ok());
    auto again = ensure_demo_enrollment(data);
    REQUIRE(again.ok());
    CHECK(again.value() == false);
    CHECK(read_device_config(data)->device_id == cfg->device_id);
}

TEST_CASE("the default data dir follows XDG_DATA_HOME, then HOME, then /var/lib") {
    const char* xdg = std::getenv("XDG_DATA_HOME");
    const char* home = std::getenv("HOME");
    const std::string saved_xdg = xdg ? xdg : "", saved_home = home ? home : "";
    ::setenv("XDG_DATA_HOME", "/tmp/xdg-test", 1);
    CHECK(default_data_dir() == fs::path("/tmp/xdg-test/intake-kiosk"));
    ::unsetenv("XDG_DATA_HOME");
    ::setenv("HOME", "/home/kiosk-test", 1);
    CHECK(default_data_dir() == fs::path("/home/kiosk-test/.local/share/intake-kiosk"));
    ::unsetenv("HOME");
    CHECK(default_data_dir() == fs::path("/var/lib/intake-kiosk"));
    if (xdg) ::setenv("XDG_DATA_HOME", saved_xdg.c_str(), 1);
    if (home) ::setenv("HOME", saved_home.c_str(), 1);
}
