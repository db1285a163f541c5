#!/usr/bin/env bash
# Installs what the build, the tests and the benchmarks need and is missing:
# Debian packages with apt-get, npm packages with npm ci. Idempotent and quiet
# when everything is already there, so every make target can call it.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBS=(build-essential cmake pkg-config clang libclang-rt-14-dev clang-format
      libsqlite3-dev libjansson-dev libsodium-dev libcmocka-dev
      libxlsxwriter-dev libzip-dev libexpat1-dev sqlite3 libxml2-utils
      chromium wrk nginx-light curl python3 postgresql-15 libpq-dev
      lintian systemd  # make deb and its tests (lintian, systemd-analyze verify)
      libcurl4-openssl-dev)  # mail: the SMTP client and the SMS provider's HTTP client
# Node.js and npm: the machine may already have them from another source
# (NodeSource), whose nodejs conflicts with Debian's npm package.
command -v node >/dev/null || DEBS+=(nodejs)
command -v npm >/dev/null || DEBS+=(npm)

missing=()
for p in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "plam: installation des paquets Debian manquants : ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}" >/dev/null
fi

# npm packages (UI assets, browser tests, OpenAPI lint), pinned by package-lock.json.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "plam: installation des paquets npm"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error
  else npm install --no-audit --no-fund --loglevel=error; fi
fi
