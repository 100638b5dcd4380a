// kioskdev bench-finish: times Outbox::finish (seal + sign + durable commit),
// the "finish to durable sealed envelope" bar in ../../shared/QUALITY.md.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "core/args.hpp"
#include "core/clock.hpp"
#include "core/command.hpp"
#include "device/device.hpp"
#include "outbox/outbox.hpp"

namespace {

namespace fs = std::filesystem;

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

const char* const kBenchHelp =
    "Times Outbox::finish (seal + sign + durable commit) N times (default 200) in D\n"
    "(demo-enrolled if needed) and prints JSON: median_ms, p99_ms, bytes_per_envelope,\n"
    "db_bytes_per_envelope.\n";

int run_bench(const kiosk::ParsedArgs& args) {
    auto dir = args.get("--data-dir");
    if (!dir) {
        std::cerr << "kioskdev bench-finish: --data-dir is required\n";
        return 2;
    }
    int count = 200;
    try {
        count = std::stoi(args.get_or("--count", "200"));
    } catch (...) {
        count = 0;
    }
    if (count < 1) {
        std::cerr << "kioskdev bench-finish: --count must be a positive number\n";
        return 2;
    }
    if (auto d = kiosk::ensure_demo_enrollment(*dir); !d) {
        std::cerr << "kioskdev bench-finish: " << d.error().message << "\n";
        return 1;
    }
    kiosk::SystemClock clock;
    auto ob = kiosk::Outbox::open(*dir, clock);
    if (!ob) {
        std::cerr << "kioskdev bench-finish: " << ob.error().message << "\n";
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
            std::cerr << "kioskdev bench-finish: finish failed: " << (r ? r->fault : r.error().message) << "\n";
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

kiosk::CommandRegistrar reg_bench("kioskdev", {.name = "bench-finish",
                                               .usage = "kioskdev bench-finish --data-dir D [--count N]",
                                               .summary = "time finish-to-durable; prints JSON",
                                               .value_flags = {"--data-dir", "--count"},
                                               .help = kBenchHelp,
                                               .body = run_bench});

}  // namespace
