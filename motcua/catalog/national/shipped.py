"""The national procedure data shipped in ``data/`` (see its README): where it is, and its
records by code for the demo, tests and benchmarks."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from motcua.catalog.national.reader import read_records

DETAIL_FILE = "procedures-province-commune.jsonl.gz"
LIST_FILES = ("danh-sach-tthc-BoTuPhap.xlsx", "danh-sach-tthc-BoXayDung.xlsx")
SHIPPED_DIR = Path(__file__).resolve().parent / "data"


def national_data_dir() -> Path:
    """``$MOTCUA_NATIONAL_DATA`` (a folder with files of the same names), else the shipped copy."""
    configured = os.environ.get("MOTCUA_NATIONAL_DATA")
    if configured:
        return Path(configured)
    return SHIPPED_DIR


def national_detail_file() -> Path:
    """The detail records: ``$MOTCUA_NATIONAL_DATA`` may also name the file itself."""
    configured = national_data_dir()
    return configured if configured.is_file() else configured / DETAIL_FILE


@cache
def shipped_records() -> tuple[dict, ...]:
    return tuple(read_records(national_detail_file()))


def shipped_record(code: str) -> dict:
    """The shipped detail record with this code (a copy, safe to change)."""
    for record in shipped_records():
        if record["ma_thu_tuc"] == code:
            return dict(record)
    raise KeyError(code)
