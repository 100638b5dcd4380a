#!/bin/sh
# The sample contact sheet of `kioskctl preview` (issue 19): the easy
# satisfaction questionnaire at 1280x800, Dutch, as a writer gets it, without
# the dump-ui files beside the screenshots. From a built tree:
#   kiosk/docs/preview/refresh.sh [build/provisioning/kioskctl]
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
CTL=${1:-$HERE/../../../build/provisioning/kioskctl}
rm -rf "$HERE/screens" "$HERE/index.html"
"$CTL" preview "$HERE/../../../assets/questionnaires/satisfaction-easy.json" --out "$HERE"
rm -f "$HERE"/screens/*.json
optipng -quiet -o2 "$HERE"/screens/*.png
