from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from motcua.office.selectors import nav_counts
from motcua.workdays.units import HOURS_PER_WORKING_DAY

register = template.Library()


@register.filter
def working_time(hours: Decimal | int | float | None) -> str:
    """8.5 → "1 ngày 0 giờ 30 phút làm việc"; negative values are shown as their size."""
    if hours is None:
        return ""
    minutes = abs(round(Decimal(hours) * 60))
    days, rest = divmod(minutes, HOURS_PER_WORKING_DAY * 60)
    h, m = divmod(rest, 60)
    parts = []
    if days:
        parts.append(_("%(n)d ngày") % {"n": days})
    if h:
        parts.append(_("%(n)d giờ") % {"n": h})
    if m or not parts:
        parts.append(_("%(n)d phút") % {"n": m})
    return _("%(time)s làm việc") % {"time": " ".join(parts)}


@register.filter
def is_negative(value) -> bool:
    try:
        return Decimal(value) < 0
    except (TypeError, ArithmeticError, ValueError):
        return False


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag(takes_context=True)
def office_counts(context) -> dict[str, int]:
    """Counts of the work lists for the navigation (cached on the request)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {}
    return nav_counts(request)
