// Subcommands of our command-line tools register themselves, so each feature
// keeps its command in its own file: `kiosk enroll`, `kioskctl lint`, ...
// A tool's main() looks the first argument up here.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace kiosk {

// Arguments after the subcommand name(s). Returns the process exit code.
using CommandFn = std::function<int(const std::vector<std::string>& args)>;

struct Command {
    std::string name;     // "lint", or "org init" for a two-word command
    std::string usage;    // one line: "kioskctl lint PATH..."
    std::string summary;  // one line: what it does
    CommandFn run;
};

// tool: "kiosk" or "kioskctl".
std::map<std::string, Command>& command_registry(const std::string& tool);

struct CommandRegistrar {
    CommandRegistrar(const std::string& tool, Command command);
};

// Finds the longest registered command name matching the first words of argv
// (e.g. "org init" before "org"). Returns nullptr when none matches and sets
// consumed to the number of words the name took.
const Command* find_command(const std::string& tool, const std::vector<std::string>& argv,
                            std::size_t& consumed);

// "--help" text listing every registered command of a tool.
std::string commands_help(const std::string& tool);

}  // namespace kiosk
