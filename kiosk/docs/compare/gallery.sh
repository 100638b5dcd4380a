#!/bin/sh
# The comparison with last time (issue 18) at 1280x800 and 800x1280, text
# 100 and 200 %: the result screen's top (both webs, the previous one dashed)
# and scrolled to the per-domain sentences; the scan screen, also with a
# camera. From a built kiosk:
#   kiosk/docs/compare/gallery.sh [build/kiosk/kiosk]
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
K=${1:-$HERE/../../../build/kiosk/kiosk}
D=$(mktemp -d)
cd "$HERE"
ANSWERS="answer.7 answer.8 answer.6 answer.2 answer.3 answer.1 answer.9 skip answer.4 answer.7 answer.8 answer.6 answer.3 answer.7 answer.8 answer.9 answer.6"
for size in 1280x800 800x1280; do
  for pct in 100 200; do
    name="$size-$pct"
    {
      echo "tap text-size.$pct"
      echo "tap start"
      echo "tap compare"
      echo "expect-screen scan"
      [ "$size-$pct" = "1280x800-100" ] && echo "screenshot scan-$name.png"
      echo "type IK1 HOWAREYOU SHORT 1.0.0 20261101 357468"
      echo "key enter"
      echo "expect-screen choose"
      echo "tap choose.howareyou-short"
      echo "tap consent.agree"
      echo "tap next"
      echo "tap next"
      for a in $ANSWERS; do echo "tap $a"; done
      echo "expect-screen review"
      echo "tap review.done"
      echo "expect-screen result"
      echo "screenshot result-$name.png"
      echo "tap scroll.more"
      echo "screenshot result-$name-sentences.png"
      echo "quit"
    } > "$D/$name.txt"
    "$K" --headless --size "$size" --data-dir "$D/data-$name" --script "$D/$name.txt" --shots-dir "$HERE"
  done
done
# The scan screen on a device with a camera (shared/camera/): image files
# stand in for the camera (--camera-frames), here one empty grey frame.
mkdir -p "$D/frames"
printf 'P5\n64 48\n255\n' > "$D/frames/counter.pgm"
head -c 3072 /dev/zero | tr '\0' '\200' >> "$D/frames/counter.pgm"
printf 'tap start\ntap compare\nexpect-screen scan\nwait-text Houd de code voor de camera.\nscreenshot scan-camera-1280x800-100.png\nquit\n' > "$D/camera.txt"
"$K" --headless --size 1280x800 --data-dir "$D/data-camera" --script "$D/camera.txt" --shots-dir "$HERE" --camera-frames "$D/frames"
rm -rf "$D"
