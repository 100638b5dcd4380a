// `kiosk enroll --data-dir D BUNDLE`: take an enrollment bundle, so this data
// dir knows its device id, org public keys, endpoint and token.
#include <iostream>

#include "core/args.hpp"
#include "core/command.hpp"
#include "device/device.hpp"
#include "device/enrollment.hpp"
#include "enroll/enroll.hpp"

namespace {

int run_enroll(const std::vector<std::string>& argv) {
    auto args = kiosk::parse_args(argv, {"--data-dir"}, {"--other-org"});
    if (!args) {
        std::cerr << "kiosk enroll: " << args.error().message << "\n";
        return 2;
    }
    if (args->has("--help")) {
        std::cout << "usage: kiosk enroll [--data-dir D] [--other-org] BUNDLE\n"
                     "Applies an enrollment bundle (from `kioskctl device enroll`) to the data dir.\n"
                     "A v2 bundle (the default) holds no key: this device makes its own signing key now\n"
                     "and registers it with the endpoint on its first sync. Delete the bundle file\n"
                     "afterwards: it holds this device's token (a v1 bundle also its signing key).\n"
                     "A kiosk enrolled to an organisation only takes bundles signed by it; --other-org\n"
                     "moves it to another organisation (nothing unsent may be stranded).\n";
        return 0;
    }
    if (args->positional.size() != 1) {
        std::cerr << "kiosk enroll: usage: kiosk enroll [--data-dir D] BUNDLE\n";
        return 2;
    }
    std::filesystem::path data_dir = args->get_or("--data-dir", kiosk::default_data_dir().string());
    auto bundle = kiosk::read_bundle(args->positional[0]);
    if (!bundle) {
        std::cerr << "kiosk enroll: " << bundle.error().message << "\n";
        return 1;
    }
    // Answer sets sealed under the current enrollment must not end up stuck.
    auto notes = kiosk::enroll_data_dir(data_dir, *bundle, {args->has("--other-org")});
    if (!notes) {
        std::cerr << "kiosk enroll: " << notes.error().message << "\n";
        return 1;
    }
    for (const auto& n : *notes) std::cerr << "kiosk enroll: note: " << n << "\n";
    std::cout << "enrolled " << bundle->name << " (" << bundle->device_id << ") in " << data_dir.string()
              << "; results key " << bundle->org.key_id << "; endpoint "
              << (bundle->endpoint.empty() ? "(none)" : bundle->endpoint) << "\n";
    // The admin can compare this with `kioskctl devices --json` once the key is registered.
    if (auto cfg = kiosk::read_device_config(data_dir))
        std::cout << "signing key " << kiosk::key_fingerprint(cfg->device_signing_public_key)
                  << (bundle->version() == 2 ? " (made on this device; registered with the endpoint at the first sync)"
                                             : " (from the v1 bundle)")
                  << "\n";
    return 0;
}

kiosk::CommandRegistrar reg("kiosk", {"enroll", "kiosk enroll --data-dir D BUNDLE",
                                      "take an enrollment bundle (org keys, device id, endpoint)",
                                      [](const std::vector<std::string>& a) { return run_enroll(a); }});

}  // namespace
