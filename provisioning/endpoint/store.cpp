// What both stores share: the hashes, and picking the implementation by --db.
#include "endpoint/store.hpp"

#include <limits>

#include <sodium.h>

namespace kiosk::endpoint {

namespace {

std::string hex(const unsigned char* p, std::size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), p, n);
    out.pop_back();
    return out;
}

}  // namespace

std::string token_hash(const std::string& token) {
    unsigned char h[crypto_generichash_BYTES];
    crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                       nullptr, 0);
    return hex(h, sizeof h);
}

std::string bytes_hash(const unsigned char* data, std::size_t size) {
    unsigned char h[crypto_generichash_BYTES];
    crypto_generichash(h, sizeof h, data, size, nullptr, 0);
    return hex(h, sizeof h);
}

bool is_postgres_uri(const std::string& db) {
    return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

std::string describe_db(const std::string& db) {
    if (!is_postgres_uri(db)) return db;
    // postgresql://user:secret@host/db -> postgresql://user:***@host/db
    const auto scheme_end = db.find("://") + 3;
    const auto at = db.find('@', scheme_end);
    const auto colon = db.find(':', scheme_end);
    if (at == std::string::npos || colon == std::string::npos || colon > at) return db;
    return db.substr(0, colon + 1) + "***" + db.substr(at);
}

Status require_existing_db(const std::string& db) {
    if (is_postgres_uri(db)) return ok_status();
    std::error_code ec;
    if (!std::filesystem::exists(db, ec)) return make_error("no endpoint database at " + db);
    return ok_status();
}

Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::open(const std::filesystem::path& db, const Clock* clock,
                                           const StoreOptions& options) {
    if (sodium_init() < 0) return make_error("libsodium failed to initialise");
    if (is_postgres_uri(db.string())) return open_pg_store(db.string(), clock, options);
    return open_sqlite_store(db, clock);
}

Status Store::for_each_envelope(const std::function<bool(const StoredEnvelope&)>& fn) {
    return for_each_envelope_since(std::numeric_limits<Millis>::min(), fn);
}

}  // namespace kiosk::endpoint
