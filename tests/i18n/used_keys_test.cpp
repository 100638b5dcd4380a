// The other half of completeness: every kiosk text the code asks for by a
// literal key (tr, fmt, said in shared/, kiosk/, platform/) is in the
// catalogue (i18n::keys()), so no screen shows a raw key such as "btn.nexxt".
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "i18n/catalog.hpp"

TEST_CASE("every text key the code uses by name is in the catalogue") {
    const auto keys = kiosk::i18n::keys();
    const std::set<std::string> known(keys.begin(), keys.end());
    // The first argument of tr("..."), fmt("...") or said("..."); a key that ends in
    // '.' is a prefix the code completes ("month." + number) and is skipped.
    const std::regex use_re(R"re(\b(?:tr|fmt|said)\("([a-z0-9_-]+\.[a-z0-9_.-]*[a-z0-9_-])")re");
    std::set<std::string> used;
    std::string unknown;
    for (const char* folder : {"shared", "kiosk", "platform"}) {
        for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(KIOSK_SOURCE_DIR) + "/" + folder)) {
            const auto ext = e.path().extension();
            if (!e.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
            std::ifstream in(e.path());
            std::stringstream ss;
            ss << in.rdbuf();
            const std::string text = ss.str();
            for (std::sregex_iterator it(text.begin(), text.end(), use_re), end; it != end; ++it) {
                const std::string key = (*it)[1].str();
                used.insert(key);
                if (!known.count(key)) unknown += e.path().lexically_relative(KIOSK_SOURCE_DIR).string() + ": " + key + "\n";
            }
        }
    }
    INFO(unknown);
    CHECK(used.size() > 50);  // the scan found the code's keys, so the check below can fail
    CHECK(unknown.empty());
}
