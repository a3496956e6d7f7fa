"""The working calendar as plain data and the arithmetic over it. No database here.

A :class:`Calendar` covers whole years. For every day it knows the office sessions
(empty on a day off) and the cumulative working time before that day, so adding
working time or measuring it between two moments is a binary search plus a walk
over at most a few sessions: O(log n), whatever the amount.

Working time is counted in *clock microseconds inside office sessions*, and one
working hour is one eighth of the standard working day of the calendar
(``HOURS_PER_WORKING_DAY``). With the default sessions 07:30–11:30 and 13:30–17:00
(7 h 30 min of clock time) one working hour is therefore 56 min 15 s of office time,
so that "5 working days" and "40 working hours" always end at the same moment and a
limit in whole days ends at the same time of day as it started.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_noop

from motcua.workdays.units import HOURS_PER_WORKING_DAY

US_PER_SECOND = 1_000_000
US_PER_MINUTE = 60 * US_PER_SECOND
US_PER_DAY = 24 * 60 * US_PER_MINUTE

Session = tuple[int, int]  # start, end in minutes after midnight
Sessions = tuple[Session, ...]

DEFAULT_SESSIONS: Sessions = ((7 * 60 + 30, 11 * 60 + 30), (13 * 60 + 30, 17 * 60))
DEFAULT_CUTOFF = 15 * 60  # Decree 118 Art. 18.2: after 15:00, the next working day

# The calendar is cached per process and shared by every language: names stay Vietnamese
# here and pages translate them when they show them (workdays.names.day_name).
WEEKDAY_NAMES = tuple(
    gettext_noop(name)
    for name in ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
)
SWAP_WORK_FOR = gettext_noop("Làm việc bù cho ngày nghỉ %(day)s")
SWAP_WORK = gettext_noop("Ngày làm việc bù")


class DayKind:
    """Why a day is (not) a working day; shown in the year view and explanations."""

    WORKDAY = "workday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"  # ngày nghỉ lễ, Tết (Labour Code Art. 112)
    IN_LIEU = "in_lieu"  # ngày nghỉ bù (Labour Code Art. 111.3)
    SWAP_OFF = "swap_off"  # ngày nghỉ hoán đổi theo thông báo hằng năm
    SWAP_WORK = "swap_work"  # thứ Bảy làm việc bù
    OVERRIDE_OFF = "override_off"  # ngày nghỉ do quản trị điều chỉnh
    OVERRIDE_WORK = "override_work"  # ngày làm việc do quản trị điều chỉnh

    OFF = frozenset({WEEKEND, HOLIDAY, IN_LIEU, SWAP_OFF, OVERRIDE_OFF})


class SessionFormatError(ValueError):
    pass


_SESSION = re.compile(r"^\s*(\d{1,2})[:hH.](\d{2})\s*[-–—]\s*(\d{1,2})[:hH.](\d{2})\s*$")


def parse_sessions(text: str) -> Sessions:
    """ "07:30-11:30, 13:30-17:00" → ((450, 690), (810, 1020)). Empty text → no session.

    Sessions must be in order, not overlap and stay within the day.
    """
    sessions: list[Session] = []
    for part in re.split(r"[,;\n]", text or ""):
        if not part.strip():
            continue
        match = _SESSION.match(part)
        if not match:
            raise SessionFormatError(part.strip())
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 24 or h2 > 24 or m1 > 59 or m2 > 59:
            raise SessionFormatError(part.strip())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if not 0 <= start < end <= 24 * 60:
            raise SessionFormatError(part.strip())
        if sessions and start < sessions[-1][1]:
            raise SessionFormatError(part.strip())
        sessions.append((start, end))
    return tuple(sessions)


def format_sessions(sessions: Sessions) -> str:
    return ", ".join(f"{format_minute(s)}-{format_minute(e)}" for s, e in sessions)


def format_minute(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@dataclass(frozen=True)
class WeekSpec:
    """Office hours of a calendar: sessions per weekday (Monday = 0) and the daily cut-off."""

    weekdays: tuple[Sessions, ...] = (DEFAULT_SESSIONS,) * 5 + ((), ())
    cutoff: int | None = DEFAULT_CUTOFF  # minutes after midnight; None = no cut-off
    name: str = ""

    @property
    def standard_sessions(self) -> Sessions:
        """A full working day: the longest weekday (also used for swapped Saturdays)."""
        best: Sessions = ()
        for sessions in self.weekdays:
            if _length(sessions) > _length(best):
                best = sessions
        return best or DEFAULT_SESSIONS


def _length(sessions: Sessions) -> int:
    return sum(e - s for s, e in sessions)


@dataclass(frozen=True)
class OverrideSpec:
    """A date whose status an administrator fixed; always wins over everything else."""

    day: date
    working: bool
    sessions: Sessions = ()  # for a working day: empty = the standard sessions
    reason: str = ""


@dataclass(frozen=True)
class HolidayInfo:
    kind: str
    name: str
    paired: date | None = None  # for a Saturday worked in exchange: the day taken off


@dataclass
class DayInfo:
    day: date
    kind: str
    name: str
    sessions: Sessions
    paired: date | None = None  # for a Saturday worked in exchange: the day taken off

    @property
    def is_working(self) -> bool:
        return bool(self.sessions)


SWAP_PREFIX = "Ngày nghỉ (thay cho"


def vietnam_holidays(first_year: int, last_year: int) -> dict[date, HolidayInfo]:
    """Public holidays of Vietnam from the ``holidays`` package, classified.

    Labour Code 2019 Art. 112 (holidays), Art. 111.3 (in-lieu days) and the yearly
    swaps decided by the Prime Minister (the package's special holidays and its
    ``weekend_workdays``: Saturdays that become working days).
    """
    import holidays

    years = range(first_year, last_year + 1)
    with_observed = holidays.country_holidays("VN", years=years, language="vi")
    plain = holidays.country_holidays("VN", years=years, language="vi", observed=False)
    result: dict[date, HolidayInfo] = {}
    for day, name in sorted(with_observed.items()):
        if day in plain:
            kind = DayKind.SWAP_OFF if name.startswith(SWAP_PREFIX) else DayKind.HOLIDAY
        else:
            kind = DayKind.IN_LIEU
        result[day] = HolidayInfo(kind, name)
    for saturday in sorted(getattr(with_observed, "weekend_workdays", ()) or ()):
        if not first_year <= saturday.year <= last_year:
            continue
        marker = saturday.strftime("%d/%m/%Y")
        paired = next((d for d, info in result.items() if marker in info.name), None)
        name = SWAP_WORK if paired is None else SWAP_WORK_FOR % {"day": f"{paired:%d/%m/%Y}"}
        result[saturday] = HolidayInfo(DayKind.SWAP_WORK, name, paired)
    return result


class CalendarRangeError(ValueError):
    """The moment lies outside the years the calendar covers."""

    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year


@dataclass
class Calendar:
    """Immutable working calendar over ``first_year``..``last_year`` in time zone ``tz``."""

    tz: tzinfo
    first_year: int
    last_year: int
    week: WeekSpec
    days: list[DayInfo]
    origin_ordinal: int = 0
    sessions: list[tuple[tuple[int, int], ...]] = field(default_factory=list)  # in µs
    cum: list[int] = field(default_factory=list)
    next_work: list[int] = field(default_factory=list)
    midnights: list[datetime] = field(default_factory=list)
    us_per_hour: int = 0
    cutoff_us: int | None = None
    # The zone's UTC offset if it never changes over the calendar's years (Vietnam since
    # 1975): UTC inputs then convert by one addition instead of a zone lookup.
    fixed_offset_us: int | None = None
    utc_origin: datetime | None = None

    @classmethod
    def build(
        cls,
        *,
        tz: tzinfo,
        first_year: int,
        last_year: int,
        week: WeekSpec | None = None,
        holidays: dict[date, HolidayInfo] | None = None,
        overrides: Iterable[OverrideSpec] = (),
    ) -> Calendar:
        """Lay out every day: overrides win over holidays, which win over the weekly pattern."""
        week = week or WeekSpec()
        if holidays is None:
            holidays = vietnam_holidays(first_year, last_year)
        by_day = {o.day: o for o in overrides}
        standard = week.standard_sessions
        origin = date(first_year, 1, 1)
        ndays = (date(last_year + 1, 1, 1) - origin).days
        days: list[DayInfo] = []
        for index in range(ndays):
            day = origin + timedelta(days=index)
            override = by_day.get(day)
            if override is not None:
                if override.working:
                    info = DayInfo(
                        day,
                        DayKind.OVERRIDE_WORK,
                        override.reason,
                        override.sessions or week.weekdays[day.weekday()] or standard,
                    )
                else:
                    info = DayInfo(day, DayKind.OVERRIDE_OFF, override.reason, ())
            elif (holiday := holidays.get(day)) is not None:
                if holiday.kind == DayKind.SWAP_WORK:
                    info = DayInfo(day, holiday.kind, holiday.name, standard, holiday.paired)
                else:
                    info = DayInfo(day, holiday.kind, holiday.name, ())
            elif week.weekdays[day.weekday()]:
                info = DayInfo(day, DayKind.WORKDAY, "", week.weekdays[day.weekday()])
            else:
                info = DayInfo(day, DayKind.WEEKEND, WEEKDAY_NAMES[day.weekday()], ())
            days.append(info)
        return cls(tz=tz, first_year=first_year, last_year=last_year, week=week, days=days)

    def __post_init__(self) -> None:
        self.origin_ordinal = date(self.first_year, 1, 1).toordinal()
        self.sessions = [
            tuple((s * US_PER_MINUTE, e * US_PER_MINUTE) for s, e in info.sessions)
            for info in self.days
        ]
        cum = [0]
        for day_sessions in self.sessions:
            cum.append(cum[-1] + sum(e - s for s, e in day_sessions))
        self.cum = cum
        n = len(self.days)
        next_work = [n] * (n + 1)
        for index in range(n - 1, -1, -1):
            next_work[index] = index if self.sessions[index] else next_work[index + 1]
        self.next_work = next_work
        origin = datetime(self.first_year, 1, 1, tzinfo=self.tz)
        self.midnights = [origin + timedelta(days=index) for index in range(n + 1)]
        # One working hour = 1/8 of the standard day's office time.
        self.us_per_hour = (
            _length(self.week.standard_sessions) * US_PER_MINUTE // HOURS_PER_WORKING_DAY
        )
        self.cutoff_us = None if self.week.cutoff is None else self.week.cutoff * US_PER_MINUTE
        offsets = {midnight.utcoffset() for midnight in self.midnights[::7]}
        offsets |= {(m + timedelta(hours=12)).utcoffset() for m in self.midnights[::7]}
        if len(offsets) == 1:
            self.fixed_offset_us = offsets.pop() // timedelta(microseconds=1)
            self.utc_origin = datetime(self.first_year, 1, 1, tzinfo=UTC)

    # --- Locating moments -------------------------------------------------------

    def covers(self, day: date) -> bool:
        return self.first_year <= day.year <= self.last_year

    def locate(self, moment: datetime) -> tuple[int, int]:
        """(day index, microseconds after local midnight) of an aware datetime."""
        tz = moment.tzinfo
        if tz is self.tz:
            index = moment.toordinal() - self.origin_ordinal
            us = (
                moment.hour * 3_600_000_000
                + moment.minute * 60_000_000
                + moment.second * 1_000_000
                + moment.microsecond
            )
        elif tz is UTC and self.fixed_offset_us is not None:
            delta = moment - self.utc_origin
            index, us = divmod(
                delta.days * US_PER_DAY
                + delta.seconds * 1_000_000
                + delta.microseconds
                + self.fixed_offset_us,
                US_PER_DAY,
            )
        elif tz is None:
            raise ValueError("naive datetime")
        else:
            return self.locate(moment.astimezone(self.tz))
        if not 0 <= index < len(self.days):
            raise CalendarRangeError(moment.year)
        return index, us

    def moment(self, index: int, us: int) -> datetime:
        return self.midnights[index] + timedelta(microseconds=us)

    def position(self, index: int, us: int) -> int:
        """Working time (clock µs inside sessions) from the calendar's start to the moment."""
        position = self.cum[index]
        for start, end in self.sessions[index]:
            if us <= start:
                break
            position += (us if us < end else end) - start
        return position

    def position_of(self, moment: datetime) -> int:
        return self.position(*self.locate(moment))

    def at_position(self, target: int) -> tuple[int, int]:
        """The earliest moment at which ``target`` working time has elapsed (target > 0).

        A target that exactly completes a day gives the end of that day's last session,
        not the start of the next working day.
        """
        cum = self.cum
        index = bisect_left(cum, target) - 1
        if index >= len(self.days):
            raise CalendarRangeError(self.last_year + 1)
        if index < 0:
            index = self.next_work[0]
            if index >= len(self.days):
                raise CalendarRangeError(self.last_year + 1)
            return index, self.sessions[index][0][0]
        rest = target - cum[index]
        for start, end in self.sessions[index]:
            if rest <= end - start:
                return index, start + rest
            rest -= end - start
        raise AssertionError("cumulative table out of step")  # pragma: no cover

    # --- Arithmetic -------------------------------------------------------------

    def hours_to_us(self, hours: Decimal | int) -> int:
        if isinstance(hours, int):
            return hours * self.us_per_hour
        value = Decimal(hours) * self.us_per_hour
        return int(value.to_integral_value(rounding=ROUND_HALF_UP))

    def us_to_hours(self, us: int) -> Decimal:
        return Decimal(us) / Decimal(self.us_per_hour)

    def add_us(self, start: datetime, amount: int) -> datetime:
        """``start`` plus ``amount`` µs of working time (the fast path)."""
        if amount == 0:
            return start
        if amount < 0:
            raise ValueError("negative amount")
        index, us = self.locate(start)
        return self.moment(*self.at_position(self.position(index, us) + amount))

    def add_hours(self, start: datetime, hours: Decimal | int) -> datetime:
        return self.add_us(start, self.hours_to_us(hours))

    def add_many(self, starts: Sequence[datetime], amounts: Sequence[int]) -> list[datetime]:
        """:meth:`add_us` over many (start, amount > 0) pairs: the same arithmetic, inlined.

        For batch jobs (recomputing every open dossier after a calendar change) and the
        benchmark.
        """
        tz, origin, cum, sessions = self.tz, self.origin_ordinal, self.cum, self.sessions
        midnights, ndays = self.midnights, len(self.days)
        offset, utc_origin = self.fixed_offset_us, self.utc_origin
        deltas: dict[int, timedelta] = {}
        out: list[datetime] = []
        append = out.append
        for start, amount in zip(starts, amounts, strict=True):
            if amount <= 0:
                if amount < 0:
                    raise ValueError("negative amount")
                append(start)
                continue
            if start.tzinfo is tz:
                index = start.toordinal() - origin
                us = (
                    start.hour * 3_600_000_000
                    + start.minute * 60_000_000
                    + start.second * 1_000_000
                    + start.microsecond
                )
            elif start.tzinfo is UTC and offset is not None:
                delta = start - utc_origin
                index, us = divmod(
                    delta.days * US_PER_DAY
                    + delta.seconds * 1_000_000
                    + delta.microseconds
                    + offset,
                    US_PER_DAY,
                )
            else:
                index, us = self.locate(start)
            if not 0 <= index < ndays:
                raise CalendarRangeError(start.year)
            target = cum[index] + amount
            for s, e in sessions[index]:
                if us <= s:
                    break
                target += (us if us < e else e) - s
            day = bisect_left(cum, target, index) - 1
            if day >= ndays:
                raise CalendarRangeError(self.last_year + 1)
            rest = target - cum[day]
            for s, e in sessions[day]:
                if rest <= e - s:
                    # Due moments cluster on a few times of day (17:00 above all):
                    # build each offset once per batch.
                    offset_us = s + rest
                    delta = deltas.get(offset_us)
                    if delta is None:
                        delta = deltas[offset_us] = timedelta(0, 0, offset_us)
                    append(midnights[day] + delta)
                    break
                rest -= e - s
        return out

    def add_hours_naive(self, start: datetime, hours: Decimal | int) -> datetime:
        """The same result as :meth:`add_hours`, the straightforward way: date by date.

        Asks the calendar about each date in turn and consumes its office sessions
        until the amount is used up. Kept as the reference for tests and the benchmark.
        """
        rest = self.hours_to_us(hours)
        if rest == 0:
            return start
        local = start.astimezone(self.tz)
        day = local.date()
        us = (local - datetime.combine(day, time(0), self.tz)) // timedelta(microseconds=1)
        while True:
            for s, e in self.day_info(day).sessions:
                s, e = s * US_PER_MINUTE, e * US_PER_MINUTE
                if us >= e:
                    continue
                begin = max(us, s)
                if rest <= e - begin:
                    return datetime.combine(day, time(0), self.tz) + timedelta(
                        microseconds=begin + rest
                    )
                rest -= e - begin
            day += timedelta(days=1)
            us = 0

    def between_us(self, a: datetime, b: datetime) -> int:
        return self.position_of(b) - self.position_of(a)

    def between_hours(self, a: datetime, b: datetime) -> Decimal:
        return self.us_to_hours(self.between_us(a, b))

    def is_working_day(self, day: date) -> bool:
        index = day.toordinal() - self.origin_ordinal
        if not 0 <= index < len(self.days):
            raise CalendarRangeError(day.year)
        return bool(self.sessions[index])

    def day_info(self, day: date) -> DayInfo:
        index = day.toordinal() - self.origin_ordinal
        if not 0 <= index < len(self.days):
            raise CalendarRangeError(day.year)
        return self.days[index]

    def next_working_position(self, index: int, us: int) -> tuple[int, int]:
        """The moment itself if inside a session, else the start of the next session."""
        for start, end in self.sessions[index]:
            if us < start:
                return index, start
            if us < end:
                return index, us
        following = self.next_work[index + 1]
        if following >= len(self.days):
            raise CalendarRangeError(self.last_year + 1)
        return following, self.sessions[following][0][0]

    def next_working_moment(self, moment: datetime) -> datetime:
        index, us = self.locate(moment)
        new_index, new_us = self.next_working_position(index, us)
        if (new_index, new_us) == (index, us):
            return moment
        return self.moment(new_index, new_us)

    def clock_start(self, received: datetime) -> tuple[datetime, bool]:
        """When the time limit of a dossier received at ``received`` starts to run.

        Decree 118 Art. 17.3 (from the receipt of the complete dossier) and Art. 18.2
        (after the daily cut-off, 15:00 by default, from the next working day).
        Returns the moment and whether the cut-off moved it.
        """
        index, us = self.locate(received)
        if self.cutoff_us is not None and self.sessions[index] and us > self.cutoff_us:
            following = self.next_work[index + 1]
            if following >= len(self.days):
                raise CalendarRangeError(self.last_year + 1)
            return self.moment(following, self.sessions[following][0][0]), True
        new_index, new_us = self.next_working_position(index, us)
        if (new_index, new_us) == (index, us):
            return received, False
        return self.moment(new_index, new_us), False

    def end_of_working_day(self, day: date) -> datetime:
        """End of office hours of ``day`` or, if it is not a working day, of the next one.

        Civil Code 2015 Art. 148.2.
        """
        index = day.toordinal() - self.origin_ordinal
        if not 0 <= index < len(self.days):
            raise CalendarRangeError(day.year)
        following = self.next_work[index]
        if following >= len(self.days):
            raise CalendarRangeError(self.last_year + 1)
        return self.moment(following, self.sessions[following][-1][1])

    def non_working_days(self, first: date, last: date) -> list[DayInfo]:
        lo = max(first.toordinal() - self.origin_ordinal, 0)
        hi = min(last.toordinal() - self.origin_ordinal, len(self.days) - 1)
        return [self.days[i] for i in range(lo, hi + 1) if not self.sessions[i]]


def merge_intervals(
    intervals: Sequence[tuple[int, int]],
) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(intervals):
        if hi <= lo:
            continue
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged
