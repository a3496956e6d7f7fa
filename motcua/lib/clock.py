"""The moment an action happens."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now(at: dt.datetime | None = None) -> dt.datetime:
    """``at`` when given (demo data and tests replay the past), else now."""
    return at if at is not None else timezone.now()
