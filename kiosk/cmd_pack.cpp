// `kiosk pack rollback --data-dir D` and `kiosk pack status --data-dir D`:
// the installed content pack on this device (shared/pack/). Staff can also
// roll back from the staff screen; use this one while the kiosk is stopped
// (it takes effect at the next start).
#include <iostream>

#include "core/args.hpp"
#include "core/command.hpp"
#include "pack/pack.hpp"

namespace {

int run_rollback(const std::vector<std::string>& a) {
    auto args = kiosk::parse_args(a, {"--data-dir"}, {});
    if (!args) {
        std::cerr << "kiosk pack rollback: " << args.error().message << "\n";
        return 2;
    }
    if (args->has("--help")) {
        std::cout << "usage: kiosk pack rollback --data-dir D\n"
                     "Goes back to the previous content pack (or the built-in content when there is none).\n"
                     "The version left is not installed again; a newer published version still is.\n";
        return 0;
    }
    auto dir = args->get("--data-dir");
    if (!dir || !args->positional.empty()) {
        std::cerr << "kiosk pack rollback: usage: kiosk pack rollback --data-dir D\n";
        return 2;
    }
    auto r = kiosk::pack::rollback(*dir);
    if (!r) {
        std::cerr << "kiosk pack rollback: " << r.error().message << "\n";
        return 1;
    }
    std::cout << *r << "\n";
    return 0;
}

int run_status(const std::vector<std::string>& a) {
    auto args = kiosk::parse_args(a, {"--data-dir"}, {});
    if (!args) {
        std::cerr << "kiosk pack status: " << args.error().message << "\n";
        return 2;
    }
    if (args->has("--help")) {
        std::cout << "usage: kiosk pack status --data-dir D\n"
                     "Prints the installed, previous and waiting content pack versions.\n";
        return 0;
    }
    auto dir = args->get("--data-dir");
    if (!dir || !args->positional.empty()) {
        std::cerr << "kiosk pack status: usage: kiosk pack status --data-dir D\n";
        return 2;
    }
    auto dirs = kiosk::pack::content_dirs(*dir);
    auto show = [](const std::filesystem::path& p, const char* none) {
        std::error_code ec;
        if (!std::filesystem::exists(p, ec)) return std::string(none);
        return "v" + kiosk::pack::dir_version(p).value_or("?");
    };
    std::cout << "current  " << show(dirs.current, "built-in content") << "\n"
              << "previous " << show(dirs.previous, "-") << "\n"
              << "staged   " << show(dirs.staged, "-") << "\n";
    return 0;
}

kiosk::CommandRegistrar reg_rollback("kiosk", {"pack rollback", "kiosk pack rollback --data-dir D",
                                               "go back to the previous content pack", run_rollback});
kiosk::CommandRegistrar reg_status("kiosk", {"pack status", "kiosk pack status --data-dir D",
                                             "show the installed, previous and waiting content packs", run_status});

}  // namespace
