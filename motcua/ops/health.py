"""What ``/healthz`` reports: the database answers, every migration is applied, and a
background-task worker has been seen lately. No personal data; cheap enough to be polled
every second (one query, two when the database answers)."""

from __future__ import annotations

import time
from typing import TypedDict

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Max
from django.utils import timezone

from motcua.ops.models import WorkerHeartbeat


class Health(TypedDict):
    status: str  # "ok" or "unavailable"
    database: bool
    migrations: bool | None  # None: not checked, the database did not answer
    worker_seconds: int | None  # since the last heartbeat; None: never seen or not checked


MIGRATIONS_RECHECK_SECONDS = 30
# Applied migrations are read from the database at most every MIGRATIONS_RECHECK_SECONDS
# until they are all applied; after that never again in this process (a deployment that
# migrates restarts the processes).
_migrations = {"applied": False, "checked_at": float("-inf")}


def _migrations_applied() -> bool:
    if _migrations["applied"]:
        return True
    now = time.monotonic()
    if now - _migrations["checked_at"] >= MIGRATIONS_RECHECK_SECONDS:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        _migrations.update(applied=not plan, checked_at=now)
    return _migrations["applied"]


def health() -> Health:
    try:
        migrations = _migrations_applied()
        # Before the migrations, the heartbeat table may not exist yet.
        last_seen = (
            WorkerHeartbeat.objects.aggregate(last=Max("seen_at"))["last"] if migrations else None
        )
    except DatabaseError:
        return Health(status="unavailable", database=False, migrations=None, worker_seconds=None)
    seconds = (
        None if last_seen is None else max(0, int((timezone.now() - last_seen).total_seconds()))
    )
    worker_ok = seconds is not None and seconds <= settings.WORKER_HEARTBEAT_MAX_SECONDS
    ok = migrations and worker_ok
    return Health(
        status="ok" if ok else "unavailable",
        database=True,
        migrations=migrations,
        worker_seconds=seconds,
    )
