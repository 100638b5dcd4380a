#!/usr/bin/env bash
# `make run`: starts the kiosk demo. With a display, a window (PIN 1234 opens
# the staff screen, where the kiosk can be closed). Without a display, the
# headless demo script, writing a screenshot of each screen to a folder.
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")/../.." && pwd)
kiosk="$build/kiosk/kiosk"
data="$build/demo-data"
mkdir -p "$data"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "Starting the kiosk demo in a window (data in $data; staff PIN 1234: hold the top-left corner for 3 s)."
  exec "$kiosk" --windowed --demo --data-dir "$data"
fi

shots="$here/out/demo"
mkdir -p "$shots"
echo "No display found: running the headless demo script assets/demo/demo.script."
echo "Screenshots go to $shots"
"$kiosk" --headless --size 1280x800 --demo --data-dir "$data" \
  --script "$here/assets/demo/demo.script" --shots-dir "$shots"
ls -1 "$shots"
