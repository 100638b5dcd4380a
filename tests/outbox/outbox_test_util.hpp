// Shared set-up for the outbox tests: a real org and an enrolled data dir in
// a temp dir, responses carrying marker answers, and a scan of every file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "device/device.hpp"
#include "device/enrollment.hpp"
#include "outbox/outbox.hpp"
#include "test_support.hpp"

namespace kiosk::test {

struct Enrolled {
    std::filesystem::path org_dir;
    std::filesystem::path data_dir;
    OrgSecretKeys org;
    EnrollmentBundle bundle;
};

// org keys in <root>/org, a data dir <root>/data (or data_dir if given) enrolled to it.
Enrolled enroll_fresh(const std::filesystem::path& root, std::filesystem::path data_dir = {});

// A QuestionnaireResponse whose free-text answer is `marker`.
std::string response_with(const std::string& marker, int items = 12);

ResponseMeta sample_meta();

// Files under dir (recursive) whose bytes contain needle.
std::vector<std::string> files_containing(const std::filesystem::path& dir, const std::string& needle);

// Opens an envelope with the org key and checks the device signature; returns the plaintext JSON.
std::string open_with_org(const Enrolled& e, const crypto::Bytes& envelope);

}  // namespace kiosk::test
