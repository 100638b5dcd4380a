#include "endpoint_server.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <chrono>
#include <algorithm>
#include <cstdlib>
#include <thread>

namespace kiosk::endpoint {

struct EndpointServer::Impl {
    Store* store = nullptr;
    ServerOptions options;
    std::unique_ptr<httplib::Server> server;
    std::thread thread;
    int port = 0;
    bool tls = false;
};

namespace {

// cpp-httplib 0.11 keeps a connection open after a handler answers
// "Connection: close", and does not hand handlers the socket. To really drop
// a client we refuse (slow body, oversize, bad token with an unread body), we
// find its socket by the peer address and shut down the reading side: the
// answer still goes out, then the server sees end-of-stream and closes.
void stop_reading_from(const httplib::Request& req, int local_port) {
    DIR* dir = opendir("/proc/self/fd");
    if (!dir) return;
    while (dirent* e = readdir(dir)) {
        char* end = nullptr;
        long fd = std::strtol(e->d_name, &end, 10);
        if (!end || *end != '\0' || fd < 0) continue;
        struct stat st;
        if (fstat(static_cast<int>(fd), &st) != 0 || !S_ISSOCK(st.st_mode)) continue;
        sockaddr_storage peer{}, self{};
        socklen_t pl = sizeof peer, sl = sizeof self;
        if (getpeername(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&peer), &pl) != 0) continue;
        if (getsockname(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&self), &sl) != 0) continue;
        char host[INET6_ADDRSTRLEN] = {0};
        int peer_port = 0, self_port = 0;
        if (peer.ss_family == AF_INET) {
            auto* a = reinterpret_cast<sockaddr_in*>(&peer);
            inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
            peer_port = ntohs(a->sin_port);
            self_port = ntohs(reinterpret_cast<sockaddr_in*>(&self)->sin_port);
        } else if (peer.ss_family == AF_INET6) {
            auto* a = reinterpret_cast<sockaddr_in6*>(&peer);
            inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
            peer_port = ntohs(a->sin6_port);
            self_port = ntohs(reinterpret_cast<sockaddr_in6*>(&self)->sin6_port);
        } else {
            continue;
        }
        if (peer_port == req.remote_port && self_port == local_port && req.remote_addr == host) {
            shutdown(static_cast<int>(fd), SHUT_RD);
            break;
        }
    }
    closedir(dir);
}

void send(httplib::Response& res, const Reply& r) {
    res.status = r.status;
    res.set_content(r.body, "application/json");
}

