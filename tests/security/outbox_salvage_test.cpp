// Salvage of a damaged outbox: every envelope still intact comes back, not
// only those before the first damaged row.
#include <sqlite3.h>

#include <fstream>

#include <catch2/catch.hpp>

#include "crypto/crypto.hpp"
#include "outbox/outbox.hpp"
#include "sync_fixture.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::test;

namespace {

// The attacker's (and administrator's) count: rows that read back whole, one by one.
int intact_rows(const fs::path& db_file, int max_seq) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    int intact = 0;
    for (int seq = 1; seq <= max_seq; ++seq) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT envelope, hash FROM envelopes WHERE seq=?", -1, &st, nullptr) != SQLITE_OK)
            continue;
        sqlite3_bind_int(st, 1, seq);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_BLOB) {
            auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(st, 0));
            auto n = static_cast<std::size_t>(sqlite3_column_bytes(st, 0));
            const char* h = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
            if (h && crypto::sha256_hex(p, n) == h) ++intact;
        }
        sqlite3_finalize(st);
    }
    sqlite3_close_v2(db);
    return intact;
}

}  // namespace

TEST_CASE("salvage recovers every intact envelope, row by row, past damaged rows", "[outbox][salvage]") {
    TempDir tmp("sec-salvage");
    TestOrg org(tmp / "org");
    const fs::path dd = tmp / "device";
    org.enroll(tmp / "endpoint.sqlite", "https://intake.example.org", dd, "desk");
    SystemClock clock;
    {
        auto ob = Outbox::open(dd, clock);
        REQUIRE(ob.ok());
        fill_outbox(**ob, 40, 21);
    }
    const fs::path db_path = dd / "outbox.sqlite";
    const auto size = fs::file_size(db_path);
    const auto pages = size / 4096;
    REQUIRE(pages > 40);
    // Scribble over a few pages around 40 % into the file: rows in the middle break.
    {
        std::fstream f(db_path, std::ios::in | std::ios::out | std::ios::binary);
        for (auto page : {pages * 2 / 5, pages * 2 / 5 + 3}) {
            f.seekp(static_cast<std::streamoff>(page * 4096));
            std::string junk(4096, '\xff');
            f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
        }
    }
    const int intact = intact_rows(db_path, 40);
    INFO("rows intact when read one by one: " << intact);
    REQUIRE(intact >= 30);
    REQUIRE(intact < 40);

    auto ob = Outbox::open(dd, clock);
    REQUIRE(ob.ok());
    REQUIRE_FALSE((*ob)->notices().empty());
    CHECK((*ob)->notices()[0].message.find("outbox database was corrupt") == 0);
    const auto recovered = (*ob)->counts().queued;
    INFO("recovered " << recovered);
    CHECK(static_cast<int>(recovered) == intact);
    // Every recovered envelope verifies with the device key (salvage checks hash and signature).
    for (const auto& s : (*ob)->list()) CHECK((*ob)->envelope_bytes(s.uuid).ok());
}
