// Where things live on this platform: preparing the data dir, fonts.
// (The default data dir is kiosk::default_data_dir() in shared/device.)
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace kiosk::platform {

// Creates the data dir if needed (mode 0700) and checks we can write there.
// The error names the directory and the reason.
Status prepare_data_dir(const std::filesystem::path& dir);

// The first readable font from `candidates`; the error lists what was tried.
Result<std::filesystem::path> find_font(const std::vector<std::filesystem::path>& candidates);

}  // namespace kiosk::platform
