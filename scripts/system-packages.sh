#!/usr/bin/env bash
# Best effort: the Debian packages MotCua uses beyond Python (fonts with every Vietnamese
# letter for the official PDF forms). Installs them when run as root; otherwise says what to install.
set -uo pipefail
missing=()
dpkg -s fonts-liberation2 >/dev/null 2>&1 || missing+=(fonts-liberation2)
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "Cài đặt gói hệ thống: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; } \
    || echo "Không cài được ${missing[*]}: các biểu mẫu PDF sẽ chưa in được."
else
  echo "Để in biểu mẫu PDF, hãy cài: sudo apt-get install ${missing[*]}"
fi
exit 0
