#include "pg_cluster.hpp"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <stdexcept>

#include "test_support.hpp"

namespace kiosk::test {

std::string pg_cluster_uri() {
    static std::mutex m;
    static std::string uri;
    std::lock_guard lock(m);
    if (!uri.empty()) return uri;
    auto r = run("/bin/bash", {KIOSK_PG_TEST_SCRIPT, "start", KIOSK_PG_TEST_DIR});
    std::string out = r.out;
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    if (r.exit_code != 0 || out.rfind("postgresql://", 0) != 0)
        throw std::runtime_error("the PostgreSQL test cluster did not start (provisioning/dev/pg-test.sh): " +
                                 (r.err.empty() ? out : r.err));
    uri = out;
    return uri;
}

void pg_exec(const std::string& uri, const std::string& sql) {
    PGconn* c = PQconnectdb(uri.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
        std::string m = PQerrorMessage(c);
        PQfinish(c);
        throw std::runtime_error("cannot connect to " + uri + ": " + m);
    }
    PGresult* r = PQexec(c, sql.c_str());
    auto st = PQresultStatus(r);
    std::string m = PQresultErrorMessage(r);
    PQclear(r);
    PQfinish(c);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throw std::runtime_error(sql + ": " + m);
}

std::string pg_value(const std::string& uri, const std::string& sql) {
    PGconn* c = PQconnectdb(uri.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
        std::string m = PQerrorMessage(c);
        PQfinish(c);
        throw std::runtime_error("cannot connect to " + uri + ": " + m);
    }
    PGresult* r = PQexec(c, sql.c_str());
    std::string v = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "";
    std::string m = PQresultErrorMessage(r);
    PQclear(r);
    PQfinish(c);
    if (v.empty()) throw std::runtime_error(sql + ": " + m);
    return v;
}

std::string fresh_pg_database() {
    static std::atomic<int> n{0};
    const std::string base = pg_cluster_uri();
    const std::string name = "kt_" + std::to_string(getpid()) + "_" + std::to_string(n++);
    pg_exec(base, "DROP DATABASE IF EXISTS " + name);
    pg_exec(base, "CREATE DATABASE " + name);
    return base.substr(0, base.rfind('/') + 1) + name;
}

}  // namespace kiosk::test
