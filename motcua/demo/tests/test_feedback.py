"""Generated feedback (demo, reports): made through the services, deterministic by seed."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.demo.feedback import ERR_NOTHING, GenerationError, generate
from motcua.feedback.models import Feedback, FeedbackEvent, FeedbackStatus, FeedbackVote
from motcua.testing import VN, make_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def birth_registration(p):
    return make_procedure("1.001193", "Thủ tục đăng ký khai sinh", agencies=[p.commune_a])


NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=VN)


def story(items) -> list[tuple]:
    return [
        (f.title, f.status, f.agency_id, f.received_at, f.answered_at, f.published_at)
        for f in items
    ]


def test_it_needs_an_agency_with_someone_to_answer(db):
    with pytest.raises(GenerationError) as exc:
        generate(count=3, now=NOW)
    assert str(exc.value) == ERR_NOTHING


def test_items_are_played_through_the_services_and_repeat_with_the_seed(p, birth_registration):
    stats = generate(count=30, seed=4, days=90, now=NOW)
    items = list(Feedback.objects.order_by("pk"))
    assert stats.created == len(items) == 30
    assert all(f.events.exists() for f in items)
    assert FeedbackEvent.objects.filter(at__gt=NOW).count() == 0
    statuses = {f.status for f in items}
    assert {FeedbackStatus.PUBLISHED, FeedbackStatus.RECEIVED} <= statuses
    assert Feedback.objects.overdue(NOW).count() == stats.overdue > 0
    assert FeedbackVote.objects.count() == stats.votes > 0
    assert all(f.procedure.agencies.filter(pk=f.agency_id).exists() for f in items if f.procedure)

    generate(count=30, seed=4, days=90, now=NOW)
    again = list(Feedback.objects.order_by("pk"))[30:]
    assert story(again) == story(items)
