// kioskdev: the developers' tool. Benchmarks (`bench-*`, run by `make bench`)
// and the asset generator (`make-icons`) live here, not in kioskctl, so the
// operators' tool lists operator commands only. Not installed on devices.
#include <iostream>
#include <string>
#include <vector>

#include "core/command.hpp"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << "kioskdev: developers' tool for the intake kiosk (benchmarks, asset generator)\n\nCommands:\n"
                  << kiosk::commands_help("kioskdev");
        return args.empty() ? 2 : 0;
    }
    std::size_t consumed = 0;
    const kiosk::Command* cmd = kiosk::find_command("kioskdev", args, consumed);
    if (!cmd) {
        std::cerr << "kioskdev: unknown command '" << args[0] << "' (see kioskdev --help)\n";
        return 2;
    }
    return cmd->run(std::vector<std::string>(args.begin() + consumed, args.end()));
}
