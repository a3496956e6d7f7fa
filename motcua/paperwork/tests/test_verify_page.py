from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.dossiers.actions.decision import dossier_approve
from motcua.paperwork import forms, pdf, signing, views

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("agency_key")]


@pytest.fixture(scope="module")
def document() -> bytes:
    return pdf.render_pdf(
        "paperwork/base_form.html",
        {"issuer_name": "Ủy ban nhân dân xã An Bình", "form_title": "Giấy phép xây dựng"},
    )


def upload(client, data: bytes, url=None, name="ket-qua.pdf"):
    return client.post(
        url or reverse("paperwork:verify"),
        {"file": SimpleUploadedFile(name, data, content_type="application/pdf")},
    )


def test_the_page_offers_an_upload(client):
    response = client.get(reverse("paperwork:verify"))
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_a_signed_upload_is_valid(client, document):
    response = upload(client, signing.sign_pdf(document))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hợp lệ" in html and "Không hợp lệ" not in html
    assert str(signing.OK_VALID) in html
    assert "Ủy ban nhân dân tỉnh Thử Nghiệm" in html


def test_a_modified_upload_is_invalid(client, document):
    signed = bytearray(signing.sign_pdf(document))
    signed[len(document) // 2] ^= 0x01
    html = upload(client, bytes(signed)).content.decode()
    assert "Không hợp lệ" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", signing.ERR_EMPTY),
        (b"GIF89a not a pdf", signing.ERR_NOT_PDF),
        (b"<html>%PDF</html>", signing.ERR_NOT_PDF),
    ],
)
def test_garbage_uploads_get_a_clear_message(client, data, message):
    response = upload(client, data)
    assert response.status_code == 422
    assert str(message) in response.content.decode()


def test_a_damaged_pdf_is_invalid_not_an_error(client):
    response = upload(client, b"%PDF-1.4\n\x00\xff broken")
    assert response.status_code == 200
    assert str(signing.ERR_DAMAGED) in response.content.decode()


def test_an_oversize_upload_is_refused(client, settings, document):
    settings.UPLOAD_MAX_BYTES = 1000
    response = upload(client, b"%PDF" + b"0" * 2000)
    assert response.status_code == 422
    html = response.content.decode()
    assert "lớn hơn 1000\xa0byte cho phép" in html


def test_no_file_at_all(client):
    response = client.post(reverse("paperwork:verify"), {})
    assert response.status_code == 422
    assert str(forms.ERR_UPLOAD_REQUIRED) in response.content.decode()


def test_get_and_post_only(client):
    assert client.put(reverse("paperwork:verify")).status_code == 405


# --- the stored result of a dossier ---------------------------------------------


@pytest.fixture
def decided(p, receive, frozen, document):
    """A dossier approved with a signed result attached."""
    dossier = receive()
    return dossier_approve(
        actor=p.leader_a,
        dossier=dossier,
        result_file=ContentFile(signing.sign_pdf(document), name="giay-phep.pdf"),
    )


def test_the_stored_result_of_a_dossier_is_verified(client, decided):
    response = client.get(reverse("paperwork:verify_dossier", args=[decided.code]))
    html = response.content.decode()
    assert response.status_code == 200
    assert decided.code in html
    assert "Cấp giấy phép xây dựng nhà ở riêng lẻ" in html
    assert str(signing.OK_VALID) in html
    # No personal data on a public page.
    for secret in ["Nguyễn Văn Ấn", "001090012345", "0912345678", "an@example.vn", "Thôn Đông"]:
        assert secret not in html


def test_a_tampered_stored_result_is_reported(client, decided):
    data = bytearray(decided.result_file.open("rb").read())
    data[len(data) // 3] ^= 0x01
    decided.result_file.save("giay-phep.pdf", ContentFile(bytes(data)), save=True)
    html = client.get(reverse("paperwork:verify_dossier", args=[decided.code])).content.decode()
    assert "Không hợp lệ" in html


def test_an_upload_is_compared_with_the_stored_result(client, decided, document):
    url = reverse("paperwork:verify_dossier", args=[decided.code])
    stored = decided.result_file.open("rb").read()
    assert str(views.MATCHES_STORED) in upload(client, stored, url).content.decode()
    other = signing.sign_pdf(document)
    html = upload(client, other, url).content.decode()
    assert str(views.DIFFERS_FROM_STORED) in html
    assert str(signing.OK_VALID) in html  # genuine, but not this dossier's result


def test_a_dossier_without_a_result(client, receive, frozen):
    dossier = receive()
    response = client.get(reverse("paperwork:verify_dossier", args=[dossier.code]))
    assert response.status_code == 200
    assert str(views.ERR_NO_RESULT) in response.content.decode()


def test_an_unknown_code_is_not_found(client, db):
    response = client.get(reverse("paperwork:verify_dossier", args=["H99-000000-9999"]))
    assert response.status_code == 404


def test_odd_codes_are_not_found_not_errors(client, db):
    for code in ["ồ" * 300, "'; DROP TABLE x; --", "..", "%00", "\x00", "H99" * 30]:
        response = client.get(f"/xac-thuc/{code}/")
        assert response.status_code in (404, 400), code
        assert client.post(f"/xac-thuc/{code}/", {}).status_code in (404, 400), code
        assert client.get(f"/van-phong/ho-so/{code}/mau/01.pdf").status_code in (302, 400, 404)
