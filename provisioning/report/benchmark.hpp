// `kioskctl benchmark`: anonymised aggregates an organisation can share with
// the sector, and `benchmark compare`: several organisations side by side.
// Per questionnaire family, variant, domain and quarter: counts, quartiles,
// histogram, completion and change between measurements. Every cell of fewer
// than kBenchmarkMinCell people is left out (null, "suppressed": true), with
// complementary suppression where a shown total would give a hidden cell
// away; no free text, no case references, no device ids, no minimum or
// maximum (those are one person's score). Schema: provisioning/report/BENCHMARK.md.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "report/facts.hpp"

namespace kiosk::report {

inline constexpr const char* kBenchmarkSchema = "intake-kiosk-benchmark/1";
inline constexpr int kBenchmarkMinCell = 10;

json benchmark_figures(const Facts& facts, const Catalogue& catalogue, const std::string& organisation);

// Checks a file against the schema's rules (format, version, no cell under
// kBenchmarkMinCell); the message names the file and the first problem.
Status check_benchmark(const json& file, const std::string& where);

// One HTML page, one column of figures per organisation.
std::string compare_html(const std::vector<json>& files, const std::string& lang);

}  // namespace kiosk::report
