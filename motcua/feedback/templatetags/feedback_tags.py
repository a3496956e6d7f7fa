from __future__ import annotations

from django import template

from motcua.feedback.privacy import redact as _redact

register = template.Library()


@register.filter
def redact(value: str) -> str:
    """Mask phone numbers, e-mails and ID numbers in text shown to the public."""
    return _redact(str(value or ""))
