#!/bin/sh
# Refreshes the gallery of issue 13's fixed screens from a built kiosk:
#   kiosk/docs/fixed/gallery.sh [build/kiosk/kiosk]   (then optipng -o2 kiosk/docs/fixed/*.png)
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
K=${1:-$HERE/../../../build/kiosk/kiosk}
D=$(mktemp -d)
cd "$HERE"
"$K" --headless --size 1280x800 --data-dir "$D/a" --script land200.txt --shots-dir "$HERE"
"$K" --headless --size 1920x1080 --data-dir "$D/b" --script themes.txt --shots-dir "$HERE"
"$K" --headless --size 800x1280 --data-dir "$D/c" --script portrait.txt --shots-dir "$HERE"
rm -rf "$D"
