// The kiosk app: opens the display, runs the render loop (or a script) and
// wires screens to the state in shared/.
#pragma once

#include <string>
#include <vector>

#include "script_fonts.hpp"

namespace kiosk {

struct AppOptions {
    std::string data_dir;
    std::string content_dir;   // what the kiosk shows now: --content, content/current, or the bundled assets
    bool content_pinned = false;  // --content given: installed packs are not used
    std::string assets_dir;    // the bundled assets (fonts; icons a pack does not carry)
    std::string lang = "nl";
    bool windowed = false;
    bool headless = false;
    bool demo = false;
    int width = 1280, height = 800;
    std::string script;       // --script FILE
    std::string font_regular;  // resolved font files
    std::string font_bold;
    std::vector<std::string> font_symbols;  // merged in for arrows and check marks (may be empty)
    std::vector<ui::ScriptFontFiles> font_scripts;  // Arabic, Ethiopic: merged in for the glyphs the content uses
    bool check_glyphs = false;  // --check-glyphs: report texts the fonts cannot draw, then exit
    std::string stats_file;   // --stats FILE: timing for the benchmarks
    int bench_frames = 0;     // --bench-frames N: extra frames timed before exit
    float dpi = 0;            // --dpi N: the screen's pixels per inch (0: ask the display, else unknown)
    std::string shots_dir;    // relative screenshot/dump paths resolve here
    bool no_prefetch = false; // --no-prefetch: never synthesise ahead (cold read-aloud benchmark)
    // The scan screen's camera (shared/camera/): --camera /dev/videoN (default
    // "": the first /dev/video* that opens; "none": no camera), or
    // --camera-frames DIR: image files played as frames instead (the test seam).
    std::string camera_device;
    std::string camera_frames;
};

// Returns the process exit code.
int run_app(const AppOptions& options);

}  // namespace kiosk
