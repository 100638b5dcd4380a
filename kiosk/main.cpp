// kiosk: the intake and questionnaire kiosk (see README and ../shared/CLI.md).
// `kiosk [flags]` runs the app; `kiosk <command>` runs a registered
// subcommand (enroll, sync, set-pin, ...).
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "app.hpp"
#include "core/args.hpp"
#include "core/files.hpp"
#include "core/command.hpp"
#include "device/device.hpp"
#include "i18n/catalog.hpp"
#include "pack/pack.hpp"
#include "paths.hpp"
#include "script/script.hpp"

namespace fs = std::filesystem;

namespace {

const char* kUsage =
    "usage: kiosk [--data-dir D] [--content DIR] [--lang CODE] [--windowed] [--size WxH]\n"
    "             [--headless] [--script FILE] [--demo] [--font FILE] [--font-bold FILE]\n"
    "             [--shots-dir DIR] [--stats FILE] [--bench-frames N] [--dpi N] [--no-prefetch]\n"
    "             [--check-glyphs] [--camera /dev/videoN|none] [--camera-frames DIR]\n"
    "       kiosk <command> ...\n"
    "\n"
    "  --data-dir D      device state (outbox, keys, drafts, logs); default $XDG_DATA_HOME/intake-kiosk,\n"
    "                    else ~/.local/share/intake-kiosk\n"
    "  --content DIR     content folder or signed pack file to use instead of the installed pack\n"
    "                    (default: the installed pack, else the bundled assets/)\n"
    "  --lang CODE       starting language (default nl): nl, en, or ar tr pl uk ti when built in\n"
    "  --windowed        a window instead of full screen\n"
    "  --size WxH        window or headless size (default 1280x800)\n"
    "  --headless        no display: SDL software renderer on an off-screen surface\n"
    "  --script FILE     scripted input, one command per line (see README)\n"
    "  --demo            demo mode (also automatic while no staff PIN is set)\n"
    "  --font FILE       regular font (default Noto Sans); --font-bold FILE the bold one\n"
    "  --shots-dir DIR   where relative screenshot/dump-ui paths of a script go\n"
    "  --stats FILE      write timing (first frame, CPU per frame) as JSON at exit\n"
    "  --bench-frames N  before exit, draw N more frames of the current screen and time them\n"
    "  --dpi N           the screen's pixels per inch, so touch targets are at least 9 mm\n"
    "                    (default: what the display reports; headless: unknown)\n"
    "  --no-prefetch     never synthesise speech ahead (to measure cold read-aloud)\n"
    "  --check-glyphs    check every text of the catalogue and the content against the fonts\n"
    "                    (one line per character without a glyph; exit 3 when any), then exit\n"
    "  --camera DEV      the camera that reads QR codes on the scan screen (default: the first\n"
    "                    /dev/video* that opens; none: no camera). No camera: a USB scanner only\n"
    "  --camera-frames DIR  image files (*.png, *.pgm in name order, or one file) played as the\n"
    "                    camera's frames, one every 100 ms, once (the test seam)\n"
    "\n"
    "Commands:\n";

// The content that ships with the kiosk (core/files.hpp: installed, else this source tree's).
fs::path bundled_assets_dir() { return kiosk::bundled_assets_dir(KIOSK_ASSETS_DIR); }

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && !args[0].empty() && args[0][0] != '-') {
        std::size_t consumed = 0;
        const kiosk::Command* cmd = kiosk::find_command("kiosk", args, consumed);
        if (!cmd) {
            std::cerr << "kiosk: unknown command '" << args[0] << "' (see kiosk --help)\n";
            return 2;
        }
        return kiosk::run_command("kiosk", *cmd, std::vector<std::string>(args.begin() + consumed, args.end()));
    }

    auto parsed = kiosk::parse_args(
        args,
        {"--data-dir", "--content", "--lang", "--size", "--script", "--font", "--font-bold", "--stats",
         "--bench-frames", "--shots-dir", "--dpi", "--camera", "--camera-frames"},
        {"--windowed", "--headless", "--demo", "--no-prefetch", "--check-glyphs"});
    if (!parsed) {
        std::cerr << "kiosk: " << parsed.error().message << "\n";
        return 2;
    }
    const auto& p = *parsed;
    if (p.has("--help")) {
        std::cout << kUsage << kiosk::commands_help("kiosk")
                  << "\nBundled content: " << bundled_assets_dir().string() << "\n";
        return 0;
    }
    if (!p.positional.empty()) {
        std::cerr << "kiosk: unexpected argument '" << p.positional[0] << "' (see kiosk --help)\n";
        return 2;
    }

    kiosk::AppOptions o;
    o.windowed = p.has("--windowed");
    o.headless = p.has("--headless");
    o.demo = p.has("--demo");
    o.no_prefetch = p.has("--no-prefetch");
    o.check_glyphs = p.has("--check-glyphs");
    o.lang = p.get_or("--lang", "nl");
    if (!kiosk::i18n::is_supported(o.lang)) {
        std::string spoken;
        for (const auto& l : kiosk::i18n::languages()) spoken += (spoken.empty() ? "" : ", ") + l.code;
        std::cerr << "kiosk: --lang " << o.lang << " is not supported (use " << spoken << ")\n";
        return 2;
    }
    if (auto size = p.get("--size"); size && !kiosk::parse_size(*size, o.width, o.height)) {
        std::cerr << "kiosk: --size " << *size << " is not WxH between 320 and 7680 (e.g. 1280x800)\n";
        return 2;
    }
    if (auto n = p.get("--bench-frames")) {
        try {
            o.bench_frames = std::stoi(*n);
        } catch (...) {
            o.bench_frames = -1;
        }
        if (o.bench_frames < 0 || o.bench_frames > 100000) {
            std::cerr << "kiosk: --bench-frames " << *n << " is not a number from 0 to 100000\n";
            return 2;
        }
    }
    if (auto d = p.get("--dpi")) {
        try {
            o.dpi = std::stof(*d);
        } catch (...) {
            o.dpi = -1;
        }
        if (o.dpi < 50 || o.dpi > 1000) {
            std::cerr << "kiosk: --dpi " << *d << " is not a number from 50 to 1000\n";
            return 2;
        }
    }
    o.stats_file = p.get_or("--stats", "");
    o.shots_dir = p.get_or("--shots-dir", "");
    o.camera_device = p.get_or("--camera", "");
    o.camera_frames = p.get_or("--camera-frames", "");
    if (p.get("--camera") && o.camera_device.empty()) {
        std::cerr << "kiosk: --camera needs a device (/dev/video0) or none\n";
        return 2;
    }
    if (p.get("--camera-frames") && o.camera_frames.empty()) {
        std::cerr << "kiosk: --camera-frames needs a folder or an image file\n";
        return 2;
    }

    if (auto s = p.get("--script")) {
        // Check the whole script before opening anything.
        auto cmds = kiosk::script::parse_file(*s);
        if (!cmds) {
            std::cerr << "kiosk: " << cmds.error().message << "\n";
            return 2;
        }
        o.script = *s;
    }

    o.data_dir = p.get_or("--data-dir", kiosk::default_data_dir().string());
    if (auto st = kiosk::platform::prepare_data_dir(o.data_dir); !st) {
        std::cerr << "kiosk: " << st.error().message << "\n";
        return 1;
    }

    // Content: --content, else the installed pack (a staged one is installed
    // now: no resident is busy yet), else the bundled assets.
    o.assets_dir = bundled_assets_dir().string();
    o.content_pinned = p.get("--content").has_value();
    kiosk::pack::recover(o.data_dir);
    if (o.content_pinned && fs::is_regular_file(*p.get("--content"))) {
        // A pack file: checked like a downloaded one (except its version).
        auto dev = kiosk::read_device_config(o.data_dir);
        if (!dev) {
            std::cerr << "kiosk: --content " << *p.get("--content")
                      << ": a pack needs an enrolled device to check its signature (" << dev.error().message << ")\n";
            return 1;
        }
        auto dir = kiosk::pack::open_pack_file(*p.get("--content"), dev->org.content_public_key, o.data_dir);
        if (!dir) {
            std::cerr << "kiosk: " << dir.error().message << "\n";
            return 1;
        }
        o.content_dir = dir->string();
    } else if (o.content_pinned) {
        o.content_dir = *p.get("--content");
    } else {
        auto installed = kiosk::pack::install_staged(o.data_dir);
        if (!installed) std::cerr << "kiosk: " << installed.error().message << "\n";
        else if (*installed) std::cerr << "kiosk: installed content pack v" << **installed << "\n";
        auto current = kiosk::pack::content_dirs(o.data_dir).current;
        o.content_dir = fs::is_directory(current) ? current.string() : o.assets_dir;
    }
    if (!fs::is_directory(o.content_dir)) {
        std::cerr << "kiosk: content folder " << o.content_dir << " not found\n";
        return 1;
    }

    std::vector<fs::path> regular, bold;
    if (auto f = p.get("--font")) {
        regular = {*f};
    } else {
        regular = {fs::path(o.content_dir) / "fonts/NotoSans-Regular.ttf", fs::path(o.assets_dir) / "fonts/NotoSans-Regular.ttf",
                   "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
                   "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"};
    }
    if (auto f = p.get("--font-bold")) {
        bold = {*f};
    } else {
        bold = {fs::path(o.content_dir) / "fonts/NotoSans-Bold.ttf", fs::path(o.assets_dir) / "fonts/NotoSans-Bold.ttf",
                "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
                "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"};
        if (p.get("--font")) bold.insert(bold.begin(), *p.get("--font"));
    }
    auto font = kiosk::platform::find_font(regular);
    if (!font) {
        std::cerr << "kiosk: " << font.error().message << "\n";
        return 1;
    }
    auto font_bold = kiosk::platform::find_font(bold);
    if (!font_bold) {
        std::cerr << "kiosk: " << font_bold.error().message << "\n";
        return 1;
    }
    o.font_regular = font->string();
    o.font_bold = font_bold->string();
    // Arrows and check marks the text faces lack (Noto Sans has neither):
    // Noto's symbol faces, else DejaVu Sans, which has both.
    for (const auto& group : std::vector<std::vector<fs::path>>{
             {fs::path(o.assets_dir) / "fonts/NotoSansSymbols-Regular.ttf",
              "/usr/share/fonts/truetype/noto/NotoSansSymbols-Regular.ttf"},
             {fs::path(o.assets_dir) / "fonts/NotoSansSymbols2-Regular.ttf",
              "/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf"},
             {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"}})
        if (auto sym = kiosk::platform::find_font(group)) o.font_symbols.push_back(sym->string());
    o.font_scripts = kiosk::ui::find_script_fonts(o.assets_dir);  // Arabic, Ethiopic (script_fonts.hpp)
    return kiosk::run_app(o);
}
