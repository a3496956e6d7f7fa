"""Decision 766 deadlines of PAKN over the working calendar, and the overdue flags."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.feedback import selectors, services
from motcua.feedback.models import Feedback
from motcua.feedback.tests.factories import TZ, file_feedback, local
from motcua.workdays import deadlines

pytestmark = pytest.mark.django_db


def test_deadlines_skip_the_april_and_may_holidays(province):
    # Wednesday 29/04/2026 09:00; 30/4 and 1/5 are holidays, then a weekend.
    feedback = file_feedback(province, at=local(2026, 4, 29, 9, 0))
    assert feedback.refuse_due == local(2026, 5, 5, 9, 0)
    assert feedback.more_due == local(2026, 5, 8, 9, 0)
    assert feedback.answer_due == local(2026, 5, 22, 9, 0)
    for day in (dt.date(2026, 4, 30), dt.date(2026, 5, 1)):
        assert feedback.refuse_due.astimezone(TZ).date() > day


def test_the_publish_deadline_is_two_working_days_after_the_answer(province):
    feedback = file_feedback(province)
    feedback = services.feedback_answer(
        feedback=feedback, actor=province.leader_a, answer="Đã xử lý.", at=local(2026, 5, 8, 14, 0)
    )
    # Friday 14:00 + 2 working days: Tuesday 14:00.
    assert feedback.publish_due == local(2026, 5, 12, 14, 0)


def test_an_evening_filing_starts_counting_the_next_morning(province):
    feedback = file_feedback(province, at=local(2026, 5, 4, 20, 0))
    assert feedback.refuse_due == deadlines.add_working_time(
        local(2026, 5, 4, 20, 0), 2, "working_days", agency=province.commune_a
    )
    assert (
        deadlines.working_time_between(
            local(2026, 5, 4, 20, 0), feedback.refuse_due, agency=province.commune_a
        )
        == 16
    )


def test_waiting_for_the_filer_is_not_counted(province):
    feedback = file_feedback(province, at=local(2026, 5, 4, 9, 0))  # Monday
    services.feedback_request_more(
        feedback=feedback, actor=province.leader_a, request="Ngày nào?", at=local(2026, 5, 5, 9, 0)
    )
    feedback = services.feedback_add_information(
        feedback=feedback, content="Ngày 20/4", phone_last4="4321", at=local(2026, 5, 11, 9, 0)
    )
    used = deadlines.working_time_between(local(2026, 5, 4, 9, 0), local(2026, 5, 5, 9, 0))
    left = deadlines.working_time_between(local(2026, 5, 11, 9, 0), feedback.answer_due)
    assert used + left == 15 * 8
    assert feedback.answer_due == local(2026, 5, 29, 9, 0)


def test_it_flags_unanswered_items_overdue_after_fifteen_working_days(province):
    late = file_feedback(province, at=local(2026, 4, 29, 9, 0))
    file_feedback(province, at=local(2026, 5, 20, 9, 0))
    assert not Feedback.objects.overdue(local(2026, 5, 22, 9, 0)).exists()
    assert list(Feedback.objects.overdue(local(2026, 5, 22, 9, 1))) == [late]


def test_it_flags_answers_not_published_in_two_working_days(province):
    feedback = file_feedback(province)
    services.feedback_answer(
        feedback=feedback, actor=province.leader_a, answer="Đã xử lý.", at=local(2026, 5, 6, 9, 0)
    )
    assert not Feedback.objects.overdue(local(2026, 5, 8, 9, 0)).exists()
    assert Feedback.objects.overdue(local(2026, 5, 8, 9, 1)).get() == feedback
    services.feedback_publish(feedback=feedback, actor=province.leader_a)
    assert not Feedback.objects.overdue(local(2026, 6, 30, 9, 0)).exists()


def test_waiting_for_the_filer_is_never_overdue(province):
    feedback = file_feedback(province)
    services.feedback_request_more(feedback=feedback, actor=province.leader_a, request="Ở đâu?")
    assert not Feedback.objects.overdue(local(2026, 12, 31, 9, 0)).exists()


def test_the_triage_list_shows_overdue_items_with_time_frozen(client, province):
    feedback = file_feedback(province, at=local(2026, 4, 29, 9, 0))
    client.force_login(province.leader_a)
    with time_machine.travel(local(2026, 5, 21, 9, 0), tick=False):
        page = client.get("/van-phong/phan-anh/?overdue=1")
        assert feedback.code not in page.content.decode()
    with time_machine.travel(local(2026, 5, 25, 9, 0), tick=False):
        page = client.get("/van-phong/phan-anh/?overdue=1")
        assert feedback.code in page.content.decode()
        detail = client.get(f"/van-phong/phan-anh/{feedback.code}/").content.decode()
        assert "tag late" in detail
        assert "deadline-overdue" in detail


def test_deadline_rows_tell_on_time_from_late(province):
    feedback = file_feedback(province, at=local(2026, 4, 29, 9, 0))
    rows = selectors.deadline_rows(feedback, local(2026, 5, 6, 9, 0))
    assert [r["state"] for r in rows] == ["lapsed", "pending", "pending", "n/a"]
    feedback = services.feedback_answer(
        feedback=feedback, actor=province.leader_a, answer="Trễ", at=local(2026, 5, 25, 9, 0)
    )
    rows = selectors.deadline_rows(feedback, local(2026, 5, 28, 9, 0))
    assert [r["state"] for r in rows] == ["n/a", "n/a", "late", "overdue"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    moment=st.datetimes(
        min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2027, 12, 1), timezones=st.just(TZ)
    )
)
def test_deadlines_are_ordered_and_exact_in_working_hours(province, moment):
    feedback = file_feedback(province, at=moment)
    assert moment < feedback.refuse_due < feedback.more_due < feedback.answer_due
    for due, days in ((feedback.refuse_due, 2), (feedback.more_due, 5), (feedback.answer_due, 15)):
        assert deadlines.working_time_between(moment, due, agency=province.commune_a) == days * 8
