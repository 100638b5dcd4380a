// Helpers for the content-pack tests: content folders made from the bundled
// assets with a small, visible change, and packs built and signed through the
// library (for packs `kioskctl pack build` would refuse).
#pragma once

#include <filesystem>
#include <string>

#include "device/enrollment.hpp"
#include "pack/pack.hpp"
#include "test_support.hpp"

namespace kiosk::test {

namespace fs = std::filesystem;

// The intro of howareyou-short in the bundled assets, and in the content of
// our pack v1 and v2: each version shows a different sentence.
inline const std::string kOldIntro = "Denk aan de laatste weken.";
inline const std::string kV1Intro = "Denk aan de laatste maanden.";
inline const std::string kNewIntro = "Denk aan de laatste dagen.";
// A sentence the content lint refuses (far over 20 words).
inline const std::string kLongIntro =
    "Denk aan de laatste weken en aan alles wat u in die weken thuis en buiten de deur en op uw werk en bij uw "
    "familie hebt meegemaakt.";

// Copies the bundled questionnaires and referral catalogue to dir and
// replaces the intro sentence of howareyou-short with `intro`.
inline void make_content(const fs::path& dir, const std::string& intro = kOldIntro) {
    fs::create_directories(dir);
    const fs::path assets = fs::path(KIOSK_SOURCE_DIR) / "assets";
    fs::copy(assets / "questionnaires", dir / "questionnaires", fs::copy_options::recursive);
    fs::copy(assets / "referrals", dir / "referrals", fs::copy_options::recursive);
    const fs::path q = dir / "questionnaires" / "howareyou-short.json";
    std::string text = read_file(q);
    auto at = text.find(kOldIntro);
    if (at == std::string::npos) throw std::runtime_error("the bundled intro text changed: update pack_support.hpp");
    text.replace(at, kOldIntro.size(), intro);
    write_file(q, text);
}

// Builds and signs a pack with the library, without the content checks of
// `kioskctl pack build` (so tests can make packs a device must refuse).
inline std::string signed_pack_bytes(const fs::path& content, const std::string& version, const fs::path& org_dir) {
    auto keys = read_org_secret_keys(org_dir);
    if (!keys) throw std::runtime_error(keys.error().message);
    auto p = pack::build_pack(content, version, keys->pub.content_public_key, SystemClock{});
    if (!p) throw std::runtime_error(p.error().message);
    if (auto s = pack::sign_pack(*p, keys->content_secret_key); !s) throw std::runtime_error(s.error().message);
    return pack::serialize(*p);
}

}  // namespace kiosk::test
