"""The calendar as pages show it: the year view shared by the public page and the admin."""

from __future__ import annotations

import calendar as stdlib_calendar
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from motcua.workdays import deadlines
from motcua.workdays.calendar import DayInfo, DayKind, format_sessions
from motcua.workdays.names import day_name

WEEKDAY_SHORT = [
    (_("T2"), _("Thứ Hai")),
    (_("T3"), _("Thứ Ba")),
    (_("T4"), _("Thứ Tư")),
    (_("T5"), _("Thứ Năm")),
    (_("T6"), _("Thứ Sáu")),
    (_("T7"), _("Thứ Bảy")),
    (_("CN"), _("Chủ nhật")),
]

# kind → (css class, marker, label); the marker keeps the grid readable without colour.
LEGEND = {
    DayKind.HOLIDAY: ("holiday", pgettext_lazy("calendar marker", "L"), _("Ngày nghỉ lễ, Tết")),
    DayKind.IN_LIEU: ("in-lieu", pgettext_lazy("calendar marker", "B"), _("Ngày nghỉ bù")),
    DayKind.SWAP_OFF: ("swap-off", pgettext_lazy("calendar marker", "H"), _("Ngày nghỉ hoán đổi")),
    DayKind.SWAP_WORK: (
        "swap-work",
        pgettext_lazy("calendar marker", "LB"),
        _("Thứ Bảy làm việc bù"),
    ),
    DayKind.OVERRIDE_OFF: (
        "override-off",
        pgettext_lazy("calendar marker", "ĐC"),
        _("Ngày nghỉ do quản trị điều chỉnh"),
    ),
    DayKind.OVERRIDE_WORK: (
        "override-work",
        pgettext_lazy("calendar marker", "ĐC"),
        _("Ngày làm việc do quản trị điều chỉnh"),
    ),
    DayKind.WEEKEND: ("weekend", "", _("Ngày nghỉ cuối tuần")),
    DayKind.WORKDAY: ("workday", "", _("Ngày làm việc")),
}


def public_years() -> range:
    """Years shown to citizens: the seeded window around today."""
    year = timezone.localdate().year
    return range(year - deadlines.YEARS_AROUND, year + deadlines.YEARS_AROUND + 1)


@dataclass
class Cell:
    info: DayInfo
    css: str
    marker: str
    label: str
    is_today: bool = False
    name: str = ""

    @property
    def day(self) -> date:
        return self.info.day

    @property
    def hours(self) -> str:
        return format_sessions(self.info.sessions)


@dataclass
class Month:
    number: int
    name: str
    weeks: list[list[Cell | None]]


@dataclass
class YearView:
    year: int
    months: list[Month]
    notable: list[Cell] = field(default_factory=list)
    working_days: int = 0
    standard_hours: str = ""
    cutoff: str = ""


def year_view(year: int, *, agency=None) -> YearView:
    calendar = deadlines.calendar_for(agency, year=year)
    today = timezone.localdate()
    months: list[Month] = []
    notable: list[Cell] = []
    working = 0
    for month in range(1, 13):
        weeks: list[list[Cell | None]] = []
        for week in stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            row: list[Cell | None] = []
            for day in week:
                if day.month != month:
                    row.append(None)
                    continue
                info = calendar.day_info(day)
                css, marker, label = LEGEND[info.kind]
                cell = Cell(
                    info, css, str(marker), str(label), is_today=day == today, name=day_name(info)
                )
                row.append(cell)
                working += bool(info.sessions)
                if info.kind not in (DayKind.WEEKEND, DayKind.WORKDAY):
                    notable.append(cell)
            weeks.append(row)
        months.append(Month(month, gettext("Tháng %(n)d") % {"n": month}, weeks))
    cutoff = calendar.week.cutoff
    return YearView(
        year=year,
        months=months,
        notable=notable,
        working_days=working,
        standard_hours=format_sessions(calendar.week.standard_sessions),
        cutoff="" if cutoff is None else f"{cutoff // 60:02d}:{cutoff % 60:02d}",
    )


def legend() -> list[tuple[str, str, str]]:
    return [LEGEND[kind] for kind in LEGEND]
