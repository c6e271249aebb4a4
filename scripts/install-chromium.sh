#!/usr/bin/env sh
# The browser checks (print to PDF, the room view, phones) need Debian's Chromium and
# poppler's pdftotext; the phone tests read the terminal's QR code back with zbarimg (zbar-tools).
# Installed once, with sudo where we are not root; CI runs as root.
set -eu
if command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 \
    && command -v zbarimg >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium poppler-utils fonts-dejavu-core zbar-tools >/dev/null
