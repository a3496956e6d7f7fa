from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from motcua.catalog.models import RequiredDocument
from motcua.dossiers.actions.intake import dossier_accept
from motcua.dossiers.actions.steps import dossier_forward
from motcua.dossiers.actions.supplements import (
    ERR_SUPPLEMENT_FREE_ITEM,
    ERR_SUPPLEMENT_LATE,
    SupplementItemSpec,
    dossier_receive_supplement,
    dossier_request_supplement,
)
from motcua.dossiers.models import Dossier, Pause, Status, SupplementRequest
from motcua.dossiers.permissions import (
    ERR_SUPPLEMENT_TWICE_APPRAISAL,
    ERR_SUPPLEMENT_TWICE_RECEPTION,
)
from motcua.lib.errors import InvalidInput, InvalidTransition, NotAllowed
from motcua.testing import at
from motcua.workdays import deadlines
from motcua.workdays.units import SupplementClock

pytestmark = pytest.mark.django_db


def item(procedure):
    return SupplementItemSpec(
        required_document=RequiredDocument.objects.filter(procedure=procedure).first()
    )


def test_once_at_reception(p, procedure, submit, frozen, django_capture_on_commit_callbacks):
    d = submit()
    with django_capture_on_commit_callbacks(execute=True):
        d = dossier_request_supplement(
            actor=p.officer_a, dossier=d, items=[item(procedure)], reason="Thiếu đơn"
        )
    assert d.status == Status.SUPPLEMENT and d.supplement_rounds == 1
    assert "bổ sung" in mail.outbox[-1].subject
    assert "Đơn đề nghị cấp phép" in mail.outbox[-1].body
    assert not Pause.objects.filter(dossier=d).exists()  # the clock has not started
    d = dossier_receive_supplement(actor=p.citizen, dossier=d, at=at(1))
    assert d.status == Status.NEW
    with pytest.raises(InvalidTransition) as exc:
        dossier_request_supplement(actor=p.officer_a, dossier=d, items=[item(procedure)])
    assert exc.value.message == str(ERR_SUPPLEMENT_TWICE_RECEPTION)
    d = dossier_accept(actor=p.officer_a, dossier=d, at=at(1, 1))
    assert d.status == Status.PROCESSING


def test_free_text_items_need_a_written_reason(p, submit, frozen):
    d = submit()
    with pytest.raises(InvalidInput) as exc:
        dossier_request_supplement(
            actor=p.officer_a,
            dossier=d,
            items=[SupplementItemSpec(text="Giấy xác nhận của tổ dân phố")],
        )
    assert exc.value.message == str(ERR_SUPPLEMENT_FREE_ITEM)
    with pytest.raises(InvalidInput):
        dossier_request_supplement(actor=p.officer_a, dossier=d, items=[])
    d = dossier_request_supplement(
        actor=p.officer_a,
        dossier=d,
        items=[
            SupplementItemSpec(
                text="Giấy xác nhận của tổ dân phố", reason="Điều 8 Luật Xây dựng yêu cầu"
            )
        ],
    )
    assert d.status == Status.SUPPLEMENT


def test_a_document_of_another_procedure_is_refused(p, procedure, submit, frozen):
    from motcua.testing import make_procedure

    other = make_procedure("1.000002", "Khác", days=None)
    paper = RequiredDocument.objects.create(procedure=other, name="Khác")
    d = submit()
    with pytest.raises(InvalidInput):
        dossier_request_supplement(
            actor=p.officer_a,
            dossier=d,
            items=[SupplementItemSpec(required_document=paper)],
        )


def test_during_appraisal_the_clock_restarts(p, procedure, receive, frozen):
    d = receive()
    d = dossier_forward(actor=p.officer_a, dossier=d)
    d = dossier_request_supplement(
        actor=p.specialist_a, dossier=d, items=[item(procedure)], at=at(1)
    )
    assert d.status == Status.SUPPLEMENT and d.paused_at == at(1)
    pause = Pause.objects.get(dossier=d)
    assert pause.started_at == at(1) and pause.ended_at is None
    assert Dossier.objects.waiting_applicant().filter(pk=d.pk).exists()
    d = dossier_receive_supplement(actor=p.officer_a, dossier=d, at=at(8))
    assert d.status == Status.PROCESSING and d.paused_at is None
    request = SupplementRequest.objects.get(dossier=d)
    assert (request.requested_at, request.completed_at) == (at(1), at(8))
    assert Pause.objects.get(dossier=d).ended_at == at(8)
    # Decree 118 Art. 19.5: the whole time limit runs again from the complete supplement.
    assert d.clock_started_at == at(8)
    assert d.due_at == deadlines.due_moment(at(8), 5, "working_days", agency=p.commune_a)
    assert d.current_step.order == 2
    assert d.step_runs.filter(finished_at__isnull=True).count() == 1


