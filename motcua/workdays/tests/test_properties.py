"""Arithmetic laws of the calendar, checked on random moments and amounts (hypothesis)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.workdays import deadlines
from motcua.workdays.calendar import (
    US_PER_MINUTE,
    Calendar,
    OverrideSpec,
    WeekSpec,
    parse_sessions,
    vietnam_holidays,
)

from .conftest import TZ

HOLIDAYS = vietnam_holidays(2021, 2031)
NATIONAL = Calendar.build(tz=TZ, first_year=2021, last_year=2031, holidays=HOLIDAYS)
# A centre that receives on Saturday mornings, with a half day off before Tết 2026.
SATURDAYS = Calendar.build(
    tz=TZ,
    first_year=2021,
    last_year=2031,
    holidays=HOLIDAYS,
    week=WeekSpec(
        weekdays=(parse_sessions("08:00-12:00, 13:00-17:00"),) * 5
        + (parse_sessions("07:30-11:30"), ()),
        cutoff=16 * 60,
    ),
    overrides=[OverrideSpec(date(2026, 2, 13), True, parse_sessions("08:00-12:00"), "Nửa ngày")],
)
CALENDARS = st.sampled_from([NATIONAL, SATURDAYS])

starts = st.datetimes(
    min_value=datetime(2022, 1, 1), max_value=datetime(2029, 12, 31), timezones=st.just(TZ)
).map(lambda d: d.replace(microsecond=0)) | st.datetimes(
    min_value=datetime(2022, 1, 1), max_value=datetime(2029, 12, 31), timezones=st.just(UTC)
)
# Hours with two decimals, up to 60 working days.
amounts = st.integers(min_value=0, max_value=60 * 8 * 100).map(lambda k: Decimal(k) / 100)
positive = st.integers(min_value=1, max_value=60 * 8 * 100).map(lambda k: Decimal(k) / 100)

SETTINGS = settings(max_examples=200, deadline=None)


def in_session(calendar: Calendar, moment: datetime) -> bool:
    local = moment.astimezone(TZ)
    info = calendar.day_info(local.date())
    us = (local - datetime(local.year, local.month, local.day, tzinfo=TZ)) // timedelta(
        microseconds=1
    )
    return any(s * US_PER_MINUTE <= us <= e * US_PER_MINUTE for s, e in info.sessions)


@SETTINGS
@given(CALENDARS, starts, positive)
def test_a_due_moment_never_falls_in_a_non_working_period(calendar, start, n):
    due = calendar.add_hours(start, n)
    assert due > start
    assert in_session(calendar, due)


@SETTINGS
@given(CALENDARS, starts, amounts, amounts)
def test_adding_a_then_b_equals_adding_a_plus_b(calendar, start, a, b):
    assert calendar.add_hours(calendar.add_hours(start, a), b) == calendar.add_hours(start, a + b)


@SETTINGS
@given(CALENDARS, starts, amounts)
def test_the_time_between_start_and_due_is_the_amount(calendar, start, n):
    assert calendar.between_hours(start, calendar.add_hours(start, n)) == n


@SETTINGS
@given(CALENDARS, starts, amounts, amounts)
def test_results_are_monotonic_in_the_amount(calendar, start, a, b):
    a, b = min(a, b), max(a, b)
    assert calendar.add_hours(start, a) <= calendar.add_hours(start, b)


@SETTINGS
@given(CALENDARS, starts, starts, amounts)
def test_results_are_monotonic_in_the_start(calendar, s1, s2, n):
    s1, s2 = min(s1, s2), max(s1, s2)
    assert calendar.add_hours(s1, n) <= calendar.add_hours(s2, n)


@SETTINGS
@given(CALENDARS, starts, amounts)
def test_the_fast_path_agrees_with_a_day_by_day_walk(calendar, start, n):
    assert calendar.add_hours(start, n) == calendar.add_hours_naive(start, n)
    us = calendar.hours_to_us(n)
    assert calendar.add_many([start], [us]) == [calendar.add_us(start, us)]


@SETTINGS
@given(CALENDARS, starts, starts)
def test_time_between_is_antisymmetric_and_additive(calendar, a, b):
    middle = a + (b - a) / 2
    assert calendar.between_us(a, b) == -calendar.between_us(b, a)
    assert calendar.between_us(a, b) == calendar.between_us(a, middle) + calendar.between_us(
        middle, b
    )


@SETTINGS
@given(CALENDARS, starts)
def test_the_next_working_moment_is_in_a_session_and_not_before(calendar, moment):
    following = calendar.next_working_moment(moment)
    assert following >= moment
    assert in_session(calendar, following)
    assert calendar.between_us(moment, following) == 0


@pytest.mark.django_db
@settings(max_examples=40, deadline=None)
@given(starts, st.integers(min_value=0, max_value=60))
def test_the_public_functions_obey_the_same_laws(start, days):
    due = deadlines.add_working_time(start, days, "working_days")
    assert deadlines.working_time_between(start, due) == days * 8
    if days:
        assert deadlines.is_working_day(due.astimezone(TZ).date())
