#include "sync_fixture.hpp"

#include <catch2/catch.hpp>
#include <fstream>

#include "crypto/crypto.hpp"
#include "crypto/envelope.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>

#include "crypto/crypto.hpp"
#include "device/device.hpp"
#include "endpoint/store.hpp"
#include "sync/key_registration.hpp"
#include "test_support.hpp"

extern char** environ;

namespace kiosk::test {

// ---------------------------------------------------------------------------
// ServerProcess

ServerProcess::ServerProcess(fs::path db, std::vector<std::string> extra_args)
    : db_(std::move(db)), extra_(std::move(extra_args)) {}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
}

void ServerProcess::start(int port) {
    if (pid_ > 0) throw std::runtime_error("server already running");
    int out[2];
    if (pipe(out)) throw std::runtime_error("pipe failed");
    std::vector<std::string> args = {KIOSKCTL_BIN, "serve", "--db", db_.string(), "--listen",
                                     "127.0.0.1:" + std::to_string(port)};
    args.insert(args.end(), extra_.begin(), extra_.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    posix_spawn_file_actions_addclose(&fa, out[1]);
    int rc = posix_spawn(&pid_, KIOSKCTL_BIN, &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    close(out[1]);
    if (rc != 0) {
        close(out[0]);
        pid_ = -1;
        throw std::runtime_error("cannot start kioskctl serve");
    }
    // Read the "listening on URL" line (a restart may need a moment for the port).
    std::string line;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
        pollfd p{out[0], POLLIN, 0};
        if (poll(&p, 1, 100) > 0) {
            char buf[256];
            ssize_t n = read(out[0], buf, sizeof buf);
            if (n <= 0) break;
            line.append(buf, static_cast<std::size_t>(n));
        }
    }
    close(out[0]);
    const std::string prefix = "listening on ";
    auto at = line.find(prefix);
    if (at == std::string::npos) {
        int status = 0;
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        pid_ = -1;
        throw std::runtime_error("kioskctl serve did not start: " + line);
    }
    url_ = line.substr(at + prefix.size());
    url_ = url_.substr(0, url_.find('\n'));
    port_ = std::stoi(url_.substr(url_.rfind(':') + 1));
}

void ServerProcess::stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    // A server that does not stop fails the test in seconds, not at ctest's timeout.
    bool exited = false;
    for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
         !(exited = waitpid(pid_, &status, WNOHANG) == pid_) && std::chrono::steady_clock::now() < until;)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (!exited) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        pid_ = -1;
        throw std::runtime_error("kioskctl serve did not stop within 20 s of SIGTERM");
    }
    pid_ = -1;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error("kioskctl serve did not stop cleanly on SIGTERM");
}

void ServerProcess::kill_now() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

// ---------------------------------------------------------------------------
// TestOrg

TestOrg::TestOrg(const fs::path& org_dir) : dir(org_dir) {
    auto r = init_org(org_dir);
    if (!r.ok()) throw std::runtime_error(r.error().message);
    pub = r.value();
}

EnrollmentBundle TestOrg::enroll(const fs::path& db, const std::string& endpoint, const fs::path& data_dir,
                                 const std::string& name, const std::string& pinned_ca_file) {
    const fs::path bundle_path = data_dir.parent_path() / (data_dir.filename().string() + "-bundle.json");
    std::vector<std::string> args = {"device", "enroll", "--db", db.string(), "--endpoint", endpoint,
                                     "--org", dir.string(), "--out", bundle_path.string(), "--name", name};
    if (!pinned_ca_file.empty()) {
        args.push_back("--pinned-ca");
        args.push_back(pinned_ca_file);
    }
    auto r = run(KIOSKCTL_BIN, args);
    if (r.exit_code != 0) throw std::runtime_error("device enroll failed: " + r.err);
    auto b = read_bundle(bundle_path);
    if (!b.ok()) throw std::runtime_error(b.error().message);
    if (auto s = apply_bundle(b.value(), data_dir); !s.ok()) throw std::runtime_error(s.error().message);
    auto id = load_device_identity(data_dir);
    if (!id.ok()) throw std::runtime_error(id.error().message);
    b->device_signing_public_key = id->config.device_signing_public_key;
    b->device_signing_secret_key = id->signing_secret_key;
    return b.value();
}

