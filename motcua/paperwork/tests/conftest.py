"""Personas, a procedure, dossiers built through the dossier services, and a signing key."""

from __future__ import annotations

import datetime as dt
import subprocess
import unicodedata
from functools import cache
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.accounts.roles import Role
from motcua.catalog.models import RequiredDocument
from motcua.dossiers import services
from motcua.paperwork import signing
from motcua.testing import Province, make_procedure

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 2 November 2026, 09:05 in Hà Nội: an ordinary working day.
MONDAY = dt.datetime(2026, 11, 2, 9, 5, tzinfo=VN)


def at(days: int = 0, hours: float = 0) -> dt.datetime:
    return MONDAY + dt.timedelta(days=days, hours=hours)


def pdf_text(data: bytes) -> str:
    """The text of a PDF as poppler's pdftotext reads it (NFC, whitespace collapsed)."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(unicodedata.normalize("NFC", out).split())


def pdf_info(data: bytes) -> str:
    return subprocess.run(
        ["pdfinfo", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def pdf_fonts(data: bytes) -> str:
    return subprocess.run(
        ["pdffonts", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


@cache
def key_pair(organization: str) -> tuple[bytes, bytes]:
    """One key per organisation per test run (RSA generation is the slow part)."""
    return signing.make_key_and_certificate(
        organization=organization,
        province="Tỉnh Thử Nghiệm",
        valid_from=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        key_size=2048,
    )


def install_key(settings, tmp_path, organization: str = "Ủy ban nhân dân tỉnh Thử Nghiệm"):
    key_pem, cert_pem = key_pair(organization)
    folder = tmp_path / f"key-{abs(hash(organization))}"
    signing.write_key_pair(
        key_pem, cert_pem, key_file=folder / "key.pem", cert_file=folder / "cert.pem"
    )
    settings.MOTCUA_SIGNING_KEY = str(folder / "key.pem")
    settings.MOTCUA_SIGNING_CERT = str(folder / "cert.pem")
    return cert_pem


@pytest.fixture
def agency_key(settings, tmp_path):
    """The agency's own signing key, configured in the settings."""
    settings.MOTCUA_SIGNING_TRUSTED_FINGERPRINTS = []
    return install_key(settings, tmp_path)


@pytest.fixture
def frozen():
    with time_machine.travel(MONDAY, tick=False) as traveller:
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
    RequiredDocument.objects.create(
        procedure=procedure, order=1, name="Đơn đề nghị cấp giấy phép xây dựng", originals=1
    )
    RequiredDocument.objects.create(
        procedure=procedure, order=2, name="Bản vẽ thiết kế xây dựng", copies=2
    )
    return procedure


def applicant(**extra) -> services.Applicant:
    values = {
        "name": "Nguyễn Văn Ấn",
        "id_number": "001090012345",
        "birth_date": dt.date(1990, 5, 17),
        "phone": "0912345678",
        "email": "an@example.vn",
        "address": "Thôn Đông, xã An Bình",
    }
    values.update(extra)
    return services.Applicant(**values)


@pytest.fixture
def receive(p, procedure):
    """Receive a complete dossier at commune A's counter."""

    def _receive(**kwargs):
        values = {
            "actor": p.officer_a,
            "procedure": procedure,
            "applicant": applicant(),
            "receiving_point": p.commune_a_point,
            "agency": p.commune_a,
            "summary": "Xin cấp phép xây nhà ở hai tầng",
        }
        values.update(kwargs)
        return services.dossier_receive(**values)

    return _receive


@pytest.fixture
def submit(p, procedure):
    """A citizen files online at commune A's one-stop centre (not yet received)."""

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
