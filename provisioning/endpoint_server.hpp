// The reference central endpoint over HTTP(S): cpp-httplib in front of the
// rules in endpoint/ (ingest.hpp) and the SQLite store (store.hpp).
// Used by `kioskctl serve` and the ingest benchmark. Spec: PROTOCOL.md.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "endpoint/ingest.hpp"
#include "endpoint/store.hpp"
#include "endpoint_guard.hpp"

namespace kiosk::endpoint {

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 0;  // 0: any free port (see EndpointServer::port())
    std::string tls_cert_path;  // both set: HTTPS
    std::string tls_key_path;
    std::size_t max_body = kDefaultMaxEnvelopeBytes;
    int read_timeout_s = 5;        // per read: a client silent this long is dropped
    int write_timeout_s = 5;
    int body_deadline_ms = 15000;  // a whole request body must arrive within this (slowloris)
    // Connections served at once (keep-alive holds one each). Slow clients are
    // cut by the header deadline and the per-address cap (guard), so a few
    // hundred mostly-waiting threads keep devices getting through.
    int threads = 256;
    GuardOptions guard;  // header deadline, connections per address, rate limits, security log
};

class EndpointServer {
public:
    // Binds and starts serving on a background thread. The store must outlive the server.
    static Result<std::unique_ptr<EndpointServer>> start(Store& store, const ServerOptions& options);
    ~EndpointServer();  // stops
    EndpointServer(const EndpointServer&) = delete;
    EndpointServer& operator=(const EndpointServer&) = delete;

    int port() const;
    std::string url() const;  // e.g. http://127.0.0.1:8080
    void stop();              // idempotent; in-flight requests finish first
    Guard& guard();           // counts, security log (tests flush it)

    struct Impl;

private:
    explicit EndpointServer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace kiosk::endpoint
