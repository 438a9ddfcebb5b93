#!/usr/bin/env bash
# Make Tesseract available to read scanned letters by OCR (Debian's tesseract-ocr, which
# brings its English data), for the tests that read scans.
#
# Usage: scripts/install-ocr.sh [REASON_FILE]
# See scripts/install-debian.sh: nothing is installed if tesseract is on PATH; where it cannot
# be installed, one line says why (also written to REASON_FILE) and the exit status is 0.
exec bash "$(dirname "$0")/install-debian.sh" tesseract-ocr "the OCR tests" "${1:-}" tesseract
