from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, transaction

from motcua.dossiers import codes
from motcua.dossiers.models import DailySequence
from motcua.testing import MONDAY_9, at


def test_format_follows_decree_118_art_28():
    assert codes.format_code("H15.50.05.13", dt.date(2026, 11, 23), 1) == "H15.50.05.13-261123-0001"


@pytest.mark.django_db
def test_numbers_run_per_agency_and_day(p, receive, frozen):
    first = receive()
    second = receive()
    tomorrow = receive(at=at(1))
    assert first.code.endswith("-261102-0001") and second.code.endswith("-261102-0002")
    assert tomorrow.code.endswith("-261103-0001")
    assert DailySequence.objects.get(agency=p.commune_a, day=dt.date(2026, 11, 2)).last == 2


@pytest.mark.django_db
def test_the_day_is_the_local_day(p, receive, frozen):
    # 23:30 UTC on 1 November is 06:30 on 2 November in Hà Nội.
    d = receive(at=dt.datetime(2026, 11, 1, 23, 30, tzinfo=dt.UTC))
    assert "-261102-" in d.code


@pytest.mark.django_db
def test_a_rolled_back_intake_leaves_no_gap(p, receive, frozen):
    receive()
    with pytest.raises(RuntimeError), transaction.atomic():
        receive()
        raise RuntimeError
    assert receive().code.endswith("-0002")


@pytest.mark.django_db(transaction=True)
def test_concurrent_numbering_has_no_duplicates_or_gaps(p, threads):
    """Several threads draw numbers at once (SQLite serialises them, PostgreSQL locks the row)."""
    day = MONDAY_9.date()
    drawn: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def worker():
        try:
            barrier.wait()
            for _ in range(10):
                with transaction.atomic():
                    drawn.append(codes.next_number(p.commune_a.pk, day))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(drawn) == list(range(1, 41))
