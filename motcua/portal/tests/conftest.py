"""An online procedure with two required documents, a verified citizen, uploads, and
helpers to move a dossier forward through the dossier services. The province ``p`` and
``frozen`` are in the root conftest."""

from __future__ import annotations

import functools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.catalog.models import Fee, OnlineMode, RequiredDocument
from motcua.dossiers.actions.decision import dossier_approve
from motcua.dossiers.actions.endings import dossier_finish
from motcua.dossiers.actions.intake import dossier_accept
from motcua.dossiers.actions.steps import dossier_forward
from motcua.testing import standard_procedure, submit_dossier

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def pdf(name: str = "don.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def p(p):
    """The province, its citizen with a verified e-mail address and an address."""
    p.citizen.email_verified = True
    p.citizen.address = "Thôn 1, xã An Bình"
    p.citizen.save()
    return p


@pytest.fixture
def procedure(p):
    """The standard procedure, fully online, two documents (one optional) and a fee."""
    procedure = standard_procedure(p, online_mode=OnlineMode.FULL)
    RequiredDocument.objects.create(procedure=procedure, order=1, name="Đơn đề nghị cấp phép")
    RequiredDocument.objects.create(
        procedure=procedure, order=2, name="Bản vẽ thiết kế", mandatory=False
    )
    Fee.objects.create(procedure=procedure, name="Lệ phí cấp giấy phép", amount=75_000)
    return procedure


@pytest.fixture
def online(p, procedure):
    """A dossier filed online by the citizen, then accepted by the receiving officer."""

    def _online(*, accept: bool = True, **kwargs):
        dossier = submit_dossier(p, procedure, **kwargs)
        if accept:
            dossier = dossier_accept(actor=p.officer_a, dossier=dossier)
        return dossier

    return _online


@functools.cache
def result_pdf() -> bytes:
    """A real PDF for results: approval signs it (Decree 118 Art. 22.1)."""
    from motcua.paperwork.pdf import render_html_to_pdf

    return render_html_to_pdf("<h1>GIẤY CHỨNG NHẬN</h1><p>Kết quả giải quyết</p>")


def finish(p, dossier, *, result: bytes | None = None):
    """Move an accepted dossier to "Đã xử lý xong" (9)."""
    d = dossier_forward(actor=p.officer_a, dossier=dossier)
    d = dossier_forward(actor=p.specialist_a, dossier=d)
    d = dossier_approve(
        actor=p.leader_a,
        dossier=d,
        note="Cấp phép",
        result_file=SimpleUploadedFile("kq.pdf", result) if result else None,
    )
    d = dossier_forward(actor=p.leader_a, dossier=d)
    return dossier_finish(actor=p.officer_a, dossier=d)
