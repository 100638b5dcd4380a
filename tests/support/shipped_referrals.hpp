// The shipped referral catalogue for tests (header-only: the sanitizer build
// of tests/questionnaire links test_support.cpp without shared/referrals).
#pragma once

#include <filesystem>
#include <stdexcept>

#include "referrals/referrals.hpp"

namespace kiosk::test {

// assets/referrals/voorbeeldstad.json; throws if it does not load.
inline referrals::Catalogue shipped_referrals() {
    auto r = referrals::load_catalogue(std::filesystem::path(KIOSK_SOURCE_DIR) / "assets/referrals/voorbeeldstad.json");
    if (!r.ok()) throw std::runtime_error("the shipped referral catalogue does not load: " + r.error().message);
    return *r;
}

}  // namespace kiosk::test
