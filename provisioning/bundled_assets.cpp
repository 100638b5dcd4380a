#include "bundled_assets.hpp"

namespace fs = std::filesystem;

namespace kiosk::provisioning {

fs::path bundled_assets_dir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed = exe.parent_path().parent_path() / "share" / "assets";
        if (fs::is_directory(installed / "questionnaires", ec)) return installed;
    }
    // Set on this file only (provisioning/CMakeLists.txt).
    return KIOSK_ASSETS_DIR;
}

}  // namespace kiosk::provisioning
