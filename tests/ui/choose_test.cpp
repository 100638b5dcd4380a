// The choose screen as a resident reads it, on the real app headless: a
// card's title, description and minutes, where a wrapped line never leaves one
// word on its own (seen in a preview as a stray one-word heading over the next
// card: "25." over the child questionnaire's card at 800x1280 and 200 %).
#include <catch2/catch.hpp>

#include <set>
#include <sstream>

#include "ui_harness.hpp"

using namespace kiosk::test;

namespace {

std::vector<std::string> paragraphs(const std::string& label) {
    std::vector<std::string> out;
    std::stringstream in(label);
    for (std::string p; std::getline(in, p);) out.push_back(p);
    return out;
}

}  // namespace

TEST_CASE("no card on the choose screen ends a wrapped line with one word on its own, at every size and text scale") {
    int wrapped = 0;
    for (const char* lang : {"nl", "en"})
        for (const char* size : {"1280x800", "800x1280", "1920x1080"})
            for (int pct : {100, 150, 200}) {
                TempDir dir("choose");
                KioskRunOptions o;
                o.lang = lang;
                o.size = size;
                auto r = run_kiosk_script(dir, "tap text-size." + std::to_string(pct) + "\ntap start\ndump-ui choose.json\nquit\n", o);
                INFO(lang << " " << size << " " << pct << "%: " << r.err);
                REQUIRE(r.exit_code == 0);
                const auto ui = read_json(dir / "choose.json");
                REQUIRE(ui["screen"] == "choose");
                for (const auto& w : ui["widgets"]) {
                    if (w["id"].get<std::string>().rfind("choose.", 0) != 0 || !w.contains("drawn")) continue;
                    ++wrapped;
                    const auto whole = paragraphs(w["label"]);
                    const std::set<std::string> own(whole.begin(), whole.end());
                    for (const auto& line : w["drawn"]) {
                        const std::string l = line;
                        INFO(w["id"] << ": '" << l << "' in " << w["drawn"].dump());
                        // One word alone only where it is the whole title ("Paranız").
                        CHECK((l.find(' ') != std::string::npos || own.count(l) == 1));
                    }
                }
            }
    // The cards do wrap at large text (so the check above checks something).
    CHECK(wrapped >= 10);
}
