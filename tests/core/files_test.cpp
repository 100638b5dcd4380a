// Whole-file reads and durable writes (shared/core/files): the mode is the
// one asked for, a replace leaves no temp file, and errors carry a code.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>

#include "core/files.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::test;
namespace fs = std::filesystem;

TEST_CASE("write_file_atomic writes with the mode asked for, replaces whole and leaves no temp file") {
    TempDir dir("files-write");
    const fs::path p = dir / "settings.json";
    REQUIRE(write_file_atomic(p, std::string("{\"a\": 1}\n"), 0600).ok());
    CHECK(read_file(p) == "{\"a\": 1}\n");
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    REQUIRE(write_file_atomic(p, std::string("{}\n"), 0644).ok());
    CHECK(read_file(p) == "{}\n");
    REQUIRE(::stat(p.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0644);
    int entries = 0;
    for (const auto& e : fs::directory_iterator(dir.path())) {
        INFO(e.path().string());
        CHECK(e.path().filename() == "settings.json");
        ++entries;
    }
    CHECK(entries == 1);

    const unsigned char bytes[] = {0, 1, 2, 255};
    REQUIRE(write_file_atomic(dir / "raw.bin", bytes, sizeof bytes, 0600).ok());
    auto back = read_whole_file(dir / "raw.bin");
    REQUIRE(back.ok());
    CHECK(*back == std::string("\x00\x01\x02\xff", 4));
}

TEST_CASE("a file that is not there or cannot be written is an error with a code, naming the path") {
    TempDir dir("files-errors");
    auto missing = read_whole_file(dir / "nothing.txt");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == ErrorCode::NotFound);
    CHECK(missing.error().message == (dir / "nothing.txt").string() + " does not exist");

    auto no_dir = write_file_atomic(dir / "no/such/dir/x.txt", std::string("x"), 0600);
    REQUIRE_FALSE(no_dir.ok());
    CHECK(no_dir.error().code == ErrorCode::Io);
    CHECK(no_dir.error().message.find("cannot write " + (dir / "no/such/dir/x.txt").string()) == 0);

    fs::create_directories(dir / "a-folder");
    auto folder = read_whole_file(dir / "a-folder");
    REQUIRE_FALSE(folder.ok());
    CHECK(folder.error().code == ErrorCode::Io);
}

TEST_CASE("read_file_at_most reads a content file whole and says what is wrong with one it will not read") {
    TempDir dir("files-at-most");
    const auto small = dir / "q.json";
    REQUIRE(write_file_atomic(small, std::string("{\"resourceType\": \"Questionnaire\"}"), 0600));
    auto ok = read_file_at_most(small, 1024 * 1024);
    REQUIRE(ok);
    CHECK(*ok == "{\"resourceType\": \"Questionnaire\"}");
    auto missing = read_file_at_most(dir / "nope.json", 1024 * 1024);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message == "no such file");
    CHECK(missing.error().code == ErrorCode::NotFound);
    const auto big = dir / "big.json";
    REQUIRE(write_file_atomic(big, std::string(2 * 1024 * 1024 + 1, ' '), 0600));
    auto too_big = read_file_at_most(big, 2 * 1024 * 1024);
    REQUIRE_FALSE(too_big);
    CHECK(too_big.error().message == "larger than 2 MiB");
    CHECK_FALSE(read_file_at_most(dir.path(), 1024));  // a folder is not a file
}
