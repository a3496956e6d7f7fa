"""Vietnamese date and time wording on official documents."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone


def _local(value: dt.datetime | dt.date) -> dt.datetime | dt.date:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def document_date(value: dt.date | dt.datetime | None) -> str:
    """ "ngày 05 tháng 02 năm 2026", "ngày 23 tháng 11 năm 2026".

    Decree 30/2020/NĐ-CP Appendix I §II.5: days below 10 and the months 1 and 2 take a
    leading zero; other months do not.
    """
    if not isinstance(value, dt.date):
        return "ngày …… tháng …… năm ……"
    value = _local(value)
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def moment(value: dt.datetime | None) -> str:
    """ "08 giờ 05 phút, ngày 23 tháng 11 năm 2026" (the time fields of Circular 01/2018 form 01)."""
    if not isinstance(value, dt.datetime):
        return "…… giờ …… phút, ngày …… tháng …… năm ……"
    value = _local(value)
    return (
        f"{value.hour:02d} giờ {value.minute:02d} phút, "
        f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"
    )


def short_date(value: dt.date | dt.datetime | None) -> str:
    """ "23/11/2026" for tables."""
    if not isinstance(value, dt.date):
        return ""
    return f"{_local(value):%d/%m/%Y}"


def short_moment(value: dt.datetime | None) -> str:
    """ "08:05 23/11/2026" for tables."""
    if not isinstance(value, dt.datetime):
        return ""
    return f"{_local(value):%H:%M %d/%m/%Y}"


def amount(value: Decimal | int | None) -> str:
    """5 → "05", 1.5 → "1,5" (the customary two digits of day counts on forms)."""
    if value is None or value == "":
        return "……"
    value = Decimal(value).normalize()
    if value == value.to_integral_value():
        return f"{int(value):02d}"
    return f"{value:f}".replace(".", ",")
