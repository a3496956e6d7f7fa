from __future__ import annotations

import pytest

from motcua.dossiers.actions.decision import dossier_approve
from motcua.dossiers.actions.endings import dossier_withdraw
from motcua.dossiers.actions.fees import FeeItem, dossier_confirm_payment, dossier_request_payment
from motcua.dossiers.actions.interagency import (
    ERR_INTERAGENCY_LEAD,
    InterAgencyPart,
    dossier_answer_interagency,
    dossier_send_interagency,
)
from motcua.dossiers.actions.steps import dossier_forward
from motcua.dossiers.models import (
    EventAction,
    InterAgencyTask,
    Payment,
    PaymentState,
    Status,
)
from motcua.dossiers.permissions import ERR_INTERAGENCY_OPEN
from motcua.lib.errors import InvalidInput, InvalidTransition, NotAllowed
from motcua.testing import at
from motcua.workdays import deadlines

pytestmark = pytest.mark.django_db


def at_appraisal(p, receive):
    d = receive()
    return dossier_forward(actor=p.officer_a, dossier=d)


def test_send_to_several_agencies_at_once(p, receive, frozen):
    from motcua.accounts.roles import Role
    from motcua.testing import grant, make_user

    d = at_appraisal(p, receive)
    d = dossier_send_interagency(
        actor=p.specialist_a,
        dossier=d,
        parts=[
            InterAgencyPart(p.construction, 16, "Thẩm định thiết kế", is_lead=True),
            InterAgencyPart(p.justice, 8, "Xác minh quyền sử dụng đất"),
        ],
        at=at(0, 2),
    )
    tasks = InterAgencyTask.objects.filter(dossier=d).order_by("pk")
    assert [(t.agency, t.is_lead) for t in tasks] == [(p.construction, True), (p.justice, False)]
    assert tasks[0].due_at == deadlines.add_working_time(at(0, 2), 16, agency=p.construction)
    assert d.events.filter(action=EventAction.INTERAGENCY_SENT).count() == 1
    # Nothing can be decided while a party has not answered.
    with pytest.raises(InvalidTransition) as exc:
        dossier_approve(actor=p.leader_a, dossier=d)
    assert exc.value.message == str(ERR_INTERAGENCY_OPEN)
    # The construction department's specialist answers for it; a stranger may not.
    expert = make_user("sxd")
    grant(expert, p.construction, Role.SPECIALIST)
    with pytest.raises(NotAllowed):
        dossier_answer_interagency(actor=p.officer_b, dossier=d, task=tasks[0], answer="Đạt")
    dossier_answer_interagency(actor=expert, dossier=d, task=tasks[0], answer="Thiết kế đạt")
    with pytest.raises(InvalidTransition):
        dossier_answer_interagency(actor=expert, dossier=d, task=tasks[0], answer="Lại")
    # The sender records the justice department's paper reply.
    d = dossier_answer_interagency(actor=p.specialist_a, dossier=d, task=tasks[1], answer="Đúng")
    assert not InterAgencyTask.objects.filter(dossier=d, answered_at__isnull=True).exists()
    dossier_approve(actor=p.leader_a, dossier=d)
    # The consulted agency's staff can see the dossier.
    from motcua.dossiers.models import Dossier

    assert Dossier.objects.for_user(expert).filter(pk=d.pk).exists()


def test_interagency_needs_exactly_one_lead(p, receive, frozen):
    d = at_appraisal(p, receive)
    with pytest.raises(InvalidInput) as exc:
        dossier_send_interagency(
            actor=p.specialist_a,
            dossier=d,
            parts=[InterAgencyPart(p.construction, 8, "x")],
        )
    assert exc.value.message == str(ERR_INTERAGENCY_LEAD)
    with pytest.raises(InvalidInput):
        dossier_send_interagency(actor=p.specialist_a, dossier=d, parts=[])
    with pytest.raises(InvalidInput):
        dossier_send_interagency(
            actor=p.specialist_a,
            dossier=d,
            parts=[
                InterAgencyPart(p.construction, 8, "x", is_lead=True),
                InterAgencyPart(p.construction, 8, "y"),
            ],
        )


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
