#include "endpoint_server.hpp"

#include <arpa/inet.h>
#include <poll.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <chrono>
#include <algorithm>
#include <cstdlib>
#include <optional>
#include <thread>

namespace kiosk::endpoint {

struct EndpointServer::Impl {
    Store* store = nullptr;
    ServerOptions options;
    std::unique_ptr<Guard> guard;  // declared before server: outlives it
    std::unique_ptr<httplib::Server> server;
    std::thread thread;
    int port = 0;
    bool tls = false;
};

// The library's own per-connection work (private in httplib::Server and
// SSLServer), by its exported name: see Guarded below. Declared outside the
// anonymous namespace: these are the symbols in libcpp-httplib.so.
bool httplib_plain_process(httplib::Server* self, int sock) __asm__("_ZN7httplib6Server24process_and_close_socketEi");
bool httplib_tls_process(httplib::SSLServer* self, int sock) __asm__("_ZN7httplib9SSLServer24process_and_close_socketEi");

namespace {

// cpp-httplib 0.11 hands handlers neither the socket nor a hook per
// connection, and its thread pool is held by whoever is slowest to send
// headers. Its accept loop passes each socket to the virtual (private)
// process_and_close_socket(); we override that to register the connection
// with the guard (per-address cap, header deadline, clean close after a
// refusal) and then run the library's own implementation. That one is private,
// so we call its exported symbol (the Itanium ABI passes `this` first).

bool peer_of(int fd, std::string& addr, int& port) {
    sockaddr_storage peer{};
    socklen_t len = sizeof peer;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) != 0) return false;
    char host[INET6_ADDRSTRLEN] = {0};
    if (peer.ss_family == AF_INET) {
        auto* a = reinterpret_cast<sockaddr_in*>(&peer);
        inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
        port = ntohs(a->sin_port);
    } else if (peer.ss_family == AF_INET6) {
        auto* a = reinterpret_cast<sockaddr_in6*>(&peer);
        inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
        port = ntohs(a->sin6_port);
    } else {
        return false;
    }
    addr = host;
    return true;
}

// Close a socket we refused without making the kernel reset it: FIN first,
// then read and drop what the client already sent, briefly.
void close_gently(int fd) {
    ::shutdown(fd, SHUT_WR);
    char buf[4096];
    for (int i = 0; i < 4; ++i) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) break;
        if (::recv(fd, buf, sizeof buf, MSG_DONTWAIT) <= 0) break;
    }
    ::close(fd);
}

template <class Base, bool (*Process)(Base*, int)>
class Guarded : public Base {
public:
    template <class... A>
    explicit Guarded(Guard& guard, A&&... args) : Base(std::forward<A>(args)...), guard_(guard) {}

private:
    bool process_and_close_socket(int sock) override {
        std::string addr;
        int port = 0;
        if (!peer_of(sock, addr, port)) {
            close_gently(sock);
            return false;
        }
        const std::uint64_t id = guard_.admit(sock, addr, port);
        if (id == 0) {
            close_gently(sock);
            return true;
        }
        const bool ok = Process(static_cast<Base*>(this), sock);
        guard_.release(id);
        return ok;
    }
    Guard& guard_;
};

using GuardedServer = Guarded<httplib::Server, httplib_plain_process>;
using GuardedTlsServer = Guarded<httplib::SSLServer, httplib_tls_process>;

void send(httplib::Response& res, const Reply& r) {
    res.status = r.status;
    res.set_content(r.body, "application/json");
}

const char* refusal_class(int status) {
    switch (status) {
        case 400: return "malformed";
        case 401: return "bad-token";
        case 403: return "other-device";
        case 404: return "not-found";
        case 408: return "too-slow";
        case 409: return "conflict";
        case 413: return "too-large";
        case 429: return "rate-limited";
        default: return status >= 500 ? "server-error" : "other";
    }
}

