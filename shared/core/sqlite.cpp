// RAII over sqlite3 and sqlite3_stmt; errors keep their extended code.
#include "core/sqlite.hpp"

namespace kiosk::sql {

Outcome outcome(sqlite3* db, int code) {
    Outcome o;
    o.code = code;
    if (code != SQLITE_OK && code != SQLITE_DONE && code != SQLITE_ROW)
        o.message = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    return o;
}

Db& Db::operator=(Db&& other) noexcept {
    if (this != &other) {
        close();
        h_ = other.h_;
        other.h_ = nullptr;
    }
    return *this;
}

Outcome Db::open(const std::string& path, int flags) {
    close();
    int rc = sqlite3_open_v2(path.c_str(), &h_, flags, nullptr);
    if (rc == SQLITE_OK) return {};
    Outcome o{rc, h_ ? sqlite3_errmsg(h_) : sqlite3_errstr(rc)};
    close();  // a failed open may still hand back a handle that must be closed
    return o;
}

void Db::close() {
    if (h_) sqlite3_close_v2(h_);
    h_ = nullptr;
}

Stmt::Stmt(sqlite3* db, const char* sql) : db_(db) {
    if (!db) {
        prep_ = Outcome{SQLITE_MISUSE, "no database"};
        return;
    }
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
    prep_ = outcome(db, rc);
}

Stmt::~Stmt() {
    if (stmt_) sqlite3_finalize(stmt_);
}

Stmt& Stmt::bind(int i, std::int64_t v) {
    if (stmt_) sqlite3_bind_int64(stmt_, i, v);
    return *this;
}
Stmt& Stmt::bind_double(int i, double v) {
    if (stmt_) sqlite3_bind_double(stmt_, i, v);
    return *this;
}
Stmt& Stmt::bind(int i, const std::string& v) {
    if (stmt_) sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
}
Stmt& Stmt::bind_blob(int i, const void* data, std::size_t size) {
    // SQLITE_STATIC: callers keep the buffer alive until step() is done; saves a copy of every envelope.
    if (stmt_) sqlite3_bind_blob64(stmt_, i, data, size, SQLITE_STATIC);
    return *this;
}
Stmt& Stmt::bind_bytes(int i, const std::vector<unsigned char>& v) {
    // An empty vector may have no data pointer, which SQLite would bind as NULL.
    if (stmt_ && v.empty()) sqlite3_bind_zeroblob(stmt_, i, 0);
    else bind_blob(i, v.data(), v.size());
    return *this;
}
Stmt& Stmt::bind_null(int i) {
    if (stmt_) sqlite3_bind_null(stmt_, i);
    return *this;
}

int Stmt::step() {
    if (!stmt_) {
        last_ = prep_.code == SQLITE_OK ? SQLITE_MISUSE : prep_.code;
        return last_;
    }
    last_ = sqlite3_step(stmt_);
    if (last_ != SQLITE_ROW && last_ != SQLITE_DONE) last_ = sqlite3_extended_errcode(db_);
    return last_;
}

int Stmt::run() {
    const int rc = step();
    reset();
    clear_bindings();
    return rc;
}

Stmt& Stmt::reset() {
    if (stmt_) sqlite3_reset(stmt_);
    last_ = SQLITE_OK;
    return *this;
}

Stmt& Stmt::clear_bindings() {
    if (stmt_) sqlite3_clear_bindings(stmt_);
    return *this;
}

std::string Stmt::col_text(int i) const {
    const unsigned char* t = sqlite3_column_text(stmt_, i);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i)))
             : std::string();
}

std::vector<unsigned char> Stmt::col_blob(int i) const {
    const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_, i));
    int n = sqlite3_column_bytes(stmt_, i);
    return p ? std::vector<unsigned char>(p, p + n) : std::vector<unsigned char>();
}

Outcome exec(sqlite3* db, const char* sql) {
    if (!db) return Outcome{SQLITE_MISUSE, "no database"};
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    Outcome o;
    o.code = rc == SQLITE_OK ? SQLITE_OK : sqlite3_extended_errcode(db);
    if (rc != SQLITE_OK) o.message = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return o;
}

}  // namespace kiosk::sql
