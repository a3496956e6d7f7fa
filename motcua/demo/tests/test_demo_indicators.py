"""The demo as a province trying it sees it: dossiers with scanned papers and signed
electronic results, feedback answered on time and late, so that the Decision 766
indicators 4.1, 4.2, 5.2 and 5.3 have values; and an intact event trail.

The demo is loaded once for the module (fewer dossiers than ``make demo``, over the same
120 days), inside a transaction rolled back at the end.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from motcua.dossiers import events
from motcua.dossiers.models import Attachment, Dossier, Event, EventAction, Outcome
from motcua.feedback.models import Feedback, FeedbackStatus, FeedbackVote
from motcua.paperwork.signing import verify_pdf
from motcua.reports.indicators import indicators

pytestmark = pytest.mark.django_db

DAYS = 120


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", dossiers=60, days=DAYS, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def scores() -> dict:
    """The province's indicators over the days the demo covers."""
    today = timezone.localdate()
    start = today - dt.timedelta(days=DAYS - 1)
    return {s.code: s for s in indicators(start=start, end=today, agency=None)}


def test_some_results_are_electronic_and_some_dossiers_digitised(demo):
    values = scores()
    for code in ("4.1", "4.2"):
        score = values[code]
        assert score.denominator, code
        assert 0 < score.value < 100, (code, score.value)
        assert score.points is not None


def test_papers_and_results_went_through_the_services(demo):
    scanned = Attachment.objects.filter(content_type="application/pdf").first()
    assert scanned is not None and scanned.file.read().startswith(b"%PDF-")
    attached = Event.objects.filter(action=EventAction.ATTACHED)
    assert attached.exists() and attached.exclude(actor=None).count() == attached.count()
    signed = Dossier.objects.filter(outcome=Outcome.APPROVED).exclude(result_file="")
    for dossier in signed.order_by("pk")[:3]:
        with dossier.result_file.open("rb") as handle:
            verification = verify_pdf(handle.read())
        assert verification.valid, verification.reason


def test_feedback_is_handled_on_time_late_and_not_yet(demo):
    values = scores()
    on_time, satisfied = values["5.2"], values["5.3"]
    assert on_time.denominator and satisfied.denominator
    assert 0 < on_time.value < 100
    assert 0 < satisfied.value <= on_time.value
    statuses = set(Feedback.objects.values_list("status", flat=True))
    assert {FeedbackStatus.PUBLISHED, FeedbackStatus.RECEIVED} <= statuses
    assert Feedback.objects.overdue(timezone.now()).exists()
    assert Feedback.objects.filter(follows__isnull=False).exists()
    votes = set(FeedbackVote.objects.values_list("value", flat=True))
    assert votes == {FeedbackVote.Value.LIKE, FeedbackVote.Value.DISLIKE}


def test_the_event_trail_of_the_demo_is_intact(demo):
    assert list(events.verify()) == []
    out = io.StringIO()
    call_command("verify_events", stdout=out)
    assert "toàn vẹn" in out.getvalue()
