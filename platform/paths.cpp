#include "paths.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace kiosk::platform {

namespace fs = std::filesystem;

Status prepare_data_dir(const fs::path& dir) {
    std::error_code ec;
    auto st = fs::status(dir, ec);
    if (fs::exists(st) && !fs::is_directory(st))
        return make_error("data dir " + dir.string() + " is not a directory");
    if (!fs::exists(st)) {
        fs::create_directories(dir, ec);
        if (ec) return make_error("cannot create data dir " + dir.string() + ": " + ec.message());
        ::chmod(dir.c_str(), 0700);
    }
    // Probe: can we create and remove a file here?
    fs::path probe = dir / ".write-probe";
    int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return make_error("data dir " + dir.string() + " is not writable: " + std::strerror(errno));
    ::close(fd);
    ::unlink(probe.c_str());
    return ok_status();
}

Result<fs::path> find_font(const std::vector<fs::path>& candidates) {
    std::string tried;
    for (const auto& c : candidates) {
        if (::access(c.c_str(), R_OK) == 0 && fs::is_regular_file(c)) return c;
        tried += (tried.empty() ? "" : ", ") + c.string();
    }
    return make_error("font not found (tried " + tried + "); install fonts-noto-core or pass --font FILE");
}

}  // namespace kiosk::platform
