"""Keeping personal data off public pages (architecture rule 5).

Filers often type their phone number, e-mail or ID number into the text of a
complaint. Published text goes through :func:`redact` before it is stored for the
public, and public templates redact again with the ``redact`` filter.
"""

from __future__ import annotations

import re

MASK = "[đã ẩn]"
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(\.[\w\-]+)+", re.UNICODE)
# Runs of digits (with spaces, dots, dashes or a leading +) long enough to be a phone
# number, an ID card number (9 or 12 digits) or a tax code.
_DIGITS = re.compile(r"\+?\d[\d\s.\-()]{6,}\d")


def _mask_digits(match: re.Match[str]) -> str:
    text = match.group(0)
    return MASK if sum(ch.isdigit() for ch in text) >= 9 else text


def redact(text: str) -> str:
    text = _EMAIL.sub(MASK, text or "")
    return _DIGITS.sub(_mask_digits, text)
