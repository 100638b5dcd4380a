// The reference endpoint's request rules, free of any HTTP library: who may
// upload (bearer token -> enrolled, not revoked device), what is accepted
// (a well-formed v1 envelope whose header names the same UUID and device and
// whose signature verifies with that device's key; 428 while that device has
// not registered the key it made), who registers which signing key, and which status code each
// case gets. provisioning/endpoint_server.cpp maps HTTP onto these functions;
// provisioning/PROTOCOL.md is the spec.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "endpoint/store.hpp"

namespace kiosk::endpoint {

inline constexpr std::size_t kDefaultMaxEnvelopeBytes = 1024 * 1024;

// An HTTP answer: status and a small JSON body ({"status": ...} or {"error": ...}).
struct Reply {
    int status = 500;
    std::string body;
};

// Canonical lowercase RFC 4122 version-4 UUID (8-4-4-4-12 hex, version nibble 4,
// variant 8..b).
bool is_valid_uuid(const std::string& text);

// "Bearer <token>" -> token ("" when absent or malformed).
std::string bearer_token(const std::string& authorization_header);

struct AuthResult {
    bool ok = false;
    DeviceRecord device;
    Reply refusal;  // when !ok: 401 (unknown/revoked token) or 500
};
AuthResult authenticate(Store& store, const std::string& authorization_header);

// PUT /v1/envelopes/{uuid}.
Reply put_envelope(Store& store, const std::string& uuid, const std::string& authorization_header,
                   const std::vector<unsigned char>& body, std::size_t max_body = kDefaultMaxEnvelopeBytes);

// The same for a device already authenticated (the server checks the token
// before it reads the body).
Reply put_envelope_from(Store& store, const DeviceRecord& device, const std::string& uuid,
                        const std::vector<unsigned char>& body, std::size_t max_body = kDefaultMaxEnvelopeBytes);

// PUT /v2/devices/{id}/signing-key for a device already authenticated: body
// {"public_key": b64, "proof": b64, "predecessors": [{"device_id", "public_key",
// "proof"}]}. 201 registered, 200 the same key again, 409 another key is on
// record, 400 malformed or a proof that does not verify, 403 another device's id.
Reply register_signing_key(Store& store, const DeviceRecord& device, const std::string& device_id,
                           const std::string& body);

// POST /v1/devices/{id}/heartbeat with a JSON body (see provisioning/PROTOCOL.md).
Reply heartbeat(Store& store, const std::string& device_id, const std::string& authorization_header,
                const std::string& body);

}  // namespace kiosk::endpoint
