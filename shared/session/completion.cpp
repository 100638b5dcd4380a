#include "session/completion.hpp"


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
    if (!r.instead.empty()) j["instead"] = r.instead;
    return j.dump();
}

}  // namespace kiosk
