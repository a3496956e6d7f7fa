from __future__ import annotations

import pytest

from motcua.dossiers.actions.decision import dossier_approve
from motcua.dossiers.actions.endings import dossier_return_result, dossier_stop, dossier_withdraw
from motcua.dossiers.actions.intake import dossier_accept, dossier_refuse_reception
from motcua.dossiers.actions.steps import dossier_forward
from motcua.dossiers.models import Dossier
from motcua.lib.errors import NotAllowed

pytestmark = pytest.mark.django_db


def test_another_communes_officer_cannot_receive_here(p, receive, frozen):
    with pytest.raises(NotAllowed) as exc:
        receive(actor=p.officer_b)
    assert exc.value.message == "Bạn không có quyền thực hiện thao tác này đối với hồ sơ."


def test_another_communes_staff_cannot_touch_the_dossier(p, receive, submit, frozen):
    d = receive()
    for call in (
        lambda: dossier_forward(actor=p.officer_b, dossier=d),
        lambda: dossier_stop(actor=p.officer_b, dossier=d, reason="x"),
        lambda: dossier_withdraw(actor=p.officer_b, dossier=d, reason="x"),
        lambda: dossier_approve(actor=p.officer_b, dossier=d),
    ):
        with pytest.raises(NotAllowed):
            call()
    online = submit()
    with pytest.raises(NotAllowed):
        dossier_accept(actor=p.officer_b, dossier=online)
    with pytest.raises(NotAllowed):
        dossier_refuse_reception(actor=p.officer_b, dossier=online, reasons="x")


def test_the_receiving_officer_cannot_do_the_appraisal_step(p, receive, frozen):
    d = receive()
    d = dossier_forward(actor=p.officer_a, dossier=d)
    with pytest.raises(NotAllowed):
        dossier_forward(actor=p.officer_a, dossier=d)


def test_a_specialist_cannot_approve(p, receive, frozen):
    d = receive()
    with pytest.raises(NotAllowed):
        dossier_approve(actor=p.specialist_a, dossier=d)


def test_a_citizen_cannot_act_as_staff(p, receive, frozen):
    d = receive()
    with pytest.raises(NotAllowed):
        dossier_forward(actor=p.citizen, dossier=d)
    with pytest.raises(NotAllowed):
        dossier_withdraw(actor=p.citizen, dossier=d, reason="x")  # not their account
    with pytest.raises(NotAllowed):
        receive(actor=p.citizen)


def test_a_citizen_submits_only_online(p, submit, frozen):
    with pytest.raises(NotAllowed):
        submit(channel="1")


def test_system_actions_need_a_system_action(p, receive, frozen):
    d = receive()
    with pytest.raises(NotAllowed):
        dossier_forward(actor=None, dossier=d)


def test_who_sees_what(p, receive, submit, frozen):
    d = receive()
    online = submit()
    assert set(Dossier.objects.for_user(p.officer_a)) == {d, online}
    assert set(Dossier.objects.for_user(p.specialist_a)) == {d, online}
    assert set(Dossier.objects.for_user(p.inspector)) == {d, online}
    assert list(Dossier.objects.for_user(p.officer_b)) == []
    assert list(Dossier.objects.for_user(p.citizen)) == [online]
    assert list(Dossier.objects.for_user(None)) == []


def test_a_role_held_above_covers_the_subtree(p, receive, frozen):
    from motcua.accounts.roles import Role
    from motcua.testing import grant, make_user

    governor = make_user("chutich_tinh")
    grant(governor, p.province, Role.AGENCY_LEADER)
    centre_officer = make_user("tiepnhan_tinh")
    grant(centre_officer, p.centre, Role.RECEIVING_OFFICER)
    d = receive()
    # The provincial one-stop centre is a sibling of the commune, not above it.
    with pytest.raises(NotAllowed):
        receive(actor=centre_officer)
    with pytest.raises(NotAllowed):
        dossier_return_result(actor=centre_officer, dossier=d)
    d = dossier_approve(actor=governor, dossier=d)
    assert d.decided_by == governor
    assert Dossier.objects.for_user(governor).filter(pk=d.pk).exists()
    assert not Dossier.objects.for_user(centre_officer).filter(pk=d.pk).exists()
