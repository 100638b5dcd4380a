// `kiosk enroll --data-dir D BUNDLE`: take an enrollment bundle, so this data
// dir knows its device id, org public keys, endpoint and token.
#include <iostream>

#include "core/args.hpp"
#include "core/command.hpp"
#include "device/device.hpp"
#include "device/enrollment.hpp"
#include "outbox/outbox.hpp"

namespace {

// Envelopes sealed on this data dir that the endpoint has not acknowledged.
std::vector<kiosk::EnvelopeSummary> unsent(kiosk::Outbox& outbox) {
    std::vector<kiosk::EnvelopeSummary> out;
    for (auto& e : outbox.list())
        if (e.state == kiosk::EnvelopeState::Queued || e.state == kiosk::EnvelopeState::Sending) out.push_back(e);
    return out;
}

int run_enroll(const std::vector<std::string>& argv) {
    auto args = kiosk::parse_args(argv, {"--data-dir"}, {});
    if (!args) {
        std::cerr << "kiosk enroll: " << args.error().message << "\n";
        return 2;
    }
    if (args->has("--help")) {
        std::cout << "usage: kiosk enroll [--data-dir D] BUNDLE\n"
                     "Applies an enrollment bundle (from `kioskctl device enroll`) to the data dir.\n"
                     "Delete the bundle file afterwards: it holds this device's signing key.\n";
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
    // Answer sets sealed under the current enrollment must not end up stuck:
    // the endpoint only takes them from the new identity if it replaces the old one.
    std::unique_ptr<kiosk::Outbox> outbox;
    std::vector<kiosk::EnvelopeSummary> waiting;
    auto old = kiosk::read_device_config(data_dir);
    kiosk::SystemClock clock;
    if (old && old->device_id != bundle->device_id && std::filesystem::exists(data_dir / "outbox.sqlite")) {
        auto opened = kiosk::Outbox::open(data_dir, clock, kiosk::Outbox::Mode::DrainOnly);
        if (!opened) {
            std::cerr << "kiosk enroll: " << opened.error().message << "\n";
            return 1;
        }
        outbox = std::move(*opened);
        waiting = unsent(*outbox);
    }
    if (old && !old->demo && !waiting.empty() && bundle->replaces != old->device_id) {
        std::cerr << "kiosk enroll: " << waiting.size() << " answer set(s) sealed by device " << old->device_id
                  << " in " << data_dir.string() << " are not sent yet; nothing was changed.\n"
                  << "kiosk enroll: send them first (kiosk sync --data-dir " << data_dir.string()
                  << " --once), or make the bundle with `kioskctl device enroll ... --replaces " << old->device_id
                  << "` so the endpoint accepts them from the new enrollment\n";
        return 1;
    }
    if (old && old->device_id != bundle->device_id)
        std::cerr << "kiosk enroll: note: replacing enrollment of device " << old->device_id
                  << (old->demo ? " (demo)" : "") << "\n";
    if (auto s = kiosk::apply_bundle(*bundle, data_dir); !s) {
        std::cerr << "kiosk enroll: " << s.error().message << "\n";
        return 1;
    }
    if (old && old->demo && outbox) {
        // Demo answers were sealed for the local demo organisation: never send
        // them to the real one. They stay, readable with the demo org's key.
        for (const auto& e : waiting)
            (void)outbox->mark_rejected(e.uuid, "sealed for the demo organisation before enrollment; not sent");
        if (!waiting.empty())
            std::cerr << "kiosk enroll: note: " << waiting.size()
                      << " demo answer set(s) are kept but will not be sent (open them with kioskctl open --key "
                      << (data_dir / "demo-org").string() << ")\n";
    } else if (!waiting.empty()) {
        std::cerr << "kiosk enroll: note: " << waiting.size() << " waiting answer set(s) sealed by "
                  << old->device_id << " will be sent by the new enrollment\n";
    }
    std::cout << "enrolled " << bundle->name << " (" << bundle->device_id << ") in " << data_dir.string()
              << "; results key " << bundle->org.key_id << "; endpoint "
              << (bundle->endpoint.empty() ? "(none)" : bundle->endpoint) << "\n";
    return 0;
}

kiosk::CommandRegistrar reg("kiosk", {"enroll", "kiosk enroll --data-dir D BUNDLE",
                                      "take an enrollment bundle (org keys, device id, endpoint)",
                                      [](const std::vector<std::string>& a) { return run_enroll(a); }});

}  // namespace
