#!/usr/bin/env bash
# Make headless Chromium available for the browser test of briefings (Debian's package).
#
# Usage: scripts/install-browser.sh [REASON_FILE]
# See scripts/install-debian.sh: nothing is installed if a Chromium is on PATH; where it
# cannot be installed, one line says why (also written to REASON_FILE) and the exit status is 0.
exec bash "$(dirname "$0")/install-debian.sh" chromium "the browser test" "${1:-}" \
  chromium chromium-browser google-chrome google-chrome-stable
