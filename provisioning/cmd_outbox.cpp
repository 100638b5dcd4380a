// `kioskctl outbox add|list` and the hidden benchmark `kioskctl bench-finish`.
// `outbox add` goes through Outbox::finish(), the same path as the kiosk's
// "finish" button, so what it stores is exactly what a kiosk would store.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/args.hpp"
#include "core/clock.hpp"
#include "core/command.hpp"
#include "crypto/crypto.hpp"
#include "crypto/envelope.hpp"
#include "device/device.hpp"
#include "outbox/outbox.hpp"

namespace {

namespace fs = std::filesystem;

std::string variant_of(const std::string& questionnaire_id) {
    auto dash = questionnaire_id.rfind('-');
    std::string v = dash == std::string::npos ? "" : questionnaire_id.substr(dash + 1);
    for (const char* known : {"full", "short", "easy", "youth", "child", "intake", "effect"})
        if (v == known) return v;
    return questionnaire_id == "intake" ? "intake" : "";
}

// A response file is either {"response": QuestionnaireResponse, "meta": {...}} (the sealed
// plaintext format) or a bare QuestionnaireResponse, whose meta is derived from it and the flags.
// Error messages name the file and field only: never a value from it.
kiosk::Result<std::pair<std::string, kiosk::ResponseMeta>> load_response(const fs::path& file,
                                                                         const kiosk::ParsedArgs& args) {
    auto text = kiosk::read_whole_file(file);
    if (!text) return text.error();
    auto j = nlohmann::json::parse(*text, nullptr, false);
    kiosk::crypto::wipe(*text);
    const std::string where = file.string();
    if (j.is_discarded() || !j.is_object()) return kiosk::make_error(where + ": not a JSON object");
    nlohmann::json response = j;
    kiosk::ResponseMeta meta;
    meta.kind = args.get_or("--kind", "paper");
    meta.assisted = args.has("--assisted");
    if (j.contains("response")) {
        response = j["response"];
        if (j.contains("meta")) {
            const auto& m = j["meta"];
            if (!m.is_object()) return kiosk::make_error(where + ": \"meta\" must be an object");
            try {
                meta.questionnaire = m.value("questionnaire", "");
                meta.version = m.value("version", "");
                meta.variant = m.value("variant", "");
                meta.language = m.value("language", "");
                meta.duration_s = m.value("duration_s", std::int64_t{0});
                meta.assisted = m.value("assisted", meta.assisted);
                if (!args.has("--kind")) meta.kind = m.value("kind", meta.kind);
            } catch (const nlohmann::json::exception&) {
                return kiosk::make_error(where + ": \"meta\" fields have the wrong types");
            }
        }
    }
    if (!response.is_object() || response.value("resourceType", "") != "QuestionnaireResponse")
        return kiosk::make_error(where + ": not a QuestionnaireResponse (\"resourceType\" must be \"QuestionnaireResponse\")");
    if (meta.questionnaire.empty()) {
        auto q = response.find("questionnaire");
        if (q == response.end() || !q->is_string())
            return kiosk::make_error(where + ": \"questionnaire\" (canonical URL of the questionnaire) missing");
        std::string canon = q->get<std::string>();
        auto bar = canon.find('|');
        if (bar != std::string::npos && meta.version.empty()) meta.version = canon.substr(bar + 1);
        canon = canon.substr(0, bar);
        meta.questionnaire = canon.substr(canon.rfind('/') + 1);
    }
    if (meta.variant.empty()) meta.variant = args.get_or("--variant", variant_of(meta.questionnaire));
    if (meta.language.empty()) meta.language = response.value("language", args.get_or("--language", "nl"));
    if (meta.kind != "finished" && meta.kind != "incomplete" && meta.kind != "paper")
        return kiosk::make_error(where + ": kind must be finished, incomplete or paper");
    std::string out = response.dump();
    return std::pair{std::move(out), meta};
}

void print_notices(const kiosk::Outbox& ob, const char* who) {
    for (const auto& n : ob.notices())
        if (n.severity != kiosk::OutboxNotice::Severity::Info) std::cerr << who << ": " << n.message << "\n";
}

int run_add(const std::vector<std::string>& argv) {
    auto args = kiosk::parse_args(argv, {"--data-dir", "--kind", "--variant", "--language"}, {"--assisted"});
    if (!args) {
        std::cerr << "kioskctl outbox add: " << args.error().message << "\n";
        return 2;
    }
    if (args->has("--help")) {
        std::cout << "usage: kioskctl outbox add [--data-dir D] [--kind paper|finished|incomplete] [--assisted]\n"
                     "                           [--variant V] [--language L] RESPONSE.json...\n"
                     "Seals and enqueues each response as this device does when a resident finishes\n"
                     "(also the way in for typed-in paper forms). Prints \"UUID FILE\" per response;\n"
                     "exits 0 only when every one is durable on disk.\n";
        return 0;
    }
    if (args->positional.empty()) {
        std::cerr << "kioskctl outbox add: no RESPONSE.json given (see --help)\n";
        return 2;
    }
    fs::path data_dir = args->get_or("--data-dir", kiosk::default_data_dir().string());
    kiosk::SystemClock clock;
    auto ob = kiosk::Outbox::open(data_dir, clock);
    if (!ob) {
        std::cerr << "kioskctl outbox add: " << ob.error().message << "\n";
        return 1;
    }
    print_notices(**ob, "kioskctl outbox add");
    int failures = 0;
    std::vector<std::pair<std::string, std::string>> not_durable;  // uuid, file
    for (const auto& file : args->positional) {
        auto r = load_response(file, *args);
        if (!r) {
            std::cerr << "kioskctl outbox add: " << r.error().message << "\n";
            ++failures;
            continue;
        }
        auto receipt = (*ob)->finish(r->first, r->second);
        kiosk::crypto::wipe(r->first);
        if (!receipt) {
            std::cerr << "kioskctl outbox add: " << file << ": " << receipt.error().message << "\n";
            ++failures;
            continue;
        }
        if (receipt->durable) std::cout << receipt->uuid << " " << file << "\n";
        else not_durable.emplace_back(receipt->uuid, file);
    }
    // Kept in memory (disk full / read-only): give the disk a little time, since this
    // process's memory is gone when it exits. The input files are still there to try again.
    for (int i = 0; i < 10 && !not_durable.empty() && (*ob)->counts().pending_in_memory > 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        (void)(*ob)->retry_pending();
    }
    if (!not_durable.empty()) {
        std::string fault = (*ob)->fault();
        for (const auto& [uuid, file] : not_durable) {
            if ((*ob)->counts().pending_in_memory == 0) {
                std::cout << uuid << " " << file << "\n";
            } else {
                std::cerr << "kioskctl outbox add: " << file << ": NOT stored: " << fault << "\n";
                ++failures;
            }
        }
    }
    return failures ? 1 : 0;
}

std::string when(std::int64_t ms) { return ms ? kiosk::crypto::rfc3339_utc(ms) : "-"; }

int run_list(const std::vector<std::string>& argv) {
    auto args = kiosk::parse_args(argv, {"--data-dir"}, {"--long"});
    if (!args) {
        std::cerr << "kioskctl outbox list: " << args.error().message << "\n";
        return 2;
    }
    if (args->has("--help")) {
        std::cout << "usage: kioskctl outbox list [--data-dir D] [--long]\n"
                     "One line per envelope: UUID STATE ATTEMPTS LAST_ERROR (tab-separated; \"-\" when none).\n"
                     "--long adds created, next attempt, done, size and sha256. Never shows an answer.\n";
        return 0;
    }
    if (!args->positional.empty()) {
        std::cerr << "kioskctl outbox list: unexpected argument " << args->positional[0] << "\n";
        return 2;
    }
    fs::path data_dir = args->get_or("--data-dir", kiosk::default_data_dir().string());
    std::error_code ec;
    if (!fs::is_directory(data_dir, ec)) {
        std::cerr << "kioskctl outbox list: " << data_dir.string() << " is not a directory\n";
        return 1;
    }
    kiosk::SystemClock clock;
    auto ob = kiosk::Outbox::open(data_dir, clock, kiosk::Outbox::Mode::ReadOnly);
    if (!ob) {
        std::cerr << "kioskctl outbox list: " << ob.error().message << "\n";
        return 1;
    }
    for (const auto& e : (*ob)->list()) {
        std::string err = e.last_error.empty() ? "-" : e.last_error;
        std::replace(err.begin(), err.end(), '\t', ' ');
        std::replace(err.begin(), err.end(), '\n', ' ');
        std::cout << e.uuid << "\t" << kiosk::to_string(e.state) << "\t" << e.attempts << "\t" << err;
        if (args->has("--long"))
            std::cout << "\t" << when(e.created_at) << "\t" << when(e.next_attempt_at) << "\t" << when(e.done_at)
                      << "\t" << e.size << "\t" << e.hash;
        std::cout << "\n";
    }
    return 0;
}

// A realistic answer set: 24 scale and text answers, like howareyou-full.
std::string sample_response(int i) {
    nlohmann::json items = nlohmann::json::array();
    for (int q = 0; q < 24; ++q) {
        nlohmann::json answer = q % 4 == 3 ? nlohmann::json{{"valueString", "Een kort antwoord in eigen woorden, nummer " +
                                                                                std::to_string(i)}}
                                           : nlohmann::json{{"valueInteger", (i + q) % 11}};
        items.push_back({{"linkId", "q" + std::to_string(q + 1)},
                         {"text", "Vraag " + std::to_string(q + 1)},
                         {"answer", nlohmann::json::array({answer})}});
    }
    nlohmann::json r = {{"resourceType", "QuestionnaireResponse"},
                        {"questionnaire", "https://fhir.intake-kiosk.example/Questionnaire/howareyou-full|1.0.0"},
                        {"status", "completed"},
                        {"language", "nl"},
                        {"authored", "2026-11-29T09:00:00Z"},
                        {"item", items}};
    return r.dump();
}

int run_bench(const std::vector<std::string>& argv) {
    auto args = kiosk::parse_args(argv, {"--data-dir", "--count"}, {});
    if (!args) {
        std::cerr << "kioskctl bench-finish: " << args.error().message << "\n";
        return 2;
    }
    if (args->has("--help")) {
        std::cout << "usage: kioskctl bench-finish --data-dir D [--count N]\n"
                     "Times Outbox::finish (seal + sign + durable commit) N times (default 200) in D\n"
                     "(demo-enrolled if needed) and prints JSON: median_ms, p99_ms, bytes_per_envelope,\n"
                     "db_bytes_per_envelope.\n";
        return 0;
    }
    auto dir = args->get("--data-dir");
    if (!dir) {
        std::cerr << "kioskctl bench-finish: --data-dir is required\n";
        return 2;
    }
    int count = 200;
    try {
        count = std::stoi(args->get_or("--count", "200"));
    } catch (...) {
        count = 0;
    }
    if (count < 1) {
        std::cerr << "kioskctl bench-finish: --count must be a positive number\n";
        return 2;
    }
    if (auto d = kiosk::ensure_demo_enrollment(*dir); !d) {
        std::cerr << "kioskctl bench-finish: " << d.error().message << "\n";
        return 1;
    }
    kiosk::SystemClock clock;
    auto ob = kiosk::Outbox::open(*dir, clock);
    if (!ob) {
        std::cerr << "kioskctl bench-finish: " << ob.error().message << "\n";
        return 1;
    }
    kiosk::ResponseMeta meta{"howareyou-full", "1.0.0", "full", "nl", 420, false, "finished"};
    std::vector<double> ms;
    std::int64_t envelope_bytes = 0;
    for (int i = 0; i < count + 5; ++i) {
        std::string response = sample_response(i);
        auto t0 = std::chrono::steady_clock::now();
        auto r = (*ob)->finish(response, meta);
        auto t1 = std::chrono::steady_clock::now();
        if (!r || !r->durable) {
            std::cerr << "kioskctl bench-finish: finish failed: " << (r ? r->fault : r.error().message) << "\n";
            return 1;
        }
        if (i >= 5) ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());  // 5 warm-up
        if (i == 5) envelope_bytes = static_cast<std::int64_t>((*ob)->envelope_bytes(r->uuid)->size());
    }
    std::sort(ms.begin(), ms.end());
    auto pct = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(std::ceil(p * ms.size())) - 1)]; };
    auto after = (*ob)->counts();
    std::int64_t n_env = after.queued + after.acknowledged + after.rejected;
    ob->reset();  // close: checkpoints the WAL into the main file
    std::error_code ec;
    auto db_size = fs::file_size(fs::path(*dir) / "outbox.sqlite", ec);
    nlohmann::json out = {{"count", count},
                          {"median_ms", pct(0.5)},
                          {"p99_ms", pct(0.99)},
                          {"max_ms", ms.back()},
                          {"bytes_per_envelope", envelope_bytes},
                          {"db_bytes_per_envelope", n_env > 0 && !ec ? static_cast<double>(db_size) / static_cast<double>(n_env) : 0.0}};
    std::cout << out.dump() << "\n";
    return 0;
}

kiosk::CommandRegistrar reg_add("kioskctl", {"outbox add", "kioskctl outbox add --data-dir D RESPONSE.json...",
                                             "seal and enqueue responses as this device would",
                                             [](const std::vector<std::string>& a) { return run_add(a); }});
kiosk::CommandRegistrar reg_list("kioskctl", {"outbox list", "kioskctl outbox list --data-dir D",
                                              "list envelopes: uuid, state, attempts, last error (never answers)",
                                              [](const std::vector<std::string>& a) { return run_list(a); }});
kiosk::CommandRegistrar reg_bench("kioskctl", {"bench-finish", "kioskctl bench-finish --data-dir D --count N",
                                               "(benchmark) time finish-to-durable; prints JSON",
                                               [](const std::vector<std::string>& a) { return run_bench(a); }});

}  // namespace
