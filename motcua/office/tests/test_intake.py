"""Counter intake: procedure → applicant → documents → delivery → confirm → receive."""

from __future__ import annotations

import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.models import Dossier, Status
from motcua.office import intake
from motcua.office.tests.conftest import ID_NUMBER

pytestmark = pytest.mark.django_db

APPLICANT = {
    "kind": "1",
    "id_number": ID_NUMBER,
    "name": "Nguyễn Văn An",
    "birth_date": "1990-05-17",
    "phone": "0912345678",
    "email": "an@example.vn",
    "address": "Thôn 1, xã An Bình",
}


def _applicant(p, **extra):
    data = {
        **APPLICANT,
        "agency": p.commune_a.pk,
        "receiving_point": p.commune_a_point.pk,
        "next": "1",
    }
    data.update(extra)
    return data


def _to_documents(client, p, procedure):
    assert client.post("/van-phong/tiep-nhan/", {"code": procedure.code}).status_code == 302
    response = client.post("/van-phong/tiep-nhan/nguoi-nop/", _applicant(p))
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def _doc_field(procedure, order: int, suffix: str) -> str:
    doc = procedure.documents.get(order=order)
    return f"doc-{doc.pk}-{suffix}"


def test_it_finds_the_procedure_without_diacritics(p, procedure, login):
    client = login(p.officer_a)
    response = client.get("/van-phong/tiep-nhan/", {"q": "giay phep xay dung"})
    assert response.status_code == 200
    assert "Cấp giấy phép xây dựng nhà ở riêng lẻ" in response.content.decode()
    response = client.get("/van-phong/tiep-nhan/", {"q": "1.000001"})
    assert "Cấp giấy phép xây dựng nhà ở riêng lẻ" in response.content.decode()


def test_an_unknown_procedure_is_a_clear_message(p, procedure, login):
    client = login(p.officer_a)
    response = client.post("/van-phong/tiep-nhan/", {"code": "9.999999"})
    assert response.status_code == 422
    assert "Không tìm thấy thủ tục “9.999999”" in response.content.decode()
    assert 'value="9.999999"' in response.content.decode()


def test_the_whole_counter_intake(p, procedure, login, frozen):
    client = login(p.officer_a)
    _to_documents(client, p, procedure)
    scan = SimpleUploadedFile("don.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        "/van-phong/tiep-nhan/giay-to/",
        {
            _doc_field(procedure, 1, "submitted"): "on",
            _doc_field(procedure, 1, "originals"): "1",
            _doc_field(procedure, 1, "copies"): "0",
            _doc_field(procedure, 1, "file"): scan,
            "next": "1",
        },
    )
    assert response.status_code == 302 and response.url.endswith("/nhan-ket-qua/")
    page = client.get(response.url).content.decode()
    assert "Lệ phí cấp giấy phép" in page and "75.000 đồng" in page
    response = client.post(
        "/van-phong/tiep-nhan/nhan-ket-qua/",
        {"delivery_method": "post", "delivery_address": "Số 2, thôn 1", "fees_collected": "on"},
    )
    assert response.status_code == 302 and response.url.endswith("/xac-nhan/")
    page = client.get(response.url).content.decode()
    assert "Nguyễn Văn An" in page and "don.pdf" in page
    response = client.post("/van-phong/tiep-nhan/xac-nhan/")
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.status == Status.PROCESSING
    assert dossier.delivery_method == "post" and dossier.delivery_address == "Số 2, thôn 1"
    assert dossier.attachments.get().name == "don.pdf"
    # The checklist and the fees are kept with the dossier and printed on form 01.
    assert dossier.fees_collected is True
    assert [
        (r.name, r.originals, r.copies, r.scanned) for r in dossier.received_documents.all()
    ] == [(procedure.documents.get(order=1).name, 1, 0, True)]
    form = client.get(f"/van-phong/ho-so/{dossier.code}/mau/01.pdf")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=form.content, capture_output=True, check=True
    ).stdout.decode()
    assert "bản chính: 1" in text and "Đã thu phí, lệ phí" in text
    page = client.get(response.url).content.decode()
    assert dossier.code in page
    assert f"/van-phong/ho-so/{dossier.code}/mau/01.pdf" in page
    assert "In giấy tiếp nhận" in page
    assert intake.SESSION_KEY not in client.session


