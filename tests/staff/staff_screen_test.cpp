// The staff screen's numbers come from the real outbox: what `kioskctl
// outbox list` shows is what staff see.
#include <catch2/catch.hpp>

#include <fstream>

#include "staff_support.hpp"

using namespace kiosk;
using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {
bool has_text(const nlohmann::json& dump, const std::string& needle) {
    for (const auto& t : dump["texts"])
        if (t["text"].get<std::string>().find(needle) != std::string::npos) return true;
    for (const auto& w : dump["widgets"])
        if (w["label"].get<std::string>().find(needle) != std::string::npos) return true;
    return false;
}
std::string battery_expectation() {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/sys/class/power_supply", ec)) {
        std::ifstream t(e.path() / "type");
        std::string type;
        std::getline(t, type);
        if (type == "Battery" && fs::exists(e.path() / "capacity")) return "Battery: ";
    }
    return "Battery: not reported";
}
}  // namespace

TEST_CASE("staff screen values match the outbox") {
    TempDir dir("staff-values");
    auto data = dir / "data";
    set_staff_pin(data);
    // First start: the kiosk makes this a demo device.
    auto r = run_script(dir, data, "init", "quit\n");
    REQUIRE(r.exit_code == 0);
    auto fill = run(KIOSKCTL_BIN, {"fill", std::string(KIOSK_SOURCE_DIR) + "/assets/questionnaires/howareyou-short.json",
                                   "--auto", "--out", (dir / "r.json").string()});
    REQUIRE(fill.exit_code == 0);
    auto add = run(KIOSKCTL_BIN, {"outbox", "add", "--data-dir", data.string(), (dir / "r.json").string(),
                                  (dir / "r.json").string(), (dir / "r.json").string()});
    INFO(add.err);
    REQUIRE(add.exit_code == 0);
    auto list = run(KIOSKCTL_BIN, {"outbox", "list", "--data-dir", data.string()});
    int queued = 0;
    for (std::size_t p = list.out.find("\tqueued\t"); p != std::string::npos; p = list.out.find("\tqueued\t", p + 1)) ++queued;
    REQUIRE(queued == 3);

    r = run_script(dir, data, "staff", "advance 2h\n" + enter_pin() + "expect-screen staff\ndump-ui staff.json\nquit\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto dump = nlohmann::json::parse(read_file(dir / "staff.json"));
    auto device = nlohmann::json::parse(read_file(data / "device.json"));
    CHECK(has_text(dump, "Still to send: " + std::to_string(queued)));
    CHECK(has_text(dump, "Oldest unsent: 2 h old"));
    CHECK(has_text(dump, "Device: " + device["device_id"].get<std::string>()));
    CHECK(has_text(dump, "Content: the built-in content"));  // no pack installed
    CHECK(has_text(dump, "Free space: "));
    CHECK_FALSE(has_text(dump, "Free space: not reported"));
    CHECK(has_text(dump, battery_expectation()));
    CHECK(has_text(dump, "No paused questionnaires."));
}
