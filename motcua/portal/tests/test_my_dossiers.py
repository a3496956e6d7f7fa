"""My dossiers: list, detail, supplement answered online, withdrawal, result download,
postal delivery fee with commune discounts."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.dossiers.actions.steps import dossier_forward
from motcua.dossiers.actions.supplements import SupplementItemSpec, dossier_request_supplement
from motcua.dossiers.models import DeliveryMethod, Dossier
from motcua.dossiers.states import Status
from motcua.portal import selectors, services
from motcua.portal.models import PostalDelivery
from motcua.portal.tests.conftest import finish, pdf, result_pdf

pytestmark = pytest.mark.django_db


def test_the_list_shows_only_my_own_dossiers(client, p, online, frozen):
    mine = online()
    client.force_login(p.citizen)
    body = client.get(reverse("portal:my_dossiers")).content.decode()
    assert mine.code in body
    client.force_login(p.officer_a)  # sees it in the office, not as "my dossiers"
    assert mine.code not in client.get(reverse("portal:my_dossiers")).content.decode()
    assert client.get(reverse("portal:dossier", args=[mine.pk])).status_code == 404


def test_the_detail_shows_status_due_date_and_public_timeline(client, p, online, frozen):
    dossier = online()
    dossier_forward(actor=p.officer_a, dossier=dossier, note="ghi chú nội bộ")
    client.force_login(p.citizen)
    body = client.get(reverse("portal:dossier", args=[dossier.pk])).content.decode()
    assert "Đang xử lý" in body and "Hẹn trả kết quả" in body
    assert "Tiếp nhận hồ sơ" in body and "Chuyển bước xử lý: Thẩm định hồ sơ" in body
    assert "ghi chú nội bộ" not in body


def test_a_supplement_request_is_answered_by_uploading(client, p, online, frozen):
    dossier = online(accept=False)
    first = dossier.procedure.documents.first()
    dossier_request_supplement(
        actor=p.officer_a,
        dossier=dossier,
        items=[SupplementItemSpec(required_document=first)],
        reason="Đơn chưa ký",
    )
    client.force_login(p.citizen)
    url = reverse("portal:supplement", args=[dossier.pk])
    bad = client.post(url, {f"doc_{first.pk}": SimpleUploadedFile("don.pdf", b"")})
    assert bad.status_code == 422 and "rỗng" in bad.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.SUPPLEMENT
    client.post(url, {f"doc_{first.pk}": pdf("don-da-ky.pdf")})
    dossier.refresh_from_db()
    assert dossier.status == Status.NEW
    assert dossier.attachments.get(supplement__isnull=False).name == "don-da-ky.pdf"


def test_withdrawal_asks_for_a_reason_then_withdraws(client, p, online, frozen):
    dossier = online()
    client.force_login(p.citizen)
    url = reverse("portal:withdraw", args=[dossier.pk])
    assert "data-confirm" in client.get(url).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 422
    client.post(url, {"reason": "Không còn nhu cầu"})
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWN


def test_only_the_owner_downloads_the_result(client, p, online, frozen):
    from motcua.paperwork.signing import verify_pdf

    dossier = finish(p, online(), result=result_pdf())
    url = reverse("portal:result", args=[dossier.pk])
    client.force_login(p.citizen)
    response = client.get(url)
    assert response.status_code == 200
    assert verify_pdf(b"".join(response.streaming_content)).valid  # signed at approval
    client.force_login(p.officer_b)
    assert client.get(url).status_code == 404


def test_postal_fee_uses_the_commune_discount(p):
    services.postal_fee_set(base_fee=30_000)
    services.postal_fee_set(commune=p.commune_b, discount_percent=50, note="Xã đặc biệt khó khăn")
    assert selectors.postal_quote(p.commune_a).fee == 30_000
    quote = selectors.postal_quote(p.commune_b)
    assert (quote.base_fee, quote.discount_percent, quote.fee) == (30_000, 50, 15_000)


def test_choosing_postal_delivery_records_the_quoted_fee(p, procedure, frozen):
    services.postal_fee_set(base_fee=30_000)
    services.postal_fee_set(commune=p.commune_b, discount_percent=50)
    draft = services.draft_start(user=p.citizen, procedure=procedure)
    services.draft_save(
        draft=draft,
        data={
            "delivery_method": DeliveryMethod.POST,
            "delivery_commune": str(p.commune_b.pk),
            "delivery_address": "Thôn 2, xã Bình Minh",
        },
    )
    dossier = services.draft_submit(draft=draft, actor=p.citizen)
    assert dossier.delivery_method == DeliveryMethod.POST
    assert PostalDelivery.objects.get(dossier=dossier).fee == 15_000


def test_unknown_pages_and_garbage_never_answer_500(client, p, online, frozen):
    dossier = online()
    client.force_login(p.citizen)
    for url in (
        "/ca-nhan/ho-so/999999/",
        "/nop-truc-tuyen/khong-co/",
        "/nop-truc-tuyen/nhap/999/",
        "/danh-gia/?t=rac",
        "/thanh-toan/demo/abc/",
        "/thanh-toan/giao-dich/abc/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post("/thanh-toan/ket-qua/", {"amount": "x" * 100}).status_code == 400
    assert client.post(reverse("portal:supplement", args=[dossier.pk])).status_code == 422
    assert Dossier.objects.count() == 1


def test_the_citizen_changes_how_to_receive_the_result(client, p, online, frozen):
    services.postal_fee_set(base_fee=30_000)
    services.postal_fee_set(commune=p.commune_b, discount_percent=50)
    dossier = online()
    client.force_login(p.citizen)
    page = client.get(reverse("portal:dossier", args=[dossier.pk])).content.decode()
    url = reverse("portal:delivery", args=[dossier.pk])
    assert url in page
    # By post without an address: the page comes back with what was chosen.
    response = client.post(url, {"delivery_method": "post", "delivery_commune": p.commune_b.pk})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Vui lòng nhập địa chỉ nhận kết quả qua bưu chính." in body
    assert re.search(r'value="post"[^>]*checked', body)
    response = client.post(
        url,
        {
            "delivery_method": "post",
            "delivery_commune": p.commune_b.pk,
            "delivery_address": "Thôn 2, xã Bình Minh",
        },
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.delivery_method, dossier.delivery_address) == ("post", "Thôn 2, xã Bình Minh")
    assert PostalDelivery.objects.get(dossier=dossier).fee == 15_000
    page = client.get(reverse("portal:dossier", args=[dossier.pk])).content.decode()
    assert "Đã đổi hình thức nhận kết quả." in page and "15.000 đồng" in page
    # Back to the counter: no postal fee any more; the same choice again is refused.
    assert client.post(url, {"delivery_method": "counter"}).status_code == 302
    assert not PostalDelivery.objects.filter(dossier=dossier).exists()
    response = client.post(url, {"delivery_method": "counter"})
    assert response.status_code == 422
    assert "không thay đổi" in response.content.decode()
    # Someone else's dossier is not found.
    client.force_login(p.officer_b)
    assert client.get(url).status_code == 404
