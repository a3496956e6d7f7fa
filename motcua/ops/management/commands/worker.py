"""``manage.py worker``: the background-task worker (django-tasks-db's ``db_worker``, with
the same options) that also records a heartbeat for ``/healthz``."""

from __future__ import annotations

import os
import socket
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from motcua.ops.models import WorkerHeartbeat


def beat(*, worker_id: str, started_at) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": timezone.now(),
        },
    )


def _beat_forever(worker_id: str, stop: threading.Event) -> None:
    started_at = timezone.now()
    while True:
        try:
            beat(worker_id=worker_id, started_at=started_at)
        except DatabaseError:
            pass  # the database is away: the missing beat is what /healthz reports
        finally:
            connection.close()  # this thread's own connection
        if stop.wait(settings.WORKER_HEARTBEAT_SECONDS):
            return


class Command(db_worker.Command):
    help = "Chạy tiến trình xử lý tác vụ nền và báo hiệu cho /healthz."

    def handle(self, *args, **options):
        # Under the autoreloader only the child process works; the parent only watches files.
        working = not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        stop = threading.Event()
        if working and not options["batch"]:
            threading.Thread(
                target=_beat_forever,
                args=(options["worker_id"], stop),
                name="heartbeat",
                daemon=True,
            ).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
