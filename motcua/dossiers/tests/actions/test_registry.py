"""What each persona may do to a dossier now (``actions.registry.available_actions``)."""

from __future__ import annotations

import pytest

from motcua.dossiers.actions.decision import dossier_approve
from motcua.dossiers.actions.endings import dossier_finish, dossier_stop
from motcua.dossiers.actions.intake import dossier_refuse_reception
from motcua.dossiers.actions.registry import ACTIONS, available_actions
from motcua.dossiers.actions.supplements import SupplementItemSpec, dossier_request_supplement

pytestmark = pytest.mark.django_db


def keys(user, dossier) -> list[str]:
    dossier.refresh_from_db()
    return [a.key for a in available_actions(user, dossier)]


def test_every_action_has_its_function_and_its_check():
    for spec in ACTIONS:
        assert spec.function.__name__ == f"dossier_{spec.key}", spec.key
        assert spec.check.__name__ == f"check_{spec.key}", spec.key


def test_a_new_online_filing_at_the_counter(p, submit, frozen):
    dossier = submit()
    assert keys(p.officer_a, dossier) == [
        "accept",
        "request_supplement",
        "refuse_reception",
        "attach",
        "set_delivery",
        "withdraw",
    ]
    assert keys(p.specialist_a, dossier) == []
    assert keys(p.officer_b, dossier) == []
    # The applicant's own account is offered what the actions let it do.
    assert keys(p.citizen, dossier) == ["attach", "set_delivery", "withdraw"]
    assert keys(None, dossier) == []


def test_no_second_supplement_at_reception(p, submit, frozen):
    dossier = submit()
    dossier_request_supplement(
        actor=p.officer_a,
        dossier=dossier,
        items=[SupplementItemSpec(required_document=dossier.procedure.documents.first())],
    )
    assert keys(p.officer_a, dossier) == [
        "receive_supplement",
        "attach",
        "set_delivery",
        "withdraw",
        "stop",
    ]


def test_received_dossier_on_the_receiving_step(p, receive, frozen):
    dossier = receive()
    officer = keys(p.officer_a, dossier)
    assert officer[:1] == ["forward"]
    assert "request_supplement" in officer and "stop" in officer and "approve" not in officer
    leader = keys(p.leader_a, dossier)
    assert "approve" in leader and "refuse" in leader and "forward" not in leader
    assert "propose_extension" in leader and "decide_extension" not in leader
    assert keys(p.officer_b, dossier) == []


def test_refused_and_ended_dossiers_offer_nothing(p, submit, receive, frozen):
    refused = dossier_refuse_reception(
        actor=p.officer_a, dossier=submit(), reasons="Không thuộc thẩm quyền"
    )
    assert keys(p.officer_a, refused) == []
    stopped = dossier_stop(actor=p.leader_a, dossier=receive(), reason="Theo yêu cầu")
    assert keys(p.leader_a, stopped) == []
    assert keys(p.officer_a, stopped) == []


def test_finished_dossier_is_returned_by_the_counter(p, receive, frozen):
    dossier = receive()
    dossier_approve(actor=p.leader_a, dossier=dossier)
    dossier_finish(actor=p.leader_a, dossier=dossier)
    assert keys(p.officer_a, dossier) == ["return_result", "set_delivery"]
    assert keys(p.specialist_a, dossier) == []
