#!/usr/bin/env bash
# `make run`: the whole chain on one machine, with no manual step.
#   1. a demo organisation (its keys in $build/demo/org; made once)
#   2. the reference endpoint on 127.0.0.1 (`kioskctl serve`, stopped at the end)
#   3. one kiosk data dir enrolled to that endpoint (made once)
#   4. the kiosk: with a display, a window (staff PIN 1234: hold the top-left
#      corner for 3 s; the staff screen closes the kiosk); without a display,
#      the headless demo script, writing a screenshot of each screen
#   5. the organisation's export of what arrived (FHIR NDJSON + CSV)
#   6. the organisation's report of a demo database: what arrived plus
#      synthetic sessions (`kioskctl demo-data`, once), in $build/demo/report
# Set DEMO_PORT to use another port than 18480 (0: any free port), DEMO_DIR
# for another place than $build/demo, DEMO_SHOTS for the screenshots folder.
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")/../.." && pwd)
kiosk="$build/kiosk/kiosk"
kioskctl="$build/provisioning/kioskctl"
demo="${DEMO_DIR:-$build/demo}"
org="$demo/org"
db="$demo/endpoint.sqlite"
data="$demo/kiosk-data"
port=${DEMO_PORT:-18480}
mkdir -p "$demo"

if [ ! -f "$org/org.json" ]; then
  echo "== Making the demo organisation in $org"
  "$kioskctl" org init --out "$org" >"$demo/org-init.txt" 2>&1 || { cat "$demo/org-init.txt"; exit 1; }
fi

echo "== Starting the endpoint on 127.0.0.1:$port (database $db)"
"$kioskctl" serve --db "$db" --listen "127.0.0.1:$port" >"$demo/endpoint.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  grep -q "listening on" "$demo/endpoint.log" 2>/dev/null && break
  if ! kill -0 $server 2>/dev/null; then
    echo "run-demo: the endpoint did not start:" >&2
    cat "$demo/endpoint.log" >&2
    echo "run-demo: if port $port is in use, run again with DEMO_PORT=<another port>" >&2
    exit 1
  fi
  sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$demo/endpoint.log" | head -1)
[ -n "$url" ] || { echo "run-demo: the endpoint did not say where it listens" >&2; exit 1; }

if [ ! -f "$data/device.json" ] || ! grep -q "\"$url\"" "$data/device.json"; then
  echo "== Enrolling a demo kiosk to $url"
  rm -rf "$data"
  # A loopback endpoint is a real enrollment: the demo PIN only works on demo
  # enrollments, so the bundle carries 1234 as this kiosk's staff PIN.
  echo 1234 | "$kioskctl" device enroll --db "$db" --endpoint "$url" --org "$org" \
    --out "$demo/bundle.json" --name "Demo kiosk (library desk)" --pin-stdin >/dev/null
  "$kiosk" enroll --data-dir "$data" "$demo/bundle.json"
fi

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "== Starting the kiosk in a window (staff PIN 1234: hold the top-left corner for 3 s)"
  "$kiosk" --windowed --demo --data-dir "$data" || true
else
  shots="${DEMO_SHOTS:-$here/out/demo}"
  mkdir -p "$shots"
  echo "== No display: running the headless demo script assets/demo/demo.script"
  echo "   screenshots go to $shots"
  "$kiosk" --headless --size 1280x800 --demo --data-dir "$data" \
    --script "$here/assets/demo/demo.script" --shots-dir "$shots"
fi

echo "== What the endpoint received"
"$kioskctl" devices --db "$db"
rm -rf "$demo/export"
"$kioskctl" export --db "$db" --key "$org" --out "$demo/export"
echo "   export written to $demo/export:"
ls -1 "$demo/export" | sed 's/^/     /'

echo "== The organisation's report"
# Synthetic sessions (a year, three sites) in a database of their own, so the
# charts have something to show (made once); and a report of what this kiosk sent.
report_db="$demo/report.sqlite"
if [ ! -f "$demo/report-data.done" ]; then
  rm -f "$report_db"
  "$kioskctl" demo-data --db "$report_db" --org "$org" --responses 3000 --sites 3 --months 12 --seed 1 >/dev/null
  touch "$demo/report-data.done"
fi
"$kioskctl" report --db "$report_db" --key "$org" --out "$demo/report" --lang nl >/dev/null
"$kioskctl" report --db "$db" --key "$org" --out "$demo/report-kiosk" --lang nl >/dev/null
echo "   report of the demo data: $demo/report/index.html (report.json beside it)"
echo "   report of what this kiosk sent: $demo/report-kiosk/index.html"
