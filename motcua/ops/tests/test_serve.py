"""`make serve` (scripts/serve.sh): the production stack on this machine — migrate, collected
static files, gunicorn and the task worker — answers, and /healthz notices a dead worker."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from motcua.ops.tests.conftest import ROOT, production_env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return 0, ""


def wait_for(url: str, status: int, seconds: float, server: subprocess.Popen) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    answer = (0, "")
    while time.monotonic() < deadline and server.poll() is None:
        answer = get(url)
        if answer[0] == status:
            return answer
        time.sleep(0.5)
    return answer


def worker_pids(session: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if os.getsid(int(entry.name)) == session and "manage.py worker" in command:
                pids.append(int(entry.name))
        except (OSError, ProcessLookupError):
            continue
    return pids


def test_the_production_stack_serves_and_reports_its_worker(tmp_path):
    port = free_port()
    database = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'motcua.sqlite3'}"
    env = production_env(
        tmp_path,
        SITE_URL=None,  # make serve's own default for this machine
        ALLOWED_HOSTS=None,
        DATABASE_URL=database,
        WORKER_HEARTBEAT_SECONDS="1",
        WORKER_HEARTBEAT_MAX_SECONDS="4",
        WEB_WORKERS="2",
    )
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        ["scripts/serve.sh", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        status, body = wait_for(f"{base}/healthz", 200, 240, server)
        assert status == 200, (tmp_path / "serve.log").read_text()[-3000:]

        status, home = get(f"{base}/")
        assert status == 200
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home).group(1)
        assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet)  # named through the manifest
        assert get(base + stylesheet)[0] == 200

        for pid in worker_pids(server.pid):
            os.kill(pid, signal.SIGKILL)
        status, body = wait_for(f"{base}/healthz", 503, 30, server)
        assert status == 503 and '"database": true' in body
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
