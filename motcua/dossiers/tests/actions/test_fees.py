"""Financial obligations: asked for (→ 6) and paid (→ 4)."""

from __future__ import annotations

import pytest

from motcua.dossiers.actions.decision import dossier_approve
from motcua.dossiers.actions.endings import dossier_withdraw
from motcua.dossiers.actions.fees import FeeItem, dossier_confirm_payment, dossier_request_payment
from motcua.dossiers.actions.steps import dossier_forward
from motcua.dossiers.models import (
    Payment,
    PaymentState,
    Status,
)
from motcua.lib.errors import InvalidInput, InvalidTransition

pytestmark = pytest.mark.django_db


def at_appraisal(p, receive):
    d = receive()
    return dossier_forward(actor=p.officer_a, dossier=d)


def test_financial_obligation_then_payment(p, receive, frozen, django_capture_on_commit_callbacks):
    from django.core import mail

    d = at_appraisal(p, receive)
    with pytest.raises(InvalidInput):
        dossier_request_payment(actor=p.specialist_a, dossier=d, items=[FeeItem("Lệ phí", 0)])
    with django_capture_on_commit_callbacks(execute=True):
        d = dossier_request_payment(
            actor=p.specialist_a,
            dossier=d,
            items=[FeeItem("Lệ phí cấp phép", 75000), FeeItem("Phí", 25000)],
        )
    assert d.status == Status.FINANCIAL and d.payment_state == PaymentState.REQUESTED
    assert "100.000 đồng" in mail.outbox[-1].body
    with pytest.raises(InvalidTransition):
        dossier_approve(actor=p.leader_a, dossier=d)
    with pytest.raises(InvalidInput) as exc:
        dossier_confirm_payment(actor=None, dossier=d, amount=50000)
    assert "50.000" in exc.value.message and "100.000" in exc.value.message
    d = dossier_confirm_payment(
        actor=None, dossier=d, amount=100000, method="online", online=1, reference="DVC-1"
    )
    assert d.status == Status.PROCESSING and d.payment_state == PaymentState.PAID
    payment = Payment.objects.get(dossier=d)
    assert payment.online == 1 and payment.reference == "DVC-1"
    with pytest.raises(InvalidTransition):
        dossier_confirm_payment(actor=p.officer_a, dossier=d, amount=1)


def test_withdrawal_while_waiting_for_payment(p, receive, frozen):
    d = at_appraisal(p, receive)
    d = dossier_request_payment(actor=p.specialist_a, dossier=d, items=[FeeItem("Lệ phí", 1000)])
    d = dossier_withdraw(actor=p.officer_a, dossier=d, reason="Không nộp phí")
    assert d.status == Status.WITHDRAWN
