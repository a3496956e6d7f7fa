"""Formatting the Vietnamese way: 1.500.000 đồng, 7,5 giờ."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


def group_thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


@register.filter
def vnd(value) -> str:
    """150000 → "150.000 đồng"; None or garbage → ""."""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return ""
    return f"{group_thousands(amount)} đồng"


@register.filter
def number(value) -> str:
    """Thousands with dots and a decimal comma: 1234.5 → "1.234,5"."""
    try:
        decimal = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    sign = "-" if decimal < 0 else ""
    decimal = abs(decimal).normalize()
    whole = int(decimal)
    fraction = f"{decimal:f}".split(".")[1] if "." in f"{decimal:f}" else ""
    return sign + group_thousands(whole) + ("," + fraction if fraction else "")
