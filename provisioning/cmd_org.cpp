// `kioskctl org init`: make an organisation's key pairs. Also `kioskctl
// enroll-local`: an enrollment bundle without an endpoint (tests, demos).
#include <iostream>

#include "core/args.hpp"
#include "core/command.hpp"
#include "crypto/crypto.hpp"
#include "device/enrollment.hpp"

namespace {

const char* const kOrgInitHelp =
    "Makes the org's results key pair (X25519: envelopes are sealed to it) and content key\n"
    "pair (Ed25519: signs content packs) in ORGDIR, files 0600, plus org.json.\n";

int run_org_init(const kiosk::ParsedArgs& args) {
    auto out = args.get("--out");
    if (!out || !args.positional.empty()) {
        std::cerr << "kioskctl org init: usage: kioskctl org init --out ORGDIR\n";
        return 2;
    }
    auto pub = kiosk::init_org(*out);
    if (!pub) {
        std::cerr << "kioskctl org init: " << pub.error().message << "\n";
        return 1;
    }
    std::cout << "org keys written to " << *out << "\n"
              << "  key_id               " << pub->key_id << "\n"
              << "  results fingerprint  " << kiosk::key_fingerprint(pub->results_public_key) << "\n"
              << "  content fingerprint  " << kiosk::key_fingerprint(pub->content_public_key) << "\n";
    std::cerr << "\n"
              << "WARNING: " << *out << "/results.sk opens every resident's answers.\n"
              << "  Keep it only on the machine where results are exported, offline if you can.\n"
              << "  NEVER copy it to a kiosk device or to the endpoint server. Back it up: without it\n"
              << "  no envelope can ever be opened. content.sk signs content packs; keep it off devices too.\n";
    return 0;
}

const char* const kEnrollLocalHelp =
    "Writes an enrollment bundle (v2, 0600: a secret) without registering it with an endpoint.\n"
    "The device makes its own signing key when it applies the bundle.\n"
    "For tests and demos; real devices use `kioskctl device enroll`.\n";

int run_enroll_local(const kiosk::ParsedArgs& args) {
    auto org_dir = args.get("--org");
    auto out = args.get("--out");
    if (!org_dir || !out || !args.positional.empty()) {
        std::cerr << "kioskctl enroll-local: usage: kioskctl enroll-local --org ORGDIR --out BUNDLE [--name N] [--endpoint URL]\n";
        return 2;
    }
    auto org = kiosk::read_org_public_keys(*org_dir);
    if (!org) {
        std::cerr << "kioskctl enroll-local: " << org.error().message << "\n";
        return 1;
    }
    auto bundle = kiosk::make_enrollment(*org, args.get_or("--device-id", ""), args.get_or("--name", ""),
                                         args.get_or("--endpoint", ""), "");
    if (!bundle) {
        std::cerr << "kioskctl enroll-local: " << bundle.error().message << "\n";
        return 1;
    }
    if (auto s = kiosk::write_bundle(*bundle, *out); !s) {
        std::cerr << "kioskctl enroll-local: " << s.error().message << "\n";
        return 1;
    }
    std::cout << "bundle for device " << bundle->device_id << " written to " << *out
              << " (a secret: give it only to that device)\n";
    return 0;
}

kiosk::CommandRegistrar reg_org_init("kioskctl", {.name = "org init",
                                                  .usage = "kioskctl org init --out ORGDIR",
                                                  .summary = "make the org's results and content key pairs",
                                                  .value_flags = {"--out"},
                                                  .help = kOrgInitHelp,
                                                  .body = run_org_init});
kiosk::CommandRegistrar reg_enroll_local("kioskctl", {.name = "enroll-local",
                                                      .usage = "kioskctl enroll-local --org ORGDIR --out BUNDLE [--name N] [--endpoint URL] [--device-id ID]",
                                                      .summary = "write an enrollment bundle without an endpoint (tests, demos)",
                                                      .value_flags = {"--org", "--out", "--name", "--endpoint",
                                                                      "--device-id"},
                                                      .help = kEnrollLocalHelp,
                                                      .body = run_enroll_local});

}  // namespace
