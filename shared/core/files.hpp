// Whole-file reads and durable whole-file writes: device.json, keys, settings,
// the audit log's rotation, packs, the lockout. (Moved out of device/device.hpp:
// nothing here is about the device's identity.)
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace kiosk {

// Writes a file durably with the given mode: temp file in the same dir
// (created with that mode), fsync, rename, fsync the dir. A crash leaves the
// old file or the new one, never half of either.
Status write_file_atomic(const std::filesystem::path& path, const unsigned char* data, std::size_t size,
                         unsigned mode);
inline Status write_file_atomic(const std::filesystem::path& path, const std::string& text, unsigned mode) {
    return write_file_atomic(path, reinterpret_cast<const unsigned char*>(text.data()), text.size(), mode);
}

// The whole file; the read buffer is wiped (files may hold secrets). Errors:
// "<path> does not exist" or "<path> cannot be read: <reason>".
Result<std::string> read_whole_file(const std::filesystem::path& path);

// A content file (questionnaire, translation, ValueSet) of at most max_bytes,
// read whole. The error says what, without the path (each caller names the
// file its own way): "no such file", "cannot read: <reason>", "larger than N MiB".
Result<std::string> read_file_at_most(const std::filesystem::path& path, std::uintmax_t max_bytes);

// The content that ships with the kiosk and kioskctl: <exe dir>/../share/assets
// for an installed binary (`cmake --install`, provisioning/deploy/install.sh),
// else `source_tree_assets`, the assets/ the build was made from.
std::filesystem::path bundled_assets_dir(const std::filesystem::path& source_tree_assets);

}  // namespace kiosk
