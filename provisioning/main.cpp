// kioskctl: operators' tool (see ../shared/CLI.md and the README).
// Subcommands register themselves in cmd_*.cpp files.
#include <iostream>
#include <string>
#include <vector>

#include "core/command.hpp"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << "kioskctl: operators' tool for the intake kiosk\n\nCommands:\n"
                  << kiosk::commands_help("kioskctl");
        return args.empty() ? 2 : 0;
    }
    std::size_t consumed = 0;
    const kiosk::Command* cmd = kiosk::find_command("kioskctl", args, consumed);
    if (!cmd) {
        std::cerr << "kioskctl: unknown command '" << args[0] << "' (see kioskctl --help)\n";
        return 2;
    }
    return cmd->run(std::vector<std::string>(args.begin() + consumed, args.end()));
}
