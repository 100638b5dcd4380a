// kioskdev: the developers' tool. Benchmarks (`bench-*`, run by `make bench`)
// and the asset generator (`make-icons`) live here, not in kioskctl, so the
// operators' tool lists operator commands only. Not installed on devices.
#include "core/command.hpp"

int main(int argc, char** argv) {
    return kiosk::run_tool("kioskdev", "kioskdev: developers' tool for the intake kiosk (benchmarks, asset generator)",
                           argc, argv);
}