void setup_routes(EndpointServer::Impl& impl) {
    httplib::Server& svr = *impl.server;
    Store& store = *impl.store;
    const ServerOptions opts = impl.options;
    EndpointServer::Impl* self = &impl;
    auto refuse = [self](const httplib::Request& req, httplib::Response& res, const Reply& reply) {
        send(res, reply);
        res.set_header("Connection", "close");
        stop_reading_from(req, self->port);
    };

 // Only envelope uploads may be big; heartbeats and the rest are a few hundred bytes.
    svr.set_pre_routing_handler([refuse](const httplib::Request& req, httplib::Response& res) {
        if (req.method != "PUT" && req.has_header("Content-Length")) {
            const std::string cl = req.get_header_value("Content-Length");
            if (cl.size() > 5 || std::strtoul(cl.c_str(), nullptr, 10) > 65536) {
                refuse(req, res, Reply{413, R"({"error":"request too large"})"});
                return httplib::Server::HandlerResponse::Handled;
            }
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });

    svr.Get("/v1/health", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(R"({"status":"ok","protocol":"intake-kiosk-sync/1"})", "application/json");
    });

    svr.Put(R"(/v1/envelopes/([^/]*))",
            [&store, opts, refuse](const httplib::Request& req, httplib::Response& res,
                                   const httplib::ContentReader& content_reader) {
                // The body is read (and, when refused, discarded) before we answer:
                // closing a socket with unread data makes the kernel reset it, and the
                // device would see "connection reset" instead of our 401/413 and never
                // learn the real reason. How much we are willing to read and throw away
                // is bounded: max_body for strangers, the envelope format's limit for
                // enrolled devices; beyond that we cut the connection.
                const std::string auth = req.get_header_value("Authorization");
                AuthResult who = authenticate(store, auth);
                const std::size_t drain_limit = who.ok ? std::max(opts.max_body, opts.drain_limit) : opts.max_body;
                std::size_t declared = 0;
                if (req.has_header("Content-Length")) {
                    const std::string cl = req.get_header_value("Content-Length");
                    char* end = nullptr;
                    const unsigned long long n = std::strtoull(cl.c_str(), &end, 10);
                    if (cl.empty() || *end != '\0' || n > drain_limit) {
                        refuse(req, res, who.ok ? Reply{413, R"({"error":"envelope too large"})"} : who.refusal);
                        return;
                    }
                    declared = static_cast<std::size_t>(n);
                }
                std::vector<unsigned char> body;
                const bool keep = who.ok && declared <= opts.max_body;
                if (keep) body.reserve(declared);
                std::size_t received = 0;
                bool too_big = false, too_slow = false;
                const auto deadline =
                    std::chrono::steady_clock::now() + std::chrono::milliseconds(opts.body_deadline_ms);
                bool complete = content_reader([&](const char* data, std::size_t len) {
                    received += len;
                    if (received > drain_limit) {
                        too_big = true;
                        return false;
                    }
                    if (std::chrono::steady_clock::now() > deadline) {
                        too_slow = true;
                        return false;
                    }
                    if (keep && received <= opts.max_body) body.insert(body.end(), data, data + len);
                    return true;
                });
                if (too_slow) {
                    refuse(req, res, Reply{408, R"({"error":"request body too slow"})"});
                    return;
                }
                if (too_big || !complete) {
                    refuse(req, res, who.ok ? Reply{413, R"({"error":"envelope too large or incomplete"})"}
                                            : who.refusal);
                    return;
                }
                if (!who.ok) {
                    send(res, who.refusal);
                    return;
                }
                if (received > opts.max_body) {
                    send(res, Reply{413, R"({"error":"envelope too large"})"});
                    return;
                }
                send(res, put_envelope_from(store, who.device, req.matches[1], body, opts.max_body));
            });

    svr.Post(R"(/v1/devices/([^/]+)/heartbeat)", [&store](const httplib::Request& req, httplib::Response& res) {
        send(res, heartbeat(store, req.matches[1], req.get_header_value("Authorization"), req.body));
    });

    svr.Get(R"(/v1/content/([A-Za-z0-9._-]+))", [&store](const httplib::Request& req, httplib::Response& res) {
        // Only enrolled, unrevoked devices get the org's content (the referral
        // catalogue names local people); the pack's signature is what they trust.
        AuthResult who = authenticate(store, req.get_header_value("Authorization"));
        if (!who.ok) {
            send(res, who.refusal);
            return;
        }
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
    if (!options.tls_cert_path.empty()) {
        auto ssl = std::make_unique<httplib::SSLServer>(options.tls_cert_path.c_str(),
                                                        options.tls_key_path.c_str());
        if (!ssl->is_valid())
            return make_error("cannot use TLS certificate " + options.tls_cert_path + " with key " +
                              options.tls_key_path + " (unreadable, not PEM, or they do not match)");
        impl->server = std::move(ssl);
        impl->tls = true;
    } else {
        impl->server = std::make_unique<httplib::Server>();
    }
    httplib::Server& svr = *impl->server;
    const int threads = options.threads;
    svr.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
    svr.set_payload_max_length(std::max(options.max_body, options.drain_limit));
    svr.set_read_timeout(options.read_timeout_s, 0);
    svr.set_write_timeout(options.write_timeout_s, 0);
    svr.set_keep_alive_max_count(10000);
    svr.set_keep_alive_timeout(10);
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
    return std::unique_ptr<EndpointServer>(new EndpointServer(std::move(impl)));
}

int EndpointServer::port() const { return impl_->port; }

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
