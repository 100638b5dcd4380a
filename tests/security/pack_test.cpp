// Content packs from strangers: size and signature are checked over the raw
// bytes before anything is parsed, and `kioskctl pack verify` stages into a
// private mkdtemp directory, not a predictable /tmp path.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include <catch2/catch.hpp>

#include "crypto/crypto.hpp"
#include "device/enrollment.hpp"
#include "pack/pack.hpp"
#include "sync_fixture.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::test;

namespace {

long vm_hwm_kib() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

// A pack-shaped JSON text of about `mib` MiB: one big base64 file.
std::string big_pack(std::size_t mib, const std::string& signature_field) {
    std::string b64((mib << 20) / 4 * 4, 'A');
    return std::string("{\"format\":\"") + pack::kPackFormat +
           "\",\"manifest\":\"{\\\"version\\\":\\\"9\\\",\\\"files\\\":[]}\"" + signature_field +
           ",\"files\":{\"questionnaires/big.json\":\"" + b64 + "\"}}";
}

}  // namespace

TEST_CASE("a 31 MiB unsigned pack is refused before parsing, in a few MiB", "[pack]") {
    TempDir tmp("sec-bigpack");
    TestOrg org(tmp / "org");
    const std::string unsigned_pack = big_pack(31, "");
    const std::string forged = big_pack(31, ",\"signature\":\"" + std::string(86, 'A') + "==\"");
    const long before = vm_hwm_kib();
    auto r = pack::stage_pack(unsigned_pack, "big", org.pub.content_public_key, tmp / "data");
    CHECK(r.kind == pack::StageResult::Kind::Refused);
    CHECK(r.message.find("not signed") != std::string::npos);
    auto f = pack::stage_pack(forged, "forged", org.pub.content_public_key, tmp / "data");
    CHECK(f.kind == pack::StageResult::Kind::Refused);
    CHECK(f.message.find("signature does not match") != std::string::npos);
    const long grew_mib = (vm_hwm_kib() - before) / 1024;
    INFO("peak RSS grew by " << grew_mib << " MiB");
    CHECK(grew_mib < 64);  // the bytes are held once already; parsing them would take > 1 GiB

    // Over the size limit, and two manifests (which one would a parser believe?): refused.
    CHECK(pack::verify_raw(big_pack(33, ""), "huge", org.pub.content_public_key).error().message.find("32 MiB") !=
          std::string::npos);
    const std::string twice = "{\"manifest\":\"a\",\"manifest\":\"b\",\"signature\":\"x\"}";
    CHECK(pack::verify_raw(twice, "twice", org.pub.content_public_key).error().message.find("more than one manifest") !=
          std::string::npos);
    // A real signed pack still passes (the kioskctl path).
    auto built = run(KIOSKCTL_BIN, {"pack", "build", "--content", std::string(KIOSK_SOURCE_DIR) + "/assets", "--version",
                                    "3", "--out", (tmp / "p.pack").string()});
    REQUIRE(built.exit_code == 0);
    REQUIRE(run(KIOSKCTL_BIN, {"pack", "sign", "--key", org.dir.string(), (tmp / "p.pack").string()}).exit_code == 0);
    auto bytes = read_file(tmp / "p.pack");
    CHECK(pack::verify_raw(bytes, "p", org.pub.content_public_key).ok());
    auto v = run(KIOSKCTL_BIN, {"pack", "verify", "--org", org.dir.string(), (tmp / "p.pack").string()});
    INFO(v.err);
    CHECK(v.exit_code == 0);
}

TEST_CASE("pack verify never writes into a path planted in /tmp beforehand", "[pack]") {
    TempDir tmp("sec-packtmp");
    TestOrg org(tmp / "org");
    REQUIRE(run(KIOSKCTL_BIN, {"pack", "build", "--content", std::string(KIOSK_SOURCE_DIR) + "/assets", "--version", "3",
                               "--out", (tmp / "p.pack").string()})
                .exit_code == 0);
    REQUIRE(run(KIOSKCTL_BIN, {"pack", "sign", "--key", org.dir.string(), (tmp / "p.pack").string()}).exit_code == 0);
    const fs::path trap = tmp / "trap";
    fs::create_directories(trap);
    // The child waits until its predictable name is planted as a symlink to our trap.
    int go[2];
    REQUIRE(::pipe(go) == 0);
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(go[1]);
        char c;
        (void)::read(go[0], &c, 1);
        int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, 1);
        ::dup2(null, 2);
        std::string bin = KIOSKCTL_BIN, org_dir = org.dir.string(), pack_file = (tmp / "p.pack").string();
        char* argv[] = {bin.data(), const_cast<char*>("pack"), const_cast<char*>("verify"), const_cast<char*>("--org"),
                        org_dir.data(), pack_file.data(), nullptr};
        ::execv(bin.c_str(), argv);
        ::_exit(127);
    }
    ::close(go[0]);
    std::error_code ec;
    const fs::path planted = fs::temp_directory_path() / ("kioskctl-pack-" + std::to_string(pid));
    fs::remove_all(planted, ec);
    fs::create_directory_symlink(trap, planted);
    (void)::write(go[1], "x", 1);
    ::close(go[1]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    std::size_t planted_files = 0;
    for (auto it = fs::recursive_directory_iterator(trap); it != fs::recursive_directory_iterator(); ++it)
        ++planted_files;
    fs::remove(planted, ec);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(planted_files == 0);
}
