#!/usr/bin/env bash
# The Debian packages MotCua uses beyond Python, in one place:
#   scripts/system-packages.sh          fonts with every Vietnamese letter (official PDF forms)
#   scripts/system-packages.sh --test   and what the tests drive: Chromium, pdftotext
# Installs what is missing when run as root; otherwise says what to install. Never fails.
set -uo pipefail
wanted=(fonts-liberation2)
[[ "${1:-}" == "--test" ]] && wanted+=(chromium poppler-utils)
missing=()
for package in "${wanted[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "Cài đặt gói hệ thống: ${missing[*]}"
  install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; }
  install || { apt-get update -qq >/dev/null 2>&1 && install; } \
    || echo "Không cài được ${missing[*]}: biểu mẫu PDF hoặc các bài kiểm thử trên trình duyệt sẽ không chạy được."
else
  echo "Cần cài các gói: sudo apt-get install ${missing[*]}"
fi
exit 0