void register_signing_key(const fs::path& data_dir) {
    auto cfg = sync::load_sync_config(data_dir);
    if (!cfg.ok()) throw std::runtime_error(cfg.error().message);
    auto r = sync::ensure_signing_key_registered(cfg->transport, data_dir);
    if (r.outcome != sync::Outcome::Acknowledged) throw std::runtime_error(r.message);
}

// ---------------------------------------------------------------------------
// Answers

namespace {
std::vector<std::string> lines_of(const fs::path& p) {
    std::vector<std::string> out;
    std::ifstream in(p);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}
}  // namespace

int check_export_round_trip(const fs::path& dir, const std::map<std::string, TestAnswer>& sent) {
    std::map<std::string, int> per_q;
    for (const auto& [uuid, a] : sent) per_q[a.questionnaire]++;
    int seen = 0;
    for (const auto& [q, n] : per_q) {
        auto lines = lines_of(dir / (q + ".ndjson"));
        CHECK(static_cast<int>(lines.size()) == n);
        for (const auto& line : lines) {
            auto r = nlohmann::json::parse(line);
            CHECK(r["resourceType"] == "QuestionnaireResponse");
            const std::string uuid = r["identifier"]["value"].get<std::string>().substr(9);  // urn:uuid:
            REQUIRE(sent.count(uuid) == 1);
            const auto& original = sent.at(uuid);
            CHECK(original.questionnaire == q);
            CHECK(r["item"] == original.response["item"]);
            CHECK(r["authored"] == original.response["authored"]);
            ++seen;
        }
        CHECK(static_cast<int>(lines_of(dir / (q + ".csv")).size()) >= n + 1);  // header + rows (quoted newlines add lines)
    }
    CHECK(lines_of(dir / "errors.csv").size() == 1);  // header only
    return seen;
}

crypto::Bytes envelope_for(const EnrollmentBundle& device, const std::string& uuid, const std::string& text) {
    crypto::EnvelopeHeader h;
    h.uuid = uuid;
    h.device_id = device.device_id;
    h.created_at = crypto::rfc3339_utc(1'780'000'000'000);
    h.key_id = device.org.key_id;
    auto env = crypto::make_envelope(h, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                                     device.org.results_public_key, device.device_signing_secret_key);
    if (!env.ok()) throw std::runtime_error(env.error().message);
    return env.value();
}

TestAnswer make_answer(std::mt19937& rng, int index) {
    using nlohmann::json;
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    const char* texts[] = {"gaat wel", "Moe, \"heel\" moe\nen verdrietig", "=SUM(A1)", "café, één, ü", "",
                           "-ik weet het niet", "a,b,c"};
    TestAnswer a;
    json items = json::array();
    switch (index % 3) {
        case 0:
            a.questionnaire = "howareyou-short";
            items.push_back({{"linkId", "wellbeing"}, {"answer", {{{"valueInteger", pick(11)}}}}});
            items.push_back({{"linkId", "mood"},
                             {"answer",
                              {{{"valueCoding",
                                 {{"system", "https://fhir.intake-kiosk.example/CodeSystem/smiley"},
                                  {"code", std::string("s") + std::to_string(pick(5))}}}}}}});
            items.push_back({{"linkId", "remarks"}, {"answer", {{{"valueString", texts[pick(7)]}}}}});
            break;
        case 1: {
            a.questionnaire = "intake";
            json themes = json::array();
            const char* codes[] = {"money", "health", "housing", "work-learning"};
            for (int i = 0, n = 1 + pick(3); i < n; ++i)
                themes.push_back({{"valueCoding",
                                   {{"system", "https://fhir.intake-kiosk.example/CodeSystem/theme"},
                                    {"code", codes[(i + index) % 4]}}}});
            items.push_back({{"linkId", "group1"},
                             {"item",
                              json::array({{{"linkId", "themes"}, {"answer", themes}},
                                           {{"linkId", "urgent"}, {"answer", {{{"valueBoolean", pick(2) == 1}}}}}})}});
            break;
        }
        default:
            a.questionnaire = "money-matters";
            items.push_back({{"linkId", "debts"}, {"answer", {{{"valueBoolean", pick(2) == 0}}}}});
            items.push_back({{"linkId", "since"}, {"answer", {{{"valueDate", "2026-0" + std::to_string(1 + pick(9)) + "-15"}}}}});
            items.push_back({{"linkId", "note"}, {"answer", {{{"valueString", texts[pick(7)]}}}}});
    }
    a.response = {{"resourceType", "QuestionnaireResponse"},
                  {"questionnaire", "https://fhir.intake-kiosk.example/Questionnaire/" + a.questionnaire + "|1.0.0"},
                  {"status", "completed"},
                  {"authored", "2026-11-29T09:00:00Z"},
                  {"item", items}};
    return a;
}

