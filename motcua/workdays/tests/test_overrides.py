"""Administrator overrides and agency office hours: they win, they inherit, they invalidate."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from motcua.testing import Province
from motcua.workdays import deadlines, services
from motcua.workdays.models import CalendarOverride, CalendarVersion
from motcua.workdays.units import TimeUnit

from .conftest import at

pytestmark = pytest.mark.django_db
OFF, WORK = CalendarOverride.Kind.DAY_OFF, CalendarOverride.Kind.WORKING_DAY


@pytest.fixture
def p() -> Province:
    return Province.build()


def test_a_national_override_wins_over_the_holidays_package():
    assert not deadlines.is_working_day(date(2027, 2, 10))
    services.override_create(day=date(2027, 2, 10), kind=WORK, reason="Thông báo 2027")
    assert deadlines.is_working_day(date(2027, 2, 10))
    services.override_create(day=date(2027, 5, 4), kind=OFF, reason="Hoán đổi 2027")
    assert not deadlines.is_working_day(date(2027, 5, 4))


def test_a_swap_for_a_year_the_package_lacks():
    off, work = services.swap_create(
        day_off=date(2027, 9, 1), working_day=date(2027, 9, 11), reason="Thông báo hoán đổi 2027"
    )
    assert not deadlines.is_working_day(date(2027, 9, 1))
    assert deadlines.is_working_day(date(2027, 9, 11))
    calendar = deadlines.calendar_for()
    assert calendar.day_info(date(2027, 9, 11)).name == "Thông báo hoán đổi 2027"


def test_an_agency_override_applies_below_it_and_nowhere_else(p):
    services.override_create(
        day=date(2026, 3, 10), kind=OFF, reason="Ngày giải phóng tỉnh", agency=p.province
    )
    assert not deadlines.is_working_day(date(2026, 3, 10), agency=p.commune_a_point)
    assert not deadlines.is_working_day(date(2026, 3, 10), agency=p.province)
    assert deadlines.is_working_day(date(2026, 3, 10))
    # The nearest override wins: the commune works that day.
    services.override_create(day=date(2026, 3, 10), kind=WORK, reason="Trực", agency=p.commune_a)
    assert deadlines.is_working_day(date(2026, 3, 10), agency=p.commune_a_point)
    assert not deadlines.is_working_day(date(2026, 3, 10), agency=p.commune_b)


def test_an_override_may_set_the_hours_of_a_half_day(p):
    services.override_create(
        day=date(2026, 12, 31), kind=WORK, reason="Làm việc buổi sáng", sessions="07:30-11:30"
    )
    # 4 clock hours = 4 × 60 / 56.25 working hours.
    hours = deadlines.working_time_between(at(2026, 12, 31, 0), at(2027, 1, 1, 0))
    assert hours.quantize(Decimal("0.0001")) == Decimal("4.2667")
    assert deadlines.next_working_moment(at(2026, 12, 31, 12)) == at(2027, 1, 4, 7, 30)


def test_saturday_mornings_and_a_later_cutoff_for_an_agency(p):
    services.agency_calendar_save(
        agency=p.commune_a,
        weekdays={
            **dict.fromkeys(("monday", "tuesday", "wednesday"), "07:30-11:30, 13:30-17:00"),
            "thursday": "07:30-11:30, 13:30-17:00",
            "friday": "07:30-11:30, 13:30-17:00",
            "saturday": "07:30-11:30",
        },
        cutoff=time(16, 0),
    )
    assert deadlines.is_working_day(date(2026, 3, 14), agency=p.commune_a_point)
    assert not deadlines.is_working_day(date(2026, 3, 14), agency=p.commune_b)
    # 15:30 Friday is before this agency's cut-off: the clock runs from 15:30.
    explanation = deadlines.explain_due(
        at(2026, 3, 13, 15, 30), 1, TimeUnit.WORKING_HOURS, agency=p.commune_a
    )
    assert not explanation.cutoff_applied
    assert explanation.due == at(2026, 3, 13, 16, 26, 15)
    national = deadlines.explain_due(at(2026, 3, 13, 15, 30), 1, TimeUnit.WORKING_HOURS)
    assert national.cutoff_applied


def test_agency_calendar_rejects_bad_hours_and_empty_weeks(p):
    with pytest.raises(ValidationError) as error:
        services.agency_calendar_save(
            agency=p.commune_a, weekdays={"monday": "7h30 đến 11h"}, cutoff=None
        )
    assert "monday" in error.value.error_dict
    with pytest.raises(ValidationError, match="ít nhất một ngày làm việc"):
        services.agency_calendar_save(agency=p.commune_a, weekdays={}, cutoff=None)


def test_override_validation_messages(p):
    services.override_create(day=date(2026, 6, 1), kind=OFF, reason="Nghỉ")
    with pytest.raises(ValidationError, match="đã có điều chỉnh"):
        services.override_create(day=date(2026, 6, 1), kind=WORK, reason="Làm")
    # The same date for an agency is another scope: allowed.
    services.override_create(day=date(2026, 6, 1), kind=WORK, reason="Làm", agency=p.commune_a)
    with pytest.raises(ValidationError, match="lý do"):
        services.override_create(day=date(2026, 6, 2), kind=OFF, reason="  ")
    with pytest.raises(ValidationError, match="không có giờ làm việc"):
        services.override_create(day=date(2026, 6, 2), kind=OFF, reason="x", sessions="07:30-11:30")
    with pytest.raises(ValidationError, match="không hợp lệ"):
        services.override_create(
            day=date(2026, 6, 2), kind=WORK, reason="x", sessions="17:00-07:00"
        )


def test_only_administrators_may_change_the_calendar(p):
    with pytest.raises(PermissionDenied):
        services.override_create(
            day=date(2026, 6, 1), kind=OFF, reason="x", agency=p.commune_a, user=p.officer_a
        )
    with pytest.raises(PermissionDenied):
        services.override_create(day=date(2026, 6, 1), kind=OFF, reason="x", user=p.leader_a)
    override = services.override_create(day=date(2026, 6, 1), kind=OFF, reason="x", user=p.admin)
    assert override.created_by == p.admin
    services.override_delete(override=override, user=p.admin)
    assert deadlines.is_working_day(date(2026, 6, 1))


def test_every_change_bumps_the_version_and_other_processes_see_it():
    services.override_create(day=date(2026, 6, 1), kind=OFF, reason="x")
    version = CalendarVersion.objects.get(pk=1).version
    assert not deadlines.is_working_day(date(2026, 6, 1))
    # Another process changes the calendar: simulate by writing rows directly.
    CalendarOverride.objects.filter(date=date(2026, 6, 1)).delete()
    with override_settings(MOTCUA_CALENDAR_RECHECK_SECONDS=3600):
        deadlines.is_working_day(date(2026, 6, 1))  # cached, checked recently
        assert not deadlines.is_working_day(date(2026, 6, 1))
    CalendarVersion.objects.filter(pk=1).update(version=version + 1)
    assert deadlines.is_working_day(date(2026, 6, 1))


def test_the_calendar_is_cached_between_calls(django_assert_max_num_queries):
    deadlines.is_working_day(date(2026, 6, 1))
    with override_settings(MOTCUA_CALENDAR_RECHECK_SECONDS=3600):
        deadlines.is_working_day(date(2026, 6, 2))
        with django_assert_max_num_queries(0):
            for day in range(1, 29):
                deadlines.due_moment(at(2026, 6, day, 10), 5, TimeUnit.WORKING_DAYS)
