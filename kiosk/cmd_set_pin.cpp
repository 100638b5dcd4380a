// `kiosk set-pin --data-dir D`: reads a new staff PIN from standard input.
#include <iostream>
#include <string>

#include "core/args.hpp"
#include "core/command.hpp"
#include "paths.hpp"
#include "staff/pin.hpp"

namespace {

int run(const std::vector<std::string>& a) {
    auto args = kiosk::parse_args(a, {"--data-dir"}, {});
    if (!args) {
        std::cerr << "kiosk set-pin: " << args.error().message << "\n";
        return 2;
    }
    if (args->has("--help")) {
        std::cout << "usage: kiosk set-pin --data-dir D   (reads the new PIN, 4-12 digits, from stdin)\n";
        return 0;
    }
    auto dir = args->get("--data-dir");
    if (!dir) {
        std::cerr << "kiosk set-pin: --data-dir is required\n";
        return 2;
    }
    if (auto st = kiosk::platform::prepare_data_dir(*dir); !st) {
        std::cerr << "kiosk set-pin: " << st.error().message << "\n";
        return 1;
    }
    std::string pin;
    std::getline(std::cin, pin);
    while (!pin.empty() && (pin.back() == '\r' || pin.back() == ' ')) pin.pop_back();
    if (auto st = kiosk::staff::set_pin(*dir, pin); !st) {
        std::cerr << "kiosk set-pin: " << st.error().message << "\n";
        return 1;
    }
    std::cout << "staff PIN set\n";
    return 0;
}

kiosk::CommandRegistrar reg("kiosk", {"set-pin", "kiosk set-pin --data-dir D",
                                      "read a new staff PIN from standard input", run});

}  // namespace