void setup_routes(EndpointServer::Impl& impl) {
    httplib::Server& svr = *impl.server;
    Store& store = *impl.store;
    const ServerOptions opts = impl.options;
    Guard& guard = *impl.guard;
    // A refusal: the status goes out, then the connection ends (FIN after the
    // answer, see Guard::answered); the client never sees a bare reset.
    auto refuse = [](httplib::Response& res, const Reply& reply, int retry_after_s = 0) {
        send(res, reply);
        if (retry_after_s > 0) res.set_header("Retry-After", std::to_string(retry_after_s));
        res.set_header("Connection", "close");
    };
    // Token check with the rate limits: a stranger's refusals are counted per
    // address (429 once they are used up), a device's requests per token.
    auto authorize = [&store, &guard, refuse](const httplib::Request& req, httplib::Response& res,
                                              bool close_on_refusal) -> std::optional<DeviceRecord> {
        if (int wait = guard.refusal_wait(req.remote_addr); wait > 0 && bearer_token(req.get_header_value("Authorization")).empty()) {
            refuse(res, Reply{429, R"({"error":"too many refused requests from this address"})"}, wait);
            return std::nullopt;
        }
        AuthResult who = authenticate(store, req.get_header_value("Authorization"));
        if (!who.ok) {
            if (who.refusal.status == 401) {
                if (int wait = guard.refusal(req.remote_addr); wait > 0) {
                    refuse(res, Reply{429, R"({"error":"too many refused requests from this address"})"}, wait);
                    return std::nullopt;
                }
            }
            if (close_on_refusal) refuse(res, who.refusal);
            else send(res, who.refusal);
            return std::nullopt;
        }
        if (int wait = guard.token_request(who.device.id); wait > 0) {
            refuse(res, Reply{429, R"({"error":"too many requests for this device"})"}, wait);
            return std::nullopt;
        }
        return std::move(who.device);
    };

    svr.set_logger([&guard](const httplib::Request& req, const httplib::Response& res) {
        guard.answered(req.remote_addr, req.remote_port, res.get_header_value("Connection") == "close");
        if (res.status >= 400) guard.note(refusal_class(res.status), req.remote_addr);
        if (res.status == 400) (void)guard.refusal(req.remote_addr);
    });

 // Only envelope uploads may be big; heartbeats and the rest are a few hundred bytes.
    svr.set_pre_routing_handler([refuse, &guard](const httplib::Request& req, httplib::Response& res) {
        guard.headers_done(req.remote_addr, req.remote_port);
        // Two lengths, or a length and chunking: which one a proxy in front believes
        // is anyone's guess (request smuggling). Refuse.
        if (req.get_header_value_count("Content-Length") > 1 ||
            (req.has_header("Content-Length") && req.has_header("Transfer-Encoding"))) {
            refuse(res, Reply{400, R"({"error":"conflicting Content-Length / Transfer-Encoding headers"})"});
            return httplib::Server::HandlerResponse::Handled;
        }
        const bool envelope_upload = req.method == "PUT" && req.path.rfind("/v1/envelopes/", 0) == 0;
        if (!envelope_upload && req.has_header("Content-Length")) {
            const std::string cl = req.get_header_value("Content-Length");
            if (cl.size() > 5 || std::strtoul(cl.c_str(), nullptr, 10) > 65536) {
                refuse(res, Reply{413, R"({"error":"request too large"})"});
                return httplib::Server::HandlerResponse::Handled;
            }
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });

    svr.Get("/v1/health", [](const httplib::Request&, httplib::Response& res) {
        // Version 2 is version 1 plus PUT /v2/devices/{id}/signing-key.
        res.set_content(R"({"status":"ok","protocol":"intake-kiosk-sync/2"})", "application/json");
    });

    svr.Put(R"(/v2/devices/([^/]+)/signing-key)", [&store, authorize](const httplib::Request& req, httplib::Response& res) {
        auto who = authorize(req, res, false);
        if (!who) return;
        send(res, register_signing_key(store, *who, req.matches[1], req.body));
    });

    svr.Put(R"(/v1/envelopes/([^/]*))",
            [&store, opts, refuse, authorize](const httplib::Request& req, httplib::Response& res,
                                              const httplib::ContentReader& content_reader) {
                // The token is checked before the body is read. A refused upload's
                // body is not read at all: the answer goes out with "Connection:
                // close" and the connection ends after it (FIN, then whatever the
                // client still sends is dropped), so the device learns the reason.
                auto who = authorize(req, res, true);
                if (!who) return;
                if (req.has_header("Content-Length")) {
                    const std::string cl = req.get_header_value("Content-Length");
                    char* end = nullptr;
                    const unsigned long long n = std::strtoull(cl.c_str(), &end, 10);
                    if (cl.empty() || *end != '\0' || cl[0] == '-') {
                        refuse(res, Reply{400, R"({"error":"malformed Content-Length"})"});
                        return;
                    }
                    if (n > opts.max_body) {
                        refuse(res, Reply{413, R"({"error":"envelope too large"})"});
                        return;
                    }
                }
                std::vector<unsigned char> body;
                bool too_big = false, too_slow = false;
                const auto deadline =
                    std::chrono::steady_clock::now() + std::chrono::milliseconds(opts.body_deadline_ms);
                bool complete = content_reader([&](const char* data, std::size_t len) {
                    if (body.size() + len > opts.max_body) {
                        too_big = true;
                        return false;
                    }
                    if (std::chrono::steady_clock::now() > deadline) {
                        too_slow = true;
                        return false;
                    }
                    body.insert(body.end(), data, data + len);
                    return true;
                });
                if (too_slow || (!complete && !too_big && std::chrono::steady_clock::now() > deadline)) {
                    refuse(res, Reply{408, R"({"error":"request body too slow"})"});
                    return;
                }
                if (too_big) {
                    refuse(res, Reply{413, R"({"error":"envelope too large"})"});
                    return;
                }
                if (!complete) {
                    refuse(res, Reply{400, R"({"error":"incomplete request body"})"});
                    return;
                }
                send(res, put_envelope_from(store, *who, req.matches[1], body, opts.max_body));
            });

    svr.Post(R"(/v1/devices/([^/]+)/heartbeat)",
             [&store, authorize](const httplib::Request& req, httplib::Response& res) {
                 if (!authorize(req, res, false)) return;
                 send(res, heartbeat(store, req.matches[1], req.get_header_value("Authorization"), req.body));
             });

    svr.Get(R"(/v1/content/([A-Za-z0-9._-]+))", [&store, authorize](const httplib::Request& req, httplib::Response& res) {
        // Only enrolled, unrevoked devices get the org's content (the referral
        // catalogue names local people); the pack's signature is what they trust.
        if (!authorize(req, res, false)) return;
        auto pack = store.latest_content(req.matches[1]);
        if (!pack.ok()) {
            send(res, Reply{503, R"({"error":"storage unavailable"})"});
            return;
        }
        if (!pack->has_value()) {
            send(res, Reply{404, R"({"error":"nothing published on this channel"})"});
            return;
        }
        const auto& p = **pack;
        res.set_header("X-Content-Version", p.version);
        res.set_content(std::string(p.bytes.begin(), p.bytes.end()), "application/octet-stream");
    });

    svr.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (res.body.empty()) {
            const char* msg = res.status == 404   ? "no such resource"
                              : res.status == 413 ? "envelope too large"
                                                  : "request refused";
            res.set_content(std::string(R"({"error":")") + msg + "\"}", "application/json");
        }
    });
}

}  // namespace

