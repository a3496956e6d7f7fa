"""Every transition refuses a dossier in the wrong state, with the Vietnamese message."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from motcua.dossiers import services
from motcua.dossiers.models import InterAgencyTask, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(p, receive, frozen):
    d = receive()
    d = services.dossier_approve(actor=p.leader_a, dossier=d)
    d = services.dossier_finish(actor=p.leader_a, dossier=d)
    return services.dossier_return_result(actor=p.officer_a, dossier=d)


def calls(p, d):
    item = services.SupplementItemSpec(text="Giấy A", reason="Điều 1 Luật B")
    return {
        "accept": lambda: services.dossier_accept(actor=p.officer_a, dossier=d),
        "refuse_reception": lambda: services.dossier_refuse_reception(
            actor=p.officer_a, dossier=d, reasons="x"
        ),
        "request_supplement": lambda: services.dossier_request_supplement(
            actor=p.officer_a, dossier=d, items=[item]
        ),
        "receive_supplement": lambda: services.dossier_receive_supplement(
            actor=p.officer_a, dossier=d
        ),
        "forward": lambda: services.dossier_forward(actor=p.leader_a, dossier=d),
        "assign": lambda: services.dossier_assign(
            actor=p.leader_a, dossier=d, assignee=p.specialist_a
        ),
        "send_back": lambda: services.dossier_send_back(
            actor=p.leader_a, dossier=d, to_step=d.process.steps.get(order=1), reason="x"
        ),
        "interagency": lambda: services.dossier_send_interagency(
            actor=p.leader_a,
            dossier=d,
            parts=[services.InterAgencyPart(p.construction, 8, "x", is_lead=True)],
        ),
        "request_payment": lambda: services.dossier_request_payment(
            actor=p.leader_a, dossier=d, items=[services.FeeItem("Lệ phí", 10)]
        ),
        "confirm_payment": lambda: services.dossier_confirm_payment(
            actor=p.officer_a, dossier=d, amount=10
        ),
        "approve": lambda: services.dossier_approve(actor=p.leader_a, dossier=d),
        "refuse": lambda: services.dossier_refuse(actor=p.leader_a, dossier=d, reasons="x"),
        "propose_extension": lambda: services.dossier_propose_extension(
            actor=p.leader_a,
            dossier=d,
            reason="x",
            apology="y",
            new_due_at=d.due_at + dt.timedelta(days=3),
        ),
        "withdraw": lambda: services.dossier_withdraw(actor=p.officer_a, dossier=d, reason="x"),
        "stop": lambda: services.dossier_stop(actor=p.leader_a, dossier=d, reason="x"),
        "finish": lambda: services.dossier_finish(actor=p.leader_a, dossier=d),
        "return": lambda: services.dossier_return_result(actor=p.officer_a, dossier=d),
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
    with pytest.raises(services.InvalidTransition) as exc:
        calls(p, returned)[name]()
    assert "“Đã trả kết quả”" in exc.value.message
    returned.refresh_from_db()
    assert returned.status == Status.RETURNED
    assert returned.events.count() == 4


def test_stopping_tells_the_applicant(p, receive, frozen, django_capture_on_commit_callbacks):
    d = receive()
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_stop(actor=p.officer_a, dossier=d, reason="Người nộp không bổ sung")
    assert "dừng giải quyết" in mail.outbox[-1].subject
    assert "Người nộp không bổ sung" in mail.outbox[-1].body


def test_finishing_waits_for_open_interagency_parts(p, receive, frozen):
    d = receive()
    d = services.dossier_forward(actor=p.officer_a, dossier=d)
    d = services.dossier_approve(actor=p.leader_a, dossier=d)
    # e.g. the tax office must still state the land-use levy after the approval
    d = services.dossier_send_interagency(
        actor=p.specialist_a,
        dossier=d,
        parts=[services.InterAgencyPart(p.construction, 8, "x", is_lead=True)],
    )
    task = InterAgencyTask.objects.get(dossier=d)
    with pytest.raises(services.InvalidInput):
        services.dossier_answer_interagency(actor=p.specialist_a, task=task, answer=" ")
    with pytest.raises(services.InvalidTransition) as exc:
        services.dossier_finish(actor=p.leader_a, dossier=d)
    assert exc.value.message == str(services.ERR_INTERAGENCY_OPEN)
    services.dossier_answer_interagency(actor=p.specialist_a, task=task, answer="Xong")
    d = services.dossier_finish(actor=p.leader_a, dossier=d)
    assert d.status == Status.FINISHED
