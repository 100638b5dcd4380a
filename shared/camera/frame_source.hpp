// Where the scan screen's camera frames come from (issue 18): a V4L2 camera
// (/dev/videoN) on a device that has one, or image files played as frames
// (the test seam, `kiosk --camera-frames DIR`). Only the grey luminance is
// kept: that is all a QR decoder needs. Frames live in memory only; nothing
// of them is ever written to disk. README.md in this folder.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace kiosk::camera {

// One frame: 8-bit luminance, row after row, width*height bytes.
struct GreyFrame {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;
};

// Overwrites a frame's pixels before they are freed or reused.
void wipe(GreyFrame& frame);

class FrameSource {
public:
    virtual ~FrameSource() = default;
    // Waits at most timeout_ms for the next frame. true: `out` holds it;
    // false: none came in time (or none will: a file source played all its
    // files); an Error: the source broke (camera unplugged, file unreadable).
    virtual Result<bool> next(GreyFrame& out, int timeout_ms) = 0;
    // "/dev/video0 (640x480 YUYV)", "3 image files in DIR": for the log.
    virtual std::string describe() const = 0;
};

// A V4L2 capture device: asks for 640x480 YUYV (else GREY), streams with
// mmap buffers (read() where the driver has no streaming), keeps the Y bytes.
Result<std::unique_ptr<FrameSource>> open_v4l2(const std::string& device);

// The devices to try when none is named: /dev/video0, /dev/video1, ... in
// number order (the ones that exist).
std::vector<std::string> video_devices();

// The first of video_devices() that opens as a capture device, else why not
// (one line: "no /dev/video* device", or the last device's reason).
Result<std::unique_ptr<FrameSource>> open_first_camera();

// Image files played as frames: a directory (its *.png, *.pgm, *.pnm in
// name order) or one file. Each file is one frame, one every interval_ms,
// once; after the last one the source gives nothing more, like a camera
// looking at an empty counter. Read with stb_image, as grey.
Result<std::unique_ptr<FrameSource>> open_files(const std::filesystem::path& dir_or_file, int interval_ms = 100);

// One image file as a grey frame (PNG, PGM, ...), for the decoder's tests.
Result<GreyFrame> load_image(const std::filesystem::path& file);

}  // namespace kiosk::camera
