#!/usr/bin/env bash
# Serve the demo: the web server and one background-task worker, stopped together.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-8000}"
.venv/bin/python manage.py worker >var/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo "Máy chủ thử nghiệm: http://127.0.0.1:${port}/  (Ctrl+C để dừng)"
.venv/bin/python manage.py runserver "127.0.0.1:${port}"
