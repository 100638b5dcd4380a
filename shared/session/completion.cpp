#include "session/completion.hpp"

#include <ctime>

#include <nlohmann/json.hpp>

namespace kiosk {

std::string completion_json(const CompletionRecord& r) {
    nlohmann::ordered_json j = {{"resourceType", "Completion"},
                                {"questionnaire", r.questionnaire},
                                {"version", r.version},
                                {"variant", r.variant},
                                {"language", r.language},
                                {"step", r.step},
                                {"steps", r.steps},
                                {"reason", r.reason},
                                {"day", r.day}};
    return j.dump();
}

std::string utc_day(Millis wall_ms) {
    std::time_t secs = static_cast<std::time_t>(wall_ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

}  // namespace kiosk
