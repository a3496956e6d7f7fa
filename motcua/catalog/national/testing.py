"""Real records of the shipped national data set, by code, for tests and benchmarks."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from django.conf import settings

DETAIL_FILE = "procedures-province-commune.jsonl.gz"
LIST_FILES = ("danh-sach-tthc-BoTuPhap.xlsx", "danh-sach-tthc-BoXayDung.xlsx")


def national_data_dir() -> Path:
    """``$MOTCUA_NATIONAL_DATA``, else ``shared/data/national-procedures`` beside the clone."""
    configured = os.environ.get("MOTCUA_NATIONAL_DATA")
    if configured:
        return Path(configured)
    return Path(settings.BASE_DIR).parent / "shared" / "data" / "national-procedures"


@cache
def shipped_records() -> tuple[dict, ...]:
    from motcua.catalog.national.reader import read_records

    return tuple(read_records(national_data_dir() / DETAIL_FILE))


def shipped_record(code: str) -> dict:
    """The shipped detail record with this code (a copy, safe to change)."""
    for record in shipped_records():
        if record["ma_thu_tuc"] == code:
            return dict(record)
    raise KeyError(code)
