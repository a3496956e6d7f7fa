#!/usr/bin/env bash
# The production stack on this machine: migrate, collect static files, then gunicorn
# (deploy/gunicorn.conf.py) and one task worker, stopped together by Ctrl+C.
#   scripts/serve.sh [port]
# Uses the configured database (DATABASE_URL, else the SQLite file under var/). DEBUG stays
# off; SECRET_KEY, SITE_URL and ALLOWED_HOSTS are taken from the environment, or set for
# this machine when absent (the key in var/secret_key, made once).
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-8000}"
BIN=.venv/bin
var="${MOTCUA_VAR_DIR:-var}"
mkdir -p "$var"
if [[ -z "${SECRET_KEY:-}" && -z "${SECRET_KEY_FILE:-}" ]]; then
  [[ -s "$var/secret_key" ]] || (umask 077 && $BIN/python -c 'import secrets; print(secrets.token_urlsafe(50))' >"$var/secret_key")
  export SECRET_KEY_FILE="$var/secret_key"
fi
export DEBUG=false
export SITE_URL="${SITE_URL:-http://127.0.0.1:${port}}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export WEB_BIND="${WEB_BIND:-127.0.0.1:${port}}"

$BIN/python manage.py migrate --no-input
$BIN/python manage.py collectstatic --no-input -v0
$BIN/python manage.py worker --no-reload >>"$var/worker.log" 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo "MotCua: $SITE_URL  (gunicorn, $($BIN/python -c 'import runpy; print(runpy.run_path("deploy/gunicorn.conf.py")["workers"])') workers; task worker log: $var/worker.log)"
$BIN/gunicorn -c deploy/gunicorn.conf.py motcua.wsgi:application
