"""Two people act on one dossier at once: exactly one wins (PostgreSQL row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from motcua.dossiers.actions.core import StaleDossier
from motcua.dossiers.actions.endings import dossier_stop
from motcua.dossiers.actions.steps import dossier_forward
from motcua.dossiers.models import Dossier, Event
from motcua.lib.errors import InvalidTransition


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except BaseException as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_actions_one_wins(p, receive, threads):
    d = receive()
    version = d.version
    results = run_together(
        lambda: dossier_forward(actor=p.officer_a, dossier=d.pk, version=version),
        lambda: dossier_stop(actor=p.leader_a, dossier=d.pk, reason="Dừng", version=version),
    )
    winners = [r for r in results if isinstance(r, Dossier)]
    losers = [r for r in results if isinstance(r, StaleDossier)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert losers[0].message == "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang."
    assert Event.objects.filter(dossier_id=d.pk).count() == 2


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_action_twice_without_version_runs_once(p, receive, threads):
    d = receive()
    results = run_together(
        *[lambda: dossier_stop(actor=p.leader_a, dossier=d.pk, reason="Dừng")] * 2
    )
    assert sum(isinstance(r, Dossier) for r in results) == 1
    assert sum(isinstance(r, InvalidTransition) for r in results) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_intake_gets_distinct_gapless_codes(p, procedure, receive, threads):
    procedure_id = procedure.pk

    def intake():
        return [receive().code for _ in range(5)]

    results = run_together(*[intake] * 4)
    assert all(isinstance(r, list) for r in results), results
    codes = sorted(code for batch in results for code in batch)
    assert [int(code.rsplit("-", 1)[1]) for code in codes] == list(range(1, 21))
    assert Dossier.objects.filter(procedure_id=procedure_id).count() == 20
