"""Personas, a standard procedure and dossiers in each state for the office tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.accounts.roles import Role
from motcua.catalog.models import Fee, RequiredDocument
from motcua.dossiers import services
from motcua.testing import Province, make_procedure

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 2 November 2026, 09:00 in Hà Nội: an ordinary working day.
MONDAY_9 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=VN)
ID_NUMBER = "001090012345"


@pytest.fixture
def frozen():
    with time_machine.travel(MONDAY_9, tick=False) as traveller:
        yield traveller


@pytest.fixture
def p(db) -> Province:
    return Province.build()


def standard_procedure(p: Province):
    """Five working days in four steps at commune A, two documents (one optional)."""
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
    RequiredDocument.objects.create(
        procedure=procedure, order=1, name="Đơn đề nghị cấp giấy phép", originals=1
    )
    RequiredDocument.objects.create(
        procedure=procedure, order=2, name="Bản vẽ thiết kế", copies=2, mandatory=False
    )
    Fee.objects.create(procedure=procedure, name="Lệ phí cấp giấy phép", amount=75000)
    return procedure


@pytest.fixture
def procedure(p):
    return standard_procedure(p)


def applicant(**extra) -> services.Applicant:
    values = {
        "name": "Nguyễn Văn An",
        "id_number": ID_NUMBER,
        "birth_date": dt.date(1990, 5, 17),
        "phone": "0912345678",
        "email": "an@example.vn",
        "address": "Thôn 1, xã An Bình",
    }
    values.update(extra)
    return services.Applicant(**values)


@pytest.fixture
def receive(p, procedure):
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


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
