// The commands as operators and tests use them: org init, enroll-local,
// kiosk enroll, outbox add/list, open, kioskdev bench-finish.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "outbox_test_util.hpp"

using namespace kiosk;
using kiosk::test::run;
using kiosk::test::TempDir;

namespace {

std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) out.push_back(line);
    return out;
}

}  // namespace

TEST_CASE("org init then enroll then outbox add and list and open work end to end from the command line", "[outbox][cli]") {
    TempDir tmp("cli");
    auto org = (tmp / "org").string();
    auto data = (tmp / "data").string();

    auto init = run(KIOSKCTL_BIN, {"org", "init", "--out", org});
    REQUIRE(init.exit_code == 0);
    CHECK(init.out.find("results fingerprint") != std::string::npos);
    CHECK(init.out.find("content fingerprint") != std::string::npos);
    CHECK(init.err.find("NEVER copy it to a kiosk device or to the endpoint") != std::string::npos);
    struct stat st {};
    REQUIRE(::stat((tmp / "org" / "results.sk").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    auto again = run(KIOSKCTL_BIN, {"org", "init", "--out", org});
    CHECK(again.exit_code == 1);
    CHECK(lines_of(again.err).size() == 1);
    CHECK(again.err.find("already exists; refusing to overwrite org keys") != std::string::npos);

    auto bundle = (tmp / "bundle.json").string();
    REQUIRE(run(KIOSKCTL_BIN, {"enroll-local", "--org", org, "--out", bundle, "--name", "Buurthuis"}).exit_code == 0);
    auto enroll = run(KIOSK_BIN, {"enroll", "--data-dir", data, bundle});
    REQUIRE(enroll.exit_code == 0);
    CHECK(enroll.out.find("enrolled Buurthuis") == 0);

    const std::string marker = "CLIMARKER-ik-heb-schulden";
    test::write_file(tmp / "r1.json", test::response_with(marker));
    test::write_file(tmp / "r2.json", nlohmann::json{{"response", nlohmann::json::parse(test::response_with(marker + "2"))},
                                                     {"meta", {{"questionnaire", "intake"}, {"version", "2.0.0"},
                                                               {"variant", "intake"}, {"language", "en"},
                                                               {"duration_s", 60}, {"assisted", true},
                                                               {"kind", "finished"}}}}
                                          .dump());
    auto add = run(KIOSKCTL_BIN, {"outbox", "add", "--data-dir", data, (tmp / "r1.json").string(), (tmp / "r2.json").string()});
    REQUIRE(add.exit_code == 0);
    auto added = lines_of(add.out);
    REQUIRE(added.size() == 2);
    std::string uuid1 = added[0].substr(0, 36);
    CHECK(added[0].substr(37) == (tmp / "r1.json").string());

    auto list = run(KIOSKCTL_BIN, {"outbox", "list", "--data-dir", data});
    REQUIRE(list.exit_code == 0);
    auto rows = lines_of(list.out);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0] == uuid1 + "\tqueued\t0\t-");
    CHECK(list.out.find("CLIMARKER") == std::string::npos);
    auto longlist = run(KIOSKCTL_BIN, {"outbox", "list", "--data-dir", data, "--long"});
    CHECK(longlist.out.find("CLIMARKER") == std::string::npos);

    auto open = run(KIOSKCTL_BIN, {"open", "--key", org, "--data-dir", data});
    REQUIRE(open.exit_code == 0);
    auto opened = lines_of(open.out);
    REQUIRE(opened.size() == 2);
    auto first = nlohmann::json::parse(opened[0]);
    CHECK(first["signature"] == "verified");
    CHECK(first["header"]["uuid"] == uuid1);
    CHECK(first["content"]["meta"]["kind"] == "paper");  // the default for typed-in forms
    CHECK(first["content"]["meta"]["questionnaire"] == "howareyou-full");
    CHECK(first["content"]["meta"]["version"] == "1.0.0");
    CHECK(first["content"]["response"]["item"].back()["answer"][0]["valueString"] == marker);
    auto second = nlohmann::json::parse(opened[1]);
    CHECK(second["content"]["meta"]["questionnaire"] == "intake");
    CHECK(second["content"]["meta"]["assisted"] == true);
    CHECK(second["content"]["meta"]["kind"] == "finished");

    // One envelope as a file: verified with the right device key, refused with another.
    SystemClock clock;
    auto ob = Outbox::open(data, clock, Outbox::Mode::ReadOnly);
    auto bytes = (*ob)->envelope_bytes(uuid1);
    REQUIRE(bytes.ok());
    test::write_file(tmp / "env.bin", std::string(bytes->begin(), bytes->end()));
    auto dev_pk = crypto::to_base64(read_device_config(data)->device_signing_public_key);
    auto ok_file = run(KIOSKCTL_BIN, {"open", "--key", org, "--device-pk", dev_pk, (tmp / "env.bin").string()});
    CHECK(ok_file.exit_code == 0);
    auto other_pk = crypto::to_base64(crypto::sign_keypair().public_key);
    auto bad_file = run(KIOSKCTL_BIN, {"open", "--key", org, "--device-pk", other_pk, (tmp / "env.bin").string()});
    CHECK(bad_file.exit_code == 1);
    CHECK(bad_file.out.empty());
    CHECK(bad_file.err.find("signature does not verify") != std::string::npos);
    auto unchecked = run(KIOSKCTL_BIN, {"open", "--key", org, (tmp / "env.bin").string()});
    CHECK(nlohmann::json::parse(unchecked.out)["signature"] == "not checked");
    // With another org's key: a clean refusal.
    REQUIRE(run(KIOSKCTL_BIN, {"org", "init", "--out", (tmp / "org2").string()}).exit_code == 0);
    auto wrong = run(KIOSKCTL_BIN, {"open", "--key", (tmp / "org2").string(), (tmp / "env.bin").string()});
    CHECK(wrong.exit_code == 1);
    CHECK(lines_of(wrong.err).size() == 1);
    CHECK(wrong.err.find("sealed to key") != std::string::npos);
}

