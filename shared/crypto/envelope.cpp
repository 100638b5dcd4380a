// Envelope encode/decode. Parsing never trusts a length field beyond the bytes
// actually present, and the header JSON is checked for the keys we need.
#include "crypto/envelope.hpp"

#include <ctime>

#include "core/utc_time.hpp"
#include "crypto/crypto.hpp"

namespace kiosk::crypto {

namespace {

constexpr unsigned char kMagic[4] = {'K', 'E', 'N', 'V'};

void put_u32(Bytes& out, std::uint32_t v) {
    out.push_back(static_cast<unsigned char>(v >> 24));
    out.push_back(static_cast<unsigned char>(v >> 16));
    out.push_back(static_cast<unsigned char>(v >> 8));
    out.push_back(static_cast<unsigned char>(v));
}

std::uint32_t get_u32(const unsigned char* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

bool is_uuid_v4(const std::string& s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return s[14] == '4';
}

}  // namespace

std::string rfc3339_utc(long long epoch_ms) { return rfc3339_ms(epoch_ms); }

std::optional<long long> parse_rfc3339_ms(const std::string& t) {
    int y, mo, d, h, mi, sec;
    char z = 0;
    int used = 0;
    if (std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &used) != 6 || used != 19)
        return std::nullopt;
    long long ms = 0;
    std::size_t i = 19;
    if (i < t.size() && t[i] == '.') {
        int digits = 0;
        for (++i; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i, ++digits)
            if (digits < 3) ms = ms * 10 + (t[i] - '0');
        if (digits == 0) return std::nullopt;
        for (; digits < 3; ++digits) ms *= 10;
    }
    if (i < t.size()) z = t[i++];
    if (z != 'Z' || i != t.size() || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return std::nullopt;
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    return static_cast<long long>(timegm(&tm)) * 1000 + ms;
}

Status check_bound_uuid(const nlohmann::json& doc, const std::string& envelope_uuid) {
    if (!doc.is_object()) return make_error("opened, but the content is not a response document");
    auto it = doc.find("envelope_uuid");
    if (it == doc.end()) return ok_status();  // sealed before the uuid was bound in (issue 14)
    if (!it->is_string() || it->get_ref<const std::string&>() != envelope_uuid)
        return make_error("the sealed answer set belongs to another envelope (re-signed under a new uuid): not exported");
    return ok_status();
}

Result<Bytes> make_envelope(const EnvelopeHeader& header, const unsigned char* plaintext, std::size_t size,
                            const Bytes& results_public_key, const SecureBytes& device_signing_secret_key) {
    if (results_public_key.size() != 32) return make_error("results public key must be 32 bytes");
    if (device_signing_secret_key.size() != 64) return make_error("device signing key must be 64 bytes");
    nlohmann::json h = {{"v", 1},
                        {"uuid", header.uuid},
                        {"device_id", header.device_id},
                        {"created_at", header.created_at},
                        {"content_type", header.content_type},
                        {"key_id", header.key_id}};
    std::string header_text = h.dump();

    SecureBytes padded = pad(plaintext, size);
    Bytes ciphertext = seal(padded.data(), padded.size(), results_public_key);

    Bytes out;
    out.reserve(4 + 1 + 4 + header_text.size() + 4 + ciphertext.size() + kSignatureSize);
    out.insert(out.end(), kMagic, kMagic + 4);
    out.push_back(kEnvelopeVersion);
    put_u32(out, static_cast<std::uint32_t>(header_text.size()));
    out.insert(out.end(), header_text.begin(), header_text.end());
    put_u32(out, static_cast<std::uint32_t>(ciphertext.size()));
    out.insert(out.end(), ciphertext.begin(), ciphertext.end());
    Bytes sig = sign_detached(out.data(), out.size(), device_signing_secret_key);
    out.insert(out.end(), sig.begin(), sig.end());
    return out;
}

Result<ParsedEnvelope> parse_envelope(const unsigned char* data, std::size_t size) {
    if (size > kMaxEnvelopeSize) return make_error("envelope larger than 16 MiB", ErrorCode::Invalid);
    if (size < 4 + 1 + 4 + 4 + kSignatureSize) return make_error("envelope too short (" + std::to_string(size) + " bytes)", ErrorCode::Invalid);
    if (!std::equal(kMagic, kMagic + 4, data)) return make_error("not an envelope (magic is not KENV)", ErrorCode::Invalid);
    if (data[4] != kEnvelopeVersion)
        return make_error("envelope format version " + std::to_string(data[4]) + " is not supported (want 1)", ErrorCode::Invalid);
    std::size_t pos = 5;
    std::size_t header_len = get_u32(data + pos);
    pos += 4;
    if (header_len > size - pos - 4 - kSignatureSize) return make_error("envelope header length runs past the end", ErrorCode::Invalid);
    std::string header_text(reinterpret_cast<const char*>(data + pos), header_len);
    pos += header_len;
    std::size_t ct_len = get_u32(data + pos);
    pos += 4;
    if (ct_len != size - pos - kSignatureSize)
        return make_error("envelope ciphertext length does not match the envelope size", ErrorCode::Invalid);

    ParsedEnvelope env;
    env.header_json = nlohmann::json::parse(header_text, nullptr, false);
    if (env.header_json.is_discarded() || !env.header_json.is_object())
        return make_error("envelope header is not a JSON object", ErrorCode::Invalid);
    auto str = [&](const char* key, std::string& out) -> Status {
        auto it = env.header_json.find(key);
        if (it == env.header_json.end() || !it->is_string())
            return make_error(std::string("envelope header: \"") + key + "\" missing or not a string", ErrorCode::Invalid);
        out = it->get<std::string>();
        return ok_status();
    };
    auto v = env.header_json.find("v");
    if (v == env.header_json.end() || !v->is_number_integer() || v->get<int>() != 1)
        return make_error("envelope header: \"v\" must be 1", ErrorCode::Invalid);
    for (auto [key, field] : {std::pair{"uuid", &env.header.uuid}, {"device_id", &env.header.device_id},
                              {"created_at", &env.header.created_at}, {"content_type", &env.header.content_type},
                              {"key_id", &env.header.key_id}}) {
        if (auto s = str(key, *field); !s) return s.error();
    }
    if (!is_uuid_v4(env.header.uuid)) return make_error("envelope header: \"uuid\" is not a lowercase v4 UUID", ErrorCode::Invalid);
    env.ciphertext.assign(data + pos, data + pos + ct_len);
    pos += ct_len;
    env.signature.assign(data + pos, data + size);
    env.signed_size = pos;
    return env;
}

Status verify_envelope(const Bytes& envelope, const Bytes& device_signing_public_key) {
    auto parsed = parse_envelope(envelope);
    if (!parsed) return parsed.error();
    if (!verify_detached(parsed->signature.data(), envelope.data(), parsed->signed_size, device_signing_public_key))
        return make_error("envelope " + parsed->header.uuid + ": signature does not verify with the device key", ErrorCode::Crypto);
    return ok_status();
}

Result<SecureBytes> open_envelope(const Bytes& envelope, const Bytes& results_public_key,
                                  const SecureBytes& results_secret_key, const Bytes* device_signing_public_key) {
    auto parsed = parse_envelope(envelope);
    if (!parsed) return parsed.error();
    const std::string& uuid = parsed->header.uuid;
    if (device_signing_public_key &&
        !verify_detached(parsed->signature.data(), envelope.data(), parsed->signed_size, *device_signing_public_key))
        return make_error("envelope " + uuid + ": signature does not verify with the device key", ErrorCode::Crypto);
    std::string want_id = to_hex(generichash(results_public_key.data(), results_public_key.size()).data(), 8);
    if (parsed->header.key_id != want_id)
        return make_error("envelope " + uuid + ": sealed to key " + parsed->header.key_id + ", this key is " + want_id, ErrorCode::Crypto);
    auto padded = open_sealed(parsed->ciphertext.data(), parsed->ciphertext.size(), results_public_key,
                              results_secret_key);
    if (!padded) return make_error("envelope " + uuid + ": " + padded.error().message, padded.error().code);
    auto plain = unpad(std::move(*padded));
    if (!plain) return make_error("envelope " + uuid + ": " + plain.error().message, plain.error().code);
    return std::move(*plain);
}

}  // namespace kiosk::crypto
