// File-backed KeyStore: one file per key, 0600, in a 0700 directory. Writes are
// atomic (temp + fsync + rename + dir fsync) so a power cut never leaves half a key.
#include "device/key_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/files.hpp"

namespace kiosk {

namespace {

bool valid_name(const std::string& name) {
    if (name.empty() || name.size() > 64 || name[0] == '.') return false;
    for (char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) return false;
    return true;
}

class FileKeyStore final : public KeyStore {
public:
    explicit FileKeyStore(std::filesystem::path dir) : dir_(std::move(dir)) {}

    Result<crypto::SecureBytes> load(const std::string& name) const override {
        if (!valid_name(name)) return make_error("bad key name '" + name + "'");
        auto path = dir_ / name;
        int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0) {
            int e = errno;
            if (e == ENOENT) return make_error(path.string() + " does not exist", ErrorCode::NotFound);
            return make_error(path.string() + " cannot be read: " + std::strerror(e), ErrorCode::Io);
        }
        struct stat st {};
        if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            ::close(fd);
            return make_error(path.string() + " is not a regular file");
        }
        if (st.st_mode & 077) {
            ::close(fd);
            char mode[8];
            std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
            return make_error(path.string() + " has mode " + mode + "; a key file must be 0600 (chmod 600 it)");
        }
        crypto::SecureBytes out(static_cast<std::size_t>(st.st_size));
        std::size_t got = 0;
        while (got < out.size()) {
            ssize_t n = ::read(fd, out.data() + got, out.size() - got);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                int e = errno;
                ::close(fd);
                return make_error(path.string() + " cannot be read: " + (n == 0 ? "file shrank" : std::strerror(e)),
                                  ErrorCode::Io);
            }
            got += static_cast<std::size_t>(n);
        }
        ::close(fd);
        return out;
    }

    Status store(const std::string& name, const crypto::SecureBytes& value) override {
        if (!valid_name(name)) return make_error("bad key name '" + name + "'");
        std::error_code ec;
        std::filesystem::create_directories(dir_, ec);
        if (ec) return make_error("cannot create " + dir_.string() + ": " + ec.message());
        if (::chmod(dir_.c_str(), 0700) != 0)
            return make_error("cannot set mode 0700 on " + dir_.string() + ": " + std::strerror(errno));
        return write_file_atomic(dir_ / name, value.data(), value.size(), 0600);
    }

    bool contains(const std::string& name) const override {
        std::error_code ec;
        return valid_name(name) && std::filesystem::exists(dir_ / name, ec);
    }

    std::string describe() const override { return "files in " + dir_.string(); }

private:
    std::filesystem::path dir_;
};

}  // namespace

std::unique_ptr<KeyStore> make_file_key_store(const std::filesystem::path& keys_dir) {
    return std::make_unique<FileKeyStore>(keys_dir);
}

std::unique_ptr<KeyStore> open_key_store(const std::filesystem::path& data_dir) {
    return make_file_key_store(data_dir / "keys");
}

}  // namespace kiosk
