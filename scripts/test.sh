#!/usr/bin/env bash
# The whole check: lint, migrations, the suite on SQLite, then on a throw-away PostgreSQL 15.
#   scripts/test.sh [--sqlite-only] [pytest arguments...]
# As root it installs what the tests need (Chromium, PostgreSQL) from Debian.
# Under CI=true a missing PostgreSQL fails the run; elsewhere that half is skipped, loudly.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
sqlite_only=0
if [[ "${1:-}" == "--sqlite-only" ]]; then sqlite_only=1; shift; fi

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

apt_install() {
  [[ $(id -u) -eq 0 ]] || return 1
  command -v apt-get >/dev/null || return 1
  if [[ ! -f /tmp/.motcua-apt-updated ]]; then apt-get update -qq && touch /tmp/.motcua-apt-updated; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Chromium and pdftotext for the browser and form tests, Liberation Serif 2 for the forms.
# Under CI=true a package that cannot be installed fails the run here.
scripts/system-packages.sh --test

say "ruff check"
$BIN/ruff check .

say "migrations are complete"
DJANGO_SETTINGS_MODULE=motcua.settings_test $BIN/python manage.py makemigrations --check --dry-run

jobs=$(nproc 2>/dev/null || echo 2)

say "test suite on SQLite"
env -u DATABASE_URL $BIN/pytest -q -n "$jobs" "$@"

if [[ $# -eq 0 ]]; then
  say "concurrent intake on a SQLite file (the in-memory test database cannot share writers)"
  env -u DATABASE_URL SQLITE_TEST_FILE=true $BIN/pytest -q -p no:xdist \
    motcua/dossiers/tests/test_codes.py motcua/dossiers/tests/test_concurrency.py
fi

[[ $sqlite_only -eq 1 ]] && exit 0

say "test suite on PostgreSQL"
find_pg() {
  local dir
  for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/initdb" ]] && { echo "$dir"; return 0; }
  done
  return 0
}

if [[ -n "${DATABASE_URL_POSTGRES:-}" ]]; then
  DATABASE_URL="$DATABASE_URL_POSTGRES" $BIN/pytest -q -n "$jobs" "$@"
  exit 0
fi
pg_bin=$(find_pg)
if [[ -z "$pg_bin" ]]; then
  apt_install postgresql-15 || apt_install postgresql || true
  pg_bin=$(find_pg)
fi
if [[ -z "$pg_bin" || $(id -u) -ne 0 ]]; then
  echo "!!! PostgreSQL is not available here: the PostgreSQL half of the suite did NOT run."
  echo "!!! Run as root (a throw-away cluster is started) or set DATABASE_URL_POSTGRES."
  [[ "${CI:-}" == "true" ]] && exit 1
  exit 0
fi

source scripts/pg-cluster.sh
pg_cluster_start "$pg_bin"
trap pg_cluster_stop EXIT
DATABASE_URL="$PG_URL" $BIN/pytest -q -n "$jobs" "$@"
