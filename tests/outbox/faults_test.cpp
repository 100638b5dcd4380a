// Disk full, read-only data dir and a corrupt database: the kiosk keeps
// working and loses nothing. The disk tests mount a real, small tmpfs
// (the tests run as root); if that is impossible they fail and say so.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "outbox_test_util.hpp"

using namespace kiosk;
using kiosk::test::TempDir;

namespace {

// A size-limited tmpfs mounted for the lifetime of the object.
class SmallFs {
public:
    SmallFs(const std::filesystem::path& where, const std::string& size) : dir_(where) {
        std::filesystem::create_directories(dir_);
        std::string opts = "size=" + size + ",mode=0755";
        if (::mount("tmpfs", dir_.c_str(), "tmpfs", 0, opts.c_str()) != 0) {
            FAIL("cannot mount a " << size << " tmpfs on " << dir_.string() << ": " << std::strerror(errno)
                                   << " -- this test needs root (CAP_SYS_ADMIN) to make a small file system");
        }
        mounted_ = true;
    }
    ~SmallFs() {
        if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
    }
    void remount(bool read_only) {
        unsigned long flags = MS_REMOUNT | (read_only ? MS_RDONLY : 0);
        REQUIRE(::mount(nullptr, dir_.c_str(), nullptr, flags, nullptr) == 0);
    }
    const std::filesystem::path& path() const { return dir_; }

private:
    std::filesystem::path dir_;
    bool mounted_ = false;
};

// Writes a file until the file system says ENOSPC.
void fill_disk(const std::filesystem::path& file) {
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    REQUIRE(fd >= 0);
    std::vector<char> block(4096, 'f');
    for (;;) {
        ssize_t n = ::write(fd, block.data(), block.size());
        if (n < 0 && errno == ENOSPC) break;
        if (n <= 0) {
            int err = errno;
            ::close(fd);
            FAIL("filling the disk failed: " << std::strerror(err));
        }
    }
    // Also use up the last partial block.
    while (::write(fd, "x", 1) == 1) {
    }
    ::close(fd);
}

bool has_notice(const Outbox& ob, const std::string& needle) {
    for (const auto& n : ob.notices())
        if (n.message.find(needle) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("disk full while residents finish: answers wait in memory and are all stored once space returns",
          "[outbox][faults]") {
    TempDir tmp("full");
    SmallFs fs(tmp / "mnt", "1m");
    auto e = test::enroll_fresh(tmp.path(), fs.path() / "data");
    SystemClock clock;
    auto ob = Outbox::open(e.data_dir, clock);
    REQUIRE(ob.ok());
    std::vector<std::string> uuids;
    for (int i = 0; i < 3; ++i) {
        auto r = (*ob)->finish(test::response_with("before-" + std::to_string(i)), test::sample_meta());
        REQUIRE(r.ok());
        REQUIRE(r->durable);
        uuids.push_back(r->uuid);
    }
    fill_disk(fs.path() / "filler");

    int kept_in_memory = 0;
    for (int i = 0; i < 25; ++i) {
        auto r = (*ob)->finish(test::response_with("during-" + std::to_string(i)), test::sample_meta());
        REQUIRE(r.ok());  // the resident is never told "lost"
        if (!r->durable) {
            ++kept_in_memory;
            CHECK(r->fault.find("(disk full)") != std::string::npos);
        }
        uuids.push_back(r->uuid);
    }
    REQUIRE(kept_in_memory > 0);  // the full disk really was hit
    CHECK((*ob)->counts().pending_in_memory == kept_in_memory);
    CHECK((*ob)->fault().find("(disk full)") != std::string::npos);
    CHECK(has_notice(**ob, "disk full"));
    CHECK(*(*ob)->retry_pending() == static_cast<std::size_t>(kept_in_memory));  // still full: still waiting
    // Staff can see them, without answers.
    std::size_t listed_pending = 0;
    for (const auto& s : (*ob)->list()) listed_pending += s.state == EnvelopeState::PendingInMemory;
    CHECK(listed_pending == static_cast<std::size_t>(kept_in_memory));

    std::filesystem::remove(fs.path() / "filler");
    REQUIRE(*(*ob)->retry_pending() == 0);
    CHECK((*ob)->fault().empty());
    ob->reset();

    auto again = Outbox::open(e.data_dir, clock);
    REQUIRE(again.ok());
    CHECK((*again)->counts().queued == static_cast<std::int64_t>(uuids.size()));
    for (std::size_t i = 0; i < uuids.size(); ++i) {
        auto env = (*again)->envelope_bytes(uuids[i]);
        REQUIRE(env.ok());
        std::string marker = i < 3 ? "before-" + std::to_string(i) : "during-" + std::to_string(i - 3);
        CHECK(test::open_with_org(e, *env).find("\"" + marker + "\"") != std::string::npos);
    }
}

TEST_CASE("read-only data dir: the kiosk still collects and keeps answers in memory until it can write",
          "[outbox][faults]") {
    TempDir tmp("ro");
    SmallFs fs(tmp / "mnt", "4m");
    auto e = test::enroll_fresh(tmp.path(), fs.path() / "data");
    SystemClock clock;
    std::vector<std::string> uuids;
    {
        auto ob = Outbox::open(e.data_dir, clock);
        REQUIRE(ob.ok());
        uuids.push_back((*ob)->finish(test::response_with("before"), test::sample_meta())->uuid);
    }
    fs.remount(true);
    auto ob = Outbox::open(e.data_dir, clock);
    REQUIRE(ob.ok());
    CHECK(has_notice(**ob, "read-only"));
    for (int i = 0; i < 4; ++i) {
        auto r = (*ob)->finish(test::response_with("ro-" + std::to_string(i)), test::sample_meta());
        REQUIRE(r.ok());
        CHECK_FALSE(r->durable);
        CHECK(r->fault.find("read-only") != std::string::npos);
        uuids.push_back(r->uuid);
    }
    CHECK((*ob)->counts().pending_in_memory == 4);
    CHECK(*(*ob)->retry_pending() == 4);

    fs.remount(false);
    REQUIRE(*(*ob)->retry_pending() == 0);
    CHECK((*ob)->fault().empty());
    CHECK((*ob)->counts().queued == 5);
    ob->reset();
    for (const auto& entry : std::filesystem::directory_iterator(e.data_dir))
        CHECK(entry.path().filename().string().find("corrupt") == std::string::npos);  // not mistaken for corruption
    auto again = Outbox::open(e.data_dir, clock);
    for (const auto& u : uuids) CHECK((*again)->envelope_bytes(u).ok());
}

TEST_CASE("a garbage database is moved aside and never deleted and the kiosk keeps working", "[outbox][faults]") {
    TempDir tmp("corrupt");
    auto e = test::enroll_fresh(tmp.path());
    std::string garbage(64 * 1024, '\0');
    std::mt19937 rng(7);
    for (auto& c : garbage) c = static_cast<char>(rng());
    test::write_file(e.data_dir / "outbox.sqlite", garbage);

    SystemClock clock;
    auto ob = Outbox::open(e.data_dir, clock);
    REQUIRE(ob.ok());
    auto notices = (*ob)->notices();
    REQUIRE(notices.size() == 1);
    CHECK(notices[0].severity == OutboxNotice::Severity::Warning);
    CHECK(notices[0].message.find("outbox database was corrupt") == 0);
    std::filesystem::path aside;
    for (const auto& entry : std::filesystem::directory_iterator(e.data_dir))
        if (entry.path().filename().string().rfind("outbox.sqlite.corrupt-", 0) == 0) aside = entry.path();
    REQUIRE_FALSE(aside.empty());
    CHECK(notices[0].message.find(aside.string()) != std::string::npos);
    CHECK(test::read_file(aside) == garbage);  // kept byte for byte
    auto r = (*ob)->finish(test::response_with("after"), test::sample_meta());
    REQUIRE(r.ok());
    CHECK(r->durable);
    CHECK((*ob)->counts().queued == 1);
}

TEST_CASE("a damaged database is moved aside and the envelopes still readable are recovered", "[outbox][faults]") {
    TempDir tmp("damaged");
    auto e = test::enroll_fresh(tmp.path());
    SystemClock clock;
    std::vector<std::string> uuids;
    {
        auto ob = Outbox::open(e.data_dir, clock);
        for (int i = 0; i < 30; ++i)
            uuids.push_back((*ob)->finish(test::response_with("d" + std::to_string(i)), test::sample_meta())->uuid);
    }
    // Scribble over the last page (the newest envelope's data): integrity_check fails.
    auto db_path = e.data_dir / "outbox.sqlite";
    auto size = std::filesystem::file_size(db_path);
    REQUIRE(size > 8192);
    {
        std::fstream f(db_path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(size - 4096));
        std::string junk(4096, '\x5a');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    auto ob = Outbox::open(e.data_dir, clock);
    REQUIRE(ob.ok());
    REQUIRE_FALSE((*ob)->notices().empty());
    CHECK((*ob)->notices()[0].message.find("outbox database was corrupt") == 0);
    auto recovered = (*ob)->counts().queued;
    INFO("recovered " << recovered << " of 30");
    CHECK(recovered >= 20);
    CHECK(recovered <= 30);
    // Whatever was recovered is intact and verifiable.
    for (const auto& s : (*ob)->list()) CHECK_NOTHROW(test::open_with_org(e, *(*ob)->envelope_bytes(s.uuid)));
    CHECK((*ob)->finish(test::response_with("after"), test::sample_meta())->durable);
}