std::map<std::string, TestAnswer> fill_outbox(Outbox& outbox, int count, unsigned seed) {
    std::mt19937 rng(seed);
    std::map<std::string, TestAnswer> out;
    for (int i = 0; i < count; ++i) {
        TestAnswer a = make_answer(rng, i);
        ResponseMeta meta;
        meta.questionnaire = a.questionnaire;
        meta.version = "1.0.0";
        meta.variant = a.questionnaire == "howareyou-short" ? "short" : a.questionnaire == "intake" ? "intake" : "";
        meta.language = "nl";
        meta.duration_s = 60 + i;
        auto r = outbox.finish(a.response.dump(), meta);
        if (!r.ok()) throw std::runtime_error("finish failed: " + r.error().message);
        if (!r->durable) throw std::runtime_error("finish not durable: " + r->fault);
        out[r->uuid] = std::move(a);
    }
    return out;
}

std::vector<std::string> stored_uuids(const fs::path& db) {
    std::vector<std::string> out;
    if (endpoint::is_postgres_uri(db.string())) {
        auto store = endpoint::Store::open(db);
        if (!store.ok()) throw std::runtime_error(store.error().message);
        auto s = store.value()->for_each_envelope([&](const endpoint::StoredEnvelope& e) {
            out.push_back(e.uuid);
            return true;
        });
        if (!s.ok()) throw std::runtime_error(s.error().message);
        return out;
    }
    sqlite3* h = nullptr;
    if (sqlite3_open_v2(db.string().c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(h);
        return out;
    }
    sqlite3_busy_timeout(h, 5000);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, "SELECT uuid FROM envelopes", -1, &st, nullptr) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW)
            out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return out;
}

// ---------------------------------------------------------------------------
// PKI

TestPki make_pki(const fs::path& dir, const std::string& name) {
    fs::create_directories(dir);
    TestPki p{dir / (name + "-ca.pem"), dir / (name + "-server.pem"), dir / (name + "-server.key")};
    const std::string ca_key = (dir / (name + "-ca.key")).string();
    const std::string csr = (dir / (name + "-server.csr")).string();
    const std::string ext = (dir / (name + "-ext.cnf")).string();
    write_file(ext,
               "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
               "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n");
    auto must = [](const std::vector<std::string>& args) {
        auto r = run("/usr/bin/openssl", args);
        if (r.exit_code != 0) throw std::runtime_error("openssl failed: " + r.err);
    };
    must({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", ca_key,
          "-out", p.ca_cert.string(), "-days", "2", "-subj", "/CN=" + name + " test CA"});
    must({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
          p.server_key.string(), "-out", csr, "-subj", "/CN=127.0.0.1"});
    must({"x509", "-req", "-in", csr, "-CA", p.ca_cert.string(), "-CAkey", ca_key, "-CAcreateserial", "-out",
          p.server_cert.string(), "-days", "2", "-extfile", ext});
    return p;
}

