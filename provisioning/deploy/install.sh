#!/usr/bin/env bash
# Installs a built kiosk as a boot-time kiosk on a Debian 12 machine:
#   sudo provisioning/deploy/install.sh --build build [--bundle BUNDLE.json] [--root DIR]
# --root DIR installs into an image tree instead of this machine (nothing is
# enabled or started then). Safe to run again: files are replaced, the data
# dir (outbox, keys) is kept.
set -euo pipefail

usage() { echo "usage: install.sh --build BUILD_DIR [--bundle BUNDLE.json] [--root DIR]" >&2; exit 2; }
build= bundle= root=
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=${2:-}; shift 2 ;;
    --bundle) bundle=${2:-}; shift 2 ;;
    --root) root=${2:-}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "install.sh: unknown argument $1" >&2; usage ;;
  esac
done
[ -n "$build" ] || usage
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
[ -x "$build/kiosk/kiosk" ] || { echo "install.sh: $build/kiosk/kiosk not found: build first (make build)" >&2; exit 1; }
[ -z "$bundle" ] || [ -f "$bundle" ] || { echo "install.sh: bundle $bundle does not exist" >&2; exit 1; }
if [ -z "$root" ] && [ "$(id -u)" -ne 0 ]; then echo "install.sh: run as root (or use --root DIR)" >&2; exit 1; fi

prefix="$root/opt/intake-kiosk"
install -d -m 0755 "$prefix/bin" "$prefix/share/deploy" "$root/etc/systemd/system" "$root/etc/pam.d" "$root/etc/sysusers.d"
install -m 0755 "$build/kiosk/kiosk" "$prefix/bin/kiosk"
# The bundled content (questionnaires, pictograms, referral catalogue) and fonts path.
rm -rf "$prefix/share/assets.new"
cp -r "$repo/assets" "$prefix/share/assets.new"
rm -rf "$prefix/share/assets"
mv "$prefix/share/assets.new" "$prefix/share/assets"
install -m 0644 "$here/README.md" "$prefix/share/deploy/README.md"
install -m 0644 "$here/intake-kiosk.service" "$root/etc/systemd/system/intake-kiosk.service"
install -m 0644 "$here/intake-kiosk.pam" "$root/etc/pam.d/intake-kiosk"
install -m 0644 "$here/intake-kiosk.sysusers" "$root/etc/sysusers.d/intake-kiosk.conf"

if [ -n "$root" ]; then
  systemd-sysusers --root="$root" "$root/etc/sysusers.d/intake-kiosk.conf"
  install -d -m 0700 "$root/var/lib/intake-kiosk"
  echo "installed into $root (not enabled: boot the image and run systemctl enable intake-kiosk)"
  echo "note: no staff PIN in the image. Enroll with a bundle made by 'kioskctl device enroll --pin-stdin'" \
       "or run 'kiosk set-pin' on the device; until then staff access is locked (the demo PIN 1234" \
       "never opens a kiosk enrolled to an organisation)." >&2
  exit 0
fi

systemd-sysusers /etc/sysusers.d/intake-kiosk.conf
install -d -m 0700 -o kiosk -g kiosk /var/lib/intake-kiosk
if [ -n "$bundle" ]; then
  runuser -u kiosk -- /opt/intake-kiosk/bin/kiosk enroll --data-dir /var/lib/intake-kiosk "$bundle"
fi
if [ ! -f /var/lib/intake-kiosk/staff-pin ] && [ -t 0 ]; then
  echo "Choose the staff PIN for this kiosk (6 or more digits recommended, then Enter):"
  runuser -u kiosk -- /opt/intake-kiosk/bin/kiosk set-pin --data-dir /var/lib/intake-kiosk
fi
if [ ! -f /var/lib/intake-kiosk/staff-pin ]; then
  echo "install.sh: note: no staff PIN set: staff access stays locked until" \
       "'runuser -u kiosk -- /opt/intake-kiosk/bin/kiosk set-pin --data-dir /var/lib/intake-kiosk'" \
       "(or enroll with a bundle made with --pin-stdin)" >&2
fi
systemctl daemon-reload
systemctl enable intake-kiosk.service
systemctl set-default graphical.target
echo "installed; the kiosk starts on tty1 at the next boot (or now: systemctl start intake-kiosk)"
