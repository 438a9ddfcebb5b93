#!/usr/bin/env bash
# Make LibreOffice available to read .doc, .rtf and .odt letters (Debian's
# libreoffice-writer-nogui), for the tests that read them.
#
# Usage: scripts/install-office.sh [REASON_FILE]
# See scripts/install-debian.sh: nothing is installed if soffice is on PATH; where it cannot be
# installed, one line says why (also written to REASON_FILE) and the exit status is 0.
exec bash "$(dirname "$0")/install-debian.sh" libreoffice-writer-nogui "the .doc, .rtf and .odt tests" \
  "${1:-}" soffice libreoffice
