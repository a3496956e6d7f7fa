"""Tracking codes of PAKN: ``PA-{yymmdd}-{6 random characters}``, e.g. ``PA-261123-K7M2QX``.

The public tracking page shows only the status and the published answer, so the code
alone is the lookup key; the random part (about 7.3 × 10^8 values a day) keeps codes
from being enumerated. The alphabet leaves out 0/O and 1/I/L, which people misread.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from django.utils import timezone

PREFIX = "PA"
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RANDOM_LENGTH = 6
_SHAPE = re.compile(rf"^{PREFIX}-\d{{6}}-[{ALPHABET}]{{{RANDOM_LENGTH}}}$")


def new_code(received_at: dt.datetime) -> str:
    day = timezone.localdate(received_at)
    suffix = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return f"{PREFIX}-{day:%y%m%d}-{suffix}"


def normalize(value: str) -> str:
    """What people type ("pa 261123 k7m2qx ") → ``PA-261123-K7M2QX``; '' if it cannot be a code."""
    text = re.sub(r"[\s\-_.]+", "", (value or "")[:60]).upper()
    if len(text) != len(PREFIX) + 6 + RANDOM_LENGTH or not text.startswith(PREFIX):
        return ""
    code = f"{text[:2]}-{text[2:8]}-{text[8:]}"
    return code if _SHAPE.match(code) else ""
