// After an idle wipe nothing of the previous resident shows on any screen the
// next person can reach: not a typed answer, not a case reference.
#include <catch2/catch.hpp>

#include "staff_support.hpp"

using namespace kiosk;
using namespace kiosk::test;

namespace {

// Welcome -> choose -> intake: consent, intro, the first two questions, and
// the free-text question where the previous resident typed; each screen dumped.
std::string walk_intake(const std::string& prefix) {
    return "expect-screen welcome\ndump-ui " + prefix + "-1.json\ntap start\ndump-ui " + prefix +
           "-2.json\ntap choose.intake\ndump-ui " + prefix + "-3.json\ntap consent.agree\ndump-ui " + prefix +
           "-4.json\ntap next\ndump-ui " + prefix + "-5.json\ntap answer.0\ndump-ui " + prefix +
           "-6.json\ntap answer.0\ntap next\nexpect-screen keyboard\ndump-ui " + prefix + "-7.json\n";
}

void check_dumps(const TempDir& dir, const std::string& prefix, int n, const std::vector<std::string>& markers) {
    for (int i = 1; i <= n; ++i) {
        std::string dump = read_file(dir / (prefix + "-" + std::to_string(i) + ".json"));
        for (const auto& m : markers) {
            INFO(prefix << "-" << i << " shows " << m);
            CHECK(dump.find(m) == std::string::npos);
        }
    }
}

}  // namespace

TEST_CASE("after an idle wipe no screen shows the previous resident's typed answer") {
    TempDir dir("staff-privacy-idle");
    auto data = dir / "data";
    auto r = run_script(dir, data, "idle",
                        "tap start\ntap choose.intake\ntap consent.agree\ntap next\ntap answer.0\ntap answer.0\n"
                        "tap next\nexpect-screen keyboard\ntype Marigold Street\nexpect-text Marigold\n"
                        "advance 91s\nexpect-screen still-here\nadvance 31s\n" +
                            walk_intake("idle") + "quit\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    check_dumps(dir, "idle", 7, {"Marigold"});
}

TEST_CASE("an idle staff-started interview is paused and its case reference shows on no resident screen") {
    TempDir dir("staff-privacy-paused");
    auto data = dir / "data";
    set_staff_pin(data);
    auto r = run_script(dir, data, "idle",
                        enter_pin() + "tap staff.assisted\ntap assist.q.intake\ntap assist.case\ntype PV-55501\n"
                        "tap assist.note\ntype saffron\ntap assist.start\ntap consent.agree\ntap next\n"
                        "tap answer.0\ntap answer.0\ntap next\ntype Marigold Street\n"
                        "advance 91s\nexpect-screen still-here\nadvance 31s\nexpect-screen paused\n"
                        "dump-ui paused-1.json\ntap paused.done\n" + walk_intake("after") +
                        // Staff can still find it after the PIN.
                        enter_pin() + "expect-text PV-55501\nquit\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    check_dumps(dir, "paused", 1, {"PV-55501", "saffron", "Marigold"});
    check_dumps(dir, "after", 7, {"PV-55501", "saffron", "Marigold"});
    CHECK(files_containing(data, {"PV-55501", "saffron", "Marigold"}).empty());
}
