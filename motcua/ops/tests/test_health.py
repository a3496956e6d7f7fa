"""/healthz: 200 when the database answers, every migration is applied and a worker beats;
503 otherwise; no personal data and no login."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import OperationalError
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from motcua.ops import health
from motcua.ops.management.commands.worker import beat
from motcua.ops.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch):
    """Each test is a new process: nothing known about migrations yet."""
    monkeypatch.setattr(health, "_migrations", {"applied": False, "checked_at": float("-inf")})


def test_it_answers_ok_when_a_worker_beat_lately(client):
    beat(worker_id="w1", started_at=timezone.now())
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": True,
        "migrations": True,
        "worker_seconds": 0,
    }
    assert response["Cache-Control"] == "no-store"
    assert client.get("/suc-khoe/").status_code == 200  # the older address


def test_it_answers_503_before_any_worker_has_started(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker_seconds"] is None


def test_it_answers_503_when_the_worker_has_been_silent_too_long(client, settings):
    settings.WORKER_HEARTBEAT_MAX_SECONDS = 120
    beat(worker_id="w1", started_at=timezone.now())
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=119)):
        assert client.get("/healthz").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=125)):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker_seconds"] >= 121


def test_the_newest_of_several_workers_counts(client):
    beat(worker_id="old", started_at=timezone.now())
    WorkerHeartbeat.objects.filter(worker_id="old").update(
        seen_at=timezone.now() - dt.timedelta(hours=1)
    )
    beat(worker_id="new", started_at=timezone.now())
    assert client.get("/healthz").status_code == 200


def test_it_answers_503_when_the_database_is_down(client, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(MigrationExecutor, "migration_plan", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": False,
        "migrations": None,
        "worker_seconds": None,
    }


def test_it_answers_503_while_migrations_are_missing(client, monkeypatch):
    beat(worker_id="w1", started_at=timezone.now())
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("x", False)])
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["migrations"] is False


def test_applied_migrations_are_read_once_per_process(client, django_assert_max_num_queries):
    beat(worker_id="w1", started_at=timezone.now())
    client.get("/healthz")
    with django_assert_max_num_queries(1):  # the heartbeat only
        assert client.get("/healthz").status_code == 200


def test_a_worker_beat_names_its_host_and_process():
    started = timezone.now()
    beat(worker_id="w1", started_at=started)
    beat(worker_id="w1", started_at=started)
    row = WorkerHeartbeat.objects.get()
    assert row.pid > 0 and row.hostname and row.started_at == started
