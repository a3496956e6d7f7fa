"""The daily summary gives the same numbers as the dossier rows, and stays so as
dossiers change (refresh from the event trail)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from motcua.dossiers.actions.endings import dossier_stop, dossier_withdraw
from motcua.dossiers.models import Dossier, Status
from motcua.reports import summary
from motcua.reports.models import ReportDay, ReportState
from motcua.reports.stats import flat, period_report, period_statistics
from motcua.reports.tests.conftest import NOW
from motcua.reports.tests.test_brute_force import PERIODS, recount

pytestmark = pytest.mark.django_db


def both(start, end, agency=None):
    a = period_statistics(start=start, end=end, agency=agency, now=NOW)
    b = period_statistics(start=start, end=end, agency=agency, now=NOW, direct=True)
    return a, b


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_the_summary_agrees_with_the_rows(generated, start, end):
    a, b = both(start, end)
    assert flat(a) == flat(b)
    assert a["on_time_rate"] == b["on_time_rate"]
    assert a["carried_out"] == b["carried_out"]
    if b["average_days"] is not None:
        assert abs(a["average_days"] - b["average_days"]) <= 0.01


@pytest.mark.parametrize("by", ["agency", "field", "procedure"])
def test_grouped_rows_agree_with_the_rows(generated, by):
    start, end = dt.date(2026, 9, 1), dt.date(2026, 11, 20)
    fast = period_report(start=start, end=end, by=by, now=NOW)
    slow = period_report(start=start, end=end, by=by, now=NOW, direct=True)
    assert {r.key: flat(r.stats) for r in fast.rows} == {r.key: flat(r.stats) for r in slow.rows}


def test_a_full_rebuild_gives_the_same_summary(generated):
    summary.refresh()
    before = sorted(ReportDay.objects.values_list("day", "agency_id", "procedure_id", "kind", "n"))
    summary.rebuild_all()
    after = sorted(ReportDay.objects.values_list("day", "agency_id", "procedure_id", "kind", "n"))
    assert before == after


def test_it_stays_correct_as_dossiers_change(generated):
    p = generated
    start, end = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
    period_statistics(start=start, end=end, now=NOW)  # summary up to date
    mark = ReportState.objects.get().last_event_id
    later = NOW + dt.timedelta(hours=1)
    open_ = Dossier.objects.filter(status=Status.PROCESSING).order_by("pk")
    first, second = open_[0], open_[1]
    with time_machine.travel(later, tick=False):
        dossier_withdraw(actor=p.officer_a, dossier=first, reason="Rút theo đơn")
        dossier_stop(actor=p.leader_a, dossier=second, reason="Dừng theo quy định")
        stats = period_statistics(start=start, end=end, now=later)
    assert ReportState.objects.get().last_event_id > mark
    expected = recount(start, end, now=later)
    assert flat(stats) == {k: len(v) for k, v in expected.items()}
    assert first.pk in expected["withdrawn"] and second.pk in expected["stopped"]


def test_the_refresh_command_folds_new_events_and_rebuilds(generated, capsys):
    from django.core.management import call_command

    ReportState.objects.update_or_create(pk=1, defaults={"last_event_id": 0})
    ReportDay.objects.all().delete()
    call_command("refresh_report_summary")
    assert "Đã cập nhật" in capsys.readouterr().out
    a, b = both(dt.date(2026, 9, 1), dt.date(2026, 11, 20))
    assert flat(a) == flat(b)
    call_command("refresh_report_summary", "--full")
    assert "Đã tính lại toàn bộ" in capsys.readouterr().out
    a, b = both(dt.date(2026, 9, 1), dt.date(2026, 11, 20))
    assert flat(a) == flat(b)
