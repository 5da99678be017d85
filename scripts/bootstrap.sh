#!/usr/bin/env bash
# Installs what embargo needs to build and test on Debian 12, if missing.
# Uses sudo when not run as root.
set -eu
pkgs=(build-essential pkg-config libicu-dev libxxhash-dev libxml2-dev libzip-dev libjansson-dev libssl-dev libcurl4-openssl-dev libsqlite3-dev python3 clang libclang-rt-14-dev time)
# The HTTP server (embargo serve) and its benchmark (make bench-http).
pkgs+=(libmicrohttpd-dev wrk)
# The Python package (python/): venv and pip, the headers its extension is
# compiled against, cffi, and what its tests use (pytest, pandas); Java for
# the Spark tests (PySpark itself comes from PyPI: make test-spark).
pkgs+=(python3-venv python3-pip python3-dev python3-setuptools python3-wheel python3-cffi python3-pytest python3-pandas default-jre-headless)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
