// What keeps the reference endpoint usable under hostile clients, free of the
// HTTP library: a table of open connections with a deadline for each request's
// headers (slowloris), a cap on connections per client address, token-bucket
// rate limits (refused requests per address, requests per device token), and
// the security log: one line per refusal class and address per interval, with
// counts only (never a token, never a body). endpoint_server.cpp wires it in.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

namespace kiosk::endpoint {

struct GuardOptions {
    // From accepting a connection (or answering its previous request) to the
    // end of the next request's headers. Keep-alive idle time counts too.
    int header_timeout_ms = 10'000;
    // A request whose body is still open after body deadline + this is cut.
    int request_hard_limit_ms = 25'000;
    int max_connections_per_address = 32;
    // Refused requests (bad or missing token, malformed HTTP) per client address:
    // a bucket of `refusal_burst`, refilled at `refusals_per_second`; empty -> 429.
    double refusal_burst = 30;
    double refusals_per_second = 5;
    // Requests per device token (a leaked token cannot flood the store).
    double token_burst = 4000;
    double token_requests_per_second = 2000;
    int log_interval_ms = 10'000;
    std::string log_path;  // empty: stderr only
    bool tls = false;      // no raw status lines can be written on a TLS socket
};

class Guard {
public:
    explicit Guard(GuardOptions options);
    ~Guard();  // stops the watchdog and writes the last counts
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;

    // A new connection; returns its id. 0: the address has too many open
    // already; the caller closes the socket (a 503 was written on plain HTTP).
    std::uint64_t admit(int fd, const std::string& addr, int port);
    void release(std::uint64_t id);
    int open_connections();
    // The request line and headers have arrived (the body may follow).
    void headers_done(const std::string& addr, int port);
    // The answer was written; `close`: end the connection now (FIN after the answer).
    void answered(const std::string& addr, int port, bool close);

    // A refused request from addr (401, 400...). Returns seconds to wait when
    // the address has used up its refusals (answer 429 with Retry-After), else 0.
    int refusal(const std::string& addr);
    // Whether addr is currently over its refusal budget (without counting one).
    int refusal_wait(const std::string& addr);
    // One request with a valid token; >0: seconds to wait (429).
    int token_request(const std::string& device_id);

    // Counts a refusal class for the security log ("bad-token", "too-large"...).
    void note(const std::string& refusal_class, const std::string& addr);
    // Writes the counts now (tests, stop).
    void flush_log();

private:
    struct Conn {
        int watch_fd = -1;  // dup of the socket: shutdown() through it, no fd reuse race
        std::string addr;
        int port = 0;
        enum Phase { Headers, Request, Closing } phase = Headers;
        std::chrono::steady_clock::time_point since;
        bool cut = false;
    };
    struct Bucket {
        double tokens = 0;
        std::chrono::steady_clock::time_point last;
    };
    static std::string key(const std::string& addr, int port) { return addr + "|" + std::to_string(port); }
    int take(std::unordered_map<std::string, Bucket>& buckets, const std::string& k, double burst, double rate,
             bool consume);
    void watchdog();
    void write_line(const std::string& line);

    GuardOptions opt_;
    std::mutex mu_;
    std::unordered_map<std::uint64_t, Conn> conns_;           // by connection id
    std::unordered_map<std::string, std::uint64_t> by_peer_;  // addr|port -> id
    std::uint64_t next_id_ = 1;
    std::unordered_map<std::string, int> per_addr_;   // open connections per address
    std::unordered_map<std::string, Bucket> refusals_, tokens_;
    std::map<std::pair<std::string, std::string>, std::int64_t> counts_;  // (class, addr) -> n
    std::ofstream log_;
    std::mutex log_mu_;
    bool stopping_ = false;
    std::condition_variable cv_;
    std::thread thread_;
};

}  // namespace kiosk::endpoint
