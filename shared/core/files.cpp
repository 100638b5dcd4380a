#include "core/files.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace kiosk {

namespace fs = std::filesystem;

namespace {

// Eight random hex digits: temp names that two writers never share.
std::string random_suffix() {
    static const int init = sodium_init();  // idempotent; thread-safe static init
    (void)init;
    unsigned char b[4];
    randombytes_buf(b, sizeof b);
    char hex[9];
    std::snprintf(hex, sizeof hex, "%02x%02x%02x%02x", b[0], b[1], b[2], b[3]);
    return hex;
}

}  // namespace

Status write_file_atomic(const fs::path& path, const unsigned char* data, std::size_t size, unsigned mode) {
    fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    fs::path tmp = dir / ("." + path.filename().string() + ".tmp-" + random_suffix());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) return make_error("cannot write " + path.string() + ": " + std::strerror(errno), ErrorCode::Io);
    ::fchmod(fd, mode);  // umask may have narrowed it; never widened beyond `mode`
    std::size_t done = 0;
    while (done < size) {
        ssize_t n = ::write(fd, data + done, size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int e = errno;
            ::close(fd);
            ::unlink(tmp.c_str());
            return make_error("cannot write " + path.string() + ": " + std::strerror(e), ErrorCode::Io);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        int e = errno;
        ::unlink(tmp.c_str());
        return make_error("cannot write " + path.string() + ": " + std::strerror(e), ErrorCode::Io);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        int e = errno;
        ::unlink(tmp.c_str());
        return make_error("cannot write " + path.string() + ": " + std::strerror(e), ErrorCode::Io);
    }
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return ok_status();
}

Result<std::string> read_file_at_most(const fs::path& path, std::uintmax_t max_bytes) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return make_error("no such file", ErrorCode::NotFound);
    const auto size = fs::file_size(path, ec);
    if (ec) return make_error("cannot read: " + ec.message(), ErrorCode::Io);
    if (size > max_bytes) return make_error("larger than " + std::to_string(max_bytes / (1024 * 1024)) + " MiB");
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error("cannot open", ErrorCode::Io);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Result<std::string> read_whole_file(const fs::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        if (e == ENOENT) return make_error(path.string() + " does not exist", ErrorCode::NotFound);
        return make_error(path.string() + " cannot be read: " + std::strerror(e), ErrorCode::Io);
    }
    std::string out;
    char buf[8192];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int e = errno;
            ::close(fd);
            if (!out.empty()) sodium_memzero(out.data(), out.size());
            out.clear();
            return make_error(path.string() + " cannot be read: " + std::strerror(e), ErrorCode::Io);
        }
        if (n == 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    sodium_memzero(buf, sizeof buf);
    ::close(fd);
    return out;
}

fs::path bundled_assets_dir(const fs::path& source_tree_assets) {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed = exe.parent_path().parent_path() / "share" / "assets";
        if (fs::is_directory(installed / "questionnaires", ec)) return installed;
    }
    return source_tree_assets;
}

}  // namespace kiosk
