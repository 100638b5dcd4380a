// Writes synthesised speech as a WAV file (RIFF, 16-bit PCM, mono), the
// format `kioskctl tts` hands to content writers.
#pragma once

#include <filesystem>
#include <string>

#include "core/result.hpp"
#include "speech/pcm.hpp"

namespace kiosk::speech {

// The complete file contents: a 44-byte header, then little-endian samples.
std::string encode_wav(const Pcm& pcm);

// Writes encode_wav(pcm) to path (replacing it). The error names the path.
Status write_wav(const Pcm& pcm, const std::filesystem::path& path);

}  // namespace kiosk::speech
