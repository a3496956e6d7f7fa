"""Deadline rules: clock start, cut-off, units, end of day, step budgets."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from motcua.workdays import deadlines
from motcua.workdays.units import TimeUnit

from .conftest import TZ, at

pytestmark = pytest.mark.django_db
WD = TimeUnit.WORKING_DAYS
WH = TimeUnit.WORKING_HOURS


def test_it_counts_from_the_receipt_moment_in_working_hours():
    # Monday 09/03/2026 10:00 + 5 working days → Monday 16/03 10:00.
    assert deadlines.due_moment(at(2026, 3, 9, 10), 5, WD) == at(2026, 3, 16, 10)


def test_a_receipt_after_the_cutoff_counts_from_the_next_working_day():
    due = deadlines.due_moment(at(2026, 3, 9, 15, 1), 1, WD)
    assert due == at(2026, 3, 10, 17)
    explanation = deadlines.explain_due(at(2026, 3, 9, 15, 1), 1, WD)
    assert explanation.cutoff_applied
    assert explanation.clock_start == at(2026, 3, 10, 7, 30)
    assert "Điều 18" in explanation.lines[1]


def test_a_receipt_at_the_cutoff_itself_counts_the_same_day():
    explanation = deadlines.explain_due(at(2026, 3, 9, 15, 0), 1, WD)
    assert not explanation.cutoff_applied
    assert explanation.due == at(2026, 3, 10, 15)


def test_a_receipt_on_friday_after_the_cutoff_counts_from_monday():
    due = deadlines.due_moment(at(2026, 3, 13, 16), 2, WD)
    assert due == at(2026, 3, 17, 17)


def test_a_receipt_outside_office_hours_counts_from_the_next_session():
    # Lunch break: from 13:30 the same day.
    explanation = deadlines.explain_due(at(2026, 3, 9, 12), 1, WH)
    assert explanation.clock_start == at(2026, 3, 9, 13, 30)
    assert not explanation.cutoff_applied
    # Saturday: from Monday 07:30.
    assert deadlines.explain_due(at(2026, 3, 14, 9), 1, WD).clock_start == at(2026, 3, 16, 7, 30)
    # Early morning: from 07:30.
    assert deadlines.explain_due(at(2026, 3, 9, 6), 1, WD).due == at(2026, 3, 9, 17)


def test_a_full_day_ends_at_the_end_of_the_session_not_the_next_morning():
    assert deadlines.add_working_time(at(2026, 3, 9, 7, 30), 8) == at(2026, 3, 9, 17)
    assert deadlines.add_working_time(at(2026, 3, 9, 7, 30), 1, WD) == at(2026, 3, 9, 17)


def test_a_working_day_is_eight_working_hours_spread_over_the_sessions():
    # 07:30–11:30 and 13:30–17:00 are 7 h 30 of office time: 4 working hours end at
    # 07:30 + 4 × 56 min 15 s = 11:15.
    assert deadlines.add_working_time(at(2026, 3, 9, 7, 30), 4) == at(2026, 3, 9, 11, 15)
    assert deadlines.working_time_between(at(2026, 3, 9, 7, 30), at(2026, 3, 9, 17)) == 8
    assert deadlines.working_time_between(at(2026, 3, 9, 17), at(2026, 3, 9, 7, 30)) == -8


def test_utc_inputs_give_the_same_moment():
    start = datetime(2026, 3, 9, 3, 0, tzinfo=UTC)  # 10:00 in Hà Nội
    assert deadlines.due_moment(start, 5, WD) == at(2026, 3, 16, 10)


def test_next_working_moment():
    inside = at(2026, 3, 9, 10)
    assert deadlines.next_working_moment(inside) is inside
    assert deadlines.next_working_moment(at(2026, 3, 9, 11, 30)) == at(2026, 3, 9, 13, 30)
    assert deadlines.next_working_moment(at(2026, 3, 13, 17)) == at(2026, 3, 16, 7, 30)


def test_calendar_days_end_at_the_end_of_the_next_working_day():
    """Civil Code Art. 147–148: from the day after; a last day off moves to the next working day."""
    # Received Monday 09/03/2026: 10 days end Thursday 19/03.
    assert deadlines.due_moment(at(2026, 3, 9, 10), 10, TimeUnit.DAYS) == at(2026, 3, 19, 17)
    # 12 days would end Saturday 21/03: Monday 23/03 at the end of the day.
    assert deadlines.due_moment(at(2026, 3, 9, 10), 12, TimeUnit.DAYS) == at(2026, 3, 23, 17)
    # 2 months from 31/12/2025 end on 28/02/2026 (Saturday) → Monday 02/03.
    assert deadlines.due_moment(at(2025, 12, 31, 9), 2, TimeUnit.MONTHS) == at(2026, 3, 2, 17)
    assert deadlines.due_moment(at(2025, 3, 10, 9), 1, TimeUnit.YEARS) == at(2026, 3, 10, 17)
    with pytest.raises(ValueError, match="số nguyên"):
        deadlines.due_moment(at(2026, 3, 9, 10), Decimal("1.5"), TimeUnit.DAYS)


def test_calendar_hours_run_around_the_clock():
    assert deadlines.add_working_time(at(2026, 3, 9, 10), 24, TimeUnit.HOURS) == at(2026, 3, 10, 10)


def test_it_rejects_negative_amounts_and_naive_datetimes():
    with pytest.raises(ValueError, match="âm"):
        deadlines.add_working_time(at(2026, 3, 9, 10), -1)
    with pytest.raises(ValueError, match="múi giờ"):
        deadlines.add_working_time(datetime(2026, 3, 9, 10), 1)
    with pytest.raises(ValueError, match="không được hỗ trợ"):
        deadlines.due_moment(at(2026, 3, 9, 10), 1, "fortnights")


def test_decimal_amounts():
    assert deadlines.add_working_time(at(2026, 3, 9, 7, 30), Decimal("0.5"), WD) == at(
        2026, 3, 9, 11, 15
    )
    # 2.25 × 56 min 15 s = 2 h 6 min 33.75 s.
    assert deadlines.add_working_time(at(2026, 3, 9, 7, 30), Decimal("2.25")) == datetime(
        2026, 3, 9, 9, 36, 33, 750000, tzinfo=TZ
    )


def test_step_budgets_add_up_to_the_dossier_limit():
    """Steps of 8 + 16 + 16 hours started back to back end at the 5-working-day appointment."""
    received = at(2026, 2, 12, 14)
    due = deadlines.due_moment(received, 5, WD)
    moment = deadlines.explain_due(received, 5, WD).clock_start
    for budget in (8, 16, 16):
        moment = deadlines.add_working_time(moment, budget)
    assert moment == due


def test_a_step_due_time_runs_from_its_actual_start():
    started = at(2026, 2, 13, 16)  # Friday before Tết, after the cut-off: no cut-off for steps
    # 16:00–17:00 is 1 h 04 of working time; the rest (52 min 30 s) after Tết.
    assert deadlines.add_working_time(started, 2) == datetime(2026, 2, 23, 8, 22, 30, tzinfo=TZ)


def test_explanation_lists_weekends_holidays_and_the_due_moment():
    explanation = deadlines.explain_due(at(2026, 4, 29, 10), 3, WD)
    assert explanation.due == at(2026, 5, 6, 10)
    skipped = dict(explanation.skipped)
    assert skipped[date(2026, 4, 30)] == "Ngày Chiến thắng"
    assert skipped[date(2026, 5, 1)] == "Ngày Quốc tế Lao động"
    assert date(2026, 5, 2) in skipped and date(2026, 5, 3) in skipped
    text = "\n".join(explanation.lines)
    assert "Không tính 2 ngày nghỉ cuối tuần: 02/05, 03/05." in text
    assert "30/04/2026 (Ngày Chiến thắng)" in text
    assert explanation.lines[-1] == "Hạn trả kết quả: 10:00 thứ tư, 06/05/2026."


def test_explanation_mentions_a_swapped_saturday():
    explanation = deadlines.explain_due(at(2026, 8, 21, 9), 2, WD)
    assert explanation.worked_saturdays[0][0] == date(2026, 8, 22)
    assert any("22/08/2026" in line for line in explanation.lines)
