#include "bundled_assets.hpp"

#include "core/files.hpp"

namespace fs = std::filesystem;

namespace kiosk::provisioning {

// KIOSK_ASSETS_DIR is set on this file only (provisioning/CMakeLists.txt).
fs::path bundled_assets_dir() { return kiosk::bundled_assets_dir(KIOSK_ASSETS_DIR); }

}  // namespace kiosk::provisioning