def test_a_missing_mandatory_document_keeps_what_was_typed_and_uploaded(p, procedure, login):
    client = login(p.officer_a)
    _to_documents(client, p, procedure)
    scan = SimpleUploadedFile("ban-ve.pdf", b"%PDF-1.4 drawing", content_type="application/pdf")
    response = client.post(
        "/van-phong/tiep-nhan/giay-to/",
        {
            _doc_field(procedure, 2, "submitted"): "on",
            _doc_field(procedure, 2, "copies"): "3",
            _doc_field(procedure, 2, "file"): scan,
            "next": "1",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Hồ sơ còn thiếu giấy tờ bắt buộc: “Đơn đề nghị cấp giấy phép”" in page
    assert "ban-ve.pdf" in page  # the upload was kept
    assert f'name="{_doc_field(procedure, 2, "copies")}"' in page and 'value="3"' in page
    # Going forward by address does not skip the check.
    assert client.get("/van-phong/tiep-nhan/xac-nhan/").url.endswith("/giay-to/")


def test_the_officer_chooses_the_case_of_the_documents(p, procedure, login, frozen):
    """A procedure whose documents are listed by case: only the chosen case's mandatory
    papers (and those of no case) are asked for, and the dossier keeps its case."""
    from motcua.catalog.models import RequiredDocument

    procedure.documents.filter(order=1).update(case_name="Trường hợp cấp mới")
    procedure.documents.filter(order=2).update(case_name="Trường hợp cấp lại")
    RequiredDocument.objects.create(
        procedure=procedure, order=3, name="Bản sao giấy tờ về quyền sử dụng đất"
    )
    client = login(p.officer_a)
    _to_documents(client, p, procedure)
    page = client.get("/van-phong/tiep-nhan/giay-to/").content.decode()
    assert "Trường hợp của hồ sơ" in page and 'value="Trường hợp cấp lại"' in page
    ticked = {
        _doc_field(procedure, 2, "submitted"): "on",
        _doc_field(procedure, 3, "submitted"): "on",
    }
    response = client.post("/van-phong/tiep-nhan/giay-to/", {**ticked, "next": "1"})
    assert response.status_code == 422
    assert "vui lòng chọn trường hợp của hồ sơ" in response.content.decode()
    assert client.get("/van-phong/tiep-nhan/xac-nhan/").url.endswith("/giay-to/")
    # A case the procedure does not list is not kept.
    response = client.post("/van-phong/tiep-nhan/giay-to/", {**ticked, "case": "Khác", "next": "1"})
    assert response.status_code == 422
    response = client.post(
        "/van-phong/tiep-nhan/giay-to/", {**ticked, "case": "Trường hợp cấp lại", "next": "1"}
    )
    assert response.status_code == 302 and response.url.endswith("/nhan-ket-qua/")
    page = client.get("/van-phong/tiep-nhan/giay-to/").content.decode()
    assert 'value="Trường hợp cấp lại" checked' in page
    assert "Không thuộc trường hợp đã chọn" in page  # the other case's application form
    client.post("/van-phong/tiep-nhan/nhan-ket-qua/", {"delivery_method": "counter"})
    assert "Trường hợp cấp lại" in client.get("/van-phong/tiep-nhan/xac-nhan/").content.decode()
    assert client.post("/van-phong/tiep-nhan/xac-nhan/").status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.status == Status.PROCESSING
    assert dossier.document_case == "Trường hợp cấp lại"
    assert dossier.received_documents.count() == 2


def test_invalid_applicant_data_is_shown_with_what_was_typed(p, procedure, login):
    client = login(p.officer_a)
    client.post("/van-phong/tiep-nhan/", {"code": procedure.code})
    response = client.post(
        "/van-phong/tiep-nhan/nguoi-nop/",
        _applicant(p, id_number="12345", name="Trần Văn Bảy", birth_date="không phải ngày"),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số." in page
    assert 'value="Trần Văn Bảy"' in page


def test_a_returning_applicant_is_filled_in(p, procedure, login, receive):
    receive()
    client = login(p.officer_a)
    client.post("/van-phong/tiep-nhan/", {"code": procedure.code})
    response = client.post(
        "/van-phong/tiep-nhan/nguoi-nop/", {"id_number": ID_NUMBER, "lookup": "1"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Nguyễn Văn An"' in page and 'value="0912345678"' in page
    assert "Đã điền thông tin của người nộp từ hồ sơ gần nhất" in page


def test_the_counter_can_hand_a_supplement_request_instead(p, procedure, login, frozen):
    client = login(p.officer_a)
    _to_documents(client, p, procedure)
    response = client.post("/van-phong/tiep-nhan/giay-to/", {"supplement": "1"})
    assert response.url.endswith("/bo-sung/")
    page = client.get(response.url).content.decode()
    doc = procedure.documents.get(order=1)
    assert f'value="{doc.pk}"' in page
    response = client.post(
        "/van-phong/tiep-nhan/bo-sung/",
        {"documents": [doc.pk], "reason": "Đơn phải có chữ ký của người đề nghị."},
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.status == Status.SUPPLEMENT and dossier.channel == "1"
    assert dossier.supplements.get().items.get().required_document == doc
    assert list(dossier.events.values_list("action", "from_status", "to_status")) == [
        ("supplement_requested", None, Status.SUPPLEMENT)
    ]


def test_a_supplement_request_without_items_is_refused_with_a_message(p, procedure, login):
    client = login(p.officer_a)
    _to_documents(client, p, procedure)
    response = client.post("/van-phong/tiep-nhan/bo-sung/", {"other_text": "Giấy xác nhận"})
    assert response.status_code == 422
    assert "Nội dung bổ sung ngoài thành phần hồ sơ phải kèm lý do." in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_counter_can_refuse_with_reasons(p, procedure, login, frozen):
    client = login(p.officer_a)
    _to_documents(client, p, procedure)
    response = client.post("/van-phong/tiep-nhan/tu-choi/", {"reasons": ""})
    assert response.status_code == 422
    response = client.post(
        "/van-phong/tiep-nhan/tu-choi/", {"reasons": "Không thuộc thẩm quyền của xã."}
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.status == Status.NOT_RECEIVED
    assert dossier.closed_reason == "Không thuộc thẩm quyền của xã."
    # One record, one event (Decree 118 Art. 17.1.c).
    assert list(dossier.events.values_list("action", "from_status", "to_status")) == [
        ("not_received", None, Status.NOT_RECEIVED)
    ]
    url = f"/van-phong/ho-so/so/{dossier.pk}/mau/03.pdf"
    assert url in client.get(response.url).content.decode()
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Nguyễn Văn An" in text and "Không thuộc thẩm quyền của xã." in text
    assert client.get(f"/van-phong/ho-so/so/{dossier.pk}/mau/01.pdf").status_code == 409
    # The old address leads to the paperwork app.
    old = client.get(f"/van-phong/ho-so/{dossier.pk}/phieu/03.pdf")
    assert old.status_code == 302 and old.url == url


def test_a_service_refusal_keeps_the_draft(p, procedure, login):
    client = login(p.officer_a)
    _to_documents(client, p, procedure)
    client.post(
        "/van-phong/tiep-nhan/giay-to/", {_doc_field(procedure, 1, "submitted"): "on", "next": "1"}
    )
    client.post("/van-phong/tiep-nhan/nhan-ket-qua/", {"delivery_method": "counter"})
    procedure.status = "withdrawn"
    procedure.save()
    response = client.post("/van-phong/tiep-nhan/xac-nhan/")
    # The procedure is no longer active: the draft cannot find it and starts over.
    assert response.status_code == 302 and response.url.endswith("/tiep-nhan/")
    assert not Dossier.objects.exists()


def test_post_delivery_needs_an_address(p, procedure, login):
    client = login(p.officer_a)
    _to_documents(client, p, procedure)
    client.post(
        "/van-phong/tiep-nhan/giay-to/", {_doc_field(procedure, 1, "submitted"): "on", "next": "1"}
    )
    response = client.post(
        "/van-phong/tiep-nhan/nhan-ket-qua/", {"delivery_method": "post", "delivery_address": ""}
    )
    assert response.status_code == 422
    assert "Vui lòng nhập địa chỉ nhận kết quả qua bưu chính." in response.content.decode()


def test_citizens_and_visitors_cannot_use_the_counter(p, procedure, client, login):
    response = client.get("/van-phong/tiep-nhan/")
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response.url
    login(p.citizen)
    assert client.get("/van-phong/tiep-nhan/").status_code == 403


def test_a_specialist_without_a_counter_is_told_so(p, procedure, login):
    client = login(p.officer_b)
    # Commune B has no one-stop receiving point.
    response = client.get("/van-phong/tiep-nhan/")
    assert response.status_code == 403
    assert (
        "Bạn không có quyền tiếp nhận hồ sơ tại bộ phận một cửa nào." in response.content.decode()
    )


def test_garbage_never_breaks_the_counter(p, procedure, login):
    client = login(p.officer_a)
    _to_documents(client, p, procedure)
    doc = procedure.documents.get(order=1)
    response = client.post(
        "/van-phong/tiep-nhan/giay-to/",
        {f"doc-{doc.pk}-originals": "abc", f"doc-{doc.pk}-copies": "-5", "next": "1"},
    )
    assert response.status_code == 422
    response = client.post("/van-phong/tiep-nhan/nhan-ket-qua/", {"delivery_method": "x"})
    assert response.status_code in (302, 422)
    response = client.post(
        "/van-phong/tiep-nhan/nguoi-nop/", _applicant(p, agency="x", receiving_point="99999")
    )
    assert response.status_code == 422
