from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django.core import signing as django_signing

from motcua.paperwork import qr

CODE = "H99.50.01.1-261102-0001"


def test_a_token_carries_the_code_and_reads_back():
    token = qr.lookup_token(CODE)
    assert CODE not in token  # encoded, not in clear text
    assert qr.read_lookup_token(token) == CODE


def test_forged_or_damaged_tokens_are_refused():
    token = qr.lookup_token(CODE)
    assert qr.read_lookup_token(token[:-2] + "xx") is None
    assert qr.read_lookup_token(django_signing.dumps(CODE, salt="other")) is None
    assert (
        qr.read_lookup_token(django_signing.dumps(CODE, salt="motcua.lookup", key="x" * 50)) is None
    )
    assert qr.read_lookup_token(django_signing.dumps(12345, salt="motcua.lookup")) is None
    for garbage in ["", None, "abc", ":::", "." + token, "é" * 20, "a" * 5000]:
        assert qr.read_lookup_token(garbage) is None


def test_the_lookup_url_points_at_the_public_lookup(settings):
    settings.SITE_URL = "https://motcua.example.gov.vn"
    url = qr.lookup_url(CODE)
    parts = urlsplit(url)
    assert (
        f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://motcua.example.gov.vn/tra-cuu/"
    )
    assert qr.read_lookup_token(parse_qs(parts.query)["t"][0]) == CODE


def test_qr_codes_are_never_micro_qr():
    for data in ["1", "AB", CODE, qr.lookup_url(CODE)]:
        code = qr.make_qr(data)
        assert not code.is_micro
        assert code.version >= 1


def test_qr_renders_as_svg_or_png():
    assert qr.qr_svg_data_uri(CODE).startswith("data:image/svg+xml")
    assert qr.qr_png_data_uri(CODE).startswith("data:image/png;base64,")
    svg = qr.qr_svg(CODE)
    assert svg.startswith("<svg") and "<?xml" not in svg


def test_the_verification_url_names_the_dossier(settings):
    settings.SITE_URL = "https://motcua.example.gov.vn"
    assert qr.verification_url(CODE) == f"https://motcua.example.gov.vn/xac-thuc/{CODE}/"
