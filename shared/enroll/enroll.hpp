// Applying an enrollment bundle to a data dir without stranding anything:
// `kiosk enroll` and the staff screen's "Enroll this kiosk" both use it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "device/enrollment.hpp"

namespace kiosk {

// Applies the bundle. Refuses (and changes nothing) when the data dir holds
// answer sets sealed by another, non-demo identity that the endpoint has not
// acknowledged and the bundle does not replace that identity
// (`kioskctl device enroll --replaces`). Answer sets of a demo enrollment are
// kept but marked rejected: they were sealed for the local demo organisation.
// A data dir enrolled to a real organisation only takes a bundle signed by
// that organisation's content key (`kioskctl device enroll` signs them), so a
// person at the staff screen cannot move the kiosk to another organisation's
// endpoint; `allow_other_org` (only `kiosk enroll --other-org`, which needs
// shell access to the data dir) lifts that.
// Returns notes for the operator (one line each).
struct EnrollOptions {
    bool allow_other_org = false;
};
Result<std::vector<std::string>> enroll_data_dir(const std::filesystem::path& data_dir, const EnrollmentBundle& bundle,
                                                 const EnrollOptions& options = {});

}  // namespace kiosk
