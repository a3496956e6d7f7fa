"""Deadline arithmetic over the working calendar: the one place where time limits are computed.

Every function is pure over a calendar cached per process and per agency (see
:class:`_Registry`). The cache is dropped when the calendar configuration changes,
in every process: the services bump a counter row (``CalendarVersion``) that each
process reads at most once per ``MOTCUA_CALENDAR_RECHECK_SECONDS`` (1 s by default).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext_lazy

from motcua.lib.numbers import number
from motcua.workdays.calendar import (
    Calendar,
    CalendarRangeError,
    DayInfo,
    DayKind,
    HolidayInfo,
    OverrideSpec,
    WeekSpec,
    format_minute,
    merge_intervals,
    parse_sessions,
    vietnam_holidays,
)
from motcua.workdays.names import day_name
from motcua.workdays.units import HOURS_PER_WORKING_DAY, SupplementClock, TimeUnit

if TYPE_CHECKING:
    from motcua.catalog.models import Agency

__all__ = [
    "CalendarRangeError",
    "DueExplanation",
    "add_working_time",
    "calendar_for",
    "clear_cache",
    "default_supplement_clock",
    "due_after_supplements",
    "due_moment",
    "explain_due",
    "is_working_day",
    "next_working_moment",
    "supplement_clock_for",
    "working_time_between",
]

YEARS_AROUND = 5  # the calendar first covers this many years before and after today
MIN_YEAR, MAX_YEAR = 1995, 2099

# Translated when raised (``_(AMOUNT_NEGATIVE)``), in the language of the request.
AMOUNT_NEGATIVE = gettext_noop("Thời hạn không được là số âm.")
AMOUNT_NOT_WHOLE = gettext_noop("Thời hạn tính theo ngày, tháng hoặc năm phải là số nguyên.")
UNIT_UNKNOWN = gettext_noop("Đơn vị thời hạn “%(unit)s” không được hỗ trợ.")
OUT_OF_RANGE = gettext_noop("Thời điểm nằm ngoài phạm vi của lịch làm việc (năm %(lo)d–%(hi)d).")
NAIVE_DATETIME = gettext_noop("Thời điểm phải kèm múi giờ.")

T = TypeVar("T")


# --- The per-process cache ----------------------------------------------------------


@dataclass
class _Snapshot:
    version: int
    weeks: dict[int, WeekSpec]
    overrides: dict[int | None, tuple[OverrideSpec, ...]]


def _week_from_row(row) -> WeekSpec:
    from motcua.workdays.models import AgencyCalendar

    weekdays = tuple(parse_sessions(getattr(row, name)) for name in AgencyCalendar.WEEKDAY_FIELDS)
    cutoff = None if row.cutoff is None else row.cutoff.hour * 60 + row.cutoff.minute
    return WeekSpec(weekdays=weekdays, cutoff=cutoff, name=str(row.agency_id))


class _Registry:
    """Calendars built once per process, keyed by what they are made of."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._snapshot: _Snapshot | None = None
        self._checked = 0.0
        self._calendars: dict[tuple, Calendar] = {}
        self._holidays: dict[tuple[int, int], dict[date, HolidayInfo]] = {}

    def clear(self) -> None:
        with self._lock:
            self._snapshot = None
            self._calendars.clear()

    def _read_version(self) -> int:
        from motcua.workdays.models import CalendarVersion

        return CalendarVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0

    def _load(self, version: int) -> _Snapshot:
        from motcua.workdays.models import AgencyCalendar, CalendarOverride

        weeks = {row.agency_id: _week_from_row(row) for row in AgencyCalendar.objects.all()}
        overrides: dict[int | None, list[OverrideSpec]] = {}
        for row in CalendarOverride.objects.order_by("date"):
            overrides.setdefault(row.agency_id, []).append(
                OverrideSpec(
                    day=row.date,
                    working=row.kind == row.Kind.WORKING_DAY,
                    sessions=parse_sessions(row.sessions),
                    reason=row.reason,
                )
            )
        return _Snapshot(version, weeks, {k: tuple(v) for k, v in overrides.items()})

    def snapshot(self) -> _Snapshot:
        recheck = float(getattr(settings, "MOTCUA_CALENDAR_RECHECK_SECONDS", 1.0))
        now = time.monotonic()
        snapshot = self._snapshot
        if snapshot is not None and now - self._checked < recheck:
            return snapshot
        with self._lock:
            version = self._read_version()
            self._checked = now
            if self._snapshot is None or self._snapshot.version != version:
                self._snapshot = self._load(version)
                self._calendars.clear()
            return self._snapshot

    def holidays(self, first_year: int, last_year: int) -> dict[date, HolidayInfo]:
        key = (first_year, last_year)
        if key not in self._holidays:
            self._holidays[key] = vietnam_holidays(first_year, last_year)
        return self._holidays[key]

    def calendar(self, agency: Agency | None, *, year: int | None = None) -> Calendar:
        snapshot = self.snapshot()
        chain = _chain(agency)
        week_owner = next((pk for pk in chain if pk in snapshot.weeks), None)
        owners = tuple(pk for pk in chain if pk in snapshot.overrides)
        if None in snapshot.overrides:
            owners += (None,)
        # The version is part of the key: a calendar built from an older snapshot by a
        # concurrent thread can never be served after a change.
        key = (snapshot.version, week_owner, owners)
        calendar = self._calendars.get(key)
        if calendar is not None and (
            year is None or calendar.first_year <= year <= calendar.last_year
        ):
            return calendar
        today = timezone.localdate()
        first, last = today.year - YEARS_AROUND, today.year + YEARS_AROUND
        if calendar is not None:
            first, last = min(first, calendar.first_year), max(last, calendar.last_year)
        if year is not None:
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise CalendarRangeError(year)
            first, last = min(first, year - 1), max(last, year + 1)
        first, last = max(first, MIN_YEAR), min(last, MAX_YEAR)
        # Nearest owner first: its override of a date wins over those further up.
        merged: dict[date, OverrideSpec] = {}
        for owner in reversed(owners):
            for spec in snapshot.overrides[owner]:
                merged[spec.day] = spec
        with self._lock:
            calendar = Calendar.build(
                tz=_tz(),
                first_year=first,
                last_year=last,
                week=snapshot.weeks.get(week_owner) if week_owner is not None else WeekSpec(),
                holidays=self.holidays(first, last),
                overrides=merged.values(),
            )
            self._calendars[key] = calendar
        return calendar


