"""Moving through the pinned process (forward, send back, assign), and the version
that guards every action against a stale page."""

from __future__ import annotations

import pytest
from django.core import mail

from motcua.dossiers.actions.core import StaleDossier
from motcua.dossiers.actions.decision import dossier_approve
from motcua.dossiers.actions.endings import (
    dossier_finish,
    dossier_return_result,
    dossier_stop,
)
from motcua.dossiers.actions.steps import (
    ERR_ASSIGNEE,
    dossier_assign,
    dossier_forward,
    dossier_send_back,
)
from motcua.dossiers.models import EventAction, Outcome, Status, StepRun
from motcua.dossiers.permissions import ERR_LAST_STEP
from motcua.dossiers.timeliness import Timeliness
from motcua.lib.errors import InvalidInput, InvalidTransition, NotAllowed
from motcua.testing import at

pytestmark = pytest.mark.django_db


def test_the_whole_journey(p, receive, frozen, django_capture_on_commit_callbacks):
    d = receive()
    d = dossier_forward(actor=p.officer_a, dossier=d, version=d.version, at=at(0, 1))
    assert d.current_step.order == 2 and d.current_unit == p.commune_a
    d = dossier_assign(actor=p.unit_leader_a, dossier=d, assignee=p.specialist_a, at=at(0, 2))
    assert d.assignee == p.specialist_a
    d = dossier_forward(actor=p.specialist_a, dossier=d, at=at(1))
    assert d.current_step.order == 3 and d.assignee is None
    d = dossier_approve(actor=p.leader_a, dossier=d, note="Cấp phép", at=at(2))
    assert d.outcome == Outcome.APPROVED and d.decided_by == p.leader_a
    d = dossier_forward(actor=p.leader_a, dossier=d, at=at(2, 1))
    assert d.current_unit == p.commune_a_point
    with django_capture_on_commit_callbacks(execute=True):
        d = dossier_finish(actor=p.officer_a, dossier=d, at=at(3))
    assert d.status == Status.FINISHED and d.completed_at == at(3) and d.ended_at == at(3)
    assert "đã có kết quả" in mail.outbox[-1].subject
    d = dossier_return_result(actor=p.officer_a, dossier=d, at=at(3, 1))
    assert d.status == Status.RETURNED and d.returned_at == at(3, 1)
    assert d.current_timeliness == Timeliness.EARLY
    actions = list(d.events.order_by("seq").values_list("action", flat=True))
    assert actions == [
        EventAction.RECEIVED,
        EventAction.FORWARDED,
        EventAction.ASSIGNED,
        EventAction.FORWARDED,
        EventAction.APPROVED,
        EventAction.FORWARDED,
        EventAction.FINISHED,
        EventAction.RETURNED,
    ]
    assert d.version == 8
    runs = StepRun.objects.filter(dossier=d).order_by("pk")
    assert [r.step.order for r in runs] == [1, 2, 3, 4]
    assert all(r.finished_at for r in runs)


def test_it_cannot_forward_past_the_last_step(p, receive, frozen):
    d = receive()
    for _ in range(3):
        actor = p.officer_a if d.current_step.order == 1 else p.leader_a
        d = dossier_forward(actor=actor, dossier=d)
    with pytest.raises(InvalidTransition) as exc:
        dossier_forward(actor=p.officer_a, dossier=d)
    assert exc.value.message == str(ERR_LAST_STEP)


def test_it_sends_back_to_an_earlier_step(p, receive, frozen):
    d = receive()
    d = dossier_forward(actor=p.officer_a, dossier=d)
    d = dossier_forward(actor=p.specialist_a, dossier=d, assignee=p.leader_a)
    with pytest.raises(InvalidInput):
        dossier_send_back(actor=p.leader_a, dossier=d, to_step=d.current_step, reason="Sai")
    step2 = d.process.steps.get(order=2)
    with pytest.raises(InvalidInput):
        dossier_send_back(actor=p.leader_a, dossier=d, to_step=step2, reason="")
    d = dossier_send_back(
        actor=p.leader_a, dossier=d, to_step=step2, reason="Thẩm định lại diện tích"
    )
    assert d.current_step == step2
    event = d.events.order_by("-seq").first()
    assert event.action == EventAction.SENT_BACK and event.note == "Thẩm định lại diện tích"


def test_an_assignee_must_hold_the_step_role(p, receive, frozen):
    d = receive()
    d = dossier_forward(actor=p.officer_a, dossier=d)
    with pytest.raises(InvalidInput) as exc:
        dossier_assign(actor=p.unit_leader_a, dossier=d, assignee=p.officer_b)
    assert exc.value.message == str(ERR_ASSIGNEE)
    with pytest.raises(NotAllowed):
        dossier_assign(actor=p.specialist_a, dossier=d, assignee=p.specialist_a)


def test_only_the_assignee_or_an_assigner_moves_an_assigned_step(p, receive, frozen):
    from motcua.accounts.roles import Role
    from motcua.testing import grant, make_user

    other = make_user("chuyenvien2")
    grant(other, p.commune_a, Role.SPECIALIST)
    d = receive()
    d = dossier_forward(actor=p.officer_a, dossier=d, assignee=p.specialist_a)
    with pytest.raises(NotAllowed):
        dossier_forward(actor=other, dossier=d)
    dossier_forward(actor=p.unit_leader_a, dossier=d)


def test_stale_version_is_refused(p, receive, frozen):
    d = receive()
    dossier_forward(actor=p.officer_a, dossier=d, version=d.version)
    with pytest.raises(StaleDossier) as exc:
        dossier_stop(actor=p.leader_a, dossier=d, reason="x", version=d.version)
    assert exc.value.message == "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang."
