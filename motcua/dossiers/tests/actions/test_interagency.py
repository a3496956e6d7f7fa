"""Inter-agency processing (liên thông): several agencies at once, one lead, their answers."""

from __future__ import annotations

import pytest

from motcua.dossiers.actions.decision import dossier_approve
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