sync::SyncConfig fast_config(const fs::path& data_dir) {
    auto c = sync::load_sync_config(data_dir);
    if (!c.ok()) throw std::runtime_error(c.error().message);
    sync::SyncConfig cfg = c.value();
    cfg.concurrency = 4;
    cfg.backoff_base_ms = 20;
    cfg.backoff_cap_ms = 250;
    cfg.retry_after_unit_ms = 30;
    cfg.max_retry_after_ms = 2000;
    cfg.idle_poll_ms = 100;
    cfg.heartbeat_interval_ms = 0;
    cfg.transport.connect_timeout_ms = 1000;
    cfg.transport.request_timeout_ms = 1500;
    cfg.random_seed = 42;
    return cfg;
}

bool wait_until(const std::function<bool()>& pred, int timeout_ms) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline) {
        if (pred()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return pred();
}

// ---------------------------------------------------------------------------
// FaultProxy

namespace {

void rst_close(int fd) {
    linger l{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    close(fd);
}

bool write_all(int fd, const char* p, std::size_t n) {
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w <= 0) {
            if (w < 0 && errno == EINTR) continue;
            return false;
        }
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

// Reads one HTTP message (headers + Content-Length body) into msg. Returns
// false on EOF/error/timeout or when stop is set.
bool read_message(int fd, std::string& buf, std::string& msg, const std::atomic<bool>& stop, int timeout_ms,
                  bool headers_only = false) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    std::size_t header_end = std::string::npos;
    std::size_t total = 0;
    for (;;) {
        if (header_end == std::string::npos) {
            header_end = buf.find("\r\n\r\n");
            if (header_end != std::string::npos) {
                std::size_t len = 0;
                std::string lower = buf.substr(0, header_end);
                for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                auto at = lower.find("\r\ncontent-length:");
                if (at != std::string::npos) len = std::stoul(lower.substr(at + 17));
                total = header_end + 4 + len;
                if (headers_only) {
                    msg = buf.substr(0, header_end + 4);
                    return true;
                }
            }
        }
        if (header_end != std::string::npos && buf.size() >= total) {
            msg = buf.substr(0, total);
            buf.erase(0, total);
            return true;
        }
        if (stop || std::chrono::steady_clock::now() > deadline) return false;
        pollfd p{fd, POLLIN, 0};
        int r = poll(&p, 1, 50);
        if (r < 0 && errno != EINTR) return false;
        if (r <= 0) continue;
        char tmp[16384];
        ssize_t n = recv(fd, tmp, sizeof tmp, 0);
        if (n <= 0) return false;
        buf.append(tmp, static_cast<std::size_t>(n));
    }
}

}  // namespace

const char* FaultProxy::name(Fault f) {
    switch (f) {
        case Pass: return "pass";
        case RefuseConnection: return "refuse-connection";
        case ResetMidRequest: return "reset-mid-request";
        case ResetMidResponse: return "reset-mid-response";
        case Stall: return "stall";
        case Error500: return "500";
        case Error503: return "503+Retry-After";
        case Busy429: return "429+Retry-After";
        case DropAfterStore: return "drop-response-after-store";
        default: return "?";
    }
}

FaultProxy::FaultProxy(int upstream_port, unsigned seed, double fault_rate, int stall_ms)
    : upstream_port_(upstream_port), stall_ms_(stall_ms), fault_rate_(fault_rate), rng_(seed) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) || listen(listen_fd_, 128))
        throw std::runtime_error("proxy cannot listen");
    socklen_t len = sizeof addr;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
}

FaultProxy::~FaultProxy() {
    stopping_ = true;
    if (acceptor_.joinable()) acceptor_.join();
    close(listen_fd_);
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(mu_);
        threads.swap(threads_);
    }
    for (auto& t : threads) t.join();
}

std::map<FaultProxy::Fault, int> FaultProxy::counts() const {
    std::lock_guard lock(mu_);
    return counts_;
}

