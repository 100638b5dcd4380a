// A staff test's device: an org, the endpoint running on 127.0.0.1 and a
// data dir enrolled to it with the staff PIN set; and the org's export.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "staff_support.hpp"
#include "sync_fixture.hpp"

namespace kiosk::test {

struct StaffDevice {
    std::filesystem::path root, db, data;
    TestOrg org;
    ServerProcess server;

    StaffDevice(const TempDir& dir, const std::string& name)
        : root(dir.path()), db(dir / "endpoint.sqlite"), data(dir / "data"), org(dir / "org"), server(db) {
        server.start();
        org.enroll(db, server.url(), data, name);
        set_staff_pin(data);
    }

    // `kioskctl export` with the org key into <dir>/export; the responses, parsed.
    std::vector<nlohmann::json> export_responses() const {
        auto ex = run(KIOSKCTL_BIN, {"export", "--db", db.string(), "--key", org.dir.string(), "--out",
                                     (root / "export").string()});
        if (ex.exit_code != 0) throw std::runtime_error("kioskctl export failed: " + ex.err);
        return exported_responses(root / "export");
    }
};

}  // namespace kiosk::test
