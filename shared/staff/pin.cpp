#include "staff/pin.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace kiosk::staff {

namespace {

constexpr unsigned long long kOps = 3;
constexpr std::size_t kMem = 32u * 1024 * 1024;  // 32 MiB: slow to guess, light on a tablet

std::filesystem::path pin_file(const std::filesystem::path& dir) { return dir / "staff-pin"; }

}  // namespace

Status check_pin_format(const std::string& pin) {
    if (pin.size() < 4 || pin.size() > 12) return make_error("a staff PIN has 4 to 12 digits");
    for (char c : pin)
        if (c < '0' || c > '9') return make_error("a staff PIN has digits only");
    return ok_status();
}

Status set_pin(const std::filesystem::path& data_dir, const std::string& pin) {
    if (auto st = check_pin_format(pin); !st) return st;
    if (sodium_init() < 0) return make_error("libsodium failed to start");
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(hash, pin.data(), pin.size(), kOps, kMem, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return make_error("not enough memory to hash the PIN");
    auto path = pin_file(data_dir);
    auto tmp = path;
    tmp += ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return make_error("cannot write " + tmp.string() + ": " + std::strerror(errno));
    std::size_t len = std::strlen(hash);
    bool ok = ::write(fd, hash, len) == static_cast<ssize_t>(len) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0)
        return make_error("cannot write " + path.string() + ": " + std::strerror(errno));
    return ok_status();
}

bool pin_is_set(const std::filesystem::path& data_dir) {
    std::error_code ec;
    return std::filesystem::is_regular_file(pin_file(data_dir), ec);
}

bool verify_pin(const std::filesystem::path& data_dir, const std::string& pin) {
    if (!pin_is_set(data_dir)) return pin == kDemoPin;
    std::ifstream in(pin_file(data_dir));
    std::string hash;
    std::getline(in, hash);
    if (hash.empty() || sodium_init() < 0) return false;
    return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

}  // namespace kiosk::staff
