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
# The easy variant on a portrait tablet at 200 %: all five faces above the
# bar, and the contact wish's ways to talk as answers in the body.
CTL=$(dirname "$K")/../provisioning/kioskctl
"$CTL" preview "$HERE/../../../assets/questionnaires/howareyou-easy.json" --out "$D/easy" --size 800x1280 --text-size 200
cp "$D/easy/screens/05-question-e-body.png" "$HERE/easy-faces-portrait-200.png"
cp "$D/easy/screens/22-contact-wish.png" "$HERE/contact-wish-portrait-200.png"
rm -rf "$D"
