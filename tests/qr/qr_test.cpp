// The thanks screen's QR code (shared/qr): a matrix the renderer draws.
#include <catch2/catch.hpp>

#include "qr/qr.hpp"

using namespace kiosk;

TEST_CASE("a QR code of a few scores is a square matrix with dark and light modules") {
    auto m = qr::encode("Lichaam: 7.0\nGevoel: 5.5\n");
    REQUIRE(m.ok());
    CHECK(m->size >= 21);
    CHECK(m->on.size() == static_cast<std::size_t>(m->size * m->size));
    CHECK(m->dark(0, 0));       // finder pattern corner
    CHECK_FALSE(m->dark(7, 7)); // separator around the finder
}
