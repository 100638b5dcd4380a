// A minimal RAII layer over the SQLite C API for the outbox: statements,
// binding, and error codes kept so callers can tell "disk full" from "corrupt".
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "crypto/secure_bytes.hpp"

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

class Stmt {
public:
    Stmt(sqlite3* db, const char* sql);
    ~Stmt();
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    const Outcome& prepared() const { return prep_; }
    Stmt& bind(int i, std::int64_t v);
    Stmt& bind(int i, const std::string& v);
    Stmt& bind_blob(int i, const void* data, std::size_t size);
    Stmt& bind_null(int i);
    // SQLITE_ROW, SQLITE_DONE or an error code (also the prepare error).
    int step();
    Outcome last() const { return outcome(db_, last_); }

    std::int64_t col_int(int i) const { return sqlite3_column_int64(stmt_, i); }
    std::string col_text(int i) const;
    crypto::Bytes col_blob(int i) const;
    bool col_null(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    Outcome prep_;
    int last_ = SQLITE_OK;
};

// Runs SQL with no results (may hold several statements).
Outcome exec(sqlite3* db, const char* sql);

}  // namespace kiosk::sql
