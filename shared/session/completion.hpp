// Completion records: when a session ends before "Done" (idle wipe, stop,
// declined consent), the kiosk seals a small record so the organisation can
// see where people stop. It holds what questionnaire and where, never what:
// no answers, no time of day, nothing typed, nothing chosen; the day only.
// It travels like every envelope (Outbox::finish with meta kind "completion")
// and is counted by the report, never shown per person.
#pragma once

#include <string>

#include "core/clock.hpp"
#include "core/utc_time.hpp"  // utc_day: the only time a record carries

namespace kiosk {

struct CompletionRecord {
    std::string questionnaire;  // id, e.g. "howareyou-short"
    std::string version;
    std::string variant;
    std::string language;
    int step = 0;    // 1-based step the session ended on (0: before the first question, e.g. declined)
    int steps = 0;   // enabled steps at that moment
    std::string reason;  // "idle" | "stop" | "decline" | "staff" (staff started something else over it)
    std::string day;     // YYYY-MM-DD (UTC) the session ended
    bool assisted = false;
    // Not sealed: a resumed draft the resident stopped. The store deletes it in
    // the same transaction as it keeps this record (stop means nothing stays).
    std::string discard_draft_id;
};

inline constexpr const char* kCompletionKind = "completion";

// The record as the JSON document sealed in place of a response (a fixed
// field set; see shared/outbox/README.md).
std::string completion_json(const CompletionRecord& r);


}  // namespace kiosk
