// The device service (shared/device/service.hpp) in-process: every command
// returns at once on the caller's thread, the work is done on the service
// thread on the real parts (a SQLite outbox file, Argon2id, a signed pack
// installed into content/, an enrollment bundle made by kioskctl), and the
// answer is there later, once.
#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

#include "../pack/pack_support.hpp"
#include "core/clock.hpp"
#include "device/device.hpp"
#include "device/enrollment.hpp"
#include "outbox/outbox.hpp"
#include "pack/pack.hpp"
#include "questionnaire/model.hpp"
#include "service_device.hpp"
#include "staff/pin.hpp"

using namespace kiosk;
using namespace kiosk::test;

namespace {

// A command on the UI thread must never cost a frame.
constexpr double kCallBudgetMs = 20;

FinishedResponse answer_set() {
    FinishedResponse r;
    r.response_json = R"({"resourceType": "QuestionnaireResponse", "status": "completed", "item": []})";
    r.questionnaire = "howareyou-short";
    r.version = "1";
    r.language = "nl";
    r.duration_s = 42;
    return r;
}

// Every text of a questionnaire's items (for "the new content is the one shown").
bool mentions(const std::vector<questionnaire::Item>& items, const std::string& text) {
    for (const auto& it : items)
        if (it.text.base.find(text) != std::string::npos || mentions(it.children, text)) return true;
    return false;
}

const questionnaire::Questionnaire* find(const std::vector<questionnaire::Questionnaire>& list, const std::string& id) {
    for (const auto& q : list)
        if (q.id == id) return &q;
    return nullptr;
}

}  // namespace

TEST_CASE("submit and flush seal a finished answer set into the outbox file on disk") {
    TempDir dir("service-seal");
    ServiceDevice dev(dir);
    auto& service = dev.start();
    REQUIRE(service.status().ready);
    CHECK(call_ms([&] { service.submit(answer_set()); }) < kCallBudgetMs);
    service.flush();
    auto st = service.status();
    CHECK(st.stored == 1);
    CHECK(st.queued == 1);
    CHECK(st.sealing == 0);
    CHECK(st.fault.empty());
    dev.stop();
    // Durable: a fresh Outbox on the same file finds it, sealed (no answer in clear).
    REQUIRE(std::filesystem::exists(dev.data / "outbox.sqlite"));
    CHECK(read_file(dev.data / "outbox.sqlite").find("QuestionnaireResponse") == std::string::npos);
    SystemClock clock;
    auto outbox = Outbox::open(dev.data, clock);
    REQUIRE(outbox);
    CHECK((*outbox)->counts().queued == 1);
    auto list = (*outbox)->list();
    REQUIRE(list.size() == 1);
}

TEST_CASE("check_pin answers later without holding up the caller, and a damaged PIN file is not a wrong PIN") {
    TempDir dir("service-pin");
    ServiceDevice dev(dir);
    std::filesystem::create_directories(dev.data);
    auto set = staff::set_pin(dev.data, "482913");
    INFO((set ? "" : set.error().message));
    REQUIRE(set);
    auto& service = dev.start();
    auto answer = [&](const std::string& pin) {
        const int wakes = *dev.wakes;
        CHECK(call_ms([&] { service.check_pin(pin); }) < kCallBudgetMs);  // Argon2id takes far longer
        auto got = ServiceDevice::take<Result<bool>>([&] { return service.take_pin_result(); });
        REQUIRE(got);
        CHECK(*dev.wakes > wakes);        // the UI was woken for it
        CHECK_FALSE(service.take_pin_result());  // given once
        return *got;
    };
    auto good = answer("482913");
    REQUIRE(good.ok());
    CHECK(*good);
    auto wrong = answer("111111");
    REQUIRE(wrong.ok());
    CHECK_FALSE(*wrong);

    // A PIN file that holds no hash (damaged, truncated): an error naming it, not "wrong PIN".
    write_file(dev.data / "staff-pin", "not a hash\n");
    auto damaged = answer("482913");
    REQUIRE_FALSE(damaged.ok());
    CHECK(damaged.error().message.find("staff-pin") != std::string::npos);
}

TEST_CASE("a paused interview saved through the service loads back, and the staff list shows it") {
    TempDir dir("service-draft");
    ServiceDevice dev(dir);
    auto& service = dev.start();
    const std::string json = nlohmann::json{
        {"resourceType", "QuestionnaireResponse"},
        {"status", "in-progress"},
        {"extension", {{{"url", std::string(questionnaire::kOurExtensionBase) + "case-reference"}, {"valueString", "C-17"}}}},
        {"item", {{{"linkId", "q1"}, {"answer", {{{"valueInteger", 7}}}}}}}}.dump();
    PausedInterview p;
    p.draft_id = "draft-1";
    p.response_json = json;
    p.questionnaire = "howareyou-short";
    p.version = "1";
    p.language = "nl";
    const std::int64_t now = SystemClock().wall_ms();
    CHECK(call_ms([&] { service.save_draft(std::move(p), now + 86'400'000); }) < kCallBudgetMs);
    service.flush();
    auto st = service.status();
    REQUIRE(st.drafts.size() == 1);
    CHECK(st.drafts[0].id == "draft-1");
    CHECK(st.drafts[0].case_ref == "C-17");
    CHECK(st.fault.empty());

    CHECK(call_ms([&] { service.load_draft("draft-1", now); }) < kCallBudgetMs);
    auto got = ServiceDevice::take<DeviceService::DraftLoad>([&] { return service.take_draft_load(); });
    REQUIRE(got);
    CHECK(got->id == "draft-1");
    REQUIRE(got->json.ok());
    CHECK(*got->json == json);

    // An unknown draft: an answer all the same (the UI is not left waiting).
    service.load_draft("no-such-draft", now);
    auto missing = ServiceDevice::take<DeviceService::DraftLoad>([&] { return service.take_draft_load(); });
    REQUIRE(missing);
    CHECK_FALSE(missing->json.ok());
}

