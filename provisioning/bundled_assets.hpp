// The content that ships with the tools (questionnaires, referrals, icons), for
// the kioskctl commands whose --content defaults to it (report, benchmark,
// demo-data, preview).
#pragma once

#include <filesystem>

namespace kiosk::provisioning {

// <exe dir>/../share/assets for an installed kioskctl (`cmake --install`,
// the same layout as the kiosk's), else the source tree's assets/ this build
// was made from.
std::filesystem::path bundled_assets_dir();

}  // namespace kiosk::provisioning
