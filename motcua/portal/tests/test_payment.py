"""Online payment of a financial obligation through the demo gateway (signed callback)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.dossiers.actions.fees import FeeItem, dossier_request_payment
from motcua.dossiers.actions.steps import dossier_forward
from motcua.dossiers.models import OnlinePayment, Payment, PaymentMethod
from motcua.dossiers.states import Status
from motcua.portal.models import PaymentOrder, PaymentStatus
from motcua.portal.payments import DemoGateway, demo_signature
from motcua.portal.services import ERR_PAYMENT_NOT_GENUINE

pytestmark = pytest.mark.django_db


@pytest.fixture
def owing(p, online, frozen):
    d = online()
    d = dossier_forward(actor=p.officer_a, dossier=d)
    return dossier_request_payment(
        actor=p.specialist_a, dossier=d, items=[FeeItem("Lệ phí cấp giấy phép", 75_000)]
    )


def _start(client, p, dossier) -> PaymentOrder:
    client.force_login(p.citizen)
    response = client.post(reverse("portal:pay", args=[dossier.pk]))
    order = PaymentOrder.objects.get()
    assert response["Location"] == reverse("portal:demo_bank", args=[order.order_id])
    return order


def test_a_signed_callback_records_the_payment(client, p, owing):
    order = _start(client, p, owing)
    page = client.get(reverse("portal:demo_bank", args=[order.order_id]))
    assert "75.000 đồng" in page.content.decode()
    fields = DemoGateway().callback_fields(order, paid=True)
    response = client.post(reverse("portal:payment_callback"), fields)
    assert response["Location"] == reverse("portal:payment_result", args=[order.order_id])
    owing.refresh_from_db()
    assert owing.status == Status.PROCESSING
    payment = Payment.objects.get()
    assert (payment.amount, payment.method, payment.online, payment.reference) == (
        75_000,
        PaymentMethod.ONLINE,
        OnlinePayment.LOCAL_GATEWAY,
        order.order_id,
    )
    # The bank retrying its callback changes nothing.
    client.post(reverse("portal:payment_callback"), fields)
    assert Payment.objects.count() == 1


@pytest.mark.parametrize(
    "tamper",
    [
        {"amount": "1000"},
        {"signature": "0" * 64},
        {"order": "khong-ton-tai"},
        {"status": "paid", "_sign_status": "failed"},
    ],
)
def test_a_tampered_callback_is_rejected_and_changes_nothing(client, p, owing, tamper, caplog):
    order = _start(client, p, owing)
    fields = DemoGateway().callback_fields(order, paid=True)
    if "_sign_status" in tamper:
        fields["signature"] = demo_signature(order.order_id, order.amount, "failed")
    else:
        fields.update(tamper)
    response = client.post(reverse("portal:payment_callback"), fields)
    assert response.status_code == 400
    assert str(ERR_PAYMENT_NOT_GENUINE) in response.content.decode()
    owing.refresh_from_db()
    assert owing.status == Status.FINANCIAL
    assert not Payment.objects.exists()
    assert PaymentOrder.objects.get().status == PaymentStatus.PENDING
    assert "payment callback rejected" in caplog.text


def test_a_correctly_signed_lower_amount_for_another_order_is_rejected(client, p, owing):
    order = _start(client, p, owing)
    fields = {
        "order": order.order_id,
        "amount": "1000",
        "status": "paid",
        "signature": demo_signature(order.order_id, 1000, "paid"),
    }
    assert client.post(reverse("portal:payment_callback"), fields).status_code == 400
    assert not Payment.objects.exists()


def test_a_cancelled_payment_leaves_the_obligation_open(client, p, owing):
    order = _start(client, p, owing)
    client.post(
        reverse("portal:payment_callback"), DemoGateway().callback_fields(order, paid=False)
    )
    owing.refresh_from_db()
    assert owing.status == Status.FINANCIAL
    assert PaymentOrder.objects.get().status == PaymentStatus.FAILED


def test_nobody_else_can_open_a_payment_for_the_dossier(client, p, owing):
    client.force_login(p.officer_b)
    assert client.post(reverse("portal:pay", args=[owing.pk])).status_code == 404
    assert not PaymentOrder.objects.exists()
