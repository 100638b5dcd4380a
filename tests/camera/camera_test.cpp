// The scan screen's camera (shared/camera): the zbar decoder, image files
// played as frames (the test seam `kiosk --camera-frames DIR` uses), the V4L2
// source's refusals (this machine has no /dev/video*) and the reader thread
// that hands each code on once. The kiosk reading a code with it is tested in
// tests/takehome/camera_test.cpp.
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <mutex>
#include <thread>

#include "camera/camera_reader.hpp"
#include "camera/frame_source.hpp"
#include "camera/qr_decoder.hpp"
#include "qr_frames.hpp"
#include "takehome/result_code.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {

const std::string& kCode = kResultCodeText;
const std::string& kForeign = kForeignQrText;

// Everything the reader hands on within `ms` of real time.
std::vector<std::string> collect(camera::CameraReader& r, int ms) {
    std::vector<std::string> got;
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < until) {
        if (auto t = r.take_text()) got.push_back(*t);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return got;
}

}  // namespace

TEST_CASE("the camera's decoder finds the result code in an image and nothing in an image without one") {
    TempDir dir("camera-decoder");
    write_pgm(dir / "code.pgm", kCode);
    write_pgm(dir / "counter.pgm", "");
    camera::QrDecoder decoder;
    auto code = camera::load_image(dir / "code.pgm");
    REQUIRE(code);
    CHECK(code->width == 480);
    CHECK(code->height == 360);
    auto text = decoder.decode(*code);
    REQUIRE(text);
    CHECK(*text == kCode);
    CHECK(takehome::decode(*text));
    auto counter = camera::load_image(dir / "counter.pgm");
    REQUIRE(counter);
    CHECK_FALSE(decoder.decode(*counter));
    CHECK_FALSE(decoder.decode(camera::GreyFrame{}));
    // A file that is not an image says which one.
    write_file(dir / "notes.png", "not a picture");
    auto bad = camera::load_image(dir / "notes.png");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find("notes.png") != std::string::npos);
}

TEST_CASE("image files play as frames in name order, once, and a folder without images or a missing one is refused") {
    TempDir dir("camera-files");
    fs::create_directories(dir / "frames");
    write_pgm(dir / "frames" / "02.pgm", kCode);
    write_pgm(dir / "frames" / "01.pgm", "", 320, 240);
    write_file(dir / "frames" / "readme.txt", "not a frame");
    auto src = camera::open_files(dir / "frames", 10);
    REQUIRE(src);
    CHECK((*src)->describe().find("2 image files") != std::string::npos);
    std::vector<int> widths;
    camera::GreyFrame f;
    for (int i = 0; i < 20; ++i) {
        auto got = (*src)->next(f, 20);
        REQUIRE(got);
        if (*got) widths.push_back(f.width);
    }
    CHECK(widths == std::vector<int>{320, 480});
    fs::create_directories(dir / "empty");
    auto none = camera::open_files(dir / "empty");
    REQUIRE_FALSE(none);
    CHECK(none.error().message.find("no .png, .pgm or .pnm file") != std::string::npos);
    CHECK_FALSE(camera::open_files(dir / "nowhere"));
}

TEST_CASE("a V4L2 camera that is not there, or a device that is no camera, is refused with one plain line") {
    auto missing = camera::open_v4l2("/dev/video-none");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message.find("/dev/video-none") != std::string::npos);
    CHECK(missing.error().message.find("cannot open") != std::string::npos);
    auto not_camera = camera::open_v4l2("/dev/null");
    REQUIRE_FALSE(not_camera);
    CHECK(not_camera.error().message.find("not a V4L2 device") != std::string::npos);
    // This machine has no camera: the default finds none and says so.
    if (camera::video_devices().empty()) {
        auto first = camera::open_first_camera();
        REQUIRE_FALSE(first);
        CHECK(first.error().message == "camera: no /dev/video* device");
    }
}

TEST_CASE("the reader hands each code on once while it stays in view, and again after a new start") {
    TempDir dir("camera-reader");
    fs::create_directories(dir / "frames");
    write_pgm(dir / "frames" / "00.pgm", "");
    write_pgm(dir / "frames" / "01.pgm", kForeign);
    write_pgm(dir / "frames" / "02.pgm", kForeign);  // the same code, still held up
    write_pgm(dir / "frames" / "03.pgm", kCode);
    write_pgm(dir / "frames" / "04.pgm", kCode);
    std::mutex mu;
    std::vector<std::string> log;
    camera::CameraReader reader([&] { return camera::open_files(dir / "frames", 30); },
                                [&](const std::string& l) {
                                    std::lock_guard<std::mutex> lock(mu);
                                    log.push_back(l);
                                },
                                nullptr);
    CHECK_FALSE(reader.available());
    CHECK(collect(reader, 200).empty());  // not started: nothing is captured
    reader.start();
    CHECK(collect(reader, 1500) == std::vector<std::string>{kForeign, kCode});
    CHECK(reader.available());
    reader.stop();
    reader.start();  // the scan screen again: the files play again
    CHECK(collect(reader, 1500) == std::vector<std::string>{kForeign, kCode});
    reader.stop();
    std::lock_guard<std::mutex> lock(mu);
    REQUIRE(log.size() == 1);  // said once, not at every start; never a code
    CHECK(log[0].find("5 image files") != std::string::npos);
    for (const auto& l : log) CHECK(l.find("HOWAREYOU") == std::string::npos);
}

TEST_CASE("no camera: the reader says so once in the log and hands nothing on") {
    std::vector<std::string> log;
    std::mutex mu;
    camera::CameraReader reader([] { return camera::open_v4l2("/dev/video-none"); },
                                [&](const std::string& l) {
                                    std::lock_guard<std::mutex> lock(mu);
                                    log.push_back(l);
                                },
                                nullptr);
    for (int i = 0; i < 3; ++i) {
        reader.start();
        CHECK(collect(reader, 150).empty());
        reader.stop();
    }
    CHECK_FALSE(reader.available());
    std::lock_guard<std::mutex> lock(mu);
    REQUIRE(log.size() == 1);
    CHECK(log[0].find("/dev/video-none") != std::string::npos);
    CHECK(log[0].find("USB scanner") != std::string::npos);
}

