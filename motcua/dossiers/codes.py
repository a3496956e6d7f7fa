"""Dossier codes (mã số hồ sơ), Decree 118 Art. 28.

``{agency identifier}-{yymmdd}-{daily sequence}``, e.g. ``H15.50.05.13-261123-0001``.
The sequence is per agency identifier and day (Asia/Ho_Chi_Minh), four digits (it
simply grows to five past 9,999). It is drawn by one atomic upsert on
``DailySequence`` inside the intake transaction: concurrent intakes serialise on that
row, and a rolled-back intake rolls its number back, so numbers have no gaps.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

from motcua.dossiers.models import DailySequence

_UPSERT = (
    "INSERT INTO {table} (agency_id, day, last) VALUES (%s, %s, 1) "
    "ON CONFLICT (agency_id, day) DO UPDATE SET last = {table}.last + 1 "
    "RETURNING last"
)


def next_number(agency_id: int, day: dt.date) -> int:
    """The next number of the day for the agency (call inside a transaction)."""
    table = connection.ops.quote_name(DailySequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            _UPSERT.format(table=table), [agency_id, connection.ops.adapt_datefield_value(day)]
        )
        return cursor.fetchone()[0]


def format_code(agency_code: str, day: dt.date, number: int) -> str:
    return f"{agency_code}-{day:%y%m%d}-{number:04d}"


def issue_code(agency, received_at: dt.datetime) -> str:
    day = timezone.localdate(received_at)
    return format_code(agency.code, day, next_number(agency.pk, day))
