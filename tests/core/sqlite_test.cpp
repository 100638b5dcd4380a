// The one SQLite wrapper (shared/core/sqlite): a connection closes once and
// cannot be copied, a statement that did not prepare says so and never runs.
#include <catch2/catch.hpp>

#include <type_traits>

#include "core/sqlite.hpp"
#include "test_support.hpp"

using namespace kiosk;
using namespace kiosk::test;

static_assert(!std::is_copy_constructible_v<sql::Db> && !std::is_copy_assignable_v<sql::Db>,
              "a copied connection would be closed twice");
static_assert(!std::is_copy_constructible_v<sql::Stmt>, "a copied statement would be finalized twice");
static_assert(std::is_nothrow_move_constructible_v<sql::Db>);

TEST_CASE("sql::Db opens, hands its connection over on a move and closes it once") {
    TempDir dir("sqlite-db");
    sql::Db db;
    CHECK_FALSE(db);
    CHECK(db.errmsg() == "not open");
    REQUIRE(db.open((dir / "x.sqlite").string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE).ok());
    REQUIRE(db);
    REQUIRE(sql::exec(db, "CREATE TABLE t(a INTEGER, b TEXT, c BLOB, d REAL)").ok());
    sql::Db moved(std::move(db));
    CHECK_FALSE(db);  // NOLINT: the moved-from handle is empty, so only `moved` closes it
    REQUIRE(moved);
    sql::Db assigned;
    assigned = std::move(moved);
    CHECK_FALSE(moved);
    REQUIRE(assigned);

    sql::Stmt ins(assigned, "INSERT INTO t VALUES(?,?,?,?)");
    REQUIRE(ins.prepared().ok());
    const std::vector<unsigned char> empty;
    CHECK(ins.bind(1, std::int64_t{7}).bind(2, std::string("seven")).bind_bytes(3, empty).bind_double(4, 0.5).run() ==
          SQLITE_DONE);
    CHECK(ins.bind(1, std::int64_t{8}).bind_null(2).bind_bytes(3, {1, 2}).run() == SQLITE_DONE);
    sql::Stmt sel(assigned, std::string("SELECT a, b, c, typeof(c), d FROM t ORDER BY a"));
    REQUIRE(sel.step() == SQLITE_ROW);
    CHECK(sel.column_count() == 5);
    CHECK(sel.col_int(0) == 7);
    CHECK(sel.col_text(1) == "seven");
    CHECK(sel.col_text(3) == "blob");  // an empty vector is an empty BLOB, not NULL
    CHECK(sel.col_double(4) == 0.5);
    REQUIRE(sel.step() == SQLITE_ROW);
    CHECK(sel.col_null(1));
    CHECK(sel.col_int_or(4, -1) == -1);
    CHECK(sel.col_blob(2) == std::vector<unsigned char>{1, 2});
    CHECK(sel.step() == SQLITE_DONE);
    assigned.close();
    CHECK_FALSE(assigned);
    assigned.close();  // closing twice is harmless: the handle is gone
}

TEST_CASE("a statement that does not prepare reports the error and never runs") {
    TempDir dir("sqlite-prepare");
    sql::Db db;
    REQUIRE(db.open((dir / "x.sqlite").string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE).ok());
    sql::Stmt bad(db, "SELEC nonsense");
    CHECK_FALSE(bad);
    CHECK_FALSE(bad.prepared().ok());
    CHECK(bad.prepared().message.find("syntax error") != std::string::npos);
    bad.bind(1, std::int64_t{1});  // binding a statement that is not there does nothing
    CHECK(bad.step() == bad.prepared().code);
    sql::Stmt no_db(static_cast<sqlite3*>(nullptr), "SELECT 1");
    CHECK(no_db.prepared().code == SQLITE_MISUSE);
    CHECK(no_db.step() == SQLITE_MISUSE);

    auto missing = sql::Db().open((dir / "no/such/dir.sqlite").string(), SQLITE_OPEN_READWRITE);
    CHECK_FALSE(missing.ok());
    CHECK_FALSE(missing.message.empty());
}
