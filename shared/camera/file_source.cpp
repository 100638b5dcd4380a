// The test seam: image files played as camera frames.
#include <stb_image.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <thread>

#include "camera/frame_source.hpp"

namespace kiosk::camera {

namespace fs = std::filesystem;

void wipe(GreyFrame& frame) {
    if (!frame.pixels.empty()) std::memset(frame.pixels.data(), 0, frame.pixels.size());
}

Result<GreyFrame> load_image(const fs::path& file) {
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load(file.string().c_str(), &w, &h, &n, 1);
    if (!px) {
        const char* why = stbi_failure_reason();
        return make_error("camera frames: cannot read " + file.string() + " (" + (why ? why : "unknown") + ")");
    }
    GreyFrame f;
    f.width = w;
    f.height = h;
    f.pixels.assign(px, px + static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
    std::memset(px, 0, static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
    stbi_image_free(px);
    return f;
}

namespace {

class FileSource : public FrameSource {
public:
    FileSource(std::vector<fs::path> files, std::string where, int interval_ms)
        : files_(std::move(files)), where_(std::move(where)), interval_ms_(interval_ms) {}

    Result<bool> next(GreyFrame& out, int timeout_ms) override {
        auto now = std::chrono::steady_clock::now();
        if (next_ == files_.size()) {  // all played: nothing more comes
            std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
            return false;
        }
        if (due_ > now) {
            auto wait = std::min(due_ - now, std::chrono::steady_clock::duration(std::chrono::milliseconds(timeout_ms)));
            std::this_thread::sleep_for(wait);
            if (due_ > std::chrono::steady_clock::now()) return false;
        }
        auto frame = load_image(files_[next_]);
        if (!frame) return frame.error();
        ++next_;
        due_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(interval_ms_);
        wipe(out);
        out = std::move(*frame);
        return true;
    }

    std::string describe() const override {
        return std::to_string(files_.size()) + " image file" + (files_.size() == 1 ? "" : "s") + " in " + where_;
    }

private:
    std::vector<fs::path> files_;
    std::string where_;
    int interval_ms_;
    std::size_t next_ = 0;
    std::chrono::steady_clock::time_point due_{};
};

bool is_image(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".png" || ext == ".pgm" || ext == ".pnm";
}

}  // namespace

Result<std::unique_ptr<FrameSource>> open_files(const fs::path& dir_or_file, int interval_ms) {
    std::error_code ec;
    std::vector<fs::path> files;
    if (fs::is_directory(dir_or_file, ec)) {
        for (const auto& e : fs::directory_iterator(dir_or_file, ec))
            if (e.is_regular_file(ec) && is_image(e.path())) files.push_back(e.path());
        std::sort(files.begin(), files.end());
        if (files.empty())
            return make_error("camera frames: no .png, .pgm or .pnm file in " + dir_or_file.string());
    } else if (fs::is_regular_file(dir_or_file, ec)) {
        files.push_back(dir_or_file);
    } else {
        return make_error("camera frames: " + dir_or_file.string() + " is not a folder or an image file");
    }
    return std::unique_ptr<FrameSource>(
        std::make_unique<FileSource>(std::move(files), dir_or_file.string(), std::max(1, interval_ms)));
}

}  // namespace kiosk::camera
