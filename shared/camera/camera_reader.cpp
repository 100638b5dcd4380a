#include "camera/camera_reader.hpp"

#include <sodium.h>

#include <chrono>

#include "camera/qr_decoder.hpp"

namespace kiosk::camera {

namespace {
void wipe_text(std::string& s) {
    if (!s.empty()) sodium_memzero(s.data(), s.size());
    s.clear();
}
}  // namespace

CameraReader::CameraReader(Opener open, Log log, std::function<void()> wake)
    : open_(std::move(open)), log_(std::move(log)), wake_(std::move(wake)) {
    thread_ = std::thread([this] { run(); });
}

CameraReader::~CameraReader() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        quit_ = true;
        active_ = false;
    }
    cv_.notify_all();
    thread_.join();
    std::lock_guard<std::mutex> lock(mu_);
    if (text_) wipe_text(*text_);
}

void CameraReader::start() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        active_ = true;
        ++generation_;
    }
    cv_.notify_all();
}

void CameraReader::stop() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        active_ = false;
        if (text_) wipe_text(*text_);
        text_.reset();
    }
    cv_.notify_all();
}

std::optional<std::string> CameraReader::take_text() {
    std::lock_guard<std::mutex> lock(mu_);
    std::optional<std::string> t = std::move(text_);
    text_.reset();
    return t;
}

bool CameraReader::available() const {
    std::lock_guard<std::mutex> lock(mu_);
    return available_;
}

void CameraReader::run() {
    QrDecoder decoder;
    GreyFrame frame;
    for (;;) {
        unsigned gen = 0;
        {
            std::unique_lock<std::mutex> lock(mu_);
            cv_.wait(lock, [&] { return quit_ || active_; });
            if (quit_) return;
            gen = generation_;
        }
        auto still = [&] {
            std::lock_guard<std::mutex> lock(mu_);
            return !quit_ && active_ && generation_ == gen;
        };
        auto say = [&](const std::string& line) {
            // The same problem is said once, not at every visit of the scan screen.
            if (line == last_logged_) return;
            last_logged_ = line;
            if (log_) log_(line);
        };
        auto source = open_();
        if (!source) {
            {
                std::lock_guard<std::mutex> lock(mu_);
                available_ = false;
            }
            if (wake_) wake_();
            say(source.error().message + "; the scan screen reads codes from a USB scanner only");
            std::unique_lock<std::mutex> lock(mu_);
            cv_.wait(lock, [&] { return quit_ || !active_ || generation_ != gen; });
            continue;
        }
        say("camera: " + (*source)->describe() + " reads QR codes on the scan screen");
        {
            std::lock_guard<std::mutex> lock(mu_);
            available_ = true;
        }
        if (wake_) wake_();
        bool broke = false;
        std::string last;  // the last text handed on, and when it was last in sight
        auto last_seen = std::chrono::steady_clock::time_point{};
        while (still()) {
            auto got = (*source)->next(frame, 100);
            if (!got) {
                say(got.error().message + "; the scan screen reads codes from a USB scanner only");
                broke = true;
                break;
            }
            if (!*got) continue;
            std::optional<std::string> text = decoder.decode(frame);
            wipe(frame);
            if (!text) continue;
            auto now = std::chrono::steady_clock::now();
            bool again = *text == last && now - last_seen < std::chrono::milliseconds(kRearmMs);
            last_seen = now;
            if (again) {
                wipe_text(*text);
                continue;
            }
            wipe_text(last);
            last = *text;
            {
                std::lock_guard<std::mutex> lock(mu_);
                if (!active_ || generation_ != gen) {
                    wipe_text(*text);
                    break;
                }
                if (text_) wipe_text(*text_);
                text_ = std::move(*text);
            }
            if (wake_) wake_();
        }
        wipe_text(last);
        source->reset();  // closes the device
        if (broke) {
            {
                std::lock_guard<std::mutex> lock(mu_);
                available_ = false;
            }
            if (wake_) wake_();
        }
        // A source that broke stays closed until the scan screen opens again.
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return quit_ || !active_ || generation_ != gen; });
    }
}

}  // namespace kiosk::camera
