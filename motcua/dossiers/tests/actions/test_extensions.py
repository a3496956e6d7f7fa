from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from motcua.dossiers.actions.extensions import (
    ERR_EXTENSION_TOO_LATE,
    dossier_decide_extension,
    dossier_propose_extension,
)
from motcua.dossiers.actions.supplements import (
    SupplementItemSpec,
    dossier_receive_supplement,
    dossier_request_supplement,
)
from motcua.dossiers.models import EventAction, Extension
from motcua.dossiers.permissions import ERR_EXTENSION_PENDING, ERR_EXTENSION_TWICE
from motcua.lib.errors import InvalidInput, InvalidTransition, NotAllowed
from motcua.testing import at

pytestmark = pytest.mark.django_db


def propose(p, d, *, when, new_due=None, actor=None):
    return dossier_propose_extension(
        actor=actor or p.specialist_a,
        dossier=d,
        reason="Chờ ý kiến của Sở Xây dựng",
        apology="Chúng tôi thành thật xin lỗi ông/bà.",
        new_due_at=new_due or d.due_at + dt.timedelta(days=3),
        at=when,
    )


def test_extension_is_proposed_then_approved_by_the_head(
    p, receive, frozen, django_capture_on_commit_callbacks
):
    d = receive()
    old_due = d.due_at
    d = propose(p, d, when=at(2))
    assert d.due_at == old_due  # not yet approved
    with pytest.raises(NotAllowed):
        dossier_decide_extension(actor=p.unit_leader_a, dossier=d, approve=True)
    with django_capture_on_commit_callbacks(execute=True):
        d = dossier_decide_extension(actor=p.leader_a, dossier=d, approve=True, at=at(2, 1))
    assert d.due_at == old_due + dt.timedelta(days=3)
    assert d.extension_count == 1
    extension = Extension.objects.get(dossier=d)
    assert extension.previous_due_at == old_due and extension.approved
    assert "xin lỗi" in mail.outbox[-1].subject.lower()
    assert "12/11/2026" in mail.outbox[-1].body
    assert d.events.order_by("-seq").first().action == EventAction.EXTENSION_APPROVED


def test_only_one_extension_per_dossier(p, receive, frozen):
    d = receive()
    d = propose(p, d, when=at(1))
    with pytest.raises(InvalidTransition) as exc:
        propose(p, d, when=at(1))
    assert exc.value.message == str(ERR_EXTENSION_PENDING)
    d = dossier_decide_extension(actor=p.leader_a, dossier=d, approve=True)
    with pytest.raises(InvalidTransition) as exc:
        propose(p, d, when=at(2))
    assert exc.value.message == str(ERR_EXTENSION_TWICE)


def test_a_rejected_proposal_leaves_room_for_another(p, receive, frozen):
    d = receive()
    d = propose(p, d, when=at(1))
    d = dossier_decide_extension(actor=p.leader_a, dossier=d, approve=False)
    assert d.extension_count == 0
    d = propose(p, d, when=at(1, 1))
    assert Extension.objects.filter(dossier=d).count() == 2


def test_at_least_one_working_day_before_the_due_moment(p, receive, frozen):
    d = receive()  # due Monday 9 Nov 09:00
    with pytest.raises(InvalidTransition) as exc:
        propose(p, d, when=at(6, 8))  # Sunday 17:00: less than one working day left
    assert exc.value.message == str(ERR_EXTENSION_TOO_LATE)
    propose(p, d, when=at(4))  # Friday 09:00: exactly one working day left


def test_the_new_date_must_be_later(p, receive, frozen):
    d = receive()
    with pytest.raises(InvalidInput):
        propose(p, d, when=at(1), new_due=d.due_at)


def test_no_decision_without_a_proposal(p, receive, frozen):
    d = receive()
    with pytest.raises(InvalidTransition):
        dossier_decide_extension(actor=p.leader_a, dossier=d, approve=True)


def test_staff_of_another_commune_cannot_propose(p, receive, frozen):
    d = receive()
    with pytest.raises(NotAllowed):
        propose(p, d, when=at(1), actor=p.officer_b)


def test_a_later_supplement_keeps_the_extension(p, procedure, receive, frozen):
    from motcua.catalog.models import RequiredDocument
    from motcua.workdays import deadlines

    d = receive()
    d = propose(p, d, when=at(0, 1), new_due=d.due_at + dt.timedelta(days=1))  # +1 working day
    d = dossier_decide_extension(actor=p.leader_a, dossier=d, approve=True, at=at(0, 2))
    d = dossier_request_supplement(
        actor=p.officer_a,
        dossier=d,
        items=[SupplementItemSpec(required_document=RequiredDocument.objects.first())],
        at=at(1),
    )
    d = dossier_receive_supplement(actor=p.officer_a, dossier=d, at=at(2))
    restarted = deadlines.due_moment(at(2), 5, "working_days", agency=p.commune_a)
    assert d.due_at == deadlines.add_working_time(restarted, 8, agency=p.commune_a)
