#include "core/command.hpp"

#include <iostream>
#include <sstream>

namespace kiosk {

std::map<std::string, Command>& command_registry(const std::string& tool) {
    static std::map<std::string, std::map<std::string, Command>> registries;
    return registries[tool];
}

CommandRegistrar::CommandRegistrar(const std::string& tool, Command command) {
    std::string name = command.name;
    command_registry(tool)[name] = std::move(command);
}

const Command* find_command(const std::string& tool, const std::vector<std::string>& argv,
                            std::size_t& consumed) {
    auto& reg = command_registry(tool);
    // Try the longest names first: at most three words.
    for (std::size_t words = std::min<std::size_t>(3, argv.size()); words >= 1; --words) {
        std::string name;
        for (std::size_t i = 0; i < words; ++i) name += (i ? " " : "") + argv[i];
        auto it = reg.find(name);
        if (it != reg.end()) {
            consumed = words;
            return &it->second;
        }
    }
    consumed = 0;
    return nullptr;
}

int run_command(const std::string& tool, const Command& command, const std::vector<std::string>& args) {
    if (!command.body) return command.run(args);
    auto parsed = parse_args(args, command.value_flags, command.switch_flags);
    if (!parsed) {
        std::cerr << tool << " " << command.name << ": " << parsed.error().message << "\n";
        return 2;
    }
    if (parsed->has("--help")) {
        std::cout << "usage: " << command.usage << "\n" << command.help;
        return 0;
    }
    return command.body(*parsed);
}

int run_tool(const std::string& tool, const std::string& banner, int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << banner << "\n\nCommands:\n" << commands_help(tool);
        return args.empty() ? 2 : 0;
    }
    std::size_t consumed = 0;
    const Command* cmd = find_command(tool, args, consumed);
    if (!cmd) {
        std::cerr << tool << ": unknown command '" << args[0] << "' (see " << tool << " --help)\n";
        return 2;
    }
    return run_command(tool, *cmd, std::vector<std::string>(args.begin() + consumed, args.end()));
}

std::string commands_help(const std::string& tool) {
    std::ostringstream out;
    for (const auto& [name, cmd] : command_registry(tool)) {
        out << "  " << cmd.usage << "\n      " << cmd.summary << "\n";
    }
    return out.str();
}

}  // namespace kiosk