def _chain(agency: Agency | None) -> list[int]:
    """Primary keys from the agency up to the root, nearest first."""
    if agency is None:
        return []
    path = getattr(agency, "path", "") or ""
    ids = [int(part) for part in path.strip("/").split("/") if part]
    if not ids and agency.pk is not None:
        ids = [agency.pk]
    return list(reversed(ids))


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


_registry = _Registry()


def clear_cache() -> None:
    """Drop this process's calendars (the services call it after a change)."""
    _registry.clear()


def calendar_for(agency: Agency | None = None, *, year: int | None = None) -> Calendar:
    """The effective calendar of an agency (inherited from above, else national)."""
    return _registry.calendar(agency, year=year)


def _run(agency: Agency | None, compute: Callable[[Calendar], T]) -> T:
    calendar = _registry.calendar(agency)
    for _attempt in range(12):
        try:
            return compute(calendar)
        except CalendarRangeError as exc:
            if not MIN_YEAR <= exc.year <= MAX_YEAR:
                raise CalendarRangeError(exc.year) from None
            year = exc.year + YEARS_AROUND if exc.year > calendar.last_year else exc.year
            calendar = _registry.calendar(agency, year=min(max(year, MIN_YEAR), MAX_YEAR))
    raise CalendarRangeError(calendar.last_year + 1)


def range_message() -> str:
    return _(OUT_OF_RANGE) % {"lo": MIN_YEAR, "hi": MAX_YEAR}


# --- The public arithmetic ----------------------------------------------------------


def is_working_day(d: date, *, agency: Agency | None = None) -> bool:
    return _run(agency, lambda calendar: calendar.is_working_day(d))


def next_working_moment(dt: datetime, *, agency: Agency | None = None) -> datetime:
    """``dt`` itself if inside an office session, else the start of the next one."""
    _check_aware(dt)
    return _run(agency, lambda calendar: calendar.next_working_moment(dt))


def working_time_between(a: datetime, b: datetime, *, agency: Agency | None = None) -> Decimal:
    """Working hours between ``a`` and ``b`` (negative if ``b`` is before ``a``)."""
    _check_aware(a)
    _check_aware(b)
    return _run(agency, lambda calendar: calendar.between_hours(a, b))


def add_working_time(
    start: datetime,
    amount: Decimal | int,
    unit: str = TimeUnit.WORKING_HOURS,
    *,
    agency: Agency | None = None,
) -> datetime:
    """The earliest moment at which ``amount`` of ``unit`` has elapsed since ``start``.

    Working units skip everything outside office sessions; a result that completes a
    working day is the end of that day's last session. Calendar units follow Civil
    Code 2015 Art. 147–148 (see :func:`due_moment`).
    """
    _check_aware(start)
    return _run(agency, lambda calendar: _add(calendar, start, amount, unit, ()))


