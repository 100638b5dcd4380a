#include "speech/wav.hpp"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>

namespace kiosk::speech {
namespace {

// WAV is little-endian whatever the host is, so bytes are written one by one.
void put_u32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_u16(std::string& out, std::uint16_t v) {
    out.push_back(static_cast<char>(v & 0xff));
    out.push_back(static_cast<char>((v >> 8) & 0xff));
}

}  // namespace

std::string encode_wav(const Pcm& pcm) {
    constexpr std::uint16_t kChannels = 1;
    constexpr std::uint16_t kBits = 16;
    const std::uint32_t data_bytes = static_cast<std::uint32_t>(pcm.samples.size() * 2);
    const std::uint32_t rate = static_cast<std::uint32_t>(pcm.sample_rate);
    std::string out;
    out.reserve(44 + data_bytes);
    out += "RIFF";
    put_u32(out, 36 + data_bytes);
    out += "WAVE";
    out += "fmt ";
    put_u32(out, 16);                                   // fmt chunk size
    put_u16(out, 1);                                    // PCM
    put_u16(out, kChannels);
    put_u32(out, rate);
    put_u32(out, rate * kChannels * kBits / 8);         // byte rate
    put_u16(out, static_cast<std::uint16_t>(kChannels * kBits / 8));  // block align
    put_u16(out, kBits);
    out += "data";
    put_u32(out, data_bytes);
    for (std::int16_t s : pcm.samples) put_u16(out, static_cast<std::uint16_t>(s));
    return out;
}

Status write_wav(const Pcm& pcm, const std::filesystem::path& path) {
    std::string bytes = encode_wav(pcm);
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) return make_error(path.string() + ": cannot write (" + std::strerror(errno) + ")");
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    f.close();
    if (!f) return make_error(path.string() + ": write failed (" + std::strerror(errno) + ")");
    return ok_status();
}

}  // namespace kiosk::speech
