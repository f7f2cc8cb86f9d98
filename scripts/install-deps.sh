#!/usr/bin/env bash
# Installs the Debian packages the local run and the tests need, only when they are missing.
# Usage: scripts/install-deps.sh run|test
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-test}
need=(influxdb curl)
if [ "$mode" = test ]; then
  # chromium drives the dashboard tests (headless); the fonts make the Chinese screenshots readable.
  need+=(mosquitto victoria-metrics docker-compose chromium fonts-liberation fonts-noto-cjk)
fi
missing=()
for pkg in "${need[@]}"; do
  # "install ok installed" only: a removed package keeps its config files and still answers dpkg -s.
  [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" = "install ok installed" ] || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# node-opcua, the OPC UA peer of the interoperability tests (pinned in its package-lock.json).
if [ "$mode" = test ] && [ ! -d tests/IIoT.Testing/NodeOpcua/node_modules/node-opcua ]; then
  if ! command -v npm >/dev/null 2>&1; then
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
  echo "Installing node-opcua for the interoperability tests"
  npm ci --prefix tests/IIoT.Testing/NodeOpcua --no-audit --no-fund --loglevel=error
fi
# The Debian packages would start their services where an init system runs; the tests start their own copies.
for svc in influxdb mosquitto victoria-metrics; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    echo "note: the system's $svc service is running; tests use their own ports and do not touch it"
  fi
done
