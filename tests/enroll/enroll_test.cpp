// enroll_data_dir (shared/enroll): a bundle goes onto a data dir without
// stranding anything: answer sets of the old identity that are not sent yet
// stop a new identity unless it replaces the old one; a real organisation's
// kiosk only takes its own organisation's bundles; a demo's answer sets are
// kept but never sent. In-process, with real org keys and a real outbox.
#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "device/device.hpp"
#include "device/enrollment.hpp"
#include "enroll/enroll.hpp"
#include "outbox/outbox.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {

struct Org {
    OrgSecretKeys keys;
    explicit Org(const fs::path& dir) {
        auto pub = init_org(dir);
        REQUIRE(pub.ok());
        auto k = read_org_secret_keys(dir);
        REQUIRE(k.ok());
        keys = std::move(*k);
    }
    // A bundle signed by this org (as `kioskctl device enroll` makes them).
    EnrollmentBundle bundle(const std::string& device_id, const std::string& replaces = "") const {
        auto b = make_enrollment(keys.pub, device_id, "Kiosk " + device_id, "", "");
        REQUIRE(b.ok());
        b->replaces = replaces;
        sign_bundle(*b, keys.content_secret_key);
        return *b;
    }
};

bool any_note(const std::vector<std::string>& notes, const std::string& part) {
    for (const auto& n : notes)
        if (n.find(part) != std::string::npos) return true;
    return false;
}

// One finished answer set sealed by the data dir's current identity, not sent.
void seal_one(const fs::path& data_dir) {
    ManualClock clock;
    auto outbox = Outbox::open(data_dir, clock);
    REQUIRE(outbox.ok());
    nlohmann::json r = {{"resourceType", "QuestionnaireResponse"}, {"status", "completed"}, {"item", nlohmann::json::array()}};
    ResponseMeta meta{"howareyou-short", "1.0.0", "short", "nl", 60, false, "finished"};
    REQUIRE((*outbox)->finish(r.dump(), meta).ok());
}

std::string device_id_of(const fs::path& data_dir) {
    auto cfg = read_device_config(data_dir);
    REQUIRE(cfg.ok());
    return cfg->device_id;
}

}  // namespace

TEST_CASE("a fresh data dir takes a bundle: device.json names the device and the notes say staff access stays locked") {
    TempDir dir("enroll-fresh");
    Org org(dir / "org");
    const fs::path data = dir / "data";
    CHECK_FALSE(is_enrolled(data));
    auto notes = enroll_data_dir(data, org.bundle("kiosk-a"));
    REQUIRE(notes.ok());
    CHECK(is_enrolled(data));
    CHECK(device_id_of(data) == "kiosk-a");
    CHECK(any_note(*notes, "staff access stays locked"));
    CHECK_FALSE(any_note(*notes, "replacing"));
    // The identity is complete: the signing and draft keys load and match device.json.
    CHECK(load_device_identity(data).ok());
}

TEST_CASE("a kiosk of a real organisation takes only bundles that organisation signed, unless told otherwise") {
    TempDir dir("enroll-org");
    Org mine(dir / "mine"), theirs(dir / "theirs");
    const fs::path data = dir / "data";
    REQUIRE(enroll_data_dir(data, mine.bundle("kiosk-a")).ok());

    auto refused = enroll_data_dir(data, theirs.bundle("kiosk-b"));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("only takes a bundle signed by that organisation") != std::string::npos);
    CHECK(device_id_of(data) == "kiosk-a");  // nothing was changed

    // Unsigned (a hand-made bundle): refused too.
    auto unsigned_bundle = make_enrollment(mine.keys.pub, "kiosk-c", "Kiosk c", "", "");
    REQUIRE(unsigned_bundle.ok());
    CHECK_FALSE(enroll_data_dir(data, *unsigned_bundle).ok());
    CHECK(device_id_of(data) == "kiosk-a");

    // Its own organisation's next bundle is fine; --other-org lifts the rule.
    REQUIRE(enroll_data_dir(data, mine.bundle("kiosk-d")).ok());
    CHECK(device_id_of(data) == "kiosk-d");
    EnrollOptions other;
    other.allow_other_org = true;
    auto moved = enroll_data_dir(data, theirs.bundle("kiosk-e"), other);
    REQUIRE(moved.ok());
    CHECK(device_id_of(data) == "kiosk-e");
    CHECK(any_note(*moved, "replacing enrollment of device kiosk-d"));
}

TEST_CASE("answer sets the old identity has not sent stop a new identity, unless the bundle replaces the old one") {
    TempDir dir("enroll-waiting");
    Org org(dir / "org");
    const fs::path data = dir / "data";
    REQUIRE(enroll_data_dir(data, org.bundle("kiosk-a")).ok());
    seal_one(data);

    auto refused = enroll_data_dir(data, org.bundle("kiosk-b"));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("1 answer set(s) sealed by device kiosk-a") != std::string::npos);
    CHECK(refused.error().message.find("--replaces kiosk-a") != std::string::npos);
    CHECK(device_id_of(data) == "kiosk-a");

    // The same identity again (a repeated `kiosk enroll`) is not a new identity.
    REQUIRE(enroll_data_dir(data, org.bundle("kiosk-a")).ok());

    auto replaced = enroll_data_dir(data, org.bundle("kiosk-b", "kiosk-a"));
    REQUIRE(replaced.ok());
    CHECK(device_id_of(data) == "kiosk-b");
    CHECK(any_note(*replaced, "replacing enrollment of device kiosk-a"));
    CHECK(any_note(*replaced, "1 waiting answer set(s) sealed by kiosk-a will be sent by the new enrollment"));
    ManualClock clock;
    auto outbox = Outbox::open(data, clock, Outbox::Mode::ReadOnly);
    REQUIRE(outbox.ok());
    auto list = (*outbox)->list();
    REQUIRE(list.size() == 1);
    CHECK(list[0].state == EnvelopeState::Queued);  // still on its way
}

TEST_CASE("a demo enrollment's answer sets are kept but marked not to be sent when the kiosk is enrolled for real") {
    TempDir dir("enroll-demo");
    Org org(dir / "org");
    const fs::path data = dir / "data";
    REQUIRE(ensure_demo_enrollment(data).value() == true);
    const std::string demo_id = device_id_of(data);
    seal_one(data);

    auto notes = enroll_data_dir(data, org.bundle("kiosk-a"));
    REQUIRE(notes.ok());
    CHECK(device_id_of(data) == "kiosk-a");
    CHECK(any_note(*notes, "replacing enrollment of device " + demo_id + " (demo)"));
    CHECK(any_note(*notes, "1 demo answer set(s) are kept but will not be sent"));
    ManualClock clock;
    auto outbox = Outbox::open(data, clock, Outbox::Mode::ReadOnly);
    REQUIRE(outbox.ok());
    auto list = (*outbox)->list();
    REQUIRE(list.size() == 1);
    CHECK(list[0].state == EnvelopeState::Rejected);
}