TEST_CASE("a staged signed pack is installed by the service and its content published, and a rollback brings the assets back") {
    TempDir dir("service-pack");
    ServiceDevice dev(dir);
    auto org = init_org(dir / "org");
    REQUIRE(org);
    make_content(dir / "v2", kNewIntro);
    auto staged = pack::stage_pack(signed_pack_bytes(dir / "v2", "2", dir / "org"), "v2.pack", org->content_public_key, dev.data);
    INFO(staged.message);
    REQUIRE(staged.kind == pack::StageResult::Kind::Staged);
    auto& service = dev.start();

    CHECK(call_ms([&] { service.install_staged_content(); }) < kCallBudgetMs);
    auto swap = ServiceDevice::take<ContentSwap>([&] { return service.take_content(); });
    REQUIRE(swap);
    REQUIRE(swap->message);
    CHECK(swap->message->empty());  // installed: no problem for staff
    REQUIRE(swap->content);
    const auto current = pack::content_dirs(dev.data).current;
    CHECK(swap->content->dir == current);
    CHECK(swap->content->version == "2");
    CHECK(pack::dir_version(current).value_or("") == "2");
    const auto* q = find(swap->content->questionnaires, "howareyou-short");
    REQUIRE(q);
    CHECK((q->description.base.find(kNewIntro) != std::string::npos || mentions(q->items, kNewIntro)));
    CHECK_FALSE(swap->content->referrals.offers.empty());
    CHECK_FALSE(service.take_content());  // given once

    // Nothing staged any more: an answer without new content.
    service.install_staged_content();
    auto none = ServiceDevice::take<ContentSwap>([&] { return service.take_content(); });
    REQUIRE(none);
    CHECK_FALSE(none->content);

    // Rollback with no previous pack: the bundled assets come back.
    service.rollback_content();
    auto back = ServiceDevice::take<ContentSwap>([&] { return service.take_content(); });
    REQUIRE(back);
    REQUIRE(back->content);
    CHECK(back->content->dir == std::filesystem::path(KIOSK_SOURCE_DIR) / "assets");
    CHECK(back->content->version.empty());
    REQUIRE(back->message);
    CHECK_FALSE(back->message->empty());
    const auto* old = find(back->content->questionnaires, "howareyou-short");
    REQUIRE(old);
    CHECK_FALSE((old->description.base.find(kNewIntro) != std::string::npos || mentions(old->items, kNewIntro)));
}

TEST_CASE("a bundle enrolled through the service makes the demo device the organisation's, and a bad one is refused") {
    TempDir dir("service-enroll");
    ServiceDevice dev(dir);
    REQUIRE(init_org(dir / "org"));
    // The admin's path: `kioskctl device enroll` writes the bundle (the endpoint need not run for that).
    auto made = run(KIOSKCTL_BIN, {"device", "enroll", "--db", (dir / "endpoint.sqlite").string(), "--endpoint",
                                   "http://127.0.0.1:9", "--org", (dir / "org").string(), "--out",
                                   (dir / "bundle.json").string(), "--name", "Library desk 3"});
    INFO(made.err);
    REQUIRE(made.exit_code == 0);
    const auto bundle = nlohmann::json::parse(read_file(dir / "bundle.json"));
    auto& service = dev.start();
    REQUIRE(read_device_config(dev.data));
    CHECK(read_device_config(dev.data)->demo);  // the service made the demo enrollment at start

    CHECK(call_ms([&] { service.enroll("{\"format\": \"something-else\"}"); }) < kCallBudgetMs);
    auto refused = ServiceDevice::take<EnrollOutcome>([&] { return service.take_enroll_result(); });
    REQUIRE(refused);
    CHECK_FALSE(refused->ok);
    CHECK_FALSE(refused->why.empty());
    CHECK(read_device_config(dev.data)->demo);  // nothing changed

    CHECK(call_ms([&] { service.enroll(bundle.dump()); }) < kCallBudgetMs);
    auto done = ServiceDevice::take<EnrollOutcome>([&] { return service.take_enroll_result(); });
    REQUIRE(done);
    INFO(done->why);
    REQUIRE(done->ok);
    CHECK(done->name == "Library desk 3");
    auto cfg = read_device_config(dev.data);
    REQUIRE(cfg);
    CHECK_FALSE(cfg->demo);
    CHECK(cfg->device_id == bundle["device_id"].get<std::string>());
}

TEST_CASE("free disk and battery are read by the service's reader, not by the caller") {
    TempDir dir("service-facts");
    ServiceDevice dev(dir);
    auto& service = dev.start();
    CHECK_FALSE(service.status().free_bytes);
    service.refresh_device_facts();
    service.flush();
    auto st = service.status();
    REQUIRE(st.free_bytes);
    CHECK(*st.free_bytes == 12'300'000'000ull);
    REQUIRE(st.battery);
    CHECK(st.battery->percent == 83);
    CHECK(st.battery->charging);
}
