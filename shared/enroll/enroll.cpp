#include "enroll/enroll.hpp"

#include "core/clock.hpp"
#include "device/device.hpp"
#include "outbox/outbox.hpp"
#include "staff/pin.hpp"

namespace kiosk {

Result<std::vector<std::string>> enroll_data_dir(const std::filesystem::path& data_dir, const EnrollmentBundle& bundle,
                                                 const EnrollOptions& options) {
    std::vector<std::string> notes;
    std::unique_ptr<Outbox> outbox;
    std::vector<EnvelopeSummary> waiting;
    auto old = read_device_config(data_dir);
    if (old && !old->demo && !options.allow_other_org && !bundle_signed_by(bundle, old->org.content_public_key))
        return make_error("this kiosk is enrolled to organisation " + old->org.key_id +
                          "; it only takes a bundle signed by that organisation (made with its kioskctl device "
                          "enroll); nothing was changed");
    SystemClock clock;
    std::error_code ec;
    if (old && old->device_id != bundle.device_id && std::filesystem::exists(data_dir / "outbox.sqlite", ec)) {
        auto opened = Outbox::open(data_dir, clock, Outbox::Mode::DrainOnly);
        if (!opened) return opened.error();
        outbox = std::move(*opened);
        for (auto& e : outbox->list())
            if (e.state == EnvelopeState::Queued || e.state == EnvelopeState::Sending) waiting.push_back(e);
    }
    if (old && !old->demo && !waiting.empty() && bundle.replaces != old->device_id)
        return make_error(std::to_string(waiting.size()) + " answer set(s) sealed by device " + old->device_id + " in " +
                          data_dir.string() +
                          " are not sent yet; nothing was changed. Send them first (kiosk sync --data-dir " +
                          data_dir.string() + " --once), or make the bundle with `kioskctl device enroll ... --replaces " +
                          old->device_id + "` so the endpoint accepts them from the new enrollment");
    if (old && old->device_id != bundle.device_id)
        notes.push_back("replacing enrollment of device " + old->device_id + (old->demo ? " (demo)" : ""));
    if (auto s = apply_bundle(bundle, data_dir); !s) return s.error();
    if (bundle.staff_pin_hash.empty() && !staff::pin_is_set(data_dir))
        notes.push_back("no staff PIN in the bundle and none on this device: staff access stays locked until "
                        "`kiosk set-pin --data-dir " + data_dir.string() + "`");
    if (old && old->demo && outbox) {
        for (const auto& e : waiting)
            (void)outbox->mark_rejected(e.uuid, "sealed for the demo organisation before enrollment; not sent");
        if (!waiting.empty())
            notes.push_back(std::to_string(waiting.size()) +
                            " demo answer set(s) are kept but will not be sent (open them with kioskctl open --key " +
                            (data_dir / "demo-org").string() + ")");
    } else if (!waiting.empty()) {
        notes.push_back(std::to_string(waiting.size()) + " waiting answer set(s) sealed by " + old->device_id +
                        " will be sent by the new enrollment");
    }
    return notes;
}


}  // namespace kiosk
