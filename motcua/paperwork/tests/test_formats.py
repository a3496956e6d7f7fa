from __future__ import annotations

import datetime as dt
import re

from hypothesis import given
from hypothesis import strategies as st

from motcua.paperwork import formats
from motcua.testing import VN


def test_dates_follow_decree_30():
    assert formats.document_date(dt.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert formats.document_date(dt.date(2026, 11, 23)) == "ngày 23 tháng 11 năm 2026"
    assert formats.document_date(dt.date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"
    assert formats.document_date(None) == "ngày …… tháng …… năm ……"


def test_moments_are_local_hours_and_minutes():
    utc = dt.datetime(2026, 11, 2, 1, 5, tzinfo=dt.UTC)  # 08:05 in Hà Nội
    assert formats.moment(utc) == "08 giờ 05 phút, ngày 02 tháng 11 năm 2026"
    assert formats.moment(dt.datetime(2026, 1, 3, 16, 30, tzinfo=VN)) == (
        "16 giờ 30 phút, ngày 03 tháng 01 năm 2026"
    )
    assert formats.short_moment(utc) == "08:05 02/11/2026"
    assert formats.amount(5) == "05"
    assert formats.amount(1.5) == "1,5"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)))
def test_every_date_reads_back(day):
    text = formats.document_date(day)
    match = re.fullmatch(r"ngày (\d{2}) tháng (\d{1,2}) năm (\d{4})", text)
    assert match, text
    assert dt.date(int(match[3]), int(match[2]), int(match[1])) == day
    # Decree 30: two digits for months 1 and 2 only.
    assert len(match[2]) == (2 if day.month <= 2 or day.month >= 10 else 1)


@given(st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1)))
def test_every_moment_is_the_local_time(naive):
    moment = naive.replace(tzinfo=dt.UTC)
    local = moment.astimezone(VN)
    text = formats.moment(moment)
    match = re.fullmatch(r"(\d{2}) giờ (\d{2}) phút, ngày (\d{2}) tháng (\d{2}) năm (\d{4})", text)
    assert match, text
    assert tuple(int(g) for g in match.groups()) == (
        local.hour,
        local.minute,
        local.day,
        local.month,
        local.year,
    )
