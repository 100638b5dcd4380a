// What the speech tests share: measuring clips, parsing WAV files, and
// collecting every speakable text of a questionnaire file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace kiosk::test {

// RMS above this is clearly speech: espeak-ng speaks at an RMS of 2000-4000,
// its silence is 0.
inline constexpr double kAudibleRms = 500.0;

double rms_of(const std::vector<std::int16_t>& samples);

// Words as a listener hears them: whitespace-separated tokens that contain a
// letter or digit ("–" and "=" alone do not count).
std::size_t count_words(const std::string& text);

struct WavInfo {
    std::string problem;  // empty when the file is a valid 16-bit PCM WAV
    int channels = 0;
    int sample_rate = 0;
    int bits = 0;
    std::vector<std::int16_t> samples;
};

// Parses a RIFF/WAVE file independently of our writer.
WavInfo parse_wav(const std::string& bytes);

// One text a resident can hear, with where it came from (for failure messages).
struct SpokenText {
    std::string lang;
    std::string text;
    std::string where;  // "file.json:linkId:field"
};

// Walks a FHIR Questionnaire's raw JSON: title, description, every item's
// text, option displays and valueStrings, and the read-aloud, scale-low,
// scale-high and sensitive-why extensions, in the base language and in
// every translation. Throws std::runtime_error naming the file on bad JSON.
std::vector<SpokenText> questionnaire_texts(const std::filesystem::path& file);

}  // namespace kiosk::test
