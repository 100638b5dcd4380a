// kioskctl: operators' tool (see ../shared/CLI.md and the README).
// Subcommands register themselves in cmd_*.cpp files; core/command.hpp parses
// their flags and answers --help.
#include "core/command.hpp"

int main(int argc, char** argv) {
    return kiosk::run_tool("kioskctl", "kioskctl: operators' tool for the intake kiosk", argc, argv);
}
