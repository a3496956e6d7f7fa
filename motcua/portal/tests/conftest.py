"""A province, an online procedure with two required documents, a verified citizen,
and helpers to move a dossier forward through the dossier services."""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.roles import Role
from motcua.catalog.models import Fee, OnlineMode, RequiredDocument
from motcua.dossiers import services as ds
from motcua.testing import Province, make_procedure

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY_9 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=VN)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def pdf(name: str = "don.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def frozen():
    with time_machine.travel(MONDAY_9, tick=False) as traveller:
        yield traveller


@pytest.fixture
def p(db) -> Province:
    province = Province.build()
    province.citizen.email_verified = True
    province.citizen.address = "Thôn 1, xã An Bình"
    province.citizen.save()
    return province


@pytest.fixture
def procedure(p):
    procedure = make_procedure(
        "1.000001",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        days=5,
        online_mode=OnlineMode.FULL,
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
    RequiredDocument.objects.create(
        procedure=procedure, order=2, name="Bản vẽ thiết kế", mandatory=False
    )
    Fee.objects.create(procedure=procedure, name="Lệ phí cấp giấy phép", amount=75_000)
    return procedure


def applicant(**extra) -> ds.Applicant:
    values = {
        "name": "Nguyễn Văn An",
        "id_number": "001090012345",
        "birth_date": dt.date(1990, 5, 17),
        "phone": "0912345678",
        "email": "an@example.vn",
        "address": "Thôn 1, xã An Bình",
    }
    values.update(extra)
    return ds.Applicant(**values)


@pytest.fixture
def online(p, procedure):
    """A dossier filed online by the citizen, then accepted by the receiving officer."""

    def _online(*, accept: bool = True, **kwargs):
        values = {
            "actor": p.citizen,
            "procedure": procedure,
            "applicant": applicant(),
            "receiving_point": p.commune_a_point,
            "agency": p.commune_a,
        }
        values.update(kwargs)
        dossier = ds.dossier_submit(**values)
        if accept:
            dossier = ds.dossier_accept(actor=p.officer_a, dossier=dossier)
        return dossier

    return _online


@functools.cache
def result_pdf() -> bytes:
    """A real PDF for results: approval signs it (Decree 118 Art. 22.1)."""
    from motcua.paperwork.pdf import render_html_to_pdf

    return render_html_to_pdf("<h1>GIẤY CHỨNG NHẬN</h1><p>Kết quả giải quyết</p>")


def finish(p, dossier, *, result: bytes | None = None):
    """Move an accepted dossier to "Đã xử lý xong" (9)."""
    d = ds.dossier_forward(actor=p.officer_a, dossier=dossier)
    d = ds.dossier_forward(actor=p.specialist_a, dossier=d)
    d = ds.dossier_approve(
        actor=p.leader_a,
        dossier=d,
        note="Cấp phép",
        result_file=SimpleUploadedFile("kq.pdf", result) if result else None,
    )
    d = ds.dossier_forward(actor=p.leader_a, dossier=d)
    return ds.dossier_finish(actor=p.officer_a, dossier=d)
