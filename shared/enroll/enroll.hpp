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
// Returns notes for the operator (one line each).
Result<std::vector<std::string>> enroll_data_dir(const std::filesystem::path& data_dir, const EnrollmentBundle& bundle);

}  // namespace kiosk
