// `kioskctl outbox add|list`.
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
#include "core/files.hpp"
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

const char* const kAddHelp =
    "                           [--variant V] [--language L] RESPONSE.json...\n"
    "Seals and enqueues each response as this device does when a resident finishes\n"
    "(also the way in for typed-in paper forms). Prints \"UUID FILE\" per response;\n"
    "exits 0 only when every one is durable on disk.\n";

int run_add(const kiosk::ParsedArgs& args) {
    if (args.positional.empty()) {
        std::cerr << "kioskctl outbox add: no RESPONSE.json given (see --help)\n";
        return 2;
    }
    fs::path data_dir = args.get_or("--data-dir", kiosk::default_data_dir().string());
    kiosk::SystemClock clock;
    auto ob = kiosk::Outbox::open(data_dir, clock);
    if (!ob) {
        std::cerr << "kioskctl outbox add: " << ob.error().message << "\n";
        return 1;
    }
    print_notices(**ob, "kioskctl outbox add");
    int failures = 0;
    std::vector<std::pair<std::string, std::string>> not_durable;  // uuid, file
    for (const auto& file : args.positional) {
        auto r = load_response(file, args);
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

const char* const kListHelp =
    "One line per envelope: UUID STATE ATTEMPTS LAST_ERROR (tab-separated; \"-\" when none).\n"
    "--long adds created, next attempt, done, size and sha256. Never shows an answer.\n";

int run_list(const kiosk::ParsedArgs& args) {
    if (!args.positional.empty()) {
        std::cerr << "kioskctl outbox list: unexpected argument " << args.positional[0] << "\n";
        return 2;
    }
    fs::path data_dir = args.get_or("--data-dir", kiosk::default_data_dir().string());
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
        if (args.has("--long"))
            std::cout << "\t" << when(e.created_at) << "\t" << when(e.next_attempt_at) << "\t" << when(e.done_at)
                      << "\t" << e.size << "\t" << e.hash;
        std::cout << "\n";
    }
    return 0;
}

kiosk::CommandRegistrar reg_add("kioskctl", {.name = "outbox add",
                                             .usage = "kioskctl outbox add [--data-dir D] [--kind paper|finished|incomplete] [--assisted]",
                                             .summary = "seal and enqueue responses as this device would",
                                             .value_flags = {"--data-dir", "--kind", "--variant", "--language"},
                                             .switch_flags = {"--assisted"},
                                             .help = kAddHelp,
                                             .body = run_add});
kiosk::CommandRegistrar reg_list("kioskctl", {.name = "outbox list",
                                              .usage = "kioskctl outbox list [--data-dir D] [--long]",
                                              .summary = "list envelopes: uuid, state, attempts, last error (never answers)",
                                              .value_flags = {"--data-dir"},
                                              .switch_flags = {"--long"},
                                              .help = kListHelp,
                                              .body = run_list});

}  // namespace
