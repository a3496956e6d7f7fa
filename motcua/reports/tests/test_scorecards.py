"""Scorecards of heads and officers, satisfaction by criterion and the SIPAS factors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import F

from motcua.dossiers.models import Dossier, Extension, StepRun
from motcua.feedback.models import Rating
from motcua.reports.satisfaction import by_criterion, ratings_in, sipas_summary
from motcua.reports.scorecards import agency_scorecard, officer_scorecards
from motcua.reports.stats import period_statistics
from motcua.reports.tests.conftest import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
START, END = dt.date(2026, 9, 1), dt.date(2026, 11, 20)


def rate(dossier, officer, score: int):
    rating = Rating.objects.create(
        dossier=dossier,
        **dict.fromkeys(("time_score", "contacts_score", "agencies_score", "information_score", "attitude_score", "lawfulness_score", "feedback_score", "online_score"), score),
        channel="account",
        agency=dossier.agency,
        dissatisfied=score == 1,
        created_at=NOW - dt.timedelta(days=1),
    )  # fmt: skip
    rating.officers.add(officer)
    return rating


def test_the_head_scorecard_counts_late_apologies_and_ratings(generated):
    p = generated
    done = list(Dossier.objects.filter(status=10).order_by("pk")[:3])
    rate(done[0], p.officer_a, 3)
    rate(done[1], p.officer_a, 1)
    card = agency_scorecard(start=START, end=END, agency=p.commune_a)
    stats = period_statistics(start=START, end=END, agency=p.commune_a, now=NOW)
    assert card["late"] == stats["resolved"]["late"] + stats["in_progress"]["overdue"]
    assert card["on_time_rate"] == stats["on_time_rate"]
    assert (card["ratings"], card["dissatisfied"], card["satisfied_rate"]) == (2, 1, 50.0)
    start_at = dt.datetime.combine(START, dt.time.min, tzinfo=NOW.tzinfo)
    assert (
        card["apologies"]
        == Extension.objects.filter(approved=True, decided_at__gte=start_at).count()
    )


def test_officer_scorecards_recount_step_runs(generated):
    p = generated
    cards = {
        c["officer_id"]: c for c in officer_scorecards(start=START, end=END, agency=p.province)
    }
    start_at = dt.datetime.combine(START, dt.time.min, tzinfo=NOW.tzinfo)
    runs = StepRun.objects.filter(finished_by=p.officer_a, finished_at__gte=start_at)
    assert cards[p.officer_a.pk]["steps"] == runs.count() > 0
    assert cards[p.officer_a.pk]["on_time"] == runs.filter(finished_at__lte=F("due_at")).count()


def test_satisfaction_by_criterion_and_the_five_factors(generated):
    p = generated
    done = list(Dossier.objects.filter(status=10).order_by("pk")[:2])
    rate(done[0], p.officer_a, 3)
    rate(done[1], p.officer_a, 1)
    criteria = by_criterion(ratings_in(start=START, end=END))
    assert all(c["answers"] == 2 and c["rate"] == 50.0 for c in criteria)
    factors = sipas_summary(criteria)
    assert len(factors) == 5 and all(f["rate"] == 50.0 for f in factors)


def test_the_pages_render_and_export(generated, client):
    client.force_login(generated.inspector)
    params = {"start": START.isoformat(), "end": END.isoformat()}
    for url in ("/bao-cao/bang-diem/", "/bao-cao/hai-long/"):
        assert client.get(url, params).status_code == 200
        xlsx = client.get(url + "xlsx/", params)
        assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
