// `kioskctl serve`: the reference central endpoint (see PROTOCOL.md).
#include <signal.h>

#include <iostream>

#include "core/args.hpp"
#include "core/command.hpp"
#include "endpoint/store.hpp"
#include "endpoint_server.hpp"

namespace {

const char* kUsage =
    "kioskctl serve --db FILE|postgresql://URI --listen HOST:PORT [--tls-cert CERT.pem --tls-key KEY.pem]\n"
    "               [--db-connections N]\n"
    "               [--max-body BYTES] [--body-timeout SECONDS] [--threads N] [--plain-http-behind-proxy]\n"
    "               [--header-timeout SECONDS] [--max-connections-per-address N]\n"
    "               [--refusals-per-address N] [--requests-per-token N] [--security-log FILE]\n"
    "               [--security-log-interval SECONDS]";

bool is_loopback(const std::string& host) {
    return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

const char* const kHelp =
    "\n"
    "Runs the reference endpoint: stores devices' sealed envelopes (it cannot read them),\n"
    "records heartbeats and serves published content packs. HTTPS when --tls-cert/--tls-key\n"
    "are given; plain HTTP only on loopback (or explicitly behind a TLS proxy).\n"
    "Stops cleanly on SIGTERM or SIGINT. Protocol: provisioning/PROTOCOL.md.\n\n"
    "--db: a SQLite file (created when missing; one process) or a PostgreSQL URI,\n"
    "postgresql://USER@HOST:PORT/DB (schema created or migrated on start; several\n"
    "processes may share it). --db-connections: PostgreSQL connections this process\n"
    "opens at most [8].\n\n"
    "Against hostile clients (defaults in brackets): --header-timeout: a request's headers\n"
    "must arrive within this after the connection opens or the previous answer [10];\n"
    "--max-connections-per-address [32]; --refusals-per-address: refused requests (bad\n"
    "token, malformed) an address may make in a burst, refilled at a sixth of it per\n"
    "second, then 429 [30]; --requests-per-token: per second, a burst of twice that [2000];\n"
    "--security-log FILE: also write the security log there (stderr always), one line per\n"
    "refusal class and address every --security-log-interval seconds [10], counts only.\n";

int run(const kiosk::ParsedArgs& a) {
    std::vector<std::string> problems;
    if (!a.get("--db")) problems.push_back("missing --db FILE or --db postgresql://... (the endpoint database)");
    if (!a.get("--listen")) problems.push_back("missing --listen HOST:PORT (e.g. 127.0.0.1:8080)");
    kiosk::endpoint::ServerOptions opts;
    if (auto l = a.get("--listen")) {
        auto colon = l->rfind(':');
        std::string host = colon == std::string::npos ? "" : l->substr(0, colon);
        if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
        try {
            std::size_t used = 0;
            opts.port = colon == std::string::npos ? -1 : std::stoi(l->substr(colon + 1), &used);
            if (used != l->size() - colon - 1) opts.port = -1;
        } catch (...) {
            opts.port = -1;
        }
        if (host.empty() || opts.port < 0 || opts.port > 65535)
            problems.push_back("--listen " + *l + ": want HOST:PORT, e.g. 127.0.0.1:8080 (port 0 = any free port)");
        opts.host = host;
    }
    opts.tls_cert_path = a.get_or("--tls-cert", "");
    opts.tls_key_path = a.get_or("--tls-key", "");
    if (opts.tls_cert_path.empty() != opts.tls_key_path.empty())
        problems.push_back("--tls-cert and --tls-key go together");
    if (opts.tls_cert_path.empty() && !opts.host.empty() && !is_loopback(opts.host) &&
        !a.has("--plain-http-behind-proxy"))
        problems.push_back("refusing plain HTTP on " + opts.host +
                           ": give --tls-cert/--tls-key, or --plain-http-behind-proxy if a TLS proxy is in front");
    auto num = [&](const char* flag, long long lo, long long hi, auto& out) {
        if (auto v = a.get(flag)) {
            try {
                std::size_t used = 0;
                long long n = std::stoll(*v, &used);
                if (used != v->size() || n < lo || n > hi) throw 1;
                out = static_cast<std::remove_reference_t<decltype(out)>>(n);
            } catch (...) {
                problems.push_back(std::string(flag) + " " + *v + ": want a number from " + std::to_string(lo) +
                                   " to " + std::to_string(hi));
            }
        }
    };
    num("--max-body", 1024, 1LL << 30, opts.max_body);
    int body_timeout_s = 15;
    num("--body-timeout", 1, 3600, body_timeout_s);
    opts.body_deadline_ms = body_timeout_s * 1000;
    num("--threads", 2, 4096, opts.threads);
    int header_timeout_s = opts.guard.header_timeout_ms / 1000;
    num("--header-timeout", 1, 3600, header_timeout_s);
    opts.guard.header_timeout_ms = header_timeout_s * 1000;
    num("--max-connections-per-address", 1, 100000, opts.guard.max_connections_per_address);
    int refusals = 30, per_token = 2000, log_interval_s = 10;
    num("--refusals-per-address", 1, 1000000, refusals);
    num("--requests-per-token", 1, 1000000, per_token);
    num("--security-log-interval", 1, 86400, log_interval_s);
    kiosk::endpoint::StoreOptions store_options;
    num("--db-connections", 2, 1000, store_options.max_connections);
    opts.guard.refusal_burst = refusals;
    opts.guard.refusals_per_second = refusals / 6.0;
    opts.guard.token_requests_per_second = per_token;
    opts.guard.token_burst = 2.0 * per_token;
    opts.guard.log_interval_ms = log_interval_s * 1000;
    opts.guard.log_path = a.get_or("--security-log", "");
    if (!problems.empty()) {
        for (auto& p : problems) std::cerr << "kioskctl serve: " << p << "\n";
        return 2;
    }

    // Block the stop signals before any thread starts, so only sigwait sees them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    auto store = kiosk::endpoint::Store::open(*a.get("--db"), nullptr, store_options);
    if (!store.ok()) {
        std::cerr << "kioskctl serve: " << store.error().message << "\n";
        return 1;
    }
    auto server = kiosk::endpoint::EndpointServer::start(*store.value(), opts);
    if (!server.ok()) {
        std::cerr << "kioskctl serve: " << server.error().message << "\n";
        return 1;
    }
    std::cout << "listening on " << server.value()->url() << std::endl;
    int sig = 0;
    sigwait(&stop_signals, &sig);
    server.value()->stop();
    std::cout << "stopped (" << (sig == SIGTERM ? "SIGTERM" : "SIGINT") << ")" << std::endl;
    return 0;
}

kiosk::CommandRegistrar reg("kioskctl", {.name = "serve",
                                         .usage = kUsage,
                                         .summary = "run the reference central endpoint",
                                         .value_flags = {"--db", "--listen", "--tls-cert", "--tls-key",
                                                         "--max-body", "--body-timeout", "--threads",
                                                         "--header-timeout", "--max-connections-per-address",
                                                         "--refusals-per-address", "--requests-per-token",
                                                         "--security-log", "--security-log-interval",
                                                         "--db-connections"},
                                         .switch_flags = {"--plain-http-behind-proxy"},
                                         .help = kHelp,
                                         .body = run});

}  // namespace
