// The new languages' kiosk texts (assets/i18n/<code>.json), embedded at build
// time: CMake turns every file into bytes of a generated .cpp
// (shared/i18n/embed_i18n.cmake), so the kiosk runs on them with no assets
// folder at all. The catalogue (catalog.cpp) parses them once, at first use.
#pragma once

#include <string>
#include <vector>

namespace kiosk::i18n {

struct EmbeddedCatalogue {
    std::string name;  // the file's stem: the language code
    std::string json;  // the file's bytes
};
const std::vector<EmbeddedCatalogue>& embedded_catalogues();

}  // namespace kiosk::i18n
