// staff::verify_pin tells a wrong PIN from a PIN file it cannot use: the
// first is false, the second an error (logged by the kiosk, which refuses).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "core/files.hpp"
#include "staff/pin.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::test;

TEST_CASE("verify_pin says true for the right PIN, false for a wrong one and an error for a corrupt PIN file", "[pin]") {
    TempDir dir("pin-verify");
    REQUIRE(staff::set_pin(dir.path(), "482913").ok());
    auto right = staff::verify_pin(dir.path(), "482913");
    REQUIRE(right.ok());
    CHECK(right.value() == true);
    auto wrong = staff::verify_pin(dir.path(), "482914");
    REQUIRE(wrong.ok());
    CHECK(wrong.value() == false);

    // A PIN file that lost its hash (a half-written copy, a hand edit) is not a wrong PIN.
    REQUIRE(write_file_atomic(dir / "staff-pin", std::string("not a hash\n"), 0600).ok());
    auto corrupt = staff::verify_pin(dir.path(), "482913");
    REQUIRE_FALSE(corrupt.ok());
    CHECK(corrupt.error().code == ErrorCode::Invalid);
    CHECK(corrupt.error().message.find("staff-pin") != std::string::npos);

    REQUIRE(write_file_atomic(dir / "staff-pin", std::string(), 0600).ok());
    auto empty = staff::verify_pin(dir.path(), "482913");
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().code == ErrorCode::Invalid);
}

TEST_CASE("without a PIN file a data dir that is not a demo accepts no PIN, and that is not an error", "[pin]") {
    TempDir dir("pin-none");
    auto none = staff::verify_pin(dir.path(), staff::kDemoPin);
    REQUIRE(none.ok());
    CHECK(none.value() == false);
}
