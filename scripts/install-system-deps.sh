#!/usr/bin/env bash
# Installs the Debian packages ECG Render needs, when any is missing (idempotent, quick when
# everything is there). --with-services also installs PostgreSQL and Redis for the test suite.
set -euo pipefail

packages=(ffmpeg chromium chromium-headless-shell fonts-noto-cjk fonts-noto-core fonts-liberation fonts-dejavu-core fontconfig)
if [[ "${1:-}" == "--with-services" ]]; then
  packages+=(postgresql redis-server)
fi

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "Installing Debian packages: ${missing[*]}"
sudo=""
if [[ "$(id -u)" -ne 0 ]]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
