from __future__ import annotations

import datetime as dt
import re
import stat

import pytest
import time_machine
from django.core.management import call_command

from motcua.paperwork import pdf, signing
from motcua.paperwork.tests.conftest import MONDAY, install_key, pdf_text

pytestmark = pytest.mark.usefixtures("agency_key")


@pytest.fixture(scope="module")
def document() -> bytes:
    return pdf.render_pdf(
        "paperwork/base_form.html",
        {"issuer_name": "Ủy ban nhân dân xã An Bình", "form_title": "Giấy phép xây dựng"},
    )


def flip(data: bytes, index: int) -> bytes:
    changed = bytearray(data)
    changed[index] ^= 0x01
    return bytes(changed)


def test_a_signed_result_verifies(document):
    with time_machine.travel(MONDAY, tick=False):
        signed = signing.sign_pdf(document, location="An Bình")
    result = signing.verify_pdf(signed)
    assert result.valid and result.intact and result.trusted
    assert result.signer == "Ủy ban nhân dân tỉnh Thử Nghiệm"
    assert result.signed_at == MONDAY
    assert result.reason == str(signing.OK_VALID)
    assert re.fullmatch(r"([0-9A-F]{2}:){31}[0-9A-F]{2}", result.fingerprint)
    # Signing adds an incremental update: the text is unchanged.
    assert "GIẤY PHÉP XÂY DỰNG" in pdf_text(signed)


def test_one_byte_changed_in_the_content_is_invalid(document):
    signed = signing.sign_pdf(document)
    # A byte inside the first content stream, well before the signature.
    result = signing.verify_pdf(flip(signed, len(document) // 2))
    assert not result.valid
    assert not result.intact
    assert result.reason in {str(signing.ERR_TAMPERED), str(signing.ERR_DAMAGED)}


def test_one_byte_changed_anywhere_is_invalid(document):
    signed = signing.sign_pdf(document)
    start = signed.index(b"/Contents <")
    container = signed[start : signed.index(b">", start)]
    # Spots the signature does not cover by design: the CMS header, the signer's
    # identifier and certificate (names compare case-insensitively), the zero padding.
    spots = [start + 40, start + 60, len(signed) - 30, len(document) + 10]
    spots += [start + m.start() + 1 for m in re.finditer(rb"55", container)][:6]
    spots += [start + len(container) - 5]
    spots += list(range(0, len(signed), 2500))
    for index in spots:
        assert not signing.verify_pdf(flip(signed, index)).valid, index


def test_a_pdf_signed_by_another_key_is_not_trusted(document, settings, tmp_path):
    own_cert = settings.MOTCUA_SIGNING_CERT
    install_key(settings, tmp_path, "Cơ quan khác")
    foreign = signing.sign_pdf(document)
    settings.MOTCUA_SIGNING_CERT = own_cert
    result = signing.verify_pdf(foreign)
    assert result.intact  # nobody changed it…
    assert not result.trusted  # …but it is not ours
    assert not result.valid
    assert result.signer == "Cơ quan khác"
    assert result.reason == str(signing.ERR_UNTRUSTED)


def test_a_pinned_fingerprint_is_trusted(document, settings, tmp_path):
    own_key, own_cert = settings.MOTCUA_SIGNING_KEY, settings.MOTCUA_SIGNING_CERT
    other_pem = install_key(settings, tmp_path, "Sở Tư pháp")
    foreign = signing.sign_pdf(document)
    settings.MOTCUA_SIGNING_KEY, settings.MOTCUA_SIGNING_CERT = own_key, own_cert
    settings.MOTCUA_SIGNING_TRUSTED_FINGERPRINTS = [
        signing.pem_fingerprint(other_pem).replace(":", "").lower()
    ]
    assert signing.verify_pdf(foreign).valid


def test_content_added_after_signing_is_reported(document):
    signed = signing.sign_pdf(document)
    result = signing.verify_pdf(signed + b"\n% them noi dung\n")
    assert not result.valid and not result.intact
    assert result.reason == str(signing.ERR_MODIFIED_AFTER)


def test_a_second_signature_keeps_the_first_valid(document):
    twice = signing.sign_pdf(signing.sign_pdf(document))
    assert signing.verify_pdf(twice).valid


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", signing.ERR_EMPTY),
        (b"PK\x03\x04 a zip file", signing.ERR_NOT_PDF),
        (b"%PDF-1.7\n garbage", signing.ERR_DAMAGED),
    ],
)
def test_garbage_is_reported_not_raised(data, message):
    result = signing.verify_pdf(data)
    assert not result.valid and not result.intact and not result.trusted
    assert result.reason == str(message)


