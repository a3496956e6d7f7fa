"""Numbers and amounts in the active language: 1.500.000 đồng, 7,5 in Vietnamese;
1,500,000 VND, 7.5 in English. The ``vnd`` and ``number`` template filters and every
``__str__`` or message that shows an amount use these functions."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import get_language
from django.utils.translation import gettext as _


def _separators() -> tuple[str, str]:
    """(thousands, decimal) separators: Vietnamese writes 1.234,5; English 1,234.5."""
    language = get_language() or "vi"
    return (",", ".") if language.startswith("en") else (".", ",")


def group_thousands(value: int) -> str:
    return f"{value:,}".replace(",", _separators()[0])


def vnd(value) -> str:
    """150000 → "150.000 đồng" ("150,000 VND" in English); None or garbage → ""."""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return ""
    return _("%(amount)s đồng") % {"amount": group_thousands(amount)}


def number(value) -> str:
    """Thousands grouped and the decimal mark of the language: 1234.5 → "1.234,5"."""
    try:
        decimal = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    sign = "-" if decimal < 0 else ""
    decimal = abs(decimal).normalize()
    whole = int(decimal)
    fraction = f"{decimal:f}".split(".")[1] if "." in f"{decimal:f}" else ""
    return sign + group_thousands(whole) + (_separators()[1] + fraction if fraction else "")