def due_moment(
    received_at: datetime,
    amount: Decimal | int,
    unit: str,
    *,
    agency: Agency | None = None,
    pauses: Sequence[tuple[datetime, datetime]] = (),
) -> datetime:
    """The appointment (hạn trả kết quả) of a dossier received at ``received_at``.

    - The limit runs from the receipt of the complete dossier (Decree 118 Art. 17.3);
      a receipt after the daily cut-off (15:00, Decree 118 Art. 18.2) or outside office
      hours counts from the next working session.
    - Working days are 8 working hours each; the result may be the end of a day's
      last session.
    - Days, months, years: the period starts the day after (Civil Code Art. 147) and
      ends with its last day; if that is not a working day, at the end of the next
      working day (Civil Code Art. 148.2). "End of day" is the end of office hours.
    - ``pauses`` (waiting for the applicant) are not counted — the Decision 766 reading.
      For the Decree 118 Art. 19.5 reading use :func:`due_after_supplements`.
    """
    _check_aware(received_at)
    for a, b in pauses:
        _check_aware(a)
        _check_aware(b)
    return _run(agency, lambda calendar: _due(calendar, received_at, amount, unit, pauses))


def _due(
    calendar: Calendar,
    received_at: datetime,
    amount: Decimal | int,
    unit: str,
    pauses: Sequence[tuple[datetime, datetime]],
) -> datetime:
    """The due moment alone: what :func:`_explain` computes before it explains."""
    if unit not in TimeUnit.values:
        raise ValueError(_(UNIT_UNKNOWN) % {"unit": unit})
    clock_start, _cutoff = calendar.clock_start(received_at)
    return _add(calendar, clock_start, _as_decimal(amount), unit, pauses)


