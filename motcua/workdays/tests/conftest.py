from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.workdays import deadlines

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def at(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _fresh_calendars():
    deadlines.clear_cache()
    yield
    deadlines.clear_cache()
