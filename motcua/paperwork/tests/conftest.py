"""A procedure, dossiers built through the dossier services (an applicant whose name the
forms' fonts must render, 09:05 on Monday), PDF readers and signing keys."""

from __future__ import annotations

import datetime as dt
import functools
import subprocess
import unicodedata

import pytest
import time_machine

from motcua import testing
from motcua.catalog.models import RequiredDocument
from motcua.dossiers.actions.intake import Applicant
from motcua.paperwork import signing
from motcua.testing import VN, standard_procedure

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


@functools.cache
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
def procedure(p):
    """Five working days in four steps, competent agency commune A."""
    procedure = standard_procedure(p)
    RequiredDocument.objects.create(
        procedure=procedure, order=1, name="Đơn đề nghị cấp giấy phép xây dựng", originals=1
    )
    RequiredDocument.objects.create(
        procedure=procedure, order=2, name="Bản vẽ thiết kế xây dựng", copies=2
    )
    return procedure


def applicant(**overrides) -> Applicant:
    """The applicant, with letters the forms' fonts must render."""
    return testing.applicant(
        **{"name": "Nguyễn Văn Ấn", "address": "Thôn Đông, xã An Bình", **overrides}
    )


@pytest.fixture
def receive(p, procedure):
    """``receive(**overrides)``: a complete dossier received at commune A's counter."""
    return functools.partial(
        testing.receive_dossier,
        p,
        procedure,
        applicant=applicant(),
        summary="Xin cấp phép xây nhà ở hai tầng",
    )


@pytest.fixture
def submit(p, procedure):
    """``submit(**overrides)``: filed online at commune A, not yet received."""
    return functools.partial(testing.submit_dossier, p, procedure, applicant=applicant())
