#include "staff/audit.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include <nlohmann/json.hpp>

#include "core/utc_time.hpp"
#include "core/files.hpp"

namespace kiosk::staff {

namespace {

std::string clean(const std::string& s) {
    std::string out;
    for (char c : s)
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '=' || c == '.') out += c;
    return out;
}

std::filesystem::path lockout_path(const std::filesystem::path& dir) { return dir / "staff-lockout"; }

}  // namespace

std::filesystem::path audit_log_path(const std::filesystem::path& data_dir) { return data_dir / "logs" / "audit.log"; }

Status audit(const std::filesystem::path& data_dir, std::int64_t wall_ms, const std::string& act,
             const std::string& detail) {
    const auto path = audit_log_path(data_dir);
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    std::string line = rfc3339_ms(wall_ms) + " " + clean(act);
    if (std::string d = clean(detail); !d.empty()) line += " " + d;
    line += "\n";
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) return make_error("cannot write audit log " + path.string() + ": " + std::strerror(errno));
    ssize_t n = ::write(fd, line.data(), line.size());  // one write: O_APPEND keeps lines whole
    int err = errno;
    ::close(fd);
    if (n != static_cast<ssize_t>(line.size()))
        return make_error("cannot write audit log " + path.string() + ": " + std::strerror(err));
    return ok_status();
}

Result<PinLockout> load_lockout(const std::filesystem::path& data_dir) {
    PinLockout l;
    const auto path = lockout_path(data_dir);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return l;
    auto text = read_whole_file(path);
    if (!text) return text.error();
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.value("wrong", nlohmann::json()).is_number_integer() ||
        !j.value("locked_until", nlohmann::json()).is_number_integer())
        return make_error(path.string() + ": damaged lockout file");
    l.wrong = j["wrong"].get<int>();
    l.locked_until = j["locked_until"].get<std::int64_t>();
    return l;
}

Status save_lockout(const std::filesystem::path& data_dir, const PinLockout& l) {
    nlohmann::json j = {{"wrong", l.wrong}, {"locked_until", l.locked_until}};
    return write_file_atomic(lockout_path(data_dir), j.dump() + "\n", 0600);
}

}  // namespace kiosk::staff