def test_an_unsigned_pdf_is_reported(document):
    assert signing.verify_pdf(document).reason == str(signing.ERR_NO_SIGNATURE)


def test_signing_without_a_key_says_what_to_run(document, settings, tmp_path):
    settings.MOTCUA_SIGNING_KEY = str(tmp_path / "none.pem")
    with pytest.raises(signing.SigningKeyMissing) as exc:
        signing.sign_pdf(document)
    assert "make_signing_key" in str(exc.value)


@pytest.mark.django_db
def test_make_signing_key_creates_once(settings, tmp_path, capsys):
    settings.MOTCUA_SIGNING_KEY = str(tmp_path / "var" / "signing" / "key.pem")
    settings.MOTCUA_SIGNING_CERT = str(tmp_path / "var" / "signing" / "cert.pem")
    call_command("make_signing_key", "--org", "Ủy ban nhân dân tỉnh Quảng Ngãi")
    key = signing.key_path().read_bytes()
    cert = signing.cert_path().read_bytes()
    assert b"PRIVATE KEY" in key and b"CERTIFICATE" in cert
    assert stat.S_IMODE(signing.key_path().stat().st_mode) == 0o600
    assert "Dấu vân tay SHA-256" in capsys.readouterr().out
    own = signing.configured_certificate()
    assert own.subject.native["organization_name"] == "Ủy ban nhân dân tỉnh Quảng Ngãi"
    assert own.subject.native["country_name"] == "VN"

    call_command("make_signing_key")  # idempotent: nothing changes
    assert signing.key_path().read_bytes() == key
    assert "Đã có khóa ký số" in capsys.readouterr().out

    call_command("make_signing_key", "--force")
    assert signing.key_path().read_bytes() != key


@pytest.mark.django_db
def test_make_signing_key_names_the_root_agency(settings, tmp_path, p):
    settings.MOTCUA_SIGNING_KEY = str(tmp_path / "k.pem")
    settings.MOTCUA_SIGNING_CERT = str(tmp_path / "c.pem")
    call_command("make_signing_key")
    subject = signing.configured_certificate().subject.native
    assert subject["organization_name"] == "Ủy ban nhân dân tỉnh Thử Nghiệm"
    assert subject["state_or_province_name"] == "Thử Nghiệm"


def test_the_certificate_is_valid_for_ten_years_by_default():
    from asn1crypto import pem, x509

    _, cert_pem = signing.make_key_and_certificate(organization="Ủy ban", key_size=2048)
    cert = x509.Certificate.load(pem.unarmor(cert_pem)[2])
    validity = cert["tbs_certificate"]["validity"]
    span = validity["not_after"].native - validity["not_before"].native
    assert span == dt.timedelta(days=3650)
    assert cert.key_usage_value.native == {"digital_signature", "non_repudiation"}


def test_signing_works_inside_a_running_event_loop(agency_key):
    """An ASGI server (or the browser tests) has a loop running in the thread."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from motcua.paperwork.pdf import render_html_to_pdf

    document = render_html_to_pdf("<p>Kết quả</p>")

    async def sign_and_check():
        return signing.verify_pdf(signing.sign_pdf(document))

    # A thread of its own, so that the loop this test starts is the only one in it.
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, sign_and_check()).result().valid