EndpointServer::EndpointServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EndpointServer::~EndpointServer() { stop(); }

Result<std::unique_ptr<EndpointServer>> EndpointServer::start(Store& store, const ServerOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->store = &store;
    impl->options = options;
    if (options.tls_cert_path.empty() != options.tls_key_path.empty())
        return make_error("give both --tls-cert and --tls-key, or neither");
    GuardOptions g = options.guard;
    g.tls = !options.tls_cert_path.empty();
    g.request_hard_limit_ms = std::max(g.request_hard_limit_ms, options.body_deadline_ms + 10'000);
    impl->guard = std::make_unique<Guard>(g);
    if (!options.tls_cert_path.empty()) {
        auto ssl = std::make_unique<GuardedTlsServer>(*impl->guard, options.tls_cert_path.c_str(),
                                                      options.tls_key_path.c_str());
        if (!ssl->is_valid())
            return make_error("cannot use TLS certificate " + options.tls_cert_path + " with key " +
                              options.tls_key_path + " (unreadable, not PEM, or they do not match)");
        impl->server = std::move(ssl);
        impl->tls = true;
    } else {
        impl->server = std::make_unique<GuardedServer>(*impl->guard);
    }
    httplib::Server& svr = *impl->server;
    const int threads = options.threads;
    svr.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
    svr.set_payload_max_length(options.max_body);
    svr.set_read_timeout(options.read_timeout_s, 0);
    svr.set_write_timeout(options.write_timeout_s, 0);
    svr.set_keep_alive_max_count(10000);
    // Idle keep-alive counts against the header deadline; close idle ones first.
    svr.set_keep_alive_timeout(std::max(1, std::min(10, options.guard.header_timeout_ms / 2000)));
    svr.set_tcp_nodelay(true);
    setup_routes(*impl);

    int port = options.port;
    if (port == 0) {
        port = svr.bind_to_any_port(options.host);
        if (port <= 0) return make_error("cannot listen on " + options.host + " (any port)");
    } else if (!svr.bind_to_port(options.host, port)) {
        return make_error("cannot listen on " + options.host + ":" + std::to_string(port) +
                          " (in use or not allowed)");
    }
    impl->port = port;
    impl->thread = std::thread([s = impl->server.get()] { s->listen_after_bind(); });
    // httplib's stop() does nothing until the listen loop runs: a SIGTERM right
    // after "listening on" (a test that only wanted a free port) would leave
    // the process serving for ever. Return once it runs.
    for (int i = 0; i < 5000 && !svr.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return std::unique_ptr<EndpointServer>(new EndpointServer(std::move(impl)));
}

int EndpointServer::port() const { return impl_->port; }
Guard& EndpointServer::guard() { return *impl_->guard; }

std::string EndpointServer::url() const {
    std::string host = impl_->options.host;
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    return std::string(impl_->tls ? "https://" : "http://") + host + ":" + std::to_string(impl_->port);
}

void EndpointServer::stop() {
    if (!impl_ || !impl_->server) return;
    impl_->server->stop();
    if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace kiosk::endpoint
