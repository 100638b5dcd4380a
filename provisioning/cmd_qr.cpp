// kioskctl qr decode TEXT: what a resident's take-home result code says, so a
// professional can put it next to their own records (shared/takehome/).
#include <iostream>
#include <string>
#include <vector>

#include "core/command.hpp"
#include "questionnaire/model.hpp"
#include "takehome/result_code.hpp"

namespace {

constexpr const char* kUsage = "kioskctl qr decode TEXT";

constexpr const char* kHelp = "  TEXT: the result code as a scanner reads it, in quotes\n";

int run(const kiosk::ParsedArgs& args) {
    if (args.positional.size() != 1) {
        std::cerr << "usage: " << kUsage << "\n" << kHelp;
        return 2;
    }
    auto code = kiosk::takehome::decode(args.positional[0]);
    if (!code) {
        std::cerr << "kioskctl qr decode: " << code.error().message << "\n";
        return 1;
    }
    std::cout << "questionnaire: " << code->family << (code->variant.empty() ? "" : " (" + code->variant + ")")
              << (code->version.empty() ? "" : ", version " + code->version) << "\n"
              << "day: " << code->day << "\n";
    const auto& domains = kiosk::questionnaire::scoring_domains();
    for (std::size_t i = 0; i < domains.size(); ++i)
        std::cout << domains[i] << ": " << (code->scores[i] ? std::to_string(*code->scores[i]) + " of 10" : "-") << "\n";
    return 0;
}

kiosk::CommandRegistrar reg("kioskctl", {.name = "qr decode",
                                         .usage = kUsage,
                                         .summary = "what a resident's take-home result code says",
                                         .help = kHelp,
                                         .body = run});

}  // namespace
