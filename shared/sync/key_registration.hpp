// Registering the device's own signing key with the endpoint (enrollment v2):
// PUT /v2/devices/{id}/signing-key, once, before any envelope is uploaded.
// The sync engine calls ensure_signing_key_registered() at the start of each
// pass while the key is pending (see ../device/signing_key.hpp); until it
// succeeds, envelopes stay queued. Spec: provisioning/PROTOCOL.md.
#pragma once

#include <filesystem>
#include <string>

#include "device/signing_key.hpp"
#include "sync/transport.hpp"

namespace kiosk::sync {

struct KeyRegistrationResult {
    // Acknowledged: the endpoint holds this key (201 or 200, echoing it).
    // AuthRefused: staff must act (401/403; 409: another key is on record, the
    //   bundle was used elsewhere first; 400). The queue pauses.
    // Transient / Unreachable / Certificate: try again later (404: an endpoint
    //   that does not speak protocol v2 yet).
    Outcome outcome = Outcome::Transient;
    std::string message;  // one staff-facing line, no secrets
    bool conflict = false;  // 409
    bool requested = false;  // a request was made (false: nothing was pending)
    Millis retry_after_ms = -1;  // from Retry-After on 429/503, -1 when absent
};

// One PUT; does not touch the data dir.
// retry_after_unit_ms: ms per Retry-After second (tests shrink it).
KeyRegistrationResult register_signing_key(const TransportConfig& transport, const KeyRegistration& registration,
                                           Millis retry_after_unit_ms = 1000);

// Nothing pending: Acknowledged at once, no request. Otherwise builds the
// registration from the data dir, sends it and records a confirmation durably.
KeyRegistrationResult ensure_signing_key_registered(const TransportConfig& transport,
                                                    const std::filesystem::path& data_dir,
                                                    Millis retry_after_unit_ms = 1000);

}  // namespace kiosk::sync
