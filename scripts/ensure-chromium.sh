#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the end-to-end tests (playwright-core drives it;
# no browser is ever downloaded). Installs it with apt-get when running as root; otherwise says how.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium not found: installing Debian's chromium package (for the end-to-end tests)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  "$CHROMIUM" --version
  exit 0
fi
echo "Chromium is required for the end-to-end tests: run 'sudo apt-get install chromium' and retry." >&2
exit 1
