"""Every number of the period statistics recounted by walking the dossiers in Python,
with the definitions of docs/reports.md (independent of the SQL in ``stats``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command

from motcua.dossiers.models import Dossier, Pause
from motcua.dossiers.timeliness import classify
from motcua.reports.stats import METRICS, dossiers_for, flat, period_statistics
from motcua.reports.tests.conftest import NOW, VN

pytestmark = pytest.mark.django_db


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    s = dt.datetime.combine(start, dt.time.min, tzinfo=VN)
    e = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=VN)
    return s, e


def recount(start: dt.date, end: dt.date, *, agency_ids=None, now=NOW) -> dict[str, set[int]]:
    """The ids behind each number, by walking every dossier."""
    s, e = _bounds(start, end)
    as_of = min(e, now)
    pauses: dict[int, list[Pause]] = {}
    for pause in Pause.objects.all():
        pauses.setdefault(pause.dossier_id, []).append(pause)
    out: dict[str, set[int]] = {name: set() for name in METRICS}
    for d in Dossier.objects.all():
        if d.received_at is None:
            continue
        if agency_ids is not None and d.agency_id not in agency_ids:
            continue
        end_ = d.ended_at
        if d.received_at < s and (end_ is None or end_ >= s):
            out["carried_over"].add(d.pk)
        if s <= d.received_at < e:
            out["new"].add(d.pk)
            out[{"1": "counter", "2": "online", "3": "postal"}[d.channel]].add(d.pk)
        if end_ is not None and s <= end_ < e:
            if d.status == 7:
                out["withdrawn"].add(d.pk)
            elif d.status == 8:
                out["stopped"].add(d.pk)
            elif d.outcome == "refused":
                out["refused"].add(d.pk)
            else:
                out[str(classify(end_, d.due_at))].add(d.pk)
        if d.received_at < e and (end_ is None or end_ >= e):
            paused = any(
                p.started_at < e and (p.ended_at is None or p.ended_at >= e)
                for p in pauses.get(d.pk, [])
            )
            if paused:
                out["waiting_applicant"].add(d.pk)
            elif d.due_at is None or as_of <= d.due_at:
                out["in_time"].add(d.pk)
            else:
                out["overdue"].add(d.pk)
        if d.returned_at is not None and s <= d.returned_at < e:
            out["returned"].add(d.pk)
    return out


PERIODS = [
    (dt.date(2026, 9, 1), dt.date(2026, 9, 30)),
    (dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
    (dt.date(2026, 11, 1), dt.date(2026, 11, 30)),
    (dt.date(2026, 8, 20), dt.date(2026, 11, 20)),
    (dt.date(2026, 10, 15), dt.date(2026, 10, 15)),
]


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_every_number_agrees_with_a_recount(generated, start, end):
    stats = flat(period_statistics(start=start, end=end, now=NOW))
    expected = recount(start, end)
    assert stats == {name: len(ids) for name, ids in expected.items()}
    for name, ids in expected.items():
        listed = dossiers_for(name, start=start, end=end, now=NOW)
        assert set(listed.values_list("pk", flat=True)) == ids, name


def test_the_data_exercises_every_category(generated):
    stats = flat(period_statistics(start=dt.date(2026, 8, 1), end=dt.date(2026, 11, 20), now=NOW))
    for name in ("new", "counter", "online", "early", "late", "in_time", "returned"):
        assert stats[name] > 0, name


def test_an_agency_subtree_counts_only_its_dossiers(generated):
    p = generated
    start, end = dt.date(2026, 9, 1), dt.date(2026, 11, 30)
    a = flat(period_statistics(start=start, end=end, agency=p.commune_a, now=NOW))
    ids = set(
        type(p.commune_a)
        .objects.filter(path__startswith=p.commune_a.path)
        .values_list("pk", flat=True)
    )
    assert a == {k: len(v) for k, v in recount(start, end, agency_ids=ids).items()}
    province = flat(period_statistics(start=start, end=end, agency=p.province, now=NOW))
    assert province == flat(period_statistics(start=start, end=end, now=NOW))


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_what_comes_in_equals_what_goes_out(generated, start, end):
    s = period_statistics(start=start, end=end, now=NOW)
    ins = s["received"]["carried_over"] + s["received"]["new"]
    outs = (
        s["resolved"]["total"]
        + s["refused"]
        + s["withdrawn"]
        + s["stopped"]
        + s["in_progress"]["total"]
        + s["waiting_applicant"]
    )
    assert ins == outs
    r = s["received"]
    assert r["new"] == r["counter"] + r["online"] + r["postal"]


def test_a_split_period_adds_up(generated):
    whole = flat(period_statistics(start=dt.date(2026, 9, 1), end=dt.date(2026, 11, 20), now=NOW))
    cuts = [
        (dt.date(2026, 9, 1), dt.date(2026, 9, 17)),
        (dt.date(2026, 9, 18), dt.date(2026, 10, 31)),
        (dt.date(2026, 11, 1), dt.date(2026, 11, 20)),
    ]
    parts = [period_statistics(start=a, end=b, now=NOW) for a, b in cuts]
    flows = (
        "new",
        "counter",
        "online",
        "postal",
        "early",
        "on_time",
        "late",
        "refused",
        "withdrawn",
        "stopped",
        "returned",
    )
    summed = Counter()
    for part in parts:
        summed.update({k: v for k, v in flat(part).items() if k in flows})
    assert {k: whole[k] for k in flows} == {k: summed[k] for k in flows}
    for before, after in zip(parts, parts[1:], strict=False):
        assert before["carried_out"] == after["received"]["carried_over"]
    assert parts[0]["received"]["carried_over"] == whole["carried_over"]
    last = flat(parts[-1])
    for key in ("in_time", "overdue", "waiting_applicant"):
        assert last[key] == whole[key]


def test_the_command_prints_the_contract(generated, capsys):
    import json

    call_command("report", "--from", "2026-09-01", "--to", "2026-11-30", "--format", "json")
    out = json.loads(capsys.readouterr().out)
    assert set(out["received"]) >= {"carried_over", "new", "counter", "online", "postal"}
    assert set(out["resolved"]) >= {"early", "on_time", "late"}
    assert set(out["in_progress"]) >= {"on_time", "overdue"}
    for key in ("waiting_applicant", "refused", "withdrawn", "stopped", "returned"):
        assert isinstance(out[key], int)
