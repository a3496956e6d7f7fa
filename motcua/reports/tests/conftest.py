"""Data for the report tests: a province with dossiers made by ``generate``, built once
per test module (inside a transaction rolled back at the end)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction

from motcua.demo.dossiers import generate
from motcua.testing import VN, Province, standard_procedure

NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=VN)


def build_province() -> Province:
    p = Province.build()
    standard_procedure(p)
    return p


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        p = build_province()
        generate(count=120, seed=7, days=90, now=NOW)
        yield p
        transaction.set_rollback(True)


@pytest.fixture
def frozen():
    """The clock at ``NOW``, the end of the generated data (the report pages default to
    the current period)."""
    with time_machine.travel(NOW, tick=False):
        yield
