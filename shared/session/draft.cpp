#include "session/draft.hpp"

#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "questionnaire/response_extensions.hpp"
#include "session/contact_wish.hpp"
#include "session/text_field.hpp"

namespace kiosk {

namespace q = questionnaire;

namespace {
std::string ext_url(const char* name) { return std::string(q::kOurExtensionBase) + name; }
}  // namespace

std::string new_draft_id() {
    unsigned char id[12];
    randombytes_buf(id, sizeof id);
    char hex[sizeof id * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, id, sizeof id);
    return hex;
}

std::string draft_response_json(const q::Interview& iv, const AssistSetup& setup, const std::vector<std::string>& marks,
                                const SessionSettings& display) {
    std::string json = iv.response_json(q::ResponseStatus::InProgress);
    q::ResponseExtensions ext;
    setup.add_extensions(ext);
    std::string snap = iv.snapshot();
    ext.add_string("interview-state", snap);
    wipe_text(snap);
    add_contact_extensions(ext, std::nullopt, marks);
    // The resident's display settings, so a resumed visit looks as they left it.
    nlohmann::json d{{"text_scale_pct", display.text_scale_pct},
                     {"high_contrast", display.high_contrast},
                     {"read_aloud", display.read_aloud},
                     {"volume_pct", display.volume_pct}};
    ext.add_string("session-display", d.dump());
    ext.write_into(json);
    return json;
}

std::optional<DraftContents> read_draft(const std::string& response_json) {
    auto j = nlohmann::json::parse(response_json, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    DraftContents d;
    AssistSetup& setup = d.setup;
    if (j.contains("extension") && j["extension"].is_array())
        for (const auto& e : j["extension"]) {
            std::string url = e.value("url", "");
            if (url == ext_url("interview-state")) d.snapshot = e.value("valueString", "");
            else if (url == ext_url("case-reference")) setup.case_ref = e.value("valueString", "");
            else if (url == ext_url("staff-note")) setup.note = e.value("valueString", "");
            else if (url == ext_url("filled-in-together")) setup.together = e.value("valueBoolean", false);
            else if (url == ext_url("paper-entry")) setup.paper = e.value("valueBoolean", false);
            else if (url == ext_url("sensitive-off")) setup.sensitive_off = e.value("valueBoolean", false);
            else if (url == ext_url("talk-about")) d.marks.push_back(e.value("valueString", ""));
            else if (url == ext_url("session-display")) d.display = e.value("valueString", "");
        }
    j.clear();
    return d;
}

const q::Questionnaire* draft_questionnaire(const std::vector<q::Questionnaire>& catalog, const std::string& snapshot,
                                            const Clock& clock) {
    auto snap = nlohmann::json::parse(snapshot, nullptr, false);
    std::string qid = snap.is_object() ? snap.value("questionnaire", "") : "";
    const q::Questionnaire* qn = nullptr;
    for (const auto& c : catalog)
        if (c.id == qid || (qid.empty() && catalog.size() == 1)) qn = &c;
    if (!qn) {
        for (const auto& c : catalog) {  // the snapshot format may name it differently: try each
            auto r = q::Interview::restore(c, clock, snapshot);
            if (r) {
                qn = &c;
                break;
            }
        }
    }
    return qn;
}

void apply_session_display(const std::string& display, SessionSettings& s) {
    auto d = nlohmann::json::parse(display, nullptr, false);
    if (!d.is_object()) return;
    const int pct = d.value("text_scale_pct", s.text_scale_pct);
    if (pct == 100 || pct == 150 || pct == 200) s.text_scale_pct = pct;
    s.high_contrast = d.value("high_contrast", s.high_contrast);
    s.read_aloud = d.value("read_aloud", s.read_aloud);
    int v = d.value("volume_pct", -1);
    s.volume_pct = v < 0 ? -1 : std::clamp(v, 20, 100);
}

}  // namespace kiosk
