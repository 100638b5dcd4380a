// The one small RAII layer over the SQLite C API (the outbox, the endpoint's
// SQLite store, the report's facts): a connection that closes exactly once,
// statements that keep their prepare result, binding, and error codes kept so
// callers can tell "disk full" from "corrupt". Neither can be copied.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <vector>

namespace kiosk::sql {

// The result of a SQLite call: code (SQLITE_OK, SQLITE_FULL, ...) and message.
struct Outcome {
    int code = SQLITE_OK;
    std::string message;
    bool ok() const { return code == SQLITE_OK || code == SQLITE_DONE || code == SQLITE_ROW; }
};

Outcome outcome(sqlite3* db, int code);

// Corruption that justifies moving the file aside (not disk full, not busy).
inline bool is_corruption(int code) {
    int primary = code & 0xff;
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

// One connection. Moving hands it over; the destructor (or close()) closes it once.
class Db {
public:
    Db() = default;
    ~Db() { close(); }
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;
    Db(Db&& other) noexcept : h_(other.h_) { other.h_ = nullptr; }
    Db& operator=(Db&& other) noexcept;

    // sqlite3_open_v2 (closing what was open first). On failure the message
    // is SQLite's (or the code's text) and nothing stays open.
    Outcome open(const std::string& path, int flags);
    void close();

    sqlite3* get() const { return h_; }
    explicit operator bool() const { return h_ != nullptr; }
    // SQLite's last error message on this connection ("not open" when closed).
    std::string errmsg() const { return h_ ? sqlite3_errmsg(h_) : "not open"; }

private:
    sqlite3* h_ = nullptr;
};

class Stmt {
public:
    Stmt(sqlite3* db, const char* sql);
    Stmt(sqlite3* db, const std::string& sql) : Stmt(db, sql.c_str()) {}
    Stmt(const Db& db, const char* sql) : Stmt(db.get(), sql) {}
    Stmt(const Db& db, const std::string& sql) : Stmt(db.get(), sql.c_str()) {}
    ~Stmt();
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    // Check this (or step()'s result, which repeats a prepare error).
    const Outcome& prepared() const { return prep_; }
    explicit operator bool() const { return stmt_ != nullptr; }

    Stmt& bind(int i, std::int64_t v);
    Stmt& bind_double(int i, double v);
    Stmt& bind(int i, const std::string& v);
    // SQLITE_STATIC: the caller keeps the buffer alive until step() is done.
    Stmt& bind_blob(int i, const void* data, std::size_t size);
    // A byte vector as a BLOB; an empty one is an empty BLOB, not NULL.
    Stmt& bind_bytes(int i, const std::vector<unsigned char>& v);
    Stmt& bind_null(int i);
    // SQLITE_ROW, SQLITE_DONE or an error code (also the prepare error).
    int step();
    // One row of an INSERT in a loop: step, then reset and clear the
    // bindings for the next row. Returns step()'s code.
    int run();
    // Ready to step again (bindings stay unless cleared).
    Stmt& reset();
    Stmt& clear_bindings();
    Outcome last() const { return outcome(db_, last_); }

    int column_count() const { return stmt_ ? sqlite3_column_count(stmt_) : 0; }
    std::int64_t col_int(int i) const { return sqlite3_column_int64(stmt_, i); }
    // The integer, or null_value when the column is NULL.
    std::int64_t col_int_or(int i, std::int64_t null_value) const {
        return col_null(i) ? null_value : sqlite3_column_int64(stmt_, i);
    }
    double col_double(int i) const { return sqlite3_column_double(stmt_, i); }
    std::string col_text(int i) const;
    std::vector<unsigned char> col_blob(int i) const;
    bool col_null(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    Outcome prep_;
    int last_ = SQLITE_OK;
};

// Runs SQL with no results (may hold several statements).
Outcome exec(sqlite3* db, const char* sql);
inline Outcome exec(const Db& db, const char* sql) { return exec(db.get(), sql); }

}  // namespace kiosk::sql
