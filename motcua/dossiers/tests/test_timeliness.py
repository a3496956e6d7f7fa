from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.dossiers.actions.decision import dossier_approve
from motcua.dossiers.actions.endings import dossier_finish, dossier_return_result
from motcua.dossiers.actions.intake import Applicant, dossier_accept
from motcua.dossiers.actions.steps import dossier_forward
from motcua.dossiers.actions.supplements import (
    SupplementItemSpec,
    dossier_receive_supplement,
    dossier_request_supplement,
)
from motcua.dossiers.models import Dossier, Status
from motcua.dossiers.timeliness import Timeliness, classify
from motcua.testing import VN, at, submit_dossier

DUE = dt.datetime(2026, 11, 9, 9, 0, tzinfo=VN)


def test_classify_finished():
    assert classify(DUE, DUE) == Timeliness.ON_TIME
    assert classify(DUE.replace(hour=8), DUE) == Timeliness.ON_TIME  # same day
    assert classify(DUE - dt.timedelta(days=1), DUE) == Timeliness.EARLY
    assert classify(DUE + dt.timedelta(seconds=1), DUE) == Timeliness.LATE


def test_classify_running():
    assert classify(None, DUE, now=DUE) == Timeliness.IN_TIME
    assert classify(None, DUE, now=DUE + dt.timedelta(minutes=1)) == Timeliness.OVERDUE
    assert classify(None, None) is None


@given(st.integers(min_value=-10_000, max_value=10_000))
def test_finished_on_time_iff_not_after_the_due_moment(minutes):
    end = DUE + dt.timedelta(minutes=minutes)
    result = classify(end, DUE)
    assert (result in (Timeliness.EARLY, Timeliness.ON_TIME)) == (end <= DUE)
    assert (result == Timeliness.EARLY) == (end.astimezone(VN).date() < DUE.date())


def finish(p, d, when):
    d = dossier_approve(actor=p.leader_a, dossier=d, at=when)
    return dossier_finish(actor=p.leader_a, dossier=d, at=when)


@pytest.mark.django_db
def test_querysets_agree_with_the_function(p, procedure, receive, frozen):
    early = finish(p, receive(), at(1))  # due 9 Nov 09:00
    on_time = finish(p, receive(), at(7, -1))  # 9 Nov 08:00
    late = finish(p, receive(), at(8))
    returned_late = dossier_return_result(
        actor=p.officer_a, dossier=finish(p, receive(), at(9)), at=at(9, 1)
    )
    running = receive()
    overdue = receive(at=at(-10))
    waiting = dossier_request_supplement(
        actor=p.officer_a,
        dossier=receive(),
        items=[SupplementItemSpec(text="Giấy A", reason="Luật B")],
        at=at(1),
    )
    online = submit_dossier(
        p, procedure, applicant=Applicant(name="Người nộp", id_number="001090012345")
    )
    now = at(3)
    qs = Dossier.objects.all()
    annotated = {d.pk: d.timeliness for d in qs.with_timeliness(now)}
    expected = {
        early.pk: Timeliness.EARLY,
        on_time.pk: Timeliness.ON_TIME,
        late.pk: Timeliness.LATE,
        returned_late.pk: Timeliness.LATE,
        running.pk: Timeliness.IN_TIME,
        overdue.pk: Timeliness.OVERDUE,
        waiting.pk: Timeliness.EARLY,  # the request time stands in for the end
        online.pk: None,
    }
    assert annotated == expected
    for d in qs:
        from motcua.dossiers.timeliness import dossier_timeliness

        assert dossier_timeliness(d, now=now) == expected[d.pk]
    assert set(qs.finished_on_time()) == {early, on_time}
    assert set(qs.finished_late()) == {late, returned_late}
    assert set(qs.finished_early()) == {early}
    assert set(qs.on_time(now)) == {early, on_time, waiting}
    assert set(qs.overdue(now)) == {overdue}
    assert set(qs.waiting_applicant()) == {waiting}
    assert set(qs.in_progress()) == {running, overdue, waiting}


@pytest.mark.django_db
def test_due_today_and_due_between(p, receive, frozen):
    d = receive()  # due Monday 9 Nov 09:00
    other = receive(at=at(1))
    assert set(Dossier.objects.due_today(now=at(7))) == {d}
    assert set(Dossier.objects.due_between(at(7), at(9))) == {d, other}
    assert list(Dossier.objects.due_today(now=at(6))) == []


@pytest.mark.django_db
def test_step_timeliness(p, receive, frozen):
    d = receive()
    d = dossier_forward(actor=p.officer_a, dossier=d, at=at(0, 1))
    first, second = d.step_runs.order_by("pk")
    assert first.timeliness == Timeliness.ON_TIME
    assert second.timeliness == Timeliness.IN_TIME


@pytest.mark.django_db
def test_search(p, receive, frozen):
    d = receive()
    other = receive(applicant=Applicant(name="Trần Thị Hoa", id_number="079190001234"))
    assert list(Dossier.objects.search("nguyen van an")) == [d]
    assert list(Dossier.objects.search("Nguyễn An")) == [d]
    assert list(Dossier.objects.search(other.code)) == [other]
    assert list(Dossier.objects.search("079190001234")) == [other]
    assert Dossier.objects.filter(status=Status.PROCESSING).count() == 2


def test_decision_766_counts_two_supplement_requests_as_late(p, procedure, submit, frozen):
    from motcua.dossiers.timeliness import decision_766_timeliness, dossier_timeliness

    document = procedure.documents.first()
    item = [SupplementItemSpec(required_document=document)]
    twice = submit()
    dossier_request_supplement(actor=p.officer_a, dossier=twice, items=item)
    dossier_receive_supplement(actor=p.officer_a, dossier=twice)
    dossier_accept(actor=p.officer_a, dossier=twice)
    dossier_request_supplement(actor=p.officer_a, dossier=twice, items=item)
    once = dossier_accept(actor=p.officer_a, dossier=submit())
    dossier_request_supplement(actor=p.officer_a, dossier=once, items=item)
    twice.refresh_from_db()
    once.refresh_from_db()
    # Waiting for the supplement: the request time stands for the end, well before due.
    assert dossier_timeliness(twice) == Timeliness.EARLY
    assert decision_766_timeliness(twice) == Timeliness.LATE
    assert dossier_timeliness(once) == decision_766_timeliness(once) == Timeliness.EARLY
    rows = dict(Dossier.objects.with_766_timeliness().values_list("pk", "timeliness_766"))
    assert rows == {twice.pk: Timeliness.LATE, once.pk: Timeliness.EARLY}
    # The legal reading of the work lists is unchanged.
    legal = dict(Dossier.objects.with_timeliness().values_list("pk", "timeliness"))
    assert legal == {twice.pk: Timeliness.EARLY, once.pk: Timeliness.EARLY}
