// A V4L2 camera as a frame source: 640x480 YUYV (or GREY), mmap streaming
// (read() where the driver has none), the Y bytes kept as the grey frame.
#include <fcntl.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "camera/frame_source.hpp"

namespace kiosk::camera {

namespace fs = std::filesystem;

namespace {

int xioctl(int fd, unsigned long request, void* arg) {
    int r;
    do r = ioctl(fd, request, arg);
    while (r == -1 && errno == EINTR);
    return r;
}

std::string fourcc_name(std::uint32_t f) {
    std::string s;
    for (int i = 0; i < 4; ++i) s += static_cast<char>((f >> (8 * i)) & 0xFF);
    return s;
}

class V4l2Source : public FrameSource {
public:
    ~V4l2Source() override { close_device(); }

    Status open_device(const std::string& device) {
        device_ = device;
        fd_ = ::open(device.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (fd_ < 0) return fail("cannot open it (" + std::string(std::strerror(errno)) + ")");
        v4l2_capability cap{};
        if (xioctl(fd_, VIDIOC_QUERYCAP, &cap) < 0) return fail("not a V4L2 device (" + std::string(std::strerror(errno)) + ")");
        std::uint32_t caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
        if (!(caps & V4L2_CAP_VIDEO_CAPTURE)) return fail("not a video capture device");
        streaming_ = (caps & V4L2_CAP_STREAMING) != 0;
        if (!streaming_ && !(caps & V4L2_CAP_READWRITE)) return fail("offers neither streaming nor read()");
        // YUYV is what nearly every USB camera (UVC) gives uncompressed; GREY
        // is what some scanner modules give. Either carries luminance as is.
        bool have_format = false;
        std::string refused;  // why the driver refused a format, if it said
        for (std::uint32_t want : {V4L2_PIX_FMT_YUYV, V4L2_PIX_FMT_GREY}) {
            v4l2_format fmt{};
            fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
            fmt.fmt.pix.width = 640;
            fmt.fmt.pix.height = 480;
            fmt.fmt.pix.pixelformat = want;
            fmt.fmt.pix.field = V4L2_FIELD_NONE;
            if (xioctl(fd_, VIDIOC_S_FMT, &fmt) < 0) {
                refused = std::strerror(errno);  // EBUSY: another program has the camera
                continue;
            }
            if (fmt.fmt.pix.pixelformat != want) continue;  // the driver chose another format
            format_ = want;
            width_ = static_cast<int>(fmt.fmt.pix.width);
            height_ = static_cast<int>(fmt.fmt.pix.height);
            std::uint32_t min_line = fmt.fmt.pix.width * (want == V4L2_PIX_FMT_YUYV ? 2 : 1);
            bytes_per_line_ = std::max(fmt.fmt.pix.bytesperline, min_line);
            image_size_ = std::max<std::size_t>(fmt.fmt.pix.sizeimage, static_cast<std::size_t>(bytes_per_line_) * height_);
            have_format = true;
            break;
        }
        if (!have_format)
            return fail("gives neither YUYV nor GREY frames" + (refused.empty() ? "" : " (" + refused + ")"));
        if (width_ <= 0 || height_ <= 0) return fail("reports an empty frame size");
        if (streaming_) return start_streaming();
        read_buffer_.resize(image_size_);
        return ok_status();
    }

    Result<bool> next(GreyFrame& out, int timeout_ms) override {
        pollfd p{fd_, POLLIN, 0};
        int r = ::poll(&p, 1, timeout_ms);
        if (r < 0) {
            if (errno == EINTR) return false;
            return make_error("camera " + device_ + ": " + std::strerror(errno));
        }
        if (r == 0) return false;
        if (p.revents & (POLLERR | POLLHUP | POLLNVAL)) return make_error("camera " + device_ + " stopped (unplugged?)");
        if (!streaming_) {
            ssize_t n = ::read(fd_, read_buffer_.data(), read_buffer_.size());
            if (n < 0) {
                if (errno == EAGAIN || errno == EINTR) return false;
                return make_error("camera " + device_ + ": read: " + std::strerror(errno));
            }
            return to_grey(read_buffer_.data(), static_cast<std::size_t>(n), out);
        }
        v4l2_buffer buf{};
        buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        buf.memory = V4L2_MEMORY_MMAP;
        if (xioctl(fd_, VIDIOC_DQBUF, &buf) < 0) {
            if (errno == EAGAIN) return false;
            return make_error("camera " + device_ + ": " + std::strerror(errno));
        }
        bool got = false;
        if (buf.index < buffers_.size() && !(buf.flags & V4L2_BUF_FLAG_ERROR))
            got = to_grey(static_cast<const std::uint8_t*>(buffers_[buf.index].start),
                          std::min<std::size_t>(buf.bytesused, buffers_[buf.index].length), out);
        if (xioctl(fd_, VIDIOC_QBUF, &buf) < 0) return make_error("camera " + device_ + ": " + std::strerror(errno));
        return got;
    }

    std::string describe() const override {
        return device_ + " (" + std::to_string(width_) + "x" + std::to_string(height_) + " " + fourcc_name(format_) + ")";
    }

private:
    struct Buffer {
        void* start = MAP_FAILED;
        std::size_t length = 0;
    };

    Status fail(const std::string& why) {
        close_device();
        return make_error("camera " + device_ + ": " + why);
    }

    Status start_streaming() {
        v4l2_requestbuffers req{};
        req.count = 4;
        req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        req.memory = V4L2_MEMORY_MMAP;
        if (xioctl(fd_, VIDIOC_REQBUFS, &req) < 0 || req.count < 1)
            return fail("cannot get capture buffers (" + std::string(std::strerror(errno)) + ")");
        for (std::uint32_t i = 0; i < req.count; ++i) {
            v4l2_buffer buf{};
            buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
            buf.memory = V4L2_MEMORY_MMAP;
            buf.index = i;
            if (xioctl(fd_, VIDIOC_QUERYBUF, &buf) < 0) return fail("cannot query a capture buffer");
            Buffer b;
            b.length = buf.length;
            b.start = ::mmap(nullptr, buf.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, buf.m.offset);
            if (b.start == MAP_FAILED) return fail("cannot map a capture buffer (" + std::string(std::strerror(errno)) + ")");
            buffers_.push_back(b);
            if (xioctl(fd_, VIDIOC_QBUF, &buf) < 0) return fail("cannot queue a capture buffer");
        }
        v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        if (xioctl(fd_, VIDIOC_STREAMON, &type) < 0) return fail("cannot start streaming (" + std::string(std::strerror(errno)) + ")");
        on_ = true;
        return ok_status();
    }

    // YUYV: Y0 U Y1 V per two pixels, so every even byte is a luminance.
    bool to_grey(const std::uint8_t* data, std::size_t size, GreyFrame& out) {
        if (size < static_cast<std::size_t>(bytes_per_line_) * static_cast<std::size_t>(height_ - 1) +
                       static_cast<std::size_t>(width_) * (format_ == V4L2_PIX_FMT_YUYV ? 2 : 1))
            return false;  // a short frame: skip it
        out.width = width_;
        out.height = height_;
        out.pixels.resize(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_));
        for (int y = 0; y < height_; ++y) {
            const std::uint8_t* row = data + static_cast<std::size_t>(y) * bytes_per_line_;
            std::uint8_t* dst = out.pixels.data() + static_cast<std::size_t>(y) * width_;
            if (format_ == V4L2_PIX_FMT_GREY) {
                std::memcpy(dst, row, static_cast<std::size_t>(width_));
            } else {
                for (int x = 0; x < width_; ++x) dst[x] = row[2 * x];
            }
        }
        return true;
    }

