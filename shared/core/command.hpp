// Subcommands of our command-line tools register themselves, so each feature
// keeps its command in its own file: `kiosk enroll`, `kioskctl lint`, ...
// A tool's main() looks the first argument up here.
//
// The framework owns what every command repeats: it parses the declared flags
// (an unknown flag is an error that names it: exit 2) and answers --help
// ("usage: <usage>" and the help text, exit 0), then calls the command's body
// with the parsed arguments. A command registers like this:
//
//   kiosk::CommandRegistrar reg("kioskctl", {
//       .name = "export",
//       .usage = "kioskctl export --db FILE --key ORGDIR --out DIR",
//       .summary = "decrypt stored envelopes to FHIR NDJSON and CSV",
//       .value_flags = {"--db", "--key", "--out"},
//       .help = "Opens and verifies every envelope ...\n",
//       .body = run});
//
// A command that reads its arguments itself (no flags, a free-form tail) sets
// .run instead of .body and gets them as they are.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/args.hpp"

namespace kiosk {

// Arguments after the subcommand name(s). Returns the process exit code.
using CommandFn = std::function<int(const std::vector<std::string>& args)>;
// The declared flags and the positional arguments, parsed. Returns the exit code.
using CommandBody = std::function<int(const ParsedArgs& args)>;

// Every member has a default, so a registration names only what it uses
// (and -Wmissing-field-initializers stays quiet).
struct Command {
    std::string name = {};     // "lint", or "org init" for a two-word command
    std::string usage = {};    // one line: "kioskctl lint PATH..." (--help and the tool's list)
    std::string summary = {};  // one line: what it does
    CommandFn run = {};        // raw arguments; set this or body
    std::set<std::string> value_flags = {};   // body: flags that take a value ("--out FILE", "--out=FILE")
    std::set<std::string> switch_flags = {};  // body: flags without a value ("--auto")
    std::string help = {};     // body: printed after the usage line for --help
    CommandBody body = {};
};

// tool: "kiosk", "kioskctl" or "kioskdev".
std::map<std::string, Command>& command_registry(const std::string& tool);

struct CommandRegistrar {
    CommandRegistrar(const std::string& tool, Command command);
};

// Finds the longest registered command name matching the first words of argv
// (e.g. "org init" before "org"). Returns nullptr when none matches and sets
// consumed to the number of words the name took.
const Command* find_command(const std::string& tool, const std::vector<std::string>& argv,
                            std::size_t& consumed);

// Runs one command on the arguments after its name: for a body, parses the
// flags ("<tool> <name>: <problem>" on stderr, exit 2) and answers --help.
int run_command(const std::string& tool, const Command& command, const std::vector<std::string>& args);

// A tool's whole main(): no arguments, --help, -h or help list the commands
// under `banner` (exit 2 without arguments, 0 when asked); an unknown command
// is named on stderr (exit 2); anything else runs the command.
int run_tool(const std::string& tool, const std::string& banner, int argc, char** argv);

// "--help" text listing every registered command of a tool.
std::string commands_help(const std::string& tool);

}  // namespace kiosk
