#!/usr/bin/env bash
# Installs what embargo needs to build and test on Debian 12, if missing.
# Uses sudo when not run as root.
set -eu
pkgs=(build-essential pkg-config libicu-dev libxxhash-dev libxml2-dev libzip-dev libjansson-dev libssl-dev libmicrohttpd-dev python3 clang libclang-rt-14-dev time wrk)
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
