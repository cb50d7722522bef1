#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the end-to-end tests (playwright-core drives it;
# no browser is ever downloaded), with a Japanese font so cards in Japanese (and the language
# names on every language card) render as text, not boxes. Installs with apt-get when running as
# root; otherwise says how.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
packages=()
[ -x "$CHROMIUM" ] || packages+=(chromium fonts-dejavu-core)
if ! (command -v fc-list >/dev/null 2>&1 && fc-list :lang=ja | grep -q .); then
  packages+=(fonts-ipafont-gothic)
fi
if [ "${#packages[@]}" -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${packages[*]} from Debian (for the end-to-end tests)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  "$CHROMIUM" --version
  exit 0
fi
if [ -x "$CHROMIUM" ]; then
  echo "No Japanese font: Japanese text will show as boxes in e2e screenshots ('sudo apt-get install fonts-ipafont-gothic')." >&2
  exit 0
fi
echo "Chromium is required for the end-to-end tests: run 'sudo apt-get install chromium' and retry." >&2
exit 1
