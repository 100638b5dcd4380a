#!/usr/bin/env bash
# Installs the Debian 12 packages the project builds, runs and tests with.
# Idempotent and quick when everything is there already: it asks dpkg first
# and only calls apt-get for what is missing. Debian packages only.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libsdl2-dev libimgui-dev libstb-dev
  libsqlite3-dev sqlite3 libcurl4-openssl-dev libssl-dev openssl
  libsodium-dev nlohmann-json3-dev catch2
  libespeak-ng-dev espeak-ng-data libqrencode-dev libcpp-httplib-dev
  fonts-noto-core xvfb
  optipng
  nodejs
  cage systemd
  ccache
  zbar-tools libzbar-dev
  libcairo2-dev libcups2-dev
  cups printer-driver-cups-pdf poppler-utils
  chromium
  postgresql libpq-dev
  libzip-dev libxml2-dev libxlsxwriter-dev
  libfribidi-dev libharfbuzz-dev tesseract-ocr tesseract-ocr-ara
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

# Debian's nodejs ships without npm (the FHIR validator tests run `npm ci`);
# a Node.js that brings its own npm needs no package.
if ! command -v npm >/dev/null 2>&1 && ! dpkg-query -W -f='${Status}' npm 2>/dev/null | grep -q 'install ok installed'; then
  missing+=(npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
