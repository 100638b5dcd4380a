#include "endpoint_guard.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <iostream>
#include <vector>

#include "core/clock.hpp"
#include "core/printable.hpp"
#include "core/utc_time.hpp"

namespace kiosk::endpoint {

namespace {

using Clock = std::chrono::steady_clock;

long long ms_since(Clock::time_point t, Clock::time_point now) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now - t).count();
}

// A whole answer in one write, for a socket the HTTP library does not own
// (yet) or is stuck reading: plain HTTP only.
void write_status(int fd, int status, const char* reason, const char* error, int retry_after_s) {
    std::string body = std::string(R"({"error":")") + error + "\"}";
    std::string msg = "HTTP/1.1 " + std::to_string(status) + " " + reason +
                      "\r\nContent-Type: application/json\r\nConnection: close\r\n";
    if (retry_after_s > 0) msg += "Retry-After: " + std::to_string(retry_after_s) + "\r\n";
    msg += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    (void)::send(fd, msg.data(), msg.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

}  // namespace

Guard::Guard(GuardOptions options) : opt_(std::move(options)) {
    if (!opt_.log_path.empty()) log_.open(opt_.log_path, std::ios::app);
    thread_ = std::thread([this] { watchdog(); });
}

Guard::~Guard() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    flush_log();
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [id, c] : conns_) ::close(c.watch_fd);
    conns_.clear();
}

std::uint64_t Guard::admit(int fd, const std::string& addr, int port) {
    std::lock_guard<std::mutex> lock(mu_);
    int& open = per_addr_[addr];
    if (open >= opt_.max_connections_per_address) {
        if (open == 0) per_addr_.erase(addr);
        ++counts_[{"too-many-connections", addr}];
        if (!opt_.tls) write_status(fd, 503, "Service Unavailable", "too many connections from this address", 5);
        return 0;
    }
    ++open;
    Conn c;
    c.watch_fd = ::dup(fd);
    c.addr = addr;
    c.port = port;
    c.since = Clock::now();
    const std::uint64_t id = next_id_++;
    by_peer_[key(addr, port)] = id;
    conns_[id] = std::move(c);
    return id;
}

int Guard::open_connections() {
    std::lock_guard<std::mutex> lock(mu_);
    return static_cast<int>(conns_.size());
}

void Guard::release(std::uint64_t id) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = conns_.find(id);
    if (it == conns_.end()) return;
    by_peer_.erase(key(it->second.addr, it->second.port));
    if (--per_addr_[it->second.addr] <= 0) per_addr_.erase(it->second.addr);
    if (it->second.watch_fd >= 0) ::close(it->second.watch_fd);
    conns_.erase(it);
}

void Guard::headers_done(const std::string& addr, int port) {
    std::lock_guard<std::mutex> lock(mu_);
    auto p = by_peer_.find(key(addr, port));
    if (p == by_peer_.end()) return;
    auto& c = conns_[p->second];
    c.phase = Conn::Request;
    c.since = Clock::now();
}

void Guard::answered(const std::string& addr, int port, bool close) {
    std::lock_guard<std::mutex> lock(mu_);
    auto p = by_peer_.find(key(addr, port));
    if (p == by_peer_.end()) return;
    auto& c = conns_[p->second];
    c.since = Clock::now();
    if (close && c.phase != Conn::Closing) {
        // The answer is out: send FIN after it. What the client still sends is
        // read and dropped by the server's loop until it gives up (or the watchdog
        // cuts it), so the client sees our status rather than a reset.
        ::shutdown(c.watch_fd, SHUT_WR);
        c.phase = Conn::Closing;
    } else if (c.phase != Conn::Closing) {
        c.phase = Conn::Headers;
    }
}

