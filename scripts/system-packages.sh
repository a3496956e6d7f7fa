#!/usr/bin/env bash
# The Debian packages MotCua uses beyond Python, in one place:
#   scripts/system-packages.sh          fonts with every Vietnamese letter (official PDF forms)
#   scripts/system-packages.sh --test   and what the tests drive: Chromium, pdftotext
# Installs what is missing when run as root (waiting for another install's lock); otherwise
# says what to install. A package that stays missing fails under CI=true, where every test
# must run; elsewhere it only warns, and the tests that need it say so.
set -uo pipefail
wanted=(fonts-liberation2)
[[ "${1:-}" == "--test" ]] && wanted+=(chromium poppler-utils)

missing_packages() {
  local package
  for package in "${wanted[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || echo "$package"
  done
}

mapfile -t missing < <(missing_packages)
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "Cài đặt gói hệ thống: ${missing[*]}"
  apt=(apt-get -o DPkg::Lock::Timeout=600 -y -qq)
  install() { DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}" >/dev/null 2>&1; }
  install || { "${apt[@]}" update >/dev/null 2>&1 && install; }
  mapfile -t missing < <(missing_packages)
  [[ ${#missing[@]} -eq 0 ]] && exit 0
  echo "Không cài được ${missing[*]}: biểu mẫu PDF hoặc các bài kiểm thử trên trình duyệt sẽ không chạy được."
else
  echo "Cần cài các gói: sudo apt-get install ${missing[*]}"
fi
if [[ "${CI:-}" == "true" ]]; then
  echo "CI=true: thiếu gói hệ thống ${missing[*]} / missing system packages: ${missing[*]}" >&2
  exit 1
fi
exit 0
