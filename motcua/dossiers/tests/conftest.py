"""Personas and a standard procedure for the dossier tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from motcua.accounts.roles import Role
from motcua.catalog.models import RequiredDocument
from motcua.dossiers import services
from motcua.testing import Province, make_procedure

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 2 November 2026, 09:00 in Hà Nội: an ordinary working day.
MONDAY_9 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=VN)


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason="needs PostgreSQL (row locks, true concurrency)")
    for item in items:
        if "postgres_only" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(skip)


@pytest.fixture
def threads(transactional_db):
    """For tests that run database work in several threads.

    The in-memory SQLite test database uses a shared cache whose table locks ignore the
    busy timeout: such tests need a file database (SQLITE_TEST_FILE=true) or PostgreSQL.
    """
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads need a file SQLite database (SQLITE_TEST_FILE=true) or PostgreSQL")
    return True


@pytest.fixture
def frozen():
    with time_machine.travel(MONDAY_9, tick=False) as traveller:
        yield traveller


@pytest.fixture
def p(db) -> Province:
    return Province.build()


@pytest.fixture
def procedure(p):
    """Five working days in four steps, competent agency commune A."""
    procedure = make_procedure(
        "1.000001",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        days=5,
        agencies=[p.commune_a],
        steps=[
            ("Tiếp nhận, chuyển hồ sơ", Role.RECEIVING_OFFICER, None, 4),
            ("Thẩm định hồ sơ", Role.SPECIALIST, None, 28),
            ("Phê duyệt kết quả", Role.AGENCY_LEADER, None, 4),
            ("Trả kết quả", Role.RECEIVING_OFFICER, None, 4),
        ],
        delivery_electronic=True,
    )
    RequiredDocument.objects.create(procedure=procedure, order=1, name="Đơn đề nghị cấp phép")
    RequiredDocument.objects.create(procedure=procedure, order=2, name="Bản vẽ thiết kế")
    return procedure


def applicant(p=None, **extra) -> services.Applicant:
    values = {
        "name": "Nguyễn Văn An",
        "id_number": "001090012345",
        "birth_date": dt.date(1990, 5, 17),
        "phone": "0912345678",
        "email": "an@example.vn",
        "address": "Thôn 1, xã An Bình",
    }
    values.update(extra)
    return services.Applicant(**values)


@pytest.fixture
def receive(p, procedure):
    """Receive a dossier at commune A's counter (defaults can be overridden)."""

    def _receive(**kwargs):
        values = {
            "actor": p.officer_a,
            "procedure": procedure,
            "applicant": applicant(),
            "receiving_point": p.commune_a_point,
            "agency": p.commune_a,
        }
        values.update(kwargs)
        return services.dossier_receive(**values)

    return _receive


@pytest.fixture
def submit(p, procedure):
    """A citizen files online at commune A's one-stop centre."""

    def _submit(**kwargs):
        values = {
            "actor": p.citizen,
            "procedure": procedure,
            "applicant": applicant(),
            "receiving_point": p.commune_a_point,
            "agency": p.commune_a,
        }
        values.update(kwargs)
        return services.dossier_submit(**values)

    return _submit


def at(days: int = 0, hours: float = 0) -> dt.datetime:
    return MONDAY_9 + dt.timedelta(days=days, hours=hours)
