"""Names of days in the language of the page.

The calendar is cached per process and shared by every language, so its names stay
Vietnamese (from the ``holidays`` package, the weekday names, the swaps' notes); they are
translated here when a page or an explanation shows them.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils.translation import get_language, gettext

from motcua.workdays.calendar import SWAP_WORK, SWAP_WORK_FOR, DayInfo, DayKind


@lru_cache(maxsize=16)
def _english_holidays(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("VN", years=year, language="en_US"))


def day_name(info: DayInfo) -> str:
    """The name of a day in the active language.

    The cached calendar keeps Vietnamese names (from the ``holidays`` package and the
    weekday names); names typed by an administrator are shown as they were typed.
    """
    if not info.name or info.kind in (DayKind.OVERRIDE_OFF, DayKind.OVERRIDE_WORK):
        return info.name
    if (get_language() or settings.LANGUAGE_CODE).startswith("vi"):
        return info.name
    if info.kind == DayKind.SWAP_WORK:
        if info.paired is None:
            return gettext(SWAP_WORK)
        return gettext(SWAP_WORK_FOR) % {"day": f"{info.paired:%d/%m/%Y}"}
    if info.kind == DayKind.WEEKEND:
        return gettext(info.name)
    return _english_holidays(info.day.year).get(info.day, info.name)
