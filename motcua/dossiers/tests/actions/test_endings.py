"""How a dossier ends: decided, finished and returned, withdrawn or stopped; and how its
result is received."""

from __future__ import annotations

import pytest
from django.core import mail

from motcua.dossiers.actions.decision import dossier_approve, dossier_refuse
from motcua.dossiers.actions.endings import (
    dossier_finish,
    dossier_return_result,
    dossier_set_delivery,
    dossier_stop,
    dossier_withdraw,
)
from motcua.dossiers.actions.steps import (
    dossier_forward,
)
from motcua.dossiers.models import EventAction, Outcome, Status, StepRun
from motcua.dossiers.permissions import ERR_ALREADY_DECIDED, ERR_NOT_DECIDED
from motcua.lib.errors import InvalidInput, InvalidTransition, NotAllowed

pytestmark = pytest.mark.django_db


def test_refusal_after_appraisal_then_finish_and_return(
    p, receive, frozen, django_capture_on_commit_callbacks
):
    d = receive()
    d = dossier_forward(actor=p.officer_a, dossier=d)
    with pytest.raises(NotAllowed):
        dossier_refuse(actor=p.specialist_a, dossier=d, reasons="Không đủ điều kiện")
    with django_capture_on_commit_callbacks(execute=True):
        d = dossier_refuse(actor=p.unit_leader_a, dossier=d, reasons="Không đủ điều kiện cấp phép")
    assert d.outcome == Outcome.REFUSED and d.status == Status.PROCESSING
    assert "từ chối" in mail.outbox[-1].subject
    with pytest.raises(InvalidTransition):
        dossier_approve(actor=p.leader_a, dossier=d)
    d = dossier_finish(actor=p.leader_a, dossier=d)
    d = dossier_return_result(actor=p.officer_a, dossier=d)
    assert d.status == Status.RETURNED and d.outcome == Outcome.REFUSED


def test_it_cannot_finish_without_a_decision(p, receive, frozen):
    d = receive()
    with pytest.raises(InvalidTransition) as exc:
        dossier_finish(actor=p.officer_a, dossier=d)
    assert exc.value.message == str(ERR_NOT_DECIDED)


def test_return_needs_a_finished_dossier(p, receive, frozen):
    d = receive()
    with pytest.raises(InvalidTransition):
        dossier_return_result(actor=p.officer_a, dossier=d)


def test_the_system_returns_electronic_results_only(p, receive, frozen):
    d = receive()
    d = dossier_approve(actor=p.leader_a, dossier=d)
    d = dossier_finish(actor=p.leader_a, dossier=d)
    with pytest.raises(NotAllowed):
        dossier_return_result(actor=None, dossier=d)
    d = dossier_return_result(actor=None, dossier=d, delivery_method="electronic")
    assert d.status == Status.RETURNED
    assert d.events.order_by("-seq").first().actor_name == "Hệ thống"


def test_withdraw_at_the_applicants_request(p, receive, submit, frozen):
    d = receive()
    with pytest.raises(InvalidInput):
        dossier_withdraw(actor=p.officer_a, dossier=d, reason="")
    d = dossier_withdraw(actor=p.officer_a, dossier=d, reason="Đơn xin rút hồ sơ")
    assert d.status == Status.WITHDRAWN and d.ended_at is not None
    assert StepRun.objects.filter(dossier=d, finished_at__isnull=True).count() == 0
    online = submit()
    online = dossier_withdraw(actor=p.citizen, dossier=online, reason="Nộp nhầm")
    assert online.status == Status.WITHDRAWN and online.ended_at is None


def test_no_withdrawal_after_the_decision(p, receive, frozen):
    d = receive()
    d = dossier_approve(actor=p.leader_a, dossier=d)
    with pytest.raises(InvalidTransition) as exc:
        dossier_withdraw(actor=p.officer_a, dossier=d, reason="Thôi")
    assert exc.value.message == str(ERR_ALREADY_DECIDED)


def test_stop_processing(p, receive, frozen):
    d = receive()
    with pytest.raises(NotAllowed):
        dossier_stop(actor=p.specialist_a, dossier=d, reason="x")
    d = dossier_stop(actor=p.leader_a, dossier=d, reason="Đối tượng không thuộc diện")
    assert d.status == Status.STOPPED
    with pytest.raises(InvalidTransition):
        dossier_stop(actor=p.leader_a, dossier=d, reason="again")


def test_the_way_to_receive_the_result_changes_until_it_is_returned(p, receive, submit, frozen):
    from motcua.dossiers.models import DeliveryMethod

    dossier = receive()
    dossier = dossier_set_delivery(
        actor=p.officer_a,
        dossier=dossier,
        delivery_method=DeliveryMethod.POST,
        delivery_address="  Số 5, thôn Đông ",
    )
    assert (dossier.delivery_method, dossier.delivery_address) == ("post", "Số 5, thôn Đông")
    event = dossier.events.order_by("-seq").first()
    assert event.action == EventAction.DELIVERY_CHANGED
    assert (event.from_status, event.to_status) == (Status.PROCESSING, Status.PROCESSING)
    assert event.payload["previous_method"] == "counter"
    # The same choice again, an address without post, a method the procedure does not offer.
    with pytest.raises(InvalidInput, match="không thay đổi"):
        dossier_set_delivery(
            actor=p.officer_a,
            dossier=dossier,
            delivery_method=DeliveryMethod.POST,
            delivery_address="Số 5, thôn Đông",
        )
    with pytest.raises(InvalidInput, match="địa chỉ nhận kết quả"):
        dossier_set_delivery(
            actor=p.officer_a, dossier=dossier, delivery_method=DeliveryMethod.POST
        )
    dossier.procedure.delivery_electronic = False
    dossier.procedure.save()
    with pytest.raises(InvalidInput, match="không hỗ trợ"):
        dossier_set_delivery(
            actor=p.officer_a, dossier=dossier, delivery_method=DeliveryMethod.ELECTRONIC
        )
    # Not the specialist, not another commune; the applicant of an online filing may.
    for stranger in (p.specialist_a, p.officer_b):
        with pytest.raises(NotAllowed):
            dossier_set_delivery(
                actor=stranger, dossier=dossier, delivery_method=DeliveryMethod.COUNTER
            )
    mine = dossier_set_delivery(
        actor=p.citizen,
        dossier=submit(),
        delivery_method=DeliveryMethod.POST,
        delivery_address="Thôn 2",
    )
    assert mine.delivery_method == DeliveryMethod.POST
    # Once returned, it is too late.
    dossier_approve(actor=p.leader_a, dossier=dossier)
    dossier_finish(actor=p.leader_a, dossier=dossier)
    dossier_return_result(actor=p.officer_a, dossier=dossier)
    with pytest.raises(InvalidTransition):
        dossier_set_delivery(
            actor=p.officer_a, dossier=dossier, delivery_method=DeliveryMethod.COUNTER
        )
    assert dossier.events.filter(action=EventAction.DELIVERY_CHANGED).count() == 1
