"""Every transition refuses a dossier in the wrong state, with the Vietnamese message."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from motcua.dossiers.actions.decision import dossier_approve, dossier_refuse
from motcua.dossiers.actions.endings import (
    dossier_finish,
    dossier_return_result,
    dossier_stop,
    dossier_withdraw,
)
from motcua.dossiers.actions.extensions import dossier_propose_extension
from motcua.dossiers.actions.fees import FeeItem, dossier_confirm_payment, dossier_request_payment
from motcua.dossiers.actions.intake import dossier_accept, dossier_refuse_reception
from motcua.dossiers.actions.interagency import (
    InterAgencyPart,
    dossier_answer_interagency,
    dossier_send_interagency,
)
from motcua.dossiers.actions.steps import dossier_assign, dossier_forward, dossier_send_back
from motcua.dossiers.actions.supplements import (
    SupplementItemSpec,
    dossier_receive_supplement,
    dossier_request_supplement,
)
from motcua.dossiers.models import InterAgencyTask, Status
from motcua.dossiers.permissions import ERR_INTERAGENCY_OPEN
from motcua.lib.errors import InvalidInput, InvalidTransition

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(p, receive, frozen):
    d = receive()
    d = dossier_approve(actor=p.leader_a, dossier=d)
    d = dossier_finish(actor=p.leader_a, dossier=d)
    return dossier_return_result(actor=p.officer_a, dossier=d)


def calls(p, d):
    item = SupplementItemSpec(text="Giấy A", reason="Điều 1 Luật B")
    return {
        "accept": lambda: dossier_accept(actor=p.officer_a, dossier=d),
        "refuse_reception": lambda: dossier_refuse_reception(
            actor=p.officer_a, dossier=d, reasons="x"
        ),
        "request_supplement": lambda: dossier_request_supplement(
            actor=p.officer_a, dossier=d, items=[item]
        ),
        "receive_supplement": lambda: dossier_receive_supplement(actor=p.officer_a, dossier=d),
        "forward": lambda: dossier_forward(actor=p.leader_a, dossier=d),
        "assign": lambda: dossier_assign(actor=p.leader_a, dossier=d, assignee=p.specialist_a),
        "send_back": lambda: dossier_send_back(
            actor=p.leader_a, dossier=d, to_step=d.process.steps.get(order=1), reason="x"
        ),
        "interagency": lambda: dossier_send_interagency(
            actor=p.leader_a,
            dossier=d,
            parts=[InterAgencyPart(p.construction, 8, "x", is_lead=True)],
        ),
        "request_payment": lambda: dossier_request_payment(
            actor=p.leader_a, dossier=d, items=[FeeItem("Lệ phí", 10)]
        ),
        "confirm_payment": lambda: dossier_confirm_payment(actor=p.officer_a, dossier=d, amount=10),
        "approve": lambda: dossier_approve(actor=p.leader_a, dossier=d),
        "refuse": lambda: dossier_refuse(actor=p.leader_a, dossier=d, reasons="x"),
        "propose_extension": lambda: dossier_propose_extension(
            actor=p.leader_a,
            dossier=d,
            reason="x",
            apology="y",
            new_due_at=d.due_at + dt.timedelta(days=3),
        ),
        "withdraw": lambda: dossier_withdraw(actor=p.officer_a, dossier=d, reason="x"),
        "stop": lambda: dossier_stop(actor=p.leader_a, dossier=d, reason="x"),
        "finish": lambda: dossier_finish(actor=p.leader_a, dossier=d),
        "return": lambda: dossier_return_result(actor=p.officer_a, dossier=d),
    }


@pytest.mark.parametrize(
    "name",
    [
        "accept",
        "refuse_reception",
        "request_supplement",
        "receive_supplement",
        "forward",
        "assign",
        "send_back",
        "interagency",
        "request_payment",
        "confirm_payment",
        "approve",
        "refuse",
        "propose_extension",
        "withdraw",
        "stop",
        "finish",
        "return",
    ],
)
def test_a_returned_dossier_refuses_every_transition(p, returned, name):
    with pytest.raises(InvalidTransition) as exc:
        calls(p, returned)[name]()
    assert "“Đã trả kết quả”" in exc.value.message
    returned.refresh_from_db()
    assert returned.status == Status.RETURNED
    assert returned.events.count() == 4


def test_stopping_tells_the_applicant(p, receive, frozen, django_capture_on_commit_callbacks):
    d = receive()
    with django_capture_on_commit_callbacks(execute=True):
        dossier_stop(actor=p.officer_a, dossier=d, reason="Người nộp không bổ sung")
    assert "dừng giải quyết" in mail.outbox[-1].subject
    assert "Người nộp không bổ sung" in mail.outbox[-1].body


def test_finishing_waits_for_open_interagency_parts(p, receive, frozen):
    d = receive()
    d = dossier_forward(actor=p.officer_a, dossier=d)
    d = dossier_approve(actor=p.leader_a, dossier=d)
    # e.g. the tax office must still state the land-use levy after the approval
    d = dossier_send_interagency(
        actor=p.specialist_a,
        dossier=d,
        parts=[InterAgencyPart(p.construction, 8, "x", is_lead=True)],
    )
    task = InterAgencyTask.objects.get(dossier=d)
    with pytest.raises(InvalidInput):
        dossier_answer_interagency(actor=p.specialist_a, dossier=d, task=task, answer=" ")
    with pytest.raises(InvalidTransition) as exc:
        dossier_finish(actor=p.leader_a, dossier=d)
    assert exc.value.message == str(ERR_INTERAGENCY_OPEN)
    dossier_answer_interagency(actor=p.specialist_a, dossier=d, task=task, answer="Xong")
    d = dossier_finish(actor=p.leader_a, dossier=d)
    assert d.status == Status.FINISHED
