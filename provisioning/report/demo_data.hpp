// `kioskctl demo-data`: realistic synthetic sessions for demos, tests and
// benchmarks. Each session runs the real interview engine over a shipped
// questionnaire with made-up answers, and is sealed with the same envelope
// code a kiosk uses (crypto::make_envelope, the outbox's plaintext layout),
// signed by one enrolled demo device per site, and stored in the endpoint
// database in bulk (one transaction per batch instead of one fsync per
// envelope). Some people come back (same case reference, same questionnaire:
// pairs over time), some walk-in residents bring their previous result (the
// take-home code: extension previous-result, now and then of another variant), some stop early (completion records), some ask to talk.
// Deterministic for a given --seed (except the envelope UUIDs and the sealing
// randomness).
#pragma once

#include <cstdint>
#include <filesystem>

#include "core/clock.hpp"
#include "report/facts.hpp"

namespace kiosk::report {

struct DemoOptions {
    std::int64_t sessions = 1000;  // envelopes: finished responses and completion records
    int sites = 3;
    int months = 12;
    std::uint64_t seed = 1;
    Millis end_wall_ms = 0;        // the last session's time; 0 = now
};

struct DemoSummary {
    std::int64_t responses = 0;
    std::int64_t completions = 0;
    std::int64_t brought = 0;  // responses carrying a previous result the resident brought
    int devices = 0;
};

Result<DemoSummary> make_demo_data(const std::filesystem::path& db, const std::filesystem::path& org_dir,
                                   const Catalogue& catalogue, const DemoOptions& options);

}  // namespace kiosk::report
