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

int run(const std::vector<std::string>& args) {
    if (args.size() != 1 || args[0] == "--help") {
        std::cerr << "usage: " << kUsage << "\n  TEXT: the result code as a scanner reads it, in quotes\n";
        return args.size() == 1 ? 0 : 2;
    }
    auto code = kiosk::takehome::decode(args[0]);
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

kiosk::CommandRegistrar reg("kioskctl", {"qr decode", kUsage, "what a resident's take-home result code says",
                                         [](const std::vector<std::string>& a) { return run(a); }});

}  // namespace
