#include "speech_test_util.hpp"

#include <cctype>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace kiosk::test {
namespace {

using nlohmann::json;

const std::string kTranslationUrl = "http://hl7.org/fhir/StructureDefinition/translation";
const std::string kOurs = "https://fhir.intake-kiosk.example/StructureDefinition/";

std::uint32_t le32(const std::string& b, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}
std::uint16_t le16(const std::string& b, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) |
                                      static_cast<unsigned char>(b[at + 1]) << 8);
}

struct Walker {
    std::string file;
    std::string base_lang;
    std::vector<SpokenText> out;

    // A primitive string field and its "_field" translations.
    void add(const json& owner, const std::string& field, const std::string& where) {
        if (owner.contains(field) && owner[field].is_string())
            out.push_back({base_lang, owner[field].get<std::string>(), where + ":" + field});
        auto under = owner.find("_" + field);
        if (under == owner.end() || !under->is_object() || !under->contains("extension")) return;
        for (const auto& ext : (*under)["extension"]) {
            if (ext.value("url", "") != kTranslationUrl) continue;
            std::string lang, content;
            for (const auto& part : ext.value("extension", json::array())) {
                if (part.value("url", "") == "lang") lang = part.value("valueCode", "");
                if (part.value("url", "") == "content") content = part.value("valueString", "");
            }
            if (!lang.empty() && !content.empty())
                out.push_back({lang, content, where + ":_" + field + "[" + lang + "]"});
        }
    }

    // Our extensions whose valueString is spoken or shown as words.
    void add_extensions(const json& owner, const std::string& where) {
        for (const auto& ext : owner.value("extension", json::array())) {
            std::string url = ext.value("url", "");
            for (const char* name : {"read-aloud", "scale-low", "scale-high", "sensitive-why"})
                if (url == kOurs + name) add(ext, "valueString", where + ":" + name);
        }
    }

    void item(const json& it) {
        std::string where = file + ":" + it.value("linkId", "?");
        add(it, "text", where);
        add_extensions(it, where);
        for (const auto& opt : it.value("answerOption", json::array())) {
            std::string ow = where + ":option";
            if (opt.contains("valueCoding")) {
                ow += "." + opt["valueCoding"].value("code", "?");
                add(opt["valueCoding"], "display", ow);
            }
            add(opt, "valueString", ow);
            add_extensions(opt, ow);
        }
        for (const auto& child : it.value("item", json::array())) item(child);
    }
};

}  // namespace

double rms_of(const std::vector<std::int16_t>& samples) {
    if (samples.empty()) return 0;
    double sum = 0;
    for (auto s : samples) sum += double(s) * s;
    return std::sqrt(sum / double(samples.size()));
}

std::size_t count_words(const std::string& text) {
    std::istringstream in(text);
    std::string token;
    std::size_t n = 0;
    while (in >> token) {
        for (unsigned char c : token) {
            // Any non-ASCII byte is part of a UTF-8 letter (é, ë) in our texts.
            if (std::isalnum(c) || c >= 0x80) {
                ++n;
                break;
            }
        }
    }
    return n;
}

WavInfo parse_wav(const std::string& b) {
    WavInfo w;
    if (b.size() < 12 || b.compare(0, 4, "RIFF") != 0 || b.compare(8, 4, "WAVE") != 0) {
        w.problem = "not a RIFF/WAVE file";
        return w;
    }
    if (le32(b, 4) + 8 != b.size()) {
        w.problem = "RIFF size " + std::to_string(le32(b, 4)) + " does not match file size " +
                    std::to_string(b.size());
        return w;
    }
    bool have_fmt = false, have_data = false;
    for (std::size_t at = 12; at + 8 <= b.size();) {
        std::string id = b.substr(at, 4);
        std::uint32_t len = le32(b, at + 4);
        if (at + 8 + len > b.size()) {
            w.problem = "chunk " + id + " runs past the end";
            return w;
        }
        if (id == "fmt ") {
            if (le16(b, at + 8) != 1) w.problem = "format is not PCM";
            w.channels = le16(b, at + 10);
            w.sample_rate = static_cast<int>(le32(b, at + 12));
            w.bits = le16(b, at + 22);
            if (le32(b, at + 16) != std::uint32_t(w.sample_rate * w.channels * w.bits / 8))
                w.problem = "byte rate does not match";
            have_fmt = true;
        } else if (id == "data") {
            for (std::size_t i = 0; i + 1 < len; i += 2)
                w.samples.push_back(static_cast<std::int16_t>(le16(b, at + 8 + i)));
            have_data = true;
        }
        at += 8 + len + (len & 1);
    }
    if (!have_fmt || !have_data) w.problem = "missing fmt or data chunk";
    return w;
}

std::vector<SpokenText> questionnaire_texts(const std::filesystem::path& file) {
    std::ifstream f(file);
    json q;
    try {
        f >> q;
    } catch (const std::exception& e) {
        throw std::runtime_error(file.string() + ": not valid JSON: " + e.what());
    }
    Walker w{file.filename().string(), q.value("language", "nl"), {}};
    w.add(q, "title", w.file);
    w.add(q, "description", w.file);
    for (const auto& it : q.value("item", json::array())) w.item(it);
    return w.out;
}

}  // namespace kiosk::test
