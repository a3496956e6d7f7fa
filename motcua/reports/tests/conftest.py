"""Data for the report tests: a province with dossiers made by ``generate``, built once
per test module (inside a transaction rolled back at the end)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.dossiers.generator import generate
from motcua.testing import Province, make_procedure

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=VN)


def build_province() -> Province:
    p = Province.build()
    make_procedure(
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
    p.citizen.kind = User.Kind.CITIZEN
    p.citizen.save()
    return p


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        p = build_province()
        generate(count=120, seed=7, days=90, now=NOW)
        yield p
        transaction.set_rollback(True)