def test_during_appraisal_the_clock_can_subtract(p, procedure, receive, frozen):
    procedure.supplement_clock = SupplementClock.SUBTRACT
    procedure.save()
    d = receive()
    d = dossier_request_supplement(actor=p.officer_a, dossier=d, items=[item(procedure)], at=at(1))
    d = dossier_receive_supplement(actor=p.officer_a, dossier=d, at=at(8))
    expected = deadlines.due_moment(
        at(0), 5, "working_days", agency=p.commune_a, pauses=[(at(1), at(8))]
    )
    assert d.due_at == expected
    assert d.clock_started_at == at(0)


def test_appraisal_supplement_only_within_three_working_days(p, procedure, receive, frozen):
    d = receive()
    # Monday 09:00 + 3 working days = Thursday 09:00; Friday is too late.
    with pytest.raises(InvalidTransition) as exc:
        dossier_request_supplement(actor=p.officer_a, dossier=d, items=[item(procedure)], at=at(4))
    assert exc.value.message == str(ERR_SUPPLEMENT_LATE)
    d = dossier_request_supplement(actor=p.officer_a, dossier=d, items=[item(procedure)], at=at(3))
    d = dossier_receive_supplement(actor=p.officer_a, dossier=d, at=at(4))
    with pytest.raises(InvalidTransition) as exc:
        dossier_request_supplement(actor=p.officer_a, dossier=d, items=[item(procedure)], at=at(4))
    assert exc.value.message == str(ERR_SUPPLEMENT_TWICE_APPRAISAL)


def test_receive_supplement_needs_status_five(p, receive, frozen):
    d = receive()
    with pytest.raises(InvalidTransition):
        dossier_receive_supplement(actor=p.officer_a, dossier=d)


def test_another_citizen_cannot_answer(p, procedure, submit, frozen):
    from motcua.accounts.models import User
    from motcua.testing import make_user

    stranger = make_user("nguoikhac", kind=User.Kind.CITIZEN)
    d = submit()
    d = dossier_request_supplement(actor=p.officer_a, dossier=d, items=[item(procedure)])
    with pytest.raises(NotAllowed):
        dossier_receive_supplement(actor=stranger, dossier=d)


def test_close_unsupplemented_after_fifteen_days(p, procedure, receive, frozen):
    waiting = receive()
    waiting = dossier_request_supplement(
        actor=p.officer_a, dossier=waiting, items=[item(procedure)], at=at(1)
    )
    recent = receive()
    recent = dossier_request_supplement(
        actor=p.officer_a, dossier=recent, items=[item(procedure)], at=at(3)
    )
    frozen.move_to(at(1) + dt.timedelta(days=15, minutes=1))
    call_command("close_unsupplemented")
    waiting.refresh_from_db()
    recent.refresh_from_db()
    assert waiting.status == Status.STOPPED
    assert recent.status == Status.SUPPLEMENT
    event = waiting.events.order_by("-seq").first()
    assert event.actor is None and event.actor_name == "Hệ thống"
    assert "Điều 19.5" in event.note
    assert Pause.objects.get(dossier=waiting).ended_at is not None


@pytest.mark.parametrize("days", [0, -3, 10**9])
def test_close_unsupplemented_refuses_a_wrong_number_of_days(p, procedure, receive, frozen, days):
    waiting = dossier_request_supplement(
        actor=p.officer_a, dossier=receive(), items=[item(procedure)], at=at(1)
    )
    with pytest.raises(CommandError, match="--days phải là số ngày từ 1 đến 3650"):
        call_command("close_unsupplemented", days=days)
    waiting.refresh_from_db()
    assert waiting.status == Status.SUPPLEMENT
