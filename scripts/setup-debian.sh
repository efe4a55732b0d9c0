#!/usr/bin/env bash
# The system packages SymFold's tests and `npm start` need on Debian 12, from Debian alone.
# Run as root (or with sudo). Safe to run again.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

# Mesa >= 25 (lavapipe, the software Vulkan driver) comes from bookworm-backports: Dawn rejects
# Debian 12's own Mesa 22. It lets the WebGPU path run, and be tested, without a GPU.
if ! grep -rqs bookworm-backports /etc/apt/sources.list /etc/apt/sources.list.d/; then
  $SUDO tee /etc/apt/sources.list.d/symfold-backports.sources >/dev/null <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
$SUDO apt-get update -q
# chromium: the browser tests and `npm start` screenshots; libkrb5-dev: code-server's kerberos
# addon; python3-numpy: the .npy fixture generator.
$SUDO apt-get install -y -q --no-install-recommends chromium libkrb5-dev python3-numpy
$SUDO apt-get install -y -q --no-install-recommends -t bookworm-backports mesa-vulkan-drivers libvulkan1
