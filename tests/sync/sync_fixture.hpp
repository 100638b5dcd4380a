// Shared pieces of the sync/endpoint tests: the real endpoint (`kioskctl
// serve`) as a child process, an org with enrolled devices, sealed test
// answers in real outboxes, TLS certificates made with the openssl CLI, and a
// fault-injecting HTTP proxy on 127.0.0.1.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "device/enrollment.hpp"
#include "outbox/outbox.hpp"
#include "sync/sync_engine.hpp"
#include "sync/transport.hpp"

namespace kiosk::test {

namespace fs = std::filesystem;

// `kioskctl serve` in a child process. start() waits for its "listening on" line.
class ServerProcess {
public:
    ServerProcess(fs::path db, std::vector<std::string> extra_args = {});
    ~ServerProcess();
    void start(int port = 0);  // port 0: any; restart() reuses the last port
    void stop();               // SIGTERM, wait; throws if it does not stop cleanly
    void kill_now();           // SIGKILL, wait: a crash, whatever it was doing
    void restart() { start(port_); }
    const std::string& url() const { return url_; }
    int port() const { return port_; }
    bool running() const { return pid_ > 0; }

private:
    fs::path db_;
    std::vector<std::string> extra_;
    pid_t pid_ = -1;
    int port_ = 0;
    std::string url_;
};

// An org dir plus helpers to enroll devices against an endpoint database.
struct TestOrg {
    fs::path dir;
    OrgPublicKeys pub;
    explicit TestOrg(const fs::path& org_dir);
    // `kioskctl device enroll` (the real command), then applies the bundle to data_dir.
    // The returned bundle also carries the signing key pair the device made (v2),
    // for tests that play the device by hand; the endpoint learns the key when
    // the device first syncs, or from register_signing_key() below.
    EnrollmentBundle enroll(const fs::path& db, const std::string& endpoint, const fs::path& data_dir,
                            const std::string& name, const std::string& pinned_ca_file = "");
};

// Registers the data dir's device-made signing key with its endpoint, as the
// sync engine does before its first upload (tests that PUT envelopes by hand).
void register_signing_key(const fs::path& data_dir);

// A synthetic answer set: one of a few questionnaires, random answers.
struct TestAnswer {
    std::string questionnaire;
    nlohmann::json response;  // the QuestionnaireResponse
};
// Checks `kioskctl export`'s output in `dir` against what was sent: one
// NDJSON line per response, in the file of its questionnaire, with the same
// items and authored time; a CSV row for each; no errors. Returns how many
// responses were found.
int check_export_round_trip(const fs::path& dir, const std::map<std::string, TestAnswer>& sent);

// An envelope sealed and signed as `device` would, for tests that PUT by hand.
crypto::Bytes envelope_for(const EnrollmentBundle& device, const std::string& uuid, const std::string& text);

TestAnswer make_answer(std::mt19937& rng, int index);

// Seals `count` answers into the outbox of data_dir (as the kiosk's "finish"
// does). Returns uuid -> answer.
std::map<std::string, TestAnswer> fill_outbox(Outbox& outbox, int count, unsigned seed = 7);

// How many envelopes the endpoint database holds, and their uuids (a SQLite
// file, or a postgresql:// URI through the endpoint's store).
std::vector<std::string> stored_uuids(const fs::path& db);

// openssl CLI: a CA and a server certificate for 127.0.0.1 signed by it.
struct TestPki {
    fs::path ca_cert, server_cert, server_key;
};
TestPki make_pki(const fs::path& dir, const std::string& name);

// Fast retry timing for tests (real network, shrunken waits).
sync::SyncConfig fast_config(const fs::path& data_dir);

// Polls pred every 20 ms until true or timeout; returns pred's final value.
bool wait_until(const std::function<bool()>& pred, int timeout_ms);

// An HTTP/1.1-aware TCP proxy that injects faults between the device and the
// endpoint: refused/reset connections, resets mid-request and mid-response,
// stalls, 500/503/429 answers with Retry-After, and answers dropped after the
// endpoint stored the envelope.
class FaultProxy {
public:
    enum Fault { Pass, RefuseConnection, ResetMidRequest, ResetMidResponse, Stall, Error500, Error503, Busy429,
                 DropAfterStore, kFaultCount };
    FaultProxy(int upstream_port, unsigned seed, double fault_rate, int stall_ms);
    ~FaultProxy();
    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    void set_fault_rate(double r) { fault_rate_ = r; }
    // Every request gets this fault (Pass: back to random faults at fault_rate).
    void force(Fault f) { forced_ = f; }
    // Steady-clock ms at which each request arrived.
    std::vector<long long> request_times() const;
    std::map<Fault, int> counts() const;
    int requests() const { return requests_; }
    static const char* name(Fault f);

private:
    void accept_loop();
    void serve(int client);
    Fault pick(bool at_accept);

    int upstream_port_;
    int listen_fd_ = -1;
    int port_ = 0;
    int stall_ms_;
    std::atomic<double> fault_rate_;
    std::atomic<Fault> forced_{Pass};
    std::vector<long long> request_times_;
    std::atomic<bool> stopping_{false};
    std::atomic<int> requests_{0};
    mutable std::mutex mu_;
    std::mt19937 rng_;
    std::map<Fault, int> counts_;
    std::vector<std::thread> threads_;
    std::vector<int> client_fds_;
    std::thread acceptor_;
};

// One envelope PUT to a real endpoint as a device sends it (its token, the
// envelope media type): the HTTP answer, or the transport's error.
Result<sync::HttpResponse> http_put_envelope(const std::string& url, const std::string& token, const std::string& uuid,
                                        const crypto::Bytes& body);

}  // namespace kiosk::test
