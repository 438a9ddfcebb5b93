#!/usr/bin/env bash
# Make a Debian package's tool available for the tests that need it.
#
# Usage: scripts/install-debian.sh PACKAGE PURPOSE REASON_FILE COMMAND [COMMAND ...]
# Installs nothing if one of the COMMANDs is already on PATH. Otherwise installs PACKAGE with
# apt-get, as root or through sudo. Where neither can install it, says so in one line, writes
# that line to REASON_FILE (the tests that need it then report it as their skip reason) and
# still exits 0, so the rest of the test suite runs. Exits non-zero only if an install was
# attempted and failed.
set -u

package=$1 purpose=$2 reason_file=$3
shift 3
say() { echo ">> $*"; }
unavailable() {
  say "$package not installed: $1; $purpose will be skipped"
  if [ -n "$reason_file" ]; then
    mkdir -p "$(dirname "$reason_file")" && printf '%s\n' "$1" >"$reason_file"
  fi
  exit 0
}

[ -n "$reason_file" ] && rm -f "$reason_file"
for name in "$@"; do
  if command -v "$name" >/dev/null 2>&1; then exit 0; fi
done

command -v apt-get >/dev/null 2>&1 || unavailable "no apt-get on this machine (install $package by hand)"
if [ "$(id -u)" = 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo)
else
  unavailable "not root and no password-less sudo (run: sudo apt-get install $package)"
fi

say "installing $package (Debian package) for $purpose"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq || {
  echo "error: apt-get update failed" >&2; exit 1; }
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null || {
  echo "error: apt-get install $package failed" >&2; exit 1; }
