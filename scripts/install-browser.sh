#!/usr/bin/env bash
# Make headless Chromium available for the browser test of briefings (Debian's package).
#
# Usage: scripts/install-browser.sh [REASON_FILE]
# Installs nothing if a Chromium is already on PATH. Otherwise installs the `chromium` package
# with apt-get, as root or through sudo. Where neither can install it, says so in one line,
# writes that line to REASON_FILE (the browser test then reports it as its skip reason) and
# still exits 0, so the rest of the test suite runs. Exits non-zero only if an install was
# attempted and failed.
set -u

reason_file=${1:-}
say() { echo ">> $*"; }
unavailable() {
  say "chromium not installed: $1; the browser test will be skipped"
  if [ -n "$reason_file" ]; then
    mkdir -p "$(dirname "$reason_file")" && printf '%s\n' "$1" >"$reason_file"
  fi
  exit 0
}

[ -n "$reason_file" ] && rm -f "$reason_file"
for name in chromium chromium-browser google-chrome google-chrome-stable; do
  if command -v "$name" >/dev/null 2>&1; then exit 0; fi
done

command -v apt-get >/dev/null 2>&1 || unavailable "no apt-get on this machine (install Chromium by hand)"
if [ "$(id -u)" = 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo)
else
  unavailable "not root and no password-less sudo (run: sudo apt-get install chromium)"
fi

say "installing chromium (Debian package) for the browser test"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq || {
  echo "error: apt-get update failed" >&2; exit 1; }
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || {
  echo "error: apt-get install chromium failed" >&2; exit 1; }
