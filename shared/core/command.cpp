#include "core/command.hpp"

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

std::string commands_help(const std::string& tool) {
    std::ostringstream out;
    for (const auto& [name, cmd] : command_registry(tool)) {
        out << "  " << cmd.usage << "\n      " << cmd.summary << "\n";
    }
    return out.str();
}

}  // namespace kiosk
