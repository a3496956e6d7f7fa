"""Decision 766 indicators, targets and the trend chart."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from motcua.catalog.models import Procedure
from motcua.reports.indicators import (
    NO_DATA,
    Score,
    _score,
    indicators,
    seed_demo_targets,
    target_for,
)
from motcua.reports.models import Indicator, Target
from motcua.reports.stats import period_statistics
from motcua.reports.tests.conftest import NOW

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 9, 1), dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_score_is_full_at_the_target_and_proportional_below():
    s = _score(Score("2.1", "x", "", 20, value=90.0, target=Decimal(90)))
    assert s.points == 20
    s = _score(Score("2.1", "x", "", 20, value=45.0, target=Decimal(90)))
    assert s.points == 10
    assert s.reached is False


def test_demo_targets_are_seeded_once_and_an_agency_target_wins(generated):
    p = generated
    assert seed_demo_targets(2026) == 7
    assert seed_demo_targets(2026) == 0
    assert target_for(Indicator.ON_TIME, 2026, p.commune_a) == Decimal(90)
    Target.objects.create(year=2026, agency=p.province, indicator=Indicator.ON_TIME, value=95)
    assert target_for(Indicator.ON_TIME, 2026, p.commune_a) == Decimal(95)
    assert target_for(Indicator.ON_TIME, 2026, None) == Decimal(90)


def test_the_on_time_indicator_uses_the_period_statistics(generated):
    seed_demo_targets(2026)
    scores = {s.code: s for s in indicators(start=START, end=END, agency=None)}
    stats = period_statistics(start=START, end=END, now=NOW)
    assert scores["2.1"].value == stats["on_time_rate"]
    assert scores["2.1"].target == Decimal(90)
    assert scores["2.2"].value == stats["average_days"]
    online = scores["3.3"]
    assert (online.numerator, online.denominator) == (
        stats["received"]["online"],
        stats["received"]["new"],
    )
    assert scores["3.1"].denominator == Procedure.objects.filter(status="active").count()
    assert scores["1.1"].value is None and scores["1.1"].reason.startswith(NO_DATA)


def test_the_indicator_page_shows_the_chart_and_exports(generated, client):
    client.force_login(generated.inspector)
    params = {"start": START.isoformat(), "end": END.isoformat()}
    response = client.get("/bao-cao/chi-so/", params)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "<polyline" in html and "chưa có dữ liệu" in html
    xlsx = client.get("/bao-cao/chi-so/xlsx/", params)
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
