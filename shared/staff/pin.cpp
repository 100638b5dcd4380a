#include "staff/pin.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/files.hpp"
#include "device/device.hpp"

namespace kiosk::staff {

namespace {

std::filesystem::path pin_file(const std::filesystem::path& dir) { return dir / "staff-pin"; }

}  // namespace

Status check_pin_format(const std::string& pin) {
    if (pin.size() < 4 || pin.size() > 12) return make_error("a staff PIN has 4 to 12 digits");
    for (char c : pin)
        if (c < '0' || c > '9') return make_error("a staff PIN has digits only");
    return ok_status();
}

Result<std::string> hash_pin(const std::string& pin) {
    if (auto st = check_pin_format(pin); !st) return st.error();
    if (sodium_init() < 0) return make_error("libsodium failed to start");
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(hash, pin.data(), pin.size(), kPinOps, kPinMemBytes, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return make_error("not enough memory to hash the PIN");
    return std::string(hash);
}

bool is_pin_hash(const std::string& hash) {
    if (hash.rfind("$argon2id$v=19$m=", 0) != 0 || hash.size() >= crypto_pwhash_STRBYTES) return false;
    for (char c : hash)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '$' || c == '=' ||
              c == ',' || c == '+' || c == '/'))
            return false;
    return true;
}

Status set_pin_hash(const std::filesystem::path& data_dir, const std::string& hash) {
    if (!is_pin_hash(hash)) return make_error("not an Argon2id PIN hash");
    auto path = pin_file(data_dir);
    auto tmp = path;
    tmp += ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return make_error("cannot write " + tmp.string() + ": " + std::strerror(errno));
    ::fchmod(fd, 0600);
    bool ok = ::write(fd, hash.data(), hash.size()) == static_cast<ssize_t>(hash.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0)
        return make_error("cannot write " + path.string() + ": " + std::strerror(errno));
    return ok_status();
}

Status set_pin(const std::filesystem::path& data_dir, const std::string& pin) {
    auto hash = hash_pin(pin);
    if (!hash) return hash.error();
    return set_pin_hash(data_dir, *hash);
}

bool pin_is_set(const std::filesystem::path& data_dir) {
    std::error_code ec;
    return std::filesystem::is_regular_file(pin_file(data_dir), ec);
}

bool demo_pin_applies(const std::filesystem::path& data_dir) {
    if (pin_is_set(data_dir)) return false;
    auto cfg = read_device_config(data_dir);
    return cfg && cfg->demo;
}

Result<bool> verify_pin(const std::filesystem::path& data_dir, const std::string& pin) {
    if (!pin_is_set(data_dir)) return demo_pin_applies(data_dir) && pin == kDemoPin;
    auto text = read_whole_file(pin_file(data_dir));
    if (!text) return make_error("staff PIN: " + text.error().message, ErrorCode::Io);
    const std::string hash = text->substr(0, text->find('\n'));
    if (!is_pin_hash(hash))
        return make_error("staff PIN: " + pin_file(data_dir).string() + " does not hold an Argon2id PIN hash (set it again with `kiosk set-pin`)",
                          ErrorCode::Invalid);
    if (sodium_init() < 0) return make_error("libsodium failed to start", ErrorCode::Crypto);
    return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

}  // namespace kiosk::staff
