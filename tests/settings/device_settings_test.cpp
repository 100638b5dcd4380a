#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "settings/device_settings.hpp"
#include "test_support.hpp"

using namespace kiosk;

TEST_CASE("device settings default when no file and round trip through settings.json") {
    test::TempDir dir("settings");
    auto loaded = load_device_settings(dir.path());
    REQUIRE(loaded.ok());
    CHECK(loaded->default_text_scale_pct == 100);
    CHECK_FALSE(loaded->default_read_aloud);
    CHECK_FALSE(loaded->headphones_only);

    DeviceSettings s;
    s.default_text_scale_pct = 150;
    s.default_read_aloud = true;
    s.volume_pct = 140;  // clamped
    s.headphones_only = true;
    REQUIRE(save_device_settings(dir.path(), s).ok());
    struct stat st {};
    REQUIRE(::stat(device_settings_path(dir.path()).c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    auto back = load_device_settings(dir.path());
    REQUIRE(back.ok());
    CHECK(back->default_text_scale_pct == 150);
    CHECK(back->default_read_aloud);
    CHECK(back->volume_pct == 100);
    CHECK(back->headphones_only);
}

TEST_CASE("a broken settings file is an error that names the file") {
    test::TempDir dir("settings");
    test::write_file(device_settings_path(dir.path()), "{\"volume_pct\": \"loud\"}");
    auto r = load_device_settings(dir.path());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("settings.json") != std::string::npos);
    test::write_file(device_settings_path(dir.path()), "not json");
    CHECK_FALSE(load_device_settings(dir.path()).ok());
}