std::vector<long long> FaultProxy::request_times() const {
    std::lock_guard lock(mu_);
    return request_times_;
}

FaultProxy::Fault FaultProxy::pick(bool at_accept) {
    std::lock_guard lock(mu_);
    std::uniform_real_distribution<double> u(0, 1);
    Fault f = Pass;
    if (!at_accept)
        request_times_.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::steady_clock::now().time_since_epoch())
                                     .count());
    if (forced_ != Pass) {
        f = at_accept ? Pass : forced_.load();
    } else if (at_accept) {
        f = u(rng_) < fault_rate_ / 4 ? RefuseConnection : Pass;
    } else if (u(rng_) < fault_rate_) {
        // Weights: stalls cost a client timeout each, so they are rarer.
        static const std::vector<std::pair<Fault, int>> weights = {
            {ResetMidRequest, 3}, {ResetMidResponse, 3}, {Stall, 1}, {Error500, 2},
            {Error503, 2},        {Busy429, 2},          {DropAfterStore, 3}};
        int total = 0;
        for (auto& w : weights) total += w.second;
        int x = static_cast<int>(rng_() % static_cast<unsigned>(total));
        for (auto& w : weights) {
            if (x < w.second) {
                f = w.first;
                break;
            }
            x -= w.second;
        }
    }
    if (f != Pass || !at_accept) counts_[f]++;
    return f;
}

void FaultProxy::accept_loop() {
    while (!stopping_) {
        pollfd p{listen_fd_, POLLIN, 0};
        if (poll(&p, 1, 50) <= 0) continue;
        int fd = accept(listen_fd_, nullptr, nullptr);
        if (fd < 0) continue;
        if (pick(true) == RefuseConnection) {
            rst_close(fd);
            continue;
        }
        std::lock_guard lock(mu_);
        threads_.emplace_back([this, fd] { serve(fd); });
    }
}

void FaultProxy::serve(int client) {
    std::string buf;
    for (;;) {
        std::string head;
        if (!read_message(client, buf, head, stopping_, 10'000, true)) break;
        ++requests_;
        const Fault f = pick(false);
        if (f == ResetMidRequest) {
            rst_close(client);
            return;
        }
        std::string request;
        if (!read_message(client, buf, request, stopping_, 10'000)) break;
        if (f == Stall) {
            for (int waited = 0; waited < stall_ms_ && !stopping_; waited += 20)
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            break;
        }
        if (f == Error500 || f == Error503 || f == Busy429) {
            const std::string body = R"({"error":"injected"})";
            std::string resp = f == Error500   ? "HTTP/1.1 500 Internal Server Error\r\n"
                               : f == Error503 ? "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
                                               : "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\n";
            resp += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                    body;
            if (!write_all(client, resp.data(), resp.size())) break;
            continue;
        }
        // Forward to the endpoint on a fresh connection.
        int up = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(static_cast<uint16_t>(upstream_port_));
        if (connect(up, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            close(up);
            rst_close(client);
            return;
        }
        std::string upbuf, response;
        bool ok = write_all(up, request.data(), request.size()) &&
                  read_message(up, upbuf, response, stopping_, 10'000);
        close(up);
        if (!ok) break;
        if (f == DropAfterStore) break;
        if (f == ResetMidResponse) {
            write_all(client, response.data(), response.size() / 2);
            rst_close(client);
            return;
        }
        if (!write_all(client, response.data(), response.size())) break;
    }
    close(client);
}

Result<sync::HttpResponse> http_put_envelope(const std::string& url, const std::string& token, const std::string& uuid,
                                        const crypto::Bytes& body) {
    sync::TransportConfig t;
    t.endpoint = url;
    t.token = token;
    return sync::http_request(t, "PUT", "/v1/envelopes/" + uuid, std::string(body.begin(), body.end()),
                              "application/vnd.intake-kiosk.envelope");
}

}  // namespace kiosk::test
