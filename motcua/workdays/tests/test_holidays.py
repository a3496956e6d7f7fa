"""Known years 2024–2027: Tết, 30/4–1/5, 2/9 with its adjacent day, in-lieu days, swaps."""

from __future__ import annotations

from datetime import date

import pytest

from motcua.workdays import deadlines
from motcua.workdays.calendar import DayKind
from motcua.workdays.units import TimeUnit

from .conftest import at

pytestmark = pytest.mark.django_db


def off(*days: date) -> None:
    for day in days:
        assert not deadlines.is_working_day(day), day


def on(*days: date) -> None:
    for day in days:
        assert deadlines.is_working_day(day), day


def test_tet_of_each_year_is_off():
    # 2024: 08/02 (29 Tết) – 14/02 (mùng 5).
    off(*(date(2024, 2, d) for d in range(8, 15)))
    on(date(2024, 2, 7), date(2024, 2, 15))
    # 2025: 27/01 – 31/01 (the weekend around it is off anyway).
    off(*(date(2025, 1, d) for d in range(27, 32)))
    on(date(2025, 1, 24), date(2025, 2, 3))
    # 2026: 16/02 – 20/02.
    off(*(date(2026, 2, d) for d in range(16, 21)))
    on(date(2026, 2, 13), date(2026, 2, 23))
    # 2027: Tết falls on Saturday 06/02: 04/02 – 10/02.
    off(*(date(2027, 2, d) for d in range(4, 11)))
    on(date(2027, 2, 3), date(2027, 2, 11))


def test_reunification_and_labour_day():
    off(date(2024, 4, 30), date(2024, 5, 1))
    off(date(2025, 4, 30), date(2025, 5, 1))
    off(date(2026, 4, 30), date(2026, 5, 1))
    off(date(2027, 4, 30))
    # 01/05/2027 is a Saturday: Monday 03/05 is the day in lieu.
    off(date(2027, 5, 3))
    on(date(2027, 5, 4))


def test_national_day_with_its_adjacent_day():
    off(date(2024, 9, 2), date(2024, 9, 3))
    off(date(2025, 9, 1), date(2025, 9, 2))
    off(date(2026, 9, 1), date(2026, 9, 2))
    off(date(2027, 9, 2), date(2027, 9, 3))
    on(date(2024, 9, 4), date(2025, 9, 3), date(2026, 9, 3), date(2027, 9, 1))


def test_hung_kings_day_and_its_day_in_lieu():
    off(date(2024, 4, 18), date(2025, 4, 7), date(2027, 4, 16))
    # 10/3 âm lịch 2026 is Sunday 26/04: Monday 27/04 is the day in lieu.
    off(date(2026, 4, 27))
    calendar = deadlines.calendar_for()
    assert calendar.day_info(date(2026, 4, 27)).kind == DayKind.IN_LIEU
    assert "nghỉ bù" in calendar.day_info(date(2026, 4, 27)).name


def test_vietnam_culture_day_from_2026():
    off(date(2026, 11, 24))
    on(date(2025, 11, 24))


def test_government_swaps_turn_saturdays_into_working_days():
    calendar = deadlines.calendar_for()
    for day_off, saturday in [
        (date(2024, 4, 29), date(2024, 5, 4)),
        (date(2025, 5, 2), date(2025, 4, 26)),
        (date(2026, 8, 31), date(2026, 8, 22)),
    ]:
        off(day_off)
        on(saturday)
        assert calendar.day_info(day_off).kind == DayKind.SWAP_OFF
        assert calendar.day_info(saturday).kind == DayKind.SWAP_WORK
        assert f"{day_off:%d/%m/%Y}" in calendar.day_info(saturday).name


def test_a_limit_over_tet_skips_it():
    due = deadlines.due_moment(at(2026, 2, 13, 10), 5, TimeUnit.WORKING_DAYS)
    assert due == at(2026, 2, 27, 10)


def test_a_limit_over_a_swapped_saturday_counts_it():
    # Friday 21/08/2026 + 1 working day: Saturday 22/08 is worked.
    due = deadlines.due_moment(at(2026, 8, 21, 9), 1, TimeUnit.WORKING_DAYS)
    assert due == at(2026, 8, 22, 9)
    # Friday 28/08/2026 + 1 working day: 31/08, 01/09 and 02/09 are off.
    due = deadlines.due_moment(at(2026, 8, 28, 9), 1, TimeUnit.WORKING_DAYS)
    assert due == at(2026, 9, 3, 9)


def test_the_calendar_covers_years_outside_its_first_window():
    assert not deadlines.is_working_day(date(2010, 2, 15))  # Tết 2010
    assert deadlines.is_working_day(date(2010, 2, 27))  # swapped Saturday of 2010
    with pytest.raises(deadlines.CalendarRangeError):
        deadlines.is_working_day(date(1900, 1, 2))