    void close_device() {
        if (fd_ < 0) return;
        if (on_) {
            v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
            xioctl(fd_, VIDIOC_STREAMOFF, &type);
            on_ = false;
        }
        for (auto& b : buffers_)
            if (b.start != MAP_FAILED) ::munmap(b.start, b.length);
        buffers_.clear();
        if (!read_buffer_.empty()) std::memset(read_buffer_.data(), 0, read_buffer_.size());
        ::close(fd_);
        fd_ = -1;
    }

    std::string device_;
    int fd_ = -1;
    bool streaming_ = false;
    bool on_ = false;
    std::uint32_t format_ = 0;
    int width_ = 0, height_ = 0;
    std::uint32_t bytes_per_line_ = 0;
    std::size_t image_size_ = 0;
    std::vector<Buffer> buffers_;
    std::vector<std::uint8_t> read_buffer_;
};

}  // namespace

Result<std::unique_ptr<FrameSource>> open_v4l2(const std::string& device) {
    auto src = std::make_unique<V4l2Source>();
    if (auto st = src->open_device(device); !st) return st.error();
    return std::unique_ptr<FrameSource>(std::move(src));
}

std::vector<std::string> video_devices() {
    std::vector<std::pair<int, std::string>> found;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/dev", ec)) {
        const std::string name = e.path().filename().string();
        if (name.rfind("video", 0) != 0 || name.size() == 5) continue;
        if (!std::all_of(name.begin() + 5, name.end(), [](unsigned char c) { return std::isdigit(c); })) continue;
        found.emplace_back(std::stoi(name.substr(5)), e.path().string());
    }
    std::sort(found.begin(), found.end());
    std::vector<std::string> out;
    for (auto& f : found) out.push_back(std::move(f.second));
    return out;
}

Result<std::unique_ptr<FrameSource>> open_first_camera() {
    auto devices = video_devices();
    if (devices.empty()) return make_error("camera: no /dev/video* device");
    Error last{""};
    // A UVC camera often has a second node for metadata: it fails QUERYCAP's
    // capture check and the next one is tried.
    for (const auto& d : devices) {
        auto src = open_v4l2(d);
        if (src) return src;
        last = src.error();
    }
    return last;
}

}  // namespace kiosk::camera