@dataclass
class DueExplanation:
    """Why a dossier is due when it is due, for the dossier page and the command."""

    due: datetime
    clock_start: datetime
    cutoff_applied: bool
    skipped: list[tuple[date, str]] = field(default_factory=list)
    pauses: list[tuple[datetime, datetime, Decimal]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    received_at: datetime | None = None
    worked_saturdays: list[tuple[date, str]] = field(default_factory=list)


def explain_due(
    received_at: datetime,
    amount: Decimal | int,
    unit: str,
    *,
    agency: Agency | None = None,
    pauses: Sequence[tuple[datetime, datetime]] = (),
) -> DueExplanation:
    """:func:`due_moment` with the days and pauses it skipped, in Vietnamese lines."""
    _check_aware(received_at)
    for a, b in pauses:
        _check_aware(a)
        _check_aware(b)
    return _run(agency, lambda calendar: _explain(calendar, received_at, amount, unit, pauses))


def default_supplement_clock() -> SupplementClock:
    """The system default: restart from zero (Decree 118 Art. 19.5), unless settings say otherwise."""
    value = getattr(settings, "MOTCUA_SUPPLEMENT_CLOCK", SupplementClock.RESTART)
    return SupplementClock(value)


def supplement_clock_for(procedure) -> SupplementClock:
    """The reading chosen for a procedure, else the system default."""
    value = getattr(procedure, "supplement_clock", "") if procedure is not None else ""
    return SupplementClock(value) if value else default_supplement_clock()


def due_after_supplements(
    received_at: datetime,
    amount: Decimal | int,
    unit: str,
    *,
    supplements: Sequence[tuple[datetime, datetime | None]],
    clock: str | None = None,
    agency: Agency | None = None,
) -> datetime | None:
    """The appointment after supplement requests (requested at, completed at or None).

    - RESTART (Decree 118 Art. 19.5): the limit runs again from zero from the receipt of
      the complete supplement (cut-off rule included).
    - SUBTRACT (Decision 766 calculator): the time spent waiting is not counted.
    Returns None while a supplement is still awaited: the clock is stopped.
    """
    reading = SupplementClock(clock) if clock else default_supplement_clock()
    if any(done is None for _, done in supplements):
        return None
    done = [(asked, finished) for asked, finished in supplements if finished is not None]
    if not done:
        return due_moment(received_at, amount, unit, agency=agency)
    if reading == SupplementClock.RESTART:
        return due_moment(max(f for _, f in done), amount, unit, agency=agency)
    return due_moment(received_at, amount, unit, agency=agency, pauses=done)


# --- Internals ----------------------------------------------------------------------


def _check_aware(moment: datetime) -> None:
    if not isinstance(moment, datetime) or timezone.is_naive(moment):
        raise ValueError(_(NAIVE_DATETIME))


def _as_decimal(amount: Decimal | int) -> Decimal | int:
    if isinstance(amount, bool):
        raise ValueError(_(AMOUNT_NEGATIVE))
    value = amount if isinstance(amount, int) else Decimal(str(amount))
    if value < 0:
        raise ValueError(_(AMOUNT_NEGATIVE))
    return value


def _whole(amount: Decimal | int) -> int:
    if isinstance(amount, int):
        return amount
    if amount != amount.to_integral_value():
        raise ValueError(_(AMOUNT_NOT_WHOLE))
    return int(amount)


def _working_hours(amount: Decimal | int, unit: str) -> Decimal | int | None:
    if unit == TimeUnit.WORKING_HOURS:
        return amount
    if unit == TimeUnit.WORKING_DAYS:
        return amount * HOURS_PER_WORKING_DAY
    return None


def _add_months(day: date, months: int) -> date:
    """Civil Code Art. 148.1: the corresponding day of the last month, else its last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _pause_positions(
    calendar: Calendar, start_position: int, pauses: Sequence[tuple[datetime, datetime]]
) -> list[tuple[int, int]]:
    intervals = [(calendar.position_of(a), calendar.position_of(b)) for a, b in pauses]
    return [
        (max(lo, start_position), hi)
        for lo, hi in merge_intervals(intervals)
        if hi > start_position
    ]


def _add(
    calendar: Calendar,
    start: datetime,
    amount: Decimal | int,
    unit: str,
    pauses: Sequence[tuple[datetime, datetime]],
) -> datetime:
    amount = _as_decimal(amount)
    hours = _working_hours(amount, unit)
    if hours is not None:
        rest = calendar.hours_to_us(hours)
        if not pauses:
            return calendar.add_us(start, rest)
        if rest == 0:
            return start
        cursor = calendar.position_of(start)
        for lo, hi in _pause_positions(calendar, cursor, pauses):
            if cursor + rest <= lo:
                break
            rest -= lo - cursor
            cursor = hi
        return calendar.moment(*calendar.at_position(cursor + rest))
    # Calendar units: the pause time (clock time) moves the end by as much.
    paused = sum((b - max(a, start) for a, b in pauses if b > start and b > a), timedelta(0))
    if unit == TimeUnit.HOURS:
        return start + timedelta(hours=float(amount)) + paused
    local_day = start.astimezone(calendar.tz).date()
    if unit == TimeUnit.DAYS:
        last = local_day + timedelta(days=_whole(amount))
    elif unit == TimeUnit.MONTHS:
        last = _add_months(local_day, _whole(amount))
    elif unit == TimeUnit.YEARS:
        last = _add_months(local_day, 12 * _whole(amount))
    else:
        raise ValueError(_(UNIT_UNKNOWN) % {"unit": unit})
    last += timedelta(days=paused.days + (1 if paused.seconds or paused.microseconds else 0))
    if not calendar.covers(last):
        raise CalendarRangeError(last.year)
    return calendar.end_of_working_day(last)


# The weekday inside a moment: "08:30 thứ hai, 02/11/2026" ("08:30 Monday, …" in English).
_WEEKDAYS_IN_MOMENT = (
    pgettext_lazy("weekday in a moment", "thứ hai"),
    pgettext_lazy("weekday in a moment", "thứ ba"),
    pgettext_lazy("weekday in a moment", "thứ tư"),
    pgettext_lazy("weekday in a moment", "thứ năm"),
    pgettext_lazy("weekday in a moment", "thứ sáu"),
    pgettext_lazy("weekday in a moment", "thứ bảy"),
    pgettext_lazy("weekday in a moment", "chủ nhật"),
)


def _format_moment(moment: datetime, tz) -> str:
    local = moment.astimezone(tz)
    return f"{local:%H:%M} {_WEEKDAYS_IN_MOMENT[local.weekday()]}, {local:%d/%m/%Y}"


def _format_amount(value: Decimal | int) -> str:
    return number(value)


_SKIP_LABELS = {
    DayKind.WEEKEND: gettext_noop("nghỉ cuối tuần"),
    DayKind.HOLIDAY: gettext_noop("nghỉ lễ, Tết"),
    DayKind.IN_LIEU: gettext_noop("nghỉ bù"),
    DayKind.SWAP_OFF: gettext_noop("nghỉ hoán đổi"),
    DayKind.OVERRIDE_OFF: gettext_noop("nghỉ theo điều chỉnh của cơ quan"),
}


def _day_name(info: DayInfo) -> str:
    """A skipped or worked day's name in the active language."""
    if info.name:
        return day_name(info)
    return _(_SKIP_LABELS[info.kind]) if info.kind in _SKIP_LABELS else ""


def _explain(
    calendar: Calendar,
    received_at: datetime,
    amount: Decimal | int,
    unit: str,
    pauses: Sequence[tuple[datetime, datetime]],
) -> DueExplanation:
    if unit not in TimeUnit.values:
        raise ValueError(_(UNIT_UNKNOWN) % {"unit": unit})
    amount = _as_decimal(amount)
    clock_start, cutoff_applied = calendar.clock_start(received_at)
    due = _due(calendar, received_at, amount, unit, pauses)
    tz = calendar.tz
    first_day = received_at.astimezone(tz).date()
    last_day = due.astimezone(tz).date()
    skipped_days = calendar.non_working_days(first_day, last_day) if due > received_at else []
    start_day = clock_start.astimezone(tz).date()
    worked = [
        calendar.day_info(start_day + timedelta(days=i))
        for i in range((last_day - start_day).days + 1)
    ]
    worked_saturdays = [
        (info.day, info.name)
        for info in worked
        if info.kind in (DayKind.SWAP_WORK, DayKind.OVERRIDE_WORK)
    ]
    explanation = DueExplanation(
        due=due,
        clock_start=clock_start,
        cutoff_applied=cutoff_applied,
        skipped=[(info.day, info.name or _SKIP_LABELS[info.kind]) for info in skipped_days],
        received_at=received_at,
        worked_saturdays=worked_saturdays,
    )
    hours = _working_hours(amount, unit)
    merged: list[tuple[datetime, datetime]] = []
    for a, b in sorted(pauses):
        a = max(a, clock_start)
        if b <= a:
            continue
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    for a, b in merged:
        paused = calendar.between_hours(a, b) if hours is not None else Decimal(0)
        explanation.pauses.append((a, b, paused))

    lines = explanation.lines
    lines.append(_("Tiếp nhận hồ sơ: %(when)s.") % {"when": _format_moment(received_at, tz)})
    if cutoff_applied:
        lines.append(
            _(
                "Tiếp nhận sau %(cutoff)s nên thời hạn được tính từ %(start)s "
                "(Nghị định 118/2025/NĐ-CP, Điều 18)."
            )
            % {
                "cutoff": format_minute(calendar.week.cutoff or 0),
                "start": _format_moment(clock_start, tz),
            }
        )
    elif clock_start != received_at:
        lines.append(
            _("Tiếp nhận ngoài giờ làm việc nên thời hạn được tính từ %(start)s.")
            % {"start": _format_moment(clock_start, tz)}
        )
    limit = _("Thời hạn giải quyết: %(amount)s %(unit)s") % {
        "amount": _format_amount(amount),
        "unit": TimeUnit(unit).label,
    }
    if unit == TimeUnit.WORKING_DAYS:
        limit += _(" (%(hours)s giờ làm việc)") % {"hours": _format_amount(hours)}
    lines.append(limit + ".")
    weekends = [d for d, _r in explanation.skipped if calendar.day_info(d).kind == DayKind.WEEKEND]
    if len(weekends) > 12:
        lines.append(_("Không tính %(n)d ngày nghỉ cuối tuần.") % {"n": len(weekends)})
    elif weekends:
        lines.append(
            _("Không tính %(n)d ngày nghỉ cuối tuần: %(days)s.")
            % {"n": len(weekends), "days": ", ".join(f"{d:%d/%m}" for d in weekends)}
        )
    others = [
        calendar.day_info(d)
        for d, _r in explanation.skipped
        if calendar.day_info(d).kind != DayKind.WEEKEND
    ]
    if others:
        lines.append(
            _("Không tính ngày nghỉ lễ, nghỉ bù: %(days)s.")
            % {"days": "; ".join(f"{i.day:%d/%m/%Y} ({_day_name(i)})" for i in others)}
        )
    if worked_saturdays:
        lines.append(
            _("Có tính ngày làm việc bù hoặc điều chỉnh: %(days)s.")
            % {
                "days": "; ".join(
                    f"{d:%d/%m/%Y} ({_day_name(calendar.day_info(d))})"
                    for d, _r in worked_saturdays
                )
            }
        )
    for a, b, paused_hours in explanation.pauses:
        lines.append(
            _("Không tính thời gian chờ bổ sung hồ sơ từ %(a)s đến %(b)s (%(h)s giờ làm việc).")
            % {
                "a": _format_moment(a, tz),
                "b": _format_moment(b, tz),
                "h": _format_amount(paused_hours.quantize(Decimal("0.01"))),
            }
        )
    lines.append(_("Hạn trả kết quả: %(due)s.") % {"due": _format_moment(due, tz)})
    return explanation