int Guard::take(std::unordered_map<std::string, Bucket>& buckets, const std::string& k, double burst, double rate,
                bool consume) {
    const auto now = Clock::now();
    auto [it, fresh] = buckets.try_emplace(k);
    Bucket& b = it->second;
    if (fresh) {
        b.tokens = burst;
        b.last = now;
    } else {
        b.tokens = std::min(burst, b.tokens + rate * std::chrono::duration<double>(now - b.last).count());
        b.last = now;
    }
    if (b.tokens >= 1) {
        if (consume) b.tokens -= 1;
        return 0;
    }
    return std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / std::max(rate, 0.001))));
}

int Guard::refusal(const std::string& addr) {
    std::lock_guard<std::mutex> lock(mu_);
    return take(refusals_, addr, opt_.refusal_burst, opt_.refusals_per_second, true);
}

int Guard::refusal_wait(const std::string& addr) {
    std::lock_guard<std::mutex> lock(mu_);
    return take(refusals_, addr, opt_.refusal_burst, opt_.refusals_per_second, false);
}

int Guard::token_request(const std::string& device_id) {
    std::lock_guard<std::mutex> lock(mu_);
    return take(tokens_, device_id, opt_.token_burst, opt_.token_requests_per_second, true);
}

void Guard::note(const std::string& refusal_class, const std::string& addr) {
    std::lock_guard<std::mutex> lock(mu_);
    ++counts_[{refusal_class, addr}];
}

void Guard::write_line(const std::string& line) {
    std::lock_guard<std::mutex> lock(log_mu_);
    std::cerr << line << "\n";
    if (log_.is_open()) {
        log_ << line << "\n";
        log_.flush();
    }
}

void Guard::flush_log() {
    std::map<std::pair<std::string, std::string>, std::int64_t> counts;
    {
        std::lock_guard<std::mutex> lock(mu_);
        counts.swap(counts_);
    }
    if (counts.empty()) return;
    const std::string stamp = format_utc(SystemClock().wall_ms(), "%Y-%m-%dT%H:%M:%SZ");
    for (const auto& [k, n] : counts)
        write_line(stamp + " security: refused " + k.first + " from " + printable_text(k.second) + ": " +
                   std::to_string(n));
}

void Guard::watchdog() {
    auto last_flush = Clock::now();
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
        cv_.wait_for(lock, std::chrono::milliseconds(100));
        if (stopping_) break;
        const auto now = Clock::now();
        for (auto& [id, c] : conns_) {
            if (c.cut) continue;
            const long long age = ms_since(c.since, now);
            if (c.phase == Conn::Headers && age > opt_.header_timeout_ms) {
                // Slowloris: headers trickling (or a keep-alive connection idle) too long.
                ++counts_[{"header-timeout", c.addr}];
                if (!opt_.tls) write_status(c.watch_fd, 408, "Request Timeout", "request headers too slow", 0);
                ::shutdown(c.watch_fd, SHUT_RDWR);
                c.cut = true;
            } else if (c.phase == Conn::Request && age > opt_.request_hard_limit_ms) {
                ++counts_[{"request-timeout", c.addr}];
                ::shutdown(c.watch_fd, SHUT_RDWR);
                c.cut = true;
            } else if (c.phase == Conn::Closing && age > 2000) {
                ::shutdown(c.watch_fd, SHUT_RDWR);
                c.cut = true;
            }
        }
        // Forget buckets that are full again (keeps the maps small under floods).
        auto prune = [&](std::unordered_map<std::string, Bucket>& m, double burst, double rate) {
            for (auto it = m.begin(); it != m.end();) {
                double full = it->second.tokens + rate * std::chrono::duration<double>(now - it->second.last).count();
                it = full >= burst ? m.erase(it) : std::next(it);
            }
        };
        if (refusals_.size() > 1000) prune(refusals_, opt_.refusal_burst, opt_.refusals_per_second);
        if (tokens_.size() > 1000) prune(tokens_, opt_.token_burst, opt_.token_requests_per_second);
        if (ms_since(last_flush, now) >= opt_.log_interval_ms) {
            last_flush = now;
            lock.unlock();
            flush_log();
            lock.lock();
        }
    }
}

}  // namespace kiosk::endpoint
