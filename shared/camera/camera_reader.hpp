// The camera on the scan screen (issue 18): capture and QR decoding on a
// thread of their own, never the UI thread. The app starts the reader when
// screen `scan` shows and stops it when the screen is left; a decoded text
// is handed to the UI (take_text) to go the same way as a USB scanner's.
// A missing camera is one line in the log and nothing on the screen.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "camera/frame_source.hpp"
#include "core/result.hpp"

namespace kiosk::camera {

class CameraReader {
public:
    using Opener = std::function<Result<std::unique_ptr<FrameSource>>()>;
    using Log = std::function<void(const std::string&)>;

    // open: called on the reader's thread at every start (a V4L2 device or
    // image files). log: one line for staff (no frame, no decoded text ever
    // goes there). wake: called from the reader's thread when there is
    // something for the UI (a text, the camera came or went).
    CameraReader(Opener open, Log log, std::function<void()> wake);
    ~CameraReader();  // stops and joins the thread; the device is closed
    CameraReader(const CameraReader&) = delete;
    CameraReader& operator=(const CameraReader&) = delete;

    // Neither waits for the device: it is opened and closed on the thread.
    // start() after stop() opens the source again (image files play again
    // from the first).
    void start();
    void stop();  // also drops a text the UI did not take

    // A decoded QR text, once: the same code held in front of the camera is
    // handed again only after it was out of sight for a while (kRearmMs).
    std::optional<std::string> take_text();
    // The source opened the last time the reader was started and has not
    // broken since (the scan screen may then say to hold the code in front
    // of the camera; it stays true between visits, so the line is there from
    // the first frame of the next one).
    bool available() const;

    static constexpr int kRearmMs = 1500;

private:
    void run();
    Opener open_;
    Log log_;
    std::function<void()> wake_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    bool quit_ = false;
    bool active_ = false;
    unsigned generation_ = 0;  // counts start(): a quick stop+start reopens
    bool available_ = false;
    std::optional<std::string> text_;
    std::string last_logged_;
    std::thread thread_;
};

}  // namespace kiosk::camera