TEST_CASE("outbox add refuses bad input with one line naming the file and never the answers", "[outbox][cli]") {
    TempDir tmp("clibad");
    auto e = test::enroll_fresh(tmp.path());
    auto data = e.data_dir.string();
    test::write_file(tmp / "broken.json", "{\"resourceType\": \"QuestionnaireResponse\", \"item\": [\"SECRETANSWER\"");
    test::write_file(tmp / "patient.json", "{\"resourceType\": \"Patient\", \"name\": \"SECRETANSWER\"}");
    test::write_file(tmp / "good.json", test::response_with("fine"));
    auto r = run(KIOSKCTL_BIN, {"outbox", "add", "--data-dir", data, (tmp / "broken.json").string(),
                                (tmp / "patient.json").string(), (tmp / "good.json").string(),
                                (tmp / "missing.json").string()});
    CHECK(r.exit_code == 1);
    auto errs = lines_of(r.err);
    REQUIRE(errs.size() == 3);
    CHECK(errs[0] == "kioskctl outbox add: " + (tmp / "broken.json").string() + ": not a JSON object");
    CHECK(errs[1].find((tmp / "patient.json").string() + ": not a QuestionnaireResponse") != std::string::npos);
    CHECK(errs[2].find("missing.json does not exist") != std::string::npos);
    CHECK(r.err.find("SECRETANSWER") == std::string::npos);
    CHECK(lines_of(r.out).size() == 1);  // the good one is stored

    auto unenrolled = run(KIOSKCTL_BIN, {"outbox", "add", "--data-dir", (tmp / "nothing").string(),
                                         (tmp / "good.json").string()});
    CHECK(unenrolled.exit_code == 1);
    CHECK(unenrolled.err.find("cannot collect answers: device not enrolled") != std::string::npos);
    auto unknown = run(KIOSKCTL_BIN, {"outbox", "list", "--data-dir", data, "--colour"});
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("unknown option --colour") != std::string::npos);
}

TEST_CASE("kiosk enroll refuses a tampered bundle with file and field", "[outbox][cli]") {
    TempDir tmp("enrollbad");
    REQUIRE(run(KIOSKCTL_BIN, {"org", "init", "--out", (tmp / "org").string()}).exit_code == 0);
    auto bundle = tmp / "bundle.json";
    REQUIRE(run(KIOSKCTL_BIN, {"enroll-local", "--org", (tmp / "org").string(), "--out", bundle.string()}).exit_code == 0);
    // A v2 bundle that suddenly carries a device key was not made by kioskctl.
    auto j = nlohmann::json::parse(test::read_file(bundle));
    auto planted = crypto::sign_keypair();
    j["device_signing_public_key"] = crypto::to_base64(planted.public_key);
    j["device_signing_secret_key"] = crypto::to_base64(planted.secret_key);
    test::write_file(tmp / "tampered.json", j.dump());
    auto r = run(KIOSK_BIN, {"enroll", "--data-dir", (tmp / "data").string(), (tmp / "tampered.json").string()});
    CHECK(r.exit_code == 1);
    CHECK(lines_of(r.err).size() == 1);
    CHECK(r.err.find("bundle carries no device signing key") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(tmp / "data" / "device.json"));
    // A v1 bundle whose key halves do not belong together.
    auto v1 = nlohmann::json::parse(test::read_file(bundle));
    v1["format"] = "intake-kiosk-enrollment/1";
    v1["device_signing_public_key"] = crypto::to_base64(crypto::sign_keypair().public_key);
    v1["device_signing_secret_key"] = crypto::to_base64(planted.secret_key);
    test::write_file(tmp / "tampered1.json", v1.dump());
    r = run(KIOSK_BIN, {"enroll", "--data-dir", (tmp / "data").string(), (tmp / "tampered1.json").string()});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("\"device_signing_secret_key\" does not belong to \"device_signing_public_key\"") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(tmp / "data" / "device.json"));
}

TEST_CASE("bench-finish prints finish-to-durable timings as JSON", "[outbox][cli]") {
    TempDir tmp("bench");
    auto r = run(KIOSKDEV_BIN, {"bench-finish", "--data-dir", (tmp / "d").string(), "--count", "20"});
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["count"] == 20);
    CHECK(j["median_ms"].get<double>() > 0);
    CHECK(j["p99_ms"].get<double>() >= j["median_ms"].get<double>());
    CHECK(j["bytes_per_envelope"].get<int>() > 4096);
    CHECK(j["bytes_per_envelope"].get<int>() < 5000);
}
